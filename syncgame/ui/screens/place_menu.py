"""The place menu: every placement possible on the selected lines, grouped, keys or mouse."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from syncgame.ui.actions import Action

GROUPS = {
    "wrap": ("Wrap in with", "用 with 包住"),
    "before": ("Insert before", "在前面插入"),
    "after": ("Insert after", "在后面插入"),
    "replace": ("Replace this line", "替换这一行"),
    "change": ("Change", "修改"),
}


class PlaceMenu(ModalScreen[Action | None]):
    DEFAULT_CSS = """
    PlaceMenu {
        align: right middle;
    }
    PlaceMenu > Vertical {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    PlaceMenu OptionList {
        height: auto;
        max-height: 24;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, actions: list[Action], lang: str) -> None:
        super().__init__()
        self.title_text = title
        self.actions = actions
        self.lang = lang

    def compose(self) -> ComposeResult:
        zh = self.lang == "zh"
        options: list[Option | None] = []
        group = None
        for index, action in enumerate(self.actions):
            if action.group != group:
                group = action.group
                en, zh_text = GROUPS[group]
                options.append(Option(Text(zh_text if zh else en, style="bold"), disabled=True))
            options.append(Option(Text("  " + action.label), id=str(index)))
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            if self.actions:
                yield OptionList(*options, id="place-options")
            else:
                yield Static(
                    "这些行上无法放置原语" if zh else "Nothing can be placed on these lines."
                )
            yield Static(
                Text("Enter 放置 · Esc 取消" if zh else "Enter place · Esc cancel", style="dim")
            )

    def on_mount(self) -> None:
        for options in self.query("#place-options").results(OptionList):
            options.focus()
            first = next(
                (
                    i
                    for i in range(options.option_count)
                    if not options.get_option_at_index(i).disabled
                ),
                None,
            )
            if first is not None:
                options.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.dismiss(self.actions[int(event.option_id)])

    def action_cancel(self) -> None:
        self.dismiss(None)
