"""Every UI string in English and Chinese, and the language chosen at start-up."""

from __future__ import annotations

import locale
import os

LANGS = ("en", "zh")

STRINGS: dict[str, tuple[str, str]] = {
    # key: (en, zh)
    "app.title": ("syncgame", "syncgame"),
    "app.subtitle": (
        "Threads are people. Fix their program.",
        "线程是小人，帮他们修好程序。",
    ),
    "title.play": ("Play", "开始游戏"),
    "title.continue": ("Continue", "继续"),
    "title.editor": ("Level editor", "关卡编辑器"),
    "title.settings": ("Settings", "设置"),
    "title.help": ("Help", "帮助"),
    "title.quit": ("Quit", "退出"),
    "title.later": ("coming in a later version", "将在后续版本中提供"),
    "title.nothing_to_continue": (
        "Nothing to continue yet: start with Play.",
        "还没有可以继续的进度：请先开始游戏。",
    ),
    "title.keys": (
        "↑↓ choose · Enter select · L language · ? help · Q quit",
        "↑↓ 选择 · Enter 确认 · L 语言 · ? 帮助 · Q 退出",
    ),
    "select.title": ("Choose a level", "选择关卡"),
    "select.empty": ("No levels found in {path}", "在 {path} 中没有找到关卡"),
    "select.errors": ("{n} level file(s) could not be loaded", "{n} 个关卡文件无法加载"),
    "select.briefing": ("Briefing", "任务简介"),
    "select.threads": ("Threads", "线程"),
    "select.palette": ("Palette", "可用原语"),
    "select.notes": ("From the notes", "出自笔记"),
    "select.keys": (
        "↑↓ choose · Enter play · Esc back",
        "↑↓ 选择 · Enter 开始 · Esc 返回",
    ),
    "chapter.Classic": ("Classic puzzles", "经典谜题"),
    "chapter.GIL": ("GIL", "GIL 全局解释器锁"),
    "help.title": ("Help", "帮助"),
    "key.back": ("Back", "返回"),
    "key.quit": ("Quit", "退出"),
    "key.help": ("Help", "帮助"),
    "key.lang": ("Language", "语言"),
    "error.level": ("Cannot open level {name}: {error}", "无法打开关卡 {name}：{error}"),
}


def detect_language() -> str:
    """zh when the environment's locale is Chinese, en otherwise."""
    for var in ("SYNCGAME_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "zh" if code.lower().startswith("zh") else "en"


def tr(key: str, lang: str, **fields: object) -> str:
    """The string `key` in `lang`, with `{fields}` filled in."""
    en, zh = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text
