"""Level select: the chapters in the notes' order, each level's title and briefing."""

from __future__ import annotations

from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from syncgame.level.model import Level
from syncgame.play.goal import goal_sentence
from syncgame.play.notes import notes_label
from syncgame.ui.breakit_track import open_challenge, track_badge, track_record, track_title
from syncgame.ui.records import level_badge, level_record
from syncgame.ui.screens.base import GameScreen
from syncgame.ui.widgets.footer import Footer
from syncgame.ui.widgets.wrapped import WrappedText


def chapter_label(chapter: str, lang: str) -> str:
    from syncgame.texts import STRINGS, tr

    key = f"chapter.{chapter}"
    return tr(key, lang) if key in STRINGS else chapter


class LevelSelectScreen(GameScreen):
    BINDINGS = [
        Binding("escape,backspace", "back", "Back"),
        Binding("enter", "play", "Play", show=False),
        Binding("x", "toggle_track", "Break-it track"),
    ]

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.select_id = select
        self.breakit_track = False
        """The break-it track: challenge stars, and Enter opens the level's challenge."""
        self.mine: dict[str, Level] = {}
        """"My levels" (made in the level editor), by option id."""

    @property
    def catalog(self):
        return self.app.catalog

    def compose(self) -> ComposeResult:
        yield Static(id="select-title", classes="screen-title")
        with Horizontal(id="select-body"):
            yield OptionList(id="level-list")
            with VerticalScroll(id="level-detail"):
                yield WrappedText(id="level-info")
        yield Static(id="select-keys", classes="keys-hint")
        yield Footer()

    def apply_language(self) -> None:
        title = self.tr("select.title")
        if self.breakit_track:
            title += "  ·  " + track_title(self.lang)
        self.query_one("#select-title", Static).update(title)
        self.query_one("#select-keys", Static).update(self.tr("select.keys"))
        listing = self.query_one("#level-list", OptionList)
        keep = self._highlighted_id() or self.select_id
        listing.clear_options()
        number = 0
        for chapter, levels in self.catalog.chapters():
            listing.add_option(
                Option(RichText(chapter_label(chapter, self.lang), style="bold"), disabled=True)
            )
            for level in levels:
                number += 1
                label = RichText(f"  {number:>2}. {level.title.get(self.lang)}")
                badge, style = (track_badge if self.breakit_track else level_badge)(
                    self.app, level, self.lang
                )
                label.append(f"  {badge}" if badge else "", style=style)
                listing.add_option(Option(label, id=level.id))
        from syncgame.ui.editor.mine import add_my_levels

        self.mine = add_my_levels(listing, self.lang)
        if keep is not None and self._level(keep) is not None:
            listing.highlighted = listing.get_option_index(keep)
        elif listing.option_count:
            listing.action_first()
        listing.focus()
        self._show(self._highlighted_level())

    def _highlighted_id(self) -> str | None:
        listing = self.query_one("#level-list", OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def _highlighted_level(self) -> Level | None:
        level_id = self._highlighted_id()
        return self._level(level_id) if level_id else None

    def _level(self, option_id: str) -> Level | None:
        return self.mine.get(option_id) or self.catalog.by_id(option_id)

    def _show(self, level: Level | None) -> None:
        info = self.query_one("#level-info", WrappedText)
        if level is None:
            lines = []
            if not self.catalog.levels:
                lines.append(self.tr("select.empty", path=self.catalog.folder))
            if self.catalog.errors:
                lines.append(self.tr("select.errors", n=len(self.catalog.errors)))
                lines.extend(self.catalog.errors)
            info.update(RichText("\n".join(lines)))
            return
        text = RichText()
        text.append(level.title.get(self.lang) + "\n", style="bold")
        chapter = chapter_label(level.chapter, self.lang)
        text.append(f"{chapter} · {level.id}\n", style="dim")
        if level.notes_section:
            text.append(notes_label(level.notes_section, self.lang) + "\n", style="dim")
        text.append("\n" + level.briefing.get(self.lang).strip() + "\n\n")
        text.append(self.tr("goal.label"), style="bold")
        text.append(goal_sentence(level, self.lang) + "\n\n")
        threads = ", ".join(
            f"{spec.name}×{spec.instances}" if spec.instances > 1 else spec.name
            for spec in level.threads
        )
        text.append(f"{self.tr('select.threads')}: ", style="bold")
        text.append(threads + "\n")
        if level.palette:
            palette = ", ".join(f"{kind}×{count}" for kind, count in level.palette.items())
            text.append(f"{self.tr('select.palette')}: ", style="bold")
            text.append(palette + "\n")
        record = level_record(self.app, level, self.lang)
        if self.breakit_track:
            record = track_record(self.app, level, self.lang)
        if record:
            text.append("\n" + record + "\n", style="bold")
        if self.app.is_locked(level) and level not in self.mine.values():
            text.append("\n" + self.tr("select.locked_why") + "\n", style="italic")
        info.update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(self._level(event.option_id) if event.option_id else None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        level = self._level(event.option_id) if event.option_id else None
        if level is not None:
            self._play(level)

    def action_play(self) -> None:
        level = self._highlighted_level()
        if level is not None:
            self._play(level)

    def _play(self, level: Level) -> None:
        if self.app.is_locked(level) and level not in self.mine.values():
            self.app.notify(self.tr("select.locked_why"), severity="warning")
        elif self.breakit_track:
            open_challenge(self.app, level)
        else:
            self.app.play_level(level)

    def on_screen_resume(self) -> None:
        self.apply_language()  # stars and locks may have changed while a level was played

    def action_toggle_track(self) -> None:
        self.breakit_track = not self.breakit_track
        self.apply_language()

    def action_back(self) -> None:
        self.app.pop_screen()
