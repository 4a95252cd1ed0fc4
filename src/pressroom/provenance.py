"""Provenance: what a build is made from, as recorded in build.json and issue.lock.

File hashes, the names inputs are recorded under, the environment (Python, the packages
and the system libraries that shape the PDF), and which Pressroom is running: its version,
its git commit and a digest of its source. Both the build and the archive use these; this
module uses neither.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from . import __version__

PACKAGES = ("pressroom", "weasyprint", "pydyf", "pypdf", "pillow", "fonttools", "pyphen", "tinycss2",
            "cssselect2", "tinyhtml5", "brotli", "zopfli", "numpy", "jinja2", "markdown-it-py",
            "mdit-py-plugins", "pyyaml", "pydantic")
SYSTEM_LIBRARIES = {"pango": ("pango-1.0", "libpango-1.0.so.0", "pango_version_string"),
                    "harfbuzz": ("harfbuzz", "libharfbuzz.so.0", "hb_version_string")}
# What "Pressroom's source" is: the package and what installs it. A change to any of these
# files is a different Pressroom (its digest differs), committed or not.
SOURCE_PATHS = ("src", "pyproject.toml", "constraints.txt", "debian-packages.txt")
# Files of src/ that are not source: made by Python and by pip install -e.
NOT_SOURCE = ("__pycache__", ".egg-info", ".pyc")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def input_name(path: Path, root: Path) -> str:
    """Inputs are recorded relative to the project folder (absolute when outside it)."""
    try:
        return str(Path(path).relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)


def folder_files(folder: Path, root: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by path relative to ``root``."""
    return {path.relative_to(root).as_posix(): sha256_file(path)
            for path in sorted(Path(folder).rglob("*")) if path.is_file()}


def folder_digest(files: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()


def environment() -> dict:
    """Versions of Python, the Python packages and the system libraries that shape the PDF."""
    packages = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    system = {}
    for name, (library, soname, function) in SYSTEM_LIBRARIES.items():
        try:  # by Debian's file name (loaded already); find_library would run ldconfig and gcc
            found = ctypes.CDLL(soname)
        except OSError:
            found = None
        try:
            call = getattr(found or ctypes.CDLL(ctypes.util.find_library(library)), function)
            call.restype = ctypes.c_char_p
            system[name] = call().decode()
        except (OSError, AttributeError, TypeError):
            system[name] = None
    return {"python": platform.python_version(), "packages": packages, "system": system}


# -- Pressroom's own source ---------------------------------------------------------------

def source_files(root: Path) -> dict[str, str]:
    """sha256 of each file of Pressroom's source (SOURCE_PATHS) under ``root``, by path."""
    root = Path(root)
    files = {}
    for name in SOURCE_PATHS:
        path = root / name
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path] if path.is_file() else []
        for file in candidates:
            relative = file.relative_to(root).as_posix()
            if file.is_file() and not any(part in relative for part in NOT_SOURCE):
                files[relative] = sha256_file(file)
    return files


def source_digest(root: Path) -> str:
    """One sha256 for Pressroom's source under ``root``: its files' paths and contents."""
    return folder_digest(source_files(root))


def running_source_root() -> Path | None:
    """The source tree the running Pressroom is imported from (``src/pressroom`` two levels
    below a folder with pyproject.toml), or None for an installed wheel."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "src" / "pressroom").is_dir() else None


def git(args: list[str], cwd: Path) -> str | None:
    """A git command's output, or None when git or the repository is not there."""
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except (FileNotFoundError, subprocess.TimeoutExpired, NotADirectoryError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def running_pressroom() -> dict:
    """Which Pressroom is running: its version, its source digest, the git commit its source
    tree is at (None outside git) and the source files that differ from that commit."""
    root = running_source_root()
    if root is None:
        return {"version": __version__, "commit": None, "source_sha256": None, "uncommitted": []}
    commit = git(["rev-parse", "--verify", "HEAD^{commit}"], root)
    status = git(["status", "--porcelain", "--untracked-files=all", "--", *SOURCE_PATHS], root) if commit else None
    uncommitted = [line[3:] for line in (status or "").splitlines()
                   if line.strip() and not any(part in line for part in NOT_SOURCE)]
    return {"version": __version__, "commit": commit, "source_sha256": source_digest(root),
            "uncommitted": uncommitted}
