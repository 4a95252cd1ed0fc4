"""The archive, for real: signed-off issues rebuild byte for byte; an edited article or
layout file is named; a pack rebuilds in an empty folder; signoff pins the layout."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pressroom.archive import LOCK, archive, explain, pack, rebuild, rebuild_pack, signoff
from pressroom.errors import InputError

from conftest import ROOT, SAMPLE, make_mini_issue

SIGNED_OFF = sorted(path.parent.name for path in (ROOT / "issues").glob(f"*/{LOCK}"))


def copied_project(tmp_path: Path, *issues: str) -> Path:
    """A project with real copies (not links) of layouts/, fonts/, profiles/ and the given
    issues, so that every input sits at the same relative path as in the repository."""
    for name in ("layouts", "fonts", "profiles"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for issue in issues:
        shutil.copytree(ROOT / "issues" / issue, tmp_path / "issues" / issue)
    return tmp_path


def git(project: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=project, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
                        "PATH": "/usr/bin:/bin"})


def test_the_repository_has_two_signed_off_issues_with_different_layouts():
    assert SIGNED_OFF == ["ledger-2026-11", "ledger-2026-12"]
    layouts = {json.loads((ROOT / "issues" / name / LOCK).read_text())["layout"] for name in SIGNED_OFF}
    assert layouts == {"tabloid@2026-11", "tabloid@2026-12"}


def test_every_signed_off_issue_verifies_byte_for_byte():
    """The sample issues were signed by Pressroom 0.2.0 (the commit that last wrote their
    locks), never re-signed since: each is rebuilt by that Pressroom's own toolchain."""
    results = archive(ROOT / "issues", jobs=2)
    assert [(result.issue, result.status) for result in results] == [(name, "verified") for name in SIGNED_OFF]
    assert all(result.rebuilt_sha256 == result.locked_sha256 for result in results)
    assert all(result.rebuilt_by.startswith("Pressroom 0.2.0 at ") and "(toolchain 0.2.0-" in result.rebuilt_by
               for result in results)


@pytest.fixture(scope="module")
def resigned(tmp_path_factory) -> Path:
    """A project in git with a copy of the sample issue signed off by this Pressroom (so
    that it is rebuilt in this process), and its print PDF built."""
    project = copied_project(tmp_path_factory.mktemp("resigned"), SAMPLE.name)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "project")
    signoff(project / "issues" / SAMPLE.name)  # builds build/<issue>/: the reference for the page diff
    return project


def test_an_edited_article_and_an_edited_layout_file_are_named_and_restoring_passes(resigned):
    issue = resigned / "issues" / SAMPLE.name
    project = resigned
    first = rebuild(issue)
    assert first.status == "verified" and first.rebuilt_by.startswith("this Pressroom")
    article = issue / "articles" / "tram-extension.md"
    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace(" the ", " a ", 1), encoding="utf-8")
    result = rebuild(issue)
    assert result.status == "differs"
    assert result.reasons == [f"input file issues/{SAMPLE.name}/articles/tram-extension.md has changed"]
    assert result.pages_changed == [3]
    article.write_text(original, encoding="utf-8")
    stylesheet = project / "layouts" / "tabloid@2026-12" / "css" / "story.css"
    css = stylesheet.read_text(encoding="utf-8")
    stylesheet.write_text(css + "\n/* a designer's note */\n", encoding="utf-8")
    result = rebuild(issue)
    assert result.status == "differs"
    assert "layout file layouts/tabloid@2026-12/css/story.css has changed" in result.reasons
    stylesheet.write_text(css, encoding="utf-8")
    assert rebuild(issue).status == "verified"


def test_a_pack_rebuilds_byte_identically_in_an_empty_folder(resigned, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(resigned, project, symlinks=True)
    issue = project / "issues" / SAMPLE.name
    package = tmp_path / "ledger-2026-12.tar.gz"
    members = pack(issue, package)
    assert f"issues/{SAMPLE.name}/{LOCK}" in members and "pdf/ledger-2026-12.pdf" in members
    assert "layouts/tabloid@2026-12/layout.yaml" in members and "fonts/Lato-Regular.ttf" in members
    assert not any(name.startswith("layouts/tabloid/") for name in members)
    # The Pressroom that signed it travels with it (this one: its source is the running source).
    assert "pressroom/SOURCE.json" in members and "pressroom/src/pressroom/build.py" in members
    assert not any(name.startswith("wheels/") for name in members)  # only with --wheels
    shutil.rmtree(project)  # nothing of the original project is left to lean on
    result = rebuild_pack(package)
    assert result.status == "verified", result.reasons
    from pressroom.cli import main
    cli = CliRunner().invoke(main, ["rebuild", str(package), "--verify"])
    assert cli.exit_code == 0 and "verified" in cli.output


def test_signoff_pins_the_layout_and_refuses_uncommitted_layout_changes(tmp_path):
    project = copied_project(tmp_path)
    # The repository's December design is pinned already, and the live design has moved on
    # since: this project has only the live one, to be pinned by this sign-off.
    shutil.rmtree(project / "layouts" / "tabloid@2026-12")
    (project / "issues").mkdir()
    issue = make_mini_issue(project)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "project")
    stylesheet = project / "layouts" / "tabloid" / "css" / "page.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n/* experiment */\n", encoding="utf-8")
    with pytest.raises(InputError, match="layout 'tabloid' has uncommitted changes: layouts/tabloid/css/page.css"):
        signoff(issue)
    git(project, "checkout", "--", "layouts/tabloid/css/page.css")
    lock = signoff(issue)
    assert lock["layout"] == "tabloid@2026-12"
    assert "layout: tabloid@2026-12" in (issue / "issue.yaml").read_text(encoding="utf-8")
    assert (project / "layouts" / "tabloid@2026-12" / "layout.yaml").is_file()
    assert json.loads((issue / LOCK).read_text(encoding="utf-8"))["output"]["sha256"] == lock["output"]["sha256"]
    # The live design moves on; the signed-off issue keeps its own.
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n/* the January redesign */\n",
                          encoding="utf-8")
    assert rebuild(issue).status == "verified"


def test_differences_in_versions_and_settings_are_explained():
    lock = {"inputs": {"a.md": "1"}, "layout": "tabloid@2026-12", "print": {"pdf_variant": "pdf/x-4"},
            "environment": {"python": "3.11.7", "packages": {"weasyprint": "70.0"},
                            "system": {"harfbuzz": "6.0.0"}}}
    now = {"inputs": {"a.md": "1", "b.md": "2"}, "layout": "tabloid@2026-12", "print": {"pdf_variant": "pdf/x-1a"},
           "environment": {"python": "3.11.7", "packages": {"weasyprint": "71.0"},
                           "system": {"harfbuzz": "8.3.0"}}}
    assert explain(lock, now) == ["input file b.md is new", "print settings differ: pdf_variant",
                                  "weasyprint 71.0, locked 70.0", "harfbuzz 8.3.0, locked 6.0.0"]


def test_rebuild_of_an_issue_without_a_lock_is_bad_input(mini_issue):
    from pressroom.cli import main
    result = CliRunner().invoke(main, ["rebuild", str(mini_issue), "--verify"])
    assert result.exit_code == 2 and "not signed off" in result.output


def test_packs_in_a_folder_verify_from_a_file_url_and_a_broken_one_is_a_failed_row(tmp_path):
    """pressroom pack of both sample issues into a folder, then pressroom archive of that
    folder as a file:// URL: each rebuilt by the Pressroom 0.2.0 its pack carries (this
    repository's git vouches for it); a pack that is not one is a failed row, not lost."""
    from pressroom.cli import main

    packs = tmp_path / "packs"
    packed = CliRunner().invoke(main, ["pack", *(str(ROOT / "issues" / name) for name in SIGNED_OFF),
                                       "-o", f"{packs}/"])
    assert packed.exit_code == 0, packed.output
    assert sorted(path.name for path in packs.iterdir()) == [f"{name}.tar.gz" for name in SIGNED_OFF]
    (packs / "ledger-2027-01.tar.gz").write_bytes(b"not a pack at all")
    result = CliRunner().invoke(main, ["archive", f"file://{packs}", "--json"])
    assert result.exit_code == 1
    rows = {row["issue"]: row for row in json.loads(result.output)}
    assert sorted(rows) == ["ledger-2026-11", "ledger-2026-12", "ledger-2027-01"]
    for name in SIGNED_OFF:
        assert rows[name]["status"] == "verified" and rows[name]["rebuilt_by"].startswith("Pressroom 0.2.0 at ")
    assert rows["ledger-2027-01"]["status"] == "failed"
    assert "not a Pressroom pack" in rows["ledger-2027-01"]["reasons"][0]
