"""Safe by construction (docs/security.md): a layout runs no code, inputs that lead out of the
issue folder are refused, a damaged cache never prints a wrong page, and a build that dies
leaves nothing that stops the next one. Every case runs the installed ``pressroom`` command."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from PIL import Image

from pressroom.cache import read_entry, write_entry

from conftest import (ROOT, copy_sample, make_mini_issue, make_project, paragraphs, run_pressroom,
                      touched_outside, write_article)

PAYLOAD = "{{ cycler.__init__.__globals__.os.system('touch %s') }}"


def output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


def own_layouts_project(tmp_path: Path) -> Path:
    """A project with real copies of layouts/ (to be made hostile), links to fonts/ and
    profiles/, its own cache, and the mini issue."""
    project = tmp_path / "project"
    (project / "issues").mkdir(parents=True)
    shutil.copytree(ROOT / "layouts", project / "layouts", ignore=shutil.ignore_patterns("tabloid@*"))
    (project / "fonts").symlink_to(ROOT / "fonts")
    (project / "profiles").symlink_to(ROOT / "profiles")
    make_mini_issue(project)
    return project


# -- templates run no code ---------------------------------------------------------------

def test_a_template_payload_in_a_layout_runs_nothing_and_is_a_located_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSROOM_CACHE", str(tmp_path / "cache"))
    project = own_layouts_project(tmp_path)
    issue = project / "issues" / "mini-2026-12"
    marker = tmp_path / "command-ran"
    clean = run_pressroom("build", issue, "--out", tmp_path / "out")
    assert clean.returncode == 0, output(clean)
    template = project / "layouts" / "tabloid" / "templates" / "pages" / "news.html.j2"
    template.write_text(PAYLOAD % marker + "\n" + template.read_text())
    audit = tmp_path / "audit.log"
    result = run_pressroom("build", issue, "--out", tmp_path / "out", audit=audit)
    assert result.returncode == 2, output(result)
    assert "Traceback" not in output(result)
    assert "news.html.j2:" in result.stderr and "templates may not" in result.stderr
    assert not marker.exists()
    assert touched_outside(audit, [project, tmp_path / "out", tmp_path / "cache",
                                   tmp_path / ".out.build.lock"], [tmp_path]) == []


def test_a_layout_inside_the_issue_folder_is_refused_before_any_template_is_read(tmp_path):
    project = make_project(tmp_path)
    issue = make_mini_issue(project)
    evil = issue / "evil"
    shutil.copytree(ROOT / "layouts" / "tabloid", evil)
    marker = tmp_path / "command-ran"
    (evil / "templates" / "pages" / "news.html.j2").write_text(PAYLOAD % marker)
    for layout in ("../issues/mini-2026-12/evil", str(evil)):
        manifest = issue / "issue.yaml"
        manifest.write_text(manifest.read_text().replace("layout: tabloid", f"layout: {layout}")
                            .replace("layout: ../issues/mini-2026-12/evil", f"layout: {layout}"))
        result = run_pressroom("build", issue, "--out", tmp_path / "out")
        assert result.returncode == 2 and "Traceback" not in output(result), output(result)
        assert "issue.yaml:" in result.stderr and "layout" in result.stderr
        assert not marker.exists()


def test_a_template_payload_in_a_pack_runs_nothing(tmp_path, monkeypatch):
    """A pack of a signed-off issue whose layout was given the payload: the rebuild refuses
    the template, nothing runs."""
    from pressroom.archive import LOCK, SIGNED_BY, lock_from_record, pack, signed_by
    from pressroom.build import build_issue

    monkeypatch.setenv("PRESSROOM_CACHE", str(tmp_path / "cache"))
    project = tmp_path / "project"
    for name in ("layouts", "fonts", "profiles"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copytree(ROOT / "issues" / "ledger-2026-11", project / "issues" / "ledger-2026-11")
    issue = project / "issues" / "ledger-2026-11"
    # Signed off by this Pressroom (as signoff writes the lock, without git), so that the pack
    # is rebuilt in this process, by this Pressroom's sandbox.
    lock = {**lock_from_record(build_issue(issue).record), SIGNED_BY: signed_by()}
    (issue / LOCK).write_text(json.dumps(lock, indent=2, sort_keys=True), encoding="utf-8")
    honest = tmp_path / "honest.tar.gz"
    pack(issue, honest)
    marker = tmp_path / "command-ran"
    hostile = tmp_path / "hostile.tar.gz"
    with tarfile.open(honest) as source, tarfile.open(hostile, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith("templates/pages/news.html.j2"):
                data = (PAYLOAD % marker).encode() + b"\n" + data
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    verified = run_pressroom("rebuild", honest, "--verify")
    assert verified.returncode == 0 and "verified" in verified.stdout, output(verified)
    result = run_pressroom("rebuild", hostile, "--verify")
    assert result.returncode != 0 and "Traceback" not in output(result), output(result)
    assert "news.html.j2" in output(result) and "templates may not" in output(result)
    assert not marker.exists()


# -- inputs that lead out of the issue folder ----------------------------------------------

@pytest.mark.parametrize("link", ["article", "articles folder", "picture", "manifest"])
def test_a_link_out_of_the_issue_folder_is_refused(tmp_path, link):
    project = make_project(tmp_path)
    issue = make_mini_issue(project)
    outside = tmp_path / "outside"
    outside.mkdir()
    good = run_pressroom("build", issue, "--out", tmp_path / "out")
    assert good.returncode == 0, output(good)
    good_pdf = (tmp_path / "out" / "mini-2026-12.pdf").read_bytes()
    if link == "article":
        (outside / "secret.md").write_text("---\nheadline: A story from elsewhere\n---\n\nNot ours.\n")
        (issue / "articles" / "two.md").unlink()
        (issue / "articles" / "two.md").symlink_to(outside / "secret.md")
        where = "two.md"
    elif link == "articles folder":
        shutil.move(issue / "articles", outside / "articles")
        (issue / "articles").symlink_to(outside / "articles")
        where = ".md"
    elif link == "picture":
        shutil.move(issue / "images" / "scene.jpg", outside / "scene.jpg")
        (issue / "images" / "scene.jpg").symlink_to(outside / "scene.jpg")
        where = "lead.md:"
    else:
        shutil.move(issue / "issue.yaml", outside / "issue.yaml")
        (issue / "issue.yaml").symlink_to(outside / "issue.yaml")
        where = "issue.yaml"
    audit = tmp_path / "audit.log"
    result = run_pressroom("build", issue, "--out", tmp_path / "out", audit=audit)
    assert result.returncode == 2 and "Traceback" not in output(result), output(result)
    assert "outside the issue folder" in result.stderr and where in result.stderr
    assert (tmp_path / "out" / "mini-2026-12.pdf").read_bytes() == good_pdf
    opened = [line for line in touched_outside(audit, [issue, project / "layouts", project / "fonts",
                                                       project / "profiles", tmp_path / "out",
                                                       tmp_path / ".out.build.lock"], [tmp_path])
              if line.startswith("open ") and not line.endswith(("/outside", "/outside/articles"))]
    assert opened == []  # the file behind the link was never opened


# -- the cache can never print a wrong page -------------------------------------------------

def flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) * 2 // 3] ^= 0x5A
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def swap(first: Path, second: Path) -> None:
    a, b = first.read_bytes(), second.read_bytes()
    first.write_bytes(b)
    second.write_bytes(a)


def entries(cache: Path, folder: str, pattern: str) -> list[Path]:
    return sorted(path for path in (cache / folder).rglob(pattern) if path.is_file() and not path.name.startswith("."))


@pytest.fixture(scope="module")
def jumping_issue(tmp_path_factory):
    """A mini issue whose lead jumps to page 3, with a second picture: every kind of cache
    entry (chunks, a jump break, the PDF/X parts, converted pictures, measured ink)."""
    tmp_path = tmp_path_factory.mktemp("cache")
    project = make_project(tmp_path)
    issue = make_mini_issue(project)
    manifest = issue / "issue.yaml"
    manifest.write_text(manifest.read_text().replace("{slug: lead, pages: 1}", "{slug: lead, pages: 1, continues_on: 3}"))
    write_article(issue, "lead", paragraphs(30, seed=1), kicker="News", standfirst="A standfirst.",
                  byline="Sam Whitlow")
    Image.new("RGB", (2400, 1600), (200, 60, 40)).save(issue / "images" / "red.jpg", quality=80)
    back = issue / "articles" / "back.md"
    back.write_text(back.read_text().replace("images/scene.jpg", "images/red.jpg"))
    cache = tmp_path / "cache"
    clean = run_pressroom("build", issue, "--out", tmp_path / "clean", env={"PRESSROOM_CACHE": str(cache)})
    assert clean.returncode == 0, output(clean)
    return issue, cache, (tmp_path / "clean" / "mini-2026-12.pdf").read_bytes(), tmp_path


CORRUPTIONS = {
    "chunk bytes flipped": lambda cache: [flip(path) for path in entries(cache, "chunks", "*.chunk")],
    "chunk truncated": lambda cache: [truncate(path) for path in entries(cache, "chunks", "*.chunk")],
    "chunks swapped": lambda cache: swap(*entries(cache, "chunks", "*.chunk")[:2]),
    "chunk copied over another": lambda cache: shutil.copyfile(*entries(cache, "chunks", "*.chunk")[:2]),
    "jump break flipped": lambda cache: [flip(path) for path in entries(cache, "chunks", "jump-*")],
    "PDF/X parts truncated": lambda cache: [truncate(path) for path in entries(cache, "chunks", "parts-*")],
    "picture truncated": lambda cache: [truncate(path) for path in entries(cache, "print-pictures", "*")],
    "pictures swapped": lambda cache: swap(*entries(cache, "print-pictures", "*")[:2]),
    "ink flipped": lambda cache: [flip(path) for path in entries(cache, "picture-ink", "*")],
}


@pytest.mark.parametrize("damage", CORRUPTIONS, ids=list(CORRUPTIONS))
def test_a_damaged_cache_gives_exactly_the_bytes_of_a_clean_build(jumping_issue, damage):
    issue, cache, clean, tmp_path = jumping_issue
    run = tmp_path / damage.replace(" ", "-")
    shutil.copytree(cache, run / "cache")
    if damage.startswith(("picture", "ink")):  # read when pages are laid out: lay them out again
        shutil.rmtree(run / "cache" / "chunks")
    CORRUPTIONS[damage](run / "cache")
    result = run_pressroom("build", issue, "--out", run / "out", env={"PRESSROOM_CACHE": str(run / "cache")})
    assert result.returncode == 0 and "Traceback" not in output(result), output(result)
    assert "cache: the" in result.stderr and "was damaged" in result.stderr
    assert (run / "out" / "mini-2026-12.pdf").read_bytes() == clean
    again = run_pressroom("build", issue, "--out", run / "out", env={"PRESSROOM_CACHE": str(run / "cache")})
    assert again.returncode == 0 and "was damaged" not in again.stderr  # replaced, not failing again


def test_a_jump_record_with_nonsense_values_is_replaced(jumping_issue):
    issue, cache, clean, tmp_path = jumping_issue
    run = tmp_path / "nonsense-jump"
    shutil.copytree(cache, run / "cache")
    shutil.rmtree(run / "cache" / "chunks")
    shutil.copytree(cache / "chunks", run / "cache" / "chunks",
                    ignore=lambda folder, names: [name for name in names if name.endswith(".chunk")])
    for path in entries(run / "cache", "chunks", "jump-*"):
        key = path.name.removeprefix("jump-")
        write_entry(path, "jump", key, {"break": json.dumps({"slug": "lead", "at": -7}).encode()})
    result = run_pressroom("build", issue, "--out", run / "out", env={"PRESSROOM_CACHE": str(run / "cache")})
    assert result.returncode == 0 and "was damaged" in result.stderr, output(result)
    assert (run / "out" / "mini-2026-12.pdf").read_bytes() == clean


def test_entries_are_read_back_only_whole_and_under_their_own_key(tmp_path):
    path = tmp_path / "entry"
    write_entry(path, "chunk", "a" * 64, {"facts": b"{}", "pdf": b"%PDF-1.6 bytes"})
    assert read_entry(path, "chunk", "a" * 64) == {"facts": b"{}", "pdf": b"%PDF-1.6 bytes"}
    assert read_entry(path, "chunk", "b" * 64) is None and not path.exists()  # another key's: discarded
    write_entry(path, "chunk", "a" * 64, {"facts": b"{}", "pdf": b"%PDF-1.6 bytes"})
    path.write_bytes(path.read_bytes() + b"more")
    assert read_entry(path, "chunk", "a" * 64) is None and not path.exists()


def test_concurrent_builds_of_two_issues_share_the_cache_safely(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSROOM_CACHE", str(tmp_path / "cache"))
    project = make_project(tmp_path)
    first = make_mini_issue(project)
    second = project / "issues" / "mini-2026-12-copy"
    shutil.copytree(first, second)  # the same pages: both builds write the same cache entries
    for attempt in range(2):
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)
        processes = [subprocess.Popen([str(Path(sys.executable).with_name("pressroom")), "build", str(issue),
                                       "--out", str(tmp_path / f"out-{issue.name}"), "--jobs", "2"],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                     for issue in (first, second)]
        outputs = [process.communicate(timeout=300)[0] for process in processes]
        assert [process.returncode for process in processes] == [0, 0], outputs
        assert not any("Traceback" in text or ".tmp" in text for text in outputs)
    pdfs = [(tmp_path / f"out-{issue.name}" / f"{issue.name}.pdf").read_bytes() for issue in (first, second)]
    alone = run_pressroom("build", first, "--out", tmp_path / "alone")
    assert (tmp_path / "alone" / "mini-2026-12.pdf").read_bytes() == pdfs[0], output(alone)


def test_a_change_to_pressroom_s_code_lays_every_chunk_out_again(tmp_path, monkeypatch):
    """The chunk key holds a digest of the package's source: the same version with one line
    of code changed reuses nothing the old code computed."""
    monkeypatch.setenv("PRESSROOM_CACHE", str(tmp_path / "cache"))
    project = make_project(tmp_path)
    issue = make_mini_issue(project)
    changed = tmp_path / "changed-source"
    shutil.copytree(ROOT / "src", changed, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    fit = changed / "pressroom" / "fit.py"
    fit.write_text(fit.read_text() + "\n# a change that alters no output\n")

    def build(source: Path | None, out: str) -> dict:
        env = {"PYTHONPATH": str(source)} if source else {}
        result = subprocess.run([sys.executable, "-c", "from pressroom.cli import run; run()", "build", str(issue),
                                 "--out", str(tmp_path / out)], capture_output=True, text=True,
                                env={**os.environ, **env}, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads((tmp_path / out / "build.json").read_text())

    first = build(None, "first")
    assert all(not chunk["cached"] for chunk in first["chunks"])
    assert all(chunk["cached"] for chunk in build(None, "again")["chunks"])
    other_code = build(changed, "changed")
    assert all(not chunk["cached"] for chunk in other_code["chunks"])  # nothing reused
    assert {chunk["key"] for chunk in other_code["chunks"]}.isdisjoint(chunk["key"] for chunk in first["chunks"])
    assert (tmp_path / "changed" / "mini-2026-12.pdf").read_bytes() == (tmp_path / "first" / "mini-2026-12.pdf").read_bytes()


def test_cached_chunks_do_not_depend_on_where_the_issue_was(tmp_path, monkeypatch):
    """A copy of the issue built (its chunks cached), then deleted: the original builds from
    the same cached chunks, its pictures found in its own folder."""
    monkeypatch.setenv("PRESSROOM_CACHE", str(tmp_path / "cache"))
    project = make_project(tmp_path)
    issue = make_mini_issue(project)
    manifest = issue / "issue.yaml"
    manifest.write_text(manifest.read_text().replace("layout: tabloid", "layout: tabloid\nprinter: wexside-coldset"))
    copy = project / "issues" / "mini-copy"
    shutil.copytree(issue, copy)
    assert run_pressroom("build", copy, "--out", tmp_path / "copy").returncode == 0
    shutil.rmtree(copy)
    result = run_pressroom("build", issue, "--out", tmp_path / "out")
    assert result.returncode == 0 and "Traceback" not in output(result), output(result)
    record = json.loads((tmp_path / "out" / "build.json").read_text())
    assert all(chunk["cached"] for chunk in record["chunks"])


# -- faults leave nothing behind -----------------------------------------------------------

def children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found.update(int(child) for child in task.read_text().split())
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_die_with_the_build_and_the_next_build_succeeds(tmp_path, monkeypatch, how):
    monkeypatch.setenv("PRESSROOM_CACHE", str(tmp_path / "cache"))
    project = make_project(tmp_path)
    issue = copy_sample(project)
    out = tmp_path / "out"
    build = subprocess.Popen([str(Path(sys.executable).with_name("pressroom")), "build", str(issue), "--out",
                              str(out), "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
        workers |= children(build.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the build never started its workers"
    time.sleep(0.5)  # mid-layout
    build.send_signal(how)
    build.wait()
    time.sleep(5)
    assert [pid for pid in workers if running(pid)] == []
    result = run_pressroom("build", issue, "--out", out)
    assert result.returncode == 0 and "another build" not in result.stderr, output(result)


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_dead_build_s_lock_is_taken_over_and_its_leftovers_removed(tmp_path):
    project = make_project(tmp_path)
    issue = make_mini_issue(project)
    out = tmp_path / "out"
    out.mkdir()
    pid = dead_pid()
    leftovers = [out / f".mini-2026-12.pdf.{pid}.joining", out / f".build.json.{pid}.abc123.tmp"]
    for leftover in leftovers:
        leftover.write_bytes(b"x" * 1000)
    lock = tmp_path / ".out.build.lock"
    lock.write_text(f"process {pid}")
    # Something the dead build left behind still holds its lock (as orphaned workers did).
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time; handle = open(sys.argv[1], 'a+'); "
                               "fcntl.flock(handle, fcntl.LOCK_EX); print('held', flush=True); time.sleep(120)",
                               str(lock)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_pressroom("build", issue, "--out", out)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 0, output(result)
    assert f"took over the build lock of {out} from process {pid}" in result.stderr
    assert not any(leftover.exists() for leftover in leftovers)


def test_a_living_build_s_lock_is_respected(tmp_path):
    project = make_project(tmp_path)
    issue = make_mini_issue(project)
    lock = tmp_path / ".out.build.lock"
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, os, sys, time; handle = open(sys.argv[1], 'a+'); "
                               "fcntl.flock(handle, fcntl.LOCK_EX); handle.write(f'process {os.getpid()}'); "
                               "handle.flush(); print('held', flush=True); time.sleep(120)", str(lock)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_pressroom("build", issue, "--out", tmp_path / "out")
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2 and "another build is writing to" in result.stderr, output(result)


def test_an_output_folder_that_cannot_be_written_is_bad_input(tmp_path):
    project = make_project(tmp_path)
    issue = make_mini_issue(project)
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("not a folder")
    if os.geteuid() == 0:  # root writes anywhere but into the kernel's own folders
        read_only = Path("/sys/fs/pressroom-build")
    else:
        read_only = tmp_path / "read-only"
        read_only.mkdir(mode=0o555)
    for out in (not_a_folder / "out", read_only / "out"):
        result = run_pressroom("build", issue, "--out", out)
        assert result.returncode == 2 and "Traceback" not in output(result), output(result)
        assert "error:" in result.stderr and str(out.parent.name) in result.stderr


def test_a_full_disk_is_bad_input_and_keeps_the_last_pdf_and_record_matching(tmp_path):
    """No file may grow past three quarters of the PDF's size (RLIMIT_FSIZE): writing the
    PDF fails as on a full disk."""
    import resource

    project = make_project(tmp_path)
    issue = make_mini_issue(project)
    out = tmp_path / "out"
    assert run_pressroom("build", issue, "--out", out).returncode == 0
    pdf, record = (out / "mini-2026-12.pdf").read_bytes(), (out / "build.json").read_bytes()
    write_article(issue, "two", paragraphs(3, seed=11))

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(pdf) * 3 // 4, len(pdf) * 3 // 4))

    result = subprocess.run([str(Path(sys.executable).with_name("pressroom")), "build", str(issue), "--out", str(out),
                             "--jobs", "1"], capture_output=True, text=True, preexec_fn=small_files, timeout=300)
    assert result.returncode == 2 and "Traceback" not in output(result), output(result)
    assert "error:" in result.stderr and ("disk is full" in result.stderr or "too large" in result.stderr)
    assert (out / "mini-2026-12.pdf").read_bytes() == pdf and (out / "build.json").read_bytes() == record
    assert sorted(path.name for path in out.iterdir()) == ["build.json", "mini-2026-12.pdf"]


def test_a_cache_damaged_again_while_the_build_reads_it_is_a_located_error(tmp_path, monkeypatch):
    """Another program keeps damaging every chunk as soon as it is written: the build lays the
    damaged ones out afresh once, and when they are damaged again says so (exit 2)."""
    import threading

    monkeypatch.setenv("PRESSROOM_CACHE", str(tmp_path / "cache"))
    project = make_project(tmp_path)
    issue = make_mini_issue(project)
    chunks = tmp_path / "cache" / "chunks"
    stop = threading.Event()

    def keep_damaging() -> None:
        while not stop.is_set():
            for entry in chunks.glob("*.chunk") if chunks.is_dir() else ():
                try:
                    with open(entry, "r+b") as stream:
                        size = stream.seek(0, 2)
                        stream.seek(size - 200)  # inside the PDF, the entry's last part
                        stream.write(b"damaged by another program")
                except OSError:
                    pass

    damager = threading.Thread(target=keep_damaging)
    damager.start()
    try:
        result = run_pressroom("build", issue, "--out", tmp_path / "out", "--jobs", "1")
    finally:
        stop.set()
        damager.join()
    assert result.returncode == 2 and "Traceback" not in output(result), output(result)
    assert "again when laid out afresh: another program is writing to the cache" in result.stderr
    assert not (tmp_path / "out" / "mini-2026-12.pdf").exists()
    stopped = run_pressroom("build", issue, "--out", tmp_path / "out")  # the program has stopped
    assert stopped.returncode == 0 and "was damaged" in stopped.stderr, output(stopped)


def test_an_article_with_a_byte_order_mark_builds_and_one_in_latin_1_is_located(tmp_path):
    project = make_project(tmp_path)
    issue = make_mini_issue(project)
    article = issue / "articles" / "two.md"
    text = article.read_text(encoding="utf-8")
    article.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # as Windows editors save it
    result = run_pressroom("build", issue, "--out", tmp_path / "out")
    assert result.returncode == 0, output(result)
    article.write_bytes(text.replace("Headline for two", "Café society").encode("latin-1"))
    refused = run_pressroom("build", issue, "--out", tmp_path / "out")
    assert refused.returncode == 2 and "Traceback" not in output(refused), output(refused)
    assert "two.md:2: the article is not UTF-8 text: byte 0xe9" in refused.stderr
