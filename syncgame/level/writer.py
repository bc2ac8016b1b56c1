"""Edit level files without losing their style, and save them atomically. No Textual here.

`LevelDocument` holds a level file as a `tomlkit` document: every edit changes only the value
it names, so comments, key order, blank lines and the spelling of untouched values survive a
round trip (a file opened and saved unchanged is byte-identical). Paths name values the way
`syncgame.level.locator` does: ("title", "en"), ("threads", 1, "code"), ("goal", "final").

`save_text(path, text)` writes atomically (`syncgame.files`): a failure at any moment leaves the
previous version in place and raises `SaveError` with a one-sentence reason.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import (
    AoT,
    Array,
    InlineTable,
    Item,
    SingleKey,
    String,
    StringType,
    Table,
    Trivia,
    Whitespace,
)

from syncgame.files import SaveError, save_bytes
from syncgame.level.loader import _syntax_problem
from syncgame.level.problems import LevelError, Problem

Path_ = tuple[str | int, ...]

TOP_ORDER = (
    "format",
    "id",
    "chapter",
    "order",
    "notes_section",
    "title",
    "briefing",
    "goal_text",
    "hints",
    "learned",
    "shared",
    "primitives",
    "palette",
    "helpers",
    "threads",
    "goal",
    "solution",
    "par",
    "lazy",
    "measure",
    "challenge",
)
"""Where a missing top-level key goes when an edit creates it: the documented order."""

INLINE_TABLES = frozenset({"primitives"})
"""Nested tables an edit creates inline (a fix's primitives); others get a [header]."""


class EditError(KeyError):
    """An edit that the document's shape does not allow (e.g. `title` is a string, not a
    table, so `title.en` has no place); the document is unchanged."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def save_text(path: Path | str, text: str) -> Path:
    """Write `text` (UTF-8, newlines as given) to `path` atomically; create its folder if needed.

    Raises SaveError; whatever fails, the file at `path` keeps its previous content and no
    temporary file is left behind.
    """
    return save_bytes(path, text.encode("utf-8"))


# --- strings, written the way level files write them ---------------------------------------


def _escape_basic(value: str, multiline: bool) -> str:
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"' and not multiline:
            out.append('\\"')
        elif ch == "\n" and multiline:
            out.append("\n")
        elif ch == "\t":
            out.append("\t" if multiline else "\\t")
        elif ch in "\b\f\n\r":
            out.append({"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r"}[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    text = "".join(out)
    if multiline:
        # no run of three quotes inside, and none that would merge with the closing quotes
        text = text.replace('"""', '""\\"')
        if text.endswith('"'):
            text = text[:-1] + '\\"'
    return text


def _literal_ok(value: str, multiline: bool) -> bool:
    for ch in value:
        if ch == "\n" and multiline:
            continue
        if ch != "\t" and (ord(ch) < 0x20 or ord(ch) == 0x7F):
            return False
    if multiline:
        return "'''" not in value and not value.endswith("'")
    return "'" not in value


def string_item(value: str, old: Item | None = None) -> String:
    """A TOML string for `value`, in the style of `old` when it can hold the value.

    New multi-line strings start on the line after the opening quotes (so code lines map one
    to one onto file lines); a multi-line string keeps its style even if the value loses its
    newlines; a literal string stays literal while the value needs no escape.
    """
    kind = old.type if isinstance(old, String) else None
    leading = True
    if kind in (StringType.MLB, StringType.MLL):
        leading = old.as_string()[3:].startswith(("\n", "\r\n"))
    elif "\n" in value or "\r" in value:
        kind = StringType.MLL if kind is StringType.SLL else StringType.MLB
    else:
        kind = kind or StringType.SLB
    if kind is StringType.SLL and not _literal_ok(value, False):
        kind = StringType.SLB
    if kind is StringType.MLL and not _literal_ok(value, True):
        kind = StringType.MLB
    multiline = kind in (StringType.MLB, StringType.MLL)
    if kind in (StringType.SLL, StringType.MLL):
        body = value
    else:
        body = _escape_basic(value, multiline)
    if multiline and (leading or value.startswith("\n")):
        body = "\n" + body  # TOML drops a newline right after the opening quotes
    return String(kind, value, body, Trivia())


def parse_value(source: str) -> Any:
    """The TOML value written in `source` ("0", "[]", "{ tea = 2 }", '"text"').

    Raises ValueError with a one-line reason for anything else.
    """
    text = source.strip()
    if not text:
        raise ValueError('a value is needed, e.g. 0, [], "text", { a = 1 }')
    try:
        return tomllib.loads(f"v = {text}\n")["v"]
    except tomllib.TOMLDecodeError as error:
        hint = ""
        if text in ("True", "False"):
            hint = f" (TOML writes {text.lower()})"
        elif text == "None":
            hint = " (TOML has no None)"
        message = str(error).split(" (at ")[0]
        raise ValueError(f"not a TOML value: {message}{hint}") from None


# --- the document ---------------------------------------------------------------------------


def _container(item: Any) -> Container | None:
    if isinstance(item, Container):
        return item
    if isinstance(item, (Table, InlineTable)):
        return item.value
    return None


def _plain(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same TOML types (True is not 1, 1 is not 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _ends_with_blank(table: Table) -> bool:
    body = table.value.body
    return bool(body) and isinstance(body[-1][1], Whitespace)


class LevelDocument:
    """One level file as an editable document that writes back in its own style."""

    def __init__(
        self, doc: tomlkit.TOMLDocument, path: Path | None = None, saved: str | None = None
    ):
        self.doc = doc
        self.path = path
        """The file this document was read from or last saved to (None: never saved)."""
        self.saved_text = saved
        """The text on disk at `path` as of the last open or save (None: nothing on disk)."""

    # -- reading --------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str, path: Path | str | None = None) -> LevelDocument:
        """The document in `text`; a TOML syntax error raises LevelError (as `syncgame check`
        reports it, with its line)."""
        file = str(path) if path is not None else "<new level>"
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise LevelError([_syntax_problem(file, text, error)]) from None
        try:
            doc = tomlkit.parse(text)
        except TOMLKitError as error:  # tomllib accepted it: should not happen, but be clear
            line = getattr(error, "line", 1) or 1
            raise LevelError([Problem(file, line, f"TOML syntax error: {error}")]) from None
        return cls(doc, Path(path) if path is not None else None)

    @classmethod
    def open(cls, path: Path | str) -> LevelDocument:
        """Read the level file at `path`. Raises LevelError (unreadable, not UTF-8, not TOML);
        the file itself is never touched."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            problem = Problem(str(path), 1, f"cannot read: {error.strerror or error}")
            raise LevelError([problem]) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise LevelError([Problem(str(path), line, "not valid UTF-8 text")]) from None
        document = cls.parse(text, path)
        document.saved_text = text
        return document

    def text(self) -> str:
        return self.doc.as_string()

    @property
    def modified(self) -> bool:
        """Whether the text differs from what is on disk (always, for a never-saved level)."""
        return self.saved_text is None or self.text() != self.saved_text

    def data(self) -> dict:
        """The whole document as plain Python values."""
        return self.doc.unwrap()

    def _item(self, path: Path_) -> Any:
        item: Any = self.doc
        for key in path:
            if isinstance(key, int):
                if not isinstance(item, (AoT, Array)) or not -len(item) <= key < len(item):
                    return None
                item = item[key]
            else:
                container = _container(item)
                if container is None or key not in container:
                    return None
                item = container.item(key)
        return item

    def get(self, path: Path_, default: Any = None) -> Any:
        """The plain value at `path`, or `default` when there is none."""
        item = self._item(path)
        return default if item is None else _plain(item)

    def written(self, path: Path_) -> str | None:
        """The value at `path` as the file spells it (`{ tea = 2 }`, `'x'`), or None."""
        item = self._item(path)
        return item.as_string().strip() if isinstance(item, Item) else None

    def has(self, path: Path_) -> bool:
        return self._item(path) is not None

    # -- changing values ------------------------------------------------------------------

    def _parent(self, path: Path_, create: bool) -> Any:
        """The table, document or array holding `path[-1]`, creating missing tables when
        `create`; None when there is no such place."""
        item: Any = self.doc
        for depth, key in enumerate(path[:-1]):
            if isinstance(key, int):
                if not isinstance(item, (AoT, Array)) or not -len(item) <= key < len(item):
                    return None
                item = item[key]
                continue
            container = _container(item)
            if container is None:
                return None
            if key not in container:
                if not create:
                    return None
                # primitives of a fix are short: `primitives = { ev = "Event()" }`
                inline = depth > 0 and key in INLINE_TABLES
                table = tomlkit.inline_table() if inline else tomlkit.table()
                self._insert(item, key, table, top=depth == 0)
            item = container.item(key)
        if isinstance(path[-1], int):
            return item if isinstance(item, (AoT, Array)) else None
        return item if _container(item) is not None else None

    def _insert(self, parent: Any, key: str, item: Any, top: bool) -> None:
        """Add `key` to `parent` (a table, or the document); at the top level, in the
        documented order (and tables after every plain value, as TOML needs)."""
        doc = self.doc
        if top:
            before = TOP_ORDER[: TOP_ORDER.index(key)] if key in TOP_ORDER else TOP_ORDER
            is_table = isinstance(item, (Table, AoT))
            position = -1
            for index, (name, value) in enumerate(doc.body):
                if name is None:
                    continue
                plain = not isinstance(value, (Table, AoT))
                if (name.key in before and (is_table or plain)) or (is_table and plain):
                    position = index
            if position + 1 >= len(doc.body):
                doc.append(key, item)
            elif position < 0 and is_table:
                doc.append(key, item)
            else:
                doc._insert_at(position + 1, key, item)
        elif isinstance(parent, Table) and not isinstance(item, (Table, AoT)):
            _insert_value(parent, key, item)
        elif isinstance(parent, InlineTable):
            _insert_inline(parent, key, item)
        else:
            parent[key] = item
        self._tidy_document()

    def set(self, path: Path_, value: Any) -> None:
        """Set the value at `path` (creating missing tables); unchanged values are not touched,
        so their spelling and comments stay as written. `None` removes the key."""
        if value is None:
            self.remove(path)
            return
        old = self._item(path)
        if old is not None and _same(_plain(old), value):
            return
        if isinstance(value, str):
            new: Any = string_item(value, old)
        elif (
            isinstance(value, list)
            and isinstance(old, Array)
            and all(isinstance(v, str) for v in value)
        ):
            self._set_array(old, value)
            return
        else:
            new = tomlkit.item(value)
        self._put(path, new, old)

    def set_toml(self, path: Path_, source: str) -> None:
        """Set the value at `path` to the TOML value written in `source`, as written
        (e.g. a shared variable typed as `{ tea = 2 }`). Raises ValueError if it is no value."""
        value = parse_value(source)
        old = self._item(path)
        if old is not None and _same(_plain(old), value):
            return
        new = tomlkit.parse(f"v = {source.strip()}\n").item("v")
        new.trivia.indent = ""
        new.trivia.comment_ws = ""
        new.trivia.comment = ""
        new.trivia.trail = "\n"
        self._put(path, new, old)

    def _put(self, path: Path_, new: Any, old: Any) -> None:
        parent = self._parent(path, create=True)
        if parent is None:
            raise EditError(
                f"{_dotted(path[:-1])} is not a table here: {_dotted(path)} has no place"
            )
        key = path[-1]
        if isinstance(parent, (AoT, Array)):
            parent[key] = new
            return
        if old is None:
            self._insert(parent, key, new, top=len(path) == 1)
            return
        _keep_comment_column(old, new)
        parent[key] = new

    def _set_array(self, array: Array, values: list[str]) -> None:
        """Change an array of strings item by item, so comments on kept items stay."""
        old = list(array.unwrap())
        for index, value in enumerate(values[: len(old)]):
            if old[index] != value:
                array[index] = string_item(value, array[index])
        for index in range(len(old) - 1, len(values) - 1, -1):
            del array[index]
        for value in values[len(old) :]:
            array.append(string_item(value))

    def remove(self, path: Path_) -> None:
        """Remove the key (or array entry) at `path`; nothing happens if it is absent."""
        if self._item(path) is None:
            return
        parent = self._parent(path, create=False)
        key = path[-1]
        if isinstance(parent, (AoT, Array)):
            del parent[key]
            if isinstance(parent, AoT):
                if not len(parent):  # no [[hints]] left: no `hints = []` either
                    self.remove(path[:-1])
                self._tidy(path[:-1])
        elif parent is not None:
            del parent[key]

    def rename(self, path: Path_, new_key: str) -> None:
        """Rename the key at `path` in place (its value, comment and position stay).
        Raises KeyError if `new_key` is already used next to it."""
        old_key = path[-1]
        if new_key == old_key:
            return
        parent = self._parent(path, create=False)
        container = _container(parent)
        if container is None or old_key not in container:
            raise EditError(f"no key {_dotted(path)}")
        if new_key in container:
            raise EditError(f"'{new_key}' is already used")
        index = container._map.get(SingleKey(old_key))
        if not isinstance(index, int):  # a table written in pieces: not a plain rename
            raise EditError(f"cannot rename {_dotted(path)}: it is written in pieces")
        key, item = container.body[index]
        if parent is container:
            container.remove(old_key)
        else:
            parent.remove(old_key)
        written = key.as_string()
        spacing = written[len(written.rstrip()) :]  # `name   = 1`: the spaces stay
        fresh = SingleKey(new_key)
        renamed = SingleKey(new_key, t=fresh.t, sep=key.sep, original=fresh.as_string() + spacing)
        container._insert_at(index, renamed, item)
        if parent is not container:
            dict.__setitem__(parent, new_key, item)

    def keys(self, path: Path_) -> list[str]:
        """The keys of the table at `path`, in the order the text has them."""
        container = _container(self._item(path)) if path else self.doc
        if container is None:
            return []
        return [key.key for key, _ in container.body if key is not None]

    # -- arrays of tables: [[threads]], [[hints]] ----------------------------------------

    def count(self, key: str) -> int:
        item = self._item((key,))
        return len(item) if isinstance(item, (AoT, Array)) else 0

    def add_entry(self, key: str, values: dict[str, Any], index: int | None = None) -> int:
        """Add a table to the array of tables `key` (at `index`, default last); its index."""
        table = tomlkit.table()
        for name, value in values.items():
            table.add(name, string_item(value) if isinstance(value, str) else tomlkit.item(value))
        aot = self._item((key,))
        if aot is not None and not isinstance(aot, AoT):
            if isinstance(aot, Array) and not len(aot):  # `hints = []`: becomes [[hints]]
                self.remove((key,))
                aot = None
            else:
                raise EditError(f"{key} is not written as [[{key}]] tables: edit it by hand")
        if aot is None:
            aot = tomlkit.aot()
            aot.append(table)
            self._insert(self.doc, key, aot, top=True)
            return 0
        position = len(aot) if index is None else max(0, min(index, len(aot)))
        aot.insert(position, table)
        self._tidy((key,))
        return position

    def move_entry(self, key: str, index: int, new_index: int) -> None:
        """Move entry `index` of the array of tables `key` to `new_index`."""
        aot = self._item((key,))
        if not isinstance(aot, AoT) or not 0 <= index < len(aot):
            raise EditError(f"{key} has no entry {index}")
        new_index = max(0, min(new_index, len(aot) - 1))
        if new_index == index:
            return
        tables = list(aot.body)
        table = tables.pop(index)
        tables.insert(new_index, table)
        aot.clear()
        for entry in tables:
            aot.append(entry)
        self._tidy((key,))

    def _tidy_document(self) -> None:
        """Every table but the document's last ends with a blank line before the next header
        (only tables an edit created can lack one: a parsed file keeps its own spacing)."""
        items = [item for key, item in self.doc.body if key is not None]
        tables = [item for item in items if isinstance(item, (Table, AoT))]
        for item in tables[:-1]:
            table = _last_table(item)
            if table is not None and table.value.body and not _ends_with_blank(table):
                table.add(tomlkit.nl())

    def _tidy(self, path: Path_) -> None:
        """Every entry of an array of tables but a document-final one ends with a blank line."""
        aot = self._item(path)
        if not isinstance(aot, AoT) or not aot.body:
            return
        keys = [key.key for key, _ in self.doc.body if key is not None]
        last_in_document = len(path) == 1 and keys[-1] == path[0]
        for position, table in enumerate(aot.body):
            final = position == len(aot.body) - 1 and last_in_document
            if not final and not _ends_with_blank(table):
                table.add(tomlkit.nl())

    # -- level-aware edits ----------------------------------------------------------------

    def thread_names(self) -> list[str]:
        """The names of the [[threads]] entries, in order ("" for an entry without one)."""
        threads = self.get(("threads",), [])
        if not isinstance(threads, list):
            return []
        names = [entry.get("name", "") if isinstance(entry, dict) else "" for entry in threads]
        return [name if isinstance(name, str) else "" for name in names]

    def rename_thread(self, index: int, new_name: str) -> None:
        """Rename thread `index`, and the fixes that name it ([solution.threads], [[lazy]],
        [measure] task)."""
        old_name = self.get(("threads", index, "name"))
        self.set(("threads", index, "name"), new_name)
        if not isinstance(old_name, str) or old_name == new_name:
            return
        if self.thread_names().count(old_name):  # another thread still has the old name
            return
        fixes: list[Path_] = [("solution", "threads")]
        fixes += [("lazy", i, "threads") for i in range(self.count("lazy"))]
        for fix in fixes:
            codes = self.get(fix)
            if isinstance(codes, dict) and old_name in codes and new_name not in codes and new_name:
                self.rename(fix + (old_name,), new_name)
        if self.get(("measure", "task")) == old_name:
            self.set(("measure", "task"), new_name)

    def remove_thread(self, index: int) -> None:
        """Remove thread `index` and the fix code that names it."""
        name = self.get(("threads", index, "name"))
        self.remove(("threads", index))
        if isinstance(name, str) and name not in self.thread_names():
            self.remove(("solution", "threads", name))
            for i in range(self.count("lazy")):
                self.remove(("lazy", i, "threads", name))

    # -- saving ---------------------------------------------------------------------------

    def save(self, path: Path | str | None = None) -> Path:
        """Write the document to `path` (default: where it came from) atomically."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise SaveError("this level has no file name yet")
        text = self.text()
        save_text(target, text)
        self.path = target
        self.saved_text = text
        return target


def _dotted(path: Path_) -> str:
    return ".".join(str(part) for part in path) or "the document"


def _insert_value(table: Table, key: str, item: Item) -> None:
    """Add a plain value to `table`: after its last value, before its trailing blank lines
    and sub-tables."""
    body = table.value.body
    index = next(
        (i for i, (_, child) in enumerate(body) if isinstance(child, (Table, AoT))), len(body)
    )
    while index > 0 and isinstance(body[index - 1][1], Whitespace):
        index -= 1
    if index > 0:
        previous = body[index - 1][1]
        if "\n" not in previous.trivia.trail:
            previous.trivia.trail += "\n"
    if index == len(body):
        table.append(key, item)
    else:
        table.value._insert_at(index, key, item)
        dict.__setitem__(table, key, table.value[key])


def _insert_inline(table: InlineTable, key: str, item: Item) -> None:
    """Add to an inline table in its spacing: `{ a = 1 }` -> `{ a = 1, b = 2 }`."""
    body = table.value.body
    if any(k is not None for k, _ in body):
        item.trivia.indent = " "
    padding = None
    if body and body[-1][0] is None and isinstance(body[-1][1], Whitespace):
        if "," not in body[-1][1].s:
            padding = body.pop()  # the space before "}": it goes after the new entry
    table[key] = item
    if padding is not None:
        body.append(padding)


def _last_table(item: Any) -> Table | None:
    """The table whose lines end `item` in the text (the last entry, the last sub-table)."""
    if isinstance(item, AoT):
        return _last_table(item.body[-1]) if item.body else None
    if not isinstance(item, Table):
        return None
    body = item.value.body
    last = body[-1][1] if body else None
    if isinstance(last, (Table, AoT)):
        return _last_table(last)
    return item


def _keep_comment_column(old: Any, new: Any) -> None:
    """A changed one-line value keeps its trailing comment at the same column if it can."""
    if not isinstance(old, Item) or not isinstance(new, Item) or isinstance(old, (Table, AoT)):
        return
    if not old.trivia.comment:
        return
    before, after = old.as_string(), new.as_string()
    if "\n" in before or "\n" in after:
        return
    width = len(old.trivia.comment_ws) + len(before) - len(after)
    new.trivia.comment_ws = " " * max(1, width)


__all__ = [
    "LevelDocument",
    "parse_value",
    "save_text",
    "string_item",
    "TOP_ORDER",
]
