"""Benchmark: verifying an archive of back issues locally and on a Dask cluster.

    .venv/bin/python benchmarks/archive.py [--issues 24] [--pages 8] [--no-local-cluster]

Makes ``--issues`` back issues of ``--pages`` pages from the sample's pages
(tools/make_benchmark_issue.py) in a temporary project in git, each one distinct (its own
issue number, which every page's HTML carries, and its own picture files: a comment
naming the issue in each JPEG), and signs them off: none of that is timed. Then it
verifies all of them, each way with an empty cache of its own (PRESSROOM_CACHE), as a real
archive of different issues is verified:

- locally, ``archive.archive(root, jobs=1)`` and ``jobs=2`` (processes on this machine);
- on a Dask cluster it starts on 127.0.0.1: ``dask scheduler`` and two ``dask worker
  --no-nanny --nthreads 1`` processes, each issue one task carrying its pack
  (``cluster.verify_on_cluster``); the packs are made first and timed apart;
- on an embedded ``distributed.LocalCluster(n_workers=2, threads_per_worker=1)`` (its
  workers run with ``distributed.worker.daemon`` off: see cluster.py).

The Dask workers import Pressroom before the clock starts, as local workers, forked from
this process, have it already.

Every build lays its pages out in up to one process per core (chunks.py), whatever the
number of verifying workers. It prints the seconds, issues per minute and pages per minute
of each, the CPU time per issue (all the processes verifying, layout processes included:
a figure that other programs on the machine inflate far less than the seconds),
the size of a pack and of a locked PDF, and checks every issue verified.
Figures depend on the machine and on what else runs on it: compare numbers from one run.

A lock records the digest of the Pressroom source that signed it, so an edit to src/
during the run makes every later verification ask for another Pressroom (the script says
so at the end). In a working tree someone is editing, run it from a snapshot of HEAD:

    rm -rf /tmp/pressroom-snapshot && mkdir /tmp/pressroom-snapshot
    git archive HEAD | tar -x -C /tmp/pressroom-snapshot
    PYTHONPATH=/tmp/pressroom-snapshot/src .venv/bin/python /tmp/pressroom-snapshot/benchmarks/archive.py
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))
from make_benchmark_issue import make_issue  # noqa: E402

from pressroom import archive, cluster  # noqa: E402
from pressroom.chunks import die_with_parent  # noqa: E402
from pressroom.provenance import running_source_root, source_digest  # noqa: E402

DASK = Path(sys.executable).with_name("dask")
STARTUP_S = 120


def git(project: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=project, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "Benchmark", "GIT_AUTHOR_EMAIL": "bench@example.org",
                        "GIT_COMMITTER_NAME": "Benchmark", "GIT_COMMITTER_EMAIL": "bench@example.org",
                        "PATH": "/usr/bin:/bin"})


def distinct_issue(project: Path, number: int, pages: int) -> Path:
    """An issue of ``pages`` pages sharing no cached page or picture with the others."""
    issue = make_issue(pages, project / "issues" / f"back-{number:03d}")
    manifest = issue / "issue.yaml"
    text = re.sub(r"^issue_number: \d+$", f"issue_number: {1000 + number}", manifest.read_text(encoding="utf-8"),
                  count=1, flags=re.M)
    manifest.write_text(text, encoding="utf-8")
    for picture in sorted((issue / "images").glob("*.jpg")):
        data = picture.read_bytes()
        comment = f"benchmark back issue {number}".encode()
        # A JPEG comment segment (FF FE) after the start-of-image marker: the same pixels,
        # different bytes (the picture cache is keyed by the file's bytes).
        picture.write_bytes(data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:])
    return issue


def make_archive(folder: Path, issues: int, pages: int) -> list[Path]:
    project = folder / "project"
    (project / "issues").mkdir(parents=True)
    shutil.copytree(ROOT / "layouts" / "tabloid@2026-12", project / "layouts" / "tabloid@2026-12")
    shutil.copytree(ROOT / "fonts", project / "fonts")
    shutil.copytree(ROOT / "profiles", project / "profiles")
    made = [distinct_issue(project, number, pages) for number in range(1, issues + 1)]
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "back issues")
    for issue in made:
        archive.signoff(issue)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "signed off")
    return made


def fresh_cache(folder: Path, name: str) -> Path:
    cache = folder / f"cache-{name}"
    cache.mkdir()
    os.environ["PRESSROOM_CACHE"] = str(cache)  # read by every build, and by processes started now
    return cache


def cpu_seconds(pids: list[int]) -> float:
    """CPU time used so far by these processes and by their children that have ended (a
    build's layout processes): user and system."""
    import psutil

    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def import_pressroom() -> bool:
    """Run on each worker before the clock starts: Pressroom and WeasyPrint imported, as in
    a worker that has verified an issue already (forked local workers inherit them)."""
    import importlib

    for module in ("pressroom.archive", "pressroom.build", "weasyprint"):
        importlib.import_module(module)
    return True


def warm_up(address: str) -> list[int]:
    """Import Pressroom on every worker of the cluster at ``address``; the workers' pids."""
    from distributed import Client

    with Client(address, timeout=STARTUP_S, set_as_default=False) as client:
        client.run(import_pressroom)
        return list(client.run(os.getpid).values())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DaskProcesses:
    """``dask scheduler`` and ``workers`` × ``dask worker --no-nanny --nthreads 1`` on 127.0.0.1,
    dying with this process; stopped on leaving."""

    def __init__(self, folder: Path, workers: int):
        self.folder, self.count = folder, workers
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.processes: list[subprocess.Popen] = []

    def _start(self, name: str, arguments: list[str]) -> None:
        parent = os.getpid()
        with open(self.folder / f"{name}.log", "wb") as log:
            self.processes.append(subprocess.Popen(
                [str(DASK), *arguments], stdout=log, stderr=subprocess.STDOUT, cwd=self.folder,
                env={**os.environ, "TMPDIR": str(self.folder)}, preexec_fn=lambda: die_with_parent(parent)))

    def __enter__(self) -> "DaskProcesses":
        from distributed import Client

        port = self.address.rsplit(":", 1)[1]
        self._start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard",
                                  "--dashboard-address", "127.0.0.1:0"])
        for number in range(1, self.count + 1):
            self._start(f"worker-{number}", ["worker", self.address, "--no-nanny", "--nthreads", "1",
                                             "--host", "127.0.0.1", "--no-dashboard", "--name", f"worker-{number}",
                                             "--local-directory", str(self.folder / f"worker-{number}")])
        with Client(self.address, timeout=STARTUP_S, set_as_default=False) as client:
            client.wait_for_workers(self.count, timeout=STARTUP_S)
        return self

    def __exit__(self, *exc) -> None:
        for group in (self.processes[1:], self.processes[:1]):  # workers, then the scheduler
            for process in group:
                process.terminate()
            for process in group:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def check(how: str, results: list[archive.Verification], issues: list[Path], digest: str | None) -> None:
    wrong = [(result.issue, result.status, result.reasons[:2]) for result in results if result.status != "verified"]
    if wrong or [result.issue for result in results] != [issue.name for issue in issues]:
        source = running_source_root()
        changed = digest is not None and source is not None and source_digest(source) != digest
        raise SystemExit(f"{how}: not every issue verified: {wrong}" + (
            "\nPressroom's source changed during the run: run the benchmark from a snapshot (see its docstring)"
            if changed else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=24)
    parser.add_argument("--pages", type=int, default=8, help="a multiple of 4, at least 8")
    parser.add_argument("--no-local-cluster", action="store_true", help="skip the embedded LocalCluster")
    args = parser.parse_args()

    rows = []

    def row(how: str, workers: int, seconds: float, cpu: float, note: str = "") -> None:
        rows.append((how, workers, seconds, cpu, note))
        print(f"  {how}: {seconds:.1f} s ({args.issues / seconds * 60:.1f} issues/min), {cpu / args.issues:.1f} "
              f"CPU s per issue {note}", flush=True)

    source = running_source_root()
    digest = source_digest(source) if source else None
    print(f"Pressroom from {source or 'an installed wheel'}; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f} at the start", flush=True)
    with tempfile.TemporaryDirectory(prefix="pressroom-archive-bench-") as scratch:
        folder = Path(scratch)
        fresh_cache(folder, "signoff")
        started = time.perf_counter()
        issues = make_archive(folder, args.issues, args.pages)
        signoff_s = time.perf_counter() - started
        print(f"signed off {args.issues} issues of {args.pages} pages in {signoff_s:.0f} s (not timed below)",
              flush=True)
        root = issues[0].parent

        for jobs in (1, 2):
            fresh_cache(folder, f"local-{jobs}")
            cpu, started = cpu_seconds([os.getpid()]), time.perf_counter()
            results = archive.archive(root, jobs=jobs)
            row(f"local, archive(root, jobs={jobs})", jobs, time.perf_counter() - started,
                cpu_seconds([os.getpid()]) - cpu)
            check(f"jobs={jobs}", results, issues, digest)

        started = time.perf_counter()
        items = [(issue.name, archive.pack_bytes(issue)) for issue in issues]
        pack_s = time.perf_counter() - started
        pack_mb = sum(len(pack) for _, pack in items) / len(items) / 1e6
        with_pdf_mb = len(archive.pack_bytes(issues[0], with_pdf=True)) / 1e6
        pdf_mb = archive.read_lock(issues[0])["output"]["bytes"] / 1e6
        print(f"  packs: {pack_s:.1f} s to make {args.issues} ({pack_s / args.issues:.2f} s each, in this "
              f"process); {pack_mb:.1f} MB each without the PDF, {with_pdf_mb:.1f} MB with it; locked PDF "
              f"{pdf_mb:.1f} MB", flush=True)

        dask_folder = folder / "dask"
        dask_folder.mkdir()
        fresh_cache(folder, "dask")  # before the workers start: they take it from their environment
        started = time.perf_counter()
        with DaskProcesses(dask_folder, workers=2) as dask_cluster:
            startup_s = time.perf_counter() - started
            warm_up(dask_cluster.address)
            pids = [os.getpid(), *(process.pid for process in dask_cluster.processes)]
            cpu, started = cpu_seconds(pids), time.perf_counter()
            results = cluster.verify_on_cluster(items, dask_cluster.address)
            verify_s = time.perf_counter() - started
            check("dask cluster", results, issues, digest)
            row("dask cluster, 2 × dask worker --no-nanny --nthreads 1", 2, verify_s, cpu_seconds(pids) - cpu,
                f"(+{pack_s:.0f} s making the packs: {args.issues / (verify_s + pack_s) * 60:.1f} issues/min "
                f"with them; cluster started in {startup_s:.1f} s)")
            cpu, started = cpu_seconds(pids), time.perf_counter()
            results = cluster.verify_on_cluster(items, dask_cluster.address)
            warm_s = time.perf_counter() - started
            check("dask cluster, warm", results, issues, digest)
            row("dask cluster again, its cache warm", 2, warm_s, cpu_seconds(pids) - cpu,
                "(every page and picture cached: not a cold figure)")

        if not args.no_local_cluster:
            import dask
            from distributed import LocalCluster

            fresh_cache(folder, "localcluster")
            started = time.perf_counter()
            with dask.config.set({"distributed.worker.daemon": False}), \
                    LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                 dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                 local_directory=str(folder / "localcluster")) as local_cluster:
                startup_s = time.perf_counter() - started
                pids = [os.getpid(), *warm_up(local_cluster.scheduler_address)]
                cpu, started = cpu_seconds(pids), time.perf_counter()
                results = cluster.verify_on_cluster(items, local_cluster.scheduler_address)
                verify_s = time.perf_counter() - started
                check("LocalCluster", results, issues, digest)
                row("LocalCluster(n_workers=2, threads_per_worker=1)", 2, verify_s, cpu_seconds(pids) - cpu,
                    f"(started in {startup_s:.1f} s)")

    print(f"\n{args.issues} issues of {args.pages} pages, load average {os.getloadavg()[0]:.2f} at the end")
    print("| how | workers | seconds | issues/min | pages/min | CPU s per issue |\n|---|---|---|---|---|---|")
    for how, workers, seconds, cpu, note in rows:
        print(f"| {how} | {workers} | {seconds:.1f} | {args.issues / seconds * 60:.1f} | "
              f"{args.issues * args.pages / seconds * 60:.0f} | {cpu / args.issues:.1f} |")


if __name__ == "__main__":
    main()
