"""Benchmark: preflight the sample issue's print PDF and print time figures.

    .venv/bin/python benchmarks/preflight_sample.py [--runs 5] [PDF]

Builds the sample issue into a scratch folder (or takes the print PDF given), then prints the
median time of ``preflight`` against the newspaper profile in this process (the PDF opened
afresh each run, no ink memory: every CMYK picture decoded, as ``pressroom preflight`` does),
its time per page, and the median wall time of ``pressroom preflight PDF`` in a fresh process
(Python start and imports included). Figures vary between runs on shared machines: compare
numbers from one run. Issue 19's bound: within 20 % of the figure before its rules (0.58-0.66 s
in-process, about 1.05 s as a command, for the 16-page sample on the 2-core development machine).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from pressroom.preflight import load_profile, preflight  # noqa: E402

PRESSROOM = Path(sys.executable).with_name("pressroom")
SAMPLE = ROOT / "issues" / "ledger-2026-12"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("pdf", nargs="?", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        pdf = args.pdf
        if pdf is None:
            subprocess.run([str(PRESSROOM), "build", str(SAMPLE), "--out", scratch], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            pdf = Path(scratch) / f"{SAMPLE.name}.pdf"
        profile = load_profile("newspaper", ROOT)
        preflight(pdf, profile)  # warm: imports, the ICC and fonts in the OS cache
        in_process, report = [], None
        for _ in range(args.runs):
            start = time.perf_counter()
            report = preflight(pdf, profile)
            in_process.append(time.perf_counter() - start)
        command = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([str(PRESSROOM), "preflight", str(pdf)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            command.append(time.perf_counter() - start)
    median = statistics.median(in_process)
    print(f"{pdf.name}: {report.pages} pages, {len(report.errors)} errors, {len(report.warnings)} warnings")
    print(f"preflight in process  median {median:.3f} s ({median / report.pages * 1000:.0f} ms a page); "
          "runs: " + ", ".join(f"{seconds:.3f}" for seconds in in_process))
    print(f"pressroom preflight   median {statistics.median(command):.3f} s; runs: "
          + ", ".join(f"{seconds:.2f}" for seconds in command))


if __name__ == "__main__":
    main()
