"""The stage as a picture: objects, shared variables and walking sprites drawn from a snapshot.

Pure Python (no Textual): `Scene.show()` takes the runtime's snapshot (and the event that led to
it), `Scene.draw(width, height, now)` returns a Canvas. Sprites walk towards where their state puts
them; positions follow elapsed time, so a late frame catches up instead of slowing down. With
`animate=False` everything stands at its target and a fixed frame is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from syncgame.ui.art import frames
from syncgame.ui.canvas import Canvas, centre, crop
from syncgame.ui.looks import ThreadLook, object_look, queue_items, thread_look

WALK_SPEED = 24.0
"""Columns a second."""
FLASH_SECONDS = 0.9
SAY_SECONDS = 2.0
"""How long a thread's log line stays over its head."""
FRAME_SECONDS = 0.25
"""How long one pose of a walking or running sprite lasts."""
SPRITE_ROWS = 5
"""3 rows of art, the thread id, the state label."""
FULL_OBJECT_ROWS = 8
"""5 rows of picture, the name, 2 caption lines."""
COMPACT_OBJECT_ROWS = 3


@dataclass
class Walk:
    x: float
    start: float
    target: float
    since: float


@dataclass(frozen=True)
class Flash:
    var: str
    writer: str
    lost: str | None
    """The thread whose write this one overwrote unseen (a lost update), if any."""
    since: float


class WriteTracker:
    """Spots lost updates in a stream of events: a write based on a read that another
    thread's write made stale."""

    def __init__(self) -> None:
        self.reads: dict[tuple[str, str], int] = {}
        self.writes: dict[str, tuple[int, str]] = {}

    def feed(self, event: dict) -> tuple[str, str | None] | None:
        """(var, overwritten writer or None) for a write event, None otherwise."""
        op, var, thread = event.get("op"), event.get("obj"), event.get("thread")
        step = int(event.get("step", 0))
        if not var or not thread:
            return None
        if op == "read":
            self.reads[(thread, var)] = step
            return None
        if op != "write":
            return None
        lost = None
        read_at = self.reads.get((thread, var))
        previous = self.writes.get(var)
        if read_at is not None and previous and previous[0] > read_at and previous[1] != thread:
            lost = previous[1]
        self.writes[var] = (step, thread)
        return var, lost


class Scene:
    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.snapshot: dict = {"threads": {}, "primitives": {}, "shared": {}, "time": 0.0}
        self.event: dict | None = None
        self.banner: tuple[str, str] | None = None
        self.numbered = False
        self.exceptions: dict[str, str] = {}
        """Each crashed thread's exception, shown over it ("RuntimeError: release unlocked lock")."""
        """Show each thread's number (the key that moves it in scheduler mode)."""
        self.flash: Flash | None = None
        self.tracker = WriteTracker()
        self.said: dict[str, tuple[str, float]] = {}
        """What each thread logged last, and when (a speech bubble)."""
        self.walks: dict[str, Walk] = {}
        self._layout_key: tuple | None = None
        self._sprites = frames("sprites")
        self._objects = frames("objects")

    # --- model ---------------------------------------------------------------------------

    def reset(self) -> None:
        self.tracker = WriteTracker()
        self.said = {}
        self.flash = None
        self.banner = None
        self.event = None

    def show(
        self,
        snapshot: dict,
        event: dict | None = None,
        now: float = 0.0,
        history: list[dict] | None = None,
    ) -> None:
        """Show a new state; `event` is the step that produced it (for flashes). `history`,
        the events before it, is given when the scene did not see them one by one (a jump)."""
        if history is not None:
            self.tracker = WriteTracker()
            self.flash = None
            for past in history:
                self.tracker.feed(past)
        self.snapshot = snapshot
        self.event = event
        if event is not None and event.get("op") == "log":
            self.said[event.get("thread", "?")] = (_unquote(str(event.get("result", ""))), now)
        if event is not None:
            written = self.tracker.feed(event)
            if written is not None:
                self.flash = Flash(written[0], event.get("thread", "?"), written[1], now)
        self._retarget(now)

    def set_banner(self, text: str | None, style: str = "banner") -> None:
        self.banner = (text, style) if text else None

    # --- layout --------------------------------------------------------------------------

    def looks(self) -> dict[str, ThreadLook]:
        primitives = self.snapshot.get("primitives", {})
        shared = self.snapshot.get("shared", {})
        event = self.event or {}
        return {
            tid: thread_look(
                info,
                primitives,
                shared,
                self.lang,
                event.get("obj") if event.get("thread") == tid else None,
            )
            for tid, info in self.snapshot.get("threads", {}).items()
        }

    def _slots(
        self, width: int, compact: bool
    ) -> tuple[tuple[int, int], dict[str, tuple[int, int]]]:
        """Where the shared box and each primitive stand: (x, width)."""
        shared_width = self._shared_width()
        widths: dict[str, int] = {}
        for name, info in self.snapshot.get("primitives", {}).items():
            look = object_look(info, self.lang)
            caption = max((cell_len(text) for _, text in look.lines), default=0)
            if compact:
                widths[name] = max(len(name) + 1, min(caption + 1, 13))
            else:
                widths[name] = max(9, len(name) + 2, min(caption + 1, 16))
        gap = 1 if compact else 3
        total = shared_width + sum(w + gap for w in widths.values())
        x = max(1, (width - total) // 2)
        shared_slot = (x, shared_width)
        x += shared_width + gap
        slots: dict[str, tuple[int, int]] = {}
        for name, slot in widths.items():
            slots[name] = (x, slot)
            x += slot + gap
        return shared_slot, slots

    def _shared_width(self) -> int:
        rows = [f" {k} = {_show(v)} " for k, v in self.snapshot.get("shared", {}).items()]
        return max([len(r) for r in rows] + [12]) + 2

    def _targets(self, width: int) -> dict[str, float]:
        compact = self._layout_key is not None and self._compact(width, self._layout_key[1])
        (shared_x, shared_w), slots = self._slots(width, compact)
        looks = self.looks()
        ids = list(looks)
        n = max(1, len(ids))
        cell = self._cell(width, n)
        homes = {
            tid: cell / 2 + index * max(cell, (width - cell) / max(1, n - 1) if n > 1 else 0)
            for index, tid in enumerate(ids)
        }
        wanted: dict[str, float] = {}
        for tid, look in looks.items():
            if look.place in slots:
                x, w = slots[look.place]
                wanted[tid] = x + w // 2
            elif look.place is not None and look.place in self.snapshot.get("shared", {}):
                wanted[tid] = shared_x + shared_w // 2
            else:
                wanted[tid] = homes[tid]
        return _spread(wanted, ids, cell, width)

    def _compact(self, width: int, height: int) -> bool:
        """Captions only (no pictures) when the stage is short, or too narrow for the row of
        pictures."""
        if height < FULL_OBJECT_ROWS + SPRITE_ROWS + 1:
            return True
        _shared, slots = self._slots(width, False)
        return any(x + w > width for x, w in slots.values())

    @staticmethod
    def _cell(width: int, n: int) -> int:
        return max(5, min(16, (width - 1) // max(1, n)))

    def _retarget(self, now: float) -> None:
        if self._layout_key is None:
            return
        width = self._layout_key[0]
        for tid, target in self._targets(width).items():
            walk = self.walks.get(tid)
            if walk is None:
                self.walks[tid] = Walk(target, target, target, now)
            elif walk.target != target:
                self.walks[tid] = Walk(walk.x, walk.x, target, now)

    def _advance(self, now: float, animate: bool) -> None:
        for walk in self.walks.values():
            if not animate:
                walk.x = walk.target
                continue
            distance = walk.target - walk.start
            travelled = WALK_SPEED * max(0.0, now - walk.since)
            if travelled >= abs(distance):
                walk.x = walk.target
            else:
                walk.x = walk.start + travelled * (1 if distance > 0 else -1)

    def animating(self, now: float) -> bool:
        """Is anything moving or flashing (is another frame worth drawing)?"""
        if any(walk.x != walk.target for walk in self.walks.values()):
            return True
        if self.flash and now - self.flash.since < FLASH_SECONDS:
            return True
        if any(now - since < SAY_SECONDS for _, since in self.said.values()):
            return True
        return any(look.state in ("running", "critical") for look in self.looks().values())

    # --- drawing -------------------------------------------------------------------------

    def draw(self, width: int, height: int, now: float = 0.0, animate: bool = True) -> Canvas:
        canvas = Canvas(width, height)
        if width < 10 or height < 4:
            return canvas
        key = (width, height, tuple(self.snapshot.get("threads", {})))
        if key != self._layout_key:
            self._layout_key = key
            self.walks = {tid: Walk(t, t, t, now) for tid, t in self._targets(width).items()}
        self._advance(now, animate)
        compact = self._compact(width, height)
        top = 1  # the banner's row
        if self.banner:
            text, style = self.banner
            canvas.put(max(0, (width - cell_len(text)) // 2), 0, crop(text, width), style)
        (shared_x, _shared_w), slots = self._slots(width, compact)
        self._draw_shared(canvas, shared_x, top, now, animate)
        for name, (x, w) in slots.items():
            self._draw_object(canvas, name, x, top, w, compact)
        sprite_top = height - SPRITE_ROWS
        looks = self.looks()
        cell = self._cell(width, len(looks))
        for index, (tid, look) in enumerate(looks.items()):
            walk = self.walks.get(tid)
            x = round(walk.x) if walk else 0
            moving = bool(walk and animate and walk.x != walk.target)
            self._draw_sprite(canvas, tid, look, x, sprite_top, cell, now, moving, animate, index)
        return canvas

    def _draw_shared(self, canvas: Canvas, x: int, top: int, now: float, animate: bool) -> None:
        shared = self.snapshot.get("shared", {})
        width = self._shared_width()
        title = " shared " if self.lang != "zh" else " 共享 "
        canvas.put(x, top, "┌" + title + "─" * (width - 2 - cell_len(title)) + "┐", "box")
        y = top + 1
        flash = self.flash
        fresh = flash is not None and (
            (animate and now - flash.since < FLASH_SECONDS)
            or (not animate and self.event is not None and self.event.get("obj") == flash.var)
        )
        for name, value in shared.items():
            row = f" {name} = {_show(value)}"
            style = "var"
            if fresh and flash and flash.var == name:
                style = "var.lost" if flash.lost else "var.flash"
            canvas.put(x, y, "│", "box")
            canvas.put(x + 1, y, row.ljust(width - 2)[: width - 2], style)
            canvas.put(x + width - 1, y, "│", "box")
            y += 1
        canvas.put(x, y, "└" + "─" * (width - 2) + "┘", "box")
        if fresh and flash and flash.var in shared:
            zh = self.lang == "zh"
            if flash.lost:
                text = f"✗ {flash.writer} " + ("覆盖了 " if zh else "overwrote ") + flash.lost
            else:
                text = f"✎ {flash.writer}"
            canvas.put(x, y + 1, text, "var.lost" if flash.lost else "var.flash")

    def _draw_object(
        self, canvas: Canvas, name: str, x: int, top: int, w: int, compact: bool
    ) -> None:
        info = _with_moment(self.snapshot.get("primitives", {}).get(name, {}), name, self.event)
        look = object_look(info, self.lang)
        picture_style = "obj.active" if look.active else "obj"
        y = top
        if not compact and look.frame in self._objects:
            picture = self._objects[look.frame]
            left = x + max(0, (w - len(picture[0])) // 2)
            canvas.put_lines(left, y, picture, picture_style)
            if look.kind == "Queue":
                items = "".join("■" for _ in queue_items(info))[:5] or ""
                canvas.put(left + 1, y + 2, items.ljust(5), "obj.active")
            y += len(picture)
        label = name if compact else name.center(w)
        canvas.put(x, y, label[:w], "obj.name")
        for style, text in look.lines:
            y += 1
            canvas.put(x, y, crop(text, w) if compact else centre(text, w), style)

    def _draw_sprite(
        self,
        canvas: Canvas,
        tid: str,
        look: ThreadLook,
        x: int,
        top: int,
        cell: int,
        now: float,
        moving: bool,
        animate: bool,
        index: int,
    ) -> None:
        tick = int(now / FRAME_SECONDS) + index if animate else 0
        if moving:
            pose = "walk1" if tick % 2 == 0 else "walk2"
        elif look.state in ("running", "critical"):
            pose = "run1" if tick % 2 == 0 else "run2"
        else:
            pose = {
                "runnable": "ready",
                "blocked": "blocked",
                "barrier": "barrier",
                "sleeping": "sleep",
                "done": "done",
                "crashed": "crashed",
            }[look.state]
        style = f"thread.{look.state}"
        canvas.put_lines(x - 1, top, self._sprites[pose], style)
        room = max(3, cell - 1)
        said = self.said.get(tid)
        if look.state == "crashed" and tid in self.exceptions:
            bubble = "✗ " + self.exceptions[tid]
            limit = max(cell - 1, 28)
            bubble = bubble if len(bubble) <= limit else bubble[: limit - 1] + "…"
            left = max(0, min(canvas.width - len(bubble), x - len(bubble) // 2))
            canvas.put(left, top - 1 - index % 2, bubble, "var.lost")
        elif said is not None:
            fresh = (
                now - said[1] < SAY_SECONDS
                if animate
                else (
                    self.event is not None
                    and self.event.get("op") == "log"
                    and self.event.get("thread") == tid
                )
            )
            if fresh:
                bubble = f"«{said[0]}»"
                if len(bubble) > max(cell - 1, 28):
                    bubble = bubble[: max(cell - 1, 28) - 2] + "…»"
                left = max(0, min(canvas.width - len(bubble), x - len(bubble) // 2))
                canvas.put(left, top - 1, bubble, "say")
        name = f"{index + 1}:{tid}" if self.numbered else tid
        for dy, text in ((3, name), (4, look.label)):
            text = crop(text, room)
            canvas.put(x - cell_len(text) // 2, top + dy, text, style if dy == 4 else "thread.id")


def _with_moment(info: dict, name: str, event: dict | None) -> dict:
    """What the step just made shows on its object: a bell rings on notify, a gate stands
    open for the thread that just went through."""
    if not event or event.get("obj") != name:
        return info
    op, result = event.get("op"), str(event.get("result", ""))
    if info.get("type") == "Condition" and op in ("notify", "notify_all"):
        return {**info, "notified": True}
    if info.get("type") == "Barrier" and op == "wait" and result not in ("blocked", "timed out"):
        if not result.startswith("raised"):
            return {**info, "passed": True}
    return info


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _show(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 24 else text[:23] + "…"


def _spread(wanted: dict[str, float], order: list[str], cell: int, width: int) -> dict[str, float]:
    """Targets moved apart so sprites `cell` columns wide never overlap, kept on the stage."""
    ranked = sorted(order, key=lambda tid: (wanted[tid], order.index(tid)))
    placed: dict[str, float] = {}
    previous = None
    for tid in ranked:
        x = max(wanted[tid], cell / 2)
        if previous is not None:
            x = max(x, previous + cell)
        placed[tid] = x
        previous = x
    limit = width - cell / 2
    following = None
    for tid in reversed(ranked):
        x = min(placed[tid], limit if following is None else following - cell)
        placed[tid] = x
        following = x
    return {tid: float(round(x)) for tid, x in placed.items()}
