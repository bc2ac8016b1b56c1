"""The judge's verdict on every shipped level's start, reference and [[lazy]] fix, as JSON.

    python .ci/verdicts.py > table.json          # this interpreter's table
    python .ci/verdicts.py --compare a.json b.json   # exit 1 and print each difference

`.ci/other-pythons` makes the table on 3.11 and on 3.12/3.13 in the same CI run (the baseline
is never committed: the judge changes, and with it the explored counts) and compares them.
Rows are keyed "level / variant". Explored counts are compared only for rows whose search
covered everything it set out to (`exhaustive`, or a counterexample found): those counts are
a function of the code and the seed alone. A row whose search was cut by the time limit
explores as many runs as the machine managed, so it is compared by verdict and reason only.
Measured levels ([measure], the GIL chapter) time real processes: not judged here.
The checkout's code and levels are judged (its root comes first on sys.path), as the tests do.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

SEED = 0
TIME_LIMIT = 60.0
"""Generous: no shipped row needs more than a few seconds, even on a loaded machine."""


def table() -> dict[str, dict]:
    from syncgame.judge import judge_level
    from syncgame.level.loader import discover_levels
    from syncgame.paths import levels_dir

    rows = {}
    for level in sorted(discover_levels(levels_dir()), key=lambda level: level.id):
        if level.measure is not None:
            continue
        variants = [("start", None), ("reference", None)]
        variants += [(f"lazy: {entry.name}", entry.solution()) for entry in level.lazy]
        for variant, solution in variants:
            started = time.monotonic()
            if solution is None:
                verdict = judge_level(level, variant, time_limit=TIME_LIMIT, seed=SEED)
            else:
                verdict = judge_level(level, "solution", solution, time_limit=TIME_LIMIT, seed=SEED)
            seconds = time.monotonic() - started
            rows[f"{level.id} / {variant}"] = {
                "verdict": verdict.verdict,
                "reason": verdict.reason,
                "explored": verdict.explored,
                "exhaustive": verdict.exhaustive,
                "timed_out": seconds >= TIME_LIMIT * 0.95,
            }
    return rows


def _counts_comparable(row: dict) -> bool:
    return not row["timed_out"] and (row["exhaustive"] or row["verdict"] == "fail")


def differences(baseline: dict, other: dict) -> list[str]:
    found = []
    for key in sorted(set(baseline) | set(other)):
        if key not in baseline or key not in other:
            found.append(f"{key}: only in {'the baseline' if key in baseline else 'the other'}")
            continue
        a, b = baseline[key], other[key]
        fields = ["verdict", "reason"]
        if _counts_comparable(a) and _counts_comparable(b):
            fields += ["explored", "exhaustive"]
        for name in fields:
            if a[name] != b[name]:
                found.append(f"{key}: {name} {a[name]!r} (baseline) != {b[name]!r}")
    return found


def main(argv: list[str]) -> int:
    if argv[:1] == ["--compare"] and len(argv) == 3:
        baseline, other = (json.loads(Path(name).read_text()) for name in argv[1:])
        found = differences(baseline["rows"], other["rows"])
        label = f"{baseline['python']} vs {other['python']}"
        for line in found:
            print(f"  {line}")
        print(f"verdicts {label}: {len(baseline['rows'])} rows, {len(found)} differences")
        return 1 if found else 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    python = ".".join(map(str, sys.version_info[:3]))
    json.dump({"python": python, "rows": table()}, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
