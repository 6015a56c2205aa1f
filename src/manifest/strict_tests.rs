use super::*;
use crate::manifest::parse::{parse_stream, Limits};

fn run(text: &str) -> Outcome {
    let docs = parse_stream(text, &Limits::default()).expect("parses");
    let root = &docs[0].root;
    let api_version = root.get("apiVersion").and_then(Node::as_str).unwrap_or("");
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
    check_object(root, schema::root(api_version, kind), Some(text))
}

fn first(text: &str) -> Diagnostic {
    run(text)
        .diagnostics
        .into_iter()
        .next()
        .expect("a diagnostic")
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: busybox:1.36\n";

#[test]
fn a_valid_pod_has_nothing_to_report() {
    let out = run(POD);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert!(out.tainted.is_empty());
    assert_eq!(
        out.cleaned["spec"]["containers"][0]["image"],
        "busybox:1.36"
    );
}

#[test]
fn type_errors_name_what_was_expected_and_how_to_fix_it() {
    // (text appended to the container, code, message part, hint part)
    let rows = [
        (
            "    ports: [{containerPort: \"80\"}]\n",
            "type-error",
            "expected an integer (int32), but found the string \"80\"",
            "remove the quotes",
        ),
        (
            "    ports: {containerPort: 80}\n",
            "type-error",
            "expected a list",
            "start each item with `- `",
        ),
        (
            "    command: echo hi\n",
            "type-error",
            "expected a list",
            "`- echo hi`",
        ),
        (
            "    env: [{name: A, value: 8080}]\n",
            "type-error",
            "expected a string",
            "\"8080\"",
        ),
        (
            "    env: [{name: A, value: yes}]\n",
            "type-error",
            "boolean yes",
            "YAML 1.1",
        ),
        (
            "    stdin: \"true\"\n",
            "type-error",
            "expected true or false",
            "without quotes",
        ),
        (
            "    resources: {limits: {memory: 1GB}}\n",
            "invalid-quantity",
            "quantities must match",
            "`Mi`",
        ),
        (
            "    ports: [{containerPort: 99999999999}]\n",
            "type-error",
            "out of range for an int32",
            "",
        ),
        (
            "    securityContext:\n    - runAsUser: 1\n",
            "type-error",
            "expected a mapping (SecurityContext)",
            "remove the `- `",
        ),
    ];
    for (extra, code, message, hint) in rows {
        let d = first(&format!("{POD}{extra}"));
        assert_eq!(d.code, code, "{extra}: {d}");
        assert!(d.message.en.contains(message), "{extra}: {}", d.message.en);
        let h = d.hint.as_ref().map_or("", |h| h.en.as_str());
        assert!(h.contains(hint), "{extra}: {h}");
        assert!(!d.message.ko.is_empty() && d.hint.as_ref().is_none_or(|h| !h.ko.is_empty()));
    }
}

#[test]
fn a_type_error_on_a_block_collection_points_at_its_key() {
    let d = first(&format!("{POD}    ports:\n      containerPort: 80\n"));
    assert_eq!((d.pos.line, d.pos.column), (8, 5), "{d}");
}

#[test]
fn unknown_fields_get_the_closest_name() {
    let d = first(&POD.replace("image:", "imagee:"));
    assert_eq!(d.code, "unknown-field");
    assert_eq!(d.path, "spec.containers[0].imagee");
    assert!(
        d.hint.as_ref().unwrap().en.contains("did you mean `image`"),
        "{d}"
    );
    let d = first(&POD.replace("image:", "Image:"));
    assert!(
        d.hint.as_ref().unwrap().en.contains("`image`"),
        "field names are case-sensitive: {d}"
    );
    let d = first(&POD.replace("metadata: {name: p}", "metadata: {name: p, zzz: 1}"));
    assert!(d.hint.as_ref().unwrap().en.contains("ObjectMeta"), "{d}");
}

#[test]
fn misplaced_fields_say_where_they_belong() {
    // `image` written beside `containers` belongs inside a container.
    let d = first(&format!("{POD}  image: nginx\n"));
    assert_eq!(d.code, "misplaced-field", "{d}");
    assert!(d.message.en.contains("`spec.containers[*]`"), "{d}");
    // `replicas` at the top of a Deployment belongs under spec.
    let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nreplicas: 3\n";
    let d = first(deploy);
    assert_eq!((d.code, d.pos.line), ("misplaced-field", 4));
    assert!(d.hint.as_ref().unwrap().en.contains("under `spec:`"), "{d}");
}

#[test]
fn without_a_schema_only_metadata_is_checked() {
    let cr = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, lables: {a: b}}\nspec: {anything: [1, 2], flag: on}\n";
    let out = run(cr);
    let codes: Vec<_> = out
        .diagnostics
        .iter()
        .map(|d| (d.code, d.severity))
        .collect();
    assert_eq!(
        codes,
        vec![
            (
                "unknown-field",
                crate::manifest::diagnostic::Severity::Error
            ),
            (
                "yaml11-boolean",
                crate::manifest::diagnostic::Severity::Warning
            )
        ]
    );
}

#[test]
fn source_tokens_are_quoted_as_written() {
    let text = "a: \"x, y\"\nb: 1.10 # c\nc: [on, off]\n";
    let pos = |line, column| Pos { line, column };
    assert_eq!(source_token(text, pos(1, 4)), Some("\"x, y\""));
    assert_eq!(source_token(text, pos(2, 4)), Some("1.10"));
    assert_eq!(source_token(text, pos(3, 5)), Some("on"));
    assert_eq!(source_token(text, pos(9, 1)), None);
    assert_eq!(source_token(text, pos(0, 0)), None);
}
