"""Chunked rendering: page groups rendered in worker processes, cached by the hash of their
inputs, joined into one PDF. Real builds of a small issue in a project of its own (its own
chunk cache, and copies of the layout and fonts that the tests may change)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from pressroom import linebreaks
from pressroom.build import build_issue
from pressroom.cache import cache_root, read_entry
from pressroom.chunks import CHUNK_CACHE
from pressroom.render import Renderer

from conftest import ROOT, make_mini_issue, paragraphs, write_article


@pytest.fixture
def own_project(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A project with its own copy of the tabloid layout and of fonts/, its own cache
    (build/cache in it), and the mini issue (4 pages, one page group each; the same picture
    on pages 1, 3 and 4)."""
    monkeypatch.setenv("PRESSROOM_CACHE", str(tmp_path / "build" / "cache"))
    (tmp_path / "issues").mkdir()
    (tmp_path / "layouts").mkdir()
    shutil.copytree(ROOT / "layouts" / "tabloid", tmp_path / "layouts" / "tabloid")
    shutil.copytree(ROOT / "fonts", tmp_path / "fonts")
    (tmp_path / "profiles").symlink_to(ROOT / "profiles")
    return tmp_path, make_mini_issue(tmp_path)


def build(issue: Path, out: Path, processes: int = 2):
    result = build_issue(issue, out, processes=processes)
    assert result.ok, result.failures
    return result


def rendered_pages(result) -> list[str]:
    """The page groups the build laid out afresh (not taken from the cache)."""
    return [chunk["pages"] for chunk in result.record["chunks"] if not chunk["cached"]]


def test_parallel_and_serial_builds_give_the_same_bytes(own_project, tmp_path):
    project, issue = own_project
    serial = build(issue, tmp_path / "serial", processes=1)
    shutil.rmtree(cache_root(project) / CHUNK_CACHE)
    parallel = build(issue, tmp_path / "parallel", processes=3)
    assert rendered_pages(parallel) == ["1", "2", "3", "4"]
    cached = build(issue, tmp_path / "cached", processes=2)
    assert rendered_pages(cached) == []
    assert serial.pdf_path.read_bytes() == parallel.pdf_path.read_bytes() == cached.pdf_path.read_bytes()
    assert PdfReader(serial.pdf_path).pdf_header == "%PDF-1.6"  # PDF/X-4, whatever the chunks are
    # Joined beside the PDF and renamed over it: nothing is left but the PDF and its record.
    assert sorted(path.name for path in (tmp_path / "cached").iterdir()) == ["build.json", "mini-2026-12.pdf"]


def test_an_edit_renders_only_its_page_and_gives_the_bytes_of_a_cold_build(own_project, tmp_path):
    project, issue = own_project
    build(issue, tmp_path / "first")
    article = issue / "articles" / "two.md"
    article.write_text(article.read_text().replace("three years", "four years", 1))
    edited = build(issue, tmp_path / "edited")
    assert rendered_pages(edited) == ["2"]
    shutil.rmtree(cache_root(project) / CHUNK_CACHE)
    cold = build(issue, tmp_path / "cold")
    assert edited.pdf_path.read_bytes() == cold.pdf_path.read_bytes()


def test_a_changed_picture_renders_the_pages_that_show_it(own_project, tmp_path):
    _, issue = own_project
    build(issue, tmp_path / "first")
    from PIL import Image

    Image.new("RGB", (2400, 1600), (150, 110, 90)).save(issue / "images" / "scene.jpg", quality=80)
    assert rendered_pages(build(issue, tmp_path / "second")) == ["1", "3", "4"]


def test_a_changed_layout_file_or_font_renders_every_page_again(own_project, tmp_path):
    project, issue = own_project
    build(issue, tmp_path / "first")
    css = project / "layouts" / "tabloid" / "css" / "page.css"
    css.write_text(css.read_text() + "\n/* a comment: nothing on the page changes */\n")
    assert rendered_pages(build(issue, tmp_path / "layout")) == ["1", "2", "3", "4"]
    assert rendered_pages(build(issue, tmp_path / "again")) == []

    # A font file revised (same glyphs, new version number): its checksum updated as a
    # type foundry's release would be, and every chunk is made again.
    font_path = project / "fonts" / "Lato-Regular.ttf"
    font = TTFont(font_path, recalcTimestamp=False)
    font["head"].fontRevision += 0.001
    font.save(font_path)
    sums = project / "fonts" / "SHA256SUMS"
    digest = subprocess.run(["sha256sum", font_path.name], cwd=font_path.parent, capture_output=True,
                            text=True, check=True).stdout.split()[0]
    sums.write_text(re.sub(r"^[0-9a-f]{64}(\s+\*?Lato-Regular\.ttf)$", digest + r"\1", sums.read_text(),
                           flags=re.M))
    assert rendered_pages(build(issue, tmp_path / "font")) == ["1", "2", "3", "4"]


def test_a_changed_system_library_renders_every_page_again(own_project, tmp_path, monkeypatch):
    """Pango and HarfBuzz set the lines: a cache made with other versions is never reused
    (the versions a lock records are in every chunk's key). The other HarfBuzz is this
    machine's environment report changed, as an upgrade would change it."""
    from pressroom import provenance

    project, issue = own_project
    build(issue, tmp_path / "first")
    assert rendered_pages(build(issue, tmp_path / "warm")) == []
    real = provenance.environment

    def upgraded() -> dict:
        found = real()
        return {**found, "system": {**found["system"], "harfbuzz": "8.3.0"}}

    monkeypatch.setattr(provenance, "environment", upgraded)
    assert rendered_pages(build(issue, tmp_path / "upgraded")) == ["1", "2", "3", "4"]


def test_a_damaged_cache_entry_is_rendered_again(own_project, tmp_path):
    project, issue = own_project
    first = build(issue, tmp_path / "first")
    for entry in (cache_root(project) / CHUNK_CACHE).glob("*.chunk"):
        entry.write_bytes(b"{not json" + entry.read_bytes()[9:])
    second = build(issue, tmp_path / "second")
    assert rendered_pages(second) == ["1", "2", "3", "4"]
    assert first.pdf_path.read_bytes() == second.pdf_path.read_bytes()


def test_joined_fonts_are_one_program_each_and_every_word_stays_where_its_chunk_put_it(own_project,
                                                                                      tmp_path):
    project, issue = own_project
    result = build(issue, tmp_path / "out")
    reader = PdfReader(result.pdf_path)
    fonts: dict[str, set] = {}
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            fonts.setdefault(str(font["/BaseFont"]), set()).add(reference.idnum)
    assert fonts and all(len(numbers) == 1 for numbers in fonts.values()), fonts

    def words(path: Path, page: int) -> list[tuple[str, str, str]]:
        text = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                              capture_output=True, text=True, check=True).stdout
        return re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', text)

    for number, chunk in enumerate(result.record["chunks"], start=1):
        alone_pdf = tmp_path / f"{chunk['key']}.pdf"
        alone_pdf.write_bytes(read_entry(cache_root(project) / CHUNK_CACHE / f"{chunk['key']}.chunk", "chunk",
                                         chunk["key"], ["pdf"])["pdf"])
        alone = words(alone_pdf, 1)
        joined = words(result.pdf_path, number)
        assert [word for _, _, word in alone] == [word for _, _, word in joined]
        assert all(abs(float(a[0]) - float(b[0])) < 0.001 and abs(float(a[1]) - float(b[1])) < 0.001
                   for a, b in zip(alone, joined))  # to a thousandth of a point


def test_the_cache_is_trimmed_least_recently_used_first(tmp_path):
    import os

    from pressroom.chunks import trim_cache

    cache = tmp_path / "chunks"
    cache.mkdir()
    for age, name in enumerate(["newest", "middle", "oldest"]):
        path = cache / f"{name}.pdf"
        path.write_bytes(b"x" * 1000)
        os.utime(path, (1_000_000 - age * 100, 1_000_000 - age * 100))
    trim_cache(cache, limit=2000)
    assert sorted(path.stem for path in cache.iterdir()) == ["middle", "newest"]
    trim_cache(cache, limit=2000)  # within the limit: nothing more goes
    assert len(list(cache.iterdir())) == 2


def make_jump(issue: Path) -> None:
    """The mini issue's front-page lead made long enough to jump to page 3."""
    manifest = issue / "issue.yaml"
    manifest.write_text(manifest.read_text().replace("{slug: lead, pages: 1}",
                                                     "{slug: lead, pages: 1, continues_on: 3}"))
    write_article(issue, "lead", paragraphs(30, seed=1), kicker="News", standfirst="A standfirst.",
                  byline="Sam Whitlow")


def test_a_jumping_story_laid_out_while_other_chunks_render_gives_the_same_bytes(own_project, tmp_path,
                                                                                 monkeypatch):
    project, issue = own_project
    make_jump(issue)
    layouts: list[tuple[int, str]] = []
    render_group = Renderer.render_group

    def counting(self, group, html):
        layouts.append((group.first_page, html))
        return render_group(self, group, html)

    monkeypatch.setattr(Renderer, "render_group", counting)
    serial = build(issue, tmp_path / "serial", processes=1)
    assert "Continued on page 3" in " ".join(page.extract_text() for page in PdfReader(serial.pdf_path).pages)
    # The break is found by laying page 1 out a few times; the last of those is the chunk.
    front = [html for page, html in layouts if page == 1]
    assert len(front) >= 2 and front.count(front[-1]) == 1
    shutil.rmtree(cache_root(project) / CHUNK_CACHE)
    parallel = build(issue, tmp_path / "parallel", processes=2)  # the jump broken while 2 and 4 render
    assert rendered_pages(parallel) == ["1", "2", "3", "4"]
    assert serial.pdf_path.read_bytes() == parallel.pdf_path.read_bytes()


def test_remembered_line_breaks_change_no_byte_of_the_pdf(own_project, tmp_path, monkeypatch):
    project, issue = own_project
    remembered = build(issue, tmp_path / "remembered", processes=1)
    shutil.rmtree(cache_root(project) / CHUNK_CACHE)
    monkeypatch.setattr(linebreaks, "CHECKED_WITH_WEASYPRINT", ())  # as with another WeasyPrint
    asked_pango = build(issue, tmp_path / "pango", processes=1)
    assert remembered.pdf_path.read_bytes() == asked_pango.pdf_path.read_bytes()


def test_balanced_columns_ask_the_same_line_breaks_again_and_memory_answers_them():
    from weasyprint import HTML

    html = ("<html lang=en-GB><style>@page { size: 120mm 160mm } div { columns: 3; column-fill: balance;"
            " text-align: justify; hyphens: auto; font-size: 9pt }</style><div>"
            + "".join(f"<p>{text}</p>" for text in paragraphs(8, seed=7).split("\n\n")) + "</div></html>")
    plain = HTML(string=html).write_pdf()
    with linebreaks.remembered_line_breaks() as memory:
        document = HTML(string=html).render()
    assert memory.used and memory.questions > 100
    assert memory.from_memory > memory.questions / 3  # balancing lays the copy out several times
    assert document.write_pdf() == plain


def test_a_worker_that_dies_stops_the_build_with_a_message_and_keeps_the_last_pdf(own_project, tmp_path,
                                                                                    monkeypatch):
    import os
    import signal

    from pressroom import chunks
    from pressroom.errors import InputError

    _, issue = own_project
    out = tmp_path / "out"
    first = build(issue, out)
    before = first.pdf_path.read_bytes()
    article = issue / "articles" / "two.md"
    article.write_text(article.read_text().replace("three years", "four years", 1))
    article = issue / "articles" / "back.md"
    article.write_text(article.read_text() + "\n\nOne more paragraph for the back page.\n")
    render_chunk = chunks._render_chunk

    def killed_on_page_4(job, setup, renderer):
        if job.group.first_page == 4:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        return render_chunk(job, setup, renderer)

    monkeypatch.setattr(chunks, "_render_chunk", killed_on_page_4)  # inherited by the forked workers
    with pytest.raises(InputError, match=r"a worker process stopped while page\(s\) 2, 4 were being laid out"):
        build_issue(issue, out, processes=2)
    assert first.pdf_path.read_bytes() == before
    assert sorted(path.name for path in out.iterdir()) == ["build.json", "mini-2026-12.pdf"]


def test_a_story_that_cannot_jump_stops_the_build_while_other_chunks_render(own_project, tmp_path):
    from pressroom.errors import InputError

    project, issue = own_project
    make_jump(issue)
    write_article(issue, "lead", paragraphs(1, sentences=500, seed=1) + "\n\n" + paragraphs(3, seed=2),
                  kicker="News", byline="Sam Whitlow")
    with pytest.raises(InputError, match="'lead' cannot jump: not even its first paragraph fits on page 1"):
        build_issue(issue, tmp_path / "out", processes=2)
    assert not (tmp_path / "out").exists()


def test_a_build_leaves_no_temporary_font_folder_behind(own_project, tmp_path):
    """WeasyPrint copies the layout's fonts into a temporary folder; the `pressroom` command
    ends without Python freeing its objects, so Pressroom removes the folder itself."""
    import os
    import sys

    _, issue = own_project
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    for jobs in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", "from pressroom.cli import run; run()", "build", str(issue),
                               "--out", str(tmp_path / f"out-{jobs}"), "--jobs", jobs, "--quiet"],
                              capture_output=True, text=True, env={**os.environ, "TMPDIR": str(temporary)})
        assert done.returncode == 0, done.stderr
        assert list(temporary.iterdir()) == []


def test_the_code_chunks_are_keyed_by_includes_the_page_model():
    """A chunk is cached under the digest of Pressroom's source: the modules of compose/
    (the grid, the frames, the paragraph composer) are part of it, so a change to how pages
    are set never reuses a chunk laid out by the code before."""
    from pressroom.cache import package_sources, source_digest

    names = {path.relative_to(path.parents[1]).as_posix() if path.parent.name == "compose" else path.name
             for path in package_sources()}
    assert {"compose/frames.py", "compose/lines.py", "compose/paragraph.py", "build.py"} <= names
    assert source_digest() != source_digest(*[path.stem for path in package_sources() if path.parent.name != "compose"])
