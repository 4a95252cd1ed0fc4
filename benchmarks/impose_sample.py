"""Benchmark: impose the built sample issue (saddle) and verify it, in fresh processes.

    .venv/bin/python benchmarks/impose_sample.py [--runs 3] [PDF]

Build the sample first (`pressroom build issues/ledger-2026-12`). Prints the median wall time
of `pressroom impose` (imposition plus its automatic verification), of `--verify` alone, and
the peak resident memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRESSROOM = Path(sys.executable).with_name("pressroom")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path,
                        default=ROOT / "build" / "ledger-2026-12" / "ledger-2026-12.pdf")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        imposed = Path(scratch) / "imposed.pdf"
        impose = [timed([str(PRESSROOM), "impose", str(args.pdf), "-o", str(imposed)]) for _ in range(args.runs)]
        check = [timed([str(PRESSROOM), "impose", "--verify", str(imposed), str(args.pdf)])
                 for _ in range(args.runs)]
        size = imposed.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.pdf.name}: saddle imposition, {args.runs} runs")
    print(f"impose + verify: median {statistics.median(impose):.2f} s")
    print(f"verify alone:    median {statistics.median(check):.2f} s")
    print(f"imposed PDF: {size / 1e6:.1f} MB; peak RSS of a run: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
