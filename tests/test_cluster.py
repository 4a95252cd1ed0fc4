"""Archive verification on a real Dask cluster: a scheduler and two workers started here on
127.0.0.1 (``dask scheduler``, ``dask worker --no-nanny``), six back issues signed off in a
git project, verified there and compared with a local verification; a damaged issue is
reported and none is lost, a worker killed mid-run loses nothing, an unreachable scheduler
is bad input at once; packs are read and written at paths and URLs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pressroom import archive, cluster
from pressroom.chunks import die_with_parent
from pressroom.errors import InputError

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from make_benchmark_issue import make_issue  # noqa: E402

DASK = Path(sys.executable).with_name("dask")
ISSUES = 6
PAGES = 8  # make_benchmark_issue's smallest
STARTUP_S = 60
DAMAGED_ARTICLE = "tram-extension.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def git(project: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=project, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
                        "PATH": "/usr/bin:/bin"})


# -- the cluster ------------------------------------------------------------------------

class Cluster:
    """A scheduler and its workers, each a process of this test run (and dying with it)."""

    def __init__(self, folder: Path, **settings: str):
        self.folder = folder
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.scheduler: subprocess.Popen | None = None
        self.workers: dict[str, subprocess.Popen] = {}
        self.client = None
        (folder / "tmp").mkdir()
        # Workers see PRESSROOM_CACHE (conftest sets it) and keep their scratch folders here.
        self.environment = {**os.environ, "TMPDIR": str(folder / "tmp"), **settings}

    def _start(self, name: str, arguments: list[str]) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "wb")
        parent = os.getpid()
        with log:
            return subprocess.Popen([str(DASK), *arguments], stdout=log, stderr=subprocess.STDOUT,
                                    env=self.environment, cwd=self.folder,
                                    preexec_fn=lambda: die_with_parent(parent))

    def start(self, workers: int) -> None:
        from distributed import Client

        self.scheduler = self._start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                                                   "--no-dashboard", "--dashboard-address", "127.0.0.1:0"])
        for _ in range(workers):
            self.start_worker()
        try:
            self.client = Client(self.address, timeout=STARTUP_S, set_as_default=False)
            self.client.wait_for_workers(workers, timeout=STARTUP_S)
        except (OSError, TimeoutError) as error:
            raise AssertionError(f"the cluster did not start: {error}\n{self.logs()}") from None

    def start_worker(self) -> str:
        name = f"worker-{len(self.workers) + 1}"
        self.workers[name] = self._start(name, [
            "worker", self.address, "--no-nanny", "--nthreads", "1", "--host", "127.0.0.1", "--name", name,
            "--no-dashboard", "--local-directory", str(self.folder / name), "--death-timeout", "60"])
        return name

    def wait_for_workers(self, count: int) -> None:
        self.client.wait_for_workers(count, timeout=STARTUP_S)

    def worker_named(self, address: str) -> str:
        return self.client.scheduler_info(n_workers=-1)["workers"][address]["name"]

    def logs(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}"
                         for log in sorted(self.folder.glob("*.log")))

    def stop(self) -> None:
        """Workers first, then the scheduler (a worker told to stop while its scheduler goes
        may hang on its way out); whatever has not stopped in 10 s is killed."""
        if self.client is not None:
            self.client.close(timeout=10)
        for group in (list(self.workers.values()), [self.scheduler]):
            for process in group:
                if process is not None and process.poll() is None:
                    process.terminate()
            for process in group:
                if process is None:
                    continue
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    running = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        running.start(workers=2)
        yield running
    finally:
        running.stop()
    assert all(process.poll() is not None for process in [*running.workers.values(), running.scheduler])


# -- the back issues --------------------------------------------------------------------

@pytest.fixture(scope="module")
def signed_off(tmp_path_factory) -> list[Path]:
    """Six signed-off 8-page issues made from the sample's pages, in a project in git with
    real copies of the pinned layout, fonts/ and profiles/ (a lock records project paths)."""
    import shutil

    project = tmp_path_factory.mktemp("archive")
    (project / "issues").mkdir()
    shutil.copytree(ROOT / "layouts" / "tabloid@2026-12", project / "layouts" / "tabloid@2026-12")
    shutil.copytree(ROOT / "fonts", project / "fonts")
    shutil.copytree(ROOT / "profiles", project / "profiles")
    issues = [make_issue(PAGES, project / "issues" / f"back-{number:02d}") for number in range(1, ISSUES + 1)]
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "back issues")
    for issue in issues:
        archive.signoff(issue)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "signed off")
    return issues


@pytest.fixture(scope="module")
def packs(signed_off) -> dict[str, bytes]:
    return {issue.name: archive.pack_bytes(issue) for issue in signed_off}


@pytest.fixture(scope="module")
def local(signed_off) -> list[archive.Verification]:
    return [archive.rebuild(issue) for issue in signed_off]


def table(results: list[archive.Verification]) -> list[tuple]:
    return [(result.issue, result.status, result.pages, result.locked_sha256, result.rebuilt_sha256)
            for result in results]


# -- verifying on the cluster -----------------------------------------------------------

def test_the_cluster_verifies_every_issue_as_a_local_verification_does(dask_cluster, packs, local):
    results = cluster.verify_on_cluster(list(packs.items()), dask_cluster.address)
    assert table(results) == table(local)
    assert [result.status for result in results] == ["verified"] * ISSUES, [r.reasons for r in results]
    assert all(result.rebuilt_sha256 == result.locked_sha256 for result in results)
    assert len({result.rebuilt_sha256 for result in results}) == ISSUES  # six PDFs: none mixed up


def test_a_damaged_issue_differs_the_others_verify_and_no_issue_is_lost(dask_cluster, signed_off, packs, tmp_path):
    damaged = signed_off[2]
    article = damaged / "articles" / DAMAGED_ARTICLE
    original = article.read_bytes()
    article.write_bytes(original.replace(b" the ", b" a ", 1))  # changed after sign-off
    try:
        damaged_pack = archive.pack_bytes(damaged)
    finally:
        article.write_bytes(original)
    by_url = tmp_path / "by-url.tar.gz"
    cluster.write_pack(f"file://{by_url}", packs[signed_off[0].name])
    items = [(name, damaged_pack if name == damaged.name else pack) for name, pack in packs.items()]
    items += [("by-url", f"file://{by_url}"), ("not-a-pack", b"these bytes are no pack"),
              ("missing", f"file://{tmp_path}/missing.tar.gz"), ("not-bytes", 12345)]
    results = cluster.verify_on_cluster(items, dask_cluster.address, retries=1)

    assert len(results) == len(items)
    assert [result.issue for result in results] == [*packs, signed_off[0].name, "not-a-pack", "missing", "not-bytes"]
    statuses = {result.issue: result.status for result in results[:ISSUES]}
    assert statuses == {name: "differs" if name == damaged.name else "verified" for name in packs}
    differs = results[2]
    assert differs.reasons == [f"input file issues/{damaged.name}/articles/{DAMAGED_ARTICLE} has changed"]
    assert differs.locked_sha256 != differs.rebuilt_sha256
    assert results[ISSUES].status == "verified"  # read by the worker from its URL
    not_a_pack, missing, not_bytes = results[ISSUES + 1:]
    assert not_a_pack.status == "failed" and not_a_pack.reasons == [
        "the pack of not-a-pack: this is not a Pressroom pack (Not a gzipped file (b'th'))"]
    assert missing.status == "failed" and "missing.tar.gz does not exist" in missing.reasons[0]
    # A task that raises is tried again, then reported: never lost from the table.
    assert not_bytes.status == "failed"
    assert "failed on the cluster after its retries (TypeError" in not_bytes.reasons[0], not_bytes.reasons


def test_a_worker_killed_while_verifying_loses_no_issue(dask_cluster, packs, local):
    outcome: dict = {}

    def verify() -> None:
        try:
            outcome["results"] = cluster.verify_on_cluster(list(packs.items()), dask_cluster.address)
        except BaseException as error:  # reported by the test, not lost in the thread
            outcome["error"] = error

    running = threading.Thread(target=verify, daemon=True)
    running.start()
    try:
        victim = wait_until_processing(dask_cluster, running)
        name = dask_cluster.worker_named(victim)
        dask_cluster.workers[name].send_signal(signal.SIGKILL)
        dask_cluster.workers[name].wait(timeout=10)
        running.join(timeout=180)
        assert not running.is_alive(), "the verification did not finish after a worker was killed"
        assert "error" not in outcome, outcome.get("error")
        assert victim not in dask_cluster.client.scheduler_info(n_workers=-1)["workers"]
        assert table(outcome["results"]) == table(local), dask_cluster.logs()
        assert [result.status for result in outcome["results"]] == ["verified"] * ISSUES
    finally:  # two workers again for whatever runs next
        dask_cluster.start_worker()
        dask_cluster.wait_for_workers(2)


def verify_in_background(target: Cluster, packs: dict) -> tuple[threading.Thread, dict]:
    """verify_on_cluster of ``packs`` on ``target``, in a thread of its own (started); its
    results land in the returned dict under "results"."""
    outcome: dict = {}
    running = threading.Thread(target=lambda: outcome.update(
        results=cluster.verify_on_cluster(list(packs.items()), target.address)), daemon=True)
    running.start()
    return running, outcome


def wait_until_processing(observed: Cluster, running: threading.Thread) -> str:
    """The address of a worker the scheduler reports a verification processing on."""
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline and running.is_alive():
        for address, keys in observed.client.processing().items():
            if any(str(key).startswith("verify-") for key in keys):
                return address
        time.sleep(0.01)
    raise AssertionError("no verification was seen running on a worker")


def test_a_task_whose_workers_all_died_is_a_failed_row(tmp_path, packs):
    # This scheduler gives a task up the first time a worker dies under it (KilledWorker).
    strict = Cluster(tmp_path, DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="0")
    try:
        strict.start(workers=2)
        running, outcome = verify_in_background(strict, packs)
        victim = wait_until_processing(strict, running)
        strict.workers[strict.worker_named(victim)].send_signal(signal.SIGKILL)
        running.join(timeout=120)
        assert not running.is_alive()
    finally:
        strict.stop()
    results = outcome["results"]
    assert [result.issue for result in results] == list(packs)
    died = [result for result in results if result.status == "failed"]
    assert died and all(result.status == "verified" for result in results if result not in died)
    assert all(result.reasons[0].startswith("not verified: every worker that tried it died") for result in died)


def test_a_scheduler_lost_mid_run_leaves_every_issue_in_the_table(tmp_path, packs, monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 3)  # the client gives up reconnecting after it
    doomed = Cluster(tmp_path)
    try:
        doomed.start(workers=1)
        running, outcome = verify_in_background(doomed, packs)
        wait_until_processing(doomed, running)
        doomed.client.close()
        doomed.client = None
        doomed.scheduler.send_signal(signal.SIGKILL)
        running.join(timeout=60)
        assert not running.is_alive(), "verify_on_cluster hung when its scheduler died"
    finally:
        doomed.stop()
    results = outcome["results"]
    assert [result.issue for result in results] == list(packs)
    lost = [result for result in results if result.status == "failed"]
    assert lost and all(result.status in ("verified", "failed") for result in results)
    assert all("not verified" in result.reasons[0] for result in lost), [result.reasons for result in lost]


def test_an_unreachable_scheduler_is_bad_input_at_once():
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    started = time.monotonic()
    with pytest.raises(InputError) as raised:
        cluster.verify_on_cluster([("back-01", b"")], address)
    assert time.monotonic() - started < 5
    message = str(raised.value)
    assert f"cannot reach the Dask scheduler at {address} (nothing listens there)" in message
    assert "hint: start one" in message and "Traceback" not in message
    with pytest.raises(InputError, match="'no-port' is not a Dask scheduler address"):
        cluster.verify_on_cluster([("back-01", b"")], "no-port")


def test_a_scheduler_that_never_answers_is_given_up_in_bounded_time(monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 2)
    with socket.socket() as silent:  # accepts connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(InputError, match=r"cannot reach the Dask scheduler at .* \(no answer in 2 s\)"):
            cluster.verify_on_cluster([("back-01", b"")], address)
        assert time.monotonic() - started < 8


def test_workers_under_a_nanny_are_refused_before_any_task_runs():
    from distributed import LocalCluster

    # A nanny's worker is a daemonic process: a build there could not start its layout processes.
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as nannied:
        with pytest.raises(InputError, match="cannot verify issues: a Dask worker run as a daemonic process") as raised:
            cluster.verify_on_cluster([("back-01", b"")], nannied.scheduler_address)
    assert "--no-nanny" in str(raised.value)


# -- packs at paths and URLs ------------------------------------------------------------

def test_packs_are_listed_read_and_written_at_paths_and_urls(tmp_path, packs):
    data = next(iter(packs.values()))
    folder = tmp_path / "packs"
    cluster.write_pack(str(folder / "b.tar.gz"), data)
    cluster.write_pack(f"file://{folder}/a.tar.gz", data)
    (folder / "notes.txt").write_text("not a pack")
    (folder / "older").mkdir()
    (folder / "older" / "c.tar.gz").write_bytes(data)  # not directly under the folder
    assert sorted(path.name for path in folder.iterdir()) == ["a.tar.gz", "b.tar.gz", "notes.txt", "older"]
    assert cluster.pack_urls(str(folder)) == [str(folder / "a.tar.gz"), str(folder / "b.tar.gz")]
    assert cluster.pack_urls(f"file://{folder}") == [f"file://{folder}/a.tar.gz", f"file://{folder}/b.tar.gz"]
    assert cluster.read_pack(str(folder / "a.tar.gz")) == data
    assert cluster.read_pack(f"file://{folder}/b.tar.gz") == data

    memory = f"memory://pressroom-test-{os.getpid()}"
    try:
        cluster.write_pack(f"{memory}/x.tar.gz", data)
        cluster.write_pack(f"{memory}/x.tar.gz", data[:100])  # written over, whole
        assert cluster.pack_urls(memory) == [f"memory:///pressroom-test-{os.getpid()}/x.tar.gz"]
        assert cluster.read_pack(cluster.pack_urls(memory)[0]) == data[:100]
    finally:
        import fsspec
        fsspec.filesystem("memory").rm(f"/pressroom-test-{os.getpid()}", recursive=True)

    with pytest.raises(InputError, match="missing.tar.gz does not exist"):
        cluster.read_pack(str(folder / "missing.tar.gz"))
    with pytest.raises(InputError, match="is a folder, not a pack"):
        cluster.read_pack(f"file://{folder}/older")
    with pytest.raises(InputError, match="nowhere does not exist"):
        cluster.pack_urls(str(tmp_path / "nowhere"))
    with pytest.raises(InputError, match="b.tar.gz is not a folder"):
        cluster.pack_urls(str(folder / "b.tar.gz"))
    with pytest.raises(InputError, match="cannot open nope://packs: Protocol not known: nope"):
        cluster.pack_urls("nope://packs")


def test_a_url_whose_driver_is_missing_names_what_to_install():
    import importlib.util

    if importlib.util.find_spec("s3fs") is not None:
        pytest.skip("s3fs is installed here: the test would reach for the network")
    with pytest.raises(InputError) as raised:
        cluster.pack_urls("s3://archive/packs")
    assert "cannot open s3://archive/packs: the driver for s3:// is not installed" in str(raised.value)
    assert "pip install s3fs" in str(raised.value)


def test_read_pack_refuses_an_oversized_file_before_reading_it(tmp_path):
    big = tmp_path / "big.tar.gz"
    with open(big, "wb") as stream:
        stream.truncate(archive.MAX_PACK_BYTES + 1)  # sparse: takes no disk, would take 2 GB of memory
    for url in (str(big), f"file://{big}"):
        started = time.monotonic()
        with pytest.raises(InputError, match="is larger than 2 GB"):
            cluster.read_pack(url)
        assert time.monotonic() - started < 1


def test_the_task_itself_reports_bad_input_as_failed(tmp_path):
    result = cluster.verify_pack("garbage", b"\x1f\x8b not really gzip")
    assert result["issue"] == "garbage" and result["status"] == "failed"
    assert result["reasons"][0].startswith("the pack of garbage: this is not a Pressroom pack")
    assert str(tmp_path) not in result["reasons"][0] and "pressroom-verify-" not in result["reasons"][0]
