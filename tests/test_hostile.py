"""Hostile and broken input, across the commands: each case gets a located message and
exit 2, never a traceback; nothing outside the issue, layout, fonts and profiles is opened;
concurrent builds are refused; a killed build leaves the last good PDF as it was."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from pressroom.articles import read_article
from pressroom.build import build_issue, build_lock
from pressroom.cli import main
from pressroom.errors import InputError
from pressroom.manifest import read_manifest

from conftest import ROOT, make_mini_issue, make_project, paragraphs, write_article


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def picture(issue: Path, image: Image.Image, name: str) -> None:
    image.save(issue / "images" / name)
    for slug in ("lead", "three", "back"):
        replace_in(issue / "articles" / f"{slug}.md", "images/scene.jpg", f"images/{name}")


def bomb(issue: Path) -> None:
    Image.MAX_IMAGE_PIXELS = None  # only to write it; Pressroom sets its own limit to read
    try:
        Image.new("1", (20000, 20000)).save(issue / "images" / "bomb.png")
    finally:
        from pressroom.colour import MAX_PIXELS
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    for slug in ("lead", "three", "back"):
        replace_in(issue / "articles" / f"{slug}.md", "images/scene.jpg", "images/bomb.png")


# (case, how to break the mini issue, what the message says, where: file name and line or None)
HOSTILE = [
    ("malformed YAML", lambda i: replace_in(i / "issue.yaml", "pages: 4\n", "pages: [4\n"),
     "not valid YAML", "issue.yaml:"),
    ("wrong type", lambda i: replace_in(i / "issue.yaml", "issue_number: 1", "issue_number: first"),
     "issue_number", "issue.yaml:2"),
    ("unknown key", lambda i: replace_in(i / "issue.yaml", "price:", "prise:"), "did you mean", "issue.yaml:"),
    ("duplicate slug", lambda i: replace_in(i / "issue.yaml", "{slug: two, pages: 2}", "{slug: one, pages: 2}"),
     "planned twice", "issue.yaml:"),
    ("overlapping pages", lambda i: replace_in(i / "issue.yaml", "{slug: three, pages: 3}", "{slug: three, pages: 2-3}"),
     "overlaps", "issue.yaml:"),
    ("page out of range", lambda i: replace_in(i / "issue.yaml", "{slug: back, pages: 4}", "{slug: back, pages: 4-5}"),
     "outside", "issue.yaml:"),
    ("missing article", lambda i: (i / "articles" / "two.md").unlink(), "two.md does not exist", "issue.yaml:"),
    ("article that is a folder", lambda i: ((i / "articles" / "two.md").unlink(), (i / "articles" / "two.md").mkdir()),
     "two.md", "two.md"),
    ("empty article", lambda i: (i / "articles" / "two.md").write_text(""), "no front matter", "two.md:1"),
    ("truncated image", lambda i: (i / "images" / "scene.jpg").write_bytes((i / "images" / "scene.jpg").read_bytes()[:400]),
     "cannot be read", "lead.md:"),
    ("not an image at all", lambda i: (i / "images" / "scene.jpg").write_text("<html>nope</html>"),
     "cannot be read", "lead.md:"),
    ("decompression bomb", bomb, "too large to open", "lead.md:"),
    ("script in Markdown", lambda i: write_article(i, "two", "Text <script>fetch('http://evil')</script> more."),
     "raw HTML is not allowed", "two.md:"),
    ("iframe in Markdown", lambda i: write_article(i, "two", "<iframe src='file:///etc/passwd'></iframe>\n\nText."),
     "raw HTML is not allowed", "two.md:"),
    ("style and @import", lambda i: write_article(i, "two", "<style>@import url(http://evil/x.css);</style>\n\nText."),
     "raw HTML is not allowed", "two.md:"),
    ("remote picture in the text", lambda i: write_article(i, "two", "![x](http://example.com/a.png) Text."),
     "a picture in the text", "two.md:"),
    ("local file picture in the text", lambda i: write_article(i, "two", "![x](file:///etc/passwd) Text."),
     "a picture in the text", "two.md:"),
    ("picture outside the issue", lambda i: replace_in(i / "articles" / "lead.md", "images/scene.jpg", "../../../etc/passwd"),
     "outside the issue folder", "lead.md:"),
    ("HTML in a headline", lambda i: write_article(i, "two", "Text.", headline="<img src=x onerror=alert(1)>"),
     "raw HTML is not allowed", "two.md:"),
    ("font that is not a font", lambda i: None, "", ""),  # see the test below: fonts are shared
]


@pytest.mark.parametrize("case, breaks, message, where", [case for case in HOSTILE if case[2]],
                         ids=[case[0] for case in HOSTILE if case[2]])
def test_hostile_input_is_a_located_error_and_nothing_outside_is_opened(
        tmp_path, case, breaks, message, where, monkeypatch):
    project = make_project(tmp_path)
    issue = make_mini_issue(project)
    out = tmp_path / "out"
    build_issue(issue, out)
    good = (out / "mini-2026-12.pdf").read_bytes()
    breaks(issue)
    opened: list[str] = []
    allowed = [str(path.resolve()) for path in (issue, project / "layouts", project / "fonts",
                                                project / "profiles", out, tmp_path / "build",
                                                tmp_path / ".out.build.lock")]
    allowed += [str((ROOT / name).resolve()) for name in ("layouts", "fonts", "profiles", "build", "src")]
    allowed += [os.path.realpath(sys.prefix)]  # Python importing its own modules

    def record(path: str) -> None:
        inside_test = path.startswith(str(tmp_path.resolve())) or path.startswith(str(ROOT.resolve()))
        if (inside_test and not any(path.startswith(prefix) for prefix in allowed)) \
                or path.startswith(("/etc", "/home", "/root")):
            opened.append(path)

    monkeypatch.setattr(AUDIT, "record", record)
    result = CliRunner().invoke(main, ["build", str(issue), "--out", str(out)])
    monkeypatch.setattr(AUDIT, "record", None)
    assert result.exit_code == 2, result.output
    assert message in result.output and where in result.output
    assert "Traceback" not in result.output
    assert (out / "mini-2026-12.pdf").read_bytes() == good  # the last good PDF is untouched
    assert opened == []  # no file outside the issue, layout, fonts and profiles was opened


class AUDIT:
    """One audit hook for the whole test run (hooks cannot be removed); tests plug in."""

    record = None


def _audit(event: str, args: tuple) -> None:
    record = getattr(AUDIT, "record", None)  # None too while Python shuts down (AUDIT is gone)
    if record is not None and event == "open" and args and isinstance(args[0], (str, bytes)):
        record(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_audit)


def test_a_font_that_is_not_a_font_is_refused(tmp_path):
    project = tmp_path
    (project / "issues").mkdir()
    for name in ("layouts", "profiles"):
        (project / name).symlink_to(ROOT / name)
    fonts = project / "fonts"
    fonts.mkdir()
    for item in (ROOT / "fonts").iterdir():
        if item.is_file():
            (fonts / item.name).write_bytes(item.read_bytes())
    (fonts / "Lato-Regular.ttf").write_text("this is not a font")
    issue = make_mini_issue(project)
    result = CliRunner().invoke(main, ["build", str(issue)])
    assert result.exit_code == 2 and "Lato-Regular.ttf" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("make", [
    lambda i: picture(i, Image.new("CMYK", (2400, 1600), (10, 20, 30, 40)), "cmyk.jpg"),
    lambda i: picture(i, Image.new("I;16", (2400, 1600), 30000), "deep.png"),
    lambda i: picture(i, Image.new("P", (2400, 1600), 3), "palette.png"),
], ids=["CMYK", "16-bit", "palette"])
def test_unusual_but_valid_pictures_are_converted_and_build(mini_issue, tmp_path, make):
    make(mini_issue)
    result = build_issue(mini_issue, tmp_path / "out")
    assert result.ok, result.failures


def test_links_print_as_their_text_without_annotations(mini_issue, tmp_path):
    write_article(mini_issue, "two", paragraphs(2, seed=9) + "\n\nRead [the council's report]"
                  "(https://example.org/report) today.")
    result = build_issue(mini_issue, tmp_path / "out")
    assert result.ok and "/Annots" not in (tmp_path / "out" / "mini-2026-12.pdf").read_bytes().decode("latin-1")


def test_a_second_build_into_the_same_folder_is_refused(mini_issue, tmp_path):
    with build_lock(tmp_path / "out"):
        result = CliRunner().invoke(main, ["build", str(mini_issue), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "another build is writing to" in result.output
    assert build_issue(mini_issue, tmp_path / "out").ok  # and once it is done, building works


def test_a_killed_build_leaves_the_last_good_pdf_and_record(mini_issue, tmp_path):
    out = tmp_path / "out"
    build_issue(mini_issue, out)
    pdf, record = out / "mini-2026-12.pdf", out / "build.json"
    good_pdf, good_record = pdf.read_bytes(), record.read_bytes()
    write_article(mini_issue, "two", "A changed story. " * 40)
    command = [str(Path(sys.executable).with_name("pressroom")), "build", str(mini_issue), "--out", str(out)]
    interrupted = 0
    for delay in (0.3, 0.8, 1.3, 1.8, 2.3):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if pdf.read_bytes() == good_pdf:
            assert record.read_bytes() == good_record  # the old pair, untouched
            interrupted += 1
        else:  # the build got to its very end: the new pair, whole and matching
            assert hashlib.sha256(pdf.read_bytes()).hexdigest() in record.read_text()
            break
    assert interrupted >= 2  # it was killed mid-build at least twice


settings.register_profile("pressroom", deadline=None, max_examples=60,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

MANIFEST_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 60) | st.text(max_size=12) | st.dates().map(str),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(
        ["slug", "pages", "name", "page_type", "articles", "title", "continues_on", "text", "x"]),
        children, max_size=4), max_leaves=12)


@settings(settings.get_profile("pressroom"))
@given(st.dictionaries(st.sampled_from(["title", "issue_number", "date", "price", "layout", "pages",
                                        "sections", "teasers", "ads", "language", "tagline", "oops"]),
                       MANIFEST_VALUES, max_size=9))
def test_generated_manifests_load_or_fail_cleanly(tmp_path_factory, data):
    issue = tmp_path_factory.mktemp("issue")
    (issue / "issue.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        read_manifest(issue)
    except InputError as error:
        assert error.problems and all(problem.message for problem in error.problems)


@settings(settings.get_profile("pressroom"))
@given(front=st.dictionaries(st.sampled_from(["headline", "kicker", "standfirst", "byline", "images",
                                              "pullquote", "factbox", "weird"]),
                             MANIFEST_VALUES, max_size=5),
       body=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_generated_articles_read_or_fail_cleanly(tmp_path_factory, front, body):
    issue = tmp_path_factory.mktemp("issue")
    (issue / "articles").mkdir()
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + body
    (issue / "articles" / "story.md").write_text(text, encoding="utf-8")
    try:
        read_article(issue, "story")
    except InputError as error:
        assert error.problems and all(problem.message for problem in error.problems)
