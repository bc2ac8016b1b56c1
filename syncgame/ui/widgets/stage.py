"""The stage: one widget drawn line by line (Line API) from the Scene's canvas.

A `set_interval` loop redraws only while something moves; the model changes only through
`show()`, called on the UI thread. With animations off a fixed frame is drawn.
"""

from __future__ import annotations

import time

from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from syncgame.ui.canvas import Canvas
from syncgame.ui.scene import SPRITE_ROWS, Scene
from syncgame.ui.widgets.palette_styles import stage_styles

FPS = 40


class StageView(Widget):
    DEFAULT_CSS = """
    StageView {
        height: 16;
        border: round $primary-darken-1;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        padding: 0 0;
    }
    """

    class SpriteClicked(Message):
        def __init__(self, thread: str) -> None:
            super().__init__()
            self.thread = thread

    def __init__(self, scene: Scene | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scene = scene or Scene()
        self._canvas: Canvas | None = None
        self._styles: dict[str, Style] = {}
        self._started = time.monotonic()
        self.frames_drawn = 0
        self._suspended = False

    @property
    def animate(self) -> bool:
        return self.app.animation_level != "none"

    def now(self) -> float:
        return time.monotonic() - self._started

    def on_mount(self) -> None:
        self._styles = stage_styles(self.app.theme_variables)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self._timer = self.set_interval(1 / FPS, self._tick, pause=not self.animate)

    def _theme_changed(self, _theme) -> None:
        self._styles = stage_styles(self.app.theme_variables)
        self.redraw()

    def _tick(self) -> None:
        if self.scene.animating(self.now()):
            self.redraw()
        else:
            self._timer.pause()  # nothing moves: sleep until the next show()

    def pause_animation(self, paused: bool) -> None:
        """Stop the frame loop (e.g. while the screen is suspended)."""
        self._suspended = paused
        if paused or not self.animate:
            self._timer.pause()
        else:
            self._timer.resume()

    def show(
        self, snapshot: dict, event: dict | None = None, history: list[dict] | None = None
    ) -> None:
        self.scene.show(snapshot, event, self.now(), history)
        self.redraw()
        if self.animate and not self._suspended:
            self._timer.resume()

    def set_banner(self, text: str | None, style: str = "banner") -> None:
        self.scene.set_banner(text, style)
        self.redraw()

    def redraw(self) -> None:
        self._canvas = None
        self.refresh()

    def _current_canvas(self) -> Canvas:
        size = self.content_size
        canvas = self._canvas
        if canvas is None or (canvas.width, canvas.height) != (size.width, size.height):
            canvas = self.scene.draw(size.width, size.height, self.now(), self.animate)
            self._canvas = canvas
            self.frames_drawn += 1
        return canvas

    def render_line(self, y: int) -> Strip:
        canvas = self._current_canvas()
        if y >= canvas.height:
            return Strip.blank(self.content_size.width, self.rich_style)
        base = self.rich_style
        styles = self._styles
        segments = [Segment(text, base + styles.get(key, Style())) for text, key in canvas.runs(y)]
        return Strip(segments, canvas.width)

    def on_click(self, event) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        height = self.content_size.height
        row = (height - 1 - offset.y) // SPRITE_ROWS
        best = None
        for tid, walk in self.scene.walks.items():
            if self.scene.sprite_row(tid) != row:
                continue
            distance = abs(walk.x - offset.x)
            if distance <= 3 and (best is None or distance < best[0]):
                best = (distance, tid)
        if best is not None:
            self.post_message(self.SpriteClicked(best[1]))
