"""Where the shipped levels and assets live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    # A wheel carries the data inside the package (see pyproject's force-include);
    # a source checkout or editable install has it at the repository's top level.
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def levels_dir() -> Path:
    return _data_dir("levels")


def assets_dir() -> Path:
    return _data_dir("assets")
