"""How a measured level (`[measure]`, the GIL chapter) runs its jobs: the player's choice
among the level's modes, by keys (arrows, Enter/Space) or the mouse."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import RadioButton, RadioSet

from syncgame.level.model import Measure
from syncgame.play.measured_figures import mode_words
from syncgame.texts import tr


class ModeChoice(RadioSet):
    DEFAULT_CSS = """
    ModeChoice {
        width: 1fr;
        height: auto;
        border: round $panel-lighten-2;
        border-title-color: $text;
    }
    ModeChoice:focus-within {
        border: round $accent;
    }
    """

    def __init__(self, measure: Measure, **kwargs) -> None:
        super().__init__(**kwargs)
        self.modes = tuple(measure.choices)
        self.start_mode = measure.start if measure.start in self.modes else self.modes[0]

    def compose(self) -> ComposeResult:
        for mode in self.modes:
            yield RadioButton(mode, value=mode == self.start_mode, id=f"mode-{mode}")

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel, init=True)

    @property
    def mode(self) -> str:
        """The chosen mode (the start's until the player picks another)."""
        pressed = self.pressed_index
        return self.modes[pressed] if pressed >= 0 else self.start_mode

    def _relabel(self, lang: str) -> None:
        self.border_title = tr("measured.choose_mode", lang)
        for mode, button in zip(self.modes, self.query(RadioButton), strict=True):
            button.label = mode_words(mode, lang)
