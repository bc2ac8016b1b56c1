"""Run level code under budgets in a process of its own, with its address space capped.

Used by test_sandbox.py: if a size check ever regressed, a huge allocation would fail here
with MemoryError instead of eating the test machine's memory. Reads {case: source} as JSON on
stdin, prints {case: outcome} as JSON.
"""

from __future__ import annotations

import json
import resource
import sys

LIMIT = 3 * 2**30


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))
    from syncgame.level.model import Goal
    from syncgame.program.program import Program, ThreadCode
    from syncgame.runtime.scheduler import run
    from syncgame.runtime.strategies import FirstEnabled

    results = {}
    for case, source in json.load(sys.stdin).items():
        prog = Program(
            threads=[ThreadCode("t", source)], shared={"x": 0}, goal=Goal(max_steps=20_000)
        )
        outcome = run(prog, FirstEnabled(), record=False, wall_timeout=5.0).outcome
        results[case] = {
            "kind": outcome.kind,
            "message": outcome.message,
            "exceptions": [(e["type"], e["message"], e["line"]) for e in outcome.exceptions],
            "logs": outcome.logs,
        }
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
