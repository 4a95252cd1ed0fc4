"""Shared test helpers: the real project (layouts/, fonts/) and small issue folders made on the fly."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]

# The tests build with a cache of their own (not the repository's build/cache), made afresh
# for each run, so that no test passes on what an earlier run (or older code) cached.
_TEST_CACHE = tempfile.mkdtemp(prefix="pressroom-test-cache-")
os.environ["PRESSROOM_CACHE"] = _TEST_CACHE
atexit.register(shutil.rmtree, _TEST_CACHE, True)
# Toolchains (a locked Pressroom installed on its own: toolchain.py) are keyed by their
# source's digest and made whole or not at all, so they are shared across runs: the
# repository's build/toolchains, unless the environment names another folder.
os.environ.setdefault("PRESSROOM_TOOLCHAINS", str(ROOT / "build" / "toolchains"))
SAMPLE = ROOT / "issues" / "ledger-2026-12"
PT_PER_MM = 72 / 25.4

SENTENCES = [
    "The council said the figures would be published in the spring.",
    "Residents in Eastbank told the Ledger they had waited three years for an answer.",
    "A spokesperson for the operator said it was reviewing the report.",
    "The scheme cost £4.2m, more than twice the original estimate.",
    "Campaigners will present their petition at the next full council meeting.",
    "Figures obtained under the Freedom of Information Act show a steady rise since 2019.",
]


def paragraphs(count: int, sentences: int = 5, seed: int = 0) -> str:
    """Deterministic body copy: ``count`` paragraphs of plain news sentences."""
    out = []
    for p in range(count):
        out.append(" ".join(SENTENCES[(seed + p + s) % len(SENTENCES)] for s in range(sentences)))
    return "\n\n".join(out)


def write_article(issue: Path, slug: str, body: str, **front) -> Path:
    front.setdefault("headline", f"Headline for {slug.replace('-', ' ')}")
    lines = ["---"]
    for key, value in front.items():
        if isinstance(value, (list, dict)):
            import yaml
            lines.append(yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True).strip())
        else:
            lines.append(f"{key}: {value!r}" if isinstance(value, str) and ":" in value else f"{key}: {value}")
    lines += ["---", "", body, ""]
    path = issue / "articles" / f"{slug}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


MINI_MANIFEST = """\
title: The Test Ledger
issue_number: 1
date: 2026-12-01
price: "£1"
language: en-GB
layout: tabloid
pages: 4
sections:
  - name: Front
    page_type: front
    pages: 1
    articles:
      - {slug: lead, pages: 1}
  - name: News
    page_type: news
    pages: 2-3
    articles:
      - {slug: one, pages: 2}
      - {slug: two, pages: 2}
      - {slug: three, pages: 3}
  - name: Back page
    page_type: back
    pages: 4
    articles:
      - {slug: back, pages: 4}
teasers:
  - {slug: three}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def make_project(tmp_path: Path) -> Path:
    """A project folder using the real layouts/, fonts/ and profiles/ (symlinked), no issues yet."""
    (tmp_path / "issues").mkdir()
    (tmp_path / "layouts").symlink_to(ROOT / "layouts")
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")
    (tmp_path / "profiles").symlink_to(ROOT / "profiles")
    return tmp_path


def make_project_with_layout_copy(folder: Path) -> Path:
    """A project in ``folder`` whose layouts/tabloid is a real copy, for a test to change,
    with fonts/ and profiles/ linked to the real ones; no issues yet."""
    (folder / "issues").mkdir(parents=True)
    shutil.copytree(ROOT / "layouts" / "tabloid", folder / "layouts" / "tabloid")
    (folder / "fonts").symlink_to(ROOT / "fonts")
    (folder / "profiles").symlink_to(ROOT / "profiles")
    return folder


@pytest.fixture
def mini_issue(project: Path) -> Path:
    return make_mini_issue(project)


def make_mini_issue(project: Path) -> Path:
    """A small 4-page issue whose copy fits its pages, with one generated picture."""
    issue = project / "issues" / "mini-2026-12"
    (issue / "articles").mkdir(parents=True)
    (issue / "images").mkdir()
    picture = Image.new("RGB", (2400, 1600), (120, 140, 160))
    picture.save(issue / "images" / "scene.jpg", quality=80)
    (issue / "issue.yaml").write_text(MINI_MANIFEST, encoding="utf-8")
    image = [{"src": "images/scene.jpg", "caption": "A test scene.", "credit": "Test", "columns": 5}]
    write_article(issue, "lead", paragraphs(12, seed=1), kicker="News", standfirst="A standfirst.",
                  byline="Sam Whitlow", images=image)
    write_article(issue, "one", paragraphs(10, seed=2), byline="Priya Nandra")
    write_article(issue, "two", paragraphs(6, seed=3))
    write_article(issue, "three", paragraphs(14, seed=4), images=image,
                  pullquote="A pull quote from the copy.")
    write_article(issue, "back", paragraphs(10, seed=5), images=image)
    return issue


def copy_sample(project: Path) -> Path:
    """A copy of the sample issue inside ``project``, safe to break."""
    target = project / "issues" / SAMPLE.name
    shutil.copytree(SAMPLE, target)
    return target


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def ad_placements(pdf: Path, page_number: int) -> list[dict]:
    """Where each ad form was drawn on a page, read back from the content stream: the clip
    rectangle and the translation, in mm from the trim's top-left, and the form itself."""
    reader = PdfReader(pdf)
    page = reader.pages[page_number - 1]
    trim = page.trimbox
    found = []
    data = page.get_contents().get_data()
    pattern = rb"q ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re W n 1 0 0 1 ([-\d.]+) ([-\d.]+) cm (/PressroomAd\d+) Do Q"
    for match in re.finditer(pattern, data):
        x, y, w, h, dx, dy = (float(value) for value in match.groups()[:6])
        form = page["/Resources"]["/XObject"][match.group(7).decode()].get_object()
        found.append({"clip_mm": ((x - float(trim.left)) / PT_PER_MM,
                                  (float(trim.top) - y - h) / PT_PER_MM, w / PT_PER_MM, h / PT_PER_MM),
                      "offset_pt": (dx, dy), "form": form})
    return found


PRESSROOM = Path(sys.executable).with_name("pressroom")  # the installed console script
AUDIT_SITE = Path(__file__).resolve().parent / "audit"


def run_pressroom(*args, cwd: Path | None = None, env: dict | None = None, timeout: float = 600,
                  audit: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``pressroom`` command; with ``audit`` (a log file), every path the
    process opens, removes, renames or lists is written there (tests/audit/sitecustomize.py)."""
    environment = {**os.environ, **(env or {})}
    if audit is not None:
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(AUDIT_SITE), environment.get("PYTHONPATH")]))
        environment["PRESSROOM_AUDIT_LOG"] = str(audit)
    return subprocess.run([str(PRESSROOM), *map(str, args)], cwd=cwd, env=environment, capture_output=True,
                          text=True, timeout=timeout)


def touched_outside(audit: Path, allowed: list[Path], watched: list[Path]) -> list[str]:
    """The paths in an audit log that lie under one of the ``watched`` folders (the test's
    temporary folder, the repository) but under none of the ``allowed`` ones, and any path
    in /home, /root or /etc other than what the C library reads (passwd, fonts, locale)."""
    prefixes = [os.path.realpath(path) for path in allowed] + [str(ROOT / "src")]
    prefixes += [os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)]  # Python itself
    watched_prefixes = [os.path.realpath(path) for path in watched]

    def under(path: str, folders: list[str]) -> bool:
        return any(path == folder or path.startswith(folder.rstrip(os.sep) + os.sep) for folder in folders)

    found = []
    for line in audit.read_text(encoding="utf-8").splitlines():
        event, _, path = line.partition("\t")
        if under(path, prefixes) or (event == "os.mkdir" and any(under(prefix, [path]) for prefix in prefixes)):
            continue  # inside an allowed folder, or making sure one's parent folder exists
        private = path.startswith(("/home/", "/root/", "/etc/")) and not path.startswith(
            ("/etc/fonts", "/etc/ld.so", "/etc/localtime", "/etc/passwd", "/etc/group", "/etc/nsswitch",
             "/etc/mime.types", "/etc/ssl", "/etc/python"))
        if under(path, watched_prefixes) or private:
            found.append(f"{event} {path}")
    return sorted(set(found))


def refused(result: subprocess.CompletedProcess, *words: str) -> str:
    """Assert a located refusal: exit 2, every one of ``words`` (the file, its line, what
    is wrong) in the output, no traceback; the output."""
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output, output
    for word in words:
        assert word in output, output
    return output


def passed(result: subprocess.CompletedProcess) -> str:
    """Assert exit 0; the output."""
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def wait_for(lines, pattern: str, seen: list[str], timeout: float = 90) -> str:
    """Read a running command's output (a queue.Queue of lines, filled by a thread) until a
    line holds ``pattern``; the lines read are added to ``seen``."""
    import queue
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        seen.append(line.rstrip())
        if pattern in line:
            return line
    raise AssertionError(f"no '{pattern}' in the output:\n" + "\n".join(seen))


def strict_profile(profile="newspaper"):
    """A preflight profile (a shipped one by name, or one given) with every rule an error:
    what a strict printer's preflight refuses (the severities a profile may lower, raised)."""
    from pressroom.preflight import load_profile
    from pressroom.preflight_rules import RULES

    profile = load_profile(profile, ROOT) if isinstance(profile, str) else profile
    return profile.model_copy(update={"rules": {rule: "error" for rule in RULES}, "trapped_as_string": "error",
                                      "fonts_not_subset": "error", "transparency": "error"})
