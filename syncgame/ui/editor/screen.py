"""The level editor screen: every field of a level, checked as you type, tested by the judge.

The screen edits a `LevelDocument` (style-preserving TOML): each widget writes its value
back at its path as you type, then a debounced worker thread checks the whole text with
`parse_level` (the same messages as `syncgame check`) and the problems appear under their
fields. Test judges the start and the reference in worker processes; Play-test opens the level
in the play screen and comes back here.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    ContentSwitcher,
    Input,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from syncgame.files import SaveError
from syncgame.level.templates import mark_ready, path_for_id, user_levels_dir
from syncgame.level.writer import EditError, LevelDocument
from syncgame.texts import tr
from syncgame.ui.editor.dialogs import LeaveDialog
from syncgame.ui.editor.fields import (
    FieldArea,
    FieldCode,
    FieldInput,
    FieldPath,
    KeyRow,
    OpButton,
    ProblemLabel,
)
from syncgame.ui.editor.forms import EditorForms, section_of
from syncgame.ui.editor.testing import LevelTest, Readiness
from syncgame.ui.editor.validation import Validation, expression_problems, validate
from syncgame.ui.screens.base import GameScreen
from syncgame.ui.widgets.footer import Footer

SECTIONS = ("level", "texts", "hints", "state", "threads", "goal", "reference", "test")
DEBOUNCE = 0.25
"""Seconds of quiet typing before the level is checked again."""


class Validated(Message):
    def __init__(self, validation: Validation) -> None:
        super().__init__()
        self.validation = validation


class LevelTesting(Message):
    def __init__(self, side: str, info: dict) -> None:
        super().__init__()
        self.side = side
        self.info = info


class LevelTested(Message):
    def __init__(self, report: Readiness) -> None:
        super().__init__()
        self.report = report


class EditorScreen(EditorForms, GameScreen):
    """Edit one level: `document` is the level file as an editable TOML document."""

    DEFAULT_CSS = """
    EditorScreen #editor-body { height: 1fr; }
    EditorScreen #editor-side { width: 26; height: 1fr; border-right: vkey $primary; }
    EditorScreen #editor-nav { height: auto; max-height: 12; border: none; }
    EditorScreen #editor-status { height: auto; padding: 1 1 0 1; color: $text-muted; }
    EditorScreen #editor-forms { width: 1fr; height: 1fr; }
    EditorScreen .section { padding: 0 1 1 2; height: 1fr; }
    EditorScreen .field-label { margin-top: 1; color: $text-muted; text-style: bold; }
    EditorScreen .sub-label { color: $text-muted; width: 9; padding-top: 0; }
    EditorScreen .pair { height: auto; }
    EditorScreen .entry-head { height: auto; margin-top: 1; background: $boost; }
    EditorScreen .entry-head > Static { width: 1fr; text-style: bold; padding: 0 1; }
    EditorScreen .add { margin-top: 1; }
    EditorScreen #editor-problems { height: 6; border-top: hkey $primary; }
    EditorScreen .palette-grid { height: auto; layout: grid; grid-size: 4; grid-gutter: 0 2; }
    EditorScreen .palette-cell { height: auto; }
    EditorScreen .palette-cell > Static { width: 18; }
    EditorScreen .palette-cell > FieldInput { width: 8; }
    EditorScreen .test-buttons { height: auto; margin-top: 1; }
    EditorScreen .test-buttons > Button { margin-right: 2; }
    EditorScreen #test-start, EditorScreen #test-reference, EditorScreen #test-ready {
        height: auto; margin-top: 1;
    }
    EditorScreen .hidden { display: none; }
    EditorScreen.-narrow #editor-side { width: 20; }
    EditorScreen.-narrow #editor-status { display: none; }
    EditorScreen.-narrow .palette-grid { grid-size: 2; }
    EditorScreen.-short #editor-problems { height: 4; }
    EditorScreen.-short #editor-keys { display: none; }
    EditorScreen Input.-compact-number { width: 12; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("f5", "test", "Test"),
        Binding("f8", "play_test", "Play-test"),
        Binding("escape", "leave", "Back"),
        *[
            Binding(str(number), f"section('{name}')", show=False)
            for number, name in enumerate(SECTIONS, start=1)
        ],
    ]

    def __init__(self, document: LevelDocument) -> None:
        super().__init__()
        self.document = document
        self.validation: Validation | None = None
        self.report: Readiness | None = None
        self.testing: LevelTest | None = None
        self.test_progress = 0
        self._timer: Timer | None = None
        self._labels: list[ProblemLabel] = []
        self._stale: set[str] = set()
        """Sections whose form shows an outdated structure (a thread was renamed)."""
        self._template_text = document.text() if document.saved_text is None else None
        self._shown_title: tuple[str, str] | None = None
        self._shown_test: tuple | None = None
        self._built_lang: str | None = None

    # --- where the level saves -----------------------------------------------------------

    @property
    def own_path(self) -> Path | None:
        """The file this level was read from or last saved to (None: not on disk yet)."""
        return self.document.path if self.document.saved_text is not None else None

    @property
    def target_path(self) -> Path:
        """Where Save writes: `<id>.toml` in the level's folder."""
        return path_for_id(self.document, self.document.get(("id",))) or Path("level.toml")

    def t(self, key: str, **fields) -> str:
        return tr(key, self.lang, **fields)

    def problems_text(self, count: int) -> str:
        if count == 0:
            return self.t("editor.no_problems")
        return self.t("editor.problem" if count == 1 else "editor.problems", n=count)

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="editor-title", classes="screen-title")
        with Horizontal(id="editor-body"):
            with Vertical(id="editor-side"):
                yield OptionList(id="editor-nav")
                yield Static(id="editor-status")
            with ContentSwitcher(id="editor-forms", initial="sec-level"):
                for name in SECTIONS:
                    yield VerticalScroll(id=f"sec-{name}", classes="section")
        yield OptionList(id="editor-problems")
        yield Static(id="editor-keys", classes="keys-hint")
        yield Footer()

    async def on_mount(self) -> None:
        super().on_mount()
        await self._rebuild_all()
        nav = self.query_one("#editor-nav", OptionList)
        nav.highlighted = 0
        nav.focus()
        self._validate_now()

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < 100, "-narrow")
        self.set_class(event.size.height < 32, "-short")
        self.call_after_refresh(self._refresh_nav)

    def apply_language(self) -> None:
        self._shown_title = self._shown_test = None
        if self._built_lang is not None and self._built_lang != self.lang:
            self.call_later(self._rebuild_all)
        self._refresh_nav()
        self._refresh_title()
        self.query_one("#editor-keys", Static).update(self.t("editor.keys"))

    def _refresh_nav(self) -> None:
        nav = self.query_one("#editor-nav", OptionList)
        counts: dict[str, int] = {}
        if self.validation is not None:
            for item in self.validation.problems:
                section = section_of(item.path)
                counts[section] = counts.get(section, 0) + 1
        highlighted = nav.highlighted
        column = nav.size.width - 6 if nav.size.width > 12 else 18  # where the marks stand
        nav.clear_options()
        for number, name in enumerate(SECTIONS, start=1):
            label = Text(f"{number} {self.t('section.' + name)}")
            label.pad_right(max(1, column - label.cell_len))
            if counts.get(name):
                label.append(f"✗{counts[name]}", style="bold red")
            if name == "test" and self.report is not None and self._report_current():
                label.append("✓" if self.report.ready else "✗", style="bold")
            nav.add_option(Option(label, id=name))
        if highlighted is not None:
            nav.highlighted = highlighted

    def _refresh_title(self) -> None:
        parts = [self.t("editor.title"), self.target_path.name]
        parts.append(self.t("editor.unsaved") if self.document.modified else self.t("editor.saved"))
        if self.validation is None or self.validation.text != self.document.text():
            parts.append(self.t("editor.checking"))
        elif self.validation.problems:
            parts.append(self.problems_text(len(self.validation.problems)))
        else:
            parts.append(self.t("editor.no_problems"))
        if self.report is not None and self._report_current():
            parts.append(
                self.t("editor.ready") if self.report.ready else self.t("editor.not_ready")
            )
        else:
            parts.append(self.t("editor.not_tested"))
        title = "  ·  ".join(parts)
        status = self.t("editor.saves_as", path=self.target_path)
        if (title, status) == self._shown_title:
            return  # typing changes the document, rarely these words: no relayout per key
        self._shown_title = (title, status)
        self.query_one("#editor-title", Static).update(title)
        self.query_one("#editor-status", Static).update(Text(status, style="dim", overflow="fold"))

    @on(OptionList.OptionHighlighted, "#editor-nav")
    def _nav_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id:
            self.show_section(event.option_id)

    @on(OptionList.OptionSelected, "#editor-nav")
    def _nav_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a section: into its first field."""
        if event.option_id:
            self.show_section(event.option_id)
            section = self.query_one(f"#sec-{event.option_id}")
            for widget in section.query("Input, TextArea, Button, Checkbox, Select"):
                if widget.focusable:
                    widget.focus()
                    break

    def show_section(self, name: str) -> None:
        if name in self._stale:
            self._stale.discard(name)
            self.call_later(self._build, name)
        self.query_one("#editor-forms", ContentSwitcher).current = f"sec-{name}"
        nav = self.query_one("#editor-nav", OptionList)
        index = SECTIONS.index(name)
        if nav.highlighted != index:
            nav.highlighted = index

    # --- building the forms ----------------------------------------------------------------

    async def _rebuild_all(self) -> None:
        """Every form again (at the start, and in the other language)."""
        self._built_lang = self.lang
        for name in SECTIONS:
            await self._build(name)
        self._shown_test = None
        self._refresh_test()

    async def _build(self, name: str) -> None:
        """(Re)build a section's form from the document."""
        section = self.query_one(f"#sec-{name}", VerticalScroll)
        self._labels = [label for label in self._labels if section not in label.ancestors]
        await section.remove_children()
        widgets = list(getattr(self, f"_form_{name}")())
        await section.mount_all(widgets)
        self._labels += list(section.query(ProblemLabel))
        self._stale.discard(name)
        if self.validation is not None:
            self._show_problems()

    # --- edits -----------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        widget = event.input
        if isinstance(widget, FieldInput):
            event.stop()
            self._apply_input(widget, event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        widget = event.text_area
        if not isinstance(widget, (FieldArea, FieldCode)):
            return
        event.stop()
        text = widget.text
        path = widget.path
        widget.local_problem = None
        try:
            if widget.kind == "lines":
                lines = [line.strip() for line in text.splitlines() if line.strip()]
                if lines or self.document.has(path):
                    self.document.set(path, lines)
            elif widget.kind == "optional-code":
                self.document.set(path, text if text.strip() else None)
            elif widget.kind == "optional-text":
                self._apply_optional_text(path, text)
            else:
                self.document.set(path, text)
        except EditError as error:  # a file shaped by hand in a way this field cannot edit
            widget.local_problem = str(error)
        self._edited()

    def _apply_optional_text(self, path: FieldPath, text: str) -> None:
        """[learned] and [goal_text] are optional: clearing both languages removes the table."""
        other = (path[0], "zh" if path[-1] == "en" else "en")
        if not text and not self._get(other):
            self.document.remove((path[0],))
        else:
            self.document.set(path, text)

    def on_select_changed(self, event: Select.Changed) -> None:
        path = getattr(event.select, "path", None)
        if path is None:
            return
        event.stop()
        value = event.value
        self._safely(self.document.set, path, None if value is Select.NULL else value)
        self._edited()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        path = getattr(event.checkbox, "path", None)
        if path is None:
            return
        event.stop()
        self._safely(self.document.set, path, event.value)
        self._edited()

    def _safely(self, edit, *args) -> bool:
        """Apply an edit; one the file's shape does not allow is said, not a crash."""
        try:
            edit(*args)
        except EditError as error:
            self.notify(str(error), severity="error", timeout=8)
            return False
        return True

    def _apply_input(self, widget: FieldInput, value: str) -> None:
        widget.local_problem = None
        kind = widget.kind
        path = widget.path
        try:
            if kind == "str":
                self.document.set(path, value)
            elif kind == "optional-text":
                self._apply_optional_text(path, value)
            elif kind == "thread-name":
                self.document.rename_thread(path[1], value)
                self._retitle_thread(path[1], value)
            elif kind in ("int", "count"):
                text = value.strip()
                if not text:
                    self.document.remove(path)
                else:
                    try:
                        number = int(text)
                    except ValueError:
                        widget.local_problem = self.t("local.integer", text=text)
                    else:
                        self.document.set(path, number)
            elif kind == "number":
                text = value.strip()
                if not text:
                    self.document.remove(path)
                else:
                    try:
                        number = int(text) if text.lstrip("-").isdigit() else float(text)
                    except ValueError:
                        widget.local_problem = self.t("local.number", text=text)
                    else:
                        self.document.set(path, number)
            elif kind == "key":
                self._rename_row(widget, value.strip())
            elif kind == "toml":
                try:
                    self.document.set_toml(path, value)
                except ValueError as error:
                    widget.local_problem = str(error)
        except EditError as error:  # a file shaped by hand in a way this field cannot edit
            widget.local_problem = str(error)
        finally:
            self._edited()

    def _rename_row(self, widget: FieldInput, name: str) -> None:
        row = widget.row
        if row is None or name == row.key:
            return
        if not name:
            widget.local_problem = self.t("local.name_needed")
            return
        try:
            self.document.rename(row.path, name)
        except KeyError:
            widget.local_problem = self.t("local.name_used", name=name)
            return
        row.key = name

    def _retitle_thread(self, index: int, name: str) -> None:
        heads = list(self.query_one("#sec-threads").query(".thread-head"))
        if index < len(heads):
            heads[index].update(self.t("threads.one", n=index + 1, name=name))
        self._stale.add("reference")

    async def on_button_pressed(self, event) -> None:
        button = event.button
        if not isinstance(button, OpButton):
            return
        event.stop()
        try:
            await self._operate(button.op, button.args)
        except EditError as error:  # a file shaped by hand in a way the editor cannot change
            self.notify(str(error), severity="error", timeout=8)

    async def _operate(self, op: str, args: tuple) -> None:
        if op == "test":
            self.action_test()
        elif op == "play-test":
            self.action_play_test()
        elif op == "save":
            self.action_save()
        elif op == "replay":
            self.action_replay()
        elif op == "add-hint":
            index = self.document.add_entry("hints", {"en": "", "zh": ""})
            await self._structure_changed("hints", focus=("hints", index, "en"))
        elif op == "move-entry":
            key, index, delta = args
            self.document.move_entry(key, index, index + delta)
            await self._structure_changed(section_of((key,)))
        elif op == "remove-entry":
            key, index = args
            self.document.remove((key, index))
            await self._structure_changed(section_of((key,)))
        elif op == "add-thread":
            names = set(self.document.thread_names())
            number = len(names) + 1
            while f"worker{number}" in names:
                number += 1
            index = self.document.add_entry(
                "threads", {"name": f"worker{number}", "instances": 1, "code": "pass\n"}
            )
            await self._structure_changed("threads", focus=("threads", index, "name"))
            await self._build("reference")
        elif op == "remove-thread":
            self.document.remove_thread(args[0])
            await self._structure_changed("threads")
            await self._build("reference")
        elif op == "add-key":
            table, kind = args
            await self._add_key(table, kind)
        elif op == "remove-key":
            row = args[0]
            self.document.remove(row.path)
            await self._structure_changed(section_of(row.table))
        elif op == "copy-start":
            name = args[0]
            index = self.document.thread_names().index(name)
            code = self._get(("threads", index, "code"), "")
            self.document.set(("solution", "threads", name), code)
            await self._structure_changed("reference", focus=("solution", "threads", name))

    async def _add_key(self, table: FieldPath, kind: str) -> None:
        existing = self._get(table, {}) or {}
        base = "var" if table == ("shared",) else "lock"
        number = 1
        while f"{base}{number}" in existing:
            number += 1
        name = f"{base}{number}"
        if kind == "toml":
            self.document.set_toml(table + (name,), "0")
        else:
            self.document.set(table + (name,), "Lock()")
        await self._structure_changed(section_of(table))
        for row in self.query(KeyRow):
            if row.path == table + (name,):
                row.name_input.focus()
                row.scroll_visible()

    async def _structure_changed(self, section: str, focus: FieldPath | None = None) -> None:
        self._edited()
        await self._build(section)
        if focus is not None:
            widget = self.widget_for(focus)
            if widget is not None:
                widget.focus()
                widget.scroll_visible()

    def _edited(self) -> None:
        """The document changed: check it again when typing pauses."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._validate_now)
        self._refresh_title()
        self._refresh_test()

    def widget_for(self, path: FieldPath) -> Widget | None:
        """The editing widget of the value at `path` (for tests and for jumping to a problem)."""
        for widget in self.query("FieldInput, FieldArea, FieldCode, Select, Checkbox"):
            if getattr(widget, "path", None) == path:
                if isinstance(widget, FieldInput) and widget.kind == "key":
                    continue  # a row's value input speaks for the row
                return widget
        return None

    # --- validation --------------------------------------------------------------------------

    def _validate_now(self) -> None:
        self._timer = None
        self._check(self.document.text(), self.target_path, self.own_path)

    @work(thread=True, exclusive=True, group="validate")
    def _check(self, text: str, target: Path, own: Path | None) -> None:
        self.post_message(Validated(validate(text, target, own=own)))

    def on_validated(self, message: Validated) -> None:
        if message.validation.text != self.document.text():
            return  # typed since: a newer check is on its way
        self.validation = message.validation
        self._show_problems()
        self._refresh_nav()
        self._refresh_title()
        self._refresh_test()

    def _show_problems(self) -> None:
        problems = self.validation.problems if self.validation else ()
        found: dict[int, list[str]] = {id(label): [] for label in self._labels}
        labels = [(label, label.path) for label in self._labels]
        lines_of: dict[int, set[int]] = {}
        for item in problems:
            best = None
            for label, path in labels:
                if item.path[: len(path)] == path and (best is None or len(path) > len(best[1])):
                    best = (label, path)
            if best is None:
                continue
            label = best[0]
            message = item.message
            if item.code_line is not None and isinstance(label.target, FieldCode):
                message = f"line {item.code_line}: {message}"
                lines_of.setdefault(id(label), set()).add(item.code_line)
            found[id(label)].append(message)
        for label in self._labels:
            messages = found.get(id(label), [])
            target = label.target
            if isinstance(target, FieldArea) and target.kind == "lines":
                messages = self._expression_lines(target, messages)
            local = self._local_problems(target)
            label.show(local + messages)
            if isinstance(target, FieldCode):
                target.mark_problems(lines_of.get(id(label), set()))
        self._fill_problem_list()

    def _expression_lines(self, area: FieldArea, messages: list[str]) -> list[str]:
        """Goal expressions: say which line of the box each problem is on."""
        if not messages:
            return messages
        lines = area.text.splitlines()
        numbered = [(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip()]
        bad = expression_problems([expression for _, expression in numbered])
        if not bad:
            return messages
        return [f"line {numbered[index][0]}: {message}" for index, message in bad.items()]

    @staticmethod
    def _local_problems(target) -> list[str]:
        widgets = (
            [target.name_input, target.value_input] if isinstance(target, KeyRow) else [target]
        )
        return [w.local_problem for w in widgets if getattr(w, "local_problem", None)]

    def _fill_problem_list(self) -> None:
        listing = self.query_one("#editor-problems", OptionList)
        listing.clear_options()
        problems = self.validation.problems if self.validation else ()
        for index, item in enumerate(problems):
            section = self.t("section." + section_of(item.path))
            text = Text()
            text.append(f"{self.target_path.name}:{item.problem.line}: ", style="dim")
            text.append(item.message, style="red")
            text.append(f"  ({section})", style="dim")
            listing.add_option(Option(text, id=f"problem-{index}"))
        listing.border_title = self.problems_text(len(problems))
        if not problems:
            listing.add_option(
                Option(Text(self.t("editor.no_problems_long"), style="dim"), disabled=True)
            )

    @on(OptionList.OptionSelected, "#editor-problems")
    def _problem_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a problem: go to its field."""
        if self.validation is None or not event.option_id:
            return
        item = self.validation.problems[int(event.option_id.split("-")[1])]
        self.show_section(section_of(item.path))
        best = None
        for label in self._labels:
            path = label.path
            if item.path[: len(path)] == path and (best is None or len(path) > len(best.path)):
                best = label
        target = best.target if best is not None else None
        if isinstance(target, KeyRow):
            target = target.value_input
        if target is not None and target.focusable:
            target.focus()
            target.scroll_visible()
            if isinstance(target, FieldCode) and item.code_line:
                target.move_cursor((item.code_line - 1, 0))

    # --- saving ------------------------------------------------------------------------------

    def action_save(self) -> bool:
        """Save where the id says; say why not if that fails. True when saved."""
        target = self.target_path
        own = self.own_path
        if target != own and target.exists():
            self.notify(
                self.t("editor.save_failed", error=f"{target} already exists"),
                severity="error",
                timeout=8,
            )
            return False
        try:
            self.document.save(target)
        except SaveError as error:
            self.notify(self.t("editor.save_failed", error=error), severity="error", timeout=10)
            return False
        if self.report is not None and self.report.ready and self._report_current():
            self._mark_ready()
        self.notify(self.t("editor.saved_to", path=target), timeout=4)
        self._edited()
        return True

    # --- Test, Play-test, replay -------------------------------------------------------------

    def _valid_level(self):
        """The level as it is now, or None (with a notice) while it has problems."""
        validation = self.validation
        if validation is None or validation.text != self.document.text():
            validation = validate(self.document.text(), self.target_path, own=self.own_path)
            self.validation = validation
            self._show_problems()
            self._refresh_nav()
        if not validation.ok:
            self.notify(
                self.t("editor.fix_first", n=len(validation.problems)),
                severity="warning",
                timeout=6,
            )
            return None
        return validation.level

    def action_test(self) -> None:
        level = self._valid_level()
        if level is None:
            return
        if self.testing is not None:
            self.testing.cancel()
        self.report = None
        self.test_progress = 0
        self.show_section("test")
        text = self.document.text()
        self.testing = LevelTest(
            level,
            text,
            on_done=lambda report: self.post_message(LevelTested(report)),
            on_progress=lambda side, info: self.post_message(LevelTesting(side, info)),
        ).start()
        self._refresh_test()

    def on_level_testing(self, message: LevelTesting) -> None:
        self.test_progress = max(self.test_progress, int(message.info.get("explored", 0)))
        self._refresh_test()

    def on_level_tested(self, message: LevelTested) -> None:
        self.testing = None
        self.report = message.report
        if self.report.ready and self._report_current() and not self.document.modified:
            self._mark_ready()
        self._refresh_test()
        self._refresh_nav()
        self._refresh_title()

    def _mark_ready(self) -> None:
        """Remember the saved text passed the Test (for "My levels"; not in other folders)."""
        path = self.document.path
        if path is None or path.parent != user_levels_dir():
            return
        try:
            mark_ready(path, self.document.text())
        except SaveError:
            pass  # a mark we cannot write is no reason to bother the teacher

    def _report_current(self) -> bool:
        return self.report is not None and self.report.text == self.document.text()

    def _refresh_test(self) -> None:
        current = self._report_current()
        state = (self.testing is not None, self.test_progress, id(self.report), current)
        if state == self._shown_test:
            return
        try:
            start = self.query_one("#test-start", Static)
            reference = self.query_one("#test-reference", Static)
            ready = self.query_one("#test-ready", Static)
            replay = self.query_one("#test-replay", OpButton)
        except NoMatches:  # the Test section is being rebuilt
            return
        self._shown_test = state
        if self.testing is not None:
            start.update(Text(self.t("test.running", explored=self.test_progress), style="italic"))
            reference.update("")
            ready.update("")
            replay.set_class(True, "hidden")
            return
        report = self.report
        if report is None:
            for widget in (start, reference, ready):
                widget.update("")
            replay.set_class(True, "hidden")
            return
        start.update(self._outcome_text("start", report.start))
        reference.update(self._outcome_text("reference", report.reference))
        if not current:
            ready.update(Text(self.t("test.stale"), style="bold yellow"))
        elif report.ready:
            ready.update(Text(self.t("test.ready"), style="bold green"))
        else:
            ready.update(Text(self.t("test.not_ready"), style="bold red"))
        replay.set_class(not report.start.result.get("trace"), "hidden")

    def _outcome_text(self, side: str, outcome) -> Text:
        text = Text()
        text.append(f"{self.t('test.' + side)}: ", style="bold")
        if outcome.ok:
            text.append("✓ " + self.t(f"test.{side}_ok"), style="bold green")
        else:
            text.append("✗ " + self.t(f"test.{side}_bad"), style="bold red")
        text.append(f"\n  {outcome.why}")
        return text

    def action_play_test(self) -> None:
        level = self._valid_level()
        if level is None:
            return
        from syncgame.ui.screens.play.screen import PlayScreen

        self.app.push_screen(PlayScreen(level))

    def action_replay(self) -> None:
        """Replay the start's failing schedule on the play stage."""
        report = self.report
        trace = report.start.result.get("trace") if report else None
        if not trace:
            return
        level = self._valid_level()
        if level is None:
            return
        from syncgame.ui.screens.play.screen import PlayScreen

        screen = PlayScreen(level)
        self.app.push_screen(screen)
        message = report.start.result.get("message", "")
        screen.call_after_refresh(screen.start_replay, trace, message)

    # --- leaving -------------------------------------------------------------------------------

    def action_section(self, name: str) -> None:
        self.show_section(name)
        self.query_one("#editor-nav", OptionList).focus()

    def action_leave(self) -> None:
        """Esc in a form goes back to the list of sections; on the list, leaves the editor
        (asking about unsaved changes)."""
        nav = self.query_one("#editor-nav", OptionList)
        if self.focused is not None and self.focused is not nav:
            nav.focus()
            return
        if not self._unsaved():
            self._close()
            return

        def answered(choice: str | None) -> None:
            if choice == "save":
                if self.action_save():
                    self._close()
            elif choice == "discard":
                self._close()

        self.app.push_screen(LeaveDialog(self.target_path.name, self.lang), answered)

    def _unsaved(self) -> bool:
        """Edits that would be lost (an untouched new level or copy loses nothing)."""
        if not self.document.modified:
            return False
        return self.document.saved_text is not None or self._touched()

    def ask_before_quit(self) -> bool:
        """The app is quitting (Ctrl+Q): ask about unsaved edits. True = asked (wait)."""
        if not self._unsaved() or isinstance(self.app.screen, LeaveDialog):
            return False

        def answered(choice: str | None) -> None:
            if choice == "discard" or (choice == "save" and self.action_save()):
                self.app.exit()

        self.app.push_screen(LeaveDialog(self.target_path.name, self.lang), answered)
        return True

    def _touched(self) -> bool:
        """A new level counts as changed once it differs from its template."""
        return self.document.text() != getattr(self, "_template_text", None)

    def on_screen_resume(self) -> None:
        self._refresh_title()

    def _close(self) -> None:
        if self.testing is not None:
            self.testing.cancel()
            self.testing = None
        self.app.pop_screen()
