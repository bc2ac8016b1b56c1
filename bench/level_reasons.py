"""Every failure reason a complete exploration meets, for a level's start and its lazy fixes.

    python bench/level_reasons.py LEVEL_ID...   # ids of files in levels/
    python bench/level_reasons.py               # every shipped level (minutes)

The judge stops at its first counterexample; a level's test checks that one's reason. A level
is only stable if every failing schedule fails for the reason the level names (the docs'
design rule), so this explores each start, and each lazy fix that must fail, completely (state
caching, no stop at the first failure) under each timing the judge uses (real time first, then
exact time when the clock matters: `syncgame/judge/timing.py`), and prints the reasons met
under each, with how many failing runs showed each, whether the exploration finished, and the
runs it took. The judge reports the first timing that fails, so the reasons met there must be
exactly the expected one; anything else means the level needs reshaping.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from syncgame.judge.explore import Search, SearchConfig  # noqa: E402
from syncgame.judge.timing import timings  # noqa: E402
from syncgame.level.loader import discover_levels  # noqa: E402
from syncgame.paths import levels_dir  # noqa: E402
from syncgame.program.program import Program  # noqa: E402

NOT_FAILING = ("pass", "over-par", "structure")


def reasons(program: Program, seconds: float) -> tuple[dict[str, int], bool, int]:
    search = Search(program, SearchConfig(stop_at_first=False))
    result = search.explore(time.monotonic() + seconds)
    found = Counter(failure.reason for failure in result.failures)
    if result.livelock is not None:
        found["livelock"] += 1
    return dict(found), result.complete, result.explored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("levels", nargs="*", help="level ids (default: every shipped level)")
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit per exploration")
    args = parser.parse_args()
    chosen = set(args.levels)
    for level in discover_levels(levels_dir()):
        if (chosen and level.id not in chosen) or level.measure is not None:
            continue
        variants = [("start", level.goal.start_fails, Program.from_level(level, "start"))]
        variants += [
            (
                f"lazy {lazy.name!r}",
                lazy.expect,
                Program.from_level(level, "start", lazy.solution()),
            )
            for lazy in level.lazy
            if lazy.expect not in NOT_FAILING
        ]
        for name, expected, program in variants:
            met, decisive, complete = [], None, True
            for model in timings(program):
                found, finished, runs = reasons(model, args.seconds)
                complete = complete and finished
                met.append(f"{model.timing} time {found or 'nothing'} ({runs} runs)")
                if decisive is None and found:
                    decisive = set(found)
            stable = "ok" if decisive == {expected} and complete else "CHECK"
            print(f"{stable:5} {level.id}: {name}: expects {expected}; met under "
                  f"{'; '.join(met)}{'' if complete else '; incomplete'}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
