//! `kubectl explain RESOURCE[.field.path] [--recursive]` from the v1.36 schema table and
//! its descriptions (src/manifest/schema), in the layout of kubectl's plaintext explain
//! template (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl).

use super::error::{suggest, KubectlError};
use super::resource::ResourceType;
use crate::manifest::schema::{self, Struct, Ty};

/// How kubectl names a field's type: `<string>`, `<integer>`, `<[]Container>`,
/// `<map[string]string>`, `<ObjectMeta>`.
fn type_name(ty: &Ty) -> String {
    match ty {
        Ty::Str | Ty::Time | Ty::Bytes => "string".into(),
        Ty::Bool => "boolean".into(),
        Ty::Int32 | Ty::Int64 => "integer".into(),
        Ty::Float => "number".into(),
        Ty::Quantity => "Quantity".into(),
        Ty::IntOrString => "IntOrString".into(),
        Ty::Any => "Object".into(),
        Ty::Struct(s) => s.name.into(),
        Ty::List(inner) => format!("[]{}", type_name(inner)),
        Ty::Map(inner) => format!("map[string]{}", type_name(inner)),
    }
}

/// Words of `text` in lines of at most `width` characters, each indented by `indent`.
fn wrap(text: &str, width: usize, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for paragraph in text.split("\n\n") {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                out.push_str(&format!("{pad}{line}\n"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            out.push_str(&format!("{pad}{line}\n"));
        }
        out.push_str(&format!("{pad}\n"));
    }
    out
}

/// The (apiVersion, kind, schema) a resource word names: kubectl's names and short names
/// for the kinds kubesim simulates, else any kind of the schema table by kind or plural.
fn resolve(word: &str) -> Result<(&'static str, &'static str, &'static Struct), KubectlError> {
    let lower = word.to_ascii_lowercase();
    let kind = match ResourceType::parse(&lower) {
        Ok(r) if r != ResourceType::All => Some(r.kind().to_ascii_lowercase()),
        _ => None,
    };
    let roots = schema::roots();
    let found = roots.iter().find(|(_, k, _)| {
        let k = k.to_ascii_lowercase();
        kind.as_deref() == Some(k.as_str()) || lower == k || lower == format!("{k}s")
    });
    match found {
        Some((v, k, s)) => Ok((v, k, s)),
        None => {
            let err = KubectlError::new(
                format!("the server doesn't have a resource type \"{word}\""),
                format!("서버에 \"{word}\"라는 리소스 종류가 없습니다"),
            );
            let names: Vec<String> = roots
                .iter()
                .map(|(_, k, _)| k.to_ascii_lowercase())
                .collect();
            Err(match suggest(&lower, names.iter().map(String::as_str)) {
                Some(s) => err.with_hint(
                    format!("did you mean \"{s}\"?"),
                    format!("\"{s}\"를 입력하려던 것인가요?"),
                ),
                None => err,
            })
        }
    }
}

fn header(api_version: &str, kind: &str) -> String {
    match api_version.split_once('/') {
        Some((group, version)) => {
            format!("GROUP:      {group}\nKIND:       {kind}\nVERSION:    {version}\n\n")
        }
        None => format!("KIND:       {kind}\nVERSION:    {api_version}\n\n"),
    }
}

/// A struct's fields by name, as kubectl explain lists them.
fn sorted(s: &'static Struct) -> Vec<&'static crate::manifest::schema::Field> {
    let mut fields: Vec<_> = s.fields.iter().collect();
    fields.sort_by_key(|f| f.name);
    fields
}

fn fields_section(s: &'static Struct, recursive: bool) -> String {
    let mut out = String::from("FIELDS:\n");
    if recursive {
        recursive_fields(s, 1, &mut Vec::new(), &mut out);
        return out;
    }
    for f in sorted(s) {
        out.push_str(&format!("  {}\t<{}>\n", f.name, type_name(&f.ty)));
        if !f.doc.is_empty() {
            out.push_str(&wrap(f.doc, 76, 4));
        }
        out.push('\n');
    }
    out
}

/// `--recursive`: every field below, indented two spaces per level (each type once per
/// branch, so self-referencing types such as JSONSchemaProps end).
fn recursive_fields(
    s: &'static Struct,
    level: usize,
    seen: &mut Vec<&'static str>,
    out: &mut String,
) {
    seen.push(s.name);
    for f in sorted(s) {
        out.push_str(&format!(
            "{}{}\t<{}>\n",
            "  ".repeat(level),
            f.name,
            type_name(&f.ty)
        ));
        if let Some(inner) = schema::element_struct(&f.ty) {
            if !seen.contains(&inner.name) {
                recursive_fields(inner, level + 1, seen, out);
            }
        }
    }
    seen.pop();
}

/// `kubectl explain PATH [--recursive]`: `PATH` is `RESOURCE` or `RESOURCE.field.field`.
pub fn explain(path: &str, recursive: bool) -> Result<String, KubectlError> {
    let mut parts = path.split('.');
    let resource = parts.next().unwrap_or("");
    let (api_version, kind, root) = resolve(resource)?;
    let fields: Vec<&str> = parts.filter(|p| !p.is_empty()).collect();
    let mut out = header(api_version, kind);
    let Some((last, parents)) = fields.split_last() else {
        out.push_str("DESCRIPTION:\n");
        out.push_str(&wrap(root.doc, 76, 4));
        out.push_str(&fields_section(root, recursive));
        return Ok(out);
    };
    let mut current = root;
    let mut walked = Vec::new();
    for name in parents.iter().chain(std::iter::once(last)) {
        let Some(field) = current.field(name) else {
            let at = if walked.is_empty() {
                kind.to_ascii_lowercase()
            } else {
                format!("{}.{}", kind.to_ascii_lowercase(), walked.join("."))
            };
            let err = KubectlError::new(
                format!("field \"{name}\" does not exist"),
                format!("{at}에 \"{name}\" 필드가 없습니다"),
            );
            return Err(match suggest(name, current.field_names()) {
                Some(s) => err.with_hint(
                    format!(
                        "did you mean \"{s}\"? {at} has: {}",
                        current.field_names().collect::<Vec<_>>().join(", ")
                    ),
                    format!(
                        "\"{s}\"를 입력하려던 것인가요? {at}의 필드: {}",
                        current.field_names().collect::<Vec<_>>().join(", ")
                    ),
                ),
                None => err.with_hint(
                    format!(
                        "{at} has: {}",
                        current.field_names().collect::<Vec<_>>().join(", ")
                    ),
                    format!(
                        "{at}의 필드: {}",
                        current.field_names().collect::<Vec<_>>().join(", ")
                    ),
                ),
            });
        };
        walked.push(*name);
        if *name == *last {
            out.push_str(&format!(
                "FIELD: {} <{}>\n\n",
                field.name,
                type_name(&field.ty)
            ));
            out.push_str("DESCRIPTION:\n");
            out.push_str(&wrap(field.doc, 76, 4));
            if let Some(inner) = schema::element_struct(&field.ty) {
                if !inner.doc.is_empty() && !recursive {
                    out.push_str(&wrap(inner.doc, 76, 4));
                }
                out.push_str(&fields_section(inner, recursive));
            }
            return Ok(out);
        }
        match schema::element_struct(&field.ty) {
            Some(inner) => current = inner,
            None => {
                return Err(KubectlError::new(
                    format!(
                        "field \"{}\" has no fields: it is <{}>",
                        name,
                        type_name(&field.ty)
                    ),
                    format!(
                        "\"{}\" 필드는 <{}> 값이라 하위 필드가 없습니다",
                        name,
                        type_name(&field.ty)
                    ),
                ))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_a_kind_with_its_fields() {
        let text = explain("deploy", false).unwrap();
        assert!(text.starts_with("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nDESCRIPTION:\n    Deployment enables declarative updates for Pods and ReplicaSets.\n"), "{text}");
        assert!(text.contains("FIELDS:\n  apiVersion\t<string>\n"), "{text}");
        assert!(text.contains("  metadata\t<ObjectMeta>\n"), "{text}");
        assert!(text.contains("  spec\t<DeploymentSpec>\n"), "{text}");
        let pod = explain("pods", false).unwrap();
        assert!(
            pod.starts_with("KIND:       Pod\nVERSION:    v1\n"),
            "{pod}"
        );
    }

    #[test]
    fn explains_a_field_path() {
        let text = explain("deployment.spec.replicas", false).unwrap();
        assert!(
            text.contains("FIELD: replicas <integer>\n\nDESCRIPTION:\n    Number of desired pods."),
            "{text}"
        );
        let containers = explain("pod.spec.containers", false).unwrap();
        assert!(
            containers.contains("FIELD: containers <[]Container>"),
            "{containers}"
        );
        assert!(containers.contains("  image\t<string>\n"), "{containers}");
        let cm = explain("configmap.data", false).unwrap();
        assert!(cm.contains("FIELD: data <map[string]string>"), "{cm}");
        for line in explain("deploy.spec", true).unwrap().lines().skip(5) {
            assert!(line.len() < 200, "{line}");
        }
    }

    #[test]
    fn mistakes_name_what_exists() {
        let err = explain("deployment.spec.replica", false).unwrap_err();
        assert_eq!(err.message.en, "field \"replica\" does not exist");
        assert!(err.hint.unwrap().en.contains("\"replicas\""));
        assert!(explain("deployment.spec.replicas.x", false).is_err());
        assert!(explain("frobs", false).is_err());
        assert!(explain("ingress", false)
            .unwrap()
            .contains("KIND:       Ingress"));
    }

    #[test]
    fn long_descriptions_wrap_at_eighty_columns() {
        let text = explain("pod.metadata.name", false).unwrap();
        // Only a single word too long for a line (a URL) may pass the 80th column.
        assert!(
            text.lines()
                .all(|l| l.len() <= 80 || !l.trim().contains(' ')),
            "{text}"
        );
        assert!(
            text.lines().filter(|l| l.starts_with("    ")).count() > 2,
            "{text}"
        );
    }
}
