"""Files written whole or not at all, and the leftovers of writers that died.

Every file Pressroom writes (the print PDF, build.json, cache entries, locks, deliveries)
is written to a temporary file beside it and renamed over it. The temporary name carries
the writer's process id, so the next build can tell a dead writer's leftovers from a
living one's and remove them.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside ``target`` and rename it over: never half a file."""
    os.replace(write_temporary(target, data), target)


def write_temporary(target: Path, data: bytes) -> Path:
    """Write ``data`` whole to a new temporary file beside ``target`` and return it, for the
    caller to rename over ``target``. Its name is unique and carries this process's id, so
    that processes writing the same target never collide and a dead process's leftovers
    can be recognised (``remove_stale_temporaries``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                         dir=target.parent)
    try:
        # mkstemp makes the file private (0600); the PDF is for colleagues and the printer too.
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(handle, 0o666 & ~mask)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        return Path(temporary)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# A temporary file of write_atomically (.NAME.PID.RANDOM.tmp) or of a build's join
# (.NAME.PID.joining): the process id says whether its writer is still at work.
TEMPORARY_NAME = re.compile(r"^\..+\.(\d+)\.(?:[^.]+\.tmp|joining)$")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files in ``folder`` whose writing process is gone (killed
    mid-write, or the machine stopped); returns what was deleted."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = TEMPORARY_NAME.match(entry.name)
        if match and not process_alive(int(match.group(1))):
            try:
                entry.unlink()
                removed.append(entry)
            except OSError:
                pass
    return removed


def process_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (it may belong to someone else)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OverflowError, ValueError):
        return False
    return True
