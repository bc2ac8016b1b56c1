"""`shared`: the variables threads share. Every read and every write is a scheduling point.

Lists and dicts are wrapped so that each method call on them is one step too (CPython
makes `list.append` atomic, so one step each is faithful), recorded as an access to the
variable that holds them.
"""

from __future__ import annotations

import copy

from syncgame.sandbox import MAX_WEIGHT, ContainerProxy, weigh


class SharedState:
    """The values behind `shared`, and the run whose scheduler sees every access."""

    def __init__(self, run, initial: dict[str, object]):
        self.run = run
        self.values: dict[str, object] = {}
        for name, value in copy.deepcopy(initial).items():
            self.values[name] = self.wrap(name, value)

    def wrap(self, name: str, value: object) -> object:
        if isinstance(value, list):
            return SharedList(self, name, value)
        if isinstance(value, dict):
            return SharedDict(self, name, value)
        return value

    def read(self, name: str) -> object:
        if name not in self.values:
            raise AttributeError(f"there is no shared variable '{name}'")
        self.run.shared_point("read", name, "r")
        value = self.values[name]
        self.run.report(value)
        return value

    def write(self, name: str, value: object) -> None:
        if name not in self.values:
            raise AttributeError(f"there is no shared variable '{name}' (declare it in [shared])")
        self.run.shared_point("write", name, "w", value)
        if isinstance(value, SharedContainer):
            value = copy.deepcopy(value._data)
        self.values[name] = self.wrap(name, value)
        self.run.report(value)

    def plain(self) -> dict[str, object]:
        """The current values as plain data (a copy), for snapshots and goals.

        A value too heavy to show (level code can build one by repeating references, and
        keep changing it after storing it) is pictured by a placeholder string: traces, the
        UI and JSON would take forever to walk it. So is anything that is not plain data (a
        primitive, a function, a set...): pictures are JSON, the same in every replay."""
        return {name: _pictured(value) for name, value in self.values.items()}


def _pictured(value: object) -> object:
    if weigh(value) > MAX_WEIGHT:
        return f"<{type(unwrap(value)).__name__} too large to show>"
    return _plain(value, set())


def _plain(value: object, inside: set[int]) -> object:
    """A JSON-able copy of `value` (its weight is known to be bounded, so is its depth)."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, SharedContainer):
        value = value._data
    if isinstance(value, list | tuple | dict | set | frozenset):
        if id(value) in inside:
            return "[...]"  # a container holding itself
        inside.add(id(value))
        try:
            if isinstance(value, dict):
                return {_key(k, inside): _plain(v, inside) for k, v in value.items()}
            items = [_plain(item, inside) for item in value]
            if isinstance(value, set | frozenset):
                return sorted(items, key=repr)  # the same order in every run
            return tuple(items) if isinstance(value, tuple) else items
        finally:
            inside.discard(id(value))
    name = getattr(value, "_sg_name", None)
    return f"<{type(value).__name__}{' ' + name if name else ''}>"


def _key(key: object, inside: set[int]) -> object:
    picture = _plain(key, inside)
    return picture if isinstance(picture, str | int | float | bool | None) else repr(picture)


def unwrap_view(value: object) -> object:
    """The plain data behind a shared value, without a copy (only to look at it)."""
    return value._data if isinstance(value, SharedContainer) else value


_IMMUTABLE = (int, float, complex, str, bytes, bool, type(None), range)


def only_seen_changes(values: dict[str, object]) -> bool:
    """Whether every change to these values goes through a scheduling point.

    A list or dict held by `shared` is wrapped, so each of its method calls is a step; but
    a mutable object inside one (a list in a list, a set) comes back raw, and a thread can
    change it between steps, unseen."""
    for value in values.values():
        inside = value._data if isinstance(value, SharedContainer) else (value,)
        items = inside.items() if isinstance(inside, dict) else inside
        if not all(immutable(item) for item in items):
            return False
    return True


def immutable(value: object) -> bool:
    """A value no thread can change in place (so sharing it shares nothing that moves)."""
    if isinstance(value, _IMMUTABLE):
        return True
    if isinstance(value, tuple | frozenset):
        return all(immutable(item) for item in value)
    return False


def unwrap(value: object) -> object:
    if isinstance(value, SharedContainer):
        return copy.deepcopy(value._data)
    return value


class Shared(ContainerProxy):
    """What level code sees as `shared`; to the sandbox, it stands for its variables."""

    __slots__ = ("_state",)

    def __init__(self, state: SharedState):
        object.__setattr__(self, "_state", state)

    def _sg_contents(self) -> dict[str, object]:
        return self._state.values

    def __getattr__(self, name: str):
        return self._state.read(name)

    def __setattr__(self, name: str, value: object) -> None:
        self._state.write(name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError("shared variables cannot be deleted")

    def __repr__(self) -> str:
        return f"shared({self._state.plain()})"


class SharedView:
    """A read-only `shared` for goal expressions: no scheduling points, copies of values."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, object]):
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name: str):
        try:
            return unwrap(self._values[name])
        except KeyError:
            raise AttributeError(f"there is no shared variable '{name}'") from None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("goals cannot change shared variables")


class SharedContainer(ContainerProxy):
    """A shared list or dict; to the sandbox, it stands for the container it wraps (and a
    `for` loop over it iterates a copy)."""

    __slots__ = ("_state", "_name", "_data")

    def __init__(self, state: SharedState, name: str, data):
        self._state = state
        self._name = name
        self._data = data

    def _sg_contents(self) -> list | dict:
        return self._data

    def _touch(self, operation: str, access: str, *arguments) -> None:
        self._state.run.shared_point(operation, self._name, access, arguments)

    def _result(self, value):
        """Record what the step gave (the trace shows it), and give it."""
        self._state.run.report(value)
        return value

    def __repr__(self) -> str:
        return repr(self._data)

    def __eq__(self, other: object) -> bool:
        return self._data == (other._data if isinstance(other, SharedContainer) else other)

    __hash__ = None

    def __len__(self) -> int:
        self._touch("len", "r")
        return self._result(len(self._data))

    def __iter__(self):
        self._touch("iterate", "r")
        return iter(self._result(list(self._data)))

    def __contains__(self, item) -> bool:
        self._touch("contains", "r", item)
        return self._result(item in self._data)

    def __getitem__(self, key):
        self._touch("get item", "r", key)
        return self._result(self._data[key])

    def __setitem__(self, key, value) -> None:
        self._touch("set item", "w", key, value)
        self._data[key] = value

    def __delitem__(self, key) -> None:
        self._touch("delete item", "w", key)
        del self._data[key]

    def __bool__(self) -> bool:
        self._touch("test", "r")
        return self._result(bool(self._data))

    def __add__(self, other):
        self._touch("add", "r", other)
        return self._result(
            self._data + (other._data if isinstance(other, SharedContainer) else other)
        )

    def __radd__(self, other):
        self._touch("add", "r", other)
        return self._result(other + self._data)


def _method(name: str, access: str):
    def call(self, *args):
        self._touch(name, access, *args)
        result = getattr(self._data, name)(*args)
        self._state.run.report(result)
        return result

    call.__name__ = name
    return call


class SharedList(SharedContainer):
    __slots__ = ()
    for _name in ("append", "pop", "insert", "remove", "extend", "clear", "sort", "reverse"):
        locals()[_name] = _method(_name, "w")
    for _name in ("index", "count", "copy"):
        locals()[_name] = _method(_name, "r")
    del _name


class SharedDict(SharedContainer):
    __slots__ = ()
    for _name in ("pop", "setdefault", "update", "clear", "popitem"):
        locals()[_name] = _method(_name, "w")
    for _name in ("get", "copy"):
        locals()[_name] = _method(_name, "r")
    del _name

    def keys(self):
        self._touch("keys", "r")
        return self._result(list(self._data.keys()))

    def values(self):
        self._touch("values", "r")
        return self._result(list(self._data.values()))

    def items(self):
        self._touch("items", "r")
        return self._result(list(self._data.items()))
