"""The ``kubesim`` command: thin argument handling around the Rust core."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import kubesim as ks


def _show(args: argparse.Namespace) -> int:
    """Prints every object of the given manifests with the API server's defaults applied."""
    documents = []
    for source in args.files:
        documents.extend(obj.to_yaml() for obj in ks.load(source, lang=args.lang))
    sys.stdout.write("---\n".join(documents))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kubesim",
        description="Simulate Kubernetes workload controllers on a small, deterministic cluster.",
    )
    parser.add_argument("--version", action="version", version=f"kubesim {ks.__version__}")
    parser.add_argument("--lang", choices=["en", "ko"], default="en", help="message language")
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser(
        "show", help="print the objects of manifests with the API server's defaults applied"
    )
    show.add_argument("files", nargs="+", help="manifest files or folders")
    show.set_defaults(run=_show)
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
