"""Chunks: each page group rendered to a PDF of its own, in parallel worker processes,
cached by the hash of everything that goes into it, and joined into one PDF.

A chunk is one page group of the plan (a page, or a run of pages holding one long story).
It starts at a page number the plan fixes, and its running heads, folios and jump lines are
resolved when it is composed, so it lays out without its neighbours. Its key is the sha256
of its composed HTML, the stylesheet, every file of the layout, the fonts, the files its
pages load (pictures, with the print conversion's settings), the ads on its pages and the
versions of the rendering stack, and Pressroom's version and source code. A cached chunk
(``chunks/KEY.chunk`` in the cache, cache.py: its facts and its PDF, each with its sha256) is
used only when every one of those is the same and the entry is undamaged, so the cache is
safe to delete and never stale; a damaged entry is rendered again.

Chunks are joined with pypdf in page order: identical objects (a picture, a colour space used
by several chunks) are kept once, each font's subsets become one subset again (fontmerge.py),
and the document-level PDF/X parts (OutputIntent, XMP, Info, /ID) are made once for the
whole file. The chunks do not depend on how many processes rendered them, so the joined file
is the same bytes whatever ``--jobs`` is.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pypdf import PdfReader

from . import __version__
from .ads import Slot, place_ads
from .cache import discard, read_entry, source_digest, take_warnings, write_entry
from .colour import OutputProfile, PictureConverter
from .errors import InputError
from .fit import ArticleFit, group_ran_long, measure_group
from .layout import Layout, LayoutConfig, layout_environment
from .manifest import PageGroup
from .pdfpages import resource_table
from .files import remove_stale_temporaries
from .preflight import PreflightProfile, preflight
from .render import PdfXSettings, Renderer, Resources, pictures_on_pages

CHUNK_CACHE = "chunks"  # folders of the cache (cache.cache_root)
INK_MEMORY = "picture-ink"  # preflight's measured ink, by picture content
CHUNK_FORMAT = 4  # raise when what a chunk holds changes: every cached chunk is then redone
CACHE_LIMIT_BYTES = 2 * 1024**3  # the chunk cache is trimmed to this, least recently used first


@dataclass
class ChunkSetup:
    """What every worker needs to render chunks: picklable, sent once to each process."""

    stylesheet: str
    roots: dict[str, Path]  # Resources: issue, layout, fonts
    fonts_dir: Path
    profile_path: Path
    ink_limit_percent: float
    rendering_intent: str
    picture_cache: Path
    chunk_cache: Path  # the cache's chunks/ folder
    layout: LayoutConfig
    leading_px: float
    under_share: float
    checker: PreflightProfile  # the build's preflight rules, applied to each chunk's pages
    pdfx_version: str  # the version the joined file will have ("PDF/X-4", "PDF/X-1a:2003")
    ink_memory: Path | None = None  # preflight's remembered picture ink (preflight.py)


@dataclass
class ChunkJob:
    """One page group to render: its HTML, its key, and the ads on its pages."""

    index: int
    group: PageGroup
    html: str
    key: str
    slots: list[Slot] = field(default_factory=list)
    artwork: dict[int, bytes] = field(default_factory=dict)
    rendered: object | None = None  # its layout, when this process made it already (RenderedGroup)


@dataclass
class RenderedChunk:
    """A rendered chunk as the rest of the build sees it: where its stories start and end,
    its copyfit, the pictures on its pages, and its cache entry (whose PDF the join reads).
    (It stands in for a RenderedGroup in the checks and the build record.)"""

    group: PageGroup
    key: str
    entry: Path
    page_count: int
    starts: dict[str, int]
    ends: dict[str, int]
    anchors: dict[str, int]
    ran_long: bool
    fits: list[ArticleFit]
    pictures: list[tuple[int, str, str | None]]  # page, picture URL (pressroom://issue/...), slug
    warnings: list[str]
    findings: list[dict] = field(default_factory=list)  # preflight of its pages (Finding as dict)
    colour_pages: list[int] = field(default_factory=list)
    images: dict[str, str] = field(default_factory=dict)  # image object number -> content hash
    cached: bool = False


def chunk_key(html: str, context_digest: str, files: dict[str, str], slots: list[Slot],
              slot_files: dict[str, str]) -> str:
    """The sha256 naming a chunk: its HTML, the build-wide context (stylesheet, layout,
    fonts, print conversion, versions), the files its pages load and its ads."""
    ads = [{"slot": [slot.x, slot.y, slot.width, slot.height], **slot.booking.model_dump(mode="json")}
           for slot in slots]
    key = json.dumps({"format": CHUNK_FORMAT, "html": hashlib.sha256(html.encode()).hexdigest(),
                      "context": context_digest, "files": files, "ads": ads, "ad_files": slot_files},
                     sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()


def context_digest(stylesheet: str, layout_sha256: str, font_files: dict[str, str],
                   profile: OutputProfile) -> str:
    """The part of every chunk's key that the whole build shares. Its "stack" is the whole
    environment a lock records (Python, the packages, Pango and HarfBuzz): a cached chunk
    is never reused after a system library changes under it."""
    from . import provenance

    stack = provenance.environment()
    key = json.dumps({"stylesheet": hashlib.sha256(stylesheet.encode()).hexdigest(),
                      "layout": layout_sha256, "fonts": font_files, "stack": stack,
                      "pressroom": __version__, "source": source_digest(), "profile": profile.sha256,
                      "intent": profile.rendering_intent, "ink": profile.ink_limit_percent},
                     sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()


URL_IN_HTML = re.compile(r"pressroom://(issue|layout)/([^\"')\s]+)")


def files_loaded(html: str, resources: Resources, digests: dict[Path, str]) -> dict[str, str]:
    """The files of the issue and the layout that ``html`` loads, with their sha256
    (``digests`` remembers files already hashed in this build)."""
    found = {}
    for root, relative in sorted(set(URL_IN_HTML.findall(html))):
        path = resources.path(f"pressroom://{root}/{relative}")
        if path is None or not path.is_file():
            found[f"{root}/{relative}"] = "missing"
            continue
        if path not in digests:
            digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        found[f"{root}/{relative}"] = digests[path]
    return found


# -- rendering (in worker processes) -------------------------------------------------------

_worker: dict = {}


def die_with_parent(parent: int) -> None:
    """Make this (forked) process end when ``parent`` ends, however it ends (SIGKILL too):
    Linux's parent-death signal. A worker left behind would hold the output folder's build
    lock and memory for as long as its chunk takes."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own checks remain
        pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _start_worker(setup: ChunkSetup, parent: int | None = None) -> None:
    """Each worker's renderer: fonts, stylesheet and the converting fetcher, made once
    (unless inherited from the process that forked it). A worker dies with ``parent``."""
    if parent is not None:
        die_with_parent(parent)
    if _worker.get("setup") is setup and "renderer" in _worker:
        return
    profile = OutputProfile.load(setup.profile_path, setup.ink_limit_percent, setup.rendering_intent)
    resources = Resources(**setup.roots)
    converter = PictureConverter(profile, setup.picture_cache)
    _worker["setup"] = setup
    layout = Layout(setup.roots["layout"], setup.layout, setup.fonts_dir,
                    layout_environment(setup.roots["layout"]))
    _worker["renderer"] = Renderer(setup.stylesheet, setup.fonts_dir, resources, converter, layout)


def render_chunk(job: ChunkJob) -> RenderedChunk:
    """Lay out one chunk, write its PDF (ads placed) and its facts into the cache."""
    setup: ChunkSetup = _worker["setup"]
    renderer: Renderer = _worker["renderer"]
    earlier_warnings, renderer.warnings = renderer.warnings, []
    try:
        chunk = _render_chunk(job, setup, renderer)
        chunk.warnings += take_warnings()  # damaged cached pictures met while laying it out
        return chunk
    finally:
        renderer.warnings = earlier_warnings


def _render_chunk(job: ChunkJob, setup: ChunkSetup, renderer: Renderer) -> RenderedChunk:
    rendered = job.rendered or renderer.render_group(job.group, job.html)
    ran_long = group_ran_long(rendered)
    fits = [] if ran_long else measure_group(rendered, None, setup.leading_px, setup.under_share)
    pictures = [(page, renderer.resources.url(path), slug)  # URLs: the same wherever the issue is
                for page, path, slug in pictures_on_pages([rendered], renderer.resources)]
    data = renderer.pdf_bytes([rendered])
    if job.slots and not ran_long:
        data = place_ads(data, job.slots, job.artwork, setup.layout, first_page=job.group.first_page)
    laid_out_before = job.rendered.warnings if job.rendered else []  # this process's break
    chunk = RenderedChunk(job.group, job.key, chunk_entry(setup.chunk_cache, job.key), rendered.page_count,
                          rendered.starts, rendered.ends, rendered.anchors, ran_long, fits, pictures,
                          laid_out_before + renderer.warnings)
    if not ran_long:  # a chunk that ran long is laid out again by the overset path: not kept
        reader = PdfReader(io.BytesIO(data))
        report = preflight(reader, setup.checker, scope="pages",
                           first_page=job.group.first_page, pdfx_version=setup.pdfx_version,
                           ink_memory=setup.ink_memory)
        chunk.images = {str(number): content for number, content in _pictures(reader).items()}
        chunk.findings = [asdict(finding) for finding in report.findings]
        chunk.colour_pages = report.colour_pages
        facts = {name: value for name, value in asdict(chunk).items() if name not in ("group", "entry")}
        write_entry(chunk.entry, "chunk", job.key, {"facts": json.dumps(facts).encode(), "pdf": data})
    return chunk


def _add_chunk(writer, chunk: RenderedChunk, data: bytes, pictures: dict[str, int]) -> None:
    """Append a chunk's pages (its PDF is ``data``) to ``writer``, reusing the pictures
    already copied (``pictures``: content hash -> object number in the writer)."""
    reader = PdfReader(io.BytesIO(data))
    # pypdf copies an object once per reader, remembering where it put it (_id_translated,
    # pinned pypdf): telling it a picture is already there makes it reuse that one.
    copied = writer._id_translated.setdefault(id(reader), {"PreventGC": reader})
    found = {int(number): content for number, content in chunk.images.items()}
    for number, content in found.items():
        if content in pictures:
            copied[number] = pictures[content]
    for page in reader.pages:
        writer.add_page(page)
    for number, content in found.items():
        pictures.setdefault(content, copied[number])
    # Done with this chunk: let pypdf forget it, and break the reader's cycles (its objects
    # point back at it) so that its file's bytes and parsed objects go now.
    del writer._id_translated[id(reader)]
    writer._merged_in_pages.clear()
    reader.resolved_objects.clear()
    reader.flattened_pages = None
    reader.stream = None


def chunk_entry(cache: Path, key: str) -> Path:
    return cache / f"{key}.chunk"


def cached_chunk(job: ChunkJob, cache: Path) -> RenderedChunk | None:
    """The chunk from the cache when its entry is there and undamaged; None when it must be
    rendered. Its facts are checked now, its PDF when the join reads it (``chunk_pdf``)."""
    entry = chunk_entry(cache, job.key)
    parts = read_entry(entry, "chunk", job.key, ["facts"])
    if parts is None:
        return None
    try:
        facts = json.loads(parts["facts"])
        fits = [ArticleFit(**fit) for fit in facts.pop("fits")]
        facts.pop("cached", None)
        chunk = RenderedChunk(job.group, entry=entry, fits=fits, cached=True,
                              pictures=[tuple(item) for item in facts.pop("pictures")], **facts)
        if not isinstance(chunk.page_count, int) or chunk.page_count < 1:
            raise ValueError("page count")
        return chunk
    except (ValueError, TypeError, KeyError, AttributeError):
        discard(entry, "chunk", "its facts are not what a chunk records")
        return None


def render_chunks(jobs: list[ChunkJob], setup: ChunkSetup, processes: int,
                  prepare: Callable[[ChunkJob], None] = lambda job: None,
                  progress: Callable[[int], None] | None = None,
                  renderer: Callable[[], Renderer] | None = None,
                  later: Callable[[], list[ChunkJob]] | None = None) -> list[RenderedChunk]:
    """Every chunk, from the cache or rendered, in page order; rendering runs in up to
    ``processes`` worker processes (1: in this process). ``prepare`` is called on each job
    before it is rendered (to add its ads' artwork, which a cached chunk does not need).
    ``renderer`` gives a renderer made for the same stylesheet: used in this process and,
    inherited by the forked workers, it spares each of them making its own. ``later``, if
    given, is called once the workers have started, in this process, and returns more jobs
    (a job already laid out here is finished here)."""
    results: dict[int, RenderedChunk] = {}

    def from_cache(jobs: list[ChunkJob]) -> list[ChunkJob]:
        todo = []
        for job in jobs:
            cached = cached_chunk(job, setup.chunk_cache)
            if cached is None:
                prepare(job)
                todo.append(job)
                continue
            try:
                os.utime(cached.entry)  # used now: the last to go when the cache is trimmed
            except OSError:
                pass
            finished(job.index, cached)
        return longest_first(todo)

    def finished(index: int, chunk: RenderedChunk) -> None:
        results[index] = chunk
        if progress:
            progress(len(chunk.group.pages))

    todo = from_cache(jobs)
    if later is not None and (processes <= 1 or len(todo) < 2):  # nothing to overlap it with
        todo, later = longest_first(todo + from_cache(later())), None
    _worker.clear()
    if (todo or later) and renderer is not None:
        _worker.update(setup=setup, renderer=renderer())

    def here(job: ChunkJob) -> None:
        _start_worker(setup)
        finished(job.index, render_chunk(job))

    for job in [job for job in todo if job.rendered is not None]:
        here(job)  # laid out in this process already
    todo = [job for job in todo if job.rendered is None]
    if processes <= 1 or (len(todo) <= 1 and later is None):
        for job in todo:
            here(job)
    elif todo:
        # Forked workers start at once with everything imported (they are forked before the
        # pool starts any thread of its own).
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(processes, context, _start_worker, (setup, os.getpid())) as pool:
            # A few jobs at a time, the longest waiting first: jobs that come later (the
            # jumping story's) still go before shorter ones.
            waiting, running = list(todo), {}

            def submit_more() -> None:
                waiting[:] = longest_first(waiting)
                while waiting and len(running) < processes + 1:
                    job = waiting.pop(0)
                    running[pool.submit(render_chunk, job)] = job

            try:
                submit_more()
                for job in from_cache(later()) if later is not None else []:
                    if job.rendered is not None:
                        here(job)
                    else:
                        waiting.append(job)
                while running:
                    finished_now, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished_now:
                        job = running.pop(future)
                        try:
                            finished(job.index, future.result())
                        except BrokenProcessPool:  # which of them killed it is not known
                            pages = [str(stopped.group.pages) for stopped in sorted(
                                [job, *running.values()], key=lambda stopped: stopped.group.first_page)]
                            raise InputError.single(
                                f"a worker process stopped while page(s) {', '.join(pages)} "
                                "were being laid out (out of memory?)",
                                hint="build again with --jobs 1, or with more memory free") from None
                    submit_more()
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)  # report the error now
                raise
    _worker.clear()  # the renderer goes with the build that made it
    trim_cache(setup.chunk_cache)
    return [results[index] for index in sorted(results)]


def longest_first(jobs: list[ChunkJob]) -> list[ChunkJob]:
    """Long chunks first, so that no worker is left with a big one at the end."""
    return sorted(jobs, key=lambda job: (-len(job.html), job.index))


def trim_cache(cache: Path, limit: int = CACHE_LIMIT_BYTES) -> None:
    """Delete the least recently used files of the chunk cache until it is within ``limit``
    bytes (every edit leaves the chunks it replaced behind), and the temporary files of
    builds that died while writing to it."""
    remove_stale_temporaries(cache)
    try:
        files = [(entry.stat().st_mtime, entry.stat().st_size, entry) for entry in cache.iterdir()
                 if entry.is_file()]
    except OSError:
        return
    total = sum(size for _, size, _ in files)
    for _, size, entry in sorted(files, key=lambda item: (item[0], item[2].name)):
        if total <= limit:
            break
        try:
            entry.unlink(missing_ok=True)
        except OSError:
            return
        total -= size


def default_processes() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


# -- joining --------------------------------------------------------------------------------

PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000"


def pdfx_parts(pdfx: PdfXSettings, cache: Path, renderer: Callable[[], Renderer]) -> bytes:
    """The document-level PDF/X parts (a one-page PDF from ``Renderer.pdfx_parts``) for
    these settings, from the cache when made before; the document ID in them is a
    placeholder, which ``join_chunks`` replaces."""
    settings = {name: value for name, value in asdict(pdfx).items() if name not in ("profile", "document_id")}
    key = hashlib.sha256(json.dumps({"settings": settings, "profile": pdfx.profile.sha256,
                                     "format": CHUNK_FORMAT, "pressroom": __version__,
                                     "source": source_digest()},
                                    sort_keys=True, default=str).encode()).hexdigest()
    path = cache / f"parts-{key}"
    cached = read_entry(path, "pdfx-parts", key, ["pdf"])
    if cached is not None:
        return cached["pdf"]
    from dataclasses import replace

    data = renderer().pdfx_parts(replace(pdfx, document_id=PLACEHOLDER_ID))
    write_entry(path, "pdfx-parts", key, {"pdf": data})
    return data


def join_chunks(chunks: list[RenderedChunk], pdfx: PdfXSettings, document_parts: bytes,
                font_files, target: Path) -> None:
    """Write to ``target`` one PDF of the chunks' pages in order, with one subset per font,
    identical objects kept once, and the document-level PDF/X parts taken from
    ``document_parts`` (see ``pdfx_parts``), the XMP document ID set to
    ``pdfx.document_id``. Each chunk's PDF is checked against its sha256 as it is read
    (DamagedChunk if it is not the one rendered). A picture that several chunks carry is copied once: it is
    recognised by the hash of its bytes, recorded when the chunk was rendered, before it is
    copied, so memory holds each picture once."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject

    from .fontmerge import merge_fonts

    parts = PdfReader(io.BytesIO(document_parts))
    writer = PdfWriter()
    writer.pdf_header = parts.pdf_header
    pictures: dict[str, int] = {}  # a picture's content hash -> its object number in the writer
    for chunk in chunks:
        _add_chunk(writer, chunk, chunk_pdf(chunk), pictures)
    merge_fonts(writer, font_files)
    root = parts.trailer["/Root"]
    for key in ("/OutputIntents", "/Metadata"):
        if key in root:
            writer._root_object[NameObject(key)] = root.raw_get(key).clone(writer)
    if "/Metadata" in writer._root_object:
        metadata = writer._root_object["/Metadata"].get_object()
        metadata.set_data(metadata.get_data().replace(PLACEHOLDER_ID.encode(), pdfx.document_id.encode()))
    writer.add_metadata(dict(parts.metadata.items()))
    trapped_as_a_name(writer)
    identifier = ByteStringObject(hashlib.md5(pdfx.document_id.encode()).digest())
    writer._ID = ArrayObject([identifier, identifier])
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    writer.pdf_header = parts.pdf_header  # pypdf raised it to the chunks' (plain PDF 1.7)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as stream:
        writer.write(stream)


class DamagedChunk(Exception):
    """A chunk's PDF did not match its sha256 when the join read it (the entry is discarded:
    laying the chunks out again renders it afresh)."""

    def __init__(self, chunk: RenderedChunk):
        super().__init__(f"the cached pages {chunk.group.pages} were damaged")
        self.chunk = chunk


def chunk_pdf(chunk: RenderedChunk) -> bytes:
    """A chunk's PDF from its cache entry, checked against its sha256; DamagedChunk if not."""
    parts = read_entry(chunk.entry, "chunk", chunk.key, ["pdf"])
    if parts is None:
        raise DamagedChunk(chunk)
    return parts["pdf"]


def _pictures(reader: PdfReader) -> dict[int, str]:
    """The image XObjects the pages of ``reader`` draw directly: object number -> a hash of
    their dictionary and bytes."""
    found = {}
    for page in reader.pages:
        xobjects = resource_table(page, "/XObject")
        for name in xobjects or ():
            reference = xobjects.raw_get(name)
            if not hasattr(reference, "idnum") or reference.idnum in found:
                continue
            image = reference.get_object()
            if image.get("/Subtype") != "/Image":
                continue
            head = json.dumps({key: str(value) for key, value in image.items() if key != "/Length"},
                              sort_keys=True)
            found[reference.idnum] = hashlib.sha256(head.encode() + image._data).hexdigest()
    return found


def trapped_as_a_name(writer) -> None:
    """Info /Trapped as the name /True or /False, as PDF/X requires: WeasyPrint 70 writes
    the text string (/False), and pypdf's add_metadata writes every value as a string.
    Called after each add_metadata of a file Pressroom writes (the print PDF, deliveries)."""
    from pypdf.generic import NameObject

    info = writer._info.get_object()
    trapped = info.get("/Trapped")
    if trapped is not None and str(trapped).lstrip("/") in ("True", "False"):
        info[NameObject("/Trapped")] = NameObject("/" + str(trapped).lstrip("/"))
