"""Cluster: back issues verified on a Dask cluster, and packs read and written at URLs.

Each issue goes to the cluster as one task, ``verify_pack``, which carries the issue's pack
(the bytes of ``archive.pack_bytes``) or the URL of one, unpacks it into a temporary folder
on the worker and rebuilds it there (``archive.rebuild_pack``). The bytes travel in the
task itself, not as scattered data: the scheduler keeps a task's spec until it is done, so
when a worker dies its tasks are run again on another worker with their input, whereas
scattered data would die with the worker that held it. ``verify_on_cluster`` sends them
a few at a time (the scheduler holds every pack in flight), gathers the results as they
come, and turns every task that still fails (after its retries, or because workers kept
dying under it) into a "failed" row: no issue is ever missing from the table.

Workers need Pressroom installed (the same version and pins: a worker's rebuild is what is
compared with the lock) and each builds with up to one process per core. Run them without
a nanny (``dask worker --no-nanny``) or with ``DASK_DISTRIBUTED__WORKER__DAEMON=False``:
a nanny's worker is a daemonic process, which may not start the processes a build lays
pages out in.

Packs are read and written with fsspec: a local path, ``file://``, ``memory://`` (this
process's memory only), ``s3://`` and the rest when their driver is installed. A URL given
to a cluster task is read by the worker, so it must be reachable from the workers.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import os
import re
import socket
import tempfile
import uuid
from pathlib import Path

from . import archive
from .archive import Verification
from .errors import InputError, display_path
from .files import write_atomically

# How long to wait for a scheduler to answer, and for it to have a worker at all.
CONNECT_TIMEOUT_S = 10
WORKER_WAIT_S = 60
# Packs in flight at once: at most this many bytes (the scheduler keeps each task's pack
# until its result is in) and at most two tasks per worker thread, a pack at least.
MAX_IN_FLIGHT_BYTES = 2 * 1024 ** 3
TASKS_PER_THREAD = 2
PACK_SUFFIX = ".tar.gz"
# A nanny's worker process is daemonic, and multiprocessing refuses children to those.
DAEMONIC = ("a Dask worker run as a daemonic process (under a nanny, by default) may not start the "
            "processes a build lays its pages out in")
DAEMONIC_HINT = ("start the workers with dask worker --no-nanny, or with "
                 "DASK_DISTRIBUTED__WORKER__DAEMON=False in their environment")


# -- the task a worker runs ---------------------------------------------------------------

def verify_pack(name: str, pack: bytes | str, trusted: bool = True) -> dict:
    """Verify one pack (its bytes, or a path or fsspec URL read with ``read_pack``): unpack
    it into a temporary folder, rebuild it and compare with its lock. The Verification as
    a dict; bad input (an unreadable pack, a bad lock) is a "failed" one, never an error.

    ``trusted``: the pack was made by this archive's own Pressroom (``archive.pack_bytes``
    in the process that submits it), so the Pressroom source it carries may be installed
    and run if its lock asks for another Pressroom. A pack from storage others can write
    to is code from whoever wrote it: verify it with ``trusted=False``."""
    if _daemonic():
        return Verification(name, "failed", reasons=[f"not verified: {DAEMONIC}\n  hint: {DAEMONIC_HINT}"]).as_dict()
    with tempfile.TemporaryDirectory(prefix="pressroom-verify-") as scratch:
        path = Path(scratch) / f"pack{PACK_SUFFIX}"
        try:
            path.write_bytes(read_pack(pack) if isinstance(pack, str) else pack)
            return archive.rebuild_pack(path, trusted=trusted).as_dict()
        except InputError as error:
            # The temporary file means nothing to the reader: name the pack as it was given.
            shown = pack if isinstance(pack, str) else f"the pack of {name}"
            reason = str(error)
            for temporary in (str(display_path(path)), str(path)):
                reason = reason.replace(temporary, shown)
            return Verification(name, "failed", reasons=[reason]).as_dict()


def _daemonic() -> bool:
    """Whether this process is a daemonic one (a nanny's Dask worker, by default)."""
    import multiprocessing

    return bool(multiprocessing.current_process().daemon)


# -- verifying on a cluster ---------------------------------------------------------------

def verify_on_cluster(items: list[tuple[str, bytes | str]], scheduler: str, retries: int = 2,
                      trusted: bool = True) -> list[Verification]:
    """Verify each ``(name, pack)`` on the Dask cluster whose scheduler is at ``scheduler``
    (``tcp://HOST:PORT``): one task per item, run again up to ``retries`` times when it
    raises, and on another worker when its worker dies. Results in the order of ``items``,
    one for each; a task that still fails, or that a lost scheduler took with it, is a
    "failed" Verification saying why. Packs go to the scheduler only as there is room in
    flight (MAX_IN_FLIGHT_BYTES); for a large archive give URLs, not bytes: a list of bytes
    holds every pack in this process's memory.

    An unreachable scheduler (or one with no worker for WORKER_WAIT_S) is an InputError
    after at most CONNECT_TIMEOUT_S (WORKER_WAIT_S)."""
    client = connect(scheduler)
    try:
        try:  # a worker busy elsewhere may be slow to answer; then each task checks for itself
            answers = client.run(_daemonic, on_error="return", callback_timeout=3 * CONNECT_TIMEOUT_S)
        except TimeoutError:
            answers = {}
        daemonic = sorted(address for address, answer in answers.items() if answer is True)
        if daemonic:
            raise InputError.single(f"the Dask worker(s) at {', '.join(daemonic)} cannot verify issues: {DAEMONIC}",
                                    hint=DAEMONIC_HINT)
        return _verify_all(client, scheduler, list(items), retries, trusted)
    finally:
        client.close(timeout=CONNECT_TIMEOUT_S)


def connect(scheduler: str):
    """A ``distributed.Client`` connected to the scheduler at ``scheduler`` with at least one
    worker; an InputError (no traceback) when there is none to be had in a bounded time."""
    from distributed import Client
    from distributed.comm.addressing import parse_address, parse_host_port

    hint = ("start one (dask scheduler, then dask worker --no-nanny ADDRESS on each machine) "
            "or give its address as tcp://HOST:PORT")
    try:
        scheme, location = parse_address(scheduler)
        host, port = parse_host_port(location) if scheme == "tcp" else (None, None)
    except (ValueError, TypeError) as error:
        raise InputError.single(f"'{scheduler}' is not a Dask scheduler address ({error})", hint=hint) from None
    if scheme == "tcp":
        # Refused or unknown: said at once (distributed retries those until its timeout).
        # Silent: distributed bounds the connection but not the handshake after it.
        try:
            socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S).close()
            _handshake(scheduler, CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError) as error:
            reason = ("nothing listens there" if isinstance(error, ConnectionRefusedError)
                      else f"no answer in {CONNECT_TIMEOUT_S} s" if isinstance(error, TimeoutError)
                      else error.strerror or str(error))
            raise InputError.single(f"cannot reach the Dask scheduler at {scheduler} ({reason})", hint=hint) from None
        except Exception as error:  # it answered, in another protocol
            raise InputError.single(f"{scheduler} does not answer as a Dask scheduler does ({error})",
                                    hint=hint) from None
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError.single(f"cannot reach the Dask scheduler at {scheduler} ({error})", hint=hint) from None
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except (OSError, TimeoutError) as error:
        client.close(timeout=CONNECT_TIMEOUT_S)
        raise InputError.single(f"the Dask scheduler at {scheduler} has no workers ({error})",
                                hint=f"start them: dask worker --no-nanny {scheduler}") from None
    return client


def _handshake(address: str, timeout: float) -> None:
    """Open a Dask comm to ``address`` and finish its handshake within ``timeout``, in a
    thread of its own (the caller may be running an event loop)."""
    from distributed.comm import connect as open_comm

    async def probe() -> None:
        comm = await asyncio.wait_for(open_comm(address, timeout=timeout), timeout)
        await comm.close()

    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, probe()).result()


def _verify_all(client, scheduler: str, items: list, retries: int, trusted: bool) -> list[Verification]:
    import dask
    from distributed import as_completed

    run = uuid.uuid4().hex[:8]  # keys of this run only: another client may verify the same issue
    results: list[Verification | None] = [None] * len(items)
    running: dict = {}  # future -> (index, bytes its pack holds)
    done = as_completed(loop=client.loop)
    waiting = list(range(len(items)))[::-1]  # popped from the end: in order

    def size_of(pack) -> int:
        return len(pack) if isinstance(pack, (bytes, bytearray, memoryview)) else 0

    def submit_more() -> None:
        threads = sum(client.nthreads().values()) or 1  # workers come and go
        while waiting:
            name, pack = items[waiting[-1]]
            in_flight = sum(size for _, size in running.values())
            if running and (len(running) >= TASKS_PER_THREAD * threads
                            or in_flight + size_of(pack) > MAX_IN_FLIGHT_BYTES):
                return
            if client.status != "running":
                raise OSError(f"the client is {client.status}")
            index = waiting.pop()
            # The pack travels in the task (see the module's docstring): a task of tens of MB is
            # what this is, so distributed's warning about large graphs is not for it.
            limit = size_of(pack) + 64 * 1024 ** 2
            with dask.config.set({"distributed.admin.large-graph-warning-threshold": limit}):
                future = client.submit(verify_pack, name, pack, trusted, key=_task_key(name, index, run),
                                       pure=False, retries=retries)
            running[future] = (index, size_of(pack))
            done.add(future)

    lost = None
    try:
        submit_more()
        for future in done:
            index, _ = running.pop(future)
            results[index] = _outcome(future, items[index][0])
            future.release()  # the scheduler may forget the task and the pack it carries
            submit_more()
    except (OSError, TimeoutError) as error:  # the scheduler went away (CommClosedError is an OSError)
        lost = f"not verified: the connection to the Dask scheduler at {scheduler} was lost ({error})"
    return [result or Verification(items[index][0], "failed", reasons=[lost or "not verified"])
            for index, result in enumerate(results)]


def _task_key(name: str, index: int, run: str) -> str:
    """A key the dashboard shows readably: ``verify-<issue>-<n>-<run>``."""
    readable = re.sub(r"[^A-Za-z0-9._@-]+", "_", name)[:80] or "issue"
    return f"verify-{readable}-{index}-{run}"


def _outcome(future, name: str) -> Verification:
    """The Verification a finished task gave, or a "failed" one saying why it gave none."""
    try:
        result = future.result()
    except (Exception, asyncio.CancelledError, concurrent.futures.CancelledError) as error:
        return Verification(name, "failed", reasons=[_failure(error)])
    if not isinstance(result, dict) or "status" not in result:
        return Verification(name, "failed", reasons=[f"the worker answered {type(result).__name__}, not a verification"])
    known = {field.name for field in dataclasses.fields(Verification)}  # a worker's Pressroom may know more
    return Verification(**{key: value for key, value in result.items() if key in known})


def _failure(error: BaseException) -> str:
    from distributed import KilledWorker

    if isinstance(error, KilledWorker):
        return f"not verified: every worker that tried it died ({error})"
    if isinstance(error, (asyncio.CancelledError, concurrent.futures.CancelledError)):
        return f"not verified: the cluster lost the task ({error or 'cancelled'})"
    return f"not verified: the task failed on the cluster after its retries ({type(error).__name__}: {error})"


# -- packs at URLs ------------------------------------------------------------------------

def _filesystem(url: str):
    """The fsspec filesystem and path for a local path or URL; InputError naming the URL
    and what to install when its protocol is unknown or its driver missing."""
    import fsspec
    from fsspec.registry import known_implementations

    try:
        return fsspec.core.url_to_fs(url)
    except ValueError as error:
        raise InputError.single(f"cannot open {url}: {error}",
                                hint="give a local folder, or a URL fsspec knows (file://, memory://, s3:// ...)") from None
    except ImportError as error:
        protocol = url.split("://", 1)[0].split("::")[-1]
        wanted = known_implementations.get(protocol, {}).get("err") or str(error)
        package = re.search(r"\b[Ii]nstall (?:the )?([A-Za-z0-9_.-]+)", wanted)
        install = f".venv/bin/pip install {package.group(1)}" if package else "install its driver"
        raise InputError.single(f"cannot open {url}: the driver for {protocol}:// is not installed ({wanted})",
                                hint=f"{install} (in Pressroom's environment, and on every worker), "
                                     "or copy the packs to a local folder") from None


def _is_local(fs) -> bool:
    from fsspec.implementations.local import LocalFileSystem

    return isinstance(fs, LocalFileSystem)


def pack_urls(root: str) -> list[str]:
    """The packs (``*.tar.gz``) directly under a local folder or fsspec URL, sorted: local
    paths for a local folder, full URLs (``file://``, ``s3://`` ...) for a URL."""
    fs, path = _filesystem(str(root))
    try:
        if not fs.isdir(path):
            raise InputError.single(f"{root} {'is not a folder' if fs.exists(path) else 'does not exist'}",
                                    hint="give the folder the packs are in")
        entries = fs.ls(path, detail=True)
    except OSError as error:
        raise InputError.single(f"cannot list {root} ({error})") from None
    names = sorted(entry["name"] for entry in entries
                   if entry.get("type") == "file" and entry["name"].endswith(PACK_SUFFIX))
    if "://" not in str(root):
        return names
    return [fs.unstrip_protocol(name) for name in names]


def read_pack(url: str) -> bytes:
    """The bytes of the pack at a local path or fsspec URL. Refused (InputError) when it is
    missing, a folder, or larger than ``archive.MAX_PACK_BYTES``: its size is asked first,
    and no more than that is ever read."""
    fs, path = _filesystem(str(url))
    limit = archive.MAX_PACK_BYTES
    too_large = InputError.single(f"{url} is larger than {limit // 1024 ** 3} GB: no pack of one issue is near that",
                                  hint="a real pack holds one issue, tens of MB; this one is damaged or made to "
                                       "fill the disk")
    try:
        info = fs.info(path)
        if info.get("type") == "directory":
            raise InputError.single(f"{url} is a folder, not a pack", hint="give the path of a .tar.gz pack")
        if (info.get("size") or 0) > limit:
            raise too_large
        with fs.open(path, "rb") as stream:
            data = stream.read(limit + 1)  # a size the store did not know, or a file still growing
    except FileNotFoundError:
        raise InputError.single(f"{url} does not exist", hint="check the path, or list the packs with pack_urls") from None
    except IsADirectoryError:
        raise InputError.single(f"{url} is a folder, not a pack", hint="give the path of a .tar.gz pack") from None
    except OSError as error:
        raise InputError.single(f"cannot read {url} ({error})") from None
    if len(data) > limit:
        raise too_large
    return data


def write_pack(url: str, data: bytes) -> None:
    """Write a pack whole to a local path or fsspec URL, or not at all. Local paths (and
    ``file://``): ``files.write_atomically``, a temporary file renamed over the target.
    Other URLs: written under a temporary name beside the target, then moved onto it. On
    object stores (s3://, gs:// ...) a move is a copy then a delete, not a rename: readers
    never see half a pack (an object appears whole), but a writer killed between the two
    leaves its ``.NAME.PID.RANDOM.tmp`` object behind, to be deleted by hand."""
    fs, path = _filesystem(str(url))
    try:
        if _is_local(fs):
            write_atomically(Path(path), bytes(data))
            return
        parent, _, name = path.rstrip("/").rpartition("/")
        temporary = f"{parent}/.{name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp" if parent else \
            f".{name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
        if parent:
            try:
                fs.makedirs(parent, exist_ok=True)
            except NotImplementedError:
                pass
        try:
            with fs.open(temporary, "wb") as stream:
                stream.write(bytes(data))
            fs.mv(temporary, path)
        except BaseException:
            try:
                fs.rm(temporary)
            except (OSError, NotImplementedError):
                pass
            raise
    except OSError as error:
        raise InputError.single(f"cannot write {url} ({error})") from None


# -- what `pressroom archive` and `pressroom pack` ask for -------------------------------------

def verify_archive(root: str, jobs: int, scheduler: str | None = None,
                   trust_packed_pressroom: bool = False) -> list[Verification]:
    """Verify what ``root`` holds: signed-off issue folders (``*/issue.lock``) or packs
    (``*.tar.gz`` under a folder or fsspec URL). Without ``scheduler``, on this machine in
    ``jobs`` processes; with it, on that Dask cluster, one task per issue. Issue folders go
    to the cluster as packs made here (trusted: this Pressroom made them); packs at a URL
    go as their URL, and the Pressroom source they carry is run only if a worker's git
    history vouches for it or ``trust_packed_pressroom``."""
    local = "://" not in str(root) or str(root).startswith("file://")
    folder = Path(str(root).removeprefix("file://")) if local else None
    if folder is not None and folder.is_dir() and any(folder.glob(f"*/{archive.LOCK}")):
        if scheduler is None:
            return archive.archive(folder, jobs)
        issues = sorted(path.parent for path in folder.glob(f"*/{archive.LOCK}"))
        items = [(issue.name, archive.pack_bytes(issue)) for issue in issues]
        return verify_on_cluster(items, scheduler, trusted=True)
    urls = pack_urls(str(root))
    if not urls:
        raise InputError.single(f"no signed-off issues (*/{archive.LOCK}) and no packs (*{PACK_SUFFIX}) in {root}",
                                hint="sign issues off with pressroom signoff, or pack them with pressroom pack")
    items = [(url.rstrip("/").rpartition("/")[2].removesuffix(PACK_SUFFIX), url) for url in urls]
    if scheduler is not None:
        return verify_on_cluster(items, scheduler, trusted=trust_packed_pressroom)
    from concurrent.futures import ProcessPoolExecutor

    from .chunks import die_with_parent

    with ProcessPoolExecutor(max_workers=max(1, jobs), initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        answers = list(pool.map(verify_pack, [name for name, _ in items], [url for _, url in items],
                                [trust_packed_pressroom] * len(items)))
    return [Verification(**answer) for answer in answers]


def pack_issues(issue_dirs: list[Path], target: str, wheels: bool = False) -> list[tuple[str, int]]:
    """Pack each issue (``archive.pack_bytes`` with its locked PDF when built) to ``target``:
    a ``.tar.gz`` path or URL for one issue, else a folder or URL that gets
    ``<issue-id>.tar.gz`` for each. Returns (where each went, its size in bytes)."""
    single = len(issue_dirs) == 1 and str(target).endswith(PACK_SUFFIX)
    written = []
    for issue in issue_dirs:
        data = archive.pack_bytes(issue, with_pdf=True, wheels=wheels)
        where = str(target) if single else f"{str(target).rstrip('/')}/{Path(issue).resolve().name}{PACK_SUFFIX}"
        write_pack(where, data)
        written.append((where, len(data)))
    return written
