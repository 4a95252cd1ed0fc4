"""Benchmark: proofs and diffs of the sample issue.

    .venv/bin/python benchmarks/review_sample.py

Copies the sample issue into a scratch project (sharing layouts/, fonts/ and profiles/),
builds it, and prints the wall time and peak memory of: `pressroom proof`; `pressroom diff`
of a build against an identical one; and `pressroom diff` after one word of one story changed.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRESSROOM = str(Path(sys.executable).with_name("pressroom"))


def run(*arguments: str, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([PRESSROOM, *arguments, "--quiet"], cwd=cwd, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        for name in ("layouts", "fonts", "profiles"):
            (project / name).symlink_to(ROOT / name)
        issue = project / "issues" / "ledger-2026-12"
        shutil.copytree(ROOT / "issues" / "ledger-2026-12", issue)
        run("build", str(issue), "--out", str(project / "a"), cwd=project)
        run("build", str(issue), "--out", str(project / "same"), cwd=project)
        proof = run("proof", str(issue), "--build", str(project / "a"), cwd=project)
        identical = run("diff", str(project / "a"), str(project / "same"), cwd=project)
        story = issue / "articles" / "tram-extension.md"
        story.write_text(story.read_text(encoding="utf-8").replace(" the ", " a ", 1), encoding="utf-8")
        run("build", str(issue), "--out", str(project / "b"), cwd=project)
        one_word = run("diff", str(project / "a"), str(project / "b"), cwd=project)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print("sample issue, 16 pages")
    print(f"proof (proof PDF, 16 thumbnails, contact sheet): {proof:.2f} s")
    print(f"diff of identical builds: {identical:.2f} s")
    print(f"diff after a one-word change: {one_word:.2f} s")
    print(f"peak RSS of any one command: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
