"""A proof is never the print file (issue 18): `pressroom build --allow-overset` writes
<issue-id>.proof.pdf, a plain PDF that says PROOF in its metadata and on every page's slug,
with what does not fit in red outside the copy, and the last good print PDF stays as it
was. `pressroom proof`, `pressroom watch` and `pressroom deliver` follow. All through the
installed command."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pypdfium2
from pypdf import PdfReader

from conftest import paragraphs, passed, run_pressroom, write_article

PROOF_SLUG = "PROOF \u2014 not for press"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def overset(issue: Path) -> None:
    write_article(issue, "two", paragraphs(40, seed=3))


def is_pdfx(path: Path) -> bool:
    reader = PdfReader(path)
    root, info = reader.trailer["/Root"], reader.trailer.get("/Info", {})
    return "/OutputIntents" in root and "/GTS_PDFXVersion" in info


def text_boxes(path: Path, page_index: int, needle: str) -> list[tuple[float, float, float, float]]:
    """Where ``needle`` is drawn on a page: (left, bottom, right, top) in PDF points."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        text = document[page_index].get_textpage()
        searcher = text.search(needle)
        boxes = []
        while (found := searcher.get_next()) is not None:
            start, count = found
            chars = [text.get_charbox(index) for index in range(start, start + count)]
            boxes.append((min(c[0] for c in chars), min(c[1] for c in chars),
                          max(c[2] for c in chars), max(c[3] for c in chars)))
        return boxes
    finally:
        document.close()


def test_a_proof_keeps_the_print_pdf_and_can_never_be_taken_for_it(mini_issue, tmp_path):
    out = tmp_path / "out"
    passed(run_pressroom("build", mini_issue, "--out", out, "--quiet"))
    print_pdf, proof_pdf = out / "mini-2026-12.pdf", out / "mini-2026-12.proof.pdf"
    good = sha256(print_pdf)
    # The print file is PDF/X and says nothing of a proof.
    reader = PdfReader(print_pdf)
    assert is_pdfx(print_pdf) and "PROOF" not in str(reader.metadata.title)
    assert not any("PROOF" in page.extract_text() for page in reader.pages)

    overset(mini_issue)
    result = run_pressroom("build", mini_issue, "--out", out, "--quiet", "--allow-overset")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert sha256(print_pdf) == good, "a proof never replaces the print PDF"
    assert f"{proof_pdf} (PROOF, not for press" in result.stdout
    assert f"the print PDF {print_pdf} is the last good build, left as it was" in result.stderr
    reader = PdfReader(proof_pdf)
    assert not is_pdfx(proof_pdf)
    assert "/OutputIntents" not in reader.trailer["/Root"] and "/Metadata" not in reader.trailer["/Root"]
    assert not any(str(key).startswith("/GTS_PDFX") for key in reader.trailer["/Info"])
    for field in ("/Title", "/Subject", "/Keywords"):
        assert "PROOF" in str(reader.trailer["/Info"][field]), field
    assert all(PROOF_SLUG in page.extract_text() for page in reader.pages)
    record = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert record["output"]["file"] == "mini-2026-12.proof.pdf" and record["output"]["kind"] == "proof"
    assert record["output"]["sha256"] == sha256(proof_pdf)
    assert record["proof"]["not_for_press"] is True and record["proof"]["print_file"] == "mini-2026-12.pdf"
    # The printer's own preflight turns it away: it is not PDF/X.
    refused = run_pressroom("preflight", proof_pdf, "--profile", "newspaper")
    assert refused.returncode == 1 and "not a PDF/X file" in refused.stdout

    # The copy fixed, the print PDF is built again and the proof, out of date, goes.
    write_article(mini_issue, "two", paragraphs(6, seed=3))
    passed(run_pressroom("build", mini_issue, "--out", out, "--quiet"))
    assert not proof_pdf.exists() and is_pdfx(print_pdf)
    assert json.loads((out / "build.json").read_text(encoding="utf-8"))["output"]["file"] == "mini-2026-12.pdf"


def test_the_overset_marker_and_the_slug_are_outside_the_copy(mini_issue, tmp_path):
    passed(run_pressroom("build", mini_issue, "--out", tmp_path / "print", "--quiet"))
    overset(mini_issue)
    result = run_pressroom("build", mini_issue, "--out", tmp_path / "proof", "--quiet", "--allow-overset")
    assert result.returncode == 1
    proof = tmp_path / "proof" / "mini-2026-12.proof.pdf"
    page = PdfReader(proof).pages[1]
    trim_bottom, bleed_bottom = float(page.trimbox.bottom), float(page.bleedbox.bottom)
    assert float(page.mediabox.bottom) < bleed_bottom  # the slug's room, under the bleed
    markers = text_boxes(proof, 1, "OVERSET two: +")
    slugs = text_boxes(proof, 1, PROOF_SLUG)
    assert markers and slugs
    for left, bottom, right, top in markers + slugs:
        assert top < bleed_bottom <= trim_bottom, "drawn under the page, never over its copy"
    # The same check finds the story's headline on the page itself.
    (_, _, _, headline_top), = text_boxes(proof, 1, "Headline for two")
    assert headline_top > trim_bottom
    # Within the trim the proof is the page as it would print: only page 2, whose story
    # changed, differs from the print PDF built before the edit.
    compared = run_pressroom("diff", tmp_path / "print" / "mini-2026-12.pdf", proof, "--json", "--quiet")
    report = json.loads(compared.stdout)
    assert [change["page"] for change in report["changed"]] == [2]
    assert report["added"] == [] and report["removed"] == []


def test_pressroom_proof_and_watch_follow_a_proof_build(mini_issue):
    build_dir = mini_issue.parents[1] / "build" / "mini-2026-12"
    passed(run_pressroom("build", mini_issue, "--quiet"))
    good = sha256(build_dir / "mini-2026-12.pdf")
    overset(mini_issue)
    watched = run_pressroom("watch", mini_issue, "--stop-after", "1", cwd=mini_issue.parents[1])
    assert watched.returncode == 0 and "Traceback" not in watched.stdout + watched.stderr
    assert f"built a PROOF, not for press: {build_dir / 'mini-2026-12.proof.pdf'} (4 pages)" in watched.stdout
    assert sha256(build_dir / "mini-2026-12.pdf") == good
    proofed = passed(run_pressroom("proof", mini_issue, "--quiet"))
    spreads = build_dir / "proof" / "mini-2026-12-proof.pdf"
    assert str(spreads) in proofed and spreads.is_file()
    html = (build_dir / "proof" / "contact-sheet.html").read_text(encoding="utf-8")
    assert 'status-OVER" data-page="2"' in html  # the proof's copyfit, not the last print build's


def test_deliver_refuses_copy_that_does_not_fit_without_a_traceback(mini_issue, tmp_path):
    passed(run_pressroom("deliver", mini_issue, "--printer", "quire-digital", "--out", tmp_path / "ok",
                         "--quiet"))
    overset(mini_issue)
    refused = run_pressroom("deliver", mini_issue, "--printer", "quire-digital", "--out", tmp_path / "no",
                            "--quiet")
    assert refused.returncode == 1 and "Traceback" not in refused.stdout + refused.stderr
    assert "refused: the copy does not fit its pages" in refused.stderr and "nothing delivered" in refused.stderr
    assert not (tmp_path / "no").exists() or not any((tmp_path / "no").iterdir())


def test_a_build_whose_checks_fail_writes_a_proof_and_keeps_the_print_pdf(tmp_path):
    """Copy that fits but a check of the built PDF that fails (here the layout's CSS gives the
    pages no bleed, against its layout.yaml): what is written is a proof to look at, never
    the print file, and the last good print PDF stays as it was."""
    from conftest import make_mini_issue, make_project_with_layout_copy

    project = make_project_with_layout_copy(tmp_path / "project")
    issue = make_mini_issue(project)
    out = tmp_path / "out"
    print_pdf, proof_pdf = out / "mini-2026-12.pdf", out / "mini-2026-12.proof.pdf"
    passed(run_pressroom("build", issue, "--out", out))
    good = sha256(print_pdf)
    page_css = project / "layouts" / "tabloid" / "css" / "page.css"
    sound_css = page_css.read_text()
    page_css.write_text(sound_css.replace("bleed: {{ layout.bleed_mm }}mm;", "bleed: 0;"))
    failed = run_pressroom("build", issue, "--out", out)
    assert failed.returncode == 1 and "check failed: [boxes]" in failed.stderr, failed.stderr
    assert "PROOF, not for press" in failed.stdout and "left as it was" in failed.stderr
    assert sha256(print_pdf) == good and proof_pdf.is_file() and not is_pdfx(proof_pdf)
    metadata = PdfReader(proof_pdf).metadata
    assert metadata["/Title"].startswith("PROOF") and "check(s) failed" in metadata["/Subject"]
    record = json.loads((out / "build.json").read_text())
    assert record["output"]["kind"] == "proof" and record["output"]["file"] == proof_pdf.name
    page_css.write_text(sound_css)
    passed(run_pressroom("build", issue, "--out", out))
    assert not proof_pdf.exists() and is_pdfx(print_pdf)  # the proof of the failed build goes
