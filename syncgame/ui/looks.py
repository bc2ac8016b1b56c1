"""How a snapshot looks: each thread's visual state, each primitive's picture and caption.

Pure functions of the runtime's snapshot dicts (see docs/architecture.md); no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from syncgame.texts import tr

GLYPHS = {
    "running": "▶",
    "runnable": "○",
    "critical": "■",
    "blocked": "◆",
    "barrier": "‖",
    "sleeping": "z",
    "done": "✓",
    "crashed": "✗",
}


@dataclass(frozen=True)
class ThreadLook:
    state: str
    """running | runnable | critical | blocked | barrier | sleeping | done | crashed"""
    glyph: str
    label: str
    place: str | None
    """The primitive or shared variable the sprite stands at, None = at home."""


def _obj_of_op(op: str | None) -> str | None:
    if not op:
        return None
    parts = op.split()
    return parts[-1] if len(parts) > 1 else None


def thread_look(
    info: dict, primitives: dict, shared: dict, lang: str = "en", last_obj: str | None = None
) -> ThreadLook:
    """`last_obj`: what the thread's last step touched (the snapshot has no pending op for the
    thread that just ran)."""
    status = info.get("status", "runnable")
    waiting = info.get("waiting_for")
    holding = [h for h in info.get("holding") or () if h in primitives]
    op_obj = _obj_of_op(info.get("op")) or last_obj
    place: str | None = None
    obj = ""
    if status == "crashed":
        state = "crashed"
    elif status == "done":
        state = "done"
    elif status == "blocked":
        obj = waiting or "?"
        kind = (primitives.get(waiting) or {}).get("type")
        state = "barrier" if kind == "Barrier" else "blocked"
        place = waiting
    elif status == "sleeping":
        state = "sleeping"
    elif holding:
        state = "critical"
        obj = holding[-1]
        place = op_obj if op_obj in primitives else obj
    else:
        state = "running" if status == "running" else "runnable"
        if op_obj in primitives or op_obj in shared:
            place = op_obj
    word = tr(f"look.{state}", lang, obj=obj)
    return ThreadLook(state, GLYPHS[state], f"{GLYPHS[state]} {word}", place)


@dataclass(frozen=True)
class ObjectLook:
    kind: str
    frame: str
    """Key of the picture in assets/objects.txt."""
    lines: tuple[tuple[str, str], ...]
    """Caption lines under the picture: (text, style key)."""
    active: bool
    """Taken, set, full...: the picture is drawn in the accent colour."""


def _names(values) -> str:
    """Thread ids, short: instances of one thread share their name (`inc#1,2,3` for
    inc#1 inc#2 inc#3), so a crowd fits under an object."""
    groups: dict[str, list[str]] = {}
    for value in values or ():
        name, mark, number = str(value).partition("#")
        groups.setdefault(name if mark else str(value), []).append(number if mark else "")
    parts = []
    for name, numbers in groups.items():
        shown = _ranges([n for n in numbers if n])
        parts.append(f"{name}#{shown}" if shown else name)
    return " ".join(parts)


def _ranges(numbers: list[str]) -> str:
    """ "1,2,3,5" -> "1-3,5": three or more consecutive instance numbers as a range."""
    parts: list[str] = []
    run: list[int] = []

    def close() -> None:
        if len(run) >= 3:
            parts.append(f"{run[0]}-{run[-1]}")
        else:
            parts.extend(str(n) for n in run)
        run.clear()

    for text in numbers:
        if not text.isdigit():
            close()
            parts.append(text)
            continue
        number = int(text)
        if run and number != run[-1] + 1:
            close()
        run.append(number)
    close()
    return ",".join(parts)


def waiting_caption(prefix: str, waiters) -> str:
    """`wait: inc#1` for one waiter; with more, their count first, so a caption cut short
    still says how many wait."""
    count = len(waiters)
    return (f"{count} " if count > 1 else "") + prefix + _names(waiters)


def _get(info: dict, *keys, default=None):
    for key in keys:
        if key in info and info[key] is not None:
            return info[key]
    return default


def object_look(info: dict, lang: str = "en") -> ObjectLook:
    kind = info.get("type", "?")
    waiters = _get(info, "waiters", default=[]) or []
    queue = ("obj.wait", waiting_caption(tr("look.wait", lang), waiters)) if waiters else None
    lines: list[tuple[str, str]] = []
    if kind in ("Lock", "RLock"):
        holder = _get(info, "holder", "owner")
        locked = bool(_get(info, "locked", default=holder is not None))
        frame = "Lock.locked" if locked else "Lock.unlocked"
        if locked:
            count = _get(info, "count", default=1)
            extra = f" ×{count}" if kind == "RLock" and count and count > 1 else ""
            who = holder if holder else "?"
            lines.append(("obj.held", tr("look.held", lang) + f"{who}{extra}"))
        else:
            lines.append(("obj.free", tr("look.free", lang)))
        active = locked
    elif kind in ("Semaphore", "BoundedSemaphore"):
        value = int(_get(info, "value", "count", default=0))
        initial = _get(info, "initial", "bound", "max")
        frame = "Semaphore.open" if value > 0 else "Semaphore.closed"
        tokens = "●" * min(value, 8)
        if initial is not None and initial > value:
            tokens += "○" * min(initial - value, 8)
        lines.append(("obj.free" if value else "obj.held", f"{tokens} {value}"))
        holders = _get(info, "holders", default=None)
        if holders:
            lines.append(("obj.held", tr("look.in", lang) + _names(holders)))
        active = value == 0
    elif kind == "Barrier":
        parties = _get(info, "parties", default="?")
        n_waiting = _get(info, "n_waiting", default=len(waiters))
        broken = bool(_get(info, "broken", default=False))
        frame = "Barrier.broken" if broken else "Barrier.closed"
        if not broken and _get(info, "passed", default=False):
            frame = "Barrier.open"
        text = f"{n_waiting}/{parties}"
        if broken:
            text += tr("look.broken", lang)
        lines.append(("obj.alert" if broken else "obj.held", text))
        active = broken
        queue = None if not waiters else ("obj.wait", waiting_caption("‖ ", waiters))
    elif kind == "Event":
        flag = bool(_get(info, "set", "flag", "is_set", default=False))
        frame = "Event.set" if flag else "Event.clear"
        lines.append(
            (
                "obj.free" if flag else "obj.held",
                tr("look.set" if flag else "look.clear", lang),
            )
        )
        active = flag
    elif kind == "Condition":
        frame = "Condition.ringing" if _get(info, "notified", default=False) else "Condition.idle"
        holder = _get(info, "holder", "owner")
        lines.append(
            (
                "obj.held" if holder else "obj.free",
                tr("look.held", lang) + holder if holder else tr("look.free", lang),
            )
        )
        active = bool(holder)
    elif kind == "Queue":
        items = _get(info, "items", default=None)
        size = (
            len(items) if isinstance(items, list) else int(_get(info, "qsize", "size", default=0))
        )
        maxsize = _get(info, "maxsize", default=0) or 0
        frame = "Queue.box"
        cap = f"/{maxsize}" if maxsize else ""
        lines.append(
            (
                "obj.held" if maxsize and size >= maxsize else "obj.free",
                f"{size}{cap} " + tr("look.items", lang),
            )
        )
        active = bool(maxsize) and size >= maxsize
    else:
        frame = ""
        lines.append(("obj.free", kind))
        active = False
    if queue:
        lines.append(queue)
    return ObjectLook(kind, frame, tuple(lines), active)


def queue_items(info: dict) -> list[str]:
    items = info.get("items")
    return [str(item) for item in items] if isinstance(items, list) else []
