"""Benchmark: build the sample issue in fresh processes and print time and memory figures.

    .venv/bin/python benchmarks/build_sample.py [--runs 3] [ISSUE_DIR]

Prints the median wall time of a cold build (new process each run), the time per page, the
share of each pipeline stage (from build.json) and the peak resident memory of the build
process. A first build with the converted-picture cache emptied is timed on its own (the
CMYK conversion of every picture); the median is over the builds after it, which find the
pictures converted. Figures vary between runs on shared machines: compare numbers from one run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from pressroom.build import PICTURE_CACHE  # noqa: E402
from pressroom.cache import cache_root  # noqa: E402


def one_build(issue: Path, out: Path) -> tuple[float, int, dict]:
    """Wall time, peak RSS (KiB) and the build record of one build in a new process."""
    script = ("import sys, resource; from pressroom.build import build_issue; "
              "build_issue(sys.argv[1], sys.argv[2]); "
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    start = time.perf_counter()
    finished = subprocess.run([sys.executable, "-c", script, str(issue), str(out)],
                              check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    record = json.loads((out / "build.json").read_text())
    return wall, int(finished.stdout.strip().splitlines()[-1]), record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("issue", nargs="?", type=Path, default=ROOT / "issues" / "ledger-2026-12")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    walls, peaks, stages = [], [], []
    shutil.rmtree(cache_root(ROOT) / PICTURE_CACHE, ignore_errors=True)
    with tempfile.TemporaryDirectory() as scratch:
        first_wall, _, first_record = one_build(args.issue, Path(scratch) / "first")
        for run in range(args.runs):
            wall, peak, record = one_build(args.issue, Path(scratch) / str(run))
            walls.append(wall)
            peaks.append(peak)
            stages.append(record["timings_s"])
            pages = record["page_count"]
    median = statistics.median(walls)
    print(f"issue: {args.issue.name}, {pages} pages, {args.runs} cold builds")
    print(f"first build, picture cache empty: {first_wall:.2f} s "
          f"(load and picture conversion {first_record['timings_s']['load']:.2f} s)")
    print(f"wall time: median {median:.2f} s (min {min(walls):.2f}, max {max(walls):.2f})")
    print(f"per page: {median / pages:.3f} s")
    for stage in stages[0]:
        print(f"  {stage:8s} median {statistics.median(s[stage] for s in stages):.2f} s")
    print(f"peak RSS: {max(peaks) / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
