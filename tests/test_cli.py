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


def test_the_installed_command_flushes_its_output_and_keeps_its_exit_codes(tmp_path):
    """`pressroom` (cli.run) ends the process without Python's teardown: what it printed
    still arrives through a pipe, and the exit code is the command's."""
    import subprocess
    import sys

    def pressroom(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", "from pressroom.cli import run; run()", *args],
                              capture_output=True, text=True)

    version = pressroom("--version")
    assert version.returncode == 0 and __version__ in version.stdout
    missing = pressroom("build", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "is not a folder" in missing.stderr and "Traceback" not in missing.stderr
    assert pressroom("no-such-command").returncode == 2
