"""Benchmark: deliver the sample issue to each example printer, in fresh processes.

    .venv/bin/python benchmarks/deliver_sample.py [--runs 3]

For each printer (wexside-coldset: 16 PDF/X-1a files, two black-only pages; quire-digital:
one PDF/X-4 file with the centre spread joined) prints the median wall time of
`pressroom deliver` (build for the printer, black-only conversion, files, preflight of every
file), the delivery's size and the peak resident memory of a run. The picture cache in
build/cache/ is warm after the first run, as it is in daily use.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRESSROOM = Path(sys.executable).with_name("pressroom")
SAMPLE = ROOT / "issues" / "ledger-2026-12"
PRINTERS = ("wexside-coldset", "quire-digital")


def run_peak_mib(command: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{SAMPLE.name}: pressroom deliver, {args.runs} runs each")
    for printer in PRINTERS:
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / printer
            results = [run_peak_mib([str(PRESSROOM), "deliver", str(SAMPLE), "--printer", printer,
                                     "--out", str(out), "-q"]) for _ in range(args.runs)]
            files = sorted(out.glob("*.pdf"))
            size = sum(path.stat().st_size for path in files)
        times = [seconds for seconds, _ in results]
        peak = max(mib for _, mib in results)
        print(f"{printer:16} median {statistics.median(times):5.2f} s  (runs: "
              + ", ".join(f"{seconds:.2f}" for seconds in times)
              + f")  {len(files)} file(s), {size / 1e6:.1f} MB, peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
