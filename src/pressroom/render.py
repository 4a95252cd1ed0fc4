"""Render: WeasyPrint lays out each page group and one print PDF is written from them all.

Page groups are rendered one by one, each as its own document whose page counter starts
at the group's first page in the plan; their pages are then joined into a single document
that shares fonts and images. Resources load only from the issue folder, the layout and
``fonts/``; fonts come from ``fonts/`` alone (fontconfig is pointed at ``fonts/fonts.conf``).
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import InputError
from .manifest import PageGroup

FONTCONFIG_FILE = "fonts.conf"
CSS_PX_PER_PT = 4 / 3


def use_project_fonts_only(fonts_dir: Path) -> None:
    """Point fontconfig at ``fonts/fonts.conf`` before WeasyPrint (and Pango) load."""
    os.environ["FONTCONFIG_FILE"] = str((fonts_dir / FONTCONFIG_FILE).resolve())


@dataclass
class RenderedGroup:
    """A page group after layout: its pages and where each article's start and end landed."""

    group: PageGroup
    document: object  # weasyprint.Document
    starts: dict[str, int] = field(default_factory=dict)  # slug -> page number
    ends: dict[str, int] = field(default_factory=dict)

    @property
    def page_count(self) -> int:
        return len(self.document.pages)


class RefusedResource(Exception):
    """A template or stylesheet asked for a resource outside the allowed folders."""


def confined_fetcher(allowed_roots: list[Path]):
    """A WeasyPrint URL fetcher that serves files under ``allowed_roots`` and nothing else."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    roots = [root.resolve() for root in allowed_roots]

    class ConfinedFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                raise FatalURLFetchingError(
                    f"refused to fetch {url}: Pressroom never uses the network; "
                    "put the file in the issue folder and refer to it by a relative path")
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in roots):
                raise FatalURLFetchingError(
                    f"refused to read {path}: only files in the issue folder, the layout "
                    "and fonts/ may be used")
            return super().fetch(url, headers)

    return ConfinedFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class Renderer:
    """Holds what every page group shares: fonts, the layout's stylesheet, the fetcher."""

    def __init__(self, stylesheet: str, fonts_dir: Path, allowed_roots: list[Path], base_url: Path):
        use_project_fonts_only(fonts_dir)
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.fetcher = confined_fetcher(allowed_roots)
        self.base_url = base_url.resolve().as_uri() + "/"
        self.warnings: list[str] = []
        with self._capturing():
            self.stylesheet = CSS(string=stylesheet, font_config=self.font_config,
                                  url_fetcher=self.fetcher, base_url=self.base_url)

    def _capturing(self):
        renderer = self

        class Capture:
            def __enter__(self):
                self.handler = _WarningCollector()
                self.logger = logging.getLogger("weasyprint")
                self.logger.addHandler(self.handler)
                self.propagate = self.logger.propagate
                self.logger.propagate = False
                return self

            def __exit__(self, *exc):
                self.logger.removeHandler(self.handler)
                self.logger.propagate = self.propagate
                renderer.warnings.extend(f"WeasyPrint: {m}" for m in self.handler.messages)
                return False

        return Capture()

    def render_group(self, group: PageGroup, html: str) -> RenderedGroup:
        """Lay out one page group; record on which page each article starts and ends."""
        from weasyprint import HTML
        from weasyprint.urls import FatalURLFetchingError

        try:
            with self._capturing():
                document = HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher).render(
                    stylesheets=[self.stylesheet], font_config=self.font_config)
        except FatalURLFetchingError as error:
            cause = error.__cause__ or error
            raise InputError.single(f"page {group.first_page}: {cause}") from None
        rendered = RenderedGroup(group, document)
        for index, page in enumerate(document.pages):
            number = group.first_page + index
            for anchor in page.anchors:
                if anchor.startswith("start-"):
                    rendered.starts.setdefault(anchor.removeprefix("start-"), number)
                elif anchor.startswith("end-"):
                    rendered.ends[anchor.removeprefix("end-")] = number
        return rendered

    def write_pdf(self, groups: list[RenderedGroup], target: Path) -> bytes:
        """Join the groups' pages into one PDF written atomically to ``target``."""
        pages = [page for rendered in groups for page in rendered.document.pages]
        document = groups[0].document.copy(pages)
        with self._capturing():
            data = document.write_pdf()
        write_atomically(target, data)
        return data


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside ``target`` and rename it over: never half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
