"""The pytest plugin, run with pytester: fixtures, markers, scores, and the exact shapes of
Gradescope's results.json and GitHub Classroom's grader result."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

import kubesim as ks

pytest_plugins = ["pytester"]

STRICT_INI = """\
[pytest]
addopts = --strict-markers --strict-config
filterwarnings = error
"""

DAEMONSET = """\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
spec:
  selector:
    matchLabels: {app: node-exporter}
  template:
    metadata:
      labels: {app: node-exporter}
    spec:
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.2
"""

TYPOS = DAEMONSET.replace("matchLabels", "matchLables")

GRADED = """\
import pytest
from kubesim.grading import partial, points

@points(2)
def test_passes():
    '''It passes'''

@points(3)
def test_fails():
    assert 1 + 1 == 3, "arithmetic is hard"

@points(4)
def test_partial():
    partial(1.5, "one part right")

@points(1, visibility="hidden")
def test_hidden():
    raise ValueError("secret")

@points(2, name="Custom name", number="7.1", tags=["style"])
def test_named(credit):
    credit.deduct(0.5, "missing labels")

@points(1)
def test_skipped():
    pytest.skip("not graded")

@points(1, visibility="after_due_date")
@pytest.mark.parametrize("n", [1, 2])
def test_param(n):
    assert n == 1

def test_unmarked():
    pass
"""

GRADESCOPE_TOP = {
    "score",
    "execution_time",
    "output",
    "output_format",
    "test_output_format",
    "test_name_format",
    "tests",
}
GRADESCOPE_TEST = {"score", "max_score", "status", "name", "number", "output", "tags", "visibility"}
CLASSROOM_TOP = {"version", "status", "max_score", "tests"}
CLASSROOM_TEST = {
    "name",
    "status",
    "score",
    "message",
    "test_code",
    "filename",
    "line_no",
    "duration",
}


@pytest.fixture(autouse=True)
def _restore_lang():
    lang = ks.get_lang()
    yield
    ks.set_lang(lang)


@pytest.fixture
def strict(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".ini", pytest=STRICT_INI)
    return pytester


def test_inert_without_options_or_markers(strict: pytest.Pytester) -> None:
    strict.makepyfile(test_plain="def test_one():\n    assert True\n")
    result = strict.runpytest()
    result.assert_outcomes(passed=1)
    assert "kubesim grading" not in result.stdout.str()
    assert sorted(p.name for p in strict.path.iterdir() if p.name != ".pytest_cache") == [
        "pytest.ini",
        "test_plain.py",
    ]


def test_plugin_module_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import kubesim.pytest_plugin; "
        "print(sorted(m for m in ('kubesim.grading', 'kubesim.testing') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_markers_are_registered(strict: pytest.Pytester) -> None:
    result = strict.runpytest("--markers")
    out = result.stdout.str()
    assert "@pytest.mark.points(value" in out
    assert "@pytest.mark.cluster(workers=3" in out


def test_gradescope_results_field_for_field(strict: pytest.Pytester) -> None:
    strict.makepyfile(test_graded=GRADED)
    result = strict.runpytest("--kubesim-gradescope", "out/results.json")
    result.assert_outcomes(passed=4, failed=4, skipped=1)
    doc = json.loads((strict.path / "out" / "results.json").read_text())
    assert set(doc) == GRADESCOPE_TOP
    assert isinstance(doc["execution_time"], (int, float))
    assert not isinstance(doc["execution_time"], bool)
    assert doc["output_format"] == doc["test_output_format"] == doc["test_name_format"] == "text"
    assert "leaderboard" not in doc
    for t in doc["tests"]:
        assert set(t) == GRADESCOPE_TEST
        assert isinstance(t["number"], str)
        assert t["status"] in ("passed", "failed")
    rows = [
        (t["number"], t["name"], t["score"], t["max_score"], t["status"], t["visibility"])
        for t in doc["tests"]
    ]
    assert rows == [
        ("1", "It passes", 2, 2, "passed", "visible"),
        ("2", "fails", 0, 3, "failed", "visible"),
        ("3", "partial", 1.5, 4, "failed", "visible"),
        ("4", "hidden", 0, 1, "failed", "hidden"),
        ("7.1", "Custom name", 1.5, 2, "failed", "visible"),
        ("7", "param [1]", 1, 1, "passed", "after_due_date"),
        ("8", "param [2]", 0, 1, "failed", "after_due_date"),
        ("9", "unmarked", 0, 0, "passed", "visible"),
    ]
    by_number = {t["number"]: t for t in doc["tests"]}
    assert by_number["2"]["output"].startswith("arithmetic is hard")
    assert by_number["3"]["output"] == "one part right"
    assert by_number["4"]["output"] == "ValueError: secret"
    assert by_number["7.1"]["output"] == "-0.5: missing labels"
    assert by_number["7.1"]["tags"] == ["style"]
    assert by_number["1"]["output"] == ""
    assert doc["score"] == 2 + 1.5 + 1.5 + 1
    assert doc["output"].startswith("Score: 6/14 (")
    assert "def test_fails" not in json.dumps(doc), "no traceback, no test code"
    assert "kubesim grading" in result.stdout.str()


def test_classroom_result_field_for_field(
    strict: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    strict.makepyfile(test_graded=GRADED)
    github_output = strict.path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(github_output))
    strict.runpytest("--kubesim-classroom")
    doc = json.loads((strict.path / "autograding_output" / "results.json").read_text())
    assert set(doc) == CLASSROOM_TOP
    assert doc["version"] == 1
    assert doc["status"] == "fail"
    assert doc["max_score"] == 2 + 3 + 4 + 1 + 2 + 1 + 1
    for t in doc["tests"]:
        assert set(t) == CLASSROOM_TEST
        assert t["status"] in ("pass", "fail")
        assert isinstance(t["duration"], int)
        assert t["filename"] == "test_graded.py"
        assert t["line_no"] > 0
    scores = [(t["name"], t["score"], t["status"]) for t in doc["tests"]]
    assert scores[:3] == [("It passes", 2, "pass"), ("fails", 0, "fail"), ("partial", 1.5, "fail")]
    # The reporter adds up the real per-test scores.
    assert sum(t["score"] for t in doc["tests"]) == 6
    hidden = next(t for t in doc["tests"] if t["name"] == "hidden")
    assert hidden["message"] is None
    [line] = github_output.read_text().splitlines()
    key, _, value = line.partition("=")
    assert key == "result"
    assert json.loads(base64.b64decode(value)) == doc


def test_classroom_all_pass(strict: pytest.Pytester) -> None:
    strict.makepyfile(
        test_ok="from kubesim.grading import points\n@points(5)\ndef test_a():\n    pass\n"
    )
    strict.runpytest("--kubesim-classroom=cr.json")
    doc = json.loads((strict.path / "cr.json").read_text())
    assert doc["status"] == "pass"
    assert doc["max_score"] == 5
    assert doc["tests"][0]["score"] == 5
    assert doc["tests"][0]["message"] is None


def test_equal_weights_without_points(strict: pytest.Pytester) -> None:
    strict.makepyfile(test_plain="def test_a():\n    pass\ndef test_b():\n    assert False\n")
    strict.runpytest("--kubesim-gradescope", "r.json")
    doc = json.loads((strict.path / "r.json").read_text())
    assert [(t["score"], t["max_score"]) for t in doc["tests"]] == [(1, 1), (0, 1)]


def test_settings_from_the_ini_file(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".ini",
        pytest=STRICT_INI
        + "kubesim_submission = student\nkubesim_gradescope = out/r.json\nkubesim_lang = ko\n"
        + "kubesim_visibility = after_due_date\n",
    )
    (pytester.path / "student").mkdir()
    (pytester.path / "student" / "daemonset.yaml").write_text(DAEMONSET)
    pytester.makepyfile(
        test_sub="""
        from kubesim.grading import points

        @points(1)
        def test_file(submission):
            assert submission.file("daemonset.yaml").name == "daemonset.yaml"

        @points(1)
        def test_missing(submission):
            submission.file("service.yaml")
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    doc = json.loads((pytester.path / "out" / "r.json").read_text())
    assert doc["visibility"] == "after_due_date"
    assert doc["output"].startswith("점수: 1/2")
    assert (
        doc["tests"][1]["output"]
        == "제출물에 service.yaml 파일이 없습니다. 제출된 파일: daemonset.yaml"
    )


def test_command_line_wins_over_ini(pytester: pytest.Pytester) -> None:
    pytester.makefile(".ini", pytest=STRICT_INI + "kubesim_gradescope = ini.json\n")
    pytester.makepyfile(test_a="def test_a():\n    pass\n")
    pytester.runpytest("--kubesim-gradescope", "cli.json")
    assert (pytester.path / "cli.json").exists()
    assert not (pytester.path / "ini.json").exists()


def test_collection_error_still_writes_results(strict: pytest.Pytester) -> None:
    strict.makepyfile(test_broken="import no_such_module\n")
    strict.runpytest("--kubesim-gradescope", "r.json", "--kubesim-classroom", "c.json")
    doc = json.loads((strict.path / "r.json").read_text())
    assert doc["score"] == 0
    assert doc["tests"] == []
    assert "no_such_module" in doc["output"]
    classroom = json.loads((strict.path / "c.json").read_text())
    assert classroom["status"] == "error"


def test_submission_fixture(strict: pytest.Pytester) -> None:
    student = strict.path / "kim"
    (student / "extra").mkdir(parents=True)
    (student / "node-exporter.yml").write_text(DAEMONSET)
    (student / "extra" / "broken.yaml").write_text(TYPOS)
    (student / "notes.txt").write_text("not a manifest")
    strict.makepyfile(
        test_sub="""
        import pytest

        def test_names(submission):
            assert submission.names == ["extra/broken.yaml", "node-exporter.yml"]

        def test_yaml_and_yml(submission):
            assert submission.file("node-exporter.yaml").name == "node-exporter.yml"
            assert submission.file("broken.yaml").name == "broken.yaml"

        def test_objects(submission):
            [ds] = submission.objects(kind="daemonset", file="node-exporter.yaml")
            assert ds.name == "node-exporter"
            assert ds.spec.template.spec.containers[0].image_pull_policy == "IfNotPresent"

        def test_object_wrong_kind(submission):
            submission.object("Deployment", file="node-exporter.yaml")

        def test_assert_valid(submission):
            submission.assert_valid()

        def test_objects_of_broken(submission):
            submission.objects()
        """
    )
    result = strict.runpytest("--submission", str(student), "-rf")
    result.assert_outcomes(passed=3, failed=3)
    out = result.stdout.str()
    assert "expected a Deployment; the submission has: DaemonSet node-exporter" in out
    # Line-numbered diagnostics, relative to the submission, with hints.
    assert (
        'extra/broken.yaml:7:5: error[unknown-field]: spec.selector.matchLables: unknown field "matchLables"'
        in out
    )
    assert "did you mean `matchLabels`?" in out
    failures = out.split("short test summary")[0]
    assert str(student) + "/" not in failures
    assert "During handling" not in failures


def test_submission_required(strict: pytest.Pytester) -> None:
    strict.makepyfile(test_sub="def test_a(submission):\n    pass\n")
    result = strict.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*no submission to grade: run pytest with --submission PATH*"])


def test_manifest_errors_are_reported_without_traceback(strict: pytest.Pytester) -> None:
    (strict.path / "s").mkdir()
    (strict.path / "s" / "ds.yaml").write_text(TYPOS)
    strict.makepyfile(
        test_apply="""
        from kubesim.grading import points

        @points(2)
        def test_apply(submission, cluster):
            cluster.apply(submission.file("ds.yaml"))
        """
    )
    strict.runpytest("--submission", "s", "--kubesim-gradescope", "r.json")
    [t] = json.loads((strict.path / "r.json").read_text())["tests"]
    assert t["output"].startswith("ds.yaml:7:5: error[unknown-field]")
    assert "Traceback" not in t["output"]
    assert "cluster.apply" not in t["output"]


def test_cluster_marker_and_clock(strict: pytest.Pytester) -> None:
    strict.makepyfile(
        test_marker_clock="""
        import pytest
        from datetime import timedelta

        def test_default(cluster):
            assert cluster.node_names() == ["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"]

        @pytest.mark.cluster(workers=1, seed=7, nodes=[{"name": "gpu-1", "labels": {"hardware": "gpu"}}, "extra"])
        def test_marker(cluster):
            assert cluster.node_names() == ["extra", "gpu-1", "kind-control-plane", "kind-worker"]
            assert cluster.get("node/gpu-1").labels["hardware"] == "gpu"

        @pytest.mark.cluster(start="2026-03-01T00:00:00Z")
        def test_clock(cluster, clock):
            assert clock.now.isoformat() == "2026-03-01T00:00:00+00:00"
            clock.advance("90s")
            assert clock.elapsed == timedelta(seconds=90)
            clock.advance_to("2026-03-01T01:00:00Z")
            assert cluster.now.isoformat() == "2026-03-01T01:00:00+00:00"
            with pytest.raises(ValueError, match="before the clock"):
                clock.advance_to("2026-01-01T00:00:00Z")

        def test_fresh(cluster):
            assert cluster.pods() == []
        """
    )
    strict.runpytest().assert_outcomes(passed=4)


def test_points_marker_validated(strict: pytest.Pytester) -> None:
    strict.makepyfile(
        test_bad="""
        import pytest

        @pytest.mark.points(-1)
        def test_a():
            pass
        """
    )
    result = strict.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*points must be a number >= 0, not -1*"])


def test_points_decorator_validates() -> None:
    from kubesim.grading import points

    with pytest.raises(ValueError, match="visibility must be one of"):
        points(1, visibility="secret")
    with pytest.raises(ValueError, match="points must be a number"):
        points(True)


def test_assertrepr_explains_node_sets(strict: pytest.Pytester) -> None:
    (strict.path / "s").mkdir()
    (strict.path / "s" / "ds.yaml").write_text(DAEMONSET)
    strict.makepyfile(
        test_nodes="""
        from kubesim.testing import nodes_of, pod_count

        def test_nodes(submission, cluster):
            cluster.apply(submission.file("ds.yaml"))
            cluster.run()
            assert nodes_of(cluster, "daemonset/node-exporter") == set(cluster.node_names())

        def test_count(cluster):
            cluster.apply(\"\"\"
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: nginx}]}
        \"\"\")
            cluster.run()
            assert pod_count(cluster, "replicaset/web", ready=True) == 3
        """
    )
    result = strict.runpytest("--submission", "s")
    result.assert_outcomes(failed=2)
    out = result.stdout.str()
    assert "expected: a pod of daemonset/node-exporter on each of 4 node(s)" in out
    assert (
        "kind-control-plane: the node has the taint node-role.kubernetes.io/control-plane:NoSchedule "
        "and the DaemonSet's pods do not tolerate it"
    ) in out
    assert "replicaset/web: ready pods == 3" in out
    assert "the simulation: 2 ready pods" in out


def test_korean_messages(strict: pytest.Pytester) -> None:
    (strict.path / "s").mkdir()
    (strict.path / "s" / "ds.yaml").write_text(DAEMONSET)
    strict.makepyfile(
        test_ko="""
        from kubesim.testing import assert_runs_on_every_node

        def test_ko(submission, cluster):
            cluster.apply(submission.file("ds.yaml"))
            cluster.run()
            assert_runs_on_every_node(cluster, "daemonset/node-exporter")
        """
    )
    result = strict.runpytest_subprocess("--submission", "s", "--kubesim-lang", "ko")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "기대한 결과:" in out
    assert "노드에 node-role.kubernetes.io/control-plane:NoSchedule taint가 있고" in out


def test_terminal_summary_and_local_run(strict: pytest.Pytester) -> None:
    strict.makepyfile(test_graded=GRADED)
    result = strict.runpytest()
    result.stdout.fnmatch_lines(
        [
            "*kubesim grading*",
            "   1 PASS 2/2  It passes",
            "   3 FAIL 1.5/4  partial",
            "   4 FAIL 0/1  hidden (hidden)",
            "Score: 6/14 (3 of 8 tests passed)",
        ]
    )
    assert not any(Path(strict.path).glob("**/results.json"))
