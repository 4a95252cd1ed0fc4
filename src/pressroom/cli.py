"""The ``pressroom`` command line: thin wrappers over the library's functions.

Exit codes: 0 done, every check passed; 1 not ready for press: copy does not fit its pages
(nothing written over the print PDF) or a check failed; 2 bad input or usage (the located
message, no traceback); 3 an internal error, a bug in Pressroom (with its traceback).
"""

from __future__ import annotations

import os
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .errors import InputError

EXIT_OK, EXIT_CHECKS_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
QUIET = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
JOBS = click.option("--jobs", "-j", "processes", type=click.IntRange(min=1), default=None,
                    help="Processes that lay out pages at once (default: one per processor). "
                    "The PDF is the same bytes whatever the number.")


@contextmanager
def progress(label: str, total: int, quiet: bool):
    """A progress bar of pages done on a terminal; nothing with --quiet, in CI or in a pipe.
    Yields a function to call with the number of steps just done."""
    if quiet or os.environ.get("CI") or not sys.stderr.isatty():
        yield lambda steps=1: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield lambda steps=1: bar.update(steps)


def internal_error() -> str:
    """What is said of the exception being handled, a bug in Pressroom: its traceback and
    what to do (for the command line and ``pressroom watch``)."""
    return ("internal error (a bug in Pressroom, not in your files)\n" + traceback.format_exc().rstrip()
            + "\n  hint: please report it to the Pressroom maintainers with the command you ran and "
            "this traceback")


class PressroomGroup(click.Group):
    """Every command's bad input ends the same way: the located message, exit 2, no traceback;
    any other exception is an internal error: exit 3, with its traceback (not 1, which says
    that a check failed). Click's own exceptions (usage, --help, Ctrl-C) and a closed
    pipe are left to Click."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise
        except Exception:  # noqa: BLE001 - a bug: reported as one, never as a failed check
            click.echo(internal_error(), err=True)
            sys.exit(EXIT_INTERNAL)


@click.group(cls=PressroomGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pressroom")
def main() -> None:
    """Pressroom turns an issue folder (manifest, articles, images) into a print PDF."""


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Output folder (default: build/<issue-id>/ in the project).")
@click.option("--allow-overset", is_flag=True,
              help="When copy does not fit (overset, or a planned page left empty), write a proof to "
              "look at: <issue-id>.proof.pdf, not PDF/X, PROOF on every page's slug with what does not "
              "fit in red. The print PDF is left as it was. Exit 1 all the same.")
@click.option("--autofit", is_flag=True,
              help="Tighten overset stories within the layout's limits (tracking, leading, then the "
              "pull quote); says what it tried when a story still does not fit.")
@click.option("--pdf-variant", type=click.Choice(["pdf/x-4", "pdf/x-1a"]), default=None,
              help="PDF/X variant (default: the layout's output.pdf_variant, normally pdf/x-4).")
@click.option("--icc", "icc_profile", type=click.Path(path_type=Path), default=None,
              help="The printer's CMYK ICC profile (default: the layout's output.icc_profile).")
@JOBS
@QUIET
def build(issue_dir: Path, out_dir: Path | None, allow_overset: bool, autofit: bool,
          pdf_variant: str | None, icc_profile: Path | None, processes: int | None, quiet: bool) -> None:
    """Build the print PDF of ISSUE_DIR, check it against the page plan and preflight it.

    \b
    Exit 0: <issue-id>.pdf written and every check passed.
    Exit 1: not ready for press. Either the copy does not fit its pages (a story OVER, or a
            planned page left empty): the copyfit table is printed and no print PDF is
            written (the last good one stays as it was; --allow-overset writes a proof
            instead), or a check of the PDF failed: the failures are listed and the PDF is
            written as <issue-id>.proof.pdf to look at (never under the print PDF's name).
    Exit 2: bad input (file, line and what to do; nothing written). Exit 3: a bug in Pressroom.
    """
    from .build import OversetError, autofit_report, build_issue
    from .fit import OVER, fit_table
    from .manifest import read_manifest

    try:
        pages = read_manifest(Path(issue_dir))[0].pages if Path(issue_dir, "issue.yaml").is_file() else 0
        with progress("laying out pages", pages, quiet or not pages) as advance:
            result = build_issue(issue_dir, out_dir, allow_overset=allow_overset, autofit=autofit,
                                 pdf_variant=pdf_variant, icc_profile=icc_profile, progress=advance,
                                 processes=processes)
    except OversetError as overset:
        for line in fit_table(overset.fits):
            click.echo(line)
        for item in overset.autofit:
            click.echo(autofit_report(item))
        reasons = (["overset copy"] if any(fit.status == OVER for fit in overset.fits) else []) + \
            (["a planned page left empty"] if any(fit.empty_pages for fit in overset.fits) else [])
        click.echo(f"error: {' and '.join(reasons)}: no print PDF written, the last good one (if any) "
                   "is as it was (cut or fill the copy as the table says, or build a proof to look at "
                   "with --allow-overset)", err=True)
        sys.exit(EXIT_CHECKS_FAILED)
    if result.fits:
        for line in fit_table(result.fits):
            click.echo(line)
    for slug, change in result.record.get("autofit", {}).items():
        click.echo(f"autofit: {slug}: tracking {change['tracking_percent']:+g}%, "
                   f"leading {change['leading_pt']:+g} pt"
                   + (", pull quote dropped" if change["drop_pullquote"] else ""))
    for item in result.record.get("autofit_failed", []):
        click.echo(autofit_report(item))
    for line in result.record.get("filled", []):
        click.echo(f"filled: {line}")
    for line in result.record.get("loose", []):
        click.echo(f"loose: {line} (reword to close it up)")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for failure in result.failures:
        click.echo(f"check failed: {failure}", err=True)
    timings = result.record["timings_s"]
    if result.proof:
        kept = result.record["proof"]["print_file"]
        click.echo(f"{result.pdf_path} (PROOF, not for press: {result.page_count} pages, "
                   f"{sum(timings.values()):.1f} s)")
        click.echo(f"{result.record_path}")
        click.echo(f"the print PDF {result.pdf_path.with_name(kept)} is the last good build, left as it was"
                   if kept else "no print PDF written", err=True)
    else:
        click.echo(f"{result.pdf_path} ({result.page_count} pages, {sum(timings.values()):.1f} s)")
        click.echo(f"{result.record_path}")
    if not result.ok:
        click.echo(f"{len(result.failures)} check(s) failed", err=True)
        sys.exit(EXIT_CHECKS_FAILED)


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("--printer", "printer_name", default=None,
              help="Printer: the name of a profile in profiles/printers/, not a path "
              "(default: 'printer:' in issue.yaml).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Delivery folder (default: build/<issue-id>/delivery/<printer>/).")
@JOBS
@QUIET
def deliver(issue_dir: Path, printer_name: str | None, out_dir: Path | None, processes: int | None,
            quiet: bool) -> None:
    """Write the files the printer asked for: PDF/X pages named by its scheme, black-only
    positions in black, a delivery manifest and a preflight report (exit 1 if refused)."""
    from .build import OversetError
    from .delivery import DeliveryRefused, deliver_issue
    from .fit import fit_table
    from .manifest import read_manifest

    pages = read_manifest(Path(issue_dir))[0].pages if Path(issue_dir, "issue.yaml").is_file() else 0
    try:
        with progress("laying out pages", pages, quiet or not pages) as advance:
            delivery = deliver_issue(issue_dir, printer_name, out_dir, progress=advance,
                                     processes=processes)
    except OversetError as unfit:  # never a proof for the printer
        for line in fit_table(unfit.fits):
            click.echo(line)
        click.echo("refused: the copy does not fit its pages (see the table)", err=True)
        click.echo("nothing delivered", err=True)
        sys.exit(EXIT_CHECKS_FAILED)
    except DeliveryRefused as refused:
        for warning in refused.warnings:
            click.echo(f"warning: {warning}", err=True)
        for reason in refused.reasons:
            click.echo(f"refused: {reason}", err=True)
        click.echo("nothing delivered", err=True)
        sys.exit(EXIT_CHECKS_FAILED)
    for warning in delivery.warnings:
        click.echo(f"warning: {warning}", err=True)
    for item in delivery.files:
        pages_text = "-".join(str(page) for page in (item.pages if len(item.pages) <= 2
                                                     else [item.pages[0], item.pages[-1]]))
        made = f", made black only ({', '.join(item.made_black)})" if item.made_black else ""
        click.echo(f"{item.name}  page{'s' if len(item.pages) > 1 else ''} {pages_text}  "
                   f"{'colour' if item.colour else 'mono'}{made}  {len(item.report.errors)} errors, "
                   f"{len(item.report.warnings)} warnings")
    click.echo(f"{delivery.folder}: {len(delivery.files)} file(s) for {delivery.printer.name}, "
               "with delivery.json, preflight.txt and SHA256SUMS")


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def fit(issue_dir: Path, as_json: bool) -> None:
    """Copyfit: how each story fits its allotted pages, measured on the laid-out pages
    (the same figures as pressroom build; docs/copyfit.md).

    \b
    status  OVER   the copy runs past its pages: cut.
            UNDER  more than the layout's tolerance (5% of a page) is left empty at the
                   foot of its last page, or a planned page is left empty: fill.
            FIT    anything else: nothing to do ("room for N more lines" is space at its
                   foot within the tolerance).
    lines   column lines of body copy (one line across five columns is 5 lines):
            +N over, to cut; -N under, to fill.
    words   OVER: the words on the lines to cut: cutting that many words from the end
            of the story, or its last N lines, is enough.
            UNDER: about how many words fill the space, at the story's words per line
            (aimed half the tolerance short of the foot, so that a word more fits too).
    fill    the copy set as a share of its space; above 100% is overset.
    to do   the same in words; for a story over several pages, the lines and words to
            fill on each page ("p4 210 lines (1,119 words), p5 480 lines (...)") and
            the planned pages left empty.

    \b
    Exit 1 when a story is OVER or leaves a planned page empty: exactly when
    pressroom build refuses to write the print PDF. Exit 0 otherwise: a story UNDER
    with copy on every one of its pages builds (white space at a foot is the editor's
    call), in pressroom build as here.
    """
    import json

    from .build import copyfit, load_issue
    from .fit import fit_table

    from .printers import colour_plan, issue_printer

    issue = load_issue(issue_dir)
    fits = copyfit(issue)
    if as_json:
        click.echo(json.dumps([item.as_dict() for item in fits], indent=2))
    else:
        for line in fit_table(fits):
            click.echo(line)
        printer = issue_printer(issue.manifest, issue.manifest_document, issue.project_root)
        if printer:
            for line in colour_plan(issue.manifest, printer):
                click.echo(line)
    if any(item.unfit for item in fits):
        sys.exit(EXIT_CHECKS_FAILED)


@main.command()
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("--profile", "profile_name", default="newspaper", show_default=True,
              help="Preflight profile: the name of one in profiles/preflight/ (not a path).")
@click.option("--printer", "printer_name", default=None,
              help="Check with a printer's rules instead: the name of a profile in profiles/printers/ "
              "(not a path): its PDF/X variant, ink limit, resolution and bleed.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def preflight(pdf: Path, profile_name: str, printer_name: str | None, as_json: bool) -> None:
    """Check any PDF against a printer's rules (exit 1 on errors, 0 with warnings)."""
    import json

    from .build import find_project_root
    from .preflight import load_profile
    from .preflight import preflight as run_preflight
    from .printers import load_printer, preflight_profile

    if printer_name:
        printer = load_printer(printer_name, find_project_root(Path.cwd()))
        profile = preflight_profile(printer, whole_issue=printer.delivery == "single")
    else:
        profile = load_profile(profile_name)
    report = run_preflight(pdf, profile)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for finding in report.findings:
            click.echo(str(finding))
        click.echo(report.summary())
    if not report.passed:
        sys.exit(EXIT_CHECKS_FAILED)


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def ads(issue_dir: Path, as_json: bool) -> None:
    """Every booked ad: page, size, position, advertiser, file and status (exit 1 when any
    booking has a problem: unknown size, overlap, missing or wrong-size file, preflight)."""
    import json

    from .build import ad_report

    statuses = ad_report(issue_dir)
    if as_json:
        click.echo(json.dumps([status.as_dict() for status in statuses], indent=2, ensure_ascii=False))
    else:
        header = f"{'ad':>3} {'page':>4}  {'size':16} {'position':8}  {'advertiser':36} {'file':36} status"
        click.echo(header)
        click.echo("-" * len(header))
        for status in statuses:
            booking = status.booking
            who = booking.advertiser or "(house ad)"
            click.echo(f"{status.index + 1:>3} {booking.page:>4}  {booking.size:16} {booking.position:8}  "
                       f"{who:36} {booking.file or '-':36} {status.status}")
        for status in statuses:
            for problem in status.problems:
                click.echo(f"error: {problem}", err=True)
        click.echo(f"{len(statuses)} ads booked, "
                   f"{sum(not status.problems for status in statuses)} without problems")
    if any(status.status == "unreadable" for status in statuses):
        sys.exit(EXIT_BAD_INPUT)  # a supplied file that is not a readable PDF is bad input
    if any(status.problems for status in statuses):
        sys.exit(EXIT_CHECKS_FAILED)


@main.command()
@click.argument("pdf", required=False, type=click.Path(path_type=Path))
@click.option("--scheme", type=click.Choice(["saddle", "spreads", "nup"]), default="saddle", show_default=True,
              help="saddle: printer spreads of one saddle-stitched section; spreads: reader spreads; "
                   "nup: 2 or 4 pages on a sheet.")
@click.option("--up", type=click.Choice(["2", "4"]), default="2", show_default=True, help="Pages per sheet (nup).")
@click.option("--order", type=click.Choice(["sequential", "repeat"]), default="sequential", show_default=True,
              help="nup: pages in order, or each page repeated across the sheet.")
@click.option("--sheet", default=None, help="Sheet size: A1, SRA1... or WIDTHxHEIGHT in mm (default: fit the work).")
@click.option("--creep", type=float, default=0.0, help="Creep compensation, mm per sheet (saddle).")
@click.option("--pad", is_flag=True, help="Saddle: end with blank pages up to a multiple of 4 (reported).")
@click.option("-o", "--out", "output", type=click.Path(path_type=Path), default=None,
              help="Imposed PDF (default: PDF's name with -SCHEME beside it).")
@click.option("--verify", "verify_paths", nargs=2, type=click.Path(path_type=Path), default=None,
              metavar="IMPOSED ORIGINAL", help="Only verify an imposed PDF against its original.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@QUIET
def impose(pdf: Path | None, scheme: str, up: str, order: str, sheet: str | None, creep: float, pad: bool,
           output: Path | None, verify_paths: tuple[Path, Path] | None, as_json: bool, quiet: bool) -> None:
    """Impose PDF onto sheets with marks, then verify every position (exit 1 if wrong)."""
    import json

    from .build import find_project_root
    from .impose import impose as run_impose
    from .impose import verify

    if verify_paths:
        imposed, original = verify_paths
        result = None
    else:
        if pdf is None:
            raise InputError.single("give the PDF to impose, or --verify IMPOSED ORIGINAL")
        imposed = output or pdf.with_name(f"{pdf.stem}-{scheme}{'-' + up + 'up' if scheme == 'nup' else ''}.pdf")
        original = pdf
        from pypdf import PdfReader
        try:
            total = len(PdfReader(pdf).pages) * (int(up) if scheme == "nup" and order == "repeat" else 1)
        except Exception:  # impose reports an unreadable PDF properly
            total = 0
        with progress("placing pages", total, quiet or as_json or not total) as advance:
            result = run_impose(pdf, imposed, scheme_name=scheme, up=int(up), order=order, creep_mm=creep,
                                pad=pad, sheet=sheet, project_root=find_project_root(Path.cwd()),
                                on_side=advance)
    check = verify(imposed, original)
    if as_json:
        report = {"imposed": str(imposed), "original": str(original), "verified": check.passed,
                  "problems": check.problems}
        if result is not None:
            report.update({"scheme": result.scheme.as_dict(), "sheet_mm": list(result.geometry.sheet),
                           "sides": result.pairing(), "colour_pages": result.colour_pages})
        click.echo(json.dumps(report, indent=2))
    else:
        if result is not None:
            scheme_info = result.scheme
            click.echo(f"{imposed}: {len(result.sides)} sheet sides of {result.geometry.sheet[0]:.0f} x "
                       f"{result.geometry.sheet[1]:.0f} mm, {scheme_info.name}")
            if scheme_info.padded > scheme_info.pages:
                click.echo(f"padded with {scheme_info.padded - scheme_info.pages} blank page(s): pages "
                           f"{scheme_info.pages + 1}-{scheme_info.padded}")
            if scheme_info.name == "saddle":
                click.echo("colour pairing (pages on one sheet side share its plates):")
                for side in result.pairing():
                    pages = " | ".join(str(page) for page in side["pages"])
                    colour = ", ".join(str(page) for page in side["colour"]) or "none"
                    click.echo(f"  {side['side']:16} {pages:9} colour: {colour}")
        for problem in check.problems:
            click.echo(f"verify: {problem}", err=True)
        click.echo(f"verification {'passed' if check.passed else 'FAILED'}: {check.sides} sheet sides, "
                   f"{check.pages} pages")
    if not check.passed:
        sys.exit(EXIT_CHECKS_FAILED)


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Proof folder (default: build/<issue-id>/proof/).")
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=None,
              help="The build folder to proof (default: build/<issue-id>/).")
@QUIET
def proof(issue_dir: Path, out_dir: Path | None, build_dir: Path | None, quiet: bool) -> None:
    """Proof PDF, page thumbnails and a flatplan contact sheet (PNG and HTML) of the current build."""
    from .manifest import read_manifest
    from .proof import make_proof

    pages = read_manifest(Path(issue_dir))[0].pages if Path(issue_dir, "issue.yaml").is_file() else 0
    with progress("thumbnails", pages, quiet or not pages) as advance:
        result = make_proof(issue_dir, out_dir, build_dir, on_page=advance)
    click.echo(f"{result.proof_pdf} ({result.proof_pdf.stat().st_size / 1e6:.1f} MB)")
    click.echo(f"{result.contact_png}")
    click.echo(f"{result.contact_html}")
    click.echo(f"{len(result.thumbnails)} thumbnails in {result.folder / 'thumbs'}")


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Where the highlight PNGs go (default: diff/ beside the new PDF).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@QUIET
def diff(old: Path, new: Path, out_dir: Path | None, as_json: bool, quiet: bool) -> None:
    """Which pages changed between two PDFs or build folders (exit 0 identical, 1 changed)."""
    import json

    from .diff import diff as run_diff
    from .diff import resolve_pdf

    from pypdf import PdfReader
    try:  # only for the progress bar: diff reports an unreadable file itself
        pages = len(PdfReader(resolve_pdf(new)).pages) if Path(new).exists() else 0
    except Exception:  # noqa: BLE001
        pages = 0
    with progress("comparing pages", pages, quiet or as_json or not pages) as advance:
        result = run_diff(old, new, out_dir, on_page=advance)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
    else:
        for change in result.changed:
            click.echo(f"page {change.page}: changed in {len(change.regions)} region(s): {change.image}")
        for page in result.added:
            click.echo(f"page {page}: added")
        for page in result.removed:
            click.echo(f"page {page}: removed")
        click.echo("no pages changed" if result.identical else
                   f"{len(result.changed)} page(s) changed, {len(result.added)} added, {len(result.removed)} removed "
                   f"({result.rendered} of {result.compared} pages rendered to compare)")
    if not result.identical:
        sys.exit(EXIT_CHECKS_FAILED)


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("--stop-after", type=int, default=None, hidden=True, help="Stop after N builds (for tests).")
def watch(issue_dir: Path, stop_after: int | None) -> None:
    """Rebuild ISSUE_DIR on every saved change of the issue, its layout or the fonts."""
    from .build import find_project_root
    from .watch import watch as run_watch

    root = find_project_root(issue_dir)
    try:
        run_watch(issue_dir, root, lambda line: click.echo(line), stop_after)
    except KeyboardInterrupt:
        click.echo("stopped")


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
def signoff(issue_dir: Path) -> None:
    """Pin the issue's layout, build it and write issue.lock (commit them afterwards)."""
    from .archive import signoff as run_signoff

    warnings: list[str] = []
    lock = run_signoff(issue_dir, warnings)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    signed_by = lock.get("pressroom_source") or {}
    click.echo(f"signed off {lock['issue_id']}: {lock['page_count']} pages, layout {lock['layout']}, "
               f"sha256 {lock['output']['sha256'][:16]}, by Pressroom {lock['pressroom']}"
               + (f" at {signed_by['commit'][:10]}" if signed_by.get("commit") else ""))
    click.echo(f"commit {Path(issue_dir) / 'issue.lock'}, {Path(issue_dir) / 'issue.yaml'} and "
               f"layouts/{lock['layout']}/")


def _print_verification(result) -> None:
    click.echo(f"{result.issue}: {result.status}" + (f" ({result.pages} pages)" if result.pages else "")
               + (f", rebuilt by {result.rebuilt_by}" if result.rebuilt_by else ""))
    for reason in result.reasons:
        click.echo(f"  - {reason}")
    if result.pages_changed:
        click.echo(f"  pages that look different: {', '.join(str(page) for page in result.pages_changed)}")


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--verify", is_flag=True, help="Compare with the lock (the default and only mode).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--pressroom-commit", default=None, metavar="SHA",
              help="The commit of the Pressroom that signed it, for a lock of Pressroom 0.2.0 that git "
                   "cannot place (default: the commit that last wrote the lock).")
@click.option("--trust-packed-pressroom", is_flag=True,
              help="Install and run the Pressroom source a pack carries even when this repository's git "
                   "history does not hold it (only for packs you made yourself).")
def rebuild(source: Path, verify: bool, as_json: bool, pressroom_commit: str | None,
            trust_packed_pressroom: bool) -> None:
    """Rebuild a signed-off issue (folder or packed .tar.gz) and verify it against its lock.

    The issue is rebuilt by the Pressroom that signed it: this one when its source is the
    locked source, otherwise that Pressroom installed in a toolchain of its own under
    build/toolchains/ (docs/archive.md)."""
    import json

    from .archive import rebuild as run_rebuild
    from .archive import rebuild_pack

    result = rebuild_pack(source, trust_packed_pressroom, pressroom_commit) if source.is_file() \
        else run_rebuild(source, pressroom_commit=pressroom_commit)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
    else:
        _print_verification(result)
    if result.status != "verified":
        sys.exit(EXIT_CHECKS_FAILED)


@main.command()
@click.argument("root", required=False, default="issues")
@click.option("--jobs", "-j", type=int, default=os.cpu_count() or 1, show_default="all cores",
              help="Issues verified at once on this machine.")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Verify on this Dask cluster instead: one task per issue, carrying its pack "
                   "(workers: dask worker --no-nanny ADDRESS, Pressroom installed, no shared folder "
                   "needed; docs/archive.md).")
@click.option("--trust-packed-pressroom", is_flag=True,
              help="For packs: install and run the Pressroom source a pack carries even when git "
                   "history does not hold it (only for packs you made yourself).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def archive(root: str, jobs: int, scheduler: str | None, trust_packed_pressroom: bool, as_json: bool) -> None:
    """Verify every signed-off issue under ROOT (default issues/) byte for byte, each by the
    Pressroom that signed it. ROOT may also be a folder or fsspec URL of packs (*.tar.gz)."""
    import json

    from .cluster import verify_archive

    results = verify_archive(root, jobs, scheduler, trust_packed_pressroom)
    if as_json:
        click.echo(json.dumps([result.as_dict() for result in results], indent=2))
    else:
        click.echo(f"{'issue':24} {'pages':>5}  {'status':9} {'rebuilt by':30} reason")
        for result in results:
            reason = "; ".join(result.reasons[:2]) or "-"
            by = (result.rebuilt_by or "-").split(" (")[0].replace("this Pressroom", "this one")
            click.echo(f"{result.issue:24} {result.pages or '-':>5}  {result.status:9} {by:30} {reason}")
        verified = sum(result.status == "verified" for result in results)
        click.echo(f"{verified} of {len(results)} signed-off issues verified byte for byte"
                   + (f" on the Dask cluster at {scheduler}" if scheduler else ""))
    if any(result.status != "verified" for result in results):
        sys.exit(EXIT_CHECKS_FAILED)


@main.command()
@click.argument("issue_dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "target", required=True,
              help="FILE.tar.gz for one issue, or a folder or fsspec URL (s3://..., file://...) that "
                   "gets ISSUE-ID.tar.gz for each.")
@click.option("--wheels", is_flag=True,
              help="Also carry every Python wheel its Pressroom needs: rebuilt with no package registry.")
def pack(issue_dirs: tuple[Path, ...], target: str, wheels: bool) -> None:
    """Pack signed-off issues, each with its layout, fonts, lock, PDF and the source of the
    Pressroom that signed it, into one .tar.gz."""
    from .cluster import pack_issues

    for where, size in pack_issues(list(issue_dirs), target, wheels):
        click.echo(f"{where}: {size / 1e6:.1f} MB")
    click.echo(f"rebuild anywhere with: pressroom rebuild PACK --verify; verify them all: pressroom archive "
               f"{target if not target.endswith('.tar.gz') else Path(target).parent}")


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--issue", "issue_dir", type=click.Path(path_type=Path), required=True,
              help="The issue folder the article goes into.")
@click.option("--slug", default=None, help="The article's slug (default: from its headline).")
@click.option("--section", default=None, help="Section name, set as the article's kicker.")
@click.option("--force", is_flag=True, help="Replace an existing article of that slug.")
def import_(source: Path, issue_dir: Path, slug: str | None, section: str | None, force: bool) -> None:
    """Turn a writer's .docx, .txt or .md into articles/SLUG.md (pictures into images/)."""
    from .importer import import_article

    imported = import_article(source, issue_dir, slug, section, force)
    click.echo(f"{Path(issue_dir) / 'articles' / (imported.slug + '.md')}")
    for picture in imported.pictures:
        click.echo(f"{picture}")
    for note in imported.dropped:
        click.echo(f"not carried over: {note}")
    click.echo(f"plan it in issue.yaml: - {{slug: {imported.slug}, pages: N}}")


def run() -> None:
    """The ``pressroom`` console script: ``main``, then the process ends at once.

    Python's own shutdown frees every object one by one (for a build, the laid-out pages:
    0.15 s of an edit's rebuild). Exit handlers still run, output is flushed, and the
    exit code is ``main``'s (3 for an exception that escapes it, an internal error); only
    that freeing is skipped, as the process ends anyway."""
    import atexit

    try:
        main()
        code = EXIT_OK
    except SystemExit as end:
        code = end.code
    except Exception:  # noqa: BLE001 - outside any command (PressroomGroup reports those)
        print(internal_error(), file=sys.stderr)
        code = EXIT_INTERNAL
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    run()
