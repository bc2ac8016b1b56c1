"""UI figures: stage render time, frame rate in a live run, idle CPU, start-up time, peak RSS.

    python bench/ui.py            # all figures
    python bench/ui.py --quick    # shorter measurements

The first two are measured in-process with Textual's headless driver; the last three start
the real `syncgame play` on a pseudo-terminal, as a player would, and read /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

TARGETS = {
    "render": 5.0,  # ms, median, stage with 8 sprites
    "fps": 30.0,  # frames a second during a live run
    "idle": 2.0,  # % of one core
    "startup": 1.0,  # seconds to the first screen
    "rss": 150.0,  # MB
}


# --- in-process: render time and frame rate -----------------------------------------------


def eight_thread_snapshot() -> dict:
    threads = {}
    states = [
        "running",
        "runnable",
        "blocked",
        "blocked",
        "sleeping",
        "done",
        "runnable",
        "blocked",
    ]
    for i, status in enumerate(states):
        waiting = {2: "lock", 3: "sem", 7: "gate"}.get(i)
        threads[f"w#{i}"] = {
            "name": "w",
            "status": status,
            "line": 1 + i % 4,
            "waiting_for": waiting,
            "holding": ["lock"] if i == 0 else [],
            "op": "write total" if i == 1 else None,
        }
    return {
        "time": 1.5,
        "threads": threads,
        "primitives": {
            "lock": {"type": "Lock", "locked": True, "holder": "w#0", "waiters": ["w#2"]},
            "sem": {"type": "Semaphore", "value": 0, "waiters": ["w#3"]},
            "gate": {"type": "Barrier", "parties": 3, "n_waiting": 1, "broken": False, "waiters": ["w#7"]},
            "ready": {"type": "Event", "flag": True, "waiters": []},
            "q": {"type": "Queue", "items": ["1", "2"], "maxsize": 4, "waiters": []},
        },
        "shared": {"total": 12, "items": [1, 2, 3]},
    }  # fmt: skip


async def measure_render(samples: int) -> list[float]:
    from textual.app import App

    from syncgame.ui.scene import Scene
    from syncgame.ui.widgets.stage import StageView

    class Bench(App):
        def compose(self):
            yield StageView(Scene(), id="stage")

    app = Bench()
    app.animation_level = "full"
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        stage = app.query_one(StageView)
        stage.show(eight_thread_snapshot())
        await pilot.pause()
        height = stage.content_size.height
        for i in range(samples):
            # a new model state and a new moment: the whole stage is drawn again
            snapshot = eight_thread_snapshot()
            snapshot["shared"]["total"] = i
            started = time.perf_counter()
            stage.show(snapshot, {"step": i, "thread": "w#1", "op": "write", "obj": "total"})
            for y in range(height):
                stage.render_line(y)
            times.append((time.perf_counter() - started) * 1000)
    return times


async def measure_live_fps(seconds: float) -> tuple[float, int]:
    from syncgame.play.catalog import load_catalog
    from syncgame.ui.app import SyncGameApp
    from syncgame.ui.screens.play.screen import PlayScreen
    from syncgame.ui.screens.play.status import SPEEDS
    from syncgame.ui.widgets.stage import StageView

    catalog = load_catalog()
    level = catalog.by_id("lock-counter") or catalog.ordered()[0]
    app = SyncGameApp(catalog=catalog, lang="en")
    app.animation_level = "full"
    async with app.run_test(size=(120, 40)) as pilot:
        app.play_level(level)
        while not (isinstance(app.screen, PlayScreen) and app.screen.query(StageView)):
            await pilot.pause(0.01)
        await pilot.pause(0.1)
        play = app.screen
        play.speed = len(SPEEDS) - 1
        stage = play.query_one(StageView)
        frames = 0
        steps = 0
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if play.playback is None or play.playback.finished:
                play.action_run()  # a new live run (random schedule) whenever one ends
                while play.playback is None or not play.playing:
                    await pilot.pause(0.01)
                steps += len(play.playback.events)
                first = stage.frames_drawn
                frames_before = frames
            await pilot.pause(0.02)
            frames = frames_before + stage.frames_drawn - first
        elapsed = time.monotonic() - started
    return frames / elapsed, steps


# --- the real program on a pseudo-terminal ---------------------------------------------------


class Terminal:
    """`syncgame play` on a pty of 120x40; output is drained in a thread and searchable."""

    def __init__(self, command: list[str], size=(120, 40)) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(size[0]), LINES=str(size[1]))
        env.pop("TEXTUAL_ANIMATIONS", None)
        # a fresh save (first start, English), never the player's own
        env["SYNCGAME_DATA_DIR"] = tempfile.mkdtemp(prefix="syncgame-bench-")
        env["SYNCGAME_LANG"] = "en"
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.first_seen: dict[bytes, float] = {}
        self._lock = threading.Lock()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk

    def wait_for(self, text: str, timeout: float = 10.0) -> float:
        """Seconds from start until `text` appeared on the terminal."""
        needle = text.encode()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if needle in self.output:
                    return time.monotonic() - self.started
            time.sleep(0.005)
        raise TimeoutError(f"{text!r} never appeared")

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        self.send("\x11")  # ctrl+q
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


def play_command() -> list[str]:
    script = shutil.which("syncgame", path=str(Path(sys.executable).parent))
    return [script, "play"] if script else [sys.executable, "-m", "syncgame", "play"]


def measure_real(idle_seconds: float) -> dict:
    startups = []
    for _ in range(3):
        terminal = Terminal(play_command())
        try:
            startups.append(terminal.wait_for("Level editor"))
        finally:
            terminal.close()
    terminal = Terminal(play_command())
    try:
        terminal.wait_for("Level editor")
        time.sleep(1.0)
        before, started = terminal.cpu_seconds(), time.monotonic()
        time.sleep(idle_seconds)
        idle_title = (terminal.cpu_seconds() - before) / (time.monotonic() - started) * 100
        terminal.send("\r")  # Play -> level select
        terminal.wait_for("Choose a level")
        terminal.send("\r")  # the first level
        terminal.wait_for("Timeline")
        time.sleep(1.0)
        before, started = terminal.cpu_seconds(), time.monotonic()
        time.sleep(idle_seconds)
        idle_play = (terminal.cpu_seconds() - before) / (time.monotonic() - started) * 100
        terminal.send(" ")  # a live run
        time.sleep(3.0)
        terminal.send("s")  # submit: the judge in its processes
        time.sleep(3.0)
        terminal.send("\x1b")
        terminal.send("b")  # show me the bug
        time.sleep(3.0)
        rss = terminal.peak_rss_mb()
    finally:
        terminal.close()
    return {
        "startup": statistics.median(startups),
        "idle_title": idle_title,
        "idle_play": idle_play,
        "rss": rss,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    samples = 100 if args.quick else 400
    seconds = 3.0 if args.quick else 8.0

    render = asyncio.run(measure_render(samples))
    fps, steps = asyncio.run(measure_live_fps(seconds))
    real = measure_real(3.0 if args.quick else 6.0)

    def row(name: str, value: float, unit: str, target: float, better: str) -> None:
        ok = value <= target if better == "<=" else value >= target
        print(
            f"{name:<44} {value:>9.2f} {unit:<5} target {better} {target:g}  {'ok' if ok else 'MISSED'}"
        )

    print(f"syncgame UI benchmark (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    row("stage render, 8 sprites, median", statistics.median(render), "ms", TARGETS["render"], "<=")
    print(
        f"{'  (p90 of ' + str(len(render)) + ' renders)':<44} {statistics.quantiles(render, n=10)[-1]:>9.2f} ms"
    )
    row("frames a second during a live run", fps, "fps", TARGETS["fps"], ">=")
    print(f"{'  (steps shown)':<44} {steps:>9d}")
    row("idle CPU, title screen", real["idle_title"], "%", TARGETS["idle"], "<=")
    row("idle CPU, play screen", real["idle_play"], "%", TARGETS["idle"], "<=")
    row(
        "`syncgame play` to the first screen, median",
        real["startup"],
        "s",
        TARGETS["startup"],
        "<=",
    )
    row("peak RSS of the app (after run, judge, bug)", real["rss"], "MB", TARGETS["rss"], "<=")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
