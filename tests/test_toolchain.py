"""Back issues outlive the Pressroom that made them (issue 22): a signed-off issue is rebuilt
by the Pressroom that signed it, installed in a toolchain of its own, never re-signed.

The main test is a real one: a temporary clone of this repository signs an issue off,
commits a change to Pressroom that alters every PDF's bytes, and shows that the old issue
still verifies (through the locked toolchain) while a fresh build of it differs; then a pack
made with --wheels is rebuilt with the package registry unreachable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pressroom.archive import LOCK, read_lock, rebuild, rebuild_pack
from pressroom.cli import main
from pressroom.errors import InputError
from pressroom.provenance import running_pressroom, running_source_root, source_digest
from pressroom.toolchain import TOOLCHAINS_ENV, locked_pressroom

from conftest import PRESSROOM, ROOT, make_mini_issue

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
# pip with the registry out of reach: no configuration file (this machine's names local
# mirrors), an index on a closed port, no retries.
NO_REGISTRY = {"PIP_CONFIG_FILE": os.devnull, "PIP_INDEX_URL": "http://127.0.0.1:9/simple",
               "PIP_RETRIES": "0", "PIP_TIMEOUT": "2"}
# The change committed in the clone: one more Info entry in every PDF Pressroom writes.
METADATA_LINE = "    writer.add_metadata(dict(parts.metadata.items()))\n"
CHANGED_LINE = METADATA_LINE + '    writer.add_metadata({"/Keywords": "a later Pressroom"})\n'


def git(folder: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout.strip()


def clone_pressroom(folder: Path, *args, env: dict | None = None, cwd: Path | None = None):
    """The clone's own Pressroom (its src/ first on the path), run in ``cwd``."""
    environment = {**os.environ, "PYTHONPATH": str(folder / "src"), **(env or {})}
    return subprocess.run([str(PRESSROOM), *map(str, args)], cwd=cwd or folder, env=environment,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> dict:
    """A clone of this repository with a small issue signed off by the clone's Pressroom,
    then a committed change to Pressroom that alters the bytes of every PDF."""
    folder = tmp_path_factory.mktemp("toolchain") / "pressroom"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(folder)], check=True)
    issue = make_mini_issue(folder)
    manifest = issue / "issue.yaml"  # January: its sign-off pins a new frozen layout, tabloid@2027-01
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("date: 2026-12-01", "date: 2027-01-01"),
                        encoding="utf-8")
    git(folder, "add", "issues")
    git(folder, "commit", "-q", "-m", "A small issue")
    signed = clone_pressroom(folder, "signoff", issue)
    assert signed.returncode == 0, signed.stderr
    git(folder, "add", "issues", "layouts")
    git(folder, "commit", "-q", "-m", "Sign off the small issue")
    signing_commit = git(folder, "rev-parse", "HEAD")
    chunks = folder / "src" / "pressroom" / "chunks.py"
    code = chunks.read_text(encoding="utf-8")
    assert code.count(METADATA_LINE) == 1, "the line this test changes has moved: update METADATA_LINE"
    chunks.write_text(code.replace(METADATA_LINE, CHANGED_LINE), encoding="utf-8")
    git(folder, "commit", "-q", "-am", "A later Pressroom: every PDF's bytes change")
    return {"folder": folder, "issue": issue, "signing_commit": signing_commit,
            "lock": json.loads((issue / LOCK).read_text(encoding="utf-8"))}


def test_signoff_records_the_pressroom_that_signed(clone):
    signed_by = clone["lock"]["pressroom_source"]
    # The clone's Pressroom signed at the commit before the sign-off's own commit.
    assert signed_by["commit"] == git(clone["folder"], "rev-parse", f"{clone['signing_commit']}~1")
    assert signed_by["version"] == clone["lock"]["pressroom"]
    with_source = clone["folder"] / "signed-source"
    subprocess.run(f"git archive {signed_by['commit']} src pyproject.toml constraints.txt debian-packages.txt"
                   f" | (mkdir -p {with_source} && tar -x -C {with_source})", shell=True, check=True,
                   cwd=clone["folder"])
    assert source_digest(with_source) == signed_by["source_sha256"]
    shutil.rmtree(with_source)


def test_after_a_byte_changing_commit_the_old_issue_verifies_by_its_own_pressroom(clone):
    folder, issue = clone["folder"], clone["issue"]
    fresh = clone_pressroom(folder, "build", issue)
    assert fresh.returncode == 0, fresh.stderr
    built = json.loads((folder / "build" / issue.name / "build.json").read_text(encoding="utf-8"))
    assert built["output"]["sha256"] != clone["lock"]["output"]["sha256"]  # this Pressroom's bytes differ
    verified = clone_pressroom(folder, "rebuild", issue, "--verify", "--json")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    result = json.loads(verified.stdout)
    assert result["status"] == "verified"
    assert result["rebuilt_sha256"] == clone["lock"]["output"]["sha256"]
    commit = clone["lock"]["pressroom_source"]["commit"]
    assert result["rebuilt_by"].startswith(f"Pressroom {clone['lock']['pressroom']} at {commit[:10]} (toolchain ")
    # The lock was not rewritten: the old issue verifies as it was signed.
    assert json.loads((issue / LOCK).read_text(encoding="utf-8")) == clone["lock"]
    assert not git(folder, "status", "--porcelain", "--", "issues")


def test_a_pack_with_wheels_rebuilds_with_no_package_registry(clone, tmp_path):
    folder, issue = clone["folder"], clone["issue"]
    package = tmp_path / "mini.tar.gz"
    packed = clone_pressroom(folder, "pack", issue, "-o", package, "--wheels")
    assert packed.returncode == 0, packed.stderr
    with tarfile.open(package) as tar:
        names = tar.getnames()
        source = json.loads(tar.extractfile("pressroom/SOURCE.json").read())
    assert source["source_sha256"] == clone["lock"]["pressroom_source"]["source_sha256"]
    assert "pressroom/src/pressroom/chunks.py" in names and "pressroom/constraints.txt" in names
    assert any(name.startswith("wheels/weasyprint-70.0-") for name in names)
    assert any(name.startswith("wheels/setuptools-") for name in names)
    # An empty folder, a toolchain folder of its own (nothing made before), no registry.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    offline = {**NO_REGISTRY, TOOLCHAINS_ENV: str(tmp_path / "toolchains")}
    rebuilt = clone_pressroom(folder, "rebuild", package, "--verify", "--json", env=offline, cwd=elsewhere)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert json.loads(rebuilt.stdout)["status"] == "verified"
    made = json.loads(next((tmp_path / "toolchains").glob("*/toolchain.json")).read_text())
    assert made["offline"] is True and made["source_sha256"] == source["source_sha256"]


def test_without_wheels_and_without_a_registry_the_toolchain_cannot_be_made(clone, tmp_path):
    offline = {**NO_REGISTRY, TOOLCHAINS_ENV: str(tmp_path / "toolchains")}
    result = clone_pressroom(clone["folder"], "rebuild", clone["issue"], "--verify", env=offline)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "installing the locked Pressroom" in result.stderr and "failed" in result.stderr
    assert "--wheels" in result.stderr
    assert not any((tmp_path / "toolchains").glob("*/toolchain.json"))  # no half-made toolchain kept


def test_an_issue_changed_since_signoff_is_not_handed_to_the_old_pressroom(clone, tmp_path):
    folder = tmp_path / "changed"
    shutil.copytree(clone["folder"], folder, symlinks=True)
    issue = folder / "issues" / clone["issue"].name
    article = issue / "articles" / "two.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    result = clone_pressroom(folder, "rebuild", issue, "--verify", "--json")
    assert result.returncode == 1
    answer = json.loads(result.stdout)
    assert answer["status"] == "differs" and answer["rebuilt_sha256"] is None
    assert answer["reasons"][0] == f"input file issues/{issue.name}/articles/two.md has changed"
    assert answer["reasons"][-1].startswith("not rebuilt: Pressroom")


def test_a_pack_whose_pressroom_source_was_altered_is_refused(clone, tmp_path):
    package = tmp_path / "mini.tar.gz"
    assert clone_pressroom(clone["folder"], "pack", clone["issue"], "-o", package).returncode == 0
    unpacked = tmp_path / "unpacked"
    with tarfile.open(package) as tar:
        tar.extractall(unpacked, filter="data")
    build = unpacked / "pressroom" / "src" / "pressroom" / "build.py"
    build.write_text(build.read_text(encoding="utf-8") + "\nimport os  # a stranger's addition\n", encoding="utf-8")
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(altered, "w:gz") as tar:
        for path in sorted(unpacked.rglob("*")):
            tar.add(path, path.relative_to(unpacked).as_posix(), recursive=False)
    with pytest.raises(InputError, match="the Pressroom source in this pack is not the one that signed the issue"):
        rebuild_pack(altered, trusted=True)


def test_a_pack_whose_pressroom_this_repository_cannot_vouch_for_is_not_run(clone, tmp_path):
    """A pack signed by a Pressroom whose commit is not in this repository's history: its
    source is code from whoever made the pack, run only when asked to trust it."""
    package = tmp_path / "mini.tar.gz"
    assert clone_pressroom(clone["folder"], "pack", clone["issue"], "-o", package).returncode == 0
    # This (the repository's) Pressroom knows neither the clone's later commit nor, when the
    # clone's signing source differs from its own, that one: the clone's change is unknown here.
    later = git(clone["folder"], "rev-parse", "HEAD")
    assert not subprocess.run(["git", "cat-file", "-e", f"{later}^{{commit}}"], cwd=ROOT,
                              capture_output=True).returncode == 0
    unpacked = tmp_path / "unpacked"
    with tarfile.open(package) as tar:
        tar.extractall(unpacked, filter="data")
    shutil.copyfile(clone["folder"] / "src" / "pressroom" / "chunks.py",
                    unpacked / "pressroom" / "src" / "pressroom" / "chunks.py")  # the later source
    lock_path = unpacked / "issues" / clone["issue"].name / LOCK
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    lock["pressroom_source"] = {"version": lock["pressroom"], "commit": later,
                                "source_sha256": source_digest(unpacked / "pressroom")}
    lock_path.write_text(json.dumps(lock, indent=2), encoding="utf-8")
    source_json = unpacked / "pressroom" / "SOURCE.json"
    source_json.write_text(json.dumps({**json.loads(source_json.read_text()), "commit": later}), encoding="utf-8")
    unknown = tmp_path / "unknown.tar.gz"
    with tarfile.open(unknown, "w:gz") as tar:
        for path in sorted(unpacked.rglob("*")):
            tar.add(path, path.relative_to(unpacked).as_posix(), recursive=False)
    result = CliRunner().invoke(main, ["rebuild", str(unknown), "--verify"])
    assert result.exit_code == 2
    assert "this repository's git history cannot vouch for it" in result.output
    assert "--trust-packed-pressroom" in result.output


def test_the_sample_issues_name_no_commit_and_git_finds_the_one_that_signed_them():
    for name in ("ledger-2026-11", "ledger-2026-12"):
        issue = ROOT / "issues" / name
        lock = read_lock(issue)
        assert "pressroom_source" not in lock and lock["pressroom"] == "0.2.0"
        locked = locked_pressroom(lock, issue / LOCK)
        assert locked.commit == git(ROOT, "log", "-1", "--format=%H", "--", f"issues/{name}/{LOCK}")
        assert locked.found_by == "the commit that last wrote the lock"


def test_a_lock_that_git_cannot_place_needs_the_commit_given(tmp_path):
    issue = tmp_path / "issues" / "ledger-2026-11"
    shutil.copytree(ROOT / "issues" / "ledger-2026-11", issue)  # outside any repository
    with pytest.raises(InputError, match="recorded no commit, and git has no history of it here") as error:
        locked_pressroom(read_lock(issue), issue / LOCK)
    assert "--pressroom-commit" in str(error.value)
    commit = git(ROOT, "log", "-1", "--format=%H", "--", f"issues/ledger-2026-11/{LOCK}")
    given = locked_pressroom(read_lock(issue), issue / LOCK, commit)
    assert given.commit == commit and given.found_by == "given on the command line"


def test_a_commit_given_on_the_command_line_must_be_a_commit_name():
    result = CliRunner().invoke(main, ["rebuild", str(ROOT / "issues" / "ledger-2026-11"), "--verify",
                                       "--pressroom-commit", "--output=/tmp/x"])
    assert result.exit_code == 2 and "'--output=/tmp/x' is not a git commit" in result.output
    from pressroom.toolchain import export_source

    # A well-formed name git does not know: refused when its source is asked for, nothing written.
    issue = ROOT / "issues" / "ledger-2026-11"
    locked = locked_pressroom(read_lock(issue), issue / LOCK, "0123456789abcdef")
    with pytest.raises(InputError, match="commit 0123456789abcdef is not in the git history"):
        export_source(locked.commit, ROOT, ROOT / "build" / "never-made")
    assert not (ROOT / "build" / "never-made").exists()


def test_a_lock_naming_a_malformed_commit_is_refused_at_its_line(tmp_path):
    issue = tmp_path / "issues" / "ledger-2026-11"
    shutil.copytree(ROOT / "issues" / "ledger-2026-11", issue)
    lock = json.loads((issue / LOCK).read_text(encoding="utf-8"))
    lock["pressroom_source"] = {"version": "0.2.0", "commit": "HEAD; rm -rf /", "source_sha256": "0" * 64}
    (issue / LOCK).write_text(json.dumps(lock, indent=2, sort_keys=True), encoding="utf-8")
    with pytest.raises(InputError, match="must be a git commit: 40 lower-case hex digits"):
        read_lock(issue)


def test_a_toolchains_pressroom_never_asks_for_another_toolchain(monkeypatch):
    """Inside a toolchain (PRESSROOM_TOOLCHAIN set), a lock that is not the running source's
    is refused, not answered by making yet another toolchain (which could wait on itself)."""
    monkeypatch.setenv("PRESSROOM_TOOLCHAIN", "0.2.0-test")
    result = CliRunner().invoke(main, ["rebuild", str(ROOT / "issues" / "ledger-2026-11"), "--verify"])
    assert result.exit_code == 2
    assert "the Pressroom of toolchain 0.2.0-test asked for another toolchain" in result.output


def test_the_running_pressroom_knows_its_source():
    running = running_pressroom()
    assert running_source_root() == ROOT
    assert running["source_sha256"] == source_digest(ROOT)
    assert running["commit"] == git(ROOT, "rev-parse", "HEAD")
