"""The sample issue, built for real: plan, boxes, fonts, text, and byte-for-byte rebuilds."""

from __future__ import annotations

import hashlib
import subprocess

import pypdfium2
import pytest
from pypdf import PdfReader
from pypdf.generic import NameObject

from pressroom.articles import read_article
from pressroom.build import build_issue
from pressroom.checks import font_names, normalise, pdf_fonts
from pressroom.manifest import continuations, planned_pages, read_manifest

from conftest import ROOT, SAMPLE, ad_placements, strict_profile

PT_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    result = build_issue(SAMPLE, out)
    return result, PdfReader(result.pdf_path)


def test_sample_builds_with_no_failures_and_no_warnings_but_its_holes(sample):
    """No warning but the holes its pages leave (issue 20: the page plan's modules are to
    fill them), each named in build.json with its page."""
    result, _ = sample
    assert result.failures == []
    holes = [warning for warning in result.warnings if warning.startswith("hole: page ")]
    assert holes == result.warnings and len(holes) == sum(hole["area_percent"] > 2 for hole in result.record["holes"])


def test_the_sample_print_pdf_passes_every_preflight_rule_as_an_error(sample):
    """Strict PDF/X: all 45 rules at "error" (Info /Trapped the name /False, version keys,
    OutputIntent, boxes, fonts, colour, images, ink), as a printer's preflight would run."""
    from pressroom.preflight import preflight
    from pressroom.preflight_rules import RULES

    _, reader = sample
    profile = strict_profile("newspaper")
    assert set(profile.rules) == set(RULES) and set(profile.rules.values()) == {"error"}
    report = preflight(reader, profile)
    assert report.findings == [] and report.passed
    trapped = reader.trailer["/Info"]["/Trapped"]
    assert isinstance(trapped, NameObject) and trapped == "/False"


def test_page_count_matches_the_plan_and_is_a_multiple_of_four(sample):
    _, reader = sample
    manifest, _ = read_manifest(SAMPLE)
    assert len(reader.pages) == manifest.pages >= 16
    assert len(reader.pages) % 4 == 0


def test_every_page_is_trimmed_to_tabloid_with_3mm_bleed(sample):
    _, reader = sample
    for page in reader.pages:
        trim, bleed = page.trimbox, page.bleedbox
        assert float(trim.width) / PT_PER_MM == pytest.approx(280, abs=0.1)
        assert float(trim.height) / PT_PER_MM == pytest.approx(430, abs=0.1)
        assert (float(trim.left) - float(bleed.left)) / PT_PER_MM == pytest.approx(3, abs=0.1)
        assert (float(trim.bottom) - float(bleed.bottom)) / PT_PER_MM == pytest.approx(3, abs=0.1)
        assert (float(bleed.right) - float(trim.right)) / PT_PER_MM == pytest.approx(3, abs=0.1)
        assert (float(bleed.top) - float(trim.top)) / PT_PER_MM == pytest.approx(3, abs=0.1)


def test_every_font_is_embedded_and_comes_from_the_fonts_folder(sample):
    _, reader = sample
    ours = font_names(sorted((ROOT / "fonts").glob("*.[ot]tf")))
    used = pdf_fonts(reader)
    for family in ("EB-Garamond", "Lato", "League-Spartan"):
        assert any(name.startswith(family) for name in used), family
    for name, embedded in used.items():
        assert embedded, name
        assert any(name == known or name.startswith(known + "-") for known in ours), name


def test_every_headline_and_every_last_paragraph_is_in_the_pdf(sample):
    _, reader = sample
    manifest, _ = read_manifest(SAMPLE)
    text = [normalise(page.extract_text()) for page in reader.pages]
    jumps = continuations(manifest)
    for slug, pages in planned_pages(manifest).items():
        article = read_article(SAMPLE, slug)
        assert normalise(article.headline_text) in text[pages.first - 1], slug
        ending = text[jumps[slug] - 1] if slug in jumps else "".join(text[pages.first - 1:pages.last])
        assert normalise(article.last_words) in ending, slug


def test_the_record_lists_every_article_on_its_planned_pages(sample):
    result, _ = sample
    manifest, _ = read_manifest(SAMPLE)
    jumps = continuations(manifest)
    for slug, pages in planned_pages(manifest).items():
        entry = result.record["articles"][slug]
        assert entry["first_page"] == pages.first
        if slug in jumps:
            assert entry["last_page"] == jumps[slug]
        else:
            assert pages.first <= entry["last_page"] <= pages.last


def test_building_twice_gives_the_same_bytes(sample, tmp_path):
    result, _ = sample
    again = build_issue(SAMPLE, tmp_path)
    first = hashlib.sha256(result.pdf_path.read_bytes()).hexdigest()
    assert hashlib.sha256(again.pdf_path.read_bytes()).hexdigest() == first


def test_pages_rasterise_with_ink_on_them(sample):
    result, reader = sample
    document = pypdfium2.PdfDocument(result.pdf_path)
    for index in (0, len(reader.pages) // 2, len(reader.pages) - 1):
        image = document[index].render(scale=0.2).to_pil().convert("L")
        histogram = image.histogram()
        dark = sum(histogram[:230]) / sum(histogram)
        assert 0.02 < dark < 0.9, f"page {index + 1} looks blank or solid ({dark:.2%} dark)"


def test_front_page_lead_jumps_with_correct_page_numbers(sample):
    _, reader = sample
    manifest, _ = read_manifest(SAMPLE)
    slot = manifest.sections[0].articles[0]
    assert slot.continues_on, "the sample's front-page lead jumps"
    front = normalise(reader.pages[0].extract_text())
    inside = normalise(reader.pages[slot.continues_on - 1].extract_text())
    assert normalise(f"Continued on page {slot.continues_on}") in front
    assert normalise("Continued from page 1") in inside
    lead = read_article(SAMPLE, slot.slug)
    assert normalise(lead.last_words) in inside and normalise(lead.last_words) not in front


def test_teasers_carry_the_pages_their_stories_start_on(sample):
    result, reader = sample
    manifest, _ = read_manifest(SAMPLE)
    front = normalise(reader.pages[0].extract_text())
    for teaser in manifest.teasers:
        page = result.record["articles"][teaser.slug]["first_page"]
        assert page == planned_pages(manifest)[teaser.slug].first
        assert normalise(f"Page {page}") in front


def test_inside_list_gives_each_section_its_first_page(sample):
    result, reader = sample
    manifest, _ = read_manifest(SAMPLE)
    front = normalise(reader.pages[0].extract_text())
    assert "inside" in front
    seen = set()
    for section in manifest.sections[1:]:
        if section.name in seen:
            continue
        seen.add(section.name)
        first = section.articles[0]
        assert result.record["articles"][first.slug]["first_page"] == section.pages.first
        assert normalise(f"{section.name} {section.pages.first}") in front, section.name


def test_print_pdf_passes_the_newspaper_preflight(sample):
    result, reader = sample
    report = result.record["preflight"]
    assert report["profile"] == "newspaper" and report["passed"], report["findings"]
    assert report["pdfx_version"] == "PDF/X-4" and report["errors"] == 0
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/DestOutputProfile"].get_object()["/N"] == 4
    assert result.record["print"]["icc_profile_sha256"] == hashlib.sha256(
        (ROOT / result.record["print"]["icc_profile"]).read_bytes()).hexdigest()


def _poppler(*command) -> list[str]:
    """Poppler's own reading of the PDF: an independent look, not our code."""
    return subprocess.run([str(part) for part in command], capture_output=True, text=True,
                          check=True).stdout.splitlines()


def test_poppler_sees_pdfx4_embedded_fonts_and_cmyk_or_gray_images_at_200_ppi(sample):
    result, _ = sample
    info = dict(line.split(":", 1) for line in _poppler("pdfinfo", result.pdf_path) if ":" in line)
    assert info["PDF subtype"].strip() == "PDF/X-4"
    fonts = _poppler("pdffonts", result.pdf_path)[2:]
    assert len(fonts) >= 6
    for line in fonts:  # name type encoding emb sub uni object ID
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], line
    images = _poppler("pdfimages", "-list", result.pdf_path)[2:]
    manifest = read_manifest(SAMPLE)[0]
    raster_ads = [ad for ad in manifest.ads if ad.file and not ad.file.endswith(".pdf")]
    assert len(images) == len(raster_ads) + sum(len(read_article(SAMPLE, slug).pictures)
                                                for slug in planned_pages(manifest))
    for line in images:
        fields = line.split()
        colour, x_ppi, y_ppi = fields[5], int(fields[12]), int(fields[13])
        assert colour in ("cmyk", "gray") and min(x_ppi, y_ppi) >= 200, line


def test_every_booked_ad_sits_in_its_slot_on_its_page(sample):
    result, _ = sample
    ads = result.record["ads"]
    assert len(ads) == len(read_manifest(SAMPLE)[0].ads) == 4
    for ad in ads:
        assert ad["status"] == "placed"
        placed, = ad_placements(result.pdf_path, ad["page"])
        slot = ad["slot_mm"]
        assert placed["clip_mm"] == pytest.approx(
            (slot["x"], slot["y"], slot["width"], slot["height"]), abs=0.5), ad


def test_copyfit_report_shows_the_half_page_ad_on_the_letters_page():
    from click.testing import CliRunner
    from pressroom.cli import main
    result = CliRunner().invoke(main, ["fit", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()[2:-1]}
    for slug in ("letters", "corrections"):
        assert " FIT " in rows[slug] and rows[slug].endswith("ad space: p11 half-horizontal (193 mm)")


def test_sample_imposes_as_one_saddle_section_and_verifies(sample, tmp_path):
    from pressroom.impose import impose, verify
    result, _ = sample
    imposed = tmp_path / "imposed.pdf"
    imposition = impose(result.pdf_path, imposed, scheme_name="saddle", project_root=ROOT)
    assert [side["pages"] for side in imposition.pairing()][:3] == [[16, 1], [2, 15], [14, 3]]
    check = verify(imposed, result.pdf_path)
    assert check.passed, check.problems
    fonts = _poppler("pdffonts", imposed)[2:]
    assert fonts and all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in fonts)
