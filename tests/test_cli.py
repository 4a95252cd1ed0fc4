"""The command line: help, version, usage errors."""

from __future__ import annotations

from click.testing import CliRunner

from pressroom import __version__
from pressroom.cli import main


def test_help_lists_build():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "build" in result.output


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_usage_error_exits_2():
    assert CliRunner().invoke(main, ["build"]).exit_code == 2
    assert CliRunner().invoke(main, ["no-such-command"]).exit_code == 2


def test_missing_issue_folder_exits_2_without_traceback(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "is not a folder" in result.output and "Traceback" not in result.output
