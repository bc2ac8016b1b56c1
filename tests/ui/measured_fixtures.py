"""Hand-written levels for the measured-level and helpers tests (the shipped pack may change)."""

from __future__ import annotations

from syncgame.level.model import Goal, Level, Measure, Solution, Text, ThreadSpec
from syncgame.play.catalog import Catalog

GIL = Level(
    id="gil-cpu-bound",
    chapter="GIL",
    order=10,
    title=Text(en="Two cores, one lock", zh="两个核，一把锁"),
    briefing=Text(
        en="Count in pure Python, twice. Choose threads or processes: at least 1.3x faster.",
        zh="用纯 Python 计数两次。选择多线程或多进程：至少快 1.3 倍。",
    ),
    threads=(
        ThreadSpec(
            name="calc",
            instances=2,
            code="total = 0\nfor _ in range(200000):\n    total += 1\n",
        ),
    ),
    goal=Goal(final=(), start_fails="speedup"),
    measure=Measure(task="calc", min_speedup=1.3, repeat=3),
    solution=Solution(),
)

HELPERS = Level(
    id="rlock-reentrant",
    chapter="RLock",
    order=10,
    title=Text(en="The lock that locks itself", zh="自己锁住自己"),
    briefing=Text(
        en="transfer() takes the lock, then calls withdraw(), which takes it again.",
        zh="transfer() 拿着锁，再调用 withdraw()，它又去拿同一把锁。",
    ),
    threads=(ThreadSpec(name="clerk", instances=1, code='transfer("a", "b", 30)\n'),),
    goal=Goal(final=("shared.acct['a'] == 70",)),
    shared={"acct": {"a": 100, "b": 0}},
    primitives={"lock": "Lock()"},
    palette={"RLock": 1},
    helpers=(
        "def withdraw(name, n):\n    with lock:\n        shared.acct[name] -= n\n\n"
        "def deposit(name, n):\n    with lock:\n        shared.acct[name] += n\n\n"
        "def transfer(src, dst, n):\n    with lock:\n        withdraw(src, n)\n"
        "        deposit(dst, n)\n"
    ),
    solution=Solution(primitives={"lock": "RLock()"}),
)


def catalog() -> Catalog:
    return Catalog(levels=[GIL, HELPERS])
