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
