"""The editor's first screen: a new level, a copy of a level, or one of "My levels"."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from syncgame.level.loader import LevelError, discover_levels
from syncgame.level.model import Level
from syncgame.level.problems import Problem
from syncgame.level.templates import (
    copy_of,
    empty_level,
    is_ready,
    user_levels,
    user_levels_dir,
)
from syncgame.level.writer import LevelDocument
from syncgame.paths import levels_dir
from syncgame.texts import tr
from syncgame.ui.screens.base import GameScreen
from syncgame.ui.widgets.footer import Footer


def open_editor(app, document: LevelDocument) -> None:
    from syncgame.ui.editor.screen import EditorScreen

    app.push_screen(EditorScreen(document))


class _ListScreen(GameScreen):
    DEFAULT_CSS = """
    _ListScreen #home-body { height: 1fr; }
    _ListScreen #home-list { width: 2fr; max-width: 60; height: 1fr; }
    _ListScreen #home-detail { width: 3fr; padding: 1 2; border-left: vkey $primary; }
    """
    BINDINGS = [Binding("escape,backspace", "back", "Back")]

    def t(self, key: str, **fields) -> str:
        return tr(key, self.lang, **fields)

    def compose(self) -> ComposeResult:
        yield Static(id="home-title", classes="screen-title")
        with Horizontal(id="home-body"):
            yield OptionList(id="home-list")
            with VerticalScroll(id="home-detail"):
                yield Static(id="home-info")
        yield Static(id="home-keys", classes="keys-hint")
        yield Footer()

    def action_back(self) -> None:
        self.app.pop_screen()


class EditorHome(_ListScreen):
    """New empty level · Copy of a level… · My levels (broken files shown with their line)."""

    def __init__(self) -> None:
        super().__init__()
        self.mine: list[Level] = []
        self.broken: list[Problem] = []

    def apply_language(self) -> None:
        self.query_one("#home-title", Static).update(self.t("home.title"))
        self.query_one("#home-keys", Static).update(self.t("home.keys"))
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.mine, self.broken = user_levels()
        listing = self.query_one("#home-list", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        listing.add_option(Option(f"+ {self.t('home.new')}", id="new"))
        listing.add_option(Option(f"⧉ {self.t('home.copy')}", id="copy"))
        listing.add_option(Option(Text(self.t("home.mine"), style="bold"), disabled=True))
        for index, level in enumerate(self.mine):
            mark = self.t("home.ready") if is_ready(level.path) else self.t("home.draft")
            label = Text(f"  {level.title.get(self.lang)}  ")
            label.append(f"{level.id} · {mark}", style="dim")
            listing.add_option(Option(label, id=f"mine-{index}"))
        files = sorted({problem.file for problem in self.broken})
        for index, file in enumerate(files):
            label = Text(f"  ✗ {Path(file).name}  ", style="red")
            label.append(self.t("home.broken"), style="dim")
            listing.add_option(Option(label, id=f"broken-{index}"))
        if not self.mine and not files:
            listing.add_option(Option(Text(f"  {self.t('home.none')}", style="dim"), disabled=True))
        listing.highlighted = keep if keep is not None and keep < listing.option_count else 0
        listing.focus()
        self._describe(listing.get_option_at_index(listing.highlighted).id)

    def _broken_files(self) -> list[str]:
        return sorted({problem.file for problem in self.broken})

    def _describe(self, option_id: str | None) -> None:
        info = Text()
        folder = user_levels_dir()
        if option_id and option_id.startswith("mine-"):
            level = self.mine[int(option_id.split("-")[1])]
            info.append(level.title.get(self.lang) + "\n", style="bold")
            info.append(f"{level.chapter} · {level.id}\n", style="dim")
            info.append(str(level.path) + "\n\n", style="dim")
            info.append(level.briefing.get(self.lang).strip() + "\n")
        elif option_id and option_id.startswith("broken-"):
            file = self._broken_files()[int(option_id.split("-")[1])]
            info.append(f"{Path(file).name}: {self.t('home.broken')}\n\n", style="bold red")
            for problem in self.broken:
                if problem.file == file:
                    info.append(f"{problem}\n", style="red")
            info.append("\n" + self.t("home.untouched") + "\n")
        else:
            info.append(self.t("home.folder", path=folder) + "\n", style="dim")
        self.query_one("#home-info", Static).update(info)

    @on(OptionList.OptionHighlighted, "#home-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._describe(event.option_id)

    @on(OptionList.OptionSelected, "#home-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option_id or ""
        if option_id == "new":
            open_editor(self.app, empty_level())
        elif option_id == "copy":
            self.app.push_screen(CopyPicker())
        elif option_id.startswith("mine-"):
            level = self.mine[int(option_id.split("-")[1])]
            self._open(level.path)
        elif option_id.startswith("broken-"):
            file = self._broken_files()[int(option_id.split("-")[1])]
            first = next(problem for problem in self.broken if problem.file == file)
            self.notify(str(first), title=self.t("home.broken"), severity="error", timeout=10)

    def _open(self, path: Path | None) -> None:
        try:
            document = LevelDocument.open(path)
        except LevelError as error:  # changed on disk since the list was made
            self.notify(str(error.problems[0]), severity="error", timeout=10)
            self.reload()
            return
        open_editor(self.app, document)


class CopyPicker(_ListScreen):
    """Choose a level to copy: the shipped levels and the user's own."""

    def __init__(self) -> None:
        super().__init__()
        self.levels: list[Level] = []

    def apply_language(self) -> None:
        self.query_one("#home-title", Static).update(self.t("copy.title"))
        self.query_one("#home-keys", Static).update(self.t("copy.keys"))
        try:
            shipped = discover_levels(levels_dir())
        except LevelError:
            shipped = []
        mine, _broken = user_levels()
        self.levels = shipped + mine
        listing = self.query_one("#home-list", OptionList)
        listing.clear_options()
        chapter = None
        for index, level in enumerate(self.levels):
            group = level.chapter if index < len(shipped) else self.t("home.mine")
            if group != chapter:
                chapter = group
                listing.add_option(Option(Text(group, style="bold"), disabled=True))
            label = Text(f"  {level.title.get(self.lang)}  ")
            label.append(level.id, style="dim")
            listing.add_option(Option(label, id=f"level-{index}"))
        if listing.option_count > 1:
            listing.highlighted = 1
        listing.focus()

    @on(OptionList.OptionHighlighted, "#home-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if not event.option_id:
            return
        level = self.levels[int(event.option_id.split("-")[1])]
        info = Text()
        info.append(level.title.get(self.lang) + "\n", style="bold")
        info.append(f"{level.chapter} · {level.id}\n\n", style="dim")
        info.append(level.briefing.get(self.lang).strip())
        self.query_one("#home-info", Static).update(info)

    @on(OptionList.OptionSelected, "#home-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not event.option_id:
            return
        level = self.levels[int(event.option_id.split("-")[1])]
        try:
            document = copy_of(level.path)
        except LevelError as error:
            self.notify(str(error.problems[0]), severity="error", timeout=10)
            return
        from syncgame.ui.editor.screen import EditorScreen

        self.app.switch_screen(EditorScreen(document))
