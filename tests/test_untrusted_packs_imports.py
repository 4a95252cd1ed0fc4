"""Imports, locks and packs are untrusted input (issue 17). ``pressroom import`` takes only a
slug for a name and writes only inside the issue; reads UTF-8 or UTF-16 with its byte order
mark and refuses other encodings at their first bad byte; refuses a .docx that inflates
past its limits or holds a picture past MAX_PIXELS. ``issue.lock`` is checked key by key
(a layout that is a path, a count that is text); ``pack`` takes no link out of the issue;
``unpack`` refuses a pack bomb before extracting. Each case runs the installed command: the
good case passes, the bad one is refused at its file (and line or key), never with a
traceback, and nothing outside the issue and output folders is read or written."""

from __future__ import annotations

import gzip
import io
import json
import os
import resource
import shutil
import subprocess
import tarfile
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm
from PIL import Image

from pressroom.archive import LOCK, LOCKED_KEYS, MAX_LOCK_BYTES, MAX_PACK_BYTES, MAX_PACK_HEADER_BYTES, \
    MAX_PACK_MEMBERS, SIGNED_BY, Lock, lock_from_record, read_lock, signed_by
from pressroom.build import build_issue
from pressroom.colour import MAX_PIXELS
from pressroom.importer import MAX_DOCX_FILE_BYTES, MAX_DOCX_PART_BYTES, MAX_DOCX_PARTS, MAX_DOCX_TOTAL_BYTES, \
    MAX_TEXT_BYTES

from conftest import (AUDIT_SITE, PRESSROOM, ROOT, make_mini_issue, make_project, passed, refused, run_pressroom,
                      touched_outside)

ADDRESS_SPACE = 1536 * 1024 * 1024  # a bomb's command runs with this much memory at most
MB = 1024 * 1024


def bounded(*args, cwd: Path, audit: Path | None = None) -> subprocess.CompletedProcess:
    """The installed command (under the audit hook with ``audit``, as run_pressroom) with
    ADDRESS_SPACE and a minute at most: a bomb that got through fails the test rather than
    eat the machine."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    environment = dict(os.environ)
    if audit is not None:
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(AUDIT_SITE), environment.get("PYTHONPATH")]))
        environment["PRESSROOM_AUDIT_LOG"] = str(audit)
    return subprocess.run([str(PRESSROOM), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=60, preexec_fn=limit, env=environment)


# -- import: slugs and where files go ---------------------------------------------------------

@pytest.fixture
def newsroom(tmp_path: Path) -> tuple[Path, Path]:
    """The mini issue in a project, and an inbox outside it holding what writers sent."""
    (tmp_path / "project").mkdir()
    issue = make_mini_issue(make_project(tmp_path / "project"))
    (tmp_path / "inbox").mkdir()
    return issue, tmp_path / "inbox"


def write_docx(path: Path, picture: Path | None = None) -> Path:
    """A short Word file by python-docx: heading, byline, two paragraphs, a picture if given."""
    document = docx.Document()
    document.add_heading("Harbour wall repairs to begin", level=1)
    document.add_paragraph("By Priya Nandra")
    document.add_paragraph("The council said the work would start in the spring.")
    if picture is not None:
        document.add_picture(str(picture), width=Mm(80))
        document.inline_shapes[0]._inline.docPr.set("descr", "The harbour wall")
    document.add_paragraph("Boats will move to the east basin while it lasts.")
    document.save(path)
    return path


def source_file(inbox: Path, kind: str) -> Path:
    """A good article of each kind the importer takes."""
    if kind == ".docx":
        Image.new("RGB", (1200, 800), (90, 120, 150)).save(inbox / "wall.jpg", quality=85)
        return write_docx(inbox / "harbour.docx", inbox / "wall.jpg")
    if kind == ".txt":
        path = inbox / "harbour.txt"
        path.write_text("Harbour wall repairs to begin\nBy Priya Nandra\n\nThe council said the work would "
                        "start in the spring.\n", encoding="utf-8")
        return path
    path = inbox / "harbour.md"
    path.write_text("---\nheadline: Harbour wall repairs to begin\nbyline: Priya Nandra\n---\n\n"
                    "The council said the work would start in the spring.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", [".md", ".txt", ".docx"])
def test_a_slug_names_an_article_inside_the_issue(newsroom, tmp_path, kind):
    issue, inbox = newsroom
    source = source_file(inbox, kind)
    log = tmp_path / "audit.log"
    output = passed(run_pressroom("import", source, "--issue", issue, "--slug", "harbour-wall", cwd=tmp_path,
                                  audit=log))
    assert "articles/harbour-wall.md" in output
    assert "Harbour wall repairs to begin" in (issue / "articles" / "harbour-wall.md").read_text(encoding="utf-8")
    if kind == ".docx":
        assert (issue / "images" / "harbour-wall-1.jpg").is_file()
    assert touched_outside(log, allowed=[issue, inbox], watched=[tmp_path]) == []


@pytest.mark.parametrize("kind", [".md", ".txt", ".docx"])
def test_a_slug_that_is_a_path_is_refused_for_every_kind_of_file(newsroom, tmp_path, kind):
    issue, inbox = newsroom
    source = source_file(inbox, kind)
    log = tmp_path / "audit.log"
    refused(run_pressroom("import", source, "--issue", issue, "--slug", "../../x", cwd=tmp_path, audit=log),
            "--slug '../../x' is not a slug", "hint: a slug is lower-case words")
    assert not list(tmp_path.rglob("x.md")) and not list(tmp_path.rglob("x-1.jpg"))
    assert touched_outside(log, allowed=[issue, inbox], watched=[tmp_path]) == []


def test_a_markdown_file_whose_name_is_not_a_slug_needs_one(newsroom, tmp_path):
    issue, inbox = newsroom
    source = source_file(inbox, ".md").rename(inbox / "Harbour Wall.md")
    refused(run_pressroom("import", source, "--issue", issue, cwd=tmp_path),
            "inbox/Harbour Wall.md: the file's name 'Harbour Wall' is not a slug", "--slug")
    passed(run_pressroom("import", source, "--issue", issue, "--slug", "harbour-wall", cwd=tmp_path))


@pytest.mark.parametrize("kind, folder, what", [(".txt", "articles", "article"), (".docx", "images", "picture")])
def test_a_folder_of_the_issue_that_leads_out_of_it_is_not_written_through(newsroom, tmp_path, kind, folder,
                                                                           what):
    issue, inbox = newsroom
    source = source_file(inbox, kind)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(issue / folder)
    (issue / folder).symlink_to(elsewhere)
    log = tmp_path / "audit.log"
    refused(run_pressroom("import", source, "--issue", issue, "--slug", "harbour-wall", "--force", cwd=tmp_path,
                          audit=log), f"{what} '{folder}/harbour-wall", "is outside", "it leads to")
    assert list(elsewhere.iterdir()) == []
    assert touched_outside(log, allowed=[issue, inbox], watched=[tmp_path]) == []


# -- import: encodings ------------------------------------------------------------------------

STORY = "Café on the quay to reopen\nBy Joe Harker\n\nThe café’s owner said it would open in May.\n"
MARKDOWN = ("---\nheadline: Café on the quay to reopen\nbyline: Joe Harker\n---\n\n"
            "The café’s owner said it would open in May.\n")


@pytest.mark.parametrize("kind", [".md", ".txt"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "utf-8-crlf"])
def test_utf8_and_utf16_with_its_byte_order_mark_are_read(newsroom, tmp_path, kind, encoding):
    issue, inbox = newsroom
    text = MARKDOWN if kind == ".md" else STORY
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    elif encoding == "utf-8-crlf":
        data = text.replace("\n", "\r\n").encode("utf-8")
    else:
        data = text.encode(encoding)  # Python's utf-16 writes its byte order mark
    source = inbox / f"cafe{kind}"
    source.write_bytes(data)
    passed(run_pressroom("import", source, "--issue", issue, "--slug", "cafe", cwd=tmp_path))
    written = (issue / "articles" / "cafe.md").read_bytes()
    assert not written.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and b"\r" not in written
    assert "Café on the quay to reopen" in written.decode("utf-8")
    assert "The café’s owner said it would open in May." in written.decode("utf-8")


@pytest.mark.parametrize("kind", [".md", ".txt"])
@pytest.mark.parametrize("encoding, words", [
    ("latin-1", ["byte 0xE9 cannot be read as UTF-8"]),
    ("cp1252", ["byte 0xE9 cannot be read as UTF-8"]),
    ("utf-16-le", ["NUL characters", "UTF-16 saved without its byte order mark"]),
    ("utf-16-le-ascii", ["NUL characters", "UTF-16 saved without its byte order mark"]),
])
def test_other_encodings_are_refused_at_their_first_bad_byte(newsroom, tmp_path, kind, encoding, words):
    issue, inbox = newsroom
    text = "Ferry to run on Sundays\nBy Joe Harker\n\nThe operator said so.\n" + STORY.replace("’", "'")
    if kind == ".md":
        text = "---\nheadline: Ferry to run on Sundays\nbyline: Joe Harker\n---\n\n" + text
    if encoding.startswith("utf-16"):  # without its mark (plain ASCII in it is valid UTF-8, with NULs)
        plain = text.replace("é", "e") if encoding == "utf-16-le-ascii" else text
        data, where = plain.encode("utf-16-le"), ":1:2:"
    else:
        before = text[:text.index("é")]
        data, where = text.encode(encoding), f":{before.count(chr(10)) + 1}:{len(before.split(chr(10))[-1]) + 1}:"
    source = inbox / f"cafe{kind}"
    source.write_bytes(data)
    log = tmp_path / "audit.log"
    refused(run_pressroom("import", source, "--issue", issue, "--slug", "cafe", cwd=tmp_path, audit=log),
            f"inbox/cafe{kind}{where} this ", *words, "hint: save it as UTF-8")
    assert not (issue / "articles" / "cafe.md").exists()
    assert touched_outside(log, allowed=[issue, inbox], watched=[tmp_path]) == []


# -- import: Word files past the limits ---------------------------------------------------------

def zip_bomb(path: Path, parts: dict[str, int]) -> Path:
    """A .docx whose parts are ``size`` bytes of zeros each, written in 1 MB blocks (the file
    is a few hundred KB, the test never holds a part in memory)."""
    block = bytes(MB)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxml'
                         'formats.org/package/2006/content-types"/>')
        for name, size in parts.items():
            with archive.open(name, "w") as part:
                for _ in range(size // MB):
                    part.write(block)
    return path


@pytest.mark.parametrize("parts, words", [
    ({"word/document.xml": MAX_DOCX_PART_BYTES + MB}, ["part 'word/document.xml' inflates to 65 MB"]),
    ({f"word/media/image{number}.png": MAX_DOCX_PART_BYTES - MB for number in range(5)},
     [f"this Word document inflates to {5 * (MAX_DOCX_PART_BYTES - MB) // MB:,} MB",
      f"up to {MAX_DOCX_TOTAL_BYTES // MB} MB"]),
    ({f"word/media/{number}.bin": 0 for number in range(MAX_DOCX_PARTS + 1)},
     [f"this Word document has {MAX_DOCX_PARTS + 2:,} parts"]),
])
def test_a_docx_that_inflates_past_the_limits_is_refused_before_it_is_read(newsroom, tmp_path, parts, words):
    issue, inbox = newsroom
    source = zip_bomb(inbox / "bomb.docx", parts)
    assert source.stat().st_size < 2 * MB
    log = tmp_path / "audit.log"
    started = time.monotonic()
    refused(bounded("import", source, "--issue", issue, cwd=tmp_path, audit=log), "inbox/bomb.docx: ", *words)
    assert time.monotonic() - started < 30
    assert sorted(path.name for path in (issue / "articles").iterdir()) == \
        ["back.md", "lead.md", "one.md", "three.md", "two.md"]
    assert touched_outside(log, allowed=[issue, inbox], watched=[tmp_path]) == []


@pytest.mark.parametrize("kind, limit", [(".docx", MAX_DOCX_FILE_BYTES), (".txt", MAX_TEXT_BYTES),
                                         (".md", MAX_TEXT_BYTES)])
def test_a_file_past_its_size_limit_is_refused_unread(newsroom, tmp_path, kind, limit):
    issue, inbox = newsroom
    source = inbox / f"large{kind}"
    with open(source, "wb") as stream:
        stream.truncate(limit + 1)  # sparse: nothing is written to the disk
    log = tmp_path / "audit.log"
    refused(run_pressroom("import", source, "--issue", issue, "--slug", "large", cwd=tmp_path, audit=log),
            f"inbox/large{kind}: this ", f"over {limit // MB} MB")
    assert f"open\t{source}" not in log.read_text(encoding="utf-8")


def test_a_docx_picture_past_max_pixels_is_refused_and_nothing_is_written(newsroom, tmp_path):
    issue, inbox = newsroom
    side = int(MAX_PIXELS ** 0.5) + 100  # a 1-bit PNG: 15 MB in memory, a few KB on disk
    Image.new("1", (side, side), 1).save(inbox / "huge.png", optimize=False)
    source = write_docx(inbox / "huge.docx", inbox / "huge.png")
    log = tmp_path / "audit.log"
    refused(bounded("import", source, "--issue", issue, "--slug", "huge", cwd=tmp_path, audit=log),
            "inbox/huge.docx: picture 1 ('The harbour wall') is over 120,000,000 pixels", "hint: resize it")
    assert not (issue / "articles" / "huge.md").exists() and not list((issue / "images").glob("huge-*"))
    assert touched_outside(log, allowed=[issue, inbox], watched=[tmp_path]) == []


def test_a_docx_picture_linked_to_a_file_elsewhere_is_not_fetched(newsroom, tmp_path):
    issue, inbox = newsroom
    secret = tmp_path / "elsewhere" / "secret.png"
    secret.parent.mkdir()
    Image.new("RGB", (40, 40)).save(secret)
    Image.new("RGB", (40, 40)).save(inbox / "small.png")
    document = docx.Document()
    document.add_heading("A linked picture", level=1)
    document.add_paragraph("By Joe Harker")
    document.add_picture(str(inbox / "small.png"))
    blip = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip
    del blip.attrib[qn("r:embed")]
    blip.set(qn("r:link"), document.part.relate_to(secret.as_uri(), RELATIONSHIP_TYPE.IMAGE, is_external=True))
    document.add_paragraph("The story goes on.")
    document.save(inbox / "linked.docx")
    log = tmp_path / "audit.log"
    output = passed(run_pressroom("import", inbox / "linked.docx", "--issue", issue, "--slug", "linked",
                                  cwd=tmp_path, audit=log))
    assert "external" in output and not list((issue / "images").glob("linked-*"))
    assert touched_outside(log, allowed=[issue, inbox], watched=[tmp_path]) == []


# -- the lock and pack ------------------------------------------------------------------------

def test_both_signed_off_locks_validate_as_they_are():
    for lock in sorted((ROOT / "issues").glob(f"*/{LOCK}")):
        assert read_lock(lock.parent) == json.loads(lock.read_text(encoding="utf-8"))
    assert set(Lock.model_fields) == {*LOCKED_KEYS, SIGNED_BY}


@pytest.fixture(scope="module")
def signed_off(tmp_path_factory) -> Path:
    """A project (real copies of layouts/, fonts/, profiles/) with the mini issue built and
    its lock written as signoff writes it (without git and the layout pin)."""
    project = tmp_path_factory.mktemp("signed") / "newsroom" / "project"
    for name in ("layouts", "fonts", "profiles"):
        shutil.copytree(ROOT / name, project / name)
    (project / "issues").mkdir()
    issue = make_mini_issue(project)
    lock = {**lock_from_record(build_issue(issue).record), SIGNED_BY: signed_by()}
    (issue / LOCK).write_text(json.dumps(lock, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                              encoding="utf-8")
    return project


@pytest.fixture
def signed(signed_off: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the signed-off project for one test: its issue folder and an output folder."""
    project = tmp_path / "newsroom" / "project"
    shutil.copytree(signed_off, project, symlinks=True)
    (tmp_path / "out").mkdir()
    return project / "issues" / "mini-2026-12", tmp_path / "out"


def edit_lock(issue: Path, change) -> int:
    """Change the lock's data with ``change(lock)``; the line of its first changed line."""
    path = issue / LOCK
    before = path.read_text(encoding="utf-8").splitlines()
    lock = json.loads("\n".join(before))
    change(lock)
    path.write_text(json.dumps(lock, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    after = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, (old, new) in enumerate(zip(before, after), 1) if old != new)


def test_a_good_lock_packs_and_the_pack_rebuilds(signed, tmp_path):
    issue, out = signed
    project = issue.parent.parent
    (issue / "images" / "same-scene.jpg").symlink_to("scene.jpg")  # a link inside the issue is fine
    log = tmp_path / "audit.log"
    passed(run_pressroom("pack", issue, "-o", out / "mini.tar.gz", cwd=tmp_path, audit=log))
    assert touched_outside(log, allowed=[project, out], watched=[tmp_path]) == []
    with tarfile.open(out / "mini.tar.gz") as tar:
        linked = tar.getmember("issues/mini-2026-12/images/same-scene.jpg")
        assert linked.isfile() and linked.size == (issue / "images" / "scene.jpg").stat().st_size
    (issue / "images" / "same-scene.jpg").unlink()
    shutil.rmtree(project)
    output = passed(run_pressroom("rebuild", out / "mini.tar.gz", "--verify", cwd=tmp_path))
    assert "mini-2026-12: verified" in output


@pytest.mark.parametrize("command", ["pack", "rebuild"])
def test_a_lock_whose_layout_is_a_path_is_refused(signed, tmp_path, command):
    issue, out = signed
    decoy = tmp_path / "x"  # where layouts/../../../x leads: it must not be read or packed
    decoy.mkdir()
    (decoy / "private.txt").write_text("not for the pack", encoding="utf-8")
    line = edit_lock(issue, lambda lock: lock.update(layout="../../../x"))
    arguments = ["-o", out / "mini.tar.gz"] if command == "pack" else ["--verify"]
    log = tmp_path / "audit.log"
    refused(run_pressroom(command, issue, *arguments, cwd=tmp_path, audit=log),
            f"issue.lock:{line}:", "'layout': must be a plain name", "(got '../../../x')")
    assert not (out / "mini.tar.gz").exists()
    assert touched_outside(log, allowed=[issue, out], watched=[tmp_path]) == []


@pytest.mark.parametrize("command", ["pack", "rebuild"])
@pytest.mark.parametrize("change, key, words", [
    (lambda lock: lock.update(page_count="many"), "page_count", ["valid integer", "(got 'many')"]),
    (lambda lock: lock.update(page_count=0), "page_count", ["greater than or equal to 1"]),
    (lambda lock: lock["output"].update(sha256="abc"), "output.sha256", ["64 lower-case hex digits"]),
    (lambda lock: lock["inputs"].update({"/etc/passwd": "0" * 64}), "inputs./etc/passwd",
     ["relative to the project"]),
    (lambda lock: lock["layout_files"].update({"../../x": "0" * 64}), "layout_files.../../x",
     ["without '..'"]),
    (lambda lock: lock.update(ads=[{"ad": "one"}]), "ads.0.ad", ["valid integer"]),
])
def test_a_lock_with_wrong_types_or_values_is_refused_naming_the_key(signed, tmp_path, command, change, key, words):
    issue, out = signed
    edit_lock(issue, change)
    arguments = ["-o", out / "mini.tar.gz"] if command == "pack" else ["--verify"]
    log = tmp_path / "audit.log"
    output = refused(run_pressroom(command, issue, *arguments, cwd=tmp_path, audit=log),
                     f"'{key}'", *words)
    assert "issue.lock:" in output
    assert touched_outside(log, allowed=[issue, out], watched=[tmp_path]) == []


def test_a_lock_past_its_size_limit_is_refused_unread(signed, tmp_path):
    issue, out = signed
    with open(issue / LOCK, "ab") as stream:
        stream.write(b" " * MAX_LOCK_BYTES)  # still valid JSON
    log = tmp_path / "audit.log"
    refused(run_pressroom("pack", issue, "-o", out / "mini.tar.gz", cwd=tmp_path, audit=log),
            "issue.lock: this lock is over 4 MB")
    assert f"open\t{issue / LOCK}" not in log.read_text(encoding="utf-8")


def test_a_lock_that_is_not_json_is_refused_at_its_line(signed, tmp_path):
    issue, out = signed
    text = (issue / LOCK).read_text(encoding="utf-8")
    (issue / LOCK).write_text(text.replace('"page_count": 4,', '"page_count": 4,,'), encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if '"page_count"' in row)
    refused(run_pressroom("pack", issue, "-o", out / "mini.tar.gz", cwd=tmp_path),
            f"issue.lock:{line}:", "not valid JSON")


def test_a_link_in_the_issue_leading_out_of_it_is_refused_not_packed(signed, tmp_path):
    issue, out = signed
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("private", encoding="utf-8")
    (issue / "images" / "notes.txt").symlink_to(secret)
    log = tmp_path / "audit.log"
    refused(run_pressroom("pack", issue, "-o", out / "mini.tar.gz", cwd=tmp_path, audit=log),
            "issues/mini-2026-12: file 'images/notes.txt' is outside", f"it leads to {secret}")
    assert not (out / "mini.tar.gz").exists()
    assert touched_outside(log, allowed=[issue.parent.parent, out], watched=[tmp_path]) == []


# -- unpack: bombs and escapes ------------------------------------------------------------------

ZEROS = 16 * MB


def pack_bomb(path: Path, sizes: list[int]) -> Path:
    """A .tar.gz of members ``issues/bomb-2026-12/zeros-N.bin`` of ``sizes`` bytes of zeros,
    made fast: tarfile writes the headers, and the zeros are one gzip member of ZEROS bytes
    written again and again (gzip reads concatenated members as one stream)."""
    zeros = gzip.compress(bytes(ZEROS), compresslevel=9)
    with open(path, "wb") as stream:
        for number, size in enumerate(sizes):
            assert size % ZEROS == 0
            info = tarfile.TarInfo(f"issues/bomb-2026-12/zeros-{number}.bin")
            info.size = size
            stream.write(gzip.compress(info.tobuf(tarfile.PAX_FORMAT)))
            for _ in range(size // ZEROS):
                stream.write(zeros)
        stream.write(gzip.compress(bytes(2 * tarfile.BLOCKSIZE)))  # the end of the archive
    return path


def test_a_pack_that_unpacks_past_the_limit_is_refused_before_extracting(tmp_path):
    sizes = [MAX_PACK_BYTES // 2, MAX_PACK_BYTES // 2 + ZEROS]
    package = pack_bomb(tmp_path / "bomb.tar.gz", sizes)
    assert package.stat().st_size < 4 * MB
    log = tmp_path / "audit.log"
    refused(bounded("rebuild", package, "--verify", cwd=tmp_path, audit=log),
            "bomb.tar.gz: this pack is refused: it unpacks to more than 2 GB (at 'issues/bomb-2026-12/zeros-1.bin')",
            "hint: a real pack")
    assert "zeros-0.bin" not in log.read_text(encoding="utf-8")  # nothing was extracted


def test_a_pack_within_the_limit_unpacks(tmp_path):
    package = pack_bomb(tmp_path / "small.tar.gz", [ZEROS, ZEROS])
    output = refused(run_pressroom("rebuild", package, "--verify", cwd=tmp_path), "issue.lock does not exist")
    assert "pack is refused" not in output  # unpacked; refused only because it holds no lock


def test_a_pack_of_too_many_files_is_refused(tmp_path):
    package = tmp_path / "many.tar.gz"
    with tarfile.open(package, "w:gz") as tar:
        for number in range(MAX_PACK_MEMBERS + 1):
            tar.addfile(tarfile.TarInfo(f"issues/many-2026-12/{number}.md"), io.BytesIO())
    refused(run_pressroom("rebuild", package, "--verify", cwd=tmp_path),
            f"many.tar.gz: this pack is refused: it holds more than {MAX_PACK_MEMBERS:,} files")


def test_a_pack_with_a_header_of_gigabytes_is_refused_before_it_is_read(tmp_path):
    package = tmp_path / "header.tar.gz"
    info = tarfile.TarInfo("issues/header-2026-12/issue.yaml")
    info.pax_headers = {"comment": "x" * (MAX_PACK_HEADER_BYTES + 1)}
    with tarfile.open(package, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(info, io.BytesIO())
    refused(bounded("rebuild", package, "--verify", cwd=tmp_path),
            "header.tar.gz: this pack is refused: it holds a header of more than 1 MB")


def test_a_pack_member_leading_out_of_the_folder_is_refused(tmp_path):
    package = tmp_path / "escape.tar.gz"
    with tarfile.open(package, "w:gz") as tar:
        data = b"escaped"
        info = tarfile.TarInfo("issues/escape-2026-12/../../../../escaped.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    log = tmp_path / "audit.log"
    refused(run_pressroom("rebuild", package, "--verify", cwd=tmp_path, audit=log),
            "escape.tar.gz: this is not a Pressroom pack")
    assert "escaped.txt" not in log.read_text(encoding="utf-8")
