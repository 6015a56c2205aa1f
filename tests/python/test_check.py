"""ks.check: every problem, never an exception for bad input; the same errors ks.load raises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kubesim as ks
from conftest import fixture_dir, yaml_blocks

SEED_002_BLOCK = 28  # the line the DaemonSet example starts on in the lecture note

GOOD_POD = """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
"""


def seed_002(seeds: Path) -> str:
    blocks = dict(yaml_blocks((seeds / "002_bb2e281db99ee2f2.txt").read_text(encoding="utf-8")))
    return blocks[SEED_002_BLOCK]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_seed_002_gets_both_problems_with_fixes(seeds: Path, lang: str) -> None:
    report = ks.check(seed_002(seeds), lang=lang)
    assert not report.ok
    assert [(d.code, d.line, d.column, d.path) for d in report.diagnostics] == [
        ("unknown-field", 7, 5, "spec.selector.matchLables"),
        ("misplaced-field", 9, 5, "spec.selector.template"),
    ]
    typo, misplaced = report.diagnostics
    assert "matchLabels" in typo.hint
    assert "selector:" in misplaced.hint
    assert ("column 3" if lang == "en" else "3번째 열") in misplaced.hint
    if lang == "ko":
        assert re.search("[가-힣]", typo.message)
        assert re.search("[가-힣]", misplaced.hint)


def test_report_surface() -> None:
    clean = ks.check(GOOD_POD)
    assert clean.ok
    assert bool(clean)
    assert (clean.diagnostics, clean.errors, clean.warnings, clean.codes) == ([], [], [], [])
    assert repr(clean) == "<Report ok=True errors=0 warnings=0>"
    assert str(clean) == "0 errors, 0 warnings"
    report = ks.check(
        GOOD_POD.replace("nginx:1.27", "nginx").replace("spec:\n", "spec:\n  nodeName: 3\n")
    )
    assert not report
    assert len(report) == 2
    assert report.codes == ["type-error", "image-latest"]
    assert [d.severity for d in report.errors] == ["error"]
    assert [d.code for d in report.warnings] == ["image-latest"]
    d = report.to_dict()
    assert (d["ok"], d["errors"], d["warnings"], len(d["diagnostics"])) == (False, 1, 1, 2)
    assert d["diagnostics"][0] == report.diagnostics[0].to_dict()


def test_str_is_compiler_style() -> None:
    report = ks.check(GOOD_POD.replace("image: nginx:1.27", "image: nginx:1.27\n    imagee: x"))
    assert str(report).splitlines() == [
        '<input>:8:5: error[unknown-field]: spec.containers[0].imagee: unknown field "imagee"',
        "  = hint: did you mean `image`? Rename `imagee:` to `image:`",
        "1 error, 0 warnings",
    ]


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: [1, 2\n", "yaml-syntax", 2),
        ("a:\n\tb: 1\n", "yaml-syntax", 2),
        ("name: {{ .Values.name }}\n", "template-not-yaml", 1),
        ("a: 1\na: 2\n", "duplicate-key", 2),
        ("- 1\n- 2\n", "not-an-object", 1),
        (
            "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\n",
            "removed-api-version",
            1,
        ),
        (GOOD_POD.replace("name: web}", "name: web, labels: {on: off}}"), "type-error", 3),
        (
            GOOD_POD.replace(
                "image: nginx:1.27", "image: nginx:1.27\n    ports: {containerPort: 80}"
            ),
            "type-error",
            8,
        ),
        (
            GOOD_POD.replace("  containers:", "  restartPolicy: always\n  containers:"),
            "restart-policy",
            5,
        ),
    ],
)
def test_errors_have_code_and_line(text: str, code: str, line: int) -> None:
    report = ks.check(text)
    first = report.errors[0]
    assert (first.code, first.line) == (code, line), str(report)
    assert first.message


def test_yaml11_booleans_where_text_belongs_are_errors_with_a_quote_hint() -> None:
    report = ks.check(GOOD_POD.replace("name: web}", "name: web, labels: {enabled: on}}"))
    [d] = report.errors
    assert d.code == "type-error"
    assert d.path == "metadata.labels[enabled]"
    assert '"on"' in d.hint


def test_load_raises_exactly_the_errors_check_finds(seeds: Path) -> None:
    text = seed_002(seeds)
    with pytest.raises(ks.ManifestError) as info:
        ks.load(text)
    report = ks.check(text)
    assert [str(d) for d in info.value.diagnostics] == [str(d) for d in report.errors]


def test_warnings_do_not_block_loading() -> None:
    text = GOOD_POD.replace("nginx:1.27", "nginx")
    assert [d.code for d in ks.check(text).warnings] == ["image-latest"]
    [pod] = ks.load(text)
    assert pod.name == "web"


def test_language_per_call_and_global() -> None:
    text = GOOD_POD.replace("image:", "imagee:")
    assert ks.get_lang() == "en"
    assert "unknown field" in ks.check(text).errors[0].message
    assert "알 수 없는 필드" in ks.check(text, lang="ko").errors[0].message
    ks.set_lang("ko")
    try:
        assert ks.get_lang() == "ko"
        assert "알 수 없는 필드" in ks.check(text).errors[0].message
        with pytest.raises(ks.ManifestError, match="알 수 없는 필드"):
            ks.load(text)
        assert "unknown field" in ks.check(text, lang="en").errors[0].message
    finally:
        ks.set_lang("en")
    with pytest.raises(ValueError, match="lang"):
        ks.set_lang("fr")


def test_sources_of_every_kind(tmp_path: Path) -> None:
    f = tmp_path / "pod.yaml"
    f.write_text(GOOD_POD)
    assert ks.check(f).ok
    assert ks.check(str(f)).ok
    assert ks.check(tmp_path).ok
    assert ks.check(GOOD_POD.encode()).ok
    assert (
        ks.check(
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "p"},
                "spec": {"containers": []},
            }
        ).codes[0]
        == "containers-required"
    )
    assert ks.check(b"\xff\xfe").codes == ["not-utf8"]
    assert ks.check(tmp_path / "missing.yaml").codes == ["unreadable-file"]


def test_real_world_corpus_has_no_false_alarms(real_world: Path) -> None:
    from test_corpus import BROKEN_REAL_WORLD

    for f in sorted(real_world.glob("*.y*ml")):
        report = ks.check(f)
        expected = BROKEN_REAL_WORLD.get(f.name)
        if expected is None:
            assert report.ok, str(report)
        else:
            first = report.errors[0]
            assert (first.code, first.line) == expected, str(report)
            assert first.hint


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data: bytes) -> None:
    report = ks.check(data)
    assert all(d.code and d.message for d in report.diagnostics)


def _mutations() -> st.SearchStrategy[tuple[int, list[tuple[int, int, str]]]]:
    edit = st.tuples(
        st.integers(0, 5000),
        st.integers(0, 6),
        st.text(alphabet="-: ab1[]{}\"'\n#&*\t", max_size=5),
    )
    return st.tuples(st.integers(0, 100), st.lists(edit, min_size=1, max_size=5))


@settings(max_examples=150, deadline=None)
@given(_mutations())
def test_mutated_real_manifests_never_raise(
    mutation: tuple[int, list[tuple[int, int, str]]],
) -> None:
    files = sorted(fixture_dir("real-world").glob("*.y*ml"))
    pick, edits = mutation
    text = files[pick % len(files)].read_text(encoding="utf-8")
    for at, cut, insert in edits:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + cut :]
    report = ks.check(text)
    assert all(d.code and d.message for d in report.diagnostics)
    if report.ok:
        ks.load(text)
    else:
        with pytest.raises(ks.ManifestError):
            ks.load(text)
