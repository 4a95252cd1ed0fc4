"""The ``pressroom`` command line: thin wrappers over the library's functions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import InputError

EXIT_OK, EXIT_CHECKS_FAILED, EXIT_BAD_INPUT = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pressroom")
def main() -> None:
    """Pressroom turns an issue folder (manifest, articles, images) into a print PDF."""


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Output folder (default: build/<issue-id>/ in the project).")
def build(issue_dir: Path, out_dir: Path | None) -> None:
    """Build the print PDF of ISSUE_DIR and check it against the page plan."""
    from .build import build_issue

    try:
        result = build_issue(issue_dir, out_dir)
    except InputError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for failure in result.failures:
        click.echo(f"check failed: {failure}", err=True)
    timings = result.record["timings_s"]
    click.echo(f"{result.pdf_path} ({result.page_count} pages, {sum(timings.values()):.1f} s)")
    click.echo(f"{result.record_path}")
    if not result.ok:
        click.echo(f"{len(result.failures)} check(s) failed", err=True)
        sys.exit(EXIT_CHECKS_FAILED)
