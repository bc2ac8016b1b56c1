"""The footer's key labels in the player's language.

Textual's footer shows each binding's `description`, written in English in the BINDINGS
lists; this swaps in the Chinese words when the language is Chinese (and back), for a screen
and every widget on it, without touching the BINDINGS themselves."""

from __future__ import annotations

import dataclasses

from textual.dom import DOMNode

KEYS_ZH = {
    "Back": "返回",
    "Back to the level": "回到本关",
    "Briefing": "任务简介",
    "Cancel": "取消",
    "Close": "关闭",
    "Hint": "提示",
    "Place": "放置",
    "Play-test": "试玩",
    "Run/Pause": "运行/暂停",
    "Save": "保存",
    "Show bug": "展示 bug",
    "Step": "单步",
    "Submit": "提交",
    "Test": "测试",
}

_ENGLISH = "_syncgame_english_bindings"


def relabel_bindings(node: DOMNode, lang: str) -> None:
    """Set the descriptions of `node`'s own bindings to `lang`."""
    english = getattr(node, _ENGLISH, None)
    if english is None:
        english = dict(node._bindings.key_to_bindings)
        setattr(node, _ENGLISH, english)
    for key, bindings in english.items():
        node._bindings.key_to_bindings[key] = [  # a new list: copies of a map share lists
            _in(binding, lang) for binding in bindings
        ]


def _in(binding, lang: str):
    if lang != "zh" or binding.description not in KEYS_ZH:
        return binding
    return dataclasses.replace(binding, description=KEYS_ZH[binding.description])


def relabel_screen(screen, lang: str) -> None:
    """The screen's bindings and those of every widget on it; then the footer redraws."""
    for node in (screen, *screen.query("*")):
        relabel_bindings(node, lang)
    screen.refresh_bindings()
