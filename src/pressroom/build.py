"""Build: run the pipeline for one issue (manifest, articles, layout, render, checks).

``build_issue`` is what ``pressroom build`` calls; it returns a ``BuildResult`` and writes
``<issue-id>.pdf`` and ``build.json`` into the output folder. Bad input raises InputError
before anything is written; the previous good PDF is only ever replaced whole.
"""

from __future__ import annotations

import datetime
import errno
import fcntl
import hashlib
import io
import json
import os
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from pypdf import PdfReader

from . import __version__
from .articles import Article, read_article
from .autofit import adjustment_text, fit_group, limits_text
from .checks import Failure, check_issue_pdf, font_names, mixed_fonts, page_texts, pdf_fonts
from .errors import InputError, Problem
from .fit import (OVER, ArticleFit, group_ran_long, group_ran_short, measure_group,
                  what_to_do)
from .layout import (Adjustment, JumpSplit, Layout, PrintOutput, check_page_types, check_pictures,
                     check_copy, compose, compose_ad, image_warnings, load_layout)
from .manifest import Manifest, PageGroup, continuations, page_groups, planned_pages, read_manifest
from .provenance import environment, folder_digest, folder_files, input_name, sha256_file
from .ads import BookingStatus, Slot, assess_bookings, checked_slots, place_ads
from .colour import OutputProfile, PictureConverter
from .preflight import Finding, PreflightProfile, load_profile, preflight
from .printers import PrinterProfile, issue_printer, preflight_profile
from .cache import cache_root, discard, read_entry, take_warnings, write_entry
from .chunks import (CHUNK_CACHE, CHUNK_FORMAT, INK_MEMORY, ChunkJob, DamagedChunk, chunk_pdf, ChunkSetup, RenderedChunk, chunk_key, context_digest,
                     default_processes, files_loaded, join_chunks, pdfx_parts, render_chunks)
from .files import process_alive, remove_stale_temporaries, write_temporary
from .fontmerge import FontFiles
from .holes import judge_holes, measure_holes, with_frames
from .layout import ComposedGroup
from .compose.plan import PagePlan, plan_pages
from .render import (PdfXSettings, ProofSettings, RenderedGroup, Renderer, Resources, add_proof_slugs, as_proof,
                     pictures_on_pages)
from .yamlfile import YamlDocument

BUILD_RECORD = "build.json"
PDFX_VERSIONS = {"pdf/x-4": "PDF/X-4", "pdf/x-1a": "PDF/X-1a:2003"}  # as the file's keys say
LOCK_FILE = ".build.lock"
FONT_SUMS = "SHA256SUMS"
PICTURE_CACHE = "print-pictures"  # a folder of the cache (cache.cache_root), like CHUNK_CACHE
PROOF_SUFFIX = ".proof.pdf"  # <issue-id>.proof.pdf: never the print PDF's name
# A page group that ends before its last planned page is laid out again with its missing
# pages added blank (running heads and folios as on any page), to measure and to proof them.
PLANNED_PAGE = '<div class="planned-page" style="break-before: page"></div>'


class OversetError(Exception):
    """Copy does not fit its pages (a story OVER, or a planned page left empty) and no
    proof was asked for: no print PDF is written. ``autofit`` says what auto-fit tried."""

    def __init__(self, fits: list[ArticleFit], autofit: list[dict] | None = None):
        super().__init__("copy does not fit its pages")
        self.fits = fits
        self.autofit = autofit or []


@dataclass
class BuildResult:
    issue_id: str
    pdf_path: Path
    record_path: Path
    page_count: int
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    record: dict = field(default_factory=dict)
    fits: list[ArticleFit] = field(default_factory=list)  # measured when copy ran long or short
    data: bytes = b""  # the PDF's bytes
    proof: bool = False  # pdf_path is <issue-id>.proof.pdf, not for press; the print PDF untouched

    @property
    def ok(self) -> bool:
        return not self.failures


def find_project_root(start: Path) -> Path:
    """The folder holding ``layouts/`` and ``fonts/``, searched upwards from ``start``."""
    for folder in [start.resolve(), *start.resolve().parents, Path.cwd().resolve(),
                   Path(__file__).resolve().parents[2]]:  # the project this package is in
        if (folder / "layouts").is_dir() and (folder / "fonts").is_dir():
            return folder
    raise InputError.single(
        f"cannot find the project folder (with layouts/ and fonts/) above {start}",
        hint="keep issues under the project's issues/ folder, or run from the project folder")



def verify_font_checksums(fonts_dir: Path, font_files: list[Path]) -> None:
    """Fonts must match ``fonts/SHA256SUMS``: a changed font changes every page."""
    sums_path = fonts_dir / FONT_SUMS
    if not sums_path.is_file():
        raise InputError.single(f"{sums_path} is missing", sums_path,
                                hint="run: (cd fonts && sha256sum *.otf *.ttf > SHA256SUMS)")
    expected = {}
    for line in sums_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            expected[name.lstrip("*")] = digest
    problems = []
    for path in font_files:
        if path.name not in expected:
            problems.append(Problem(f"font {path.name} is not listed", sums_path,
                                    hint="add it with sha256sum, with its licence in fonts/licenses/"))
        elif sha256_file(path) != expected[path.name]:
            problems.append(Problem(f"font {path.name} does not match its checksum", sums_path,
                                    hint="restore the font, or update SHA256SUMS if the change is intended"))
    if problems:
        raise InputError(problems)


@dataclass
class LoadedIssue:
    """An issue folder read and validated: what every command starts from."""

    directory: Path
    issue_id: str
    project_root: Path
    manifest: Manifest
    manifest_document: YamlDocument
    layout: Layout
    articles: dict[str, Article]
    warnings: list[str]
    ads: list[BookingStatus] = field(default_factory=list)  # booked ads, checked
    plans: dict[int, PagePlan] = field(default_factory=dict)  # modular pages, by page (compose/)

    @property
    def ad_slots(self) -> list[Slot]:
        return [status.slot for status in self.ads]


def read_plan(issue_dir: Path) -> tuple[Path, Manifest, YamlDocument, Layout]:
    """The project folder, the manifest (with its YAML positions) and the layout of an
    issue folder; InputError on bad input. Articles are not read."""
    issue_dir = Path(issue_dir)
    if not issue_dir.is_dir():
        raise InputError.single(f"{issue_dir} is not a folder",
                                hint="give the issue folder, e.g. issues/ledger-2026-12")
    root = find_project_root(issue_dir)
    manifest, manifest_doc = read_manifest(issue_dir)
    return root, manifest, manifest_doc, load_layout(root, manifest.layout, manifest_doc)


def load_issue(issue_dir: Path) -> LoadedIssue:
    """Read the manifest, the layout and every planned article; InputError on bad input."""
    issue_dir = Path(issue_dir)
    root, manifest, manifest_doc, layout = read_plan(issue_dir)
    check_page_types(layout, manifest, manifest_doc)
    verify_font_checksums(layout.fonts_dir, layout.font_files())
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    for slug in planned_pages(manifest):
        if not (issue_dir / "articles" / f"{slug}.md").is_file():
            line, column = _slug_position(manifest_doc, slug)
            problems.append(Problem(
                f"article '{slug}' is planned but articles/{slug}.md does not exist",
                manifest_doc.file, line, column,
                hint=f"create articles/{slug}.md, or correct the slug in the plan"))
            continue
        try:
            articles[slug] = read_article(issue_dir, slug, layout.config.typography)
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    check_pictures(layout, articles)
    check_copy(layout, manifest, manifest_doc, articles)  # markup, tables, rules, glyphs
    ads = assess_bookings(manifest, manifest_doc, layout.config, issue_dir,
                          load_profile(layout.config.output.ad_preflight, root))
    slots = checked_slots(ads)
    plans = plan_pages(manifest, manifest_doc, layout.config, slots,
                       {slug: len(article.pictures) for slug, article in articles.items()})
    return LoadedIssue(issue_dir, issue_dir.resolve().name, root, manifest, manifest_doc,
                       layout, articles, image_warnings(layout, articles), ads, plans)


@dataclass
class Rendering:
    """An issue laid out: the renderer (fonts, fetcher), its page groups, and where the
    jumping stories break (needed again to lay any group out once more)."""

    renderer: Renderer
    groups: list[RenderedGroup]
    jumps: dict[str, JumpSplit]
    adjustments: dict[str, Adjustment] = field(default_factory=dict)  # chosen by --autofit
    # Groups that ran short, laid out again with their missing pages blank (fit_issue).
    padded: dict = field(default_factory=dict)  # PageRange -> RenderedGroup
    autofit_failed: list[dict] = field(default_factory=list)  # what --autofit tried in vain

    def compose(self, issue: LoadedIssue, groups: list[PageGroup], **options) -> list:
        options.setdefault("adjustments", self.adjustments)
        return compose(issue.layout, issue.manifest, issue.articles, groups,
                       self.renderer.resources.url, jumps=self.jumps, ads=issue.ad_slots, plans=issue.plans, **options)


def autofit_issue(issue: LoadedIssue, rendering: Rendering, overset: list[ArticleFit]) -> None:
    """Tighten the overset stories within the layout's limits (see autofit.py); the groups
    that now fit replace their overset versions in ``rendering``. For those that still do
    not fit, ``rendering.autofit_failed`` says what was tried and how much is still over
    at the tightest."""
    over = {fit.slug for fit in overset}
    limits = issue.layout.config.autofit
    for index, rendered in enumerate(rendering.groups):
        group = rendered.group
        slugs = [slug for slug in group.slugs + group.continued if slug in over]
        if not slugs:
            continue
        fitted: list[RenderedGroup] = []

        def lay_out(adjustments: dict[str, Adjustment], group=group, fitted=fitted) -> bool:
            item, = rendering.compose(issue, [group],
                                      adjustments={**rendering.adjustments, **adjustments})
            attempt = rendering.renderer.render_group(item.group, item.html)
            if group_ran_long(attempt):
                return False
            fitted.append(attempt)
            return True

        outcome = fit_group(group, slugs, limits, lay_out)
        if outcome.adjustment is not None:
            rendering.adjustments.update({slug: outcome.adjustment for slug in slugs})
            rendering.groups[index] = fitted[-1]
        else:
            rendering.autofit_failed += autofit_remaining(issue, rendering, group, slugs, outcome,
                                                          {fit.slug: fit for fit in overset})


def autofit_remaining(issue: LoadedIssue, rendering: Rendering, group: PageGroup, slugs: list[str],
                      outcome, as_set: dict[str, ArticleFit]) -> list[dict]:
    """What auto-fit tried for ``slugs`` in vain, and how much each is still over with the
    tightest adjustment tried (laid out once more, and on one endless page to count it)."""
    limits = issue.layout.config.autofit
    remaining: dict[str, ArticleFit] = {}
    if outcome.tightest is not None:
        adjustments = {**rendering.adjustments, **{slug: outcome.tightest for slug in slugs}}
        item, = rendering.compose(issue, [group], adjustments=adjustments)
        endless, = rendering.compose(issue, [group], adjustments=adjustments, measuring=True)
        config = issue.layout.config
        remaining = {fit.slug: fit for fit in measure_group(
            rendering.renderer.render_group(item.group, item.html),
            rendering.renderer.render_group(endless.group, endless.html),
            config.leading_pt * 4 / 3, config.under_share)}
    reports = []
    for slug in slugs:
        tight = remaining.get(slug)
        reports.append({
            "slug": slug, "tried": len(outcome.tried), "limits": limits_text(limits),
            "tightest": outcome.tightest.as_dict() if outcome.tightest else None,
            "tightest_text": adjustment_text(outcome.tightest) if outcome.tightest else None,
            "lines_over_as_set": as_set[slug].lines_over, "words_over_as_set": as_set[slug].words_over,
            "lines_over_at_tightest": tight.lines_over if tight and tight.status == OVER else 0,
            "words_over_at_tightest": tight.words_over if tight and tight.status == OVER else 0})
    return reports


def autofit_report(item: dict) -> str:
    """One story's failed auto-fit in words (``autofit_remaining``)."""
    as_set = f"cut {item['words_over_as_set']:,} words (or the last {item['lines_over_as_set']:,} lines)"
    if not item["tried"]:
        return (f"autofit: {item['slug']}: nothing to try, the layout allows no tightening "
                f"(autofit in layout.yaml); {as_set}")
    text = (f"autofit: {item['slug']}: still over after trying {item['tried']} adjustments within the "
            f"layout's limits ({item['limits']}); ")
    if item["lines_over_at_tightest"]:
        text += (f"even at the tightest ({item['tightest_text']}) it is {item['lines_over_at_tightest']:,} "
                 f"lines over: cut at least {item['words_over_at_tightest']:,} words (or the last "
                 f"{item['lines_over_at_tightest']:,} lines) and build with --autofit again, or ")
    return text + f"{as_set} to fit as set"


class Composition:
    """An issue composed: every page group's HTML and the stylesheet, ready to be laid out
    as chunks, and a renderer in this process, made only when something needs laying out
    here (a jumping story's break not in the cache, a chunk, the PDF/X parts).

    It is composed in two steps so that laying out can start before the jumps are known:
    ``compose_independent`` gives the groups no jumping story touches, ``break_jumps``
    finds where the jumping stories break (from the cache, or laid out here) and
    ``compose_remaining`` gives the rest; ``groups`` then holds them all in page order."""

    def __init__(self, issue: LoadedIssue, converter: PictureConverter | None,
                 adjustments: dict[str, Adjustment] | None, profile: OutputProfile | None,
                 jumps: dict[str, JumpSplit] | None = None):
        layout = issue.layout
        self.issue = issue
        self.resources = Resources(issue=issue.directory, layout=layout.directory, fonts=layout.fonts_dir)
        self.stylesheet = layout.stylesheet(self.resources.url)
        self.converter = converter
        self.adjustments = dict(adjustments or {})
        self.context = context_digest(
            self.stylesheet, folder_digest(folder_files(layout.directory, layout.directory.parent)),
            {path.name: sha256_file(path) for path in layout.font_files()}, profile)
        self.page_groups = page_groups(issue.manifest)
        self.continuations = continuations(issue.manifest)  # jumping story -> page it jumps to
        self.jumps: dict[str, JumpSplit] | None = jumps
        self.groups: list[ComposedGroup] = []
        self._renderer: Renderer | None = None

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer(self.stylesheet, self.resources.roots["fonts"], self.resources,
                                      self.converter, self.issue.layout)
        return self._renderer

    @property
    def warnings(self) -> list[str]:
        return self._renderer.warnings if self._renderer is not None else []

    def touched_by_jumps(self, group: PageGroup) -> bool:
        return any(slug in self.continuations for slug in group.slugs + group.continued)

    def compose(self, groups: list[PageGroup]) -> list[ComposedGroup]:
        issue = self.issue
        return compose(issue.layout, issue.manifest, issue.articles, groups, self.resources.url,
                       jumps=self.jumps or {}, ads=issue.ad_slots, plans=issue.plans, adjustments=self.adjustments)

    def compose_independent(self) -> list[ComposedGroup]:
        """The groups no jumping story touches: their HTML does not depend on the breaks."""
        return self.compose([group for group in self.page_groups if not self.touched_by_jumps(group)])

    def break_jumps(self) -> dict[int, RenderedGroup]:
        """Find where every jumping story breaks, unless the breaks were given. Returns the
        last layout of each story's first part made on the way, by its group's first page,
        for the chunk to reuse when its HTML is the same."""
        if self.jumps is not None:
            return {}
        self.jumps, attempts = {}, {}
        for slug, page in self.continuations.items():
            modular = any(slug in group.slugs and group.first_page in self.issue.plans for group in self.page_groups)
            breaking = cached_line_break if modular else cached_break
            self.jumps[slug], attempt = breaking(self.issue, self, self.page_groups, slug, page)
            if attempt is not None:
                attempts[attempt.group.first_page] = attempt
        return attempts

    def compose_remaining(self, composed: list[ComposedGroup]) -> list[ComposedGroup]:
        """The groups not in ``composed`` (jumps broken first); sets ``groups`` to all of
        them in page order."""
        self.break_jumps()
        done = {item.group.first_page for item in composed}
        rest = self.compose([group for group in self.page_groups if group.first_page not in done])
        self.groups = sorted(composed + rest, key=lambda item: item.group.first_page)
        return rest


def compose_issue(issue: LoadedIssue, converter: PictureConverter | None = None,
                  adjustments: dict[str, Adjustment] | None = None,
                  jumps: dict[str, JumpSplit] | None = None,
                  profile: OutputProfile | None = None) -> Composition:
    """Compose every page group of the issue, jumping stories broken first (unless their
    breaks are given; a break found before for the same copy, layout and fonts comes from
    the chunk cache), with auto-fit ``adjustments`` if any."""
    composition = Composition(issue, converter, adjustments, profile, jumps)
    composition.compose_remaining([])
    return composition


def cached_break(issue: LoadedIssue, composition: Composition, groups: list[PageGroup], slug: str,
                 to_page: int) -> tuple[JumpSplit, RenderedGroup | None]:
    """``break_jump``, remembered in the chunk cache under the hash of the story's probe
    page (its whole copy, with each paragraph's end marked) and the build's context. The
    layout of the first part comes too when the break was laid out now."""
    group = next(group for group in groups if slug in group.slugs)
    probe, = compose(issue.layout, issue.manifest, issue.articles, [group], composition.resources.url,
                     jumps={slug: JumpSplit(group.first_page, to_page)}, ads=issue.ad_slots, plans=issue.plans)
    key = hashlib.sha256(f"{CHUNK_FORMAT}|{composition.context}|{probe.html}".encode()).hexdigest()
    path = cache_root(issue.project_root) / CHUNK_CACHE / f"jump-{key}"
    blocks = len(issue.articles[slug].blocks)
    cached = read_entry(path, "jump", key, ["break"])
    if cached is not None:
        try:
            record = json.loads(cached["break"])
            at = record["at"]
            if record["slug"] == slug and isinstance(at, int) and 0 < at < blocks:
                return JumpSplit(group.first_page, to_page, at), None
        except (ValueError, KeyError, TypeError):
            pass
        discard(path, "jump", f"its break is not one of '{slug}'")
    split, attempt = break_jump(issue, composition.renderer, groups, slug, to_page)
    write_entry(path, "jump", key, {"break": json.dumps({"slug": slug, "at": split.at}).encode()})
    return split, attempt


def cached_line_break(issue: LoadedIssue, composition: Composition, groups: list[PageGroup], slug: str,
                      to_page: int) -> tuple[JumpSplit, RenderedGroup | None]:
    """Where a story jumping between modular pages breaks: at the line where its frames on
    its own pages are full, so its continuation needs their depths (JumpSplit.frames). They
    come from laying its pages out (compose/frames.py), remembered in the chunk cache under
    the hash of those pages' HTML and the build's context, with that layout when made now."""
    group = next(group for group in groups if slug in group.slugs)
    split = JumpSplit(group.first_page, to_page, modular=True)
    item, = compose(issue.layout, issue.manifest, issue.articles, [group], composition.resources.url,
                    jumps={slug: split}, ads=issue.ad_slots, plans=issue.plans, adjustments=composition.adjustments)
    key = hashlib.sha256(f"{CHUNK_FORMAT}|{composition.context}|{item.html}".encode()).hexdigest()
    laid_out: list[RenderedGroup] = []

    def lay_out() -> dict:
        rendered = composition.renderer.render_group(group, item.html)
        laid_out.append(rendered)
        story = rendered.threads.get(slug)
        if story is None or not story.depths:
            raise InputError.single(f"'{slug}' cannot jump: it has no frame on page {group.first_page} to start in",
                                    issue.articles[slug].path, hint="give it more room on its own page")
        return {"slug": slug, "frames": [round(depth, 4) for depth in story.depths]}

    record = remembered(cache_root(issue.project_root), "jump", f"jump-lines-{key}", lay_out,
                        lambda record: isinstance(record, dict) and record.get("slug") == slug
                        and isinstance(record.get("frames"), list) and bool(record["frames"])
                        and all(isinstance(depth, (int, float)) and 0 < depth < 1000 for depth in record["frames"]),
                        damaged=f"its frames are not those of '{slug}'")
    return replace(split, frames=tuple(record["frames"])), (laid_out[0] if laid_out else None)


def render_all(issue: LoadedIssue, composition: Composition) -> Rendering:
    """Every page group laid out in this process, as documents copyfit and auto-fit can
    measure and lay out again (the overset path)."""
    renderer = composition.renderer
    rendered = [renderer.render_group(item.group, item.html) for item in composition.groups]
    return Rendering(renderer, rendered, composition.jumps, dict(composition.adjustments))


def lay_out_chunks(issue: LoadedIssue, composition: Composition, profile: OutputProfile,
                   checker: PreflightProfile, pdfx_version: str, processes: int | None = None,
                   progress: Callable[[int], None] | None = None,
                   digests: dict[Path, str] | None = None) -> list[RenderedChunk]:
    """Every page group as a chunk (chunks.py): from the cache, or rendered in up to
    ``processes`` worker processes (default: one per processor), its pages preflighted
    with ``checker`` as part of a ``pdfx_version`` file. ``digests`` are the sha256 of
    files hashed already (by resolved path), not read again. When ``composition`` is not
    composed yet, the groups no jumping story touches start rendering while the jumps are
    broken in this process, and a story's first part is not laid out twice."""
    layout = issue.layout
    context = hashlib.sha256(json.dumps([composition.context, checker.model_dump(mode="json"),
                                         pdfx_version]).encode()).hexdigest()
    digests = dict(digests or {})

    def digest_of(path: Path) -> str:
        path = path.resolve()
        if path not in digests:
            digests[path] = sha256_file(path)
        return digests[path]

    index_of = {group.first_page: index for index, group in enumerate(composition.page_groups)}

    def jobs_for(composed: list[ComposedGroup]) -> list[ChunkJob]:
        jobs = []
        for item in composed:
            slots = [slot for slot in issue.ad_slots if slot.booking.page in item.group.pages]
            slot_files = {slot.booking.file: digest_of(issue.directory / slot.booking.file)
                          for slot in slots if slot.booking.file}
            files = files_loaded(item.html, composition.resources, digests)
            jobs.append(ChunkJob(index_of[item.group.first_page], item.group, item.html,
                                 chunk_key(item.html, context, files, slots, slot_files), slots))
        return jobs

    later = None
    if composition.groups:
        first = jobs_for(composition.groups)
    else:
        early = composition.compose_independent()
        first = jobs_for(early)

        def later() -> list[ChunkJob]:
            attempts = composition.break_jumps()
            jobs = jobs_for(composition.compose_remaining(early))
            for job in jobs:
                attempt = attempts.get(job.group.first_page)
                if attempt is not None and attempt.html == job.html:
                    job.rendered = attempt
            return jobs

    setup = ChunkSetup(
        stylesheet=composition.stylesheet, roots=dict(composition.resources.roots),
        fonts_dir=layout.fonts_dir, profile_path=profile.path,
        ink_limit_percent=profile.ink_limit_percent, rendering_intent=profile.rendering_intent,
        picture_cache=cache_root(issue.project_root) / PICTURE_CACHE, chunk_cache=cache_root(issue.project_root) / CHUNK_CACHE,
        layout=layout.config, leading_px=layout.config.leading_pt * 4 / 3,
        under_share=layout.config.under_share, checker=checker, pdfx_version=pdfx_version,
        ink_memory=cache_root(issue.project_root) / INK_MEMORY)

    def prepare(job: ChunkJob) -> None:
        job.artwork = {slot.index: slot_artwork(issue, composition.renderer, slot) for slot in job.slots}

    return render_chunks(first, setup, processes or default_processes(), prepare, progress,
                         lambda: composition.renderer, later)


def laid_out_whole(chunk: RenderedChunk) -> bool:
    """A chunk whose copy does not make its pages (it ran long or short, or a story set in
    frames is overset): the issue is laid out again in this process to measure and fit it."""
    return chunk.ran_long or group_ran_short(chunk) or any(fit.unfit for fit in chunk.fits)


def chunk_copyfit(issue: LoadedIssue, chunks: list[RenderedChunk]) -> list[ArticleFit]:
    """Every article's copyfit as the chunks measured it, with the ads sharing its pages."""
    return with_ad_space(issue, [fit for chunk in chunks for fit in chunk.fits])


def with_ad_space(issue: LoadedIssue, fits: list[ArticleFit]) -> list[ArticleFit]:
    """``fits`` with the ads that share each story's pages, so that the editor sees an ad
    took part of the story's space."""
    allotted = planned_pages(issue.manifest)
    for fit in fits:
        fit.ads = [f"p{slot.booking.page} {slot.booking.size} ({slot.height:g} mm)"
                   for slot in issue.ad_slots if slot.booking.page in allotted[fit.slug]
                   and slot.booking.position != "page"]
    return fits


def break_jump(issue: LoadedIssue, renderer: Renderer, groups: list[PageGroup], slug: str,
               to_page: int) -> tuple[JumpSplit, RenderedGroup]:
    """Where a jumping story breaks: after the last paragraph that fits on its own pages
    with the "Continued on page N" line below it; and that layout of its pages."""
    group = next(group for group in groups if slug in group.slugs)

    def lay_out(split: JumpSplit) -> RenderedGroup:
        item, = compose(issue.layout, issue.manifest, issue.articles, [group],
                        renderer.resources.url, jumps={slug: split}, ads=issue.ad_slots, plans=issue.plans)
        return renderer.render_group(item.group, item.html)

    probe = lay_out(JumpSplit(group.first_page, to_page))
    blocks = len(issue.articles[slug].blocks)
    fitting = 0
    while fitting < blocks and probe.anchors.get(f"block-{slug}-{fitting}", 10**6) <= group.pages.last:
        fitting += 1
    for at in range(min(fitting, blocks - 1), 0, -1):
        split = JumpSplit(group.first_page, to_page, at)
        attempt = lay_out(split)
        if attempt.page_count == len(group.pages) and slug in attempt.ends:
            return split, attempt
    raise InputError.single(
        f"'{slug}' cannot jump: not even its first paragraph fits on page {group.first_page}",
        issue.articles[slug].path, hint="shorten the first paragraph or give the story more room")


def copyfit(issue: LoadedIssue, processes: int | None = None) -> list[ArticleFit]:
    """Copyfit of every article (``pressroom fit``): from the chunks, laid out in parallel or
    taken from the cache of an earlier build, when every page group fills its pages; measured
    again in this process (``fit_issue``) where copy runs long or short, as the build does."""
    output, profile = print_output(issue)
    converter = PictureConverter(profile, cache_root(issue.project_root) / PICTURE_CACHE)
    convert_pictures(issue, converter)
    composition = compose_issue(issue, converter, profile=profile)
    chunks = lay_out_chunks(issue, composition, profile, load_profile(output.preflight, issue.project_root),
                            PDFX_VERSIONS[output.pdf_variant], processes)
    if any(laid_out_whole(chunk) for chunk in chunks):
        return fit_issue(issue, render_all(issue, composition))
    return chunk_copyfit(issue, chunks)


def fit_issue(issue: LoadedIssue, rendering: Rendering) -> list[ArticleFit]:
    """Copyfit of every article, measured on page groups laid out in this process (groups
    that ran long are laid out again on one endless page to count all their copy; groups
    that ran short again with their missing pages blank, kept in ``rendering.padded``)."""
    renderer, rendered = rendering.renderer, rendering.groups
    config = issue.layout.config
    long_groups = [group.group for group in rendered if group_ran_long(group)]
    measured = {}
    if long_groups:
        for item in rendering.compose(issue, long_groups, measuring=True):
            measured[item.group.pages] = renderer.render_group(item.group, item.html)
    rendering.padded = {}
    short = {group.group.pages: len(group.group.pages) - group.page_count for group in rendered
             if group_ran_short(group) and not group_ran_long(group)}
    if short:
        for item in rendering.compose(issue, [group.group for group in rendered
                                              if group.group.pages in short]):
            rendering.padded[item.group.pages] = renderer.render_group(
                item.group, padded_html(item.html, short[item.group.pages]))
    leading_px = config.leading_pt * 4 / 3
    fits = [fit for group in rendered
            for fit in measure_group(rendering.padded.get(group.group.pages, group),
                                     measured.get(group.group.pages), leading_px, config.under_share)]
    return with_ad_space(issue, fits)


def padded_html(html: str, missing: int) -> str:
    """A page group's HTML with ``missing`` blank pages after everything it holds: the
    pages WeasyPrint does not make when the copy ends early, with their running heads and
    folios (the page template's margin boxes), each starting a page of its own."""
    pad = "\n".join([PLANNED_PAGE] * missing) + "\n"
    at = html.rfind("</body>")
    return html[:at] + pad + html[at:] if at >= 0 else html + pad


def proof_groups_of(rendering: Rendering) -> list[RenderedGroup]:
    """For a proof: every page group with exactly its planned pages. A group that ran long
    keeps only those (the fit table and the slug say what is cut off), and a story whose end
    is on a page cut off is not said to end there (nothing of it is on that page of the
    proof); a group that ran short is the one laid out with its missing pages blank."""
    result = []
    for group in rendering.groups:
        group = rendering.padded.get(group.group.pages, group)
        planned = group.group.pages
        if group.page_count > len(planned):
            group.keep_pages = len(planned)
            group.ends = {slug: page for slug, page in group.ends.items() if page in planned}
        result.append(group)
    return result


def proof_notes(fits: list[ArticleFit]) -> dict[int, list[str]]:
    """The markers of a proof's slug, by page: every page of a story that does not fit says
    so, with what to do."""
    notes: dict[int, list[str]] = {}
    for fit in fits:
        if not fit.unfit:
            continue
        first, _, last = fit.pages.partition("-")
        if fit.status == OVER:
            text = f"OVERSET {fit.slug}: +{fit.lines_over} lines, {what_to_do(fit)}"
        else:
            text = f"UNDER {fit.slug}: {what_to_do(fit)}"
        for page in range(int(first), int(last or first) + 1):
            notes.setdefault(page, []).append(text)
    return notes


def copyfit_failures(fits: list[ArticleFit]) -> list[Failure]:
    """The stories whose copy does not fit, as check failures that say what to do."""
    failures = []
    for fit in fits:
        if fit.status == OVER:
            where = f"page{'s' if '-' in fit.pages else ''} {fit.pages}"
            failures.append(Failure("copyfit", f"'{fit.slug}' runs past its {where} by "
                                               f"{fit.lines_over} lines: {what_to_do(fit)}"))
        elif fit.empty_pages:
            failures.append(Failure("copyfit", f"'{fit.slug}' does not reach the end of its pages "
                                               f"{fit.pages}: {what_to_do(fit)}"))
    return failures


def print_output(issue: LoadedIssue, pdf_variant: str | None = None,
                 icc_profile: Path | None = None,
                 printer: PrinterProfile | None = None) -> tuple[PrintOutput, OutputProfile]:
    """The layout's print settings, with a printer's settings or the command line's
    overrides over them, and the loaded output profile (a relative path is taken from the
    project folder). A printer without a profile of its own (a registered condition named
    in a PDF/X-1a file) gets pictures separated with the layout's profile at its ink limit."""
    output = issue.layout.config.output
    if printer is not None:
        output = output.model_copy(update={
            "pdf_variant": printer.pdf_variant, "ink_limit_percent": printer.ink_limit_percent,
            "output_condition_identifier": printer.output_condition_identifier,
            "output_condition": printer.output_condition, "registry_name": printer.registry_name,
            "icc_profile": printer.icc_profile or output.icc_profile})
    if pdf_variant:
        output = output.model_copy(update={"pdf_variant": pdf_variant})
    profile_path = Path(icc_profile) if icc_profile else issue.project_root / output.icc_profile
    if icc_profile:
        output = output.model_copy(update={"icc_profile": str(icc_profile)})
    profile = OutputProfile.load(profile_path, output.ink_limit_percent, output.rendering_intent)
    return output, profile


def convert_pictures(issue: LoadedIssue, converter: PictureConverter) -> None:
    """Convert every article picture for print now, so that a broken one is reported
    against its article rather than as a hole in the page."""
    problems: list[Problem] = []
    for article in issue.articles.values():
        for picture in article.pictures:
            try:
                converter.ensure(picture.path.read_bytes(), picture.path.name)
            except InputError as error:
                problems += [Problem(item.message, article.path, picture.line, hint=item.hint)
                             for item in error.problems]
            except OSError as error:
                problems.append(Problem(f"cannot read {picture.path.name} ({error})",
                                        article.path, picture.line))
    if problems:
        raise InputError(problems)


def ad_artwork(issue: LoadedIssue, renderer: Renderer) -> dict[int, bytes]:
    """Each booked slot's one-page artwork (see ``slot_artwork``), by slot index."""
    return {slot.index: slot_artwork(issue, renderer, slot) for slot in issue.ad_slots}


def slot_artwork(issue: LoadedIssue, renderer: Renderer, slot: Slot) -> bytes:
    """A booked slot's one-page artwork: the supplied PDF as it is, or a picture ad or house
    ad drawn by the layout at the slot's size (pictures converted for print)."""
    booking = slot.booking
    if booking.file and Path(booking.file).suffix.lower() == ".pdf":
        return (issue.directory / booking.file).read_bytes()
    url_for = renderer.resources.url
    html = compose_ad(issue.layout, issue.manifest, slot, url_for, issue.directory)
    return renderer.render_standalone(html, issue.layout.ad_stylesheet(url_for, slot))


def ad_report(issue_dir: Path, out_dir: Path | None = None) -> list[BookingStatus]:
    """Every booking of the issue assessed without building; a booking that the last build
    in ``out_dir`` (default ``build/<issue-id>/``) placed from the same file says "placed"."""
    issue_dir = Path(issue_dir)
    root, manifest, manifest_doc, layout = read_plan(issue_dir)
    statuses = assess_bookings(manifest, manifest_doc, layout.config, issue_dir,
                               load_profile(layout.config.output.ad_preflight, root))
    record_path = (Path(out_dir) if out_dir else root / "build" / issue_dir.resolve().name) / BUILD_RECORD
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    placed = {(ad["page"], ad["size"], ad["position"], ad["file"]) for ad in record.get("ads", [])}
    inputs = record.get("inputs", {})
    for status in statuses:
        booking = status.booking
        key = (booking.page, booking.size, booking.position, booking.file)
        same_file = booking.house or inputs.get(
            input_name((issue_dir / booking.file).resolve(), root)) == _sha_or_none(issue_dir / booking.file)
        if status.status == "ready" and key in placed and same_file:
            status.status = "placed"
    return statuses


def _sha_or_none(path: Path) -> str | None:
    return sha256_file(path) if path.is_file() else None


def document_id(inputs: dict[str, str], output: PrintOutput) -> str:
    """A UUID for the PDF/X metadata derived from the build inputs, never random."""
    key = json.dumps({"inputs": inputs, "output": output.model_dump(), "pressroom": __version__},
                     sort_keys=True).encode()
    return str(uuid.UUID(bytes=hashlib.sha256(key).digest()[:16], version=4))


@contextmanager
def build_lock(out_dir: Path):
    """Hold a lock beside ``out_dir`` (``.<name>.build.lock``) for a build: a second build
    writing to the same folder at the same time stops with a clear message instead of
    mixing files. (Beside, not inside: a build refused for bad input creates no folder.)
    A lock whose holder has died (and whose lock is held on by something it left behind)
    is taken over. Yields the list of warnings taking it gave."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    path = out_dir.parent / f".{out_dir.name}{LOCK_FILE}"
    warnings: list[str] = []
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        pid = holder.removeprefix("process ")
        if not (pid.isdigit() and not process_alive(int(pid))):
            raise InputError.single(f"another build is writing to {out_dir} ({holder})",
                                    hint="wait for it to finish, or build into another folder with --out") from None
        # Its holder is gone: the lock is a new file, and the old one's leftovers keep theirs.
        path.unlink(missing_ok=True)
        handle = open(path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise InputError.single(f"another build is writing to {out_dir}",
                                    hint="wait for it to finish, or build into another folder with --out") from None
        warnings.append(f"took over the build lock of {out_dir} from {holder}, which is no longer running")
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        yield warnings
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def build_issue(issue_dir: Path, out_dir: Path | None = None, **options) -> BuildResult:
    """Build ``issue_dir`` (see ``_build``) holding the output folder's build lock. What a
    build that died left in the output folder (a half-joined PDF, temporary files) goes
    first. A folder that cannot be written (read-only, full disk) is bad input: the
    message names it, and the last good PDF stays as it was."""
    issue_dir = Path(issue_dir)
    if out_dir is None and issue_dir.is_dir():
        out_dir = find_project_root(issue_dir) / "build" / issue_dir.resolve().name
    if out_dir is None:
        return _build_issue(issue_dir, out_dir, **options)  # reports the missing folder
    out_dir = Path(out_dir)
    try:
        with build_lock(out_dir) as lock_warnings:
            remove_stale_temporaries(out_dir)
            try:
                result = _build_issue(issue_dir, out_dir, **options)
                result.warnings[:0] = lock_warnings
                return result
            finally:  # a build stopped after joining leaves no joined file behind
                for leftover in out_dir.glob(f".*.{os.getpid()}.joining"):
                    leftover.unlink(missing_ok=True)
    except OSError as error:
        raise InputError([file_problem(error, out_dir)]) from None


def file_problem(error: OSError, out_dir: Path) -> Problem:
    """An operating-system error met while building, as a problem naming the file."""
    where = Path(error.filename) if error.filename else out_dir
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return Problem("the disk is full (or the file grew past what it may hold): the build could "
                       "not be written", where,
                       hint="free some space (build/cache/ may be deleted), then build again; "
                            "the last good PDF is as it was")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Problem(f"cannot be {'written' if where.is_relative_to(out_dir) or where == out_dir.parent else 'read'}"
                       f" ({error.strerror})", where,
                       hint="check the folder's permissions, or build into another folder with --out")
    return Problem(f"cannot be used: {error.strerror or error}", where,
                   hint="check the file and the folder, then build again")


def joining_file(pdf_path: Path) -> Path:
    """Where a build joins its chunks: beside the PDF it will become (then renamed over it)."""
    return pdf_path.with_name(f".{pdf_path.name}.{os.getpid()}.joining")


def _build_issue(issue_dir: Path, out_dir: Path | None = None, **options) -> BuildResult:
    """``_build``, closing the renderers it made (their fonts' temporary folders go now,
    not whenever Python frees them: a worker process or the command may never do so)."""
    before = set(Renderer.live)
    try:
        return _build(issue_dir, out_dir, **options)
    finally:
        for renderer in set(Renderer.live) - before:
            renderer.close()


def _build(issue_dir: Path, out_dir: Path | None = None,
           allow_overset: bool = False, autofit: bool = False,
           pdf_variant: str | None = None, icc_profile: Path | None = None,
           progress: Callable[[int], None] | None = None,
           printer: PrinterProfile | None = None, write: bool = True,
           processes: int | None = None) -> BuildResult:
    """Build the print PDF of ``issue_dir``; raise InputError on bad input.

    Writes ``<issue-id>.pdf`` and ``build.json`` into ``out_dir`` (default
    ``build/<issue-id>/`` in the project); each file is replaced whole or not at all.
    Copy that does not fit (a story OVER, or a planned page left empty) raises OversetError
    before anything is written, unless ``allow_overset`` asks for a proof: then
    ``<issue-id>.proof.pdf`` is written instead (not PDF/X, PROOF in its metadata and on
    every page's slug, with what does not fit and what to do) and ``build.json`` describes
    it; the print PDF is left as it was. ``autofit`` first tries to tighten overset stories
    within the layout's limits. ``pdf_variant`` and ``icc_profile``
    override the layout's print output settings, and ``printer`` (a printer's profile, as
    ``pressroom deliver`` builds) replaces them and the preflight rules (docs/printing.md).
    Without ``write`` nothing is written and the PDF is in the result's ``data``. Page
    groups are laid out as chunks in up to ``processes`` processes (chunks.py)."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    issue = load_issue(issue_dir)
    layout, manifest = issue.layout, issue.manifest
    out_dir = Path(out_dir) if out_dir else issue.project_root / "build" / issue.issue_id
    output, profile = print_output(issue, pdf_variant, icc_profile, printer)
    checker = preflight_profile(printer, whole_issue=True) if printer else \
        load_profile(output.preflight, issue.project_root)
    planned_printer = printer or issue_printer(manifest, issue.manifest_document, issue.project_root)
    converter = PictureConverter(profile, cache_root(issue.project_root) / PICTURE_CACHE)
    convert_pictures(issue, converter)
    digests = {path.resolve(): sha256_file(path) for path in _input_files(issue) + [profile.path]}
    inputs = {input_name(path, issue.project_root): digest for path, digest in digests.items()}
    lap("load")

    composition = Composition(issue, converter, None, profile)  # composed as chunks are laid out
    pdfx_version = PDFX_VERSIONS[output.pdf_variant]
    chunks = lay_out_chunks(issue, composition, profile, checker, pdfx_version, processes, progress,
                            digests)
    rendered: list = chunks
    fits: list[ArticleFit] = []
    proof_groups = None  # a proof is written as one document, not from chunks
    whole_groups = None  # so is a print PDF whose pages run long with no story at fault
    adjustments = composition.adjustments
    autofit_failed: list[dict] = []
    if any(laid_out_whole(chunk) for chunk in chunks):
        rendering = render_all(issue, composition)
        fits = fit_issue(issue, rendering)
        overset = [fit for fit in fits if fit.status == OVER]
        if overset and autofit:
            autofit_issue(issue, rendering, overset)
            fits = fit_issue(issue, rendering)
            autofit_failed = rendering.autofit_failed
        if any(fit.unfit for fit in fits) and not allow_overset:
            raise OversetError(fits, autofit_failed)
        if any(fit.unfit for fit in fits):
            proof_groups = rendered = proof_groups_of(rendering)
            adjustments = rendering.adjustments
        else:
            if rendering.adjustments:  # auto-fit made the copy fit: the adjusted groups become chunks
                composition = compose_issue(issue, converter, rendering.adjustments, composition.jumps,
                                            profile)
                rendered = chunks = lay_out_chunks(issue, composition, profile, checker, pdfx_version,
                                                   processes)
                adjustments = composition.adjustments
            if any(laid_out_whole(chunk) for chunk in chunks):
                # Every story fits, but a group still does not make its pages (a filler or the
                # colophon runs over): the groups as laid out here, and the page-count check
                # says which. (A chunk that runs long is never cached, so never joined.)
                whole_groups = rendered = rendering.groups
    copyfit = fits or chunk_copyfit(issue, chunks)
    lap("layout")

    pdf_path = out_dir / f"{issue.issue_id}.pdf"
    proof_path = out_dir / f"{issue.issue_id}{PROOF_SUFFIX}"
    written = proof_path if proof_groups is not None else pdf_path  # what this build writes
    manifest_date = manifest.date.isoformat()
    pdfx = PdfXSettings(
        variant=output.pdf_variant, profile=profile,
        output_condition_identifier=output.output_condition_identifier,
        output_condition=output.output_condition, registry_name=output.registry_name,
        title=f"{manifest.title}, {manifest_date}", date=f"{manifest_date}T00:00:00+00:00",
        document_id=document_id(inputs, output),
        embed_profile=printer is None or printer.icc_profile is not None)
    joined: Path | None = None  # the joined chunks, when they are to become the PDF
    if proof_groups is not None:  # a plain PDF, slugged PROOF on every page, outside the trim
        unfit = [fit for fit in fits if fit.unfit]
        proof = ProofSettings(
            title=pdfx.title, date=pdfx.date, print_file=pdf_path.name,
            reason="copy does not fit its pages: " + "; ".join(
                f"{fit.slug} {'overset' if fit.status == OVER else 'leaves a page empty'}" for fit in unfit))
        data = rendering.renderer.pdf_bytes(proof_groups, proof=proof)
        if issue.ad_slots:
            data = place_ads(data, issue.ad_slots, ad_artwork(issue, rendering.renderer), layout.config)
        as_printed = data  # preflight judges the pages, not the slug
        data = add_proof_slugs(data, rendering.renderer, layout, proof,
                               f"{manifest.title} No. {manifest.issue_number}, {manifest.date.strftime('%B %Y')}",
                               proof_notes(fits))
    elif whole_groups is not None:
        data = rendering.renderer.pdf_bytes(whole_groups, pdfx)
        if issue.ad_slots:
            data = place_ads(data, issue.ad_slots, ad_artwork(issue, rendering.renderer), layout.config)
    else:
        parts = pdfx_parts(pdfx, cache_root(issue.project_root) / CHUNK_CACHE, lambda: composition.renderer)
        # Joined into a file beside the PDF, which becomes the PDF at the end (build_issue
        # removes it if the build stops before), or into the cache when nothing is written.
        target = joining_file(pdf_path) if write else \
            joining_file(cache_root(issue.project_root) / CHUNK_CACHE / "joined.pdf")
        try:
            try:
                join_chunks(chunks, pdfx, parts, FontFiles(layout.font_files()), target)
            except DamagedChunk:  # the damaged ones discarded: laid out afresh, the rest from the cache
                for chunk in chunks:
                    try:
                        chunk_pdf(chunk)
                    except DamagedChunk:
                        pass
                rendered = chunks = lay_out_chunks(issue, composition, profile, checker, pdfx_version,
                                                   processes, digests=digests)
                join_chunks(chunks, pdfx, parts, FontFiles(layout.font_files()), target)
            data = target.read_bytes()
        except DamagedChunk as damaged:
            raise InputError.single(f"{damaged}, and again when laid out afresh: another program is "
                                    "writing to the cache", damaged.chunk.entry,
                                    hint="build again when it has finished, or with PRESSROOM_CACHE "
                                         "set to a folder of your own") from None
        finally:
            if not write:
                target.unlink(missing_ok=True)
        joined = target if write else None
    warnings = issue.warnings + composition.warnings + [warning for chunk in chunks for warning in chunk.warnings]
    warnings = list(dict.fromkeys(warnings + take_warnings()))  # a page laid out twice warns once
    lap("write")

    trim = (layout.config.trim_mm.width, layout.config.trim_mm.height)
    # The checks of what is printed (page count, headlines, last words) read the PDF that is
    # written, never what the cache says about it: its text is read in a thread of its own as
    # the other checks go on here (or remembered under the sha256 of these very bytes).
    reader = PdfReader(io.BytesIO(data))
    data_sha256 = hashlib.sha256(data).hexdigest()
    with ThreadPoolExecutor(1) as text_reader:
        texts_read = text_reader.submit(printed_texts, data, data_sha256, cache_root(issue.project_root))
        if proof_groups is not None:  # what is on the pages, as in print; a proof is not PDF/X
            report = preflight(PdfReader(io.BytesIO(as_printed)), checker, written.name, scope="pages",
                               pdfx_version=pdfx_version,
                               ink_memory=cache_root(issue.project_root) / INK_MEMORY)
            report.pdfx_version = None
        elif whole_groups is not None:
            report = preflight(reader, checker, pdf_path.name,
                               ink_memory=cache_root(issue.project_root) / INK_MEMORY)
        else:  # each chunk's pages were checked when it was rendered: the whole file once here
            report = preflight(reader, checker, pdf_path.name, scope="document")
            report.findings += [Finding(**finding) for chunk in chunks for finding in chunk.findings]
            report.colour_pages = sorted({page for chunk in chunks for page in chunk.colour_pages})
        colour_warnings = []
        if planned_printer is not None:
            laid_out_here = proof_groups or whole_groups
            pictures = pictures_on_pages(laid_out_here, composition.resources) if laid_out_here else \
                [(page, composition.resources.path(url), slug) for chunk in chunks
                 for page, url, slug in chunk.pictures]
            colour_warnings = colour_on_black_pages(issue, pictures, composition, converter,
                                                    report.colour_pages, planned_printer, len(reader.pages))
        fonts_used = sorted(pdf_fonts(reader))
        layout_files = folder_files(layout.directory, issue.project_root.resolve()) \
            if layout.directory.resolve().is_relative_to(issue.project_root.resolve()) else \
            folder_files(layout.directory, layout.directory.parent)
        font_files = {path.name: sha256_file(path) for path in layout.font_files()}
        allowed_fonts = font_names(layout.font_files())
        mixed = printed_mixed_fonts(reader, data_sha256, cache_root(issue.project_root), allowed_fonts,
                                    layout.config.allowed_fallbacks)
        failures = check_issue_pdf(reader, texts_read.result(), manifest, issue.articles, rendered, trim,
                                   layout.config.bleed_mm, allowed_fonts, layout.config.allowed_fallbacks, mixed)
    failures += [Failure("preflight", str(finding)) for finding in report.errors]
    failures[:0] = copyfit_failures(fits)
    holes = with_frames(measure_holes(data, layout.config), [fit for fit in copyfit if fit.frames], layout.config)
    hole_warnings, hole_failures = judge_holes(holes, layout.config.holes, frozenset(issue.plans))
    failures += [Failure("holes", message) for message in hole_failures]
    warnings += hole_warnings
    warnings += [f"preflight: {finding.described()}" for finding in report.warnings] + colour_warnings
    if failures and proof_groups is None:  # checked and found wrong: a proof, never the print file
        proof = ProofSettings(title=pdfx.title, date=pdfx.date, print_file=pdf_path.name,
                              reason=f"{len(failures)} check(s) failed: " + "; ".join(map(str, failures[:3])))
        data = add_proof_slugs(as_proof(data, proof), composition.renderer, layout, proof,
                               f"{manifest.title} No. {manifest.issue_number}, {manifest.date.strftime('%B %Y')}",
                               {1: [f"{len(failures)} check(s) failed: see build.json; fix them to get a "
                                    "print PDF"]})
        data_sha256 = hashlib.sha256(data).hexdigest()
        written, failed_checks = proof_path, True
        if joined is not None:
            joined.unlink(missing_ok=True)
            joined = None
    else:
        failed_checks = False
    lap("check")

    record = _build_record(issue, rendered, written, data, data_sha256, fonts_used, warnings,
                           failures, fits, timings, inputs)
    record["print"] = {**output.model_dump(), "icc_profile_sha256": profile.sha256,
                       "icc_profile_description": profile.description}
    record["preflight"] = report.as_dict()
    record["holes"] = [hole.as_dict() for hole in holes]
    record["ads"] = [{**status.as_dict(), "status": "placed"} for status in issue.ads]
    record["copyfit"] = [fit.as_dict() for fit in copyfit]
    record["environment"] = environment()
    record["layout_files"] = layout_files
    record["layout_sha256"] = folder_digest(record["layout_files"])
    record["font_files"] = font_files
    record["built_at"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    record["chunks"] = [{"pages": str(chunk.group.pages), "key": chunk.key, "cached": chunk.cached}
                        for chunk in chunks] if proof_groups is None and whole_groups is None else []
    record["autofit"] = {slug: adjustment.as_dict()
                         for slug, adjustment in sorted(adjustments.items())}
    record["filled"] = [line for fit in copyfit for line in fit.filled]  # modular pages' fills
    record["loose"] = [line for fit in copyfit for line in fit.loose]  # the composer's loosest lines
    if autofit_failed:
        record["autofit_failed"] = autofit_failed
    if proof_groups is not None or failed_checks:  # not a print file: build.json says so
        record["output"]["kind"] = "proof"
        record["proof"] = {
            "file": written.name, "not_for_press": True, "reason": proof.reason,
            "stories": [fit.as_dict() for fit in fits if fit.unfit],
            "print_file": pdf_path.name if pdf_path.is_file() else None,
            "print_file_note": "the last good print PDF, left as it was: this build wrote none"}
    record_path = out_dir / BUILD_RECORD
    if not write:
        return BuildResult(issue.issue_id, written, record_path, record["page_count"], failures,
                           warnings, record, fits, data, written == proof_path)
    # Both files are written whole to temporary files first, then both renamed into place:
    # a build killed (or a disk filled) before the renames leaves the previous PDF and record
    # as they were, and the two always match.
    staged_pdf = joined if joined is not None else write_temporary(written, data)
    try:
        staged_record = write_temporary(record_path, (json.dumps(record, indent=2, ensure_ascii=False)
                                                      + "\n").encode())
    except BaseException:
        staged_pdf.unlink(missing_ok=True)
        raise
    os.replace(staged_pdf, written)
    os.replace(staged_record, record_path)
    if written == pdf_path:  # a proof of an earlier state is out of date now
        proof_path.unlink(missing_ok=True)
    return BuildResult(issue.issue_id, written, record_path, record["page_count"], failures,
                       warnings, record, fits, data, written == proof_path)


def printed_texts(data: bytes, sha256: str, cache: Path) -> list[str]:
    """Each page's text in the PDF ``data`` (``checks.page_texts``), remembered in the cache
    under the sha256 of those very bytes: a PDF that differs by one byte is read afresh.
    (Beside the chunks, and trimmed with them.)"""
    return remembered(cache, "page texts", f"printed-texts-{sha256}", lambda: page_texts(data),
                      lambda texts: isinstance(texts, list) and all(isinstance(text, str) for text in texts))


def printed_mixed_fonts(reader: PdfReader, sha256: str, cache: Path, allowed: set[str],
                        fallbacks: list) -> list[Failure]:
    """``checks.mixed_fonts`` of the PDF whose sha256 is ``sha256`` (open in ``reader``),
    remembered like ``printed_texts``, keyed by the fonts allowed and the substitutions too."""
    key = hashlib.sha256(json.dumps([sha256, sorted(allowed), [fallback.model_dump() for fallback in fallbacks]],
                                    sort_keys=True).encode()).hexdigest()
    found = remembered(cache, "mixed fonts", f"fonts-{key}",
                       lambda: [[failure.check, failure.message] for failure in mixed_fonts(reader, allowed, fallbacks)],
                       lambda items: isinstance(items, list) and all(
                           isinstance(item, list) and len(item) == 2 and all(isinstance(part, str) for part in item)
                           for item in items))
    return [Failure(check, message) for check, message in found]


def remembered(cache: Path, kind: str, name: str, compute: Callable[[], object],
               sound: Callable[[object], bool], damaged: str = "it is not what the check found"):
    """What ``compute`` gives (JSON data, a pure function of what ``name`` hashes: a PDF, a
    page's HTML), remembered in the cache's chunks folder; an entry that is damaged or not
    ``sound`` is discarded (saying ``damaged``) and computed afresh."""
    path = cache / CHUNK_CACHE / name
    entry = read_entry(path, kind, name, ["value"])
    if entry is not None:
        try:
            value = json.loads(entry["value"])
            if sound(value):
                return value
        except ValueError:
            pass
        discard(path, kind, damaged)
    value = compute()
    write_entry(path, kind, name, {"value": json.dumps(value).encode()})
    return value


def colour_on_black_pages(issue: LoadedIssue, pictures: list[tuple[int, Path, str | None]],
                          composition: Composition, converter: PictureConverter, colour_pages: list[int],
                          printer: PrinterProfile, page_count: int) -> list[str]:
    """One warning for each page the plan puts colour on although the printer prints it in
    black only, naming what is in colour: pictures (page, file, article) with their
    articles, ads with their advertisers."""
    black_only = set(printer.black_only_positions(page_count)) & set(colour_pages)
    if not black_only:
        return []
    owners = {picture.path.resolve(): slug for slug, article in issue.articles.items()
              for picture in article.pictures}
    found: dict[int, list[str]] = {page: [] for page in black_only}
    for number, path, slug in pictures:
        slug = slug or owners.get(path)
        if number in found and slug and converter.in_colour(path.read_bytes(), path.name):
            found[number].append(f"colour picture {path.name} in '{slug}'")
    for slot in issue.ad_slots:
        booking = slot.booking
        if booking.page in found and _prints_colour(slot_artwork(issue, composition.renderer, slot)):
            who = "the house ad" if booking.house else f"the ad from {booking.advertiser}"
            found[booking.page].append(f"{who} ({booking.size}) in colour")
    action = {"convert": "pressroom deliver will convert the page to black",
              "refuse": "pressroom deliver refuses the page until it is black only"}[printer.mono_pages]
    # Coloured type and rules of the layout itself are not the plan's doing: the delivery
    # converts them without a word here.
    return [f"page {page} prints in black only at {printer.name}, but the plan puts colour on "
            f"it: {'; '.join(dict.fromkeys(found[page]))} ({action})"
            for page in sorted(found) if found[page]]


def _build_record(issue: LoadedIssue, rendered: list[RenderedGroup], pdf_path: Path, data: bytes,
                  data_sha256: str, fonts: list[str], warnings: list[str], failures: list[Failure],
                  fits: list[ArticleFit], timings: dict[str, float], inputs: dict[str, str]) -> dict:
    """What ``build.json`` says: what was built from what, where each story landed."""
    manifest = issue.manifest
    starts = {slug: page for group in rendered for slug, page in group.starts.items()}
    ends = {slug: page for group in rendered for slug, page in group.ends.items()}
    return {
        "pressroom": __version__,
        "issue_id": issue.issue_id,
        "title": manifest.title,
        "issue_number": manifest.issue_number,
        "date": manifest.date.isoformat(),
        "layout": manifest.layout,
        "page_count": sum(group.page_count for group in rendered),
        "planned_pages": manifest.pages,
        "articles": {
            slug: {"planned": str(pages), "first_page": starts.get(slug),
                   "last_page": ends.get(slug), "words": issue.articles[slug].word_count}
            for slug, pages in planned_pages(manifest).items()
        },
        "fonts": fonts,
        "warnings": warnings,
        "failures": [str(failure) for failure in failures],
        "overset": [fit.as_dict() for fit in fits if fit.status == OVER],
        "timings_s": timings,
        "inputs": inputs,
        "output": {"file": pdf_path.name, "sha256": data_sha256,
                   "bytes": len(data)},
    }


def _slug_position(document, slug: str) -> tuple[int | None, int | None]:
    for path, position in document.positions.items():
        if path and path[-1] == "slug" and _value_at(document.data, path) == slug:
            return position
    return None, None


def _value_at(data, path: tuple):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data



def _input_files(issue: LoadedIssue) -> list[Path]:
    files = {issue.directory / "issue.yaml"}
    for article in issue.articles.values():
        files.add(article.path)
        files.update(picture.path for picture in article.pictures)
    files.update(issue.directory / slot.booking.file for slot in issue.ad_slots if slot.booking.file)
    files.update(path for path in issue.layout.directory.rglob("*") if path.is_file())
    files.update(issue.layout.font_files())
    return sorted(path.resolve() for path in files)


def _prints_colour(pdf: bytes) -> bool:
    """Whether a one-page PDF (an ad's artwork) uses more than black."""
    return bool(preflight(PdfReader(io.BytesIO(pdf)), load_profile("newspaper-ad")).colour_pages)
