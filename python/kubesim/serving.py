"""``kubesim serve`` and ``kubesim advance``: thin argument handling around
``Cluster.serve`` (the API server lives in the Rust core, src/apiserver)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import kubesim as ks
from kubesim import _core


def default_kubeconfig() -> Path:
    """Where kubectl looks first: the first file of ``$KUBECONFIG``, else ``~/.kube/config``."""
    env = os.environ.get("KUBECONFIG", "")
    first = next((p for p in env.split(os.pathsep) if p), "")
    return Path(first) if first else Path.home() / ".kube" / "config"


def _messages(lang: str, endpoint: _core.Endpoint, nodes: int, speed: float) -> str:
    path = endpoint.kubeconfig
    if lang == "ko":
        return (
            f"kubesim이 시뮬레이션 클러스터(Kubernetes v1.36, 노드 {nodes}개)를 "
            f"{endpoint.url} 에서 제공합니다\n"
            f'kubeconfig: {path} (context "kubesim")\n'
            f"  KUBECONFIG={path} kubectl get nodes\n"
            f"시간은 {speed:g}배속으로 흐릅니다. 건너뛰기: kubesim advance 1h\n"
            "멈추려면 Ctrl+C를 누르세요."
        )
    return (
        f"kubesim serves a simulated Kubernetes v1.36 cluster ({nodes} nodes) at {endpoint.url}\n"
        f'kubeconfig: {path} (context "kubesim")\n'
        f"  KUBECONFIG={path} kubectl get nodes\n"
        f"Time runs at {speed:g}x; jump ahead with: kubesim advance 1h\n"
        "Press Ctrl+C to stop."
    )


def serve(args: argparse.Namespace) -> int:
    """Applies FILES to the default cluster and serves it until interrupted."""
    cluster = ks.Cluster(workers=args.workers, seed=args.seed, lang=args.lang)
    for source in args.files:
        for line in cluster.apply(ks.load(source, lang=args.lang)):
            print(line)
    kubeconfig = Path(args.kubeconfig) if args.kubeconfig else default_kubeconfig()
    endpoint = cluster.serve(
        port=args.port, address=args.address, speed=args.speed, kubeconfig=kubeconfig
    )
    with endpoint:
        print(_messages(args.lang, endpoint, len(cluster.node_names()), args.speed), flush=True)
        try:
            while endpoint.running:
                time.sleep(0.5)
        except KeyboardInterrupt:
            print()
    return 0


def advance(args: argparse.Namespace) -> int:
    """Jumps the clock of a running ``kubesim serve`` (found through the kubeconfig)."""
    path = Path(args.kubeconfig) if args.kubeconfig else default_kubeconfig()
    try:
        found = _core.kubeconfig_endpoint(path.read_text(encoding="utf-8"))
    except OSError as error:
        print(f"kubesim advance: cannot read {path}: {error}", file=sys.stderr)
        return 2
    if found is None:
        print(
            f'kubesim advance: {path} has no "kubesim" context; run kubesim serve first',
            file=sys.stderr,
        )
        return 2
    server, token = found
    url = f"{server}/kubesim/advance?by={urllib.parse.quote(args.duration)}"
    request = urllib.request.Request(
        url, method="POST", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            now = json.load(response)["now"]
    except urllib.error.HTTPError as error:
        message = json.load(error).get("message", str(error))
        print(f"kubesim advance: {message}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"kubesim advance: is kubesim serve running at {server}? {error}", file=sys.stderr)
        return 2
    print(now)
    return 0


def add_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Adds ``serve`` and ``advance`` to the ``kubesim`` command."""
    p = commands.add_parser(
        "serve",
        parents=[common],
        help="serve a simulated cluster's Kubernetes API for the real kubectl",
        description="Apply FILES to the default cluster and serve its Kubernetes API over "
        "HTTP (loopback by default, a random bearer token), writing a kubeconfig context "
        '"kubesim". The virtual clock follows the wall clock times --speed.',
    )
    p.add_argument("files", nargs="*", help="manifest files or folders to apply first")
    p.add_argument("--port", type=int, default=6443, help="port (default 6443; 0 picks one)")
    p.add_argument("--address", default="127.0.0.1", help="address (default 127.0.0.1)")
    p.add_argument(
        "--kubeconfig",
        default=None,
        help="kubeconfig to write or merge into (default: $KUBECONFIG or ~/.kube/config)",
    )
    p.add_argument("--speed", type=float, default=1.0, help="virtual seconds per second")
    p.add_argument("--workers", type=int, default=3, help="worker nodes (default 3)")
    p.add_argument("--seed", type=int, default=0, help="seed for generated names")
    p.set_defaults(run=serve)
    a = commands.add_parser(
        "advance",
        parents=[common],
        help="jump the clock of a running kubesim serve (e.g. kubesim advance 1h)",
    )
    a.add_argument("duration", help="how far: 90s, 5m, 1h30m, 2d")
    a.add_argument("--kubeconfig", default=None, help="the kubeconfig kubesim serve wrote")
    a.set_defaults(run=advance)
