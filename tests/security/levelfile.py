"""Level files for the audit: a small valid level, with hostile code placed where we ask.

`hostile_level(...)` gives the TOML text of a level whose thread, helpers, goals or solution
carry the code under test, and `line_of(text, where)` finds the file line where that code's
first line stands, so a test can expect `FILE:LINE: message` exactly.
"""

from __future__ import annotations

import json

PLACES = ("thread", "helpers", "final", "always", "solution")


def _block(code: str) -> str:
    """A TOML multi-line literal string starting on the next line (no escapes inside)."""
    assert "'''" not in code, "the audit's code must not contain three single quotes"
    return "'''\n" + code + ("" if code.endswith("\n") else "\n") + "'''"


def hostile_level(
    level_id: str,
    code: str,
    where: str = "thread",
    *,
    thread: str | None = None,
    instances: int = 1,
    max_steps: int = 10_000,
    shared: str = 'x = 0\nl = [1, 2]\nd = { a = 1 }\ns = "abc"',
    primitives: str = 'lock = "Lock()"\nq = "Queue()"\nev = "Event()"',
) -> str:
    """A level whose `where` (one of PLACES) holds `code`; the rest is harmless, or `thread`
    for the thread's code (to call a hostile helper)."""
    assert where in PLACES
    thread_code = code if where == "thread" else thread or "shared.x = shared.x + 1\n"
    helpers = code if where == "helpers" else ""
    final = [code.strip()] if where == "final" else ["shared.x >= 0"]
    always = [code.strip()] if where == "always" else []
    lines = [
        "format = 1",
        f'id = "{level_id}"',
        'chapter = "Lock"',
        "order = 900",
        'notes_section = "Lock类"',
        "",
        "[title]",
        'en = "Hostile"',
        'zh = "恶意"',
        "",
        "[briefing]",
        'en = "A level from a stranger."',
        'zh = "陌生人的关卡。"',
        "",
        "[shared]",
        shared,
        "",
        "[primitives]",
        primitives,
        "",
        "[palette]",
        "Lock = 1",
        "",
        "[helpers]",
        f"code = {_block(helpers)}",
        "",
        "[[threads]]",
        'name = "worker"',
        f"instances = {instances}",
        f"code = {_block(thread_code)}",
        "",
        "[goal]",
        f"final = [{', '.join(json.dumps(expr, ensure_ascii=False) for expr in final)}]",
        f"always = [{', '.join(json.dumps(expr, ensure_ascii=False) for expr in always)}]",
        f"max_steps = {max_steps}",
    ]
    if where == "solution":
        lines += ["", "[solution]", "", "[solution.threads]", f"worker = {_block(code)}"]
    return "\n".join(lines) + "\n"


def line_of(text: str, where: str) -> int:
    """The file line where the code under test starts (1-based)."""
    lines = text.splitlines()
    if where in ("final", "always"):
        return next(i for i, line in enumerate(lines, 1) if line.startswith(f"{where} = "))
    anchor = {"thread": "[[threads]]", "helpers": "[helpers]", "solution": "[solution.threads]"}
    start = lines.index(anchor[where])
    for number in range(start, len(lines)):
        if lines[number].endswith("= '''"):
            return number + 2  # the code's first line is the one after the opening quotes
    raise AssertionError(f"no code block after {anchor[where]}")
