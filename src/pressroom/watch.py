"""Watch: rebuild the issue whenever a file of it, its layout or the fonts is saved.

After each build the copyfit summary is printed and the contact sheet refreshed; a build
that fails on bad input (a broken manifest, an impossible date, a missing picture) prints
the located error and the watch goes on, waiting for the next save. So does a build that
ends in an unexpected exception: it is reported as an internal error, with its traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .errors import InputError


def watched_paths(issue_dir: Path, project_root: Path) -> list[Path]:
    return [Path(issue_dir), project_root / "layouts", project_root / "fonts"]


def build_once(issue_dir: Path, say: Callable[[str], None]) -> bool:
    """One build (a proof, <issue-id>.proof.pdf, when the copy does not fit: the print PDF
    is then left as it was), its copyfit summary and a fresh contact sheet of what was built; False when the input is bad or the build failed on a bug (the error is said,
    nothing is raised)."""
    from .build import build_issue
    from .cli import internal_error
    from .fit import FIT, ArticleFit, fit_table
    from .proof import make_proof

    try:
        result = build_issue(issue_dir, allow_overset=True)
        fits = [ArticleFit(**fit) for fit in result.record.get("copyfit", [])]
        table = fit_table(fits)  # header, rule, a row per story, summary
        for line in [row for fit, row in zip(fits, table[2:-1]) if fit.status != FIT] + table[-1:]:
            say(line)
        for failure in result.failures:
            say(f"check failed: {failure}")
        sheet = make_proof(issue_dir, with_pdf=False)
        if result.proof:  # the copy does not fit: the print PDF is left as it was
            say(f"built a PROOF, not for press: {result.pdf_path} ({result.page_count} pages); "
                f"contact sheet {sheet.contact_png}")
        else:
            say(f"built {result.pdf_path} ({result.page_count} pages); contact sheet {sheet.contact_png}")
        return True
    except InputError as error:
        say(f"error: {error}")
    except Exception:  # noqa: BLE001 - one build's bug does not end the watch
        say(internal_error())
    say("waiting for the next change...")
    return False


def watch(issue_dir: Path, project_root: Path, say: Callable[[str], None],
          stop_after: int | None = None) -> int:
    """Build now, then again after every change; returns the number of builds when
    ``stop_after`` builds have run (for tests), else runs until interrupted."""
    from watchfiles import watch as changes

    builds = 1
    build_once(issue_dir, say)
    if stop_after is not None and builds >= stop_after:
        return builds
    paths = [str(path) for path in watched_paths(issue_dir, project_root) if path.exists()]
    announced = False
    for changed in changes(*paths, debounce=400, rust_timeout=500, yield_on_timeout=True,
                           raise_interrupt=False):
        if not changed:  # the watcher is running: say so once, then keep waiting
            if not announced:
                say(f"watching {', '.join(paths)} (Ctrl-C to stop)")
                announced = True
            continue
        names = sorted({Path(path).name for _, path in changed})
        say(f"changed: {', '.join(names)}")
        build_once(issue_dir, say)
        builds += 1
        if stop_after is not None and builds >= stop_after:
            break
    return builds
