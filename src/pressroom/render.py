"""Render: WeasyPrint lays out each page group and one print PDF is written from them all.

Page groups are rendered one by one, each as its own document whose page counter starts
at the group's first page in the plan; their pages are then joined into a single document
that shares fonts and images. Resources load only from the issue folder, the layout and
``fonts/``; fonts come from ``fonts/`` alone (fontconfig is pointed at ``fonts/fonts.conf``).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
import os
import re
import shutil
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .colour import OutputProfile, PictureConverter
from .errors import InputError
from .files import write_atomically
from .linebreaks import remembered_line_breaks
from .manifest import PageGroup

FONTCONFIG_FILE = "fonts.conf"


def use_project_fonts_only(fonts_dir: Path) -> None:
    """Point fontconfig at ``fonts/fonts.conf`` before WeasyPrint (and Pango) load."""
    config = fonts_dir / FONTCONFIG_FILE
    if not config.is_file():
        raise InputError.single(f"{config} is missing", config,
                                hint="it keeps system fonts out of the PDF; restore it from git")
    os.environ["FONTCONFIG_FILE"] = str(config.resolve())


def _remove_font_folder(font_config, made_by: int) -> None:
    folder = getattr(font_config, "_folder", None)  # FontConfiguration's, in the pinned WeasyPrint
    if folder and os.getpid() == made_by:  # a forked worker leaves its parent's folder alone
        shutil.rmtree(folder, ignore_errors=True)
        font_config._folder = None


def import_weasyprint() -> None:
    """Import WeasyPrint, letting it find its libraries (Pango, HarfBuzz, fontconfig) by
    their file names only. It tries each library under several names, mostly other
    systems' ones, and cffi asks ``ctypes.util.find_library`` about each, which runs
    ldconfig and gcc: 0.17 s of every build's start on this machine. Debian's names
    (``libpango-1.0.so.0``) are among those tried, and load directly."""
    import ctypes.util
    import sys

    if "weasyprint" in sys.modules:
        return
    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = find_library


@dataclass
class RenderedGroup:
    """A page group after layout: its pages and where each article's start and end landed."""

    group: PageGroup
    document: object  # weasyprint.Document
    starts: dict[str, int] = field(default_factory=dict)  # slug -> page number
    ends: dict[str, int] = field(default_factory=dict)
    keep_pages: int | None = None  # a proof with overset keeps only the planned pages
    anchors: dict[str, int] = field(default_factory=dict)  # every element id -> first page
    html: str = ""  # what was laid out
    warnings: list[str] = field(default_factory=list)  # WeasyPrint's, while laying it out
    threads: dict = field(default_factory=dict)  # a modular page's stories: slug -> compose.frames.ThreadedStory

    @property
    def pages(self) -> list:
        return self.document.pages[:self.keep_pages]

    @property
    def page_count(self) -> int:
        return len(self.pages)


class Resources:
    """The folders a render may read, each under a name: ``pressroom://NAME/relative/path``.

    Templates refer to pictures and fonts by these URLs rather than by absolute ``file:``
    paths, because WeasyPrint names images in the PDF after their URL: the same issue built
    in another folder then gives the same bytes.
    """

    SCHEME = "pressroom"

    def __init__(self, **roots: Path):
        self.roots = {name: root.resolve() for name, root in roots.items()}

    def url(self, path: Path) -> str:
        path = Path(path).resolve()
        for name, root in self.roots.items():
            if path.is_relative_to(root):
                return f"{self.SCHEME}://{name}/{path.relative_to(root).as_posix()}"
        raise InputError.single(f"{path} is outside the issue folder, the layout and fonts/",
                                hint="keep every file the pages use inside the issue folder")

    def path(self, url: str) -> Path | None:
        """The file behind a ``pressroom://`` or ``file:`` URL, or None when not allowed."""
        parts = urlsplit(url)
        if parts.scheme == self.SCHEME and parts.netloc in self.roots:
            root = self.roots[parts.netloc]
            path = (root / unquote(parts.path).lstrip("/")).resolve()
        elif parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
        else:
            return None
        return path if any(path.is_relative_to(root) for root in self.roots.values()) else None


# Files a render fetches that are not pictures; everything else is converted for print.
NOT_PICTURES = {".css", ".otf", ".ttf", ".woff", ".woff2", ".icc", ".icm"}


def confined_fetcher(resources: Resources, converter: PictureConverter | None = None):
    """A WeasyPrint URL fetcher that serves the allowed folders' files and nothing else;
    with a ``converter``, pictures are served as their print (CMYK or gray) versions."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class ConfinedFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme not in {"file", Resources.SCHEME}:
                raise FatalURLFetchingError(
                    f"refused to fetch {url}: Pressroom never uses the network; "
                    "put the file in the issue folder and refer to it by a relative path")
            path = resources.path(url)
            if path is None:
                raise FatalURLFetchingError(
                    f"refused to read {url}: only files in the issue folder, the layout "
                    "and fonts/ may be used")
            if not path.is_file():
                raise FatalURLFetchingError(f"{path} does not exist")
            data = path.read_bytes()
            if converter is not None and path.suffix.lower() not in NOT_PICTURES:
                data = converter.convert(data, path.name)
            return URLFetcherResponse(url, data)

    return ConfinedFetcher(fail_on_errors=True)


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class Renderer:
    """Holds what every page group shares: fonts, the layout's stylesheet, the fetcher."""

    live: weakref.WeakSet = weakref.WeakSet()  # this process's renderers not closed yet

    def __init__(self, stylesheet: str, fonts_dir: Path, resources: Resources,
                 converter: PictureConverter | None = None, layout=None):
        use_project_fonts_only(fonts_dir)
        self.layout = layout  # layout.Layout: its templates set modular pages' galleys
        import_weasyprint()
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.resources = resources
        self.fetcher = confined_fetcher(resources, converter)
        self.base_url = f"{Resources.SCHEME}://issue/"
        self.warnings: list[str] = []
        with self._capturing():
            self.stylesheet = CSS(string=stylesheet, font_config=self.font_config,
                                  url_fetcher=self.fetcher, base_url=self.base_url)
        # WeasyPrint copies @font-face fonts into a temporary folder that it removes only when
        # its FontConfiguration is freed, which a process ending without freeing everything
        # (pressroom's command, a worker) never does: removed here when the renderer goes,
        # or at exit, by the process that made it.
        self._remove_font_folder = weakref.finalize(self, _remove_font_folder, self.font_config, os.getpid())
        Renderer.live.add(self)

    def close(self) -> None:
        """Done with this renderer: its fonts' temporary folder goes now."""
        self._remove_font_folder()
        Renderer.live.discard(self)

    @contextmanager
    def _capturing(self):
        """Collect WeasyPrint's warnings into ``self.warnings`` instead of the log."""
        handler = _WarningCollector()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(handler)
        propagate, logger.propagate = logger.propagate, False
        try:
            yield
        finally:
            logger.removeHandler(handler)
            logger.propagate = propagate
            self.warnings.extend(f"WeasyPrint: {message}" for message in handler.messages)

    def render_group(self, group: PageGroup, html: str, modular: bool = True) -> RenderedGroup:
        """Lay out one page group; record on which page each article starts and ends. A
        modular page group (compose/) is laid out as its chrome and its stories' frames."""
        from .compose.frames import is_modular, lay_out_modular

        if modular and is_modular(html):
            return lay_out_modular(self, group, html)
        before = len(self.warnings)
        document = self.render_document(html, f"page {group.first_page}")
        rendered = RenderedGroup(group, document, html=html, warnings=self.warnings[before:])
        for index, page in enumerate(document.pages):
            number = group.first_page + index
            for anchor in page.anchors:
                rendered.anchors.setdefault(anchor, number)
                if anchor.startswith("start-"):
                    rendered.starts.setdefault(anchor.removeprefix("start-"), number)
                elif anchor.startswith(("end-", "jump-")):  # a jump line ends a story's part
                    rendered.ends[anchor.split("-", 1)[1]] = number
        return rendered

    def render_document(self, html: str, where: str):
        """Lay out ``html`` with the layout's stylesheet and fonts (a weasyprint.Document)."""
        from weasyprint import HTML
        from weasyprint.urls import FatalURLFetchingError

        try:
            with self._capturing(), remembered_line_breaks():
                return HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher).render(
                    stylesheets=[self.stylesheet], font_config=self.font_config)
        except FatalURLFetchingError as error:
            cause = error.__cause__ or error
            raise InputError.single(f"{where}: {cause}") from None

    def render_galley(self, frames: list, body: str, lang: str, width: float, fill: dict | None = None):
        """A story's copy laid out as a galley whose pages are its ``frames``
        (compose/frames.py), from the layout's ``templates/galley.html.j2``; copy that does not
        fit goes on one deep page ``width`` mm wide. ``fill`` says what the build changed to
        fill the frames (``drop_pull_quote``, ``subhead_space_mm``)."""
        from markupsafe import Markup

        from .templates import render

        if self.layout is None:
            raise ValueError("a modular page needs the renderer to have its layout")
        html = render(self.layout.environment, "templates/galley.html.j2", frames=frames, body=Markup(body),
                      lang=lang, width=width, fill=fill or {}, layout=self.layout.config,
                      colours=self.layout.config.colours)
        return self.render_document(html, "a story's frames")

    def pdf_bytes(self, groups: list[RenderedGroup], pdfx: PdfXSettings | None = None,
                  proof: ProofSettings | None = None) -> bytes:
        """Join the groups' pages into one PDF; with ``pdfx``, a PDF/X file with its
        OutputIntent and reproducible metadata; with ``proof``, a plain PDF (no PDF/X keys,
        no OutputIntent) whose title, subject and keywords say PROOF."""
        if pdfx is not None and proof is not None:
            raise ValueError("a proof is never a PDF/X file")
        pages = [page for rendered in groups for page in rendered.pages]
        document = groups[0].document.copy(pages)
        options = {}
        if pdfx is not None:
            document.metadata.title = pdfx.title
            document.metadata.created = document.metadata.modified = pdfx.date
            options = {"pdf_variant": pdfx.variant, "finisher": pdfx.finish}
        if proof is not None:
            document.metadata.title = f"{PROOF_SLUG}: {proof.title}"
            document.metadata.description = (f"{PROOF_SLUG}: {proof.reason}. Not a print file: the "
                                             f"print PDF is {proof.print_file}, written only when the "
                                             "copy fits.")
            document.metadata.keywords = ["PROOF", "not for press"]
            document.metadata.created = document.metadata.modified = proof.date
        with self._capturing():
            return document.write_pdf(**options)

    def pdfx_parts(self, pdfx: PdfXSettings) -> bytes:
        """A one-page PDF holding nothing but what a PDF/X file has once for the whole
        document (OutputIntent, XMP metadata, Info), as WeasyPrint writes them: the chunks'
        joined pages get theirs from it (chunks.py)."""
        from weasyprint import HTML

        with self._capturing():
            document = HTML(string="<html><body></body></html>").render(font_config=self.font_config)
        return self.pdf_bytes([RenderedGroup(None, document)], pdfx)

    def write_pdf(self, groups: list[RenderedGroup], target: Path,
                  pdfx: PdfXSettings | None = None) -> bytes:
        """``pdf_bytes`` written atomically to ``target``."""
        data = self.pdf_bytes(groups, pdfx)
        write_atomically(target, data)
        return data

    def render_standalone(self, html: str, stylesheet: str) -> bytes:
        """A small document with its own stylesheet (an ad the layout draws) as PDF bytes,
        with the same fonts and confined, converting fetcher as the issue's pages."""
        from weasyprint import CSS, HTML

        with self._capturing():
            css = CSS(string=stylesheet, font_config=self.font_config, url_fetcher=self.fetcher,
                      base_url=self.base_url)
            return HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher).write_pdf(
                stylesheets=[css], font_config=self.font_config)


PROOF_SLUG = "PROOF \u2014 not for press"
# The slug under each proof page, outside its bleed: half an inch, a whole number of pixels
# at any even resolution, so that the page above it renders pixel for pixel as in print
# (pressroom diff compares a proof with a print PDF within the trim).
PROOF_SLUG_PT = 36


@dataclass(frozen=True)
class ProofSettings:
    """A proof (``pressroom build --allow-overset``): never a print file. Its metadata says
    PROOF, and why it is one."""

    title: str
    date: str  # W3C date-time
    reason: str  # why no print PDF was written
    print_file: str  # the print PDF's name, which a proof never takes


def as_proof(data: bytes, proof: ProofSettings) -> bytes:
    """A print PDF made a proof (its checks failed): its PDF/X parts taken out (OutputIntent,
    XMP, the version and trapping keys), its title, subject and keywords saying PROOF, as
    ``Renderer.pdf_bytes`` writes a proof. The pages are left as they are."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=io.BytesIO(data))
    for key in ("/OutputIntents", "/Metadata"):
        if key in writer._root_object:
            del writer._root_object[key]
    info = writer._info.get_object() if writer._info is not None else None
    for key in ("/GTS_PDFXVersion", "/GTS_PDFXConformance", "/Trapped"):
        if info is not None and key in info:
            del info[key]
    writer.add_metadata({
        NameObject("/Title"): TextStringObject(f"{PROOF_SLUG}: {proof.title}"),
        NameObject("/Subject"): TextStringObject(f"{PROOF_SLUG}: {proof.reason}. Not a print file: the print "
                                                 f"PDF is {proof.print_file}, written only when every check passes."),
        NameObject("/Keywords"): TextStringObject("PROOF, not for press")})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def add_proof_slugs(data: bytes, renderer: Renderer, layout, proof: ProofSettings, issue_title: str,
                    notes: dict[int, list[str]]) -> bytes:
    """The proof ``data`` with a slug under every page, outside its bleed (the page's
    MediaBox grows to hold it; TrimBox and BleedBox stay): "PROOF — not for press", the
    issue and the page number, and in red what does not fit on that page and what to do
    (``notes``, by page number). Nothing is drawn over the page itself: the copy is seen
    as it would print. The slug is set by WeasyPrint in the layout's fonts."""
    import html
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject

    from .pdfpages import add_to_page, page_as_form, placement_operators

    config = layout.config
    width_mm = config.trim_mm.width + 2 * config.bleed_mm
    faces = "\n".join(
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f'font-style: {face.style}; src: url("{renderer.resources.url(layout.fonts_dir / face.file)}"); }}'
        for face in config.fonts)
    families = list(dict.fromkeys(face.family for face in config.fonts))
    family = "Lato" if "Lato" in families else families[0]
    marker = config.colours.get("overset", "device-cmyk(0 1 1 0)")
    stylesheet = f"""{faces}
@page {{ size: {width_mm}mm {PROOF_SLUG_PT}pt; margin: 0; }}
html {{ font-family: "{family}"; font-size: 7.5pt; line-height: 9pt; color: device-cmyk(0 0 0 1); }}
body {{ margin: 0; }}
.slug {{ height: {PROOF_SLUG_PT}pt; box-sizing: border-box; overflow: hidden; break-after: page;
         padding: 2mm {config.bleed_mm + config.margins_mm.inside}mm 0; border-top: 0.5pt solid device-cmyk(0 0 0 0.5); }}
.slug:last-child {{ break-after: auto; }}
.proof {{ font-weight: 900; color: {marker}; letter-spacing: 0.04em; }}
.marker {{ display: block; font-weight: 900; color: {marker}; }}
"""
    reader = PdfReader(io.BytesIO(data))
    slugs = []
    for number in range(1, len(reader.pages) + 1):
        lines = "".join(f'<span class="marker">{html.escape(note)}</span>' for note in notes.get(number, []))
        slugs.append(f'<div class="slug"><span class="proof">{html.escape(PROOF_SLUG)}</span> · '
                     f'{html.escape(issue_title)} · page {number}{lines}</div>')
    slug_pdf = PdfReader(io.BytesIO(renderer.render_standalone(
        f'<!DOCTYPE html><html lang="en"><body>{"".join(slugs)}</body></html>', stylesheet)))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    height = PROOF_SLUG_PT
    for number, (page, slug) in enumerate(zip(writer.pages, slug_pdf.pages), start=1):
        left, bottom, right, top = (float(value) for value in page.mediabox)
        name = f"/PressroomProofSlug{number}"  # pages may share one resource dictionary
        add_to_page(writer, page, {name: page_as_form(writer, slug)},
                    placement_operators(name, (left, bottom - height, right, bottom), left, bottom - height))
        page.mediabox = RectangleObject([left, bottom - height, right, top])
        if "/CropBox" in page:
            page.cropbox = RectangleObject([left, bottom - height, right, top])
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@dataclass(frozen=True)
class PdfXSettings:
    """A PDF/X print file: variant, output intent, and metadata fixed from the build inputs
    (the publication date and a document ID derived from the inputs' hashes) so that the
    same inputs give the same bytes."""

    variant: str  # "pdf/x-4" or "pdf/x-1a"
    profile: OutputProfile
    output_condition_identifier: str
    output_condition: str
    registry_name: str
    title: str
    date: str  # W3C date-time, e.g. 2026-12-01T00:00:00+00:00
    document_id: str  # a UUID
    # False for a PDF/X-1a file that names a registered condition (IFRA26, FOGRA39...)
    # without carrying the profile, as some printers ask.
    embed_profile: bool = True

    def finish(self, document, pdf) -> None:
        """WeasyPrint finisher: add the OutputIntent, replace the random XMP DocumentID."""
        import pydyf

        intent = pydyf.Dictionary({
            "Type": "/OutputIntent", "S": "/GTS_PDFX",
            "OutputConditionIdentifier": pydyf.String(self.output_condition_identifier),
            "OutputCondition": pydyf.String(self.output_condition),
            "RegistryName": pydyf.String(self.registry_name),
            "Info": pydyf.String(self.output_condition if not self.embed_profile
                                 else self.profile.description),
        })
        if self.embed_profile:
            icc = pydyf.Stream([self.profile.data], {"N": 4}, compress=True)
            pdf.add_object(icc)
            intent["DestOutputProfile"] = icc.reference
        pdf.catalog["OutputIntents"] = pydyf.Array([intent])
        if self.variant == "pdf/x-4":  # WeasyPrint puts it in XMP only; RIPs and poppler read Info
            pdf.info["GTS_PDFXVersion"] = pydyf.String("PDF/X-4")
        for item in pdf.objects:
            if isinstance(item, pydyf.Stream) and item.extra.get("Type") == "/Metadata":
                item.stream = [re.sub(rb"xmp\.did:[0-9a-f-]+",
                                      f"xmp.did:{self.document_id}".encode(), part)
                               for part in item.stream]


def pictures_on_pages(groups: list[RenderedGroup],
                      resources: Resources) -> list[tuple[int, Path, str | None]]:
    """(page number, picture file, article slug) for every picture laid out, from
    WeasyPrint's boxes; the article is the ``start-``/``cont-`` element around it."""
    found = []

    def visit(box, number: int, slug: str | None) -> None:
        element = getattr(box, "element", None)
        if element is not None:
            story = re.match(r"(?:start|cont)-(.+)$", element.get("id") or "")
            slug = story.group(1) if story else slug
            if getattr(box, "replacement", None) is not None and element.tag == "img" \
                    and element.get("src"):
                path = resources.path(element.get("src"))
                if path is not None:
                    found.append((number, path, slug))
        for child in getattr(box, "children", ()):
            visit(child, number, slug)

    for rendered in groups:
        for index, page in enumerate(rendered.pages):
            visit(page._page_box, rendered.group.first_page + index, None)
    return found
