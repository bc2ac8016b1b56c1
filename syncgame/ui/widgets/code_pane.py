"""One thread's code: the Python that will run, the lines the player placed, where each
instance of the thread stands, and a line selection made by keys or mouse."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from syncgame.play.placement import Line
from syncgame.ui.widgets.highlight import highlight_python
from syncgame.ui.widgets.palette_styles import stage_styles

MARKS = "▶▷►▸»›"
"""Each instance of a thread has its own mark: instance 0 ▶, 1 ▷, 2 ►, 3 ▸..."""
CURSOR = "#3e4451"
SELECTED = "#2c313a"
PLACED = "#98c379"
# On a light theme the dark bars above hide the (dark) code: light bars, a darker green.
CURSOR_LIGHT = "#bcd3f5"
SELECTED_LIGHT = "#dfe8f6"
PLACED_LIGHT = "#2e7d32"


class CodePane(Widget, can_focus=True):
    DEFAULT_CSS = """
    CodePane {
        height: auto;
        min-height: 4;
        width: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text;
        padding: 0 1 0 0;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    CodePane:focus {
        border: round $accent;
    }
    CodePane.-locked {
        border: round $panel;
    }
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("shift+up", "extend(-1)", "Select", show=False),
        Binding("shift+down", "extend(1)", "Select", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter,p", "place", "Place"),
    ]

    cursor: reactive[int] = reactive(1)
    anchor: reactive[int] = reactive(1)

    class PlaceRequested(Message):
        def __init__(self, pane: CodePane, first: int, last: int) -> None:
            super().__init__()
            self.pane = pane
            self.thread = pane.thread
            self.first = first
            self.last = last

    def __init__(self, thread: str, instances: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.thread = thread
        self.instances = instances
        """Thread ids running this code, in order (their marks in the gutter)."""
        self.lines: tuple[Line, ...] = ()
        self.positions: dict[str, int] = {}
        self.states: dict[str, str] = {}
        self.editable = True
        self._dragging = False
        self.border_title = thread if len(instances) == 1 else f"{thread} ×{len(instances)}"

    # --- model ---------------------------------------------------------------------------

    def set_code(self, lines: tuple[Line, ...]) -> None:
        self.lines = lines
        last = max(1, len(lines))
        self.cursor = min(self.cursor, last)
        self.anchor = min(self.anchor, last)
        self.refresh(layout=True)

    def set_positions(self, positions: dict[str, int], states: dict[str, str]) -> None:
        """Current line of each instance (0 = not started) and its visual state."""
        self.positions = positions
        self.states = states
        self.refresh()

    def set_editable(self, editable: bool) -> None:
        changed = editable != self.editable
        self.editable = editable
        self.set_class(not editable, "-locked")
        self.refresh()
        if changed:  # `check_action` answers differently now: the footer hides or shows Place
            self.refresh_bindings()

    @property
    def selection(self) -> tuple[int, int]:
        return min(self.cursor, self.anchor), max(self.cursor, self.anchor)

    # --- drawing -------------------------------------------------------------------------

    def _styles(self) -> dict[str, Style]:
        """The stage's colours for thread states (theme-aware, colour-blind palette too)."""
        return stage_styles(self.app.theme_variables)

    def _colours(self) -> tuple[str, str, str]:
        """(cursor line, selected lines, placed code) for the theme's brightness."""
        theme = self.app.current_theme
        if theme is not None and not theme.dark:
            return CURSOR_LIGHT, SELECTED_LIGHT, PLACED_LIGHT
        return CURSOR, SELECTED, PLACED

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.lines))

    def _gutter(self, number: int) -> Text:
        marks = Text()
        for index, tid in enumerate(self.instances):
            here = self.positions.get(tid) == number and self.states.get(tid) != "done"
            glyph = MARKS[index % len(MARKS)] if len(self.instances) > 1 else "▶"
            label = str(index) if len(self.instances) > 1 else ""
            if here:
                state = self.states.get(tid) or "runnable"
                style = self._styles().get(f"thread.{state}", Style()) + Style(bold=True)
                marks.append(f"{label}{glyph}", style=style)
            else:
                marks.append(" " * (len(label) + 1))
        return Text.assemble((f"{number:>2} ", "dim"), marks, " ")

    def render(self) -> Text:
        cursor, selected, placed = self._colours()
        light = placed == PLACED_LIGHT
        code_lines = highlight_python([line.text for line in self.lines], light=light)
        first, last = self.selection
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for number, line in enumerate(self.lines, start=1):
            row = self._gutter(number)
            body = code_lines[number - 1] if number - 1 < len(code_lines) else Text(line.text)
            body = body.copy()
            body.rstrip()
            if line.placed:
                body.stylize(Style(bold=True, color=placed))
                body.append(" ✚", style=placed)
            row.append_text(body)
            if self.has_focus and self.editable and first <= number <= last:
                row.stylize(Style(bgcolor=cursor if number == self.cursor else selected))
            if number > 1:
                text.append("\n")
            text.append_text(row)
        return text

    # --- keys and mouse --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only while a run is shown: the keys go on to the screen (replay, stepping)."""
        if action in ("move", "extend", "jump", "place"):
            return self.editable
        return True

    def action_move(self, delta: int) -> None:
        self.cursor = _clamp(self.cursor + delta, len(self.lines))
        self.anchor = self.cursor

    def action_extend(self, delta: int) -> None:
        self.cursor = _clamp(self.cursor + delta, len(self.lines))

    def action_jump(self, where: int) -> None:
        self.cursor = 1 if where == 0 else max(1, len(self.lines))
        self.anchor = self.cursor

    def action_place(self) -> None:
        if self.editable and self.lines:
            first, last = self.selection
            self.post_message(self.PlaceRequested(self, first, last))

    def _line_at(self, event) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        number = offset.y + 1
        return number if 1 <= number <= len(self.lines) else None

    def on_mouse_down(self, event) -> None:
        number = self._line_at(event)
        if number is None:
            return
        self.focus()
        if event.shift:
            self.cursor = number
        else:
            self.cursor = self.anchor = number
        self._dragging = True
        self.capture_mouse()

    def on_mouse_move(self, event) -> None:
        if self._dragging:
            number = self._line_at(event)
            if number is not None:
                self.cursor = number

    def on_mouse_up(self, event) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    def on_click(self, event) -> None:
        if event.chain >= 2:
            self.action_place()

    def watch_cursor(self) -> None:
        self.refresh()

    def watch_anchor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


def _clamp(value: int, count: int) -> int:
    return max(1, min(max(1, count), value))
