"""Every string the game shows, in English and Chinese, and the language chosen at start-up.

One table and one function, `tr`: screens, widgets, the editor and the Textual-free play model
all read their words here (this module imports nothing of syncgame, so every layer may use it).
The levels' own texts (`[title]`, `[briefing]`...) are data and stay in the level files.
"""

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
    # the level editor
    "editor.title": ("Level editor", "关卡编辑器"),
    "editor.unsaved": ("● unsaved", "● 未保存"),
    "editor.saved": ("saved", "已保存"),
    "editor.new_file": ("new file", "新文件"),
    "editor.problem": ("{n} problem", "{n} 个问题"),
    "editor.problems": ("{n} problems", "{n} 个问题"),
    "editor.no_problems_long": (
        "No problems: `syncgame check` accepts this level.",
        "没有问题：`syncgame check` 认可这个关卡。",
    ),
    "editor.no_problems": ("no problems", "没有问题"),
    "editor.checking": ("checking…", "检查中…"),
    "editor.ready": ("ready ✓", "已就绪 ✓"),
    "editor.not_tested": ("not tested", "未测试"),
    "editor.not_ready": ("not ready", "未就绪"),
    "editor.keys": (
        "1-8 section · Enter its fields · Tab next · Esc back · Ctrl+S save · F5 test · F8 play",
        "1-8 分区 · Enter 进入 · Tab 下一项 · Esc 返回 · Ctrl+S 保存 · F5 测试 · F8 试玩",
    ),
    "editor.saved_to": ("Saved to {path}", "已保存到 {path}"),
    "editor.save_failed": ("Not saved: {error}", "未能保存：{error}"),
    "editor.saves_as": ("saves as {path}", "将保存为 {path}"),
    "editor.fix_first": (
        "Fix the problems first ({n}): the Test and the play-test need a valid level.",
        "请先修正问题（{n} 个）：测试和试玩需要一个有效的关卡。",
    ),
    # the editor: sections
    "section.level": ("Level", "关卡"),
    "section.texts": ("Texts", "文字"),
    "section.hints": ("Hints", "提示"),
    "section.state": ("State & palette", "状态与原语"),
    "section.threads": ("Threads", "线程"),
    "section.goal": ("Goal", "目标"),
    "section.reference": ("Reference & par", "参考答案与标准"),
    "section.test": ("Test", "测试"),
    # the editor: level
    "field.id": ("Id (also the file name)", "编号（也是文件名）"),
    "field.chapter": ("Chapter", "章节"),
    "field.order": ("Order inside the chapter (10, 20, 30…)", "章节内顺序（10、20、30…）"),
    "field.notes_section": ("Section of the notes (optional)", "笔记中的小节（可选）"),
    # the editor: texts
    "field.title": ("Title", "标题"),
    "field.briefing": ("Briefing", "任务简介"),
    "field.goal_text": (
        "The goal in one sentence (optional; shown on the play screen)",
        "一句话说明目标（可选，显示在游戏画面上）",
    ),
    "field.learned": (
        "What you learned (optional, shown after solving)",
        "学到了什么（可选，过关后显示）",
    ),
    "lang.en": ("English", "英文"),
    "lang.zh": ("Chinese", "中文"),
    # the editor: hints
    "hints.none": ("No hints yet.", "还没有提示。"),
    "hints.one": ("Hint {n}", "提示 {n}"),
    "hints.add": ("+ Add a hint", "+ 添加提示"),
    # the editor: state
    "field.shared": (
        'Shared variables: name and initial value in TOML (0, [], "text", { a = 1 })',
        '共享变量：名字和初始值，用 TOML 写（0、[]、"text"、{ a = 1 }）',
    ),
    "field.primitives": (
        "Primitives at the start: name and constructor (Lock(), Semaphore(2), Condition(lock)…)",
        "开始时就有的原语：名字和构造式（Lock()、Semaphore(2)、Condition(lock)…）",
    ),
    "field.palette": (
        "Palette: how many of each type the player may place (empty = not offered)",
        "可用原语：玩家每种最多可放几个（留空 = 不提供）",
    ),
    "rows.add_shared": ("+ Add a variable", "+ 添加变量"),
    "rows.add_primitive": ("+ Add a primitive", "+ 添加原语"),
    "rows.name": ("name", "名字"),
    "rows.value": ("value", "值"),
    "rows.none": ("None.", "无。"),
    "local.name_needed": ("a name is needed", "需要一个名字"),
    "local.name_used": ("'{name}' is already used here", "“{name}”已被使用"),
    "local.integer": ("'{text}' is not a whole number", "“{text}”不是整数"),
    "local.number": ("'{text}' is not a number", "“{text}”不是数字"),
    # the editor: threads
    "field.helpers": (
        "Helpers: functions every thread may call (optional)",
        "辅助函数：每个线程都可以调用（可选）",
    ),
    "threads.one": ("Thread {n}: {name}", "线程 {n}：{name}"),
    "threads.name": ("Name", "名字"),
    "threads.instances": ("Copies (instances)", "副本数（instances）"),
    "threads.code": ("Code (each copy sees `me` = 0, 1…)", "代码（每个副本看到 `me` = 0、1…）"),
    "threads.add": ("+ Add a thread", "+ 添加线程"),
    "button.up": ("↑", "↑"),
    "button.down": ("↓", "↓"),
    "button.remove": ("✕ Remove", "✕ 删除"),
    # the editor: goal
    "field.final": (
        "Final checks: Python expressions, one a line, all true when every thread has ended",
        "最终检查：Python 表达式，每行一个，所有线程结束时都要为真",
    ),
    "field.always": (
        "Invariants: expressions, one a line, true after every step (optional)",
        "不变式：表达式，每行一个，每一步之后都要为真（可选）",
    ),
    "field.no_deadlock": ("A deadlock fails the level", "死锁算失败"),
    "field.max_steps": ("Step budget (more steps = livelock)", "步数上限（超过 = 活锁）"),
    "field.max_makespan": (
        "Time limit in virtual seconds (optional)",
        "虚拟时间上限，秒（可选）",
    ),
    "field.start_fails": (
        "The start code is meant to fail with (optional)",
        "初始代码应当以何种方式失败（可选）",
    ),
    "goal.any_failure": ("any failure", "任意失败"),
    # the editor: reference
    "field.solution_primitives": (
        "Primitives the reference fix adds",
        "参考答案新增的原语",
    ),
    "field.solution_code": (
        "Reference code of {name} (empty = unchanged)",
        "{name} 的参考代码（留空 = 不改）",
    ),
    "reference.copy": ("Copy the start code", "复制初始代码"),
    "field.par_primitives": ("Par: primitives added", "标准：新增原语数"),
    "field.par_makespan": ("Par: makespan (virtual seconds)", "标准：完成时间（虚拟秒）"),
    # the editor: test
    "test.run": ("Test (F5)", "测试 (F5)"),
    "test.play": ("Play-test (F8)", "试玩 (F8)"),
    "test.replay": ("Replay the failure on the stage", "在舞台上重放失败"),
    "test.save": ("Save (Ctrl+S)", "保存 (Ctrl+S)"),
    "test.intro": (
        "The Test judges the start code (it must fail) and the reference (it must pass). "
        "A level is ready when both hold.",
        "测试会评判初始代码（必须失败）和参考答案（必须通过）。两者都满足时关卡才算就绪。",
    ),
    "test.running": ("Judging… {explored} schedules explored", "评判中… 已探索 {explored} 个调度"),
    "test.start": ("Start", "初始代码"),
    "test.reference": ("Reference", "参考答案"),
    "test.start_ok": ("fails, as it must", "失败了，符合要求"),
    "test.start_bad": ("must fail", "必须失败"),
    "test.reference_ok": ("passes", "通过"),
    "test.reference_bad": ("must pass", "必须通过"),
    "test.ready": (
        "READY: the start fails and the reference passes.",
        "已就绪：初始代码失败，参考答案通过。",
    ),
    "test.not_ready": ("Not ready.", "未就绪。"),
    "test.stale": (
        "The level changed since this Test: run it again (F5).",
        "测试之后关卡已修改：请重新测试 (F5)。",
    ),
    # the editor: leaving
    "leave.question": ("Save the changes to {name}?", "保存对 {name} 的修改吗？"),
    "leave.save": ("Save", "保存"),
    "leave.discard": ("Discard", "不保存"),
    "leave.cancel": ("Cancel", "取消"),
    # the editor: home
    "home.title": ("Level editor", "关卡编辑器"),
    "home.new": ("New empty level", "新建空白关卡"),
    "home.copy": ("Copy of a level…", "复制一个关卡…"),
    "home.mine": ("My levels", "我的关卡"),
    "home.folder": ("Folder: {path}", "文件夹：{path}"),
    "home.none": ("No levels of yours yet.", "还没有你自己的关卡。"),
    "home.broken": ("cannot be opened", "无法打开"),
    "home.untouched": (
        "The file was not changed. Fix it in a text editor, then open it again.",
        "文件没有被修改。请用文本编辑器修正后再打开。",
    ),
    "home.keys": (
        "↑↓ choose · Enter open · Esc back",
        "↑↓ 选择 · Enter 打开 · Esc 返回",
    ),
    "home.ready": ("ready", "已就绪"),
    "home.draft": ("draft", "草稿"),
    "copy.title": ("Copy which level?", "复制哪个关卡？"),
    "copy.keys": ("↑↓ choose · Enter copy · Esc back", "↑↓ 选择 · Enter 复制 · Esc 返回"),
    # durations (progress, level select)
    "duration.hours": ("{hours}h{minutes:02d}m", "{hours} 小时 {minutes} 分"),
    "duration.minutes": ("{minutes}m{secs:02d}s", "{minutes} 分 {secs} 秒"),
    "duration.seconds": ("{secs}s", "{secs} 秒"),
    # the break-it track on level select
    "breakit.track_title": (
        "Break it: drive each start into its failure",
        "破坏它：把每关的初始代码带进它的错误",
    ),
    "breakit.no_challenge_badge": ("· no challenge", "· 无挑战"),
    "breakit.no_challenge": ("This level has no break-it challenge.", "这一关没有破坏挑战"),
    "breakit.not_tried": (
        "Break it: not tried yet (Enter starts).",
        "破坏挑战：还没玩过（Enter 开始）",
    ),
    "breakit.best_switches": (", best {switches} switch(es)", "，最少切换 {switches} 次"),
    "breakit.record_one": (
        "Break it: {stars}, {tries} try{best}.",
        "破坏挑战：{stars}，尝试 {tries} 次{best}",
    ),
    "breakit.record": (
        "Break it: {stars}, {tries} tries{best}.",
        "破坏挑战：{stars}，尝试 {tries} 次{best}",
    ),
    # measured levels (the GIL chapter)
    "measured.note": (
        "this level is judged by timing, not by interleavings: choose how to run the jobs "
        "(right, arrows + Enter), then S submits; the judge times one-after-another, "
        "threads and processes on this machine",
        "这一关靠计时评判，不看交错：在右侧选择运行方式（↑↓ 回车），按 S 提交，"
        "裁判会在这台机器上分别计时：一个接一个、多线程、多进程",
    ),
    "measured.mode.serial": ("one after another", "一个接一个"),
    "measured.mode.threads": ("threads", "多线程"),
    "measured.mode.processes": ("processes", "多进程"),
    "measured.your_choice": ("  ← your choice", "  ← 你的选择"),
    "measured.cores_one": ("{cores} core", "{cores} 核"),
    "measured.cores": ("{cores} cores", "{cores} 核"),
    "measured.load": (", load {load:g}", "，负载 {load:g}"),
    "measured.head": (
        "measured: {jobs} jobs, median of {rounds} rounds, goal speed-up >= {goal:g}x ({machine}):",
        "实测 {jobs} 个任务，{rounds} 轮取中位数，目标加速 ≥ {goal:g}x（{machine}）：",
    ),
    # the tutorial on the first level (its coach)
    "tutorial.run": (
        "Press Space to run the program live: real threads, one step at a time.",
        "按 Space 运行程序：真正的线程，一次走一步。",
    ),
    "tutorial.bug": (
        "A run may go right by luck. Press B: the judge finds a schedule that fails and replays it (← → step through it).",
        "一次运行可能碰巧没出错。按 B：裁判找出一个会出错的调度并重放（← → 逐步查看）。",
    ),
    "tutorial.place": (
        "Fix it: move to a line in a code pane (↑ ↓, Shift+↓ for several lines, Tab for the next pane) and press Enter to place a primitive. Stuck? H gives a hint.",
        "修复它：在代码面板里移到一行（↑ ↓，Shift+↓ 选多行，Tab 换面板），按 Enter 放置同步原语。卡住了？按 H 看提示。",
    ),
    "tutorial.submit": (
        "Press S to submit: the judge tries every schedule that matters, not just one.",
        "按 S 提交：裁判会检查所有要紧的调度，而不只是一次。",
    ),
    "tutorial.done": (
        "That is the whole loop: run, see the bug, fix, submit. Also try X: break the start code yourself, as the scheduler. ? shows every key.",
        "这就是完整的流程：运行、看 bug、修复、提交。也试试 X：自己当调度器，亲手弄坏初始代码。按 ? 查看所有按键。",
    ),
    "tutorial.done_label": ("Tutorial done ✓ ", "教程完成 ✓ "),
    "tutorial.label": ("Tutorial", "教程"),
    "tutorial.skips": ("skips the tutorial", "跳过教程"),
    # the break-it challenge on the play screen
    "breakit.failure.assertion": ("a false final goal", "最终目标不成立"),
    "breakit.failure.invariant": ("a broken invariant", "不变式被破坏"),
    "breakit.failure.deadlock": ("a deadlock", "死锁"),
    "breakit.failure.exception": ("an exception", "异常"),
    "breakit.failure.livelock": ("a livelock", "活锁"),
    "breakit.goal_label": ("Break it: ", "破坏它："),
    "breakit.goal": (
        "drive the start code into {failure} with at most {limit} switches (★★★ at {fewest})",
        "亲手调度，最多切换 {limit} 次，让初始代码出现{failure}（{fewest} 次得 ★★★）",
    ),
    "breakit.switches_used": ("switches {switches}/{limit}", "切换 {switches}/{limit}"),
    "breakit.over_limit": (
        "  ·  over the limit (U undoes a step)",
        "  ·  超过上限了（U 撤销一步）",
    ),
    "breakit.switch_means": (
        "  ·  a switch: moving another thread while the last one could go on",
        "  ·  切换：上一个线程还能走时换别的线程走",
    ),
    "breakit.again": (" (U undoes a step · X starts over)", "（U 撤销一步 · X 重来）"),
    "breakit.won_one": (
        "Broken! {failure} with {switches} switch: {stars} (saved)",
        "成功破坏！切换 {switches} 次就出现了{failure}：{stars}（已保存）",
    ),
    "breakit.won": (
        "Broken! {failure} with {switches} switches: {stars} (saved)",
        "成功破坏！切换 {switches} 次就出现了{failure}：{stars}（已保存）",
    ),
    "breakit.too_many": (
        "Not won: {failure}, but with {switches} switches; at most {limit} win",
        "未成功：出现了{failure}，但切换了 {switches} 次，最多 {limit} 次",
    ),
    "breakit.other_failure": (
        "Not won: that is {failure}, not {wanted}",
        "未成功：这是{failure}，不是要求的{wanted}",
    ),
    "breakit.no_failure": ("Not won: this run met every goal", "未成功：这次运行满足了所有目标"),
    # the level's goal and its stars in plain words
    "goal.measure": (
        "Run the {jobs} jobs at least {speedup:g} times faster than one after another.",
        "让 {jobs} 个任务比依次运行至少快 {speedup:g} 倍。",
    ),
    "goal.and": (" and ", " 且 "),
    "goal.at_end": ("at the end {checks}", "结束时 {checks}"),
    "goal.final_checks_hold": (
        "every final check holds (I shows them)",
        "结束时所有检查都成立（I 查看）",
    ),
    "goal.always": ("always {checks}", "始终 {checks}"),
    "goal.always_hold": ("the checks hold after every step", "每一步之后检查都成立"),
    "goal.no_deadlock": ("no deadlock", "没有死锁"),
    "goal.done_by": ("all done by {limit}", "{limit} 内全部结束"),
    "goal.threads_end": ("Every thread ends.", "所有线程都结束。"),
    "goal.separator": ("; ", "；"),
    "goal.sentence": ("{sentence}.", "{sentence}。"),
    "goal.check_at_end": ("at the end: {check}", "结束时：{check}"),
    "goal.check_every_step": ("after every step: {check}", "每一步之后：{check}"),
    "goal.check_no_deadlock": ("no deadlock (every thread stuck)", "不能死锁（所有线程都卡住）"),
    "stars.pass": ("★ the judge passes your fix", "★ 通过裁判的检查"),
    "stars.no_primitive_par": (
        "★ with the pass (no primitive par)",
        "★ 通过即得（本关不限原语数）",
    ),
    "stars.no_new_primitive": (
        "★ no new primitive (change how they are used)",
        "★ 不新增原语（只改用法）",
    ),
    "stars.at_most_primitives": ("★ at most {par} new primitive(s)", "★ 新增原语不超过 {par} 个"),
    "stars.untimed": ("★ with the pass (time does not count)", "★ 通过即得（本关不计时）"),
    "stars.makespan": ("★ makespan at most {target}", "★ 完成时间不超过 {target}"),
    "stars.brief.no_new": ("no new primitive", "不新增原语"),
    "stars.brief.primitives_one": ("≤{par}\xa0new primitive", "≤{par}\xa0个新原语"),
    "stars.brief.primitives": ("≤{par}\xa0new primitives", "≤{par}\xa0个新原语"),
    "stars.brief.makespan": ("makespan ≤{target}", "完成时间 ≤{target}"),
    "stars.brief": ("★★★: {asks}", "★★★：{asks}"),
    "goal.explain.par": (
        "par: what the reference fix reaches; reach it for all three stars.",
        "par：参考解法达到的成绩；达到它就能拿满星。",
    ),
    "goal.explain.makespan": (
        "makespan: the virtual time at which the last thread ends (sleep and work "
        "advance it; nobody really waits).",
        "完成时间（makespan）：最后一个线程结束时的虚拟时间（sleep 和 work 推进它，不用真的等）。",
    ),
    "goal.explain.new_primitive": (
        "new primitive: each primitive you place from the palette (or change the "
        "type of) counts one.",
        "新原语：你从原语面板放进程序的每一个原语（或改了类型的原语）都算一个。",
    ),
    # a failed run in one plain sentence
    "list.and": (" and ", "、"),
    "list.comma": (", ", "、"),
    "crash.pop_empty": ("took from an empty list", "从空列表里取东西"),
    "crash.release_unlocked": ("released a lock nobody held", "释放了没人持有的锁"),
    "crash.not_owner": ("released a lock it does not own", "释放了不属于自己的锁"),
    "crash.released_too_many": (
        "released a semaphore more often than it was taken",
        "释放信号量的次数多于获取的次数",
    ),
    "crash.full": ("put into a full queue without waiting", "没有等待就往满的队列里放东西"),
    "crash.empty": ("took from an empty queue without waiting", "没有等待就从空队列里取东西"),
    "crash.broken_barrier": ("found the barrier broken", "发现栅栏已被打破"),
    "crash.on_line": (" on line {line}", "（第 {line} 行）"),
    "crash.meaning": (
        "{thread} crashed{where}: it {meaning} ({raised}).",
        "{thread} 崩溃了{where}：它{meaning}（{raised}）。",
    ),
    "crash.raised": (
        "{thread} crashed{where} with {raised}.",
        "{thread} 崩溃了{where}：{raised}。",
    ),
    "deadlock.self": (
        "{thread} waits for {obj}, which it still holds itself: it never let go, so it waits "
        "forever.",
        "{thread} 在等 {obj}，可它自己还拿着 {obj}，从没放开：它永远等下去。",
    ),
    "deadlock.pair": (
        "Both {first} and {second} hold one lock and wait for the other's "
        "({first} waits for {first_wants}, {second} for {second_wants}): neither can go on.",
        "{first} 和 {second} 各拿着一把锁，又都在等对方的那把"
        "（{first} 等 {first_wants}，{second} 等 {second_wants}）：谁也走不了。",
    ),
    "deadlock.ring": (
        "{count} threads wait in a circle ({ring}), each for something the next one holds: "
        "none can go on.",
        "{count} 个线程围成一圈互相等待（{ring}），每个都在等下一个拿着的东西：谁也走不了。",
    ),
    "deadlock.waits_one": ("{threads} waits for {obj} forever", "{threads} 永远在等 {obj}"),
    "deadlock.waits": ("{threads} wait for {obj} forever", "{threads} 永远在等 {obj}"),
    "deadlock.waits_sep": ("; ", "，"),
    "deadlock.no_one_wakes": (
        "{waits}: no thread is left that could wake them.",
        "{waits}：已经没有线程能叫醒它们。",
    ),
    "deadlock.all_stuck": ("Every thread is stuck: a deadlock.", "所有线程都卡住了：死锁。"),
    "plain.goal_value": (
        "All threads ended, but {name} is {got}, not {wanted}.",
        "所有线程都结束了，但 {name} 最后是 {got}，不是 {wanted}。",
    ),
    "plain.too_slow": (
        "Right result, but too slow: everything ended at {took:g} s, later than {limit:g} s.",
        "结果对了，但太慢：{took:g} 秒才全部结束，要求 {limit:g} 秒内。",
    ),
    "plain.goal_missed": (
        "All threads ended, but the goal was missed: {goal}",
        "所有线程都结束了，但目标没有达成：{goal}",
    ),
    "plain.goal_false": (
        "All threads ended, but the goal {expr} is false.",
        "所有线程都结束了，但目标 {expr} 不成立。",
    ),
    "plain.invariant": (
        "After step {step}, {expr} no longer holds{state}.",
        "第 {step} 步之后，{expr} 不再成立{state}。",
    ),
    "plain.invariant_state": (" ({state})", "（{state}）"),
    "plain.livelock": (
        "The threads kept running without finishing (too many steps): a livelock, or a "
        "thread that never gets its turn.",
        "线程一直在跑却结束不了（步数超出上限）：活锁，或者有线程一直轮不到。",
    ),
    "plain.step_sep": (", ", "，"),
    # a step as a timeline row (ops and results that are not code), a run's end in a sentence
    "op.read": ("read", "读"),
    "op.write": ("write", "写"),
    "op.start": ("start", "开始"),
    "op.sleep": ("sleep", "睡"),
    "op.work": ("work", "工作"),
    "op.log": ("log", "记录"),
    "result.blocked": ("blocked", "阻塞"),
    "outcome.goal_false": (
        "all threads ended, but {expr} is false{shown}{state}",
        "所有线程已结束，但目标 {expr} 不成立{shown}{state}",
    ),
    "outcome.all_goals": ("all threads ended and every goal holds", "所有线程已结束，目标全部达成"),
    "outcome.waits": ("{thread} waits for {obj}", "{thread} 等待 {obj}"),
    "outcome.waits_sep": ("; ", "；"),
    "outcome.deadlock_waits": ("deadlock: {waits}", "死锁：{waits}"),
    "outcome.deadlock": ("deadlock", "死锁"),
    "outcome.line": (" (line {line})", "（第 {line} 行）"),
    "outcome.raised": ("{thread} raised {raised}{where}", "异常：{thread} 抛出 {raised}{where}"),
    "outcome.invariant": (
        "after step {step}, {expr} is false",
        "第 {step} 步之后，不变式 {expr} 不成立",
    ),
    "outcome.budget": (
        "step budget exceeded (livelock or starvation): {message}",
        "步数超出预算（活锁或饥饿）：{message}",
    ),
    # the stage: a thread's state under its sprite ({obj} is the primitive), a primitive's caption
    "look.running": ("run", "运行"),
    "look.runnable": ("ready", "就绪"),
    "look.critical": ("in {obj}", "持有{obj}"),
    "look.blocked": ("wait {obj}", "等{obj}"),
    "look.barrier": ("at {obj}", "在{obj}"),
    "look.sleeping": ("sleep", "休眠"),
    "look.done": ("done", "完成"),
    "look.crashed": ("crashed", "崩溃"),
    "look.wait": ("wait: ", "等: "),
    "look.held": ("held: ", "持有: "),
    "look.in": ("in: ", "持有: "),
    "look.free": ("free", "空闲"),
    "look.broken": (" broken", " 已破"),
    "look.set": ("set", "已设置"),
    "look.clear": ("clear", "未设置"),
    "look.items": ("items", "项"),
    # the play screen's widgets
    "control.run": ("Run", "运行"),
    "control.pause": ("Pause", "暂停"),
    "control.step": ("Step", "单步"),
    "control.slower": ("−", "−"),
    "control.faster": ("+", "+"),
    "control.bug": ("Show me the bug", "展示 bug"),
    "control.bug.short": ("Bug", "bug"),
    "control.scheduler": ("Scheduler", "调度"),
    "control.scheduler.short": ("Sched", "调度"),
    "control.undo": ("Undo", "撤销"),
    "control.redo": ("Redo", "重做"),
    "control.reset": ("Reset", "重置"),
    "control.submit": ("Submit", "提交"),
    "goal.label": ("Goal: ", "目标："),
    "goal.briefing_key": ("I: full briefing", "I 阅读任务简介"),
    "helpers.title": ("helpers", "辅助函数 helpers"),
    "helpers.subtitle": ("read-only · the threads call these", "只读 · 各线程调用"),
    "measured.choose_mode": ("Run the jobs in (timed)", "运行方式（裁判计时）"),
    "palette.title": ("Palette", "原语"),
    "palette.nothing": ("(nothing to add)", "（无可添加）"),
    "palette.left": ("{count} left", "剩 {count}"),
    "palette.retype": ("change type/arg", "修改类型/参数"),
    # the course notes' headings in English (with the heading, to find it in the notes)
    "notes.section.Event类": ("the Event class (Event类)", "Event类"),
    "notes.section.Lock类": ("the Lock class (Lock类)", "Lock类"),
    "notes.section.Condition类": ("the Condition class (Condition类)", "Condition类"),
    "notes.section.BoundedSemaphore类": (
        "the BoundedSemaphore class (BoundedSemaphore类)",
        "BoundedSemaphore类",
    ),
    "notes.section.semaphore信号量": ("Semaphore (semaphore信号量)", "semaphore信号量"),
    "notes.section.信号量和锁": ("semaphores and locks (信号量和锁)", "信号量和锁"),
    "notes.section.可重入锁RLock": ("RLock, the reentrant lock (可重入锁RLock)", "可重入锁RLock"),
    "notes.section.GIL（全局解释器锁）": (
        "the GIL (global interpreter lock) (GIL（全局解释器锁）)",
        "GIL（全局解释器锁）",
    ),
    "notes.section.Queue的容器大小不准确原因": (
        "why a Queue's size is not exact (Queue的容器大小不准确原因)",
        "Queue的容器大小不准确原因",
    ),
    "notes.from": ("From the notes: {section}", "出自笔记：{section}"),
    # the footer's key labels (a binding's English description after `footer.`)
    "footer.Back": ("Back", "返回"),
    "footer.Back to the level": ("Back to the level", "回到本关"),
    "footer.Briefing": ("Briefing", "任务简介"),
    "footer.Cancel": ("Cancel", "取消"),
    "footer.Close": ("Close", "关闭"),
    "footer.Hint": ("Hint", "提示"),
    "footer.Place": ("Place", "放置"),
    "footer.Play-test": ("Play-test", "试玩"),
    "footer.Run/Pause": ("Run/Pause", "运行/暂停"),
    "footer.Save": ("Save", "保存"),
    "footer.Show bug": ("Show bug", "展示 bug"),
    "footer.Step": ("Step", "单步"),
    "footer.Submit": ("Submit", "提交"),
    "footer.Test": ("Test", "测试"),
    # the stage and the attempts chart
    "scene.shared": (" shared ", " 共享 "),
    "scene.overwrote": (
        "✗ {writer} overwrote {lost} (a lost update)",
        "✗ {writer} 覆盖了 {lost} (更新丢失)",
    ),
    "chart.title": ("Your attempts", "你的尝试"),
    "chart.best": ("best", "之前最佳"),
    "chart.primitives": ("primitives", "原语数"),
    "chart.makespan": ("makespan", "完成时间"),
    "chart.this_one": ("this one", "本次"),
    "chart.new_best": ("A new best!", "新的最佳成绩！"),
    "attempt.number": ("\nattempt #{n}", "\n第 {n} 次尝试"),
    "attempt.best": (
        " · your best: {stars} ({prims} primitive(s))",
        " · 你的最佳：{stars}（原语 {prims}）",
    ),
    # the play screen's dialogs and messages
    "dialog.keys": (" · Enter apply · Esc cancel", " · Enter 应用 · Esc 取消"),
    "dialog.seconds": (
        "seconds (e.g. 1 or 0.5); empty removes it",
        "秒数（例如 1 或 0.5）；留空则去掉",
    ),
    "dialog.condition": (
        "the condition, on one line (e.g. shared.n == 0)",
        "条件，一行（例如 shared.n == 0）",
    ),
    "dialog.predicate": (
        "what to wait for, e.g. lambda: shared.n > 0",
        "要等到的条件，例如 lambda: shared.n > 0",
    ),
    "dialog.edit_line": ("edit line {line}", "修改第 {line} 行"),
    "dialog.edit_only_sync": (
        "only synchronisation may change (e.g. sleep(1) → stop.wait(1)) · Enter apply · Esc cancel",
        "只能改变同步（例如 sleep(1) → stop.wait(1)）· Enter 应用 · Esc 取消",
    ),
    "dialog.undeclared": (
        "not a declared primitive: {names} (declared: {declared}); a new primitive comes "
        "from the place menu",
        "未声明的原语：{names}（已声明：{declared}）；新原语请从放置菜单添加",
    ),
    "dialog.declared_none": ("none", "无"),
    "breakit.none_here": ("this level has no break-it challenge", "这一关没有破坏挑战"),
    "breakit.finding_fewest": (
        "the judge is finding the fewest switches needed…",
        "裁判正在计算最少的切换次数…",
    ),
    "breakit.nothing_to_break": (
        "the judge found no failing schedule: nothing to break",
        "裁判没有找到出错的调度：没有可破坏的",
    ),
    "tutorial.skipped": (
        "tutorial skipped (T in the help replays it)",
        "已跳过教程（帮助里按 T 可重看）",
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
    "briefing.title": ("Briefing", "任务简介"),
    "briefing.stars": ("Stars", "星星"),
    "briefing.keys": ("↑↓ PgUp PgDn scroll · Esc/I close", "↑↓ PgUp PgDn 滚动 · Esc/I 关闭"),
    # the help screen: keys, thread marks, code pane marks, primitives
    "help.key.move_choose_go": (
        "move, choose, go back",
        "移动、确认、返回",
    ),
    "help.key.this_help": (
        "this help",
        "本帮助",
    ),
    "help.key.switch_language_english": (
        "switch language (English / 中文)",
        "切换语言（English / 中文）",
    ),
    "help.key.quit_from_anywhere": (
        "quit from anywhere",
        "随时退出",
    ),
    "help.key.next_pane_code": (
        "next pane (code of each thread, controls)",
        "下一个面板（各线程代码、控制）",
    ),
    "help.key.move_the_line": (
        "move the line cursor in a code pane",
        "在代码面板中移动行光标",
    ),
    "help.key.select_a_range": (
        "select a range of lines",
        "选择多行",
    ),
    "help.key.place_a_primitive": (
        "place a primitive on the selection",
        "在所选行上放置同步原语",
    ),
    "help.key.change_a_primitive": (
        "change a primitive's type or argument",
        "修改原语的类型或参数",
    ),
    "help.key.a_hint_again": (
        "a hint (again: the next one)",
        "提示（再按：下一条）",
    ),
    "help.key.undo_redo_reset": (
        "undo, redo, reset to the start code",
        "撤销、重做、恢复初始代码",
    ),
    "help.key.run_the_program": (
        "run the program live / pause",
        "运行程序 / 暂停",
    ),
    "help.key.one_step": (
        "one step",
        "单步执行",
    ),
    "help.key.speed_5_levels": (
        "speed (5 levels)",
        "速度（5 档）",
    ),
    "help.key.show_me_the": (
        "show me the bug (replay a failing schedule)",
        "展示 bug（重放出错的调度）",
    ),
    "help.key.scheduler_mode_you": (
        "scheduler mode: you pick who moves",
        "调度器模式：由你决定谁先走",
    ),
    "help.key.scheduler_mode_move": (
        "(scheduler mode) move thread n, undo a step",
        "（调度器模式）让第 n 个线程走一步，撤销一步",
    ),
    "help.key.submit_to_the": (
        "submit to the judge",
        "提交给裁判",
    ),
    "help.key.break_it_drive": (
        "break it: drive the start code into its failure by hand (level select: the track)",
        "破坏挑战：亲手把初始代码带进它的错误（选关界面：挑战路线）",
    ),
    "help.key.skip_the_tutorial": (
        "skip the tutorial (replay it)",
        "跳过教程（重看教程）",
    ),
    "help.key.replay_a_counterexample": (
        "replay a counterexample step by step",
        "逐步回放反例",
    ),
    "help.state.running": (
        "running",
        "运行中",
    ),
    "help.state.ready_to": (
        "ready to run",
        "就绪",
    ),
    "help.state.inside_a": (
        "inside a critical section (holds a lock)",
        "在临界区内（持有锁）",
    ),
    "help.state.waiting_for": (
        "waiting for a primitive",
        "等待某个原语",
    ),
    "help.state.waiting_at": (
        "waiting at a barrier",
        "在栅栏处等待",
    ),
    "help.state.sleeping_virtual": (
        "sleeping (virtual time)",
        "休眠（虚拟时间）",
    ),
    "help.state.done": (
        "done",
        "已结束",
    ),
    "help.state.crashed_with": (
        "crashed with an exception",
        "因异常崩溃",
    ),
    "help.gutter.line_3_the": (
        "line 3: the thread stands here (about to run this line); the mark's colour is its state, as on the stage",
        "第 3 行：线程停在这里（下一步执行这一行）；标记的颜色就是它的状态，和舞台上一样",
    ),
    "help.gutter.a_thread_with": (
        "a thread with copies: each copy has its number and its own mark (0 ▶, 1 ▷, 2 ►, 3 ▸, 4 », 5 ›); here copies 0 and 1 both stand on line 3",
        "有多个副本的线程：每个副本有自己的编号和标记（0 ▶、1 ▷、2 ►、3 ▸、4 »、5 ›）；这里 0 号和 1 号副本都停在第 3 行",
    ),
    "help.gutter.copy_3_stands": (
        "copy 3 stands on line 5 (copies elsewhere leave their place blank)",
        "3 号副本停在第 5 行（不在这一行的副本留空）",
    ),
    "help.gutter.a_line_you": (
        "a line you placed (green): undo it with Z, or Ctrl+R for the start code",
        "你放置的行（绿色）：Z 撤销，Ctrl+R 回到初始代码",
    ),
    "help.gutter.the_line_cursor": (
        "the line cursor (brighter) and the selected lines: Enter places a primitive there",
        "行光标（较亮）和选中的行：按 Enter 在这里放置原语",
    ),
    "help.primitive.Lock.thing": (
        "padlock",
        "挂锁",
    ),
    "help.primitive.Lock": (
        "One holder at a time. acquire() blocks while another thread holds it; release() frees it (any thread may release; releasing an unlocked lock raises RuntimeError). `with lock:` acquires and always releases.",
        "同一时刻只有一个持有者。acquire() 在别人持有时阻塞；release() 释放它（任何线程都可释放；释放未加锁的锁会抛出 RuntimeError）。`with lock:` 获取并保证释放。",
    ),
    "help.primitive.RLock.thing": (
        "padlock + count",
        "挂锁 + 计数",
    ),
    "help.primitive.RLock": (
        "A lock its owner may acquire again; it counts, and frees at the last release. Only the owner may release (else RuntimeError).",
        "可重入锁：持有者可以再次获取，内部计数，最后一次 release 才真正释放。只有持有者能释放（否则 RuntimeError）。",
    ),
    "help.primitive.Condition.thing": (
        "bell",
        "铃铛",
    ),
    "help.primitive.Condition": (
        "A lock plus a waiting room. wait() releases the lock, sleeps until notify(), then takes the lock back. Test the condition in a `while` loop around wait().",
        "锁加等候室。wait() 释放锁并等待 notify()，醒来后重新获得锁。要用 `while` 循环包住 wait() 来检查条件。",
    ),
    "help.primitive.Semaphore.thing": (
        "turnstile + tokens",
        "闸机 + 令牌",
    ),
    "help.primitive.Semaphore": (
        "A counter of tokens. acquire() takes one, blocking at 0; release() gives one back (even one that was never taken).",
        "令牌计数器。acquire() 取走一个，为 0 时阻塞；release() 归还一个（即使没有取过）。",
    ),
    "help.primitive.BoundedSemaphore.thing": (
        "turnstile, capped",
        "有上限的闸机",
    ),
    "help.primitive.BoundedSemaphore": (
        "A Semaphore that raises ValueError when release() would go above its start value.",
        "有界信号量：release() 使计数超过初始值时抛出 ValueError。",
    ),
    "help.primitive.Event.thing": (
        "flag",
        "旗子",
    ),
    "help.primitive.Event": (
        "A flag. wait() blocks until it is set; set() raises it and wakes every waiter; clear() lowers it. wait(timeout) returns the flag.",
        "旗标。wait() 阻塞直到被 set；set() 升旗并唤醒所有等待者；clear() 降旗。wait(timeout) 返回旗标的值。",
    ),
    "help.primitive.Barrier.thing": (
        "gate n/parties",
        "栅门 n/parties",
    ),
    "help.primitive.Barrier": (
        "wait() blocks until `parties` threads wait; then all pass together. abort() or a timeout breaks it: waiters get BrokenBarrierError until reset().",
        "栅栏：wait() 阻塞直到 parties 个线程都到达，然后一起通过。abort() 或超时会打破它：等待者得到 BrokenBarrierError，直到 reset()。",
    ),
    "help.primitive.Queue.thing": (
        "box of items",
        "装物品的箱子",
    ),
    "help.primitive.Queue": (
        "A thread-safe FIFO. put() blocks when full, get() blocks when empty. qsize() may be stale by the time you act on it.",
        "线程安全的先进先出队列。满时 put() 阻塞，空时 get() 阻塞。qsize() 的结果在你使用时可能已经过时。",
    ),
    "help.heading.keys": ("Keys", "按键"),
    "help.heading.states": ("Thread marks", "线程标记"),
    "help.heading.gutter": ("Code pane marks", "代码面板里的标记"),
    "help.heading.primitives": ("Primitives", "同步原语"),
    "judge.cancel": ("Cancel (Esc)", "取消 (Esc)"),
    "judge.timing": (
        "timing {mode} · round {where} · {done}/{total} timings done",
        "计时：{mode} · 第 {where} 轮 · 已完成 {done}/{total} 次计时",
    ),
    "judge.phase.bounded": ("hunting (preemption bound {bound})", "搜索中（抢占上限 {bound}）"),
    "judge.phase.random": ("random schedules (PCT)", "随机调度（PCT）"),
    "judge.phase.exhaustive": ("checking every schedule", "穷举所有调度"),
    "judge.explored": (
        "{explored} schedules explored · {phase}",
        "已探索 {explored} 个调度 · {phase}",
    ),
    "place.edit_code": ("Edit the code", "修改代码"),
    "place.new_kind": ("new {kind} (from the palette)", "新的 {kind}（来自调色板）"),
    "place.filter": (
        "type to filter (e.g. with, timeout, move)",
        "输入以筛选（例如 with、timeout、move）",
    ),
    "place.keys": ("↑↓ choose · Enter place · Esc cancel", "↑↓ 选择 · Enter 放置 · Esc 取消"),
    "place.nothing": ("Nothing can be placed on these lines.", "这些行上无法放置原语"),
    "place.no_match": ("No entry matches.", "没有匹配的操作"),
    "retype.title": ("Change a primitive", "修改原语"),
    "retype.arguments": ("arguments, e.g. 3", "参数，例如 3"),
    "retype.apply": ("Apply", "应用"),
    "retype.cancel": ("Cancel", "取消"),
    # the verdict
    "verdict.reason.assertion": ("A final goal is false", "最终目标不成立"),
    "verdict.reason.invariant": ("An invariant broke", "不变式被破坏"),
    "verdict.reason.deadlock": ("Deadlock", "死锁"),
    "verdict.reason.exception": ("An exception", "出现异常"),
    "verdict.reason.livelock": ("Livelock: it cannot finish", "活锁：程序无法结束"),
    "verdict.reason.structure": ("Not only synchronisation changed", "改动了同步以外的代码"),
    "verdict.reason.budget": ("Out of steps", "步数耗尽"),
    "verdict.reason.error": ("The run failed", "运行出错"),
    "verdict.reason.speedup": ("Not fast enough", "不够快"),
    "verdict.reason.busy": (
        "Machine too busy to measure — try again",
        "机器太忙，无法测量——请再试一次",
    ),
    "coverage.exhaustive": (
        "exhaustive: all {explored} schedules ({seconds:.2f} s)",
        "穷举：全部 {explored} 个调度（{seconds:.2f} 秒）",
    ),
    "coverage.limit_one": (", up to {bound} preemption", "，抢占至多 {bound} 次"),
    "coverage.limit": (", up to {bound} preemptions", "，抢占至多 {bound} 次"),
    "coverage.bounded": (
        "bounded: {explored} schedules{limit} ({seconds:.2f} s)",
        "有界：{explored} 个调度{limit}（{seconds:.2f} 秒）",
    ),
    "verdict.title": ("Verdict: ", "裁判结果："),
    "verdict.keys_passed": (
        "Enter next level · R/Esc back to the level",
        "Enter 下一关 · R/Esc 回到本关",
    ),
    "verdict.keys_back": ("R/Esc back to the level", "R/Esc 回到本关"),
    "verdict.keys_replay": (
        "← → step back/forward · Home/End · Space play · Esc back to fix it",
        "← → 单步回放 · Home/End · 空格 播放 · Esc 回去修改",
    ),
    "verdict.passed": ("PASSED  ", "通过！ "),
    "verdict.learned": ("What you learned: ", "你学到了："),
    "verdict.next": ("Next: ", "下一关："),
    "verdict.failed": ("FAILED — ", "未通过 — "),
    "verdict.not_judged": ("NOT JUDGED — ", "未评判 — "),
    "verdict.steps": ("Steps: ", "最后几步："),
    "verdict.line": ("line ", "行 "),
    "verdict.primitives": ("primitives ", "原语数 "),
    "verdict.makespan": ("makespan ", "完成时间 "),
    "verdict.makespan_means": (
        "   makespan: the virtual time at which the last thread ends",
        "   完成时间：最后一个线程结束时的虚拟时间",
    ),
    "verdict.step": ("step ", "步 "),
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


def next_language(lang: str) -> str:
    """The language L switches to from `lang`."""
    return LANGS[(LANGS.index(lang) + 1) % len(LANGS)] if lang in LANGS else LANGS[0]


def tr(key: str, lang: str, **fields: object) -> str:
    """The string `key` in `lang`, with `{fields}` filled in."""
    en, zh = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text
