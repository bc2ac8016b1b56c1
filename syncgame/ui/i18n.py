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
    # progress and settings (issue 8)
    "title.all_solved": (
        "Every open level is solved. Well done! Pick one to replay with Play.",
        "所有已开放的关卡都解出来了，干得好！可以在「开始游戏」里挑一关重玩。",
    ),
    "select.locked": ("locked", "未解锁"),
    "select.locked_why": (
        "Locked: solve a level of the chapter before this one (or unlock all in Settings).",
        "未解锁：先解出上一章的任意一关（或在设置中解锁全部关卡）。",
    ),
    "select.record": (
        "Best {stars} · {attempts} attempt(s) · {time} played",
        "最佳 {stars} · 尝试 {attempts} 次 · 已玩 {time}",
    ),
    "save.failed": (
        "Cannot save your progress in {path}: {error}",
        "无法保存进度到 {path}：{error}",
    ),
    "settings.title": ("Settings", "设置"),
    "settings.language": ("Language", "语言"),
    "settings.speed": ("Animation speed", "动画速度"),
    "settings.motion": ("Reduced motion", "减少动态效果"),
    "settings.theme": ("Colour theme", "配色主题"),
    "settings.colour_blind": ("Colour-blind-safe palette", "色盲友好配色"),
    "settings.unlock_all": ("Unlock all levels", "解锁全部关卡"),
    "settings.back": ("Back", "返回"),
    "settings.on": ("on", "开"),
    "settings.off": ("off", "关"),
    "settings.keys": (
        "↑↓ choose · ←→ or Enter change · Esc back · saved as you change",
        "↑↓ 选择 · ←→ 或 Enter 修改 · Esc 返回 · 修改即保存",
    ),
    "settings.help.language": (
        "Every text of the game and of the levels, switched at once. L switches it on any screen.",
        "游戏和关卡里的所有文字立即切换。在任何界面按 L 也能切换。",
    ),
    "settings.help.speed": (
        "Steps a second of a live run when a level opens (+ and − change it while you play).",
        "打开关卡时运行的速度，每秒几步（游戏中按 + 和 − 调整）。",
    ),
    "settings.help.motion": (
        "Sprites jump to their place instead of walking; every change of state is still shown.",
        "小人不再走动，直接出现在该在的位置；每一次状态变化照样显示。",
    ),
    "settings.help.theme": (
        "The colours of every screen (Textual's themes). ←→ tries them on at once.",
        "所有界面的颜色（Textual 主题）。按 ←→ 立即试穿。",
    ),
    "settings.help.colour_blind": (
        "Okabe–Ito colours for ok, waiting and trouble, never red against green. "
        "Thread states keep their marks (▶ ◆ ■ ✓ ✗) in any palette.",
        "用 Okabe–Ito 配色表示正常、等待和出错，不再用红绿对比。"
        "线程状态在任何配色下都有各自的标记（▶ ◆ ■ ✓ ✗）。",
    ),
    "settings.help.unlock_all": (
        "Open every chapter now, without first solving a level of the chapter before.",
        "立即开放所有章节，不必先解出上一章的关卡。",
    ),
    "settings.help.back": (
        "Back to the title. Settings are saved as you change them.",
        "返回标题画面。设置在修改时就已保存。",
    ),
    # the play screen (its modes, status line and messages)
    "play.mode.edit": ("edit", "编辑"),
    "play.mode.live": ("live run", "运行"),
    "play.mode.replay": ("the bug", "重放 bug"),
    "play.mode.scheduler": ("you schedule", "你来调度"),
    "play.step": ("step {at}/{total}", "步 {at}/{total}"),
    "play.speed": ("speed {at}/{total}", "速度 {at}/{total}"),
    "play.timeline": ("Timeline", "时间线"),
    "play.keys.run": (
        "← → step back/forward · Esc back to editing",
        "← → 单步回放 · Esc 返回编辑",
    ),
    "play.keys.measured": (
        "↑↓ Enter choose how to run the jobs · S submit (timed)",
        "↑↓ 回车 选择运行方式 · S 提交（计时）",
    ),
    "play.keys.edit": (
        "Enter place · Space run · B show the bug",
        "Enter 放置 · Space 运行 · B 展示 bug",
    ),
    "play.keys.scheduler": (
        "number key / click a sprite: move it · U undo",
        "数字键/点击小人 走一步 · U 撤销",
    ),
    "play.restored": (
        "your last draft is back (Ctrl+R: the start code)",
        "已恢复你上次的草稿（Ctrl+R 回到初始代码）",
    ),
    "play.place_title": ("{thread}: line {where}", "{thread}: 第 {where} 行"),
    "play.placed": ("placed: {label}", "已放置：{label}"),
    "play.undone": ("undone", "撤销"),
    "play.redone": ("redone", "重做"),
    "play.reset": ("back to the start code (Y redoes)", "已恢复初始代码（Y 重做）"),
    "play.nothing_to_retype": ("no primitive to change yet", "还没有原语可修改"),
    "play.no_hints": ("this level has no hints", "这一关没有提示"),
    "play.hint": ("Hint {at}/{total}: {text}", "提示 {at}/{total}: {text}"),
    "play.finding_bug": (
        "the judge is finding a failing schedule…",
        "裁判正在寻找出错的调度…",
    ),
    "play.no_bug": ("no failing schedule found", "没有找到出错的调度"),
    "play.run_ended": ("the run has ended (U undoes a step)", "运行已结束（U 撤销一步）"),
    "play.cannot_move": ("{thread} cannot move now", "{thread} 现在不能走"),
    "play.cannot_move_waiting": (
        "{thread} cannot move now (waiting for {waiting})",
        "{thread} 现在不能走 (等待 {waiting})",
    ),
    "play.judging": ("The judge is checking your program…", "裁判正在检查你的程序…"),
    "play.no_challenge": ("this level has no break-it challenge", "这一关没有破坏挑战"),
    "play.finding_fewest": (
        "the judge is finding the fewest switches needed…",
        "裁判正在计算最少的切换次数…",
    ),
    "play.nothing_to_break": (
        "the judge found no failing schedule: nothing to break",
        "裁判没有找到出错的调度：没有可破坏的",
    ),
    "play.tutorial_skipped": (
        "tutorial skipped (T in the help replays it)",
        "已跳过教程（帮助里按 T 可重看）",
    ),
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
