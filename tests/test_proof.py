"""Proofs, diffs and watch on real builds: the proof PDF, thumbnails, the contact sheet (also
in headless Chromium), pages changed by a one-word edit, and a watch surviving a broken manifest."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader, PdfWriter

from pressroom.build import build_issue
from pressroom.cli import main
from pressroom.diff import diff
from pressroom.proof import make_proof

from conftest import wait_for


BACKGROUND = (236, 236, 232)


@pytest.fixture
def built(mini_issue, tmp_path):
    """The mini issue built into the project's default build folder, with a strip ad."""
    (mini_issue / "ads").mkdir()
    Image.new("RGB", (3000, 732), (30, 120, 60)).save(mini_issue / "ads" / "garden.jpg", quality=90)
    text = (mini_issue / "issue.yaml").read_text(encoding="utf-8")
    (mini_issue / "issue.yaml").write_text(
        text + "ads:\n  - {page: 4, size: strip, position: bottom, advertiser: Garden, file: ads/garden.jpg}\n",
        encoding="utf-8")
    result = build_issue(mini_issue)
    assert result.ok, result.failures
    return mini_issue, result


def test_proof_pdf_is_spreads_stamped_with_small_rgb_pictures(built):
    issue, result = built
    proof = make_proof(issue)
    reader = PdfReader(proof.proof_pdf)
    assert len(reader.pages) == 3  # 1 | 2-3 | 4
    short_hash = result.record["output"]["sha256"][:10]
    for page in reader.pages:
        text = page.extract_text()
        assert "PROOF" in text and short_hash in text and "The Test Ledger" in text
    images = subprocess.run(["pdfimages", "-list", str(proof.proof_pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert images and all(line.split()[5] == "rgb" for line in images)
    assert all(int(line.split()[3]) <= 1000 for line in images)  # 3000-pixel ad cut to a third
    assert proof.proof_pdf.stat().st_size < result.pdf_path.stat().st_size / 3


def test_thumbnails_and_contact_sheet_label_tint_and_outline(built):
    issue, result = built
    proof = make_proof(issue, with_pdf=False)
    assert [path.name for path in proof.thumbnails] == [f"page-0{n}.png" for n in range(1, 5)]
    thumb = Image.open(proof.thumbnails[0])
    assert thumb.width == 170 and thumb.height == round(170 * 430 / 280)
    statuses = {fit["slug"]: fit["status"] for fit in result.record["copyfit"]}
    by_page = {info.number: info for info in proof.pages}
    assert by_page[4].stories == ["back"] and by_page[4].status == statuses["back"]
    assert by_page[4].ads == [{"x": 13.0, "y": 354.0, "width": 254.0, "height": 62.0, "label": "strip: Garden"}]
    html = proof.contact_html.read_text(encoding="utf-8")
    for number in range(1, 5):
        assert f'data-page="{number}"' in html and f'src="thumbs/page-0{number}.png"' in html
    assert f'status-{by_page[2].status}" data-page="2"' in html and "strip: Garden" in html
    sheet = Image.open(proof.contact_png).convert("RGB")
    assert sheet.width > 4 * 170  # spreads side by side
    colours = {colour for _, colour in sheet.getcolors(maxcolors=1 << 20)}
    assert (230, 120, 0) in colours  # the ad outline


def test_contact_sheet_opens_in_headless_chromium(built, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed here (apt-get install chromium; CI installs it)")
    issue, _ = built
    proof = make_proof(issue, with_pdf=False)
    shot = tmp_path / "shot.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1400,900", f"--screenshot={shot}", proof.contact_html.as_uri()],
                   capture_output=True, timeout=120, check=True)
    image = Image.open(shot).convert("RGB")
    # The thumbnails are there: most of the page area is not the sheet's background.
    thumb_area = image.crop((20, 80, 20 + 4 * 170 + 2 * 28, 80 + 260))
    pixels = np.asarray(thumb_area).reshape(-1, 3)
    assert (pixels != BACKGROUND).any(axis=1).mean() > 0.5


def test_one_word_changes_exactly_its_page_and_identical_builds_do_not(mini_issue, tmp_path):
    first = build_issue(mini_issue, tmp_path / "a")
    again = build_issue(mini_issue, tmp_path / "same")
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "a"), str(tmp_path / "same")])
    assert result.exit_code == 0 and "no pages changed" in result.output
    article = mini_issue / "articles" / "three.md"
    text = article.read_text(encoding="utf-8")
    assert " council " in text
    article.write_text(text.replace(" council ", " authority ", 1), encoding="utf-8")
    changed = build_issue(mini_issue, tmp_path / "b")
    report = diff(first.pdf_path, changed.pdf_path, tmp_path / "diff")
    assert [change.page for change in report.changed] == [3]
    assert report.rendered < 4  # unchanged pages were not rendered
    png = Image.open(report.changed[0].image)
    assert png.width > 2 * png.height * 280 / 430 * 0.9  # old beside new
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "a"), str(tmp_path / "b"), "--json"])
    assert result.exit_code == 1 and json.loads(result.output)["changed"][0]["page"] == 3
    assert again.record["output"]["sha256"] == first.record["output"]["sha256"]


def test_diff_reports_removed_pages(mini_issue, tmp_path):
    first = build_issue(mini_issue, tmp_path / "a")
    writer = PdfWriter(clone_from=first.pdf_path)
    writer.remove_page(3)
    shorter = tmp_path / "short.pdf"
    writer.write(shorter)
    report = diff(first.pdf_path, shorter, tmp_path / "diff")
    assert report.removed == [4] and report.changed == []


def test_watch_rebuilds_on_a_change_and_survives_a_broken_manifest(mini_issue):
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "pressroom.cli", "watch", str(mini_issue),
                                "--stop-after", "20"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=environment, cwd=mini_issue.parent.parent)
    seen: list[str] = []
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        wait_for(lines, "watching", seen)
        article = mini_issue / "articles" / "two.md"
        article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence for the watch.\n",
                           encoding="utf-8")
        wait_for(lines, "changed: two.md", seen)
        wait_for(lines, "built ", seen)
        manifest = mini_issue / "issue.yaml"
        good = manifest.read_text(encoding="utf-8")
        manifest.write_text(good.replace("pages: 4\n", "pages: [4\n"), encoding="utf-8")
        wait_for(lines, "error: ", seen)
        wait_for(lines, "waiting for the next change", seen)
        manifest.write_text(good, encoding="utf-8")
        wait_for(lines, "built ", seen)
        assert process.poll() is None  # still watching
    finally:
        process.kill()
        process.wait()
    assert any("issue.yaml:" in line for line in seen)
