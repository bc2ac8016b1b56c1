"""Files written whole or not at all, and the error a save reports. Imports nothing of syncgame.

`atomic_write(path, data)` replaces a file so that a reader, or the next start after a crash or
a kill, sees the old content or the new one, never a mix: the data goes to a temporary file in
the same folder (`.<stem>-<random>.tmp`), is flushed and fsynced, takes the old file's mode and
is `os.replace`d over the old file; then the folder is fsynced, so the rename itself is durable.
Whatever fails (Ctrl+C too), the old file is untouched and the temporary file is removed; only a
killed process leaves one behind, which `remove_stale_temps` clears later.
`save_bytes(path, data)` is the same write with its failure told as a one-sentence `SaveError`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"
NEW_FILE_MODE = 0o644
"""The mode of a file that did not exist before (an existing file keeps its own)."""


class SaveError(Exception):
    """A file could not be saved, or a saved file cannot be used: the message says why in one
    sentence. A save that fails leaves the previous version on disk untouched."""


def atomic_write(path: Path | str, data: bytes, *, new_file_mode: int = NEW_FILE_MODE) -> Path:
    """Replace the file at `path` with `data` atomically, creating its folder if needed.

    Raises OSError; whatever fails, the file keeps its previous content and no temporary file
    is left behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_and_replace(path, *_temp_file(path), data, new_file_mode)
    return path


def save_bytes(path: Path | str, data: bytes, *, new_file_mode: int = NEW_FILE_MODE) -> Path:
    """`atomic_write`, raising SaveError with a reason a player can act on instead of OSError."""
    path = Path(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SaveError(
            f"cannot create the folder {folder}: {_reason(error)}; nothing was saved"
        ) from error
    try:
        descriptor, temp = _temp_file(path)
    except OSError as error:
        raise SaveError(
            f"cannot save to {folder}: {_reason(error)}; nothing was changed on disk"
        ) from error
    try:
        _write_and_replace(path, descriptor, temp, data, new_file_mode)
    except OSError as error:
        raise SaveError(
            f"cannot save {path}: {_reason(error)}; the previous version is kept"
        ) from error
    return path


def remove_stale_temps(path: Path, older_than: float, now: float | None = None) -> None:
    """Remove the temporary files of writes to `path` that never finished (the process was
    killed midway) and are over `older_than` seconds old: a younger one may be another
    process's write in progress."""
    now = time.time() if now is None else now
    try:
        leftovers = list(path.parent.glob(f"{_temp_prefix(path)}*{TEMP_SUFFIX}"))
    except OSError:
        return
    for temp in leftovers:
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime > older_than:
                temp.unlink()


def _temp_prefix(path: Path) -> str:
    return f".{path.stem}-"


def _temp_file(path: Path) -> tuple[int, Path]:
    descriptor, name = tempfile.mkstemp(
        prefix=_temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent
    )
    return descriptor, Path(name)


def _write_and_replace(
    path: Path, descriptor: int, temp: Path, data: bytes, new_file_mode: int
) -> None:
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            mode = path.stat().st_mode & 0o7777 if path.exists() else new_file_mode
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:  # also KeyboardInterrupt: never leave the temporary file behind
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the OS allows opening a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (is the folder read-only?)"
    if error.errno == errno.EROFS:
        return "the file system is read-only"
    if error.errno == errno.ENOSPC:
        return "no space left on the device"
    return error.strerror or str(error)


__all__ = [
    "SaveError",
    "atomic_write",
    "remove_stale_temps",
    "save_bytes",
    "NEW_FILE_MODE",
    "TEMP_SUFFIX",
]
