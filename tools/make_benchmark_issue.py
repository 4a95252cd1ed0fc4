"""Make a larger issue from the sample issue's own pages, for benchmarks and tests.

    .venv/bin/python tools/make_benchmark_issue.py --pages 32 OUT_DIR

The sample (issues/ledger-2026-12) is 16 pages: a front page, fourteen inner pages in nine
sections, and a back page. An issue of N pages keeps the front and back pages and fills the
N-2 pages between with the sample's inner sections in turn (News, Investigation, News, Long
read, Comment, Letters, Culture, Community, Sport, News, ...), each copy with its articles
under new slugs (``market-hall-2``), its pictures and its booked ads moved to the copy's
pages. The copy is real, edited writing that fits its pages, so a larger issue lays out like
the sample does. Deterministic: the same N gives the same folder.
"""

from __future__ import annotations

import argparse
import copy
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "ledger-2026-12"


def page_range(value) -> tuple[int, int]:
    first, _, last = str(value).partition("-")
    return int(first), int(last or first)


def pages_text(first: int, last: int) -> int | str:
    return first if first == last else f"{first}-{last}"


def make_issue(pages: int, target: Path, sample: Path = SAMPLE) -> Path:
    """Write an issue of ``pages`` pages (a multiple of 4, at least 8) into ``target``."""
    if pages % 4 or pages < 8:
        raise SystemExit("--pages must be a multiple of 4, at least 8")
    manifest = yaml.safe_load((sample / "issue.yaml").read_text(encoding="utf-8"))
    sections = manifest["sections"]
    front, inner, back = sections[0], sections[1:-1], sections[-1]
    if target.exists():
        shutil.rmtree(target)
    (target / "articles").mkdir(parents=True)
    for folder in ("images", "ads"):
        if (sample / folder).is_dir():
            shutil.copytree(sample / folder, target / folder)

    def copy_article(slug: str, copy_number: int) -> str:
        new_slug = slug if copy_number == 1 else f"{slug}-{copy_number}"
        shutil.copyfile(sample / "articles" / f"{slug}.md", target / "articles" / f"{new_slug}.md")
        return new_slug

    planned = [copy.deepcopy(front)]
    for article in planned[0]["articles"]:
        copy_article(article["slug"], 1)
    ads = []
    copies: dict[str, int] = {}
    next_page, remaining, index = 2, pages - 2, 0
    while remaining:
        section = inner[index % len(inner)]
        index += 1
        first, last = page_range(section["pages"])
        size = last - first + 1
        if size > remaining:
            continue
        copies[section["name"] + str(first)] = number = copies.get(section["name"] + str(first), 0) + 1
        shift = next_page - first
        new = copy.deepcopy(section)
        new["pages"] = pages_text(first + shift, last + shift)
        for article in new["articles"]:
            article["slug"] = copy_article(article["slug"], number)
            a_first, a_last = page_range(article["pages"])
            article["pages"] = pages_text(a_first + shift, a_last + shift)
        for filler in new.get("fillers", []):
            if "pages" in filler:
                f_first, f_last = page_range(filler["pages"])
                filler["pages"] = pages_text(f_first + shift, f_last + shift)
        for booking in manifest.get("ads", []):
            if first <= booking["page"] <= last:
                ads.append({**booking, "page": booking["page"] + shift})
        planned.append(new)
        next_page += size
        remaining -= size
    last_page = copy.deepcopy(back)
    last_page["pages"] = pages
    for article in last_page["articles"]:
        article["slug"] = copy_article(article["slug"], 1)
        article["pages"] = pages
    planned.append(last_page)

    slugs = {article["slug"] for section in planned for article in section["articles"]}
    teasers = [teaser for teaser in manifest.get("teasers", []) if teaser["slug"] in slugs]
    manifest.update(pages=pages, sections=planned, ads=ads, teasers=teasers)
    manifest["issue_number"] = 900 + pages
    manifest.pop("printer", None)  # the build is measured, not a delivery
    header = (f"# A {pages}-page issue made by tools/make_benchmark_issue.py from the pages of\n"
              f"# {sample.name}; do not edit by hand.\n")
    (target / "issue.yaml").write_text(
        header + yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--pages", type=int, default=32)
    args = parser.parse_args()
    print(make_issue(args.pages, args.target))


if __name__ == "__main__":
    main()
