"""The help screen's content: key bindings and one paragraph a primitive, in both languages."""

from __future__ import annotations

KEYS: tuple[tuple[str, str, str], ...] = (
    # (keys, en, zh)
    ("↑ ↓  Enter  Esc", "move, choose, go back", "移动、确认、返回"),
    ("?  F1", "this help", "本帮助"),
    ("L", "switch language (English / 中文)", "切换语言（English / 中文）"),
    ("Ctrl+Q", "quit from anywhere", "随时退出"),
    ("", "", ""),
    ("Tab", "next pane (code of each thread, controls)", "下一个面板（各线程代码、控制）"),
    ("↑ ↓ / click", "move the line cursor in a code pane", "在代码面板中移动行光标"),
    ("Shift+↑ ↓ / drag", "select a range of lines", "选择多行"),
    ("Enter / P", "place a primitive on the selection", "在所选行上放置同步原语"),
    ("T", "change a primitive's type or argument", "修改原语的类型或参数"),
    ("H", "a hint (again: the next one)", "提示（再按：下一条）"),
    ("Z  Y  Ctrl+R", "undo, redo, reset to the start code", "撤销、重做、恢复初始代码"),
    ("", "", ""),
    ("Space", "run the program live / pause", "运行程序 / 暂停"),
    ("N", "one step", "单步执行"),
    ("+ -", "speed (5 levels)", "速度（5 档）"),
    ("B", "show me the bug (replay a failing schedule)", "展示 bug（重放出错的调度）"),
    ("M", "scheduler mode: you pick who moves", "调度器模式：由你决定谁先走"),
    (
        "1-9  U",
        "(scheduler mode) move thread n, undo a step",
        "（调度器模式）让第 n 个线程走一步，撤销一步",
    ),
    ("S", "submit to the judge", "提交给裁判"),
    (
        "X",
        "break it: drive the start code into its failure by hand (level select: the track)",
        "破坏挑战：亲手把初始代码带进它的错误（选关界面：挑战路线）",
    ),
    ("K  (help: T)", "skip the tutorial (replay it)", "跳过教程（重看教程）"),
    ("← →  Home End", "replay a counterexample step by step", "逐步回放反例"),
)

PRIMITIVES: tuple[tuple[str, tuple[str, str], str, str], ...] = (
    # (type, (stage object en, zh), en, zh)
    (
        "Lock",
        ("padlock", "挂锁"),
        "One holder at a time. acquire() blocks while another thread holds it; "
        "release() frees it (any thread may release; releasing an unlocked lock raises "
        "RuntimeError). `with lock:` acquires and always releases.",
        "同一时刻只有一个持有者。acquire() 在别人持有时阻塞；release() 释放它（任何线程都可释放；"
        "释放未加锁的锁会抛出 RuntimeError）。`with lock:` 获取并保证释放。",
    ),
    (
        "RLock",
        ("padlock + count", "挂锁 + 计数"),
        "A lock its owner may acquire again; it counts, and frees at the last release. "
        "Only the owner may release (else RuntimeError).",
        "可重入锁：持有者可以再次获取，内部计数，最后一次 release 才真正释放。"
        "只有持有者能释放（否则 RuntimeError）。",
    ),
    (
        "Condition",
        ("bell", "铃铛"),
        "A lock plus a waiting room. wait() releases the lock, sleeps until notify(), then "
        "takes the lock back. Test the condition in a `while` loop around wait().",
        "锁加等候室。wait() 释放锁并等待 notify()，醒来后重新获得锁。"
        "要用 `while` 循环包住 wait() 来检查条件。",
    ),
    (
        "Semaphore",
        ("turnstile + tokens", "闸机 + 令牌"),
        "A counter of tokens. acquire() takes one, blocking at 0; release() gives one back "
        "(even one that was never taken).",
        "令牌计数器。acquire() 取走一个，为 0 时阻塞；release() 归还一个（即使没有取过）。",
    ),
    (
        "BoundedSemaphore",
        ("turnstile, capped", "有上限的闸机"),
        "A Semaphore that raises ValueError when release() would go above its start value.",
        "有界信号量：release() 使计数超过初始值时抛出 ValueError。",
    ),
    (
        "Event",
        ("flag", "旗子"),
        "A flag. wait() blocks until it is set; set() raises it and wakes every waiter; "
        "clear() lowers it. wait(timeout) returns the flag.",
        "旗标。wait() 阻塞直到被 set；set() 升旗并唤醒所有等待者；clear() 降旗。"
        "wait(timeout) 返回旗标的值。",
    ),
    (
        "Barrier",
        ("gate n/parties", "栅门 n/parties"),
        "wait() blocks until `parties` threads wait; then all pass together. abort() or a "
        "timeout breaks it: waiters get BrokenBarrierError until reset().",
        "栅栏：wait() 阻塞直到 parties 个线程都到达，然后一起通过。abort() 或超时会打破它："
        "等待者得到 BrokenBarrierError，直到 reset()。",
    ),
    (
        "Queue",
        ("box of items", "装物品的箱子"),
        "A thread-safe FIFO. put() blocks when full, get() blocks when empty. qsize() may be "
        "stale by the time you act on it.",
        "线程安全的先进先出队列。满时 put() 阻塞，空时 get() 阻塞。qsize() 的结果在你使用时可能已经过时。",
    ),
)

STATES: tuple[tuple[str, str, str], ...] = (
    ("▶", "running", "运行中"),
    ("○", "ready to run", "就绪"),
    ("■", "inside a critical section (holds a lock)", "在临界区内（持有锁）"),
    ("◆", "waiting for a primitive", "等待某个原语"),
    ("‖", "waiting at a barrier", "在栅栏处等待"),
    ("z", "sleeping (virtual time)", "休眠（虚拟时间）"),
    ("✓", "done", "已结束"),
    ("✗", "crashed with an exception", "因异常崩溃"),
)

GUTTER: tuple[tuple[str, str, str], ...] = (
    # (mark as drawn in a code pane, en, zh)
    (
        " 3 ▶",
        "line 3: the thread stands here (about to run this line); the mark's colour is its "
        "state, as on the stage",
        "第 3 行：线程停在这里（下一步执行这一行）；标记的颜色就是它的状态，和舞台上一样",
    ),
    (
        " 3 0▶1▷",
        "a thread with copies: each copy has its number and its own mark (0 ▶, 1 ▷, 2 ►, "
        "3 ▸, 4 », 5 ›); here copies 0 and 1 both stand on line 3",
        "有多个副本的线程：每个副本有自己的编号和标记（0 ▶、1 ▷、2 ►、3 ▸、4 »、5 ›）；"
        "这里 0 号和 1 号副本都停在第 3 行",
    ),
    (
        " 5   3▸",
        "copy 3 stands on line 5 (copies elsewhere leave their place blank)",
        "3 号副本停在第 5 行（不在这一行的副本留空）",
    ),
    (
        "with lock: ✚",
        "a line you placed (green): undo it with Z, or Ctrl+R for the start code",
        "你放置的行（绿色）：Z 撤销，Ctrl+R 回到初始代码",
    ),
    (
        "▌highlighted",
        "the line cursor (brighter) and the selected lines: Enter places a primitive there",
        "行光标（较亮）和选中的行：按 Enter 在这里放置原语",
    ),
)
