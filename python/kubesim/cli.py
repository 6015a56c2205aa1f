"""The ``kubesim`` command: thin argument handling around the Rust core."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import kubesim as ks

#: Version of the ``kubesim check --format json`` document (see docs/diagnostics.md).
JSON_FORMAT_VERSION = 1


def _show(args: argparse.Namespace) -> int:
    """Prints every object of the given manifests with the API server's defaults applied."""
    documents = []
    for source in args.files:
        documents.extend(obj.to_yaml() for obj in ks.load(source, lang=args.lang))
    sys.stdout.write("---\n".join(documents))
    return 0


def _github_escape(text: str, *, prop: bool = False) -> str:
    """Escapes text for a GitHub Actions workflow command (data, or a property value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github(diagnostic: Any) -> str:
    """One workflow annotation: ``::error file=...,line=...,col=...,title=...::message``."""
    level = "error" if diagnostic.severity == "error" else "warning"
    props = [f"file={_github_escape(diagnostic.file, prop=True)}"]
    if diagnostic.line:
        props.append(f"line={diagnostic.line}")
        props.append(f"col={diagnostic.column}")
    props.append(f"title={_github_escape(f'kubesim {diagnostic.code}', prop=True)}")
    message = diagnostic.message
    if diagnostic.path:
        message = f"{diagnostic.path}: {message}"
    if diagnostic.hint:
        message = f"{message}\n{diagnostic.hint}"
    return f"::{level} {','.join(props)}::{_github_escape(message)}"


def _check(args: argparse.Namespace) -> int:
    """Checks manifests; exit status 0 when none has an error, 1 otherwise."""
    lang = args.lang
    missing = [f for f in args.files if not Path(f).exists()]
    if missing:
        for f in missing:
            print(f"kubesim check: no such file or folder: {f}", file=sys.stderr)
        return 2
    reports = [ks.check(Path(f), lang=lang) for f in args.files]
    diagnostics = [d for r in reports for d in r.diagnostics]
    ignored = set(args.ignore or [])
    if args.no_warnings:
        diagnostics = [d for d in diagnostics if d.severity == "error"]
    diagnostics = [d for d in diagnostics if d.code not in ignored]
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    if args.format == "json":
        document = {
            "version": JSON_FORMAT_VERSION,
            "ok": errors == 0,
            "errors": errors,
            "warnings": warnings,
            "files": list(args.files),
            "diagnostics": [d.to_dict() for d in diagnostics],
        }
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "github":
        for d in diagnostics:
            print(_github(d))
    else:
        for d in diagnostics:
            print(d)
        if lang == "ko":
            print(f"오류 {errors}개, 경고 {warnings}개")
        else:
            print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return 1 if errors else 0


def _simulate(args: argparse.Namespace) -> int:
    """Applies manifests to the default cluster, runs it, and prints pods and events."""
    cluster = ks.Cluster(
        workers=args.workers, control_planes=args.control_planes, seed=args.seed, lang=args.lang
    )
    for source in args.files:
        for line in cluster.apply(ks.load(source, lang=args.lang)):
            print(line)
    cluster.run(args.time)
    print()
    print(cluster.kubectl("get pods -o wide"), end="")
    print()
    print(cluster.kubectl("get events"), end="")
    return 0


def _grade(args: argparse.Namespace) -> int:
    """Grades every student of a class; exit status 0 when all were graded, 1 when some
    could not be (they got zero and a message), 2 when the tests themselves fail to run."""
    from kubesim import grading

    out = Path(args.out)
    progress = None if args.quiet else sys.stderr
    try:
        book = grading.grade(
            args.tests,
            args.submissions,
            jobs=args.jobs,
            timeout=args.timeout,
            lang=args.lang,
            progress=progress,
        )
    except (OSError, grading.GradingError) as error:
        print(f"kubesim grade: {error}", file=sys.stderr)
        return 2
    book.write(out)
    errors = [s for s in book.students if s.status != "graded"]
    top = grading.format_points(book.max_score)
    for s in book.students:
        line = f"{s.student}: {grading.format_points(s.score)}/{top}"
        if s.status != "graded":
            line += f" ({s.status})"
        print(line)
    print(
        f"{len(book.students)} students; gradebook: {out / 'gradebook.csv'}, "
        f"{out / 'gradebook.json'}; feedback: {out / 'feedback'}"
    )
    return 1 if errors else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kubesim",
        description="Simulate Kubernetes workload controllers on a small, deterministic cluster.",
    )
    parser.add_argument("--version", action="version", version=f"kubesim {ks.__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["en", "ko"], default="en", help="message language")
    commands = parser.add_subparsers(dest="command", required=True)

    simulate = commands.add_parser(
        "simulate",
        parents=[common],
        help="apply manifests to the default cluster, run it, print pods and events",
    )
    simulate.add_argument("files", nargs="+", help="manifest files or folders")
    simulate.add_argument("--workers", type=int, default=3, help="worker nodes (default 3)")
    simulate.add_argument(
        "--control-planes", type=int, default=1, help="control-plane nodes (default 1)"
    )
    simulate.add_argument("--seed", type=int, default=0, help="seed for generated names")
    simulate.add_argument(
        "--time", default="10m", help="how much virtual time to run at most (default 10m)"
    )
    simulate.set_defaults(run=_simulate)

    show = commands.add_parser(
        "show",
        parents=[common],
        help="print the objects of manifests with the API server's defaults applied",
    )
    show.add_argument("files", nargs="+", help="manifest files or folders")
    show.set_defaults(run=_show)
    check = commands.add_parser(
        "check",
        parents=[common],
        help="check manifests as the API server would, with hints; exit 1 on errors",
        description="Check manifests: syntax, strict field decoding, the API server's "
        "validation rules and good-practice warnings. Exit status: 0 no errors, 1 errors, "
        "2 usage error.",
    )
    check.add_argument("files", nargs="+", help="manifest files or folders")
    check.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="text (compiler style), json (see docs/diagnostics.md) or github (annotations)",
    )
    check.add_argument("--no-warnings", action="store_true", help="report errors only")
    check.add_argument(
        "--ignore", action="append", metavar="CODE", help="leave out diagnostics with this code"
    )
    check.set_defaults(run=_check)

    grade = commands.add_parser(
        "grade",
        parents=[common],
        help="run an assignment's tests on every student's submission; write a gradebook",
        description="Run the instructor's pytest TESTS once per student (each sub-folder, or "
        "manifest file, of --submissions), in parallel, each in its own process, and write "
        "gradebook.csv, gradebook.json and feedback/STUDENT.md. Nothing in a submission is "
        "run: its manifest files are copied, as data, into an empty folder first.",
    )
    grade.add_argument("tests", help="the instructor's test file, or a folder of test files")
    grade.add_argument(
        "--submissions", required=True, metavar="DIR", help="a folder with one entry per student"
    )
    grade.add_argument(
        "-j", "--jobs", type=int, default=None, help="students graded at once (default: CPUs)"
    )
    grade.add_argument(
        "--out", default="grades", metavar="DIR", help="where to write (default: grades)"
    )
    grade.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="seconds one student's tests may take (default 120)",
    )
    grade.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    grade.set_defaults(run=_grade)
    from kubesim import serving

    serving.add_commands(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ks.ManifestError as error:
        print(error, file=sys.stderr)
        return 1
    except ks.KubesimError as error:
        print(f"kubesim: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
