"""Loaded by Python at start-up when tests run the installed ``pressroom`` command with
this folder on PYTHONPATH (conftest.run_pressroom): every file the process (and the worker
processes it forks) opens or changes is appended to the file PRESSROOM_AUDIT_LOG names,
one resolved path per line with the event, so a test can prove nothing outside the
issue, the project and the output folder was read or written."""

import os
import sys

_log_path = os.environ.get("PRESSROOM_AUDIT_LOG")
_events = {"open", "os.remove", "os.rename", "os.replace", "os.mkdir", "os.symlink", "shutil.rmtree",
           "os.listdir", "os.scandir"}

if _log_path:
    _log = open(_log_path, "a", buffering=1, encoding="utf-8", errors="replace")

    def _audit(event, args):
        if event not in _events or not args:
            return
        path = args[0]
        if isinstance(path, int) or not isinstance(path, (str, bytes, os.PathLike)):
            return
        try:
            resolved = os.path.realpath(os.fsdecode(path))
        except Exception:  # noqa: BLE001 - never disturb the program being audited
            return
        try:
            _log.write(f"{event}\t{resolved}\n")
        except Exception:  # noqa: BLE001
            pass

    sys.addaudithook(_audit)
