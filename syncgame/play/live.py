"""A live run: the program's real threads, under a random schedule, one step per token.

The runtime asks its strategy who moves next; this strategy first hands the step just made
to the UI (a callback, which posts a message) and then waits for the UI's pacing loop to
allow the next one. So the threads really run at animation speed, and pausing is simply not
giving tokens. No Textual here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from syncgame.program.program import Program
from syncgame.runtime.scheduler import Run
from syncgame.runtime.strategies import Choice, RandomStrategy

WALL_SECONDS = 3600.0
"""A paced run may take long: the player decides the pace."""


class _Paced(RandomStrategy):
    def __init__(self, seed: int, live: LiveRun) -> None:
        super().__init__(seed)
        self.live = live

    def choose(self, choice: Choice) -> str:
        live = self.live
        if choice.step > 0 and live.run is not None and live.run.events:
            live.on_step(live.run.events[-1])
        while not live._tokens.acquire(timeout=0.1):
            if live.stopped:
                break
        if live.stopped and live.run is not None:
            live.run.stop("aborted", "stopped by the player")
        return super().choose(choice)


class LiveRun:
    def __init__(
        self,
        program: Program,
        seed: int,
        on_step: Callable[[dict], None],
        on_end: Callable[[dict], None],
    ) -> None:
        self.on_step = on_step
        self.on_end = on_end
        self.stopped = False
        self._tokens = threading.Semaphore(0)
        self.run: Run | None = None
        self._program = program
        self._seed = seed
        self._thread = threading.Thread(target=self._main, name="syncgame-live", daemon=True)

    def start(self) -> LiveRun:
        self._thread.start()
        return self

    def _main(self) -> None:
        run = Run(self._program, _Paced(self._seed, self), wall_timeout=WALL_SECONDS)
        self.run = run
        trace = run.execute()
        if not self.stopped:
            self.on_end(trace.to_json())

    def allow(self, steps: int = 1) -> None:
        """Let the threads take `steps` more steps."""
        for _ in range(steps):
            self._tokens.release()

    def stop(self) -> None:
        """End the run (its threads stop at their next step); no more callbacks."""
        self.stopped = True
        self._tokens.release()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)
