"""Hand-written levels that follow the level model, so UI tests do not depend on the shipped pack."""

from __future__ import annotations

from syncgame.level.model import Goal, Level, Par, Solution, Text, ThreadSpec
from syncgame.play.catalog import Catalog

COUNTER = Level(
    id="lock-counter",
    chapter="Lock",
    order=10,
    title=Text(en="Lost updates", zh="丢失的更新"),
    briefing=Text(
        en="Two workers each add 3 to a shared counter. It should end at 6.",
        zh="两个工人各给共享计数器加3，结果应为6。",
    ),
    notes_section="Lock类",
    hints=(Text(en="Reading and writing are two steps.", zh="读取和写入是两个独立的步骤。"),),
    learned=Text(en="A lock makes read-modify-write atomic.", zh="锁让读-改-写成为原子操作。"),
    threads=(
        ThreadSpec(
            name="inc",
            instances=2,
            code="for _ in range(3):\n    tmp = shared.counter\n    shared.counter = tmp + 1\n",
        ),
    ),
    goal=Goal(final=("shared.counter == 6",)),
    shared={"counter": 0},
    palette={"Lock": 1},
    solution=Solution(
        primitives={"lock": "Lock()"},
        threads={
            "inc": "for _ in range(3):\n    with lock:\n        tmp = shared.counter\n"
            "        shared.counter = tmp + 1\n"
        },
    ),
    par=Par(primitives=1),
)

ABBA = Level(
    id="lock-abba",
    chapter="Lock",
    order=40,
    title=Text(en="Opposite orders", zh="相反的加锁顺序"),
    briefing=Text(
        en="Two threads take two locks in opposite orders.",
        zh="两个线程以相反的顺序获取两把锁。",
    ),
    threads=(
        ThreadSpec(name="left", code="with a:\n    with b:\n        shared.x += 1\n"),
        ThreadSpec(name="right", code="with b:\n    with a:\n        shared.x += 1\n"),
    ),
    goal=Goal(final=("shared.x == 2",)),
    shared={"x": 0},
    primitives={"a": "Lock()", "b": "Lock()"},
)

BOSS = Level(
    id="event-boss",
    chapter="Event",
    order=10,
    title=Text(en="The boss and the cups", zh="老板和杯子"),
    briefing=Text(en="The boss waits for 10 cups.", zh="老板等待10个杯子。"),
    threads=(
        ThreadSpec(name="boss", code="sleep(1)\nassert shared.cups == 10\n"),
        ThreadSpec(name="worker", code="for _ in range(10):\n    shared.cups += 1\n"),
    ),
    goal=Goal(),
    shared={"cups": 0},
    palette={"Event": 1},
)

POOL = Level(
    id="semaphore-pool",
    chapter="Semaphore",
    order=10,
    title=Text(en="Three connections", zh="三个连接"),
    briefing=Text(en="Four workers share a pool of connections.", zh="四个工人共用连接池。"),
    threads=(
        ThreadSpec(
            name="worker",
            instances=4,
            code="with sem:\n    shared.inside += 1\n    shared.inside -= 1\n",
        ),
    ),
    goal=Goal(always=("shared.inside <= 3",)),
    shared={"inside": 0},
    primitives={"sem": "Semaphore(5)"},
    palette={"BoundedSemaphore": 1},
)

SLOW = Level(
    id="lock-slow",
    chapter="Lock",
    order=90,
    title=Text(en="Many hands", zh="人多手杂"),
    briefing=Text(en="Four workers add 4 each, with a lock.", zh="四个工人各加4，有锁。"),
    threads=(
        ThreadSpec(
            name="inc",
            instances=4,
            code="for _ in range(4):\n    with lock:\n        tmp = shared.counter\n"
            "        shared.counter = tmp + 1\n",
        ),
    ),
    goal=Goal(final=("shared.counter == 16",)),
    shared={"counter": 0},
    primitives={"lock": "Lock()"},
)
"""Correct, and too big to verify quickly: the judge works for seconds (cancel tests)."""


def catalog() -> Catalog:
    return Catalog(levels=[COUNTER, ABBA, BOSS, POOL])
