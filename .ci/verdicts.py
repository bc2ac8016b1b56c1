"""The judge's verdict on every shipped level's start, reference and [[lazy]] fix, as JSON.

    python .ci/verdicts.py > table.json          # this interpreter's table
    python .ci/verdicts.py --compare a.json b.json   # exit 1 and print each difference

`.ci/other-pythons` makes the table on 3.11 and on 3.12/3.13 in the same CI run (the baseline
is never committed: the judge changes, and with it the explored counts) and compares them.
Rows are keyed "level / variant". Every phase of the judge is counted in runs, except that
a proof may be cut by time (first at PROOF_FIRST_SHARE of the time limit): a row that took
less than that was never cut, and its explored count is a function of the code and the seed
alone, so it is compared too. A row that took longer explored as many runs as the machine
managed: it is compared by verdict and reason only (and says so: `time_may_have_cut`).
Today that is one row, classic-philosophers' footman fix: it passes without an exhaustive proof
after exploring until the limit (two 3.11 runs: same verdict, different counts; every other
row had identical counts, and identical to 3.12.1's and 3.13.0's).
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
TIME_LIMIT = 30.0
"""Generous: a shipped row takes a few seconds (one explores until the limit: compared by
verdict); the whole table about 2.5 minutes."""
UNCUT_SECONDS = 0.9 * 0.4 * TIME_LIMIT
"""Below this, no time limit cut a search (the judge's PROOF_FIRST_SHARE is 0.4: checked)."""


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
                "time_may_have_cut": seconds >= UNCUT_SECONDS,
                "seconds": round(seconds, 1),
            }
    return rows


def _counts_comparable(row: dict) -> bool:
    return not row["time_may_have_cut"]


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
    from syncgame.judge.core import PROOF_FIRST_SHARE

    assert PROOF_FIRST_SHARE >= 0.4, "UNCUT_SECONDS assumes the first proof has 0.4 of the time"
    python = ".".join(map(str, sys.version_info[:3]))
    json.dump({"python": python, "rows": table()}, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
