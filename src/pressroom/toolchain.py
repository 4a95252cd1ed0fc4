"""Toolchains: the Pressroom that signed an issue off, when it is not the one running.

A back issue is never re-signed to make it verify: it is rebuilt by the Pressroom that
signed it. That Pressroom's source (src/, pyproject.toml, the pins, and the profiles it
read) is taken from git at the locked commit or from a pack, checked against the lock's
source digest, and installed with its own pinned libraries in an isolated virtual
environment, ``build/toolchains/<version>-<key>/`` (``$PRESSROOM_TOOLCHAINS`` moves them),
keyed by the source digest and the Python version. It is made once (from the package
registry, or offline from a pack's wheels) and reused. That Pressroom is then asked, as a
separate process, to ``rebuild --verify --json`` a scratch copy of the issue; the command
and its JSON are the same in every Pressroom since 0.2.0.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .provenance import SOURCE_PATHS, git, source_digest

TOOLCHAINS_ENV = "PRESSROOM_TOOLCHAINS"
INSIDE_ENV = "PRESSROOM_TOOLCHAIN"  # set for a toolchain's Pressroom: it never makes another
# What is taken of a Pressroom besides its source: the README its pyproject names, and the
# profiles it read (their schema is its own: a later Pressroom's profiles may not load).
TOOLCHAIN_PATHS = (*SOURCE_PATHS, "README.md", "profiles")
READY = "toolchain.json"  # written last: a toolchain without it is half made
# Installing from the registry takes ~20 s here, from a pack's wheels ~10 s; a rebuild of a
# 16-page issue by an older Pressroom ~10 s. Far past these, something hangs.
INSTALL_TIMEOUT_S = 900
REBUILD_TIMEOUT_S = 1800


@dataclass
class LockedPressroom:
    """The Pressroom a lock names: its version, commit and source digest (a lock written by
    Pressroom 0.2.0 has no commit or digest: the commit is found in git, ``found_by``)."""

    version: str
    commit: str | None
    source_sha256: str | None
    found_by: str = "recorded in the lock"

    def describe(self) -> str:
        at = f" at {self.commit[:10]}" if self.commit else ""
        return f"Pressroom {self.version}{at}"


def toolchains_root(project_root: Path) -> Path:
    configured = os.environ.get(TOOLCHAINS_ENV)
    return Path(configured) if configured else Path(project_root) / "build" / "toolchains"


def locked_pressroom(lock: dict, lock_path: Path, commit: str | None = None) -> LockedPressroom:
    """Which Pressroom signed the lock at ``lock_path``. A lock from Pressroom 0.2.0 names
    only a version: its commit is ``commit`` when given, else the commit that last wrote
    the lock (git log); InputError when git cannot say."""
    if commit is not None and not re.fullmatch(r"[0-9a-f]{7,40}", commit):
        raise InputError.single(f"'{commit}' is not a git commit", hint="give the commit's hex name "
                                "(7 to 40 lower-case hex digits), as git log shows it")
    recorded = lock.get("pressroom_source")
    if recorded:
        return LockedPressroom(recorded["version"], commit or recorded.get("commit"), recorded["source_sha256"])
    if commit:
        return LockedPressroom(lock["pressroom"], commit, None, "given on the command line")
    lock_path = Path(lock_path)
    hint = ("give the commit of the Pressroom that signed it: --pressroom-commit SHA (git log -- "
            f"{lock_path.name} shows the sign-off)")
    if git(["status", "--porcelain", "--", lock_path.name], lock_path.parent):
        raise InputError.single("this lock has uncommitted changes: the commit that signed it cannot be "
                                "told from git", lock_path, hint="restore it (git checkout) or commit it")
    found = git(["log", "-1", "--format=%H", "--", lock_path.name], lock_path.parent)
    if not found:
        raise InputError.single(f"this lock was written by Pressroom {lock['pressroom']}, which recorded no "
                                "commit, and git has no history of it here (not a repository, or a "
                                "shallow clone)", lock_path, hint=hint)
    return LockedPressroom(lock["pressroom"], found, None, "the commit that last wrote the lock")


def export_source(commit: str, repository: Path, target: Path) -> str:
    """Write Pressroom's source as it was at ``commit`` (TOOLCHAIN_PATHS, from git) into
    ``target``; returns its source digest. InputError when the commit is not there."""
    full = git(["rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}"], repository)
    if not full:
        raise InputError.single(f"commit {commit} is not in the git history of {repository}",
                                hint="fetch it (git fetch --unshallow, in a shallow clone), or rebuild "
                                     "from a pack that carries its Pressroom")
    listed = git(["ls-tree", "--name-only", full, "--", *TOOLCHAIN_PATHS], repository) or ""
    archive = subprocess.run(["git", "archive", "--format=tar", full, "--", *listed.split()],
                             cwd=repository, capture_output=True, timeout=120)
    if archive.returncode != 0 or "src" not in listed.split():
        raise InputError.single(f"commit {commit} holds no Pressroom source (src/)", hint="check the commit")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return source_digest(target)


def _clean_environment() -> dict:
    """This process's environment without what would make a toolchain's Python import
    something other than its own installation (PYTHONPATH...) or change Pressroom's own
    behaviour (PRESSROOM_*); with PRESSROOM_TOOLCHAIN naming that it runs in a toolchain."""
    dropped = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "PYTHONSAFEPATH", "VIRTUAL_ENV")
    return {key: value for key, value in os.environ.items()
            if key not in dropped and not key.startswith("PRESSROOM_")}


def _toolchain_key(source_sha256: str) -> str:
    python = f"{platform.python_implementation()}-{platform.python_version()}"
    return hashlib.sha256(f"{source_sha256}|{python}".encode()).hexdigest()[:16]


def ensure_toolchain(source: Path, version: str, root: Path, wheels: Path | None = None) -> Path:
    """The virtual environment with the Pressroom in ``source`` installed with its own pins
    (``source/constraints.txt``): made once under ``root``, then reused. With ``wheels``,
    installed from those files only (pip --no-index: no registry needed). Two processes
    asking for the same toolchain at once: one makes it, the other waits and reuses it."""
    if os.environ.get(INSIDE_ENV):
        raise InputError.single(f"the Pressroom of toolchain {os.environ[INSIDE_ENV]} asked for another toolchain: "
                                "its source is not the source its lock names",
                                hint="the toolchain's source was changed after it was made: remove its folder "
                                     "under build/toolchains/ to make it again")
    digest = source_digest(source)
    folder = Path(root) / f"{version}-{_toolchain_key(digest)}"
    if (folder / READY).is_file() and source_digest(folder / "source") == digest:
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".{folder.name}.lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)  # released when the file closes, or the holder dies
        if (folder / READY).is_file() and source_digest(folder / "source") == digest:
            return folder
        shutil.rmtree(folder, ignore_errors=True)  # a half-made one: its maker died
        try:
            _install(source, folder, wheels)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        (folder / READY).write_text(json.dumps({"version": version, "source_sha256": digest,
                                                "python": platform.python_version(),
                                                "offline": wheels is not None}, indent=2) + "\n")
    return folder


def _install(source: Path, folder: Path, wheels: Path | None) -> None:
    def run(command: list[str], what: str) -> None:
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S,
                                    env=_clean_environment())
        except subprocess.TimeoutExpired:
            raise InputError.single(f"{what} took more than {INSTALL_TIMEOUT_S // 60} minutes",
                                    hint="is the package registry reachable? pack the issue with --wheels "
                                         "to rebuild without it") from None
        if result.returncode != 0:
            tail = " ".join(result.stderr.strip().splitlines()[-3:])
            raise InputError.single(f"{what} failed: {tail}",
                                    hint="the package registry must be reachable (or the pack made with "
                                         "--wheels), and the Debian packages of debian-packages.txt installed")

    # The source is kept in the toolchain and installed from there in place (pip -e), so that
    # the toolchain's Pressroom knows its own source (provenance.running_source_root): asked
    # to rebuild an issue it signed, it finds itself the locked Pressroom and builds it.
    shutil.copytree(source, folder / "source", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    run([sys.executable, "-m", "venv", str(folder)], "making the toolchain's virtual environment")
    offline = ["--no-index", "--find-links", str(wheels)] if wheels else []
    run([str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         *offline, "--constraint", str(folder / "source" / "constraints.txt"), "--editable", str(folder / "source")],
        f"installing the locked Pressroom into {folder}")
    if source_digest(folder / "source") != source_digest(source):
        raise InputError.single(f"installing the locked Pressroom changed its source in {folder / 'source'}",
                                hint="report this: a toolchain's source must stay as it was taken")


def download_wheels(source: Path, target: Path) -> None:
    """Every wheel that installing the Pressroom in ``source`` needs (its pins, and
    setuptools to build it), into ``target``: from the package registry, for a pack."""
    target.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                                 "--dest", str(target), "--constraint", str(source / "constraints.txt"),
                                 str(source), "setuptools>=68"],
                                capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, env=_clean_environment())
    except subprocess.TimeoutExpired:
        raise InputError.single("downloading the wheels took too long", hint="is the package registry reachable?") \
            from None
    if result.returncode != 0:
        tail = " ".join(result.stderr.strip().splitlines()[-3:])
        raise InputError.single(f"downloading the wheels failed: {tail}",
                                hint="pack --wheels needs the package registry once, when the pack is made")


def _die_with_this_process() -> None:
    from .chunks import die_with_parent

    os.setsid()  # its own process group, so that its chunk workers can be stopped with it
    die_with_parent(os.getppid())


def rebuild_with(toolchain: Path, project: Path, issue_id: str) -> dict:
    """Ask the toolchain's Pressroom to rebuild ``issues/<issue_id>`` of the scratch project
    ``project`` and verify it against its lock: its JSON result (a Verification's fields).
    It uses a cache of its own in the scratch project, never the running Pressroom's."""
    env = {**_clean_environment(), "PRESSROOM_CACHE": str(project / "build" / "cache"),
           INSIDE_ENV: toolchain.name}
    command = [str(toolchain / "bin" / "pressroom"), "rebuild", f"issues/{issue_id}", "--verify", "--json"]
    try:
        result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                                timeout=REBUILD_TIMEOUT_S, preexec_fn=_die_with_this_process)
    except subprocess.TimeoutExpired:
        return {"status": "failed", "reasons": [f"the locked Pressroom took more than {REBUILD_TIMEOUT_S // 60} "
                                                 "minutes to rebuild it"]}
    try:
        answer = json.loads(result.stdout)
        if not isinstance(answer, dict) or "status" not in answer:
            raise ValueError("no status")
        return answer
    except ValueError:
        tail = " ".join((result.stderr or result.stdout).strip().splitlines()[-3:])
        return {"status": "failed", "reasons": [f"the locked Pressroom could not rebuild it (exit "
                                                 f"{result.returncode}): {tail}"]}
