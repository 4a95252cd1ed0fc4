"""Issue folders and profiles are untrusted input (issue 17): every YAML Pressroom reads
refuses, at its line, impossible dates, aliases (a "billion laughs" file) and deep nesting;
the manifest refuses a page count beyond MAX_PAGES and a layout or printer that is a path;
printer and preflight profiles are names under profiles/, links out of it refused; the
watch reports bad input and keeps watching; a bug exits 3, apart from bad input (2) and a
failed check (1). Each case runs the installed command and gets its message, never a
traceback."""

from __future__ import annotations

import os
import queue
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from pypdf import PdfWriter

from pressroom.manifest import MAX_PAGES
from pressroom.watch import build_once
from pressroom.yamlfile import MAX_DEPTH

from conftest import (PRESSROOM, ROOT, make_mini_issue, make_project, passed, refused, run_pressroom, touched_outside,
                      wait_for)

ADDRESS_SPACE = 1536 * 1024 * 1024  # the command's limit when it reads a billion laughs


def line_of(path: Path, text: str) -> int:
    """The line of ``path`` that holds ``text`` (1-based)."""
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def laughs(levels: int = 9) -> str:
    """A "billion laughs": each key holds ten aliases of the one before, 10**levels in all."""
    lines = ["lol0: &lol0 lol"]
    for level in range(1, levels + 1):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def bounded(*args, cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    """The installed command with ADDRESS_SPACE and a minute at most (a regression fails
    rather than eats the machine), and the seconds it took."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    started = time.monotonic()
    result = subprocess.run([str(PRESSROOM), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                            timeout=60, preexec_fn=limit)
    return result, time.monotonic() - started


# -- impossible dates ---------------------------------------------------------------

def test_an_impossible_date_in_the_manifest_is_refused_at_its_line(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    manifest = issue / "issue.yaml"
    replace_in(manifest, "date: 2026-12-01", "date: 2026-02-28")
    passed(run_pressroom("fit", issue, cwd=tmp_path))
    for impossible in ("2026-02-30", "2026-11-31"):
        replace_in(manifest, "date: 2026-02-28", f"date: {impossible}")
        refused(run_pressroom("build", issue, "-q", cwd=tmp_path),
                f"issue.yaml:{line_of(manifest, 'date:')}", "'date'", f"{impossible} is not a real date",
                "hint:")
        replace_in(manifest, f"date: {impossible}", "date: 2026-02-28")


def test_an_impossible_date_in_front_matter_is_refused_at_its_line(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    article = issue / "articles" / "two.md"
    replace_in(article, "---\n", "---\nbyline: 2026-02-28\n")  # a real date: read, then not a byline
    output = refused(run_pressroom("fit", issue, cwd=tmp_path), f"two.md:{line_of(article, 'byline:')}",
                     "'byline'", "valid string")
    assert "not a real date" not in output
    replace_in(article, "byline: 2026-02-28", "byline: 2026-02-30")
    refused(run_pressroom("fit", issue, cwd=tmp_path), f"two.md:{line_of(article, 'byline:')}",
            "'byline'", "2026-02-30 is not a real date")


# -- aliases ------------------------------------------------------------------------

def test_an_anchor_without_an_alias_is_read(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    replace_in(issue / "issue.yaml", "title: The Test Ledger", "title: &name The Test Ledger")
    passed(run_pressroom("fit", issue, cwd=tmp_path))


def test_a_billion_laughs_in_the_manifest_is_refused_fast_and_small(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    manifest = issue / "issue.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + laughs(), encoding="utf-8")
    assert manifest.stat().st_size < 2048
    result, seconds = bounded("build", issue, "-q", cwd=tmp_path)
    refused(result, f"issue.yaml:{line_of(manifest, 'lol1:')}", "does not read YAML aliases", "*lol0")
    assert seconds < 20


def test_a_billion_laughs_in_front_matter_is_refused_fast_and_small(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    article = issue / "articles" / "two.md"
    replace_in(article, "---\n", "---\n" + laughs())
    result, seconds = bounded("fit", issue, cwd=tmp_path)
    refused(result, f"two.md:{line_of(article, 'lol1:')}", "does not read YAML aliases")
    assert seconds < 20


# -- nesting ------------------------------------------------------------------------

def test_nesting_within_the_limit_reaches_validation(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    depth = MAX_DEPTH - 5
    replace_in(issue / "issue.yaml", "teasers:\n  - {slug: three}", "teasers: " + "[" * depth + "]" * depth)
    output = refused(run_pressroom("fit", issue, cwd=tmp_path), "issue.yaml:", "'teasers.0'")
    assert "nested" not in output


def test_deep_nesting_is_refused_at_its_line(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    manifest = issue / "issue.yaml"
    good = manifest.read_text(encoding="utf-8")
    line = len(good.splitlines()) + 1
    block = "".join(" " * level + "deeper:\n" for level in range(2000))
    for nesting in ("[" * 20000, "{" * 20000, "[" * 900 + "]" * 900):
        manifest.write_text(good + "extra: " + nesting + "\n", encoding="utf-8")
        refused(run_pressroom("fit", issue, cwd=tmp_path), f"issue.yaml:{line}:",
                f"nested more than {MAX_DEPTH} levels deep")
    manifest.write_text(good + block, encoding="utf-8")
    refused(run_pressroom("fit", issue, cwd=tmp_path), f"issue.yaml:{line + MAX_DEPTH - 1}:",
            f"nested more than {MAX_DEPTH} levels deep")


# -- the manifest's page count, layout and printer --------------------------------------

def test_a_page_count_beyond_the_limit_is_refused_at_its_line(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    manifest = issue / "issue.yaml"
    replace_in(manifest, "pages: 4\n", f"pages: {MAX_PAGES}\n")  # allowed: the plan is then checked
    output = refused(run_pressroom("fit", issue, cwd=tmp_path), f"issue.yaml:{line_of(manifest, 'pages: ')}",
                     f"the plan has {MAX_PAGES} pages")
    assert "may have" not in output
    replace_in(manifest, f"pages: {MAX_PAGES}\n", "pages: 400000000\n")
    result, seconds = bounded("build", issue, "-q", cwd=tmp_path)
    refused(result, f"issue.yaml:{line_of(manifest, 'pages: 400000000')}", "'pages'", "may have")
    assert seconds < 20
    replace_in(manifest, "pages: 400000000\n", "pages: 4\n")
    replace_in(manifest, "{slug: back, pages: 4}", "{slug: back, pages: 4-400000000}")
    refused(run_pressroom("build", issue, "-q", cwd=tmp_path),
            f"issue.yaml:{line_of(manifest, 'slug: back')}", "page 400000000 is beyond")


def test_the_layout_is_a_name_not_a_path(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    manifest = issue / "issue.yaml"
    replace_in(manifest, "layout: tabloid", "layout: tabloid@2026-12")  # a pinned layout is a name
    passed(run_pressroom("fit", issue, cwd=tmp_path))
    for path in ("../../x", str(ROOT / "layouts" / "tabloid")):
        replace_in(manifest, "layout: tabloid@2026-12", f"layout: {path}")
        refused(run_pressroom("build", issue, "-q", cwd=tmp_path), f"issue.yaml:{line_of(manifest, 'layout:')}",
                "'layout'", "not a path")
        replace_in(manifest, f"layout: {path}", "layout: tabloid@2026-12")


def own_profiles(project: Path) -> Path:
    """Give ``project`` a real copy of the repository's profiles/ (not the link to it), so
    a test may add profiles there; its profiles/printers/."""
    (project / "profiles").unlink()
    shutil.copytree(ROOT / "profiles", project / "profiles")
    return project / "profiles" / "printers"


def test_the_printer_is_a_name_not_a_path_nor_a_link_out_of_profiles(tmp_path):
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    issue = make_mini_issue(project)
    printers = own_profiles(project)
    manifest = issue / "issue.yaml"
    replace_in(manifest, "layout: tabloid\n", "layout: tabloid\nprinter: wexside-coldset\n")
    assert "printer wexside-coldset: colour on pages" in passed(run_pressroom("fit", issue, cwd=project))

    replace_in(manifest, "printer: wexside-coldset", "printer: ../../etc/x.yaml")
    refused(run_pressroom("deliver", issue, "-q", cwd=project), f"issue.yaml:{line_of(manifest, 'printer:')}",
            "'printer'", "not a path")

    elsewhere = tmp_path / "elsewhere"  # a profile outside profiles/, reached by a link
    elsewhere.mkdir()
    shutil.copy(printers / "wexside-coldset.yaml", elsewhere / "secret.yaml")
    (printers / "linked.yaml").symlink_to(elsewhere / "secret.yaml")
    replace_in(manifest, "printer: ../../etc/x.yaml", "printer: linked")
    log = tmp_path / "audit.log"
    output = refused(run_pressroom("fit", issue, cwd=project, audit=log),
                     f"issue.yaml:{line_of(manifest, 'printer:')}", "printer profile 'linked.yaml' is outside")
    assert "colour on pages" not in output
    assert touched_outside(log, allowed=[project], watched=[tmp_path]) == []


# -- a key given twice -------------------------------------------------------------------

def test_a_key_given_twice_is_refused_naming_both_lines(tmp_path):
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    issue = make_mini_issue(project)
    manifest = issue / "issue.yaml"
    passed(run_pressroom("fit", issue, cwd=project))
    replace_in(manifest, "issue_number: 1\n", "issue_number: 1\ntitle: The Wrong Ledger\n")
    refused(run_pressroom("build", issue, cwd=project), f"issue.yaml:{line_of(manifest, 'title: The Wrong')}",
            "'title' is given twice, at line 1 and here")
    replace_in(manifest, "title: The Wrong Ledger\n", "")
    replace_in(manifest, "{slug: two, pages: 2}", "{slug: two, pages: 2, slug: three}")
    refused(run_pressroom("fit", issue, cwd=project), f"issue.yaml:{line_of(manifest, 'slug: three}')}",
            "'sections.1.articles.1.slug' is given twice")
    replace_in(manifest, "{slug: two, pages: 2, slug: three}", "{slug: two, pages: 2}")
    article = issue / "articles" / "one.md"
    article.write_text(article.read_text().replace("---\n", "---\nheadline: Another headline\n", 1))
    refused(run_pressroom("build", issue, cwd=project), "one.md:",
            "'headline' is given twice, at line 2 and here")


def test_a_key_given_twice_in_a_printer_profile_is_refused(tmp_path):
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    issue = make_mini_issue(project)
    printers = own_profiles(project)
    replace_in(issue / "issue.yaml", "layout: tabloid\n", "layout: tabloid\nprinter: wexside-coldset\n")
    profile = printers / "wexside-coldset.yaml"
    profile.write_text(profile.read_text() + "\nink_limit_percent: 300\n")
    refused(run_pressroom("fit", issue, cwd=project), "wexside-coldset.yaml:", "'ink_limit_percent' is given twice")


def test_command_line_profiles_are_names_under_profiles(tmp_path):
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    printers = own_profiles(project)
    pdf = project / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(pdf)
    for option, name in (("--printer", "wexside-coldset"), ("--profile", "newspaper")):
        checked = run_pressroom("preflight", pdf, option, name, cwd=project)
        assert checked.returncode == 1 and f"against '{name}'" in checked.stdout  # read; the PDF fails
    (tmp_path / "elsewhere.yaml").write_text((printers / "wexside-coldset.yaml").read_text())
    (printers / "linked.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (printers.parent / "preflight" / "linked.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    for option, folder in (("--printer", "printers"), ("--profile", "preflight")):
        paths = (f"profiles/{folder}/wexside-coldset.yaml", "../../etc/x.yaml", str(tmp_path / "elsewhere.yaml"))
        for path in paths:
            refused(run_pressroom("preflight", pdf, option, path, cwd=project), "", f"'{path}' is not a name")
        log = tmp_path / f"audit-{folder}.log"
        refused(run_pressroom("preflight", pdf, option, "linked", cwd=project, audit=log), "", "is outside")
        assert touched_outside(log, allowed=[project], watched=[tmp_path]) == []


# -- watch --------------------------------------------------------------------------

def test_watch_reports_impossible_dates_keeps_watching_and_recovers(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    manifest, article = issue / "issue.yaml", issue / "articles" / "two.md"
    good_manifest, good_article = manifest.read_text(encoding="utf-8"), article.read_text(encoding="utf-8")
    manifest.write_text(good_manifest.replace("date: 2026-12-01", "date: 2026-02-30"), encoding="utf-8")
    process = subprocess.Popen([str(PRESSROOM), "watch", str(issue), "--stop-after", "4"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    seen: list[str] = []
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        wait_for(lines, f"issue.yaml:{line_of(manifest, 'date:')}", seen)  # the first build
        wait_for(lines, "waiting for the next change", seen)
        wait_for(lines, "watching", seen)
        manifest.write_text(good_manifest, encoding="utf-8")
        wait_for(lines, "built ", seen)
        article.write_text(good_article.replace("---\n", "---\nbyline: 2026-11-31\n", 1), encoding="utf-8")
        wait_for(lines, f"two.md:{line_of(article, 'byline:')}", seen)
        wait_for(lines, "waiting for the next change", seen)
        assert process.poll() is None  # still watching
        article.write_text(good_article, encoding="utf-8")
        wait_for(lines, "built ", seen)
        assert process.wait(timeout=60) == 0  # after its four builds
    finally:
        process.kill()
        process.wait()
    output = "\n".join(seen)
    assert output.count("is not a real date") == 2 and "Traceback" not in output


def test_watch_reports_an_unexpected_exception_and_goes_on(tmp_path):
    """An issue folder that is a number, which no caller passes, makes a build raise
    something other than an InputError: said as an internal error, not raised."""
    said: list[str] = []
    assert build_once(42, said.append) is False
    assert said[0].startswith("internal error (a bug in Pressroom, not in your files)")
    assert "Traceback" in said[0] and "please report it" in said[0]
    assert said[-1] == "waiting for the next change..."


# -- exit codes ---------------------------------------------------------------------

CRASHING_COMMAND = """
from pressroom.cli import main, run

@main.command()
def crash():
    '''A command with a bug in it.'''
    return {}["missing"]

run()
"""


def test_a_bug_exits_3_with_its_traceback_apart_from_bad_input_and_failed_checks(tmp_path):
    crashed = subprocess.run([sys.executable, "-c", CRASHING_COMMAND, "crash"], capture_output=True,
                             text=True, timeout=60)
    assert crashed.returncode == 3, crashed.stderr
    assert "internal error (a bug in Pressroom, not in your files)" in crashed.stderr
    assert "Traceback" in crashed.stderr and "KeyError: 'missing'" in crashed.stderr
    assert "please report it" in crashed.stderr
    bad_input = subprocess.run([sys.executable, "-c", CRASHING_COMMAND, "build", str(tmp_path / "nowhere")],
                               capture_output=True, text=True, timeout=60)
    assert bad_input.returncode == 2 and "Traceback" not in bad_input.stderr
    usage = subprocess.run([sys.executable, "-c", CRASHING_COMMAND, "crash", "--no-such-option"],
                           capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
