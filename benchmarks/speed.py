"""Benchmark: build time and memory for 8-, 32- and 128-page issues, against plain WeasyPrint.

    .venv/bin/python benchmarks/speed.py [--pages 8 32 128] [--runs 3] [--jobs N]

For each size, an issue is made from the sample's pages (tools/make_benchmark_issue.py, in
build/bench/) and the script prints the medians over ``--runs`` runs, each in a new process:

- cold build: `pressroom build` (the command, in a new process) with the chunk cache
  (build/cache/chunks) emptied; the converted pictures and their measured ink are cached,
  as they are once an issue's pictures have arrived;
- no change: the same build again, every chunk cached;
- one edit: a figure changed in one article (market-hall.md, a new figure each time), then
  built by `pressroom build` in a new process, and by a process that stays running (as
  `pressroom watch` does);
- peak RSS of the build process and of its largest worker;
- baseline: the same composed pages rendered by plain WeasyPrint in one process (each page
  group's HTML laid out in turn, the pages joined, one write_pdf), with the same fonts and
  the same converted pictures, and the ratio of the cold build to it.

After the edit, the script checks once that the rebuilt PDF is byte-identical to a cold
build of the same sources. Figures depend on the machine: compare numbers from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))
from make_benchmark_issue import make_issue  # noqa: E402

from pressroom.cache import cache_root  # noqa: E402
from pressroom.chunks import CHUNK_CACHE  # noqa: E402

BENCH = ROOT / "build" / "bench"
EDITED = "market-hall.md"

BUILD = """
import atexit, json, resource, sys
# `pressroom build`, exactly as the command runs (its exit handlers run; this one reports).
atexit.register(lambda: print(json.dumps({
    "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}), flush=True))
issue, out, jobs = sys.argv[1:4]
sys.argv = ["pressroom", "build", issue, "--out", out, "--quiet"] + (["--jobs", jobs] if jobs != "0" else [])
from pressroom.cli import run
run()
"""

WARM_EDITS = """
import json, re, sys, time
from pathlib import Path
from pressroom.build import build_issue
issue, out, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
article = issue / "articles" / "market-hall.md"
build_issue(issue, out)
times = []
for run in range(runs):
    text = article.read_text(encoding="utf-8")
    article.write_text(re.sub(r"\\b\\d+ stalls", f"{500 + run} stalls", text, count=1), encoding="utf-8")
    start = time.perf_counter()
    build_issue(issue, out)
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""

PREPARE_BASELINE = """
import json, sys
from pathlib import Path
from pressroom.build import PICTURE_CACHE, compose_issue, load_issue, print_output
from pressroom.cache import cache_root
from pressroom.colour import PictureConverter
issue = load_issue(Path(sys.argv[1]))
output, profile = print_output(issue)
converter = PictureConverter(profile, cache_root(issue.project_root) / PICTURE_CACHE)
composition = compose_issue(issue, converter, profile=profile)
resources = composition.renderer.resources
out = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
pictures = out / "pictures"
pictures.mkdir(exist_ok=True)

def plain_urls(text):
    # pressroom:// URLs become file: URLs; pictures point at their converted print versions.
    import re
    def replace(match):
        path = resources.path(match.group(0))
        if path is None:
            return match.group(0)
        if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".tif", ".tiff"):
            converted = pictures / (path.stem + ".print.jpg")
            if not converted.exists():
                converted.write_bytes(converter.convert(path.read_bytes(), path.name))
            path = converted
        return path.resolve().as_uri()
    return re.sub(r"pressroom://[a-z]+/[^\\"')\\s]+", replace, text)

(out / "style.css").write_text(plain_urls(composition.stylesheet), encoding="utf-8")
for index, item in enumerate(composition.groups):
    (out / f"group-{index:03d}.html").write_text(plain_urls(item.html), encoding="utf-8")
"""

BASELINE = """
import resource, sys
from pathlib import Path
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
folder = Path(sys.argv[1])
fonts = FontConfiguration()
css = CSS(filename=str(folder / "style.css"), font_config=fonts)
documents = [HTML(filename=str(path)).render(stylesheets=[css], font_config=fonts)
             for path in sorted(folder.glob("group-*.html"))]
pages = [page for document in documents for page in document.pages]
documents[0].copy(pages).write_pdf(folder / "baseline.pdf")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(script: str, *args: str, env: dict | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          env=env, cwd=ROOT)
    if done.returncode:
        raise SystemExit(done.stderr)
    lines = done.stdout.strip().splitlines()
    return time.perf_counter() - start, lines[-1] if lines else ""


def build(issue: Path, out: Path, jobs: int) -> tuple[float, dict]:
    seconds, line = run(BUILD, str(issue), str(out), str(jobs))
    return seconds, json.loads(line)


def edit(issue: Path, figure: int) -> None:
    """A new figure in one sentence of one article: a real edit every time."""
    article = issue / "articles" / EDITED
    text = article.read_text(encoding="utf-8")
    article.write_text(re.sub(r"\b\d+ stalls", f"{figure} stalls", text, count=1), encoding="utf-8")


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[8, 32, 128])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per processor)")
    args = parser.parse_args()
    cache = cache_root(ROOT) / CHUNK_CACHE
    env = {**os.environ, "FONTCONFIG_FILE": str(ROOT / "fonts" / "fonts.conf")}
    cpus = len(os.sched_getaffinity(0))
    print(f"machine: {cpus} processors; runs: {args.runs}; jobs: {args.jobs or cpus}")
    print(f"{'pages':>5} {'cold s':>7} {'no change s':>11} {'one edit s':>10} {'edit, running s':>15} "
          f"{'baseline s':>10} {'cold/base':>9} {'RSS main MB':>11} {'RSS worker MB':>13}")
    for pages in args.pages:
        issue = make_issue(pages, BENCH / f"issue-{pages}")
        out = BENCH / f"out-{pages}"
        build(issue, out, args.jobs)  # pictures converted and cached, as in daily use
        cold, unchanged, edited, peaks_main, peaks_worker = [], [], [], [], []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            seconds, peaks = build(issue, out, args.jobs)
            cold.append(seconds)
            peaks_main.append(peaks["self"] / 1024)
            peaks_worker.append(peaks["children"] / 1024)
            unchanged.append(build(issue, out, args.jobs)[0])
            edit(issue, 100 + len(edited))
            edited.append(build(issue, out, args.jobs)[0])
        warm = json.loads(run(WARM_EDITS, str(issue), str(out), str(args.runs))[1])
        if pages == 32:  # the edited build is the same bytes as a cold build of the same sources
            edited_pdf = (out / f"{issue.name}.pdf").read_bytes()
            shutil.rmtree(cache, ignore_errors=True)
            build(issue, out, args.jobs)
            same = edited_pdf == (out / f"{issue.name}.pdf").read_bytes()
        plain = BENCH / f"plain-{pages}"
        shutil.rmtree(plain, ignore_errors=True)
        run(PREPARE_BASELINE, str(issue), str(plain), env=env)
        baseline = [run(BASELINE, str(plain), env=env)[0] for _ in range(args.runs)]
        print(f"{pages:>5} {median(cold):>7.2f} {median(unchanged):>11.2f} {median(edited):>10.2f} "
              f"{median(warm):>15.2f} {median(baseline):>10.2f} {median(cold) / median(baseline):>9.2f} "
              f"{max(peaks_main):>11.0f} {max(peaks_worker):>13.0f}")
        if pages == 32:
            print(f"      edited build identical to a cold build of the same sources: {same}")


if __name__ == "__main__":
    main()
