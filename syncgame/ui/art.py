"""Text art from `assets/`: whole pictures and named sprite frames."""

from __future__ import annotations

from functools import cache

from syncgame.paths import assets_dir


@cache
def picture(name: str) -> tuple[str, ...]:
    """The lines of `assets/<name>.txt`, right-padded to one width."""
    text = (assets_dir() / f"{name}.txt").read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    width = max((len(line) for line in lines), default=0)
    return tuple(line.ljust(width) for line in lines)


@cache
def frames(name: str) -> dict[str, tuple[str, ...]]:
    """Named frames of `assets/<name>.txt`.

    A line `@ NAME` starts a frame; lines starting with `;` are comments. Every frame of a file
    is padded to the widest line of the file, so frames can be swapped in place.
    """
    text = (assets_dir() / f"{name}.txt").read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.split("\n"):
        if raw.startswith(";"):
            continue
        if raw.startswith("@ "):
            current = found.setdefault(raw[2:].strip(), [])
            continue
        if current is not None:
            current.append(raw.rstrip())
    for lines in found.values():
        while lines and not lines[-1]:
            lines.pop()
    width = max((len(line) for lines in found.values() for line in lines), default=0)
    return {key: tuple(line.ljust(width) for line in lines) for key, lines in found.items()}
