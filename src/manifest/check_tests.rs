use super::*;

const SEED_002: &str = "\
apiVersion: apps/v1     # apiVersion: apps/v1
kind: DaemonSet         # kind: ReplicaSet
metadata:               # metadata:
  name: my-daemonset    #   name: my-replicaset
spec:                   # spec:
  selector:             #   selector:
    matchLables:        #     matchLabels:
      app: my-app       #       app: my-app
    template:           #   template:
      metadata:         #     metadata:
        labels:         #       label:
          app: my-app   #         app: my-app
      spec:             #     spec:
        containers:     #       containers:
        - name: nginx   #       - name: nginx-controller
          image: nginx  #         image: nginx
";

#[test]
fn seed_002_gets_both_problems() {
    let report = check_text(SEED_002, "seed.yaml");
    println!("{}", report.render(Lang::En));
    println!("{}", report.render(Lang::Ko));
}

#[test]
fn seed_002_problems_are_on_their_lines_with_fixes_in_both_languages() {
    let report = check_text(SEED_002, "seed.yaml");
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.pos.line, d.pos.column, d.path.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("unknown-field", 7, 5, "spec.selector.matchLables"),
            ("misplaced-field", 9, 5, "spec.selector.template"),
        ],
        "{}",
        report.render(Lang::En)
    );
    let [typo, misplaced] = &report.diagnostics[..] else {
        unreachable!()
    };
    let hint = typo.hint.as_ref().unwrap();
    assert!(hint.en.contains("`matchLabels`") && hint.ko.contains("`matchLabels`"));
    let hint = misplaced.hint.as_ref().unwrap();
    assert!(
        hint.en.contains("column 3") && hint.en.contains("`selector:`"),
        "{}",
        hint.en
    );
    assert!(hint.ko.contains("3번째 열"), "{}", hint.ko);
    assert!(misplaced.message.en.contains("belongs to `spec`"));
    // Fixing both makes the DaemonSet valid (warnings aside).
    let fixed = SEED_002
        .replace("matchLables", "matchLabels")
        .replace("    template:  ", "  template:    ")
        .replace("\n      ", "\n    ");
    let fixed = fixed.replace(
        "\n    app: my-app       #       app",
        "\n      app: my-app       #       app",
    );
    let report = check_text(&fixed, "fixed.yaml");
    assert!(report.ok(), "{}", report.render(Lang::En));
}

#[test]
fn load_fails_with_exactly_the_errors_check_finds() {
    let texts = [
        SEED_002,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: three\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: nginx}]}\n",
        "a: [1\n",
    ];
    for text in texts {
        let report = check_text(text, "t.yaml");
        let errors: Vec<_> = report.errors().cloned().collect();
        match crate::manifest::load::load_text(text, "t.yaml") {
            Ok(objects) => {
                assert!(errors.is_empty(), "{text}");
                assert!(!objects.is_empty());
            }
            Err(Error::Manifest(d)) => assert_eq!(d, errors, "{text}"),
            Err(other) => panic!("{other}"),
        }
    }
}

#[test]
fn reports_count_and_render() {
    let report = check_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: nginx}]}\n", "p.yaml");
    assert!(report.ok());
    assert_eq!(report.errors().count(), 0);
    assert!(report.warnings().count() >= 1);
    let text = report.render(Lang::En);
    assert!(text.starts_with("p.yaml:4:"), "{text}");
    assert!(text.ends_with("0 errors, 3 warnings"), "{text}");
    assert!(report.render(Lang::Ko).ends_with("오류 0개, 경고 3개"));
    let unreadable = check_path(Path::new("/nonexistent/kubesim.yaml"));
    assert_eq!(unreadable.diagnostics[0].code, "unreadable-file");
}

/// The real-world corpus, tests/fixtures/real-world/ (sources and licenses in its
/// SOURCES.md). It is part of the repository: a missing or unreadable file fails the test.
fn real_world() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-world");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() > 40, "{}: {} files", dir.display(), files.len());
    files
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.display().to_string(), text)
        })
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let report = check_text(&text, "random");
        // Every diagnostic is located and worded in both languages.
        for d in &report.diagnostics {
            proptest::prop_assert!(!d.message.en.is_empty() && !d.message.ko.is_empty());
        }
    }

    #[test]
    fn mutated_real_manifests_never_panic_and_explain_errors(
        pick in 0usize..64,
        edits in proptest::collection::vec((0usize..4000, 0usize..8, "[-: a-zA-Z0-9\\[\\]{}\"'\\n\\t#&*]{0,6}"), 1..6),
    ) {
        let files = real_world();
        let (_, text) = &files[pick % files.len()];
        let mut text = text.clone();
        for (at, cut, insert) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) { at -= 1; }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            text.replace_range(at..end.max(at), &insert);
        }
        let report = check_text(&text, "mutated.yaml");
        for d in report.errors() {
            proptest::prop_assert!(!d.message.en.is_empty() && !d.message.ko.is_empty(), "{d}");
            proptest::prop_assert!(d.pos.line >= 1 || d.file != "mutated.yaml" || d.pos.line == 0);
        }
        // load agrees with check.
        let loaded = crate::manifest::load::load_text(&text, "mutated.yaml");
        proptest::prop_assert_eq!(loaded.is_ok(), report.ok());
    }
}

#[test]
fn no_valid_real_world_file_gets_an_error() {
    // Broken on purpose (see tests/python/test_corpus.py), with the error each must get.
    let broken = [
        (
            "website-controllers-job-pod-failure-policy-ignore.yaml",
            "yaml-syntax",
            24,
        ),
        (
            "kubernetes-addons-kube-proxy-ds.yaml",
            "template-not-yaml",
            37,
        ),
        (
            "fluent-bit-elasticsearch-fluent-bit-ds.yaml",
            "removed-api-version",
            1,
        ),
        (
            "website-application-job-cronjob.yaml",
            "removed-api-version",
            1,
        ),
        ("website-pods-pod-with-node-affinity.yaml", "type-error", 8),
        (
            "website-controllers-job-success-policy-example.yaml",
            "missing-name",
            1,
        ),
    ];
    let files = real_world();
    for (name, text) in &files {
        let report = check_text(text, name);
        match broken.iter().find(|(b, ..)| name.ends_with(b)) {
            Some((_, code, line)) => {
                let d = report.errors().next().expect("an error");
                assert_eq!((d.code, d.pos.line), (*code, *line), "{name}: {d}");
                assert!(d.hint.is_some(), "{name}: {d}");
            }
            None => assert!(report.ok(), "{}", report.render(Lang::En)),
        }
    }
}
