"""A measured verdict's figures in words, for the verdict screen: the median seconds of
each mode, each choice's speed-up against the goal, the cores and the load."""

from __future__ import annotations

from syncgame.texts import STRINGS, tr


def mode_words(mode: str, lang: str) -> str:
    """A way to run the jobs, in `lang`."""
    key = f"measured.mode.{mode}"
    return tr(key, lang) if key in STRINGS else mode


def measured_lines(measured: dict, lang: str) -> str:
    seconds, speedups, goal = measured["seconds"], measured["speedup"], measured["goal"]
    rows = []
    for mode, value in seconds.items():
        row = f"  {mode_words(mode, lang):<18} {value:6.2f} s"
        if mode in speedups:
            mark = "✓" if speedups[mode] >= goal else "✗"
            row += f"   {speedups[mode]:.2f}x {mark}"
            if mode == measured["chosen"]:
                row += tr("measured.your_choice", lang)
        rows.append(row)
    cores, load = measured["cores"], measured.get("load")
    machine = tr("measured.cores_one" if cores == 1 else "measured.cores", lang, cores=cores)
    if load is not None:
        machine += tr("measured.load", lang, load=load)
    head = tr(
        "measured.head",
        lang,
        jobs=measured["jobs"],
        rounds=measured["rounds"],
        goal=goal,
        machine=machine,
    )
    return "\n".join([head, *rows])
