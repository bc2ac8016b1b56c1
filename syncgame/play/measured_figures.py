"""A measured verdict's figures in words, for the verdict screen: the median seconds of
each mode, each choice's speed-up against the goal, the cores and the load."""

from __future__ import annotations

MODE_WORDS = {
    "serial": ("one after another", "一个接一个"),
    "threads": ("threads", "多线程"),
    "processes": ("processes", "多进程"),
}


def measured_lines(measured: dict, lang: str) -> str:
    zh = lang == "zh"
    seconds, speedups, goal = measured["seconds"], measured["speedup"], measured["goal"]
    rows = []
    for mode, value in seconds.items():
        en, zh_word = MODE_WORDS.get(mode, (mode, mode))
        row = f"  {zh_word if zh else en:<18} {value:6.2f} s"
        if mode in speedups:
            mark = "✓" if speedups[mode] >= goal else "✗"
            row += f"   {speedups[mode]:.2f}x {mark}"
            if mode == measured["chosen"]:
                row += "  ← 你的选择" if zh else "  ← your choice"
        rows.append(row)
    cores, load = measured["cores"], measured.get("load")
    machine = f"{cores} 核" if zh else f"{cores} core{'s' if cores != 1 else ''}"
    if load is not None:
        machine += f"，负载 {load:g}" if zh else f", load {load:g}"
    head = (
        f"实测 {measured['jobs']} 个任务，{measured['rounds']} 轮取中位数，"
        f"目标加速 ≥ {goal:g}x（{machine}）："
        if zh
        else f"measured: {measured['jobs']} jobs, median of {measured['rounds']} rounds, "
        f"goal speed-up >= {goal:g}x ({machine}):"
    )
    return "\n".join([head, *rows])
