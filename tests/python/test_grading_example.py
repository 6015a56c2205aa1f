"""The example assignment (examples/grading/: the DaemonSet lesson) grades its sample class
into the expected gradebook, examples/grading/expected_gradebook.csv."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kubesim import grading

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "grading"


@pytest.fixture(scope="module")
def book() -> grading.Gradebook:
    return grading.grade(EXAMPLE / "test_daemonset.py", EXAMPLE / "submissions", jobs=2)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_students_tests_and_manifest_checks(book: grading.Gradebook) -> None:
    """The roster, the tests and their points, and the two tests that only read the files
    (what the simulation cannot change)."""
    expected = _rows((EXAMPLE / "expected_gradebook.csv").read_text(encoding="utf-8"))
    actual = _rows(book.csv_text())
    assert actual[0] == expected[0]
    assert [r[0] for r in actual] == [r[0] for r in expected]
    assert [(r[2], r[3], r[4], r[5], r[-1]) for r in actual] == [
        (r[2], r[3], r[4], r[5], r[-1]) for r in expected
    ]


def test_feedback_names_the_mistakes(book: grading.Gradebook) -> None:
    out = {s.student: {t.number: t.output for t in s.tests} for s in book.students}
    assert (
        'node-exporter.yaml:7:5: error[unknown-field]: spec.selector.matchLables: unknown field "matchLables"'
        in out["typos"]["1"]
    )
    assert (
        "expected a DaemonSet node-exporter; the submission has: Deployment node-exporter"
        in out["deployment"]["2"]
    )
    assert (
        "node-exporter was applied as a Deployment, not as the kind DaemonSet asks for"
        in out["deployment"]["3"]
    )
    assert "node-exporter.yaml:2:1: error[yaml-syntax]" in out["not-yaml"]["1"]
    assert "nodeSelector wants gpu=true" in out["wrong-nodeselector"]["5"]


def test_expected_gradebook(book: grading.Gradebook) -> None:
    assert book.csv_text() == (EXAMPLE / "expected_gradebook.csv").read_text(encoding="utf-8")


def test_partial_credit_says_why(book: grading.Gradebook) -> None:
    out = {s.student: {t.number: t.output for t in s.tests} for s in book.students}
    assert (
        "kind-control-plane: the node has the taint node-role.kubernetes.io/control-plane:NoSchedule"
        in out["no-toleration"]["3"]
    )
