"""The build cache: what earlier builds made (converted pictures, laid-out chunks, jump
breaks, PDF/X parts, measured ink), kept in ``build/cache/`` (or the folder the
``PRESSROOM_CACHE`` environment variable names) and trusted for nothing.

Every entry is one file: a header line, then its parts' bytes one after the other. The
header is JSON: the entry's kind, its key, and each part's name, length and sha256.
``read_entry`` gives the parts back only when the header names the kind and key asked for
(so an entry copied over another is caught), the file is exactly as long as its parts (so
a truncated or padded one is caught) and every part read matches its sha256 (so flipped
bytes are caught). Anything else is a damaged entry: it is deleted, a warning is kept for
the build to report (``take_warnings``), and the caller makes it again. Entries are
written under a unique temporary name and renamed into place (``write_atomically``), so
builds sharing the cache never see half an entry.

The cache detects damage (a crash, a full disk, a bad copy, a tool run over it); it does
not stop someone who can write to it from forging entries, who could as well edit the
issue itself (docs/security.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .files import write_atomically

CACHE_ENV = "PRESSROOM_CACHE"
ENTRY_FORMAT = "pressroom-cache/1"
MAX_HEADER_BYTES = 64 * 1024
_warnings: list[str] = []


def cache_root(project_root: Path) -> Path:
    """The cache folder: ``$PRESSROOM_CACHE`` when set, else ``build/cache`` in the project."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else Path(project_root) / "build" / "cache"


def write_entry(path: Path, kind: str, key: str, parts: dict[str, bytes]) -> None:
    """Write the entry ``kind``/``key`` with ``parts`` (name -> bytes) to ``path``, whole."""
    header = {"format": ENTRY_FORMAT, "kind": kind, "key": key,
              "parts": [[name, len(data), hashlib.sha256(data).hexdigest()] for name, data in parts.items()]}
    write_atomically(path, json.dumps(header, separators=(",", ":")).encode() + b"\n"
                     + b"".join(parts.values()))


def read_entry(path: Path, kind: str, key: str, names: Iterable[str] | None = None) -> dict[str, bytes] | None:
    """The parts ``names`` (default: all) of the entry at ``path``, each checked against
    its sha256; None when there is no entry, or when it is damaged (then it is deleted)."""
    try:
        with open(path, "rb") as stream:
            head = stream.readline(MAX_HEADER_BYTES)
            layout, problem = _parts_layout(head, kind, key)
            size = os.fstat(stream.fileno()).st_size
            if problem is None and size != len(head) + sum(length for _, length, _ in layout.values()):
                problem = f"it is {size} bytes long, not {len(head) + sum(l for _, l, _ in layout.values())}"
            found: dict[str, bytes] = {}
            for name in (names if names is not None else list(layout)) if problem is None else ():
                if name not in layout:
                    problem = f"it has no part '{name}'"
                    break
                offset, length, digest = layout[name]
                stream.seek(len(head) + offset)
                data = stream.read(length)
                if len(data) != length or hashlib.sha256(data).hexdigest() != digest:
                    problem = f"its part '{name}' does not match its sha256"
                    break
                found[name] = data
    except FileNotFoundError:
        return None
    except OSError as error:
        problem = f"it cannot be read ({error.strerror or error})"
    if problem is None:
        return found
    discard(path, kind, problem)
    return None


def discard(path: Path, kind: str, problem: str) -> None:
    """Delete a damaged entry and keep a warning saying so."""
    try:
        Path(path).unlink(missing_ok=True)
    except OSError:
        pass
    _warnings.append(f"cache: the {kind} entry {Path(path).name[:24]} was damaged ({problem}); "
                     "it was discarded and made again")


def take_warnings() -> list[str]:
    """The warnings about damaged entries since the last call (this process's)."""
    taken = list(dict.fromkeys(_warnings))
    _warnings.clear()
    return taken


def _parts_layout(head: bytes, kind: str, key: str) -> tuple[dict[str, tuple[int, int, str]], str | None]:
    """Each part's (offset, length, sha256) from a header line, or the reason it is not one."""
    try:
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("format") != ENTRY_FORMAT:
            return {}, "it is not a Pressroom cache entry"
        if header.get("kind") != kind or header.get("key") != key:
            return {}, "it is another entry's copy"
        layout, offset = {}, 0
        for name, length, digest in header["parts"]:
            if not (isinstance(name, str) and isinstance(length, int) and length >= 0
                    and isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)):
                return {}, "its header is damaged"
            layout[name] = (offset, length, digest)
            offset += length
        return layout, None
    except (ValueError, TypeError, KeyError):
        return {}, "its header is damaged"


@lru_cache(maxsize=None)
def source_digest(*modules: str) -> str:
    """The sha256 of Pressroom's own source: of the named modules (``"colour"``), or of
    every module of the package when none are named. Cached results are keyed by it, so
    that a change to the code never reuses what the old code computed."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for file in package_sources(*modules):
        digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def package_sources(*modules: str) -> list[Path]:
    """The source files ``source_digest`` reads: the named modules, or every module of the
    package, its subpackages' (compose/) too: a change to how pages are set is a change."""
    package = Path(__file__).resolve().parent
    return [package / f"{name}.py" for name in modules] if modules else sorted(package.rglob("*.py"))
