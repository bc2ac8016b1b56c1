"""The stage as a picture: objects, shared variables and walking sprites drawn from a snapshot.

Pure Python (no Textual): `Scene.show()` takes the runtime's snapshot (and the event that led to
it), `Scene.draw(width, height, now)` returns a Canvas. Sprites walk towards where their state puts
them; positions follow elapsed time, so a late frame catches up instead of slowing down. With
`animate=False` everything stands at its target and a fixed frame is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from syncgame.texts import tr
from syncgame.ui.art import frames
from syncgame.ui.canvas import Canvas, centre, crop
from syncgame.ui.looks import (
    GLYPHS,
    ThreadLook,
    object_look,
    queue_items,
    thread_look,
    waiting_caption,
)

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
VALUE_COLUMNS = 14
"""Room for a shared value in the shared box (longer values are cut)."""
MIN_CELL = 12
"""Columns a sprite needs for a readable label ("◆ wait fork"); fewer: a second row."""
BUBBLE_COLUMNS = 28
"""The widest a bubble over a sprite gets (an exception, a log line, the locals)."""
MAX_WALK_SECONDS = 0.15
"""The longest a walk takes: the stage keeps up with the steps at every speed."""


@dataclass(frozen=True)
class Layout:
    compact: bool
    """Captions only, no pictures."""
    shared: tuple[int, int]
    """The shared box: (x, width)."""
    slots: dict[str, tuple[int, int, int]]
    """Each primitive: (x, y, width)."""
    sprite_rows: int = 1
    """Rows of sprites along the bottom (two when many threads would squeeze one)."""


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
        self._layout_cache: tuple | None = None
        self.failed = False
        """The run shown has ended and failed: finished threads do not cheer."""
        self._sprites = frames("sprites")
        self._objects = frames("objects")

    # --- model ---------------------------------------------------------------------------

    def reset(self) -> None:
        self.tracker = WriteTracker()
        self.said = {}
        self.flash = None
        self.banner = None
        self.event = None
        self.failed = False

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

    def _object_widths(self, compact: bool) -> dict[str, int]:
        """Each primitive's column width: from its name and the threads' ids, never from its
        state, so objects keep their places while a run goes on."""
        tids = list(self.snapshot.get("threads", {}))
        longest = max((len(tid) for tid in tids), default=4)
        caption = max(len("held: ") + longest, cell_len(waiting_caption("wait: ", tids[1:]))) + 1
        widths: dict[str, int] = {}
        for name in self.snapshot.get("primitives", {}):
            if compact:
                widths[name] = max(len(name) + 1, min(caption, 16))
            else:
                widths[name] = max(9, len(name) + 2, min(caption, 22))
        return widths

    def _shared_width(self, width: int) -> int:
        keys = [cell_len(f" {k} = ") for k in self.snapshot.get("shared", {})]
        wanted = max(keys, default=0) + VALUE_COLUMNS + 2
        return max(12, min(wanted, max(12, width // 3)))

    def _layout(self, width: int, height: int) -> Layout:
        """Where everything stands for a stage of this size: the shared box on the left, the
        primitives in rows beside it (pictures when one row fits and there is room, captions
        in as many rows as needed otherwise), the sprites along the bottom."""
        key = (width, height, tuple(self.snapshot.get("threads", {})),
               tuple(self.snapshot.get("primitives", {})), tuple(self.snapshot.get("shared", {})))  # fmt: skip
        if self._layout_cache is not None and self._layout_cache[0] == key:
            return self._layout_cache[1]
        shared_w = self._shared_width(width)
        sprite_rows = self._sprite_rows(width, height)
        layout = None
        for compact in (False, True):
            widths = self._object_widths(compact)
            gap = 1 if compact else 3
            room = width - 2 - shared_w - gap
            rows: list[list[str]] = [[]]
            used = 0
            for name, w in widths.items():
                if rows[-1] and used + w > room:
                    rows.append([])
                    used = 0
                rows[-1].append(name)
                used += w + gap
            row_height = COMPACT_OBJECT_ROWS if compact else FULL_OBJECT_ROWS
            room_rows = (height - 1 - sprite_rows * SPRITE_ROWS) // row_height
            if not compact and (len(rows) > 1 or room_rows < 1):
                continue
            most = max(1, room_rows)
            if len(rows) > most:  # too many rows for the stage: narrower columns instead
                per_row = -(-len(widths) // most)
                narrow = max(4, room // per_row - gap)
                names = list(widths)
                rows = [names[i : i + per_row] for i in range(0, len(names), per_row)]
                widths = {name: min(w, narrow) for name, w in widths.items()}
            block = (
                shared_w
                + gap
                + max((sum(widths[n] + gap for n in row) - gap for row in rows), default=0)
            )
            x = max(1, (width - block) // 2)
            slots: dict[str, tuple[int, int, int]] = {}
            for index, row in enumerate(rows):
                left = x + shared_w + gap
                for name in row:
                    slots[name] = (left, 1 + index * row_height, widths[name])
                    left += widths[name] + gap
            layout = Layout(compact, (x, shared_w), slots, sprite_rows)
            break
        self._layout_cache = (key, layout)
        return layout

    def _sprite_rows(self, width: int, height: int) -> int:
        """Two rows of sprites when one row would squeeze their labels and the stage has the
        height (the objects then show as captions)."""
        n = len(self.snapshot.get("threads", {}))
        crowded = n * MIN_CELL > width - 1
        tall = height >= 1 + COMPACT_OBJECT_ROWS + 2 * SPRITE_ROWS
        return 2 if crowded and tall else 1

    def sprite_row(self, tid: str) -> int:
        """The row a thread's sprite walks in: 0 is the bottom row."""
        ids = list(self.snapshot.get("threads", {}))
        rows = self._layout_cache[1].sprite_rows if self._layout_cache else 1
        return ids.index(tid) % rows if tid in ids else 0

    def _targets(self, width: int, height: int) -> dict[str, float]:
        layout = self._layout(width, height)
        shared_x, shared_w = layout.shared
        looks = self.looks()
        targets: dict[str, float] = {}
        for row in range(layout.sprite_rows):
            ids = [tid for tid in looks if self.sprite_row(tid) == row]
            n = max(1, len(ids))
            cell = self._cell(width, n)
            homes = {
                tid: cell / 2 + index * max(cell, (width - cell) / max(1, n - 1) if n > 1 else 0)
                for index, tid in enumerate(ids)
            }
            wanted: dict[str, float] = {}
            for tid in ids:
                look = looks[tid]
                if look.place in layout.slots:
                    x, _y, w = layout.slots[look.place]
                    wanted[tid] = x + w // 2
                elif look.place is not None and look.place in self.snapshot.get("shared", {}):
                    wanted[tid] = shared_x + shared_w // 2
                else:
                    wanted[tid] = homes[tid]
            targets.update(_spread(wanted, ids, cell, width))
        return targets

    @staticmethod
    def _cell(width: int, n: int) -> int:
        return max(5, min(16, (width - 1) // max(1, n)))

    def _retarget(self, now: float) -> None:
        if self._layout_key is None:
            return
        width, height = self._layout_key[0], self._layout_key[1]
        for tid, target in self._targets(width, height).items():
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
            # a long way is walked faster: the sprite is there before the next step
            speed = max(WALK_SPEED, abs(distance) / MAX_WALK_SECONDS)
            travelled = speed * max(0.0, now - walk.since)
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
            targets = self._targets(width, height)
            self.walks = {tid: Walk(t, t, t, now) for tid, t in targets.items()}
        self._advance(now, animate)
        layout = self._layout(width, height)
        if self.banner:
            text, style = self.banner
            canvas.put(max(0, (width - cell_len(text)) // 2), 0, crop(text, width), style)
        shared_x, shared_w = layout.shared
        note = self._draw_shared(canvas, shared_x, 1, shared_w, now, animate)
        for name, (x, y, w) in layout.slots.items():
            self._draw_object(canvas, name, x, y, w, layout.compact)
        looks = self.looks()
        xs = {tid: round(self.walks[tid].x) if tid in self.walks else 0 for tid in looks}
        tops = {tid: height - SPRITE_ROWS * (1 + self.sprite_row(tid)) for tid in looks}
        spans: dict[str, tuple[int, int]] = {}
        for row in range(layout.sprite_rows):
            spans.update(_spans({t: x for t, x in xs.items() if self.sprite_row(t) == row}, width))
        bubbles = []
        for index, (tid, look) in enumerate(looks.items()):
            walk = self.walks.get(tid)
            moving = bool(walk and animate and walk.x != walk.target)
            self._draw_sprite(canvas, tid, look, xs[tid], tops[tid], spans[tid], now, moving,
                              animate, index)  # fmt: skip
            bubble = self._bubble(tid, look, now, animate)
            if bubble is not None:
                bubbles.append((tid, *bubble))
        for tid, text, style in bubbles:  # over the sprites, where the objects leave room
            _put_bubble(canvas, text, style, xs[tid], tops[tid], spans[tid])
        if note is not None:  # who wrote (and whose write got lost), where there is room
            text, style, x, rows = note
            for row in rows:
                if (
                    row < height
                    and "".join(canvas.chars[row][x : x + cell_len(text)]).strip() == ""
                ):
                    canvas.put(x, row, text, style)
                    break
        return canvas

    def _draw_shared(
        self, canvas: Canvas, x: int, top: int, width: int, now: float, animate: bool
    ) -> tuple | None:
        """The box of shared values; returns the note on the last write, drawn last."""
        shared = self.snapshot.get("shared", {})
        title = tr("scene.shared", self.lang)
        canvas.put(x, top, "┌" + title + "─" * (width - 2 - cell_len(title)) + "┐", "box")
        y = top + 1
        flash = self.flash
        fresh = flash is not None and (
            (animate and now - flash.since < FLASH_SECONDS)
            or (not animate and self.event is not None and self.event.get("obj") == flash.var)
        )
        for name, value in shared.items():
            row = crop(f" {name} = {_show(value, width)}", width - 2)
            style = "var"
            if fresh and flash and flash.var == name:
                style = "var.lost" if flash.lost else "var.flash"
            canvas.put(x, y, "│", "box")
            canvas.put(x + 1, y, row + " " * (width - 2 - cell_len(row)), style)
            canvas.put(x + width - 1, y, "│", "box")
            y += 1
        canvas.put(x, y, "└" + "─" * (width - 2) + "┘", "box")
        if fresh and flash and flash.var in shared:
            if flash.lost:
                text = tr("scene.overwrote", self.lang, writer=flash.writer, lost=flash.lost)
            else:
                text = f"✎ {flash.writer}"
            text = crop(text, canvas.width - x)
            style = "var.lost" if flash.lost else "var.flash"
            # the banner's row until the run ends, else under the box where that is free
            rows = ((0,) if not self.banner else ()) + (y + 1,)
            return text, style, x, rows
        return None

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
        for style, text in look.lines[: 2 if compact else 2]:
            y += 1
            canvas.put(x, y, crop(text, w) if compact else centre(text, w), style)

    def _bubble(self, tid: str, look: ThreadLook, now: float, animate: bool):
        """(text, style) over a sprite: its exception, what it just logged, or the
        variables it carries (a stale `tmp` is how a lost update happens)."""
        if look.state == "crashed" and tid in self.exceptions:
            return "✗ " + self.exceptions[tid], "var.lost"
        said = self.said.get(tid)
        if said is not None:
            if animate:
                fresh = now - said[1] < SAY_SECONDS
            else:
                event = self.event or {}
                fresh = event.get("op") == "log" and event.get("thread") == tid
            if fresh:
                return f"«{said[0]}»", "say"
        carried = self.snapshot.get("threads", {}).get(tid, {}).get("locals") or {}
        if carried and look.state not in ("done", "crashed"):
            return " ".join(f"{k}={v}" for k, v in carried.items()), "locals"
        return None

    def _draw_sprite(
        self,
        canvas: Canvas,
        tid: str,
        look: ThreadLook,
        x: int,
        top: int,
        span: tuple[int, int],
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
        elif look.state == "done" and self.failed:
            pose = "ended"  # no cheering after a run that failed
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
        label = look.label
        if look.state == "done" and self.failed:
            label = label.replace(GLYPHS["done"], "·", 1)
        name = f"{index + 1}:{tid}" if self.numbered else tid
        for dy, text in ((3, name), (4, label)):
            _put_in_span(canvas, text, x, top + dy, span, style if dy == 4 else "thread.id")


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


def _show(value: object, width: int = 26) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _spans(xs: dict[str, int], width: int) -> dict[str, tuple[int, int]]:
    """Each sprite's share of the row, [left, right): halfway to its neighbours, so labels
    never run into each other."""
    ordered = sorted(xs, key=lambda tid: (xs[tid], list(xs).index(tid)))
    spans: dict[str, tuple[int, int]] = {}
    for index, tid in enumerate(ordered):
        x = xs[tid]
        left = 0 if index == 0 else (xs[ordered[index - 1]] + x + 1) // 2
        right = width if index == len(ordered) - 1 else (x + xs[ordered[index + 1]] + 1) // 2
        spans[tid] = (left, max(left, right))
    return spans


def _put_in_span(canvas: Canvas, text: str, x: int, y: int, span: tuple[int, int], style: str):
    """`text` centred on `x`, cut and kept inside `span` with a column to spare."""
    left, right = span
    room = max(0, right - left - 1)
    text = crop(text, room)
    start = max(left, min(right - 1 - cell_len(text), x - cell_len(text) // 2))
    canvas.put(start, y, text, style)


def _put_bubble(canvas: Canvas, text: str, style: str, x: int, top: int, span):
    """A bubble over the sprite's head: whole if that stretch of the row is free, else cut to
    the sprite's share of it, else beside its head."""
    row = top - 1
    left, right = span
    room = max(0, right - left - 1)
    whole = text if cell_len(text) <= BUBBLE_COLUMNS else crop(text, BUBBLE_COLUMNS - 1) + "…"
    short = text if cell_len(text) <= room else crop(text, max(0, room - 1)) + "…"
    for candidate, lo, hi in ((whole, 0, canvas.width), (short, left, right)):
        size = cell_len(candidate)
        start = max(lo, min(hi - 1 - size, x - size // 2))
        if row >= 0 and candidate and start >= 0 and start + size <= canvas.width:
            if "".join(canvas.chars[row][start : start + size]).strip() == "":
                canvas.put(start, row, candidate, style)
                return
    start = x + 3  # beside the head: whole where the row is free, else cut to the share
    size = min(cell_len(whole), canvas.width - start)
    clear = "".join(canvas.chars[top][start : start + size + 1]).strip() == ""
    if size == cell_len(whole) and clear:  # with a column to spare before the next sprite
        canvas.put(start, top, whole, style)
        return
    beside = right - 1 - start
    if beside >= 3:
        cut = text if cell_len(text) <= beside else crop(text, beside - 1) + "…"
        canvas.put(start, top, cut, style)


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
