"""The editor's forms: one per section, built from the document's values.

Each field widget knows the path of its value; `EditorScreen` applies edits and shows the
problems of `syncgame check` under the fields.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Select, Static

from syncgame.level.model import CHAPTERS, FAILURE_REASONS
from syncgame.level.writer import LevelDocument
from syncgame.primitives.registry import PRIMITIVE_TYPES
from syncgame.ui.editor.fields import (
    FieldArea,
    FieldCode,
    FieldInput,
    FieldPath,
    KeyRow,
    OpButton,
    ProblemLabel,
)

_SECTION_OF = {
    "format": "level",
    "id": "level",
    "chapter": "level",
    "order": "level",
    "notes_section": "level",
    "title": "texts",
    "briefing": "texts",
    "learned": "texts",
    "goal_text": "texts",
    "hints": "hints",
    "shared": "state",
    "primitives": "state",
    "palette": "state",
    "helpers": "threads",
    "threads": "threads",
    "goal": "goal",
    "solution": "reference",
    "par": "reference",
}


def section_of(path: FieldPath) -> str:
    return _SECTION_OF.get(path[0], "level") if path else "level"


def _label(text: str, classes: str = "field-label") -> Static:
    return Static(text, classes=classes)


class EditorForms:
    """Mixin of `EditorScreen`: the `_form_<section>()` builders. The screen provides
    `document`, `lang` and `t(key, **fields)` (its words in the current language)."""

    document: LevelDocument
    lang: str

    def _get(self, path: FieldPath, default=None):
        return self.document.get(path, default)

    def _list(self, path: FieldPath) -> list:
        """A list in the file, or [] when it is missing or not a list (`check` says so)."""
        value = self.document.get(path)
        return value if isinstance(value, list) else []

    def _input(self, path: FieldPath, kind: str, **kwargs) -> list[Widget]:
        value = self._get(path)
        text = "" if value is None else str(value)
        widget = FieldInput(path, kind, text, **kwargs)
        return [widget, ProblemLabel(path, widget)]

    def _pair(self, path: FieldPath, kind: str = "str", area: bool = False) -> list[Widget]:
        """The en and zh strings of a text table."""
        widgets: list[Widget] = []
        for lang in ("en", "zh"):
            value = self._get(path + (lang,), "")
            value = value if isinstance(value, str) else ""
            if area:
                editor: Widget = FieldArea(path + (lang,), kind, value)
            else:
                editor = FieldInput(path + (lang,), kind, value)
            widgets.append(
                Horizontal(_label(self.t(f"lang.{lang}"), "sub-label"), editor, classes="pair")
            )
            widgets.append(ProblemLabel(path + (lang,), editor))
        widgets.append(ProblemLabel(path))
        return widgets

    def _form_level(self):
        yield _label(self.t("field.id"))
        yield from self._input(("id",), "str")
        yield _label(self.t("field.chapter"))
        chapter = self._get(("chapter",))
        options = [(chapter_name, chapter_name) for chapter_name in CHAPTERS]
        if isinstance(chapter, str) and chapter not in CHAPTERS:
            options.append((chapter, chapter))
        select = Select(
            options,
            value=chapter if isinstance(chapter, str) else Select.NULL,
            allow_blank=not isinstance(chapter, str),
            id="field-chapter",
            compact=True,
        )
        select.path = ("chapter",)
        yield select
        yield ProblemLabel(("chapter",), select)
        yield _label(self.t("field.order"))
        yield from self._input(("order",), "int", classes="-compact-number")
        yield _label(self.t("field.notes_section"))
        yield from self._input(("notes_section",), "str")
        yield ProblemLabel(("format",))

    def _form_texts(self):
        yield _label(self.t("field.title"))
        yield from self._pair(("title",))
        yield _label(self.t("field.briefing"))
        yield from self._pair(("briefing",), "text", area=True)
        yield _label(self.t("field.goal_text"))
        yield from self._pair(("goal_text",), "optional-text")
        yield _label(self.t("field.learned"))
        yield from self._pair(("learned",), "optional-text", area=True)

    def _form_hints(self):
        hints = self._list(("hints",))
        if not hints:
            yield Static(self.t("hints.none"), classes="field-label")
        for index, _hint in enumerate(hints):
            yield Horizontal(
                Static(self.t("hints.one", n=index + 1)),
                OpButton(self.t("button.up"), "move-entry", "hints", index, -1),
                OpButton(self.t("button.down"), "move-entry", "hints", index, 1),
                OpButton(self.t("button.remove"), "remove-entry", "hints", index),
                classes="entry-head",
            )
            yield from self._pair(("hints", index))
        yield OpButton(self.t("hints.add"), "add-hint", classes="add", compact=False)

    def _rows(self, table: FieldPath, value_kind: str) -> list[Widget]:
        widgets: list[Widget] = []
        values = self._get(table, {}) or {}
        if not isinstance(values, dict):
            values = {}
        for key in self.document.keys(table):
            if value_kind == "toml":
                shown = self.document.written(table + (key,)) or ""
            else:
                value = values[key]
                shown = value if isinstance(value, str) else str(value)
            row = KeyRow(table, key, shown, value_kind, self.lang)
            widgets.append(row)
            widgets.append(ProblemLabel(lambda row=row: row.path, row))
        if not values:
            widgets.append(Static(self.t("rows.none"), classes="sub-label"))
        widgets.append(ProblemLabel(table))
        return widgets

    def _form_state(self):
        yield _label(self.t("field.shared"))
        yield from self._rows(("shared",), "toml")
        yield OpButton(self.t("rows.add_shared"), "add-key", ("shared",), "toml")
        yield _label(self.t("field.primitives"))
        yield from self._rows(("primitives",), "str")
        yield OpButton(self.t("rows.add_primitive"), "add-key", ("primitives",), "str")
        yield _label(self.t("field.palette"))
        cells = []
        for kind in PRIMITIVE_TYPES:
            value = self._get(("palette", kind))
            field = FieldInput(("palette", kind), "count", "" if value is None else str(value))
            cells.append(Horizontal(Static(kind), field, classes="palette-cell"))
        yield Vertical(*cells, classes="palette-grid")
        yield ProblemLabel(("palette",))

    def _form_threads(self):
        yield _label(self.t("field.helpers"))
        helpers = self._get(("helpers", "code"), "")
        code = FieldCode(("helpers", "code"), "code", helpers if isinstance(helpers, str) else "")
        yield code
        yield ProblemLabel(("helpers", "code"), code)
        yield ProblemLabel(("helpers",))
        threads = self._list(("threads",))
        for index, thread in enumerate(threads):
            name = thread.get("name", "") if isinstance(thread, dict) else ""
            yield Horizontal(
                Static(self.t("threads.one", n=index + 1, name=name), classes="thread-head"),
                OpButton(self.t("button.up"), "move-entry", "threads", index, -1),
                OpButton(self.t("button.down"), "move-entry", "threads", index, 1),
                OpButton(self.t("button.remove"), "remove-thread", index),
                classes="entry-head",
            )
            path = ("threads", index)
            name_input = FieldInput(path + ("name",), "thread-name", str(name))
            instances = self._get(path + ("instances",))
            count = FieldInput(
                path + ("instances",),
                "count",
                "" if instances is None else str(instances),
                classes="-compact-number",
                placeholder="1",
            )
            yield Horizontal(
                Vertical(_label(self.t("threads.name")), name_input, classes="pair"),
                Vertical(_label(self.t("threads.instances")), count, classes="pair"),
                classes="pair",
            )
            yield ProblemLabel(path + ("name",), name_input)
            yield ProblemLabel(path + ("instances",), count)
            yield _label(self.t("threads.code"))
            source = thread.get("code", "") if isinstance(thread, dict) else ""
            editor = FieldCode(path + ("code",), "code", source if isinstance(source, str) else "")
            yield editor
            yield ProblemLabel(path + ("code",), editor)
            yield ProblemLabel(path)
        yield ProblemLabel(("threads",))
        yield OpButton(self.t("threads.add"), "add-thread", classes="add", compact=False)

    def _form_goal(self):
        for key in ("final", "always"):
            yield _label(self.t(f"field.{key}"))
            values = self._list(("goal", key))
            text = "\n".join(v for v in values if isinstance(v, str))
            area = FieldArea(("goal", key), "lines", text)
            yield area
            yield ProblemLabel(("goal", key), area)
        checkbox = Checkbox(
            self.t("field.no_deadlock"), value=self._get(("goal", "no_deadlock"), True) is True
        )
        checkbox.path = ("goal", "no_deadlock")
        yield checkbox
        yield ProblemLabel(("goal", "no_deadlock"), checkbox)
        yield _label(self.t("field.max_steps"))
        yield from self._input(
            ("goal", "max_steps"), "count", classes="-compact-number", placeholder="10000"
        )
        yield _label(self.t("field.max_makespan"))
        yield from self._input(("goal", "max_makespan"), "number", classes="-compact-number")
        yield _label(self.t("field.start_fails"))
        reason = self._get(("goal", "start_fails"))
        select = Select(
            [(r, r) for r in FAILURE_REASONS],
            value=reason if reason in FAILURE_REASONS else Select.NULL,
            prompt=self.t("goal.any_failure"),
            compact=True,
        )
        select.path = ("goal", "start_fails")
        yield select
        yield ProblemLabel(("goal", "start_fails"), select)
        yield ProblemLabel(("goal",))

    def _form_reference(self):
        yield _label(self.t("field.solution_primitives"))
        yield from self._rows(("solution", "primitives"), "str")
        yield OpButton(self.t("rows.add_primitive"), "add-key", ("solution", "primitives"), "str")
        for name in self.document.thread_names():
            if not isinstance(name, str) or not name:
                continue
            yield Horizontal(
                Static(self.t("field.solution_code", name=name)),
                OpButton(self.t("reference.copy"), "copy-start", name),
                classes="entry-head",
            )
            path = ("solution", "threads", name)
            code = self._get(path, "")
            editor = FieldCode(path, "optional-code", code if isinstance(code, str) else "")
            yield editor
            yield ProblemLabel(path, editor)
        yield ProblemLabel(("solution", "threads"))
        yield ProblemLabel(("solution",))
        yield _label(self.t("field.par_primitives"))
        yield from self._input(("par", "primitives"), "count", classes="-compact-number")
        yield _label(self.t("field.par_makespan"))
        yield from self._input(("par", "makespan"), "number", classes="-compact-number")
        yield ProblemLabel(("par",))

    def _form_test(self):
        yield Static(self.t("test.intro"), classes="field-label")
        yield Horizontal(
            OpButton(self.t("test.run"), "test", compact=False, variant="primary"),
            OpButton(self.t("test.play"), "play-test", compact=False),
            OpButton(self.t("test.save"), "save", compact=False),
            classes="test-buttons",
        )
        yield Static(id="test-start")
        yield Static(id="test-reference")
        yield Static(id="test-ready")
        yield OpButton(self.t("test.replay"), "replay", id="test-replay", compact=False)
