"""The one atomic writer (progress and level files both save through it) and its SaveError."""

from __future__ import annotations

import os
import time

import pytest

from syncgame import files
from syncgame.files import SaveError, atomic_write, remove_stale_temps, save_bytes


def test_a_new_file_gets_the_mode_asked_for_and_an_old_one_keeps_its_own(tmp_path):
    private = atomic_write(tmp_path / "progress.json", b"{}", new_file_mode=0o600)
    assert private.stat().st_mode & 0o777 == 0o600
    shared = tmp_path / "level.toml"
    shared.write_text("a = 1\n")
    shared.chmod(0o640)
    atomic_write(shared, b"a = 2\n", new_file_mode=0o600)
    assert shared.read_bytes() == b"a = 2\n" and shared.stat().st_mode & 0o777 == 0o640


def test_the_temporary_file_is_in_the_same_folder_and_named_after_the_file(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace

    def replace(source, target):
        seen.append(os.path.basename(source))
        assert os.path.dirname(source) == str(tmp_path)  # a rename, never a copy across disks
        real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", replace)
    atomic_write(tmp_path / "progress.json", b"{}")
    (name,) = seen
    assert name.startswith(".progress-") and name.endswith(files.TEMP_SUFFIX)


def test_save_bytes_says_which_step_failed_and_what_is_left(tmp_path, monkeypatch):
    in_the_way = tmp_path / "file"
    in_the_way.write_text("")
    with pytest.raises(SaveError, match="cannot create the folder .*; nothing was saved"):
        save_bytes(in_the_way / "level.toml", b"")

    def no_temporary(*_args, **_kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(files.tempfile, "mkstemp", no_temporary)
    with pytest.raises(SaveError) as error:
        save_bytes(tmp_path / "level.toml", b"")
    assert str(error.value) == (
        f"cannot save to {tmp_path}: the file system is read-only; nothing was changed on disk"
    )
    assert isinstance(error.value.__cause__, OSError)


def test_atomic_write_raises_the_os_error_itself(tmp_path, monkeypatch):
    def disk_full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left on device"):
        atomic_write(tmp_path / "progress.json", b"{}")
    assert list(tmp_path.iterdir()) == []


def test_only_old_temporary_files_of_that_file_are_removed(tmp_path):
    path = tmp_path / "progress.json"
    old, fresh, other = (
        tmp_path / ".progress-old.tmp",
        tmp_path / ".progress-new.tmp",
        tmp_path / ".level-old.tmp",
    )
    for temp in (old, fresh, other):
        temp.write_text("half")
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    remove_stale_temps(path, older_than=600)
    assert not old.exists() and fresh.exists() and other.exists()
