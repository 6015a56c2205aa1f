"""Thread safety, as documented in ``kubesim/_cluster.py`` and the README: the module's
functions and CronSchedule from 8 threads at once give what one thread gives; a Cluster
shared by threads either runs a call or refuses it with ConcurrentUseError, and is never
left half-changed."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any, Callable

import kubesim as ks

THREADS = 8

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.25}]
"""

BROKEN = DEPLOYMENT.replace("replicas: 3", "replicas: three").replace("image:", "imagee:")


def _work() -> list[Callable[[], Any]]:
    start = datetime(2026, 3, 1, tzinfo=timezone.utc)
    schedule = ks.CronSchedule("*/7 9-17 * * 1-5", time_zone="Asia/Seoul")
    return [
        lambda: ks.check(BROKEN).codes,
        lambda: [o.name for o in ks.load(DEPLOYMENT * 1)],
        lambda: ks.selector_matches("app=web,tier!=db", {"app": "web"}),
        lambda: ks.selector_matches({"matchLabels": {"app": "web"}}, {"app": "db"}),
        lambda: ks.resolve_fenceposts("25%", "25%", 10),
        lambda: [a.verb for a in ks.reconcile(DEPLOYMENT)],
        lambda: schedule.next(start),
        lambda: schedule.matches(datetime(2026, 3, 2, 0, 7, tzinfo=timezone.utc)),
        lambda: ks.CronSchedule("0 0 29 2 *").next(start),
        lambda: ks.get_lang(),
    ]


def test_module_functions_and_cron_from_eight_threads() -> None:
    work = _work()
    expected = [f() for f in work]
    barrier = threading.Barrier(THREADS)

    def worker(_: int) -> list[Any]:
        barrier.wait()
        return [[f() for f in work] for _ in range(20)]

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(worker, range(THREADS)))
    for per_thread in results:
        for got in per_thread:
            assert got == expected


def test_a_shared_cluster_runs_or_refuses_never_corrupts() -> None:
    c = ks.Cluster(workers=3)
    # Big enough that parsing takes a while with the GIL let go.
    padding = "".join(f"# {i}\n" for i in range(20_000))
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        barrier.wait()
        for j in range(10):
            try:
                if (i + j) % 3 == 0:
                    c.apply(padding + DEPLOYMENT.replace("replicas: 3", f"replicas: {1 + j % 4}"))
                elif (i + j) % 3 == 1:
                    c.run()
                else:
                    _ = [p.name for p in c.pods()], c.now
                outcome = "ran"
            except ks.ConcurrentUseError as error:
                outcome = "refused" if "another thread" in str(error) else f"unclear: {error}"
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == THREADS * 10
    assert set(outcomes) <= {"ran", "refused"}, outcomes
    assert "ran" in outcomes
    assert issubclass(ks.ConcurrentUseError, (ks.KubesimError, RuntimeError))
    # Whole afterwards: one more apply and run settle to exactly what was asked.
    c.apply(DEPLOYMENT)
    c.run()
    pods = c.pods("app=web")
    assert len(pods) == 3
    assert len({p.name for p in pods}) == 3
    assert all(p.node in c.node_names() for p in pods)
    assert len(c.objects("Deployment")) == 1


def test_a_cluster_per_thread_gives_the_same_trace() -> None:
    def simulate(_: int) -> list[str]:
        c = ks.Cluster(seed=7)
        c.apply(DEPLOYMENT)
        return [f"{s.time} {s.actor} {s.verb} {s.target}" for s in c.run()]

    with ThreadPoolExecutor(THREADS) as pool:
        traces = list(pool.map(simulate, range(THREADS)))
    assert all(t == traces[0] for t in traces)
    assert traces[0]
