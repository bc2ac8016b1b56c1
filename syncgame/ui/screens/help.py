"""Help: key bindings, what the sprites' marks mean, and each primitive on one screen."""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from syncgame.primitives.registry import PRIMITIVE_TYPES
from syncgame.ui.help_text import GUTTER, KEYS, STATES
from syncgame.ui.screens.base import GameScreen
from syncgame.ui.widgets.footer import Footer
from syncgame.ui.wrap import wrap_text


class HelpScreen(GameScreen):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Back"),
        Binding("t", "tutorial", "Replay the tutorial"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="help-title", classes="screen-title")
        with VerticalScroll(id="help-scroll"):
            with Horizontal(id="help-body"):
                yield Static(id="help-keys", classes="help-column")
                yield Static(id="help-primitives", classes="help-column")
        yield Footer()

    def _heading(self, key: str) -> str:
        return self.tr(f"help.heading.{key}")

    def _words(self, key: str) -> str:
        return self.tr(key) if key else ""

    def _column_cells(self) -> int:
        """The width of one of the two columns (each has 2 cells of padding a side; the
        scroll bar takes 2 more), with a cell to spare."""
        return max(24, (self.size.width - 2) // 2 - 5)

    def _table(self, rows, heading_rows=()) -> Table:
        """Two columns, the second pre-wrapped by cell width (Rich would break Chinese text
        only at spaces)."""
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(no_wrap=True)
        first = max((cell_len(key) for key, _text in rows), default=0)
        width = max(12, self._column_cells() - first - 2)
        for key, text in rows:
            if key in heading_rows:
                table.add_row(RichText(key, style="bold underline"), "")
            else:
                table.add_row(key, RichText("\n").join(wrap_text(text, width)))
        return table

    def _hanging(self, rows) -> RichText:
        """Rows of `mark  text`, the text wrapped by cell width under itself."""
        first = max(cell_len(mark) for mark, _text in rows) + 2
        width = max(12, self._column_cells() - first)
        text = RichText()
        for mark, words in rows:
            for index, line in enumerate(wrap_text(words, width)):
                head = mark if index == 0 else ""
                text.append("\n" + head + " " * (first - cell_len(head)), style="bold")
                text.append_text(line)
        return text

    def on_resize(self) -> None:
        self._relabel()

    def apply_language(self) -> None:
        self.query_one("#help-title", Static).update(self.tr("help.title"))
        heads = (self._heading("keys"), self._heading("states"), self._heading("gutter"))
        rows = [(heads[0], "")]
        rows += [(keys, self._words(key)) for keys, key in KEYS]
        rows += [("", ""), (heads[1], "")]
        rows += [(f" {glyph}", self._words(key)) for glyph, key in STATES]
        keys = self._table(rows, heads)

        self.query_one("#help-keys", Static).update(keys)
        prims = RichText()
        prims.append(self._heading("primitives") + "\n", style="bold underline")
        for kind in PRIMITIVE_TYPES:  # each has `help.primitive.<type>` and `….thing`
            prims.append(kind, style="bold")
            prims.append(f"  ({self._words(f'help.primitive.{kind}.thing')})\n", style="dim")
            prims.append(self._words(f"help.primitive.{kind}") + "\n")
        prims = RichText("\n").join(wrap_text(prims, self._column_cells()))
        prims.append("\n" + heads[2], style="bold underline")
        prims.append_text(self._hanging([(mark, self._words(key)) for mark, key in GUTTER]))
        self.query_one("#help-primitives", Static).update(prims)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#help-scroll").focus()  # PgUp/PgDn and the arrows scroll

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_tutorial(self) -> None:
        """The first level again, with the tutorial from its first step."""
        self.app.pop_screen()
        self.app.replay_tutorial()
