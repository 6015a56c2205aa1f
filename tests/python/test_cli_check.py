"""`kubesim check`: exit status, text, json and github formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kubesim.cli import main

GOOD = """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - {name: web, image: "nginx:1.27", resources: {requests: {cpu: 1m, memory: 1Mi}, limits: {memory: 1Mi}}}
"""
BAD = GOOD.replace("image:", "imagee:")


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD)
    bad.write_text(BAD)
    return good, bad


def test_exit_status(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = files
    assert main(["check", str(good)]) == 0
    assert main(["check", str(good), str(bad)]) == 1
    assert main(["check", str(good.parent / "nope.yaml")]) == 2
    with pytest.raises(SystemExit) as info:
        main(["check", str(good), "--format", "xml"])
    assert info.value.code == 2
    out = capsys.readouterr().out
    assert "bad.yaml:6:" in out
    assert "error[unknown-field]" in out


def test_text_in_korean(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, bad = files
    assert main(["check", str(bad), "--lang", "ko"]) == 1
    out = capsys.readouterr().out
    assert "알 수 없는 필드" in out
    assert "도움말" in out
    assert out.rstrip().endswith("오류 1개, 경고 0개")


def test_json_is_the_documented_format(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, bad = files
    assert main(["check", str(bad), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"version", "ok", "errors", "warnings", "files", "diagnostics"}
    assert (doc["version"], doc["ok"], doc["errors"]) == (1, False, 1)
    [d] = doc["diagnostics"]
    assert set(d) == {"file", "line", "column", "path", "code", "severity", "message", "hint"}
    assert (d["code"], d["line"], d["path"]) == ("unknown-field", 6, "spec.containers[0].imagee")
    documented = (Path(__file__).parents[2] / "docs" / "diagnostics.md").read_text()
    assert '"version": 1' in documented
    assert "`unknown-field`" in documented


def test_github_annotations(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, bad = files
    assert main(["check", str(bad), "--format", "github"]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith(f"::error file={bad},line=6,col=")
    assert "title=kubesim unknown-field::" in line
    assert "%0A" in line


def test_ignore_and_no_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "latest.yaml"
    f.write_text(GOOD.replace("nginx:1.27", "nginx"))
    assert main(["check", str(f), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == 1
    assert main(["check", str(f), "--format", "json", "--ignore", "image-latest"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == 0
    assert main(["check", str(f), "--format", "json", "--no-warnings"]) == 0
    assert json.loads(capsys.readouterr().out)["diagnostics"] == []
