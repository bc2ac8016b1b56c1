"""`syncgame judge` and `syncgame replay`."""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

from syncgame.commands.common import CommandError


def register(subparsers) -> None:
    judge = subparsers.add_parser(
        "judge",
        help="judge a level's start, reference or a solution",
        description="Explore the schedules of a level's program and give a verdict. "
        "Exit status: 0 pass, 1 fail, 2 bad input, 3 a measured level could not be measured "
        "(the machine was too busy: try again).",
    )
    judge.add_argument("level", metavar="LEVEL", help="a level id or the path of a level file")
    which = judge.add_mutually_exclusive_group()
    which.add_argument(
        "--start", action="store_true", help="the code as the player first sees it (default)"
    )
    which.add_argument("--reference", action="store_true", help="the level's reference solution")
    which.add_argument("--solution", type=Path, metavar="FILE",
                       help="a TOML file shaped like a level's [solution] table")  # fmt: skip
    judge.add_argument("--json", action="store_true", help="print one JSON object on one line")
    judge.add_argument("--time-limit", type=float, default=10.0, metavar="S",
                       help="seconds to spend (default 10)")  # fmt: skip
    judge.add_argument("--seed", type=int, default=0, metavar="N", help="seed for random schedules")
    judge.add_argument(
        "--save", type=Path, metavar="FILE", help="save the counterexample (for replay)"
    )
    judge.add_argument(
        "--mode",
        choices=("serial", "threads", "processes"),
        help="for a measured level (the GIL chapter): how to run the jobs",
    )
    judge.set_defaults(run=run_judge)

    replay = subparsers.add_parser(
        "replay",
        help="print a saved counterexample as a timeline",
        description="Print a counterexample saved by `syncgame judge --save` (or its --json).",
    )
    replay.add_argument("file", type=Path, metavar="FILE")
    replay.set_defaults(run=run_replay)


def _load_solution(path: Path):
    from syncgame.level.model import Solution

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise CommandError(f"{path}: {error}") from None
    table = data.get("solution", data)
    if not isinstance(table, dict):
        raise CommandError(f"{path}: [solution] must be a table")
    unknown = sorted(set(table) - {"primitives", "threads"})
    if unknown:
        where = "[solution]" if "solution" in data else "the file"
        raise CommandError(
            f"{path}: unknown key '{unknown[0]}' in {where} (expected 'primitives', 'threads')"
        )
    primitives, threads = table.get("primitives", {}), table.get("threads", {})
    if not isinstance(primitives, dict) or not isinstance(threads, dict):
        raise CommandError(f"{path}: 'primitives' and 'threads' must be tables")
    for name, value in {**primitives, **threads}.items():
        if not isinstance(value, str):
            raise CommandError(f"{path}: '{name}' must be a string")
    return Solution(primitives=dict(primitives), threads=dict(threads))


def run_judge(args: argparse.Namespace) -> int:
    from syncgame.judge import judge_level
    from syncgame.judge.report import report
    from syncgame.level.find import LevelNotFound, find_level
    from syncgame.level.loader import LevelError
    from syncgame.level.model import BUSY_REASON

    try:
        level = find_level(args.level)
    except LevelNotFound as error:
        raise CommandError(str(error)) from None
    except LevelError as error:
        raise CommandError("; ".join(str(p) for p in error.problems)) from None
    if args.time_limit <= 0:
        raise CommandError("--time-limit must be positive")
    options = {"time_limit": args.time_limit, "seed": args.seed}
    if args.mode:
        options["mode"] = args.mode
    if args.solution is not None:
        verdict = judge_level(level, "solution", _load_solution(args.solution), **options)
    else:
        if args.reference and level.solution is None:
            raise CommandError(f"level '{level.id}' has no [solution]")
        verdict = judge_level(level, "reference" if args.reference else "start", **options)
    data = verdict.to_json()
    if args.save and verdict.counterexample is not None:
        args.save.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(report(verdict))
    if verdict.reason == BUSY_REASON:
        return 3  # judges nothing: neither the player's pass nor their fail
    return 0 if verdict.passed else 1


def run_replay(args: argparse.Namespace) -> int:
    from syncgame.judge.report import timeline
    from syncgame.runtime.trace import Outcome, Trace

    try:
        data = json.loads(args.file.read_text(encoding="utf-8"))
        example = data["counterexample"]
        steps = example["steps"]
        trace = Trace(example["schedule"], steps, Outcome("replayed"), example.get("durations", []))
    except OSError as error:
        raise CommandError(f"cannot read {args.file}: {error.strerror}") from None
    except (ValueError, KeyError, TypeError):
        raise CommandError(f"{args.file}: not a saved counterexample") from None
    print(f"{data.get('level', '?')}: {data.get('verdict', '?')} ({data.get('reason')})")
    print(data.get("message", ""))
    print(timeline(trace))
    sys.stdout.flush()
    return 0
