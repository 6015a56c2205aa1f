//! `--dry-run=client -o yaml|json|name` against the real kubectl's output.
//!
//! tests/fixtures/kubectl-dry-run/commands.txt holds one command a line; `NN.out` is what
//! kubectl v1.32 printed for line NN (it prints client dry runs without a cluster). The
//! simulator must print the same text; where /usr/bin/kubectl exists, the fixtures are
//! checked against it too, so they cannot drift from the real thing.

use std::path::{Path, PathBuf};
use std::process::Command;

use kubesim::kubectl::split_words;
use kubesim::sim::engine::{Cluster, ClusterConfig};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kubectl-dry-run")
}

fn cases() -> Vec<(usize, String, String)> {
    let dir = fixtures();
    let text = std::fs::read_to_string(dir.join("commands.txt")).expect("commands.txt");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let n = i + 1;
            let expected = std::fs::read_to_string(dir.join(format!("{n:02}.out")))
                .unwrap_or_else(|e| panic!("{n:02}.out: {e}"));
            (n, line.to_string(), expected)
        })
        .collect()
}

#[test]
fn client_dry_runs_print_what_kubectl_prints() {
    let cases = cases();
    assert!(cases.len() >= 20, "too few cases: {}", cases.len());
    for (n, line, expected) in cases {
        let mut c = Cluster::new(ClusterConfig::default()).unwrap();
        let before = c.store.len();
        let out = c.kubectl(&line).unwrap_or_else(|e| {
            panic!(
                "line {n}: {line}: {}",
                e.render(kubesim::manifest::diagnostic::Lang::En)
            )
        });
        assert_eq!(out, expected, "line {n}: {line}");
        assert_eq!(
            c.store.len(),
            before,
            "line {n}: a dry run stored something"
        );
    }
}

#[test]
fn fixtures_match_the_real_kubectl_when_it_is_installed() {
    let kubectl = Path::new("/usr/bin/kubectl");
    if !kubectl.exists() {
        // Without kubectl the fixtures stand on their own (the test above uses them).
        return;
    }
    for (n, line, expected) in cases() {
        let words = split_words(&line).unwrap();
        let out = Command::new(kubectl)
            .args(&words)
            .env("KUBECONFIG", "/nonexistent")
            .output()
            .expect("run kubectl");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            expected,
            "line {n}: {line}"
        );
    }
}
