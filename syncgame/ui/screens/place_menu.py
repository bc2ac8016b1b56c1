"""The place menu: every placement possible on the selected lines, grouped by primitive, with
a filter line (type to narrow the list; up/down and Enter choose; keys or mouse)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from syncgame.play.actions import Action
from syncgame.texts import tr


def group_title(action: Action, lang: str) -> str:
    if not action.group:
        return tr("place.edit_code", lang)
    if action.new:
        return f"{action.group} · " + tr("place.new_kind", lang, kind=action.kind)
    return f"{action.group} · {action.kind}"


def matches(action: Action, words: list[str], lang: str) -> bool:
    """Every typed word is in the entry's label or its group's title (case ignored)."""
    text = f"{action.label} {group_title(action, lang)}".lower()
    return all(word in text for word in words)


class PlaceMenu(ModalScreen[Action | None]):
    DEFAULT_CSS = """
    PlaceMenu {
        align: right middle;
    }
    PlaceMenu > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    PlaceMenu Input {
        margin: 0 0 0 0;
    }
    PlaceMenu OptionList {
        height: auto;
        max-height: 24;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("pagedown", "cursor(8)", "Page down", show=False),
        Binding("pageup", "cursor(-8)", "Page up", show=False),
    ]

    def __init__(self, title: str, actions: list[Action], lang: str) -> None:
        super().__init__()
        self.title_text = title
        self.actions = actions
        self.lang = lang
        self.shown: list[int] = []
        """Indexes (into `actions`) of the entries the filter lets through."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield Input(placeholder=tr("place.filter", self.lang), id="place-filter")
            yield OptionList(id="place-options")
            yield Static(id="place-empty")
            yield Static(Text(tr("place.keys", self.lang), style="dim"))

    def on_mount(self) -> None:
        self._fill("")
        typed = self.query_one("#place-filter", Input)
        typed.cursor_blink = self.app.animation_level != "none"  # a fixed frame: no blinking
        typed.focus()

    def _fill(self, typed: str) -> None:
        words = typed.lower().split()
        options: list[Option] = []
        self.shown = []
        group = None
        for index, action in enumerate(self.actions):
            if words and not matches(action, words, self.lang):
                continue
            if action.group != group or group is None:
                group = action.group
                title = Text(group_title(action, self.lang), style="bold")
                options.append(Option(title, disabled=True))
            options.append(Option(Text("  " + action.label), id=str(index)))
            self.shown.append(index)
        option_list = self.query_one("#place-options", OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        option_list.display = bool(options)
        empty = self.query_one("#place-empty", Static)
        if not self.actions:
            empty.update(tr("place.nothing", self.lang))
        elif not options:
            empty.update(tr("place.no_match", self.lang))
        empty.display = not options
        first = next((i for i, option in enumerate(options) if not option.disabled), None)
        option_list.highlighted = first

    @property
    def highlighted_action(self) -> Action | None:
        option_list = self.query_one("#place-options", OptionList)
        index = option_list.highlighted
        if index is None or not option_list.option_count:
            return None
        option = option_list.get_option_at_index(index)
        return None if option.id is None else self.actions[int(option.id)]

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        action = self.highlighted_action
        if action is not None:
            self.dismiss(action)

    def action_cursor(self, delta: int) -> None:
        option_list = self.query_one("#place-options", OptionList)
        count = option_list.option_count
        if not count:
            return
        index = option_list.highlighted if option_list.highlighted is not None else -1
        step = 1 if delta > 0 else -1
        moves = abs(delta)
        target = index
        probe = index
        while moves:
            probe += step
            if not 0 <= probe < count:
                break
            if not option_list.get_option_at_index(probe).disabled:
                target = probe
                moves -= 1
        if target >= 0:
            option_list.highlighted = target

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.dismiss(self.actions[int(event.option_id)])

    def action_cancel(self) -> None:
        self.dismiss(None)
