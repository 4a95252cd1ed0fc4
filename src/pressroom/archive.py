"""Archive: sign an issue off with a lock pinning everything its PDF depends on, rebuild it
from the lock and explain any difference, verify every back issue, pack one for elsewhere.

A back issue is rebuilt by the Pressroom that signed it (the lock's ``pressroom_source``):
in this process when that is the running source, else by that Pressroom installed in a
toolchain of its own (toolchain.py), from git or from the pack that carries it.

``issue.lock`` (JSON, beside ``issue.yaml``) holds: Pressroom, Python, library and system
library versions; the layout's name, folder hash and file hashes; every font's and input
file's hash; the print settings; the auto-fit adjustments; the output PDF's sha256. Signing
off pins the layout: a frozen copy ``layouts/<name>@<YYYY-MM>/`` that later design changes
leave alone.

A lock and a pack are data from disk that anyone could have written: ``read_lock`` checks
the lock against ``Lock`` (types, names, relative paths, hashes) and reports a bad key at its
line; ``pack`` takes no file that leads out of its folder; ``unpack`` refuses a pack that
would unpack past MAX_PACK_BYTES or MAX_PACK_MEMBERS before extracting anything.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .build import OversetError, build_issue, find_project_root
from .confine import confined, confined_name, valid_name
from .diff import diff
from . import __version__
from .errors import InputError
from .files import write_atomically
from .provenance import folder_digest, folder_files, running_pressroom, running_source_root, sha256_file, \
    source_digest
from .toolchain import (TOOLCHAIN_PATHS, LockedPressroom, download_wheels, ensure_toolchain, export_source,
                        locked_pressroom, rebuild_with, toolchains_root)
from .yamlfile import YamlDocument, load_yaml, validate

LOCK = "issue.lock"
# What a lock keeps of build.json: everything that decides or describes the output, not
# the run (timings, build time).
LOCKED_KEYS = ("pressroom", "issue_id", "title", "issue_number", "date", "layout", "layout_sha256", "layout_files",
               "page_count", "fonts", "font_files", "inputs", "print", "autofit", "environment",
               "output", "articles", "ads")
# Written by signoff beside them (not from build.json): which Pressroom signed the issue.
SIGNED_BY = "pressroom_source"
# Limits on what is read from disk, far beyond any real lock or pack; refused past them.
# The 16-page sample issue's lock is 19 KB; a 200-page issue's would stay under 1 MB.
MAX_LOCK_BYTES = 4 * 1024 * 1024
# The sample issue packs to 53 MB in about 100 files (its PDF is 36 MB); a 100-page issue
# with its pictures at print size (a few MB each) stays under 1 GB. A pack bomb (7 MB of
# gzip that unpacks to 4 GB of zeros) goes past them, refused before anything is extracted.
MAX_PACK_BYTES = 2 * 1024 ** 3
MAX_PACK_MEMBERS = 10_000
# One read of the pack's stream in one go: tarfile reads file data in 16 KB blocks but a
# PAX or GNU long-name header whole, before a member can be looked at. Real ones hold a
# path and a few numbers (under 4 KB); a header of gigabytes would be read into memory.
MAX_PACK_HEADER_BYTES = 1024 * 1024


def lock_from_record(record: dict) -> dict:
    return {key: record[key] for key in LOCKED_KEYS if key in record}


# -- the lock's schema ------------------------------------------------------------------

def _relative_path(value: str) -> str:
    if not value or value.startswith("/") or "\\" in value or ".." in value.split("/"):
        raise ValueError("must be a path relative to the project, with '/' and without '..'")
    return value


def _plain_name(value: str) -> str:
    if not valid_name(value):
        raise ValueError("must be a plain name (letters, digits, '.', '_', '-', '@'), not a path")
    return value


def _sha256(value: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{64}", value):
        raise ValueError("must be a sha256: 64 lower-case hex digits")
    return value


RelativePath = Annotated[str, AfterValidator(_relative_path)]
Name = Annotated[str, AfterValidator(_plain_name)]
Sha256 = Annotated[str, AfterValidator(_sha256)]


class _Part(BaseModel):
    """Part of a lock copied from build.json: types checked as they are written (strict: no
    "16" for 16); keys a later Pressroom adds to these records are let through."""

    model_config = ConfigDict(strict=True, extra="allow")


class LockedArticle(_Part):
    planned: str
    first_page: int | None = Field(ge=1)
    last_page: int | None = Field(ge=1)
    words: int = Field(ge=0)


class LockedAd(_Part):
    ad: int = Field(ge=1)
    page: int = Field(ge=1)
    size: str
    position: str
    advertiser: str | None
    file: RelativePath | None
    house: bool
    status: str
    slot_mm: dict[str, float] | None
    problems: list[str]


class LockedAdjustment(_Part):
    tracking_percent: float
    leading_pt: float
    drop_pullquote: bool


class LockedEnvironment(_Part):
    python: str
    packages: dict[str, str | None]
    system: dict[str, str | None]


class LockedOutput(_Part):
    file: Name
    sha256: Sha256
    bytes: int = Field(ge=1)


def _commit(value: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{40}", value):
        raise ValueError("must be a git commit: 40 lower-case hex digits")
    return value


class LockedSource(BaseModel):
    """Which Pressroom signed the issue: its version, git commit (None outside git) and
    the digest of its source (provenance.source_digest)."""

    model_config = ConfigDict(strict=True, extra="forbid")

    version: str
    commit: Annotated[str, AfterValidator(_commit)] | None
    source_sha256: Sha256


class Lock(BaseModel):
    """``issue.lock``: the keys LOCKED_KEYS names, no others. The layout is a plain name
    (a folder in layouts/), every file key a relative path without '..', every hash 64
    lower-case hex digits."""

    model_config = ConfigDict(strict=True, extra="forbid")

    pressroom: str
    issue_id: Name
    title: str
    issue_number: int = Field(ge=1)
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    layout: Name
    layout_sha256: Sha256
    layout_files: dict[RelativePath, Sha256]
    page_count: int = Field(ge=1)
    fonts: list[str]
    font_files: dict[RelativePath, Sha256]
    inputs: dict[RelativePath, Sha256]
    print: dict[str, str | float | bool | None]
    autofit: dict[str, LockedAdjustment]
    environment: LockedEnvironment
    output: LockedOutput
    articles: dict[str, LockedArticle]
    ads: list[LockedAd]
    pressroom_source: LockedSource | None = None  # locks of Pressroom 0.2.0 have none


def read_lock(issue_dir: Path) -> dict:
    """The issue's lock, checked against ``Lock``: an InputError naming the key and its line
    for anything else (a lock is a file anyone could have edited). Returned as read."""
    issue_dir = Path(issue_dir)
    path = confined(LOCK, issue_dir, "the lock")
    shown = issue_dir / LOCK
    restore = "restore it from git: the lock is the archive's record"
    try:
        if path.stat().st_size > MAX_LOCK_BYTES:
            raise InputError.single(f"this lock is over {MAX_LOCK_BYTES // 1024 ** 2} MB: no issue's lock comes "
                                    "near that", shown, hint=restore)
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        data = json.loads(text)
    except FileNotFoundError:
        raise InputError.single(f"{shown} does not exist: the issue is not signed off",
                                hint=f"sign it off with pressroom signoff {issue_dir}") from None
    except UnicodeDecodeError as error:
        raise InputError.single("this is not UTF-8 text", shown, raw.count(b"\n", 0, error.start) + 1,
                                hint=restore) from None
    except json.JSONDecodeError as error:
        raise InputError.single(f"this is not valid JSON: {error.msg}", shown, error.lineno, error.colno,
                                hint=restore) from None
    except OSError as error:
        raise InputError.single(f"cannot read the lock ({error.strerror or error})", shown, hint=restore) from None
    try:  # JSON is YAML: its parse gives each key's line (the data is JSON's own reading)
        positions = load_yaml(text, shown).positions
    except InputError:
        positions = {}
    validate(Lock, YamlDocument(data, positions, shown), "issue lock")
    return data


# -- sign-off -------------------------------------------------------------------------

def uncommitted(paths: list[Path], project_root: Path) -> list[str]:
    """Files under ``paths`` that git reports as changed or untracked; InputError when the
    project is not in git (a sign-off must be reproducible from the repository)."""
    try:
        result = subprocess.run(["git", "status", "--porcelain", "--", *[str(p) for p in paths]],
                                cwd=project_root, capture_output=True, text=True)
    except FileNotFoundError:
        raise InputError.single("git is not installed: a sign-off pins files that git keeps",
                                hint="apt-get install git") from None
    if result.returncode != 0:
        raise InputError.single(f"{project_root} is not a git repository ({result.stderr.strip()})",
                                hint="commit the project to git before signing issues off")
    return [line[3:] for line in result.stdout.splitlines() if line.strip()]


def pin_layout(issue_dir: Path, project_root: Path) -> tuple[str, bool]:
    """Make the issue use a frozen copy of its layout: ``layouts/<name>@<YYYY-MM>/`` (the
    issue's month). Returns the pinned name and whether issue.yaml was changed."""
    from .manifest import read_manifest

    manifest, document = read_manifest(issue_dir)
    name = manifest.layout
    if "@" in name:
        return name, False
    source = project_root / "layouts" / name
    changed = uncommitted([source], project_root)
    if changed:
        raise InputError.single(f"layout '{name}' has uncommitted changes: {', '.join(changed[:5])}",
                                hint="commit (or undo) them first: a signed-off issue pins a layout git knows")
    frozen = f"{name}@{manifest.date:%Y-%m}"
    target = project_root / "layouts" / frozen
    if target.exists():
        if folder_digest(folder_files(target, target)) != folder_digest(folder_files(source, source)):
            raise InputError.single(f"layouts/{frozen} already exists and differs from layouts/{name}",
                                    hint=f"point issue.yaml at layouts/{frozen} yourself if it is the right design")
    else:
        shutil.copytree(source, target)
    text = document.file.read_text(encoding="utf-8")
    pinned, count = re.subn(rf"^(layout:\s*)[\"']?{re.escape(name)}[\"']?(\s*(#.*)?)$",
                            rf"\g<1>{frozen}\g<2>", text, count=1, flags=re.M)
    if count != 1:
        raise InputError.single(f"cannot find the line 'layout: {name}' to pin it", document.file,
                                hint=f"write layout: {frozen} in issue.yaml yourself")
    document.file.write_text(pinned, encoding="utf-8")
    return frozen, True


def signed_by(running: dict | None = None) -> dict:
    """The lock's record of the Pressroom signing it (SIGNED_BY): this one's version, commit
    and source digest."""
    running = running or running_pressroom()
    return {key: running[key] for key in ("version", "commit", "source_sha256")}


def signoff(issue_dir: Path, warnings: list[str] | None = None) -> dict:
    """Pin the layout, build, and write ``issue.lock``; InputError when the build is not
    clean (a failed check or overset copy) or the layout has uncommitted changes. The lock
    records which Pressroom signed it (SIGNED_BY); when that Pressroom's source has
    uncommitted changes, a warning says so (its commit is not the source that signed)."""
    issue_dir = Path(issue_dir)
    root = find_project_root(issue_dir)
    pinned, _ = pin_layout(issue_dir, root)
    try:
        result = build_issue(issue_dir)
    except OversetError as overset:
        raise InputError.single(f"{len([f for f in overset.fits if f.status == 'OVER'])} overset "
                                "stories: an issue is signed off only when it fits",
                                hint=f"pressroom fit {issue_dir}") from None
    if not result.ok:
        raise InputError.single("the build fails its checks: " + "; ".join(str(f) for f in result.failures[:3]),
                                hint="fix them, then sign off")
    lock = lock_from_record(result.record)
    running = running_pressroom()
    if running["source_sha256"] is None:
        (warnings if warnings is not None else []).append(
            "this Pressroom is not run from its source tree: the lock cannot name its commit, and the "
            "issue verifies only with this same installation")
    else:
        lock[SIGNED_BY] = signed_by(running)
        if running["uncommitted"] and warnings is not None:
            warnings.append(f"Pressroom's source has uncommitted changes ({', '.join(running['uncommitted'][:4])}): "
                            "the lock names commit "
                            f"{(running['commit'] or 'none')[:10]}, which is not the source that signed it. Commit "
                            "them and sign off again, or the issue verifies only while this source stays as it is")
    validate(Lock, YamlDocument(lock, {}, issue_dir / LOCK), "issue lock")  # what read_lock will accept
    write_atomically(issue_dir / LOCK, (json.dumps(lock, indent=2, sort_keys=True, ensure_ascii=False)
                                        + "\n").encode())
    return lock


# -- rebuild and verify -----------------------------------------------------------------

@dataclass
class Verification:
    issue: str
    status: str  # verified, differs, failed
    pages: int | None = None
    reasons: list[str] = field(default_factory=list)
    pages_changed: list[int] = field(default_factory=list)
    locked_sha256: str | None = None
    rebuilt_sha256: str | None = None
    rebuilt_by: str | None = None  # which Pressroom rebuilt it: this one, or a locked toolchain

    def as_dict(self) -> dict:
        return asdict(self)


def explain(lock: dict, record: dict) -> list[str]:
    """What differs between the lock and this rebuild, most telling first."""
    reasons = []
    locked, now = lock.get("inputs", {}), record.get("inputs", {})
    for name in sorted(set(locked) | set(now)):
        if name not in now:
            reasons.append(f"input file {name} is gone")
        elif name not in locked:
            reasons.append(f"input file {name} is new")
        elif locked[name] != now[name]:
            kind = "layout file" if name.startswith("layouts/") else "font" if name.startswith("fonts/") else "input file"
            reasons.append(f"{kind} {name} has changed")
    if lock.get("layout") != record.get("layout"):
        reasons.append(f"layout is {record.get('layout')}, locked {lock.get('layout')}")
    if lock.get("autofit") != record.get("autofit"):
        reasons.append("auto-fit chose different adjustments")
    if lock.get("print") != record.get("print"):
        changed = [key for key in set(lock.get("print", {})) | set(record.get("print", {}))
                   if lock.get("print", {}).get(key) != record.get("print", {}).get(key)]
        reasons.append("print settings differ: " + ", ".join(sorted(changed)))
    env_then, env_now = lock.get("environment", {}), record.get("environment", {})
    if env_then.get("python") != env_now.get("python"):
        reasons.append(f"Python {env_now.get('python')}, locked {env_then.get('python')}")
    for group in ("packages", "system"):
        then, now_ = env_then.get(group, {}), env_now.get(group, {})
        for name in sorted(set(then) | set(now_)):
            if then.get(name) != now_.get(name):
                reasons.append(f"{name} {now_.get(name)}, locked {then.get(name)}")
    return reasons


def rebuild(issue_dir: Path, reference_pdf: Path | None = None, out_dir: Path | None = None,
            pressroom_commit: str | None = None, packed_source: Path | None = None,
            wheels: Path | None = None, trusted: bool = False) -> Verification:
    """Rebuild a signed-off issue into a scratch folder and compare with its lock, with the
    Pressroom that signed it: this one, in this process, when its source is the locked
    source; otherwise that Pressroom's own toolchain (toolchain.py), its source from git
    (``pressroom_commit`` for a lock of Pressroom 0.2.0 that git cannot place) or from a
    pack (``packed_source``, ``wheels``). When the bytes differ, say why (files, fonts,
    layout, versions) and which pages look different (when the locked PDF is at hand:
    ``reference_pdf``, or the last build if it matches)."""
    issue_dir = Path(issue_dir)
    lock = read_lock(issue_dir)
    locked = locked_pressroom(lock, issue_dir / LOCK, pressroom_commit)
    verification = Verification(issue_dir.resolve().name, "failed", lock.get("page_count"),
                                locked_sha256=lock.get("output", {}).get("sha256"))
    with tempfile.TemporaryDirectory() as scratch:
        source = _locked_source(locked, issue_dir, packed_source, trusted, Path(scratch) / "source")
        if source is not None:
            return _rebuild_with_toolchain(issue_dir, lock, locked, source, wheels, verification, Path(scratch))
    verification.rebuilt_by = f"this Pressroom ({__version__})"
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(out_dir) if out_dir else Path(scratch) / "out"  # its build lock in scratch too
        try:
            result = build_issue(issue_dir, target)
        except InputError as error:
            verification.reasons = [f"the issue no longer builds: {problem}" for problem in error.problems]
            return verification
        except OversetError:
            verification.reasons = ["the issue no longer fits: copy is overset"]
            return verification
        verification.rebuilt_sha256 = result.record["output"]["sha256"]
        verification.pages = result.page_count
        if verification.rebuilt_sha256 == verification.locked_sha256:
            verification.status = "verified"
            return verification
        verification.status = "differs"
        verification.reasons = explain(lock, result.record) or [
            "same inputs and versions, different bytes: the rendering is not reproducible here "
            "(is libharfbuzz-subset0 installed?)"]
        if reference_pdf is None:
            candidate = find_project_root(issue_dir) / "build" / issue_dir.resolve().name / f"{issue_dir.resolve().name}.pdf"
            if candidate.is_file() and sha256_file(candidate) == verification.locked_sha256:
                reference_pdf = candidate
        if reference_pdf is not None:
            report = diff(reference_pdf, result.pdf_path, target / "diff")
            verification.pages_changed = [change.page for change in report.changed] + report.added + report.removed
    return verification


def _running_digest() -> str | None:
    root = running_source_root()
    return source_digest(root) if root else None


def _locked_source(locked: LockedPressroom, issue_dir: Path, packed_source: Path | None, trusted: bool,
                   scratch: Path) -> Path | None:
    """The folder holding the source of the Pressroom that signed the issue, or None when
    that is the running one. From a pack (checked against the lock, and against this
    repository's git unless ``trusted``: a pack's source is code from whoever made it), or
    from git at the locked commit (checked against the lock's source digest)."""
    running = _running_digest()
    digest = source_digest(packed_source) if packed_source is not None else None
    if digest and locked.source_sha256 and digest != locked.source_sha256:  # checked even when unused
        raise InputError.single("the Pressroom source in this pack is not the one that signed the issue "
                                f"(its digest {digest[:12]}, the lock's {locked.source_sha256[:12]})",
                                hint="the pack is damaged or was altered: pack the issue again")
    if locked.source_sha256 and locked.source_sha256 == running:
        return None
    if packed_source is not None:
        if digest == running:
            return None
        if not trusted:
            known = _known_commit_digest(locked)
            if known != digest:
                raise InputError.single(
                    f"this pack carries the source of {locked.describe()}, which is not the Pressroom running "
                    "here, and this repository's git history cannot vouch for it: installing it would run "
                    "code from whoever made the pack",
                    hint="rebuild it in a clone of Pressroom's repository that has that commit, or pass "
                         "--trust-packed-pressroom if you made the pack yourself")
        return packed_source
    if not locked.commit:
        raise InputError.single(f"the issue was signed by {locked.describe()} outside git: its source is "
                                "nowhere to be taken", issue_dir / LOCK,
                                hint="rebuild it from a pack made when it was signed off")
    repository = running_source_root() or find_project_root(issue_dir)
    digest = export_source(locked.commit, repository, scratch)
    if locked.source_sha256 and digest != locked.source_sha256:
        raise InputError.single(f"the source at commit {locked.commit[:10]} is not the one that signed the issue: "
                                "it was signed off with uncommitted changes to Pressroom", issue_dir / LOCK,
                                hint="rebuild it from a pack made when it was signed off")
    return None if digest == running else scratch


def _known_commit_digest(locked: LockedPressroom) -> str | None:
    """The source digest of the locked commit in this Pressroom's own git history, if any."""
    root = running_source_root()
    if not root or not locked.commit:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        try:
            return export_source(locked.commit, root, Path(scratch))
        except InputError:
            return None


def _scratch_project(issue_dir: Path, lock: dict, source: Path, scratch: Path) -> Path:
    """A project of the issue alone for the locked Pressroom: the issue folder, its layout
    and fonts as they are on disk, and the profiles of the locked source."""
    project = scratch / "project"
    for name, path in pack_members(issue_dir, with_pdf=False).items():
        if name.startswith("profiles/") and (source / "profiles").is_dir():
            continue
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, project / name)
    if (source / "profiles").is_dir():
        shutil.copytree(source / "profiles", project / "profiles")
    return project


def _changed_inputs(lock: dict, project: Path) -> list[str]:
    """The lock's input files that are gone or changed in ``project``, and layout files the
    lock does not know: the locked Pressroom runs only on exactly what it signed off."""
    reasons = []
    for name, digest in sorted(lock["inputs"].items()):
        path = project / name
        kind = "layout file" if name.startswith("layouts/") else "font" if name.startswith("fonts/") else "input file"
        if not path.is_file():
            reasons.append(f"{kind} {name} is gone")
        elif sha256_file(path) != digest:
            reasons.append(f"{kind} {name} has changed")
    on_disk = folder_files(project / "layouts" / lock["layout"], project)
    reasons += [f"layout file {name} is new" for name in sorted(set(on_disk) - set(lock["layout_files"]))]
    return reasons


def _rebuild_with_toolchain(issue_dir: Path, lock: dict, locked: LockedPressroom, source: Path,
                            wheels: Path | None, verification: Verification, scratch: Path) -> Verification:
    project = _scratch_project(issue_dir, lock, source, scratch)
    verification.rebuilt_by = f"{locked.describe()} (its toolchain)"
    changed = _changed_inputs(lock, project)
    if changed:
        verification.status = "differs"
        verification.reasons = changed + [f"not rebuilt: {locked.describe()} is run only on the files it signed off"]
        return verification
    try:
        home = find_project_root(Path.cwd())
    except InputError:
        home = find_project_root(issue_dir)
    toolchain = ensure_toolchain(source, locked.version, toolchains_root(home), wheels)
    verification.rebuilt_by = f"{locked.describe()} (toolchain {toolchain.name})"
    answer = rebuild_with(toolchain, project, issue_dir.resolve().name)
    for key in ("status", "pages", "reasons", "pages_changed", "rebuilt_sha256"):
        if key in answer:
            setattr(verification, key, answer[key])
    if verification.status == "verified" and verification.rebuilt_sha256 != verification.locked_sha256:
        verification.status = "failed"  # never take a toolchain's word against the lock's hash
        verification.reasons = ["the locked Pressroom said verified, but its sha256 is not the lock's"]
    return verification


def _verify_one(issue_dir: str) -> dict:
    try:
        return rebuild(Path(issue_dir)).as_dict()
    except InputError as error:
        return Verification(Path(issue_dir).name, "failed", reasons=[str(error)]).as_dict()


def archive(issues_root: Path, jobs: int = 2) -> list[Verification]:
    """Verify every signed-off issue under ``issues_root`` in parallel processes."""
    issues = sorted(path.parent for path in Path(issues_root).glob(f"*/{LOCK}"))
    if not issues:
        raise InputError.single(f"no signed-off issues under {issues_root} (no */{LOCK})",
                                hint="sign issues off with pressroom signoff ISSUE_DIR")
    from .chunks import die_with_parent

    # Each worker dies with this process, however it ends (no orphan goes on verifying).
    with ProcessPoolExecutor(max_workers=max(1, jobs), initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        results = list(pool.map(_verify_one, [str(path) for path in issues]))
    return [Verification(**result) for result in results]


# -- pack -------------------------------------------------------------------------------

def pack_members(issue_dir: Path, with_pdf: bool = True) -> dict[str, Path]:
    """What a pack of ``issue_dir`` holds, by member name: the issue folder (sources,
    pictures, ads, lock), its pinned layout, fonts, profiles, the install pins and, with
    ``with_pdf``, the locked PDF when the last build in build/<issue-id>/ is it."""
    issue_dir = Path(issue_dir)
    root = find_project_root(issue_dir)
    lock = read_lock(issue_dir)
    issue_id = issue_dir.resolve().name
    layout = confined_name(lock["layout"], root / "layouts", "layout", file=issue_dir / LOCK)
    if not layout.is_dir():
        raise InputError.single(f"layout '{lock['layout']}' is not in layouts/", issue_dir / LOCK,
                                hint="a signed-off issue's pinned layout is committed with it: restore it from git")
    members: dict[str, Path] = {}
    for folder, prefix in ((issue_dir, f"issues/{issue_id}"), (layout, f"layouts/{lock['layout']}"),
                           (root / "fonts", "fonts"), (root / "profiles", "profiles")):
        for path in sorted(folder.rglob("*")):
            # A link that leads out of its folder is refused, not followed into the pack.
            resolved = confined(path.relative_to(folder), folder, "file", file=folder, hint="a pack holds only "
                                "what is inside the issue, its layout, fonts/ and profiles/: remove the link")
            if resolved.is_file():
                members[f"{prefix}/{path.relative_to(folder).as_posix()}"] = resolved
    for name in ("constraints.txt", "debian-packages.txt", "pyproject.toml"):
        if (root / name).is_file():
            members[f"install/{name}"] = root / name
    pdf = root / "build" / issue_id / f"{issue_id}.pdf"
    if with_pdf and pdf.is_file() and sha256_file(pdf) == lock["output"]["sha256"]:
        members[f"pdf/{pdf.name}"] = pdf  # the reference a rebuild that differs is compared with
    return members


def pack_bytes(issue_dir: Path, with_pdf: bool = False, wheels: bool = False) -> bytes:
    """The pack of ``issue_dir`` as bytes (tar.gz): ``pack_members``, and under
    ``pressroom/`` the source of the Pressroom that signed it (with SOURCE.json: version,
    commit, digest), so that it can be rebuilt by that Pressroom anywhere; with ``wheels``
    also every Python wheel installing it needs, under ``wheels/`` (no registry needed).
    Deterministic: sorted members, fixed times and owners. Without ``with_pdf`` it needs no
    build (what a cluster task carries)."""
    members: dict[str, Path | bytes] = dict(pack_members(issue_dir, with_pdf))
    with tempfile.TemporaryDirectory() as scratch:
        source, locked = _source_to_pack(issue_dir, Path(scratch) / "source")
        members.update({f"pressroom/{name}": path for name, path in _source_members(source).items()})
        if wheels:
            download_wheels(source, Path(scratch) / "wheels")
            members.update({f"wheels/{path.name}": path for path in sorted((Path(scratch) / "wheels").iterdir())})
        record = {"version": locked.version, "commit": locked.commit, "source_sha256": source_digest(source)}
        members["pressroom/SOURCE.json"] = (json.dumps(record, indent=2, sort_keys=True) + "\n").encode()
        buffer = io.BytesIO()
        # mtime 0 in the gzip header too: the same issue packs to the same bytes
        with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as compressed, \
                tarfile.open(fileobj=compressed, mode="w:", format=tarfile.PAX_FORMAT) as tar:
            for name in sorted(members):
                member = members[name]
                data = member if isinstance(member, bytes) else member.read_bytes()
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode, info.uid, info.gid = len(data), 0, 0o644, 0, 0
                tar.addfile(info, io.BytesIO(data))
        return buffer.getvalue()


def _source_to_pack(issue_dir: Path, scratch: Path) -> tuple[Path, LockedPressroom]:
    """The folder holding the source of the Pressroom that signed the issue: the running
    source tree when it is that one, else ``scratch`` with the source from git at the
    locked commit."""
    lock = read_lock(issue_dir)
    locked = locked_pressroom(lock, Path(issue_dir) / LOCK)
    source = _locked_source(locked, Path(issue_dir), None, False, scratch)
    return (source if source is not None else running_source_root()), locked


def _source_members(source: Path) -> dict[str, Path]:
    """The files of a Pressroom source folder a pack carries (TOOLCHAIN_PATHS), by name."""
    found = {}
    for name in TOOLCHAIN_PATHS:
        path = source / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path] if path.is_file() else []:
            relative = file.relative_to(source).as_posix()
            if file.is_file() and "__pycache__" not in relative and ".egg-info" not in relative \
                    and not relative.endswith(".pyc"):
                found[relative] = file
    return found


def pack(issue_dir: Path, target: Path, wheels: bool = False) -> list[str]:
    """Write the pack of ``issue_dir`` (with its locked PDF, its Pressroom's source and, with
    ``wheels``, the wheels to install it offline) to ``target``, whole; returns its member
    names."""
    data = pack_bytes(issue_dir, with_pdf=True, wheels=wheels)
    write_atomically(Path(target), data)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return tar.getnames()


class _PackStream(gzip.GzipFile):
    """The pack's gzip stream as tarfile reads it, refusing any one read past
    MAX_PACK_HEADER_BYTES (only a bomb's PAX or long-name header asks for that much)."""

    def read(self, size=-1):
        if size is None or size < 0 or size > MAX_PACK_HEADER_BYTES:
            raise _PackTooLarge(f"it holds a header of more than {MAX_PACK_HEADER_BYTES // 1024 ** 2} MB "
                                "(real ones hold a file's path)")
        return super().read(size)


class _PackTooLarge(Exception):
    pass


def unpack(package: Path, folder: Path) -> Path:
    """Extract a pack into ``folder``; the issue folder. The members are walked first, and a
    pack that would unpack past MAX_PACK_BYTES or MAX_PACK_MEMBERS is refused before anything
    is extracted; tarfile's "data" filter extracts files and folders only, none outside
    ``folder``, and no link leading out of it."""
    package = Path(package)
    refused = ("a real pack holds one issue, tens of MB in a few hundred files: this one is damaged "
               "or made to fill the disk")
    try:
        with _PackStream(package) as stream, tarfile.open(fileobj=stream, mode="r:") as tar:
            members, total = [], 0
            for member in tar:
                members.append(member)
                total += member.size
                if total > MAX_PACK_BYTES:
                    raise _PackTooLarge(f"it unpacks to more than {MAX_PACK_BYTES // 1024 ** 3} GB "
                                        f"(at '{member.name}')")
                if len(members) > MAX_PACK_MEMBERS:
                    raise _PackTooLarge(f"it holds more than {MAX_PACK_MEMBERS:,} files (at '{member.name}')")
            tar.extractall(folder, members=members, filter="data")
    except _PackTooLarge as error:
        raise InputError.single(f"this pack is refused: {error}", package, hint=refused) from None
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise InputError.single(f"this is not a Pressroom pack ({error})", package) from None
    issues = sorted({member.name.split("/")[1] for member in members
                     if member.name.startswith("issues/") and member.name.count("/") >= 2})
    if len(issues) != 1:
        raise InputError.single(f"{package} holds {len(issues)} issues; a pack holds one")
    return Path(folder) / "issues" / issues[0]


def rebuild_pack(package: Path, trusted: bool = False, pressroom_commit: str | None = None) -> Verification:
    """Unpack into a temporary folder and rebuild there; the packed PDF is the reference.
    ``trusted``: the pack was made by this archive's own Pressroom (a cluster task), so the
    Pressroom source it carries may be installed and run when the lock asks for it; else
    only a source this repository's git history holds is run."""
    with tempfile.TemporaryDirectory() as scratch:
        issue_dir = unpack(package, Path(scratch))
        pdfs = sorted((Path(scratch) / "pdf").glob("*.pdf"))
        source = Path(scratch) / "pressroom"
        commit = pressroom_commit
        if commit is None and (source / "SOURCE.json").is_file():
            try:
                commit = json.loads((source / "SOURCE.json").read_text(encoding="utf-8")).get("commit")
            except ValueError:
                raise InputError.single("pressroom/SOURCE.json in this pack is not valid JSON", package) from None
            if commit is not None and not re.fullmatch(r"[0-9a-f]{40}", str(commit)):
                raise InputError.single("pressroom/SOURCE.json in this pack names no git commit", package)
        wheels = Path(scratch) / "wheels"
        return rebuild(issue_dir, pdfs[0] if pdfs else None, pressroom_commit=commit,
                       packed_source=source if (source / "src").is_dir() else None,
                       wheels=wheels if wheels.is_dir() else None, trusted=trusted)
