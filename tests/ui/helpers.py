"""Helpers for pilot and snapshot tests."""

from __future__ import annotations

import asyncio
import functools
import inspect
import time

from syncgame.level.model import Level
from syncgame.play.catalog import Catalog, load_catalog
from syncgame.ui.app import SyncGameApp


def make_app(
    catalog: Catalog | None = None, lang: str = "en", tutorial: bool = False
) -> SyncGameApp:
    """The app with animations off (a fixed frame) and a fixed language. The first level's
    tutorial is marked done (it would cover other tests' screens) unless `tutorial`."""
    app = SyncGameApp(catalog=catalog if catalog is not None else load_catalog(), lang=lang)
    app.animation_level = "none"
    if not tutorial:
        app.progress.settings.tutorial_done = True
    return app


async def wait_for(pilot, predicate, timeout: float = 15.0, what: str = "condition") -> None:
    """Let the app run until `predicate()` holds (workers and judge processes answer)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)
    await pilot.pause()


async def open_level(pilot, level: Level) -> None:
    from syncgame.ui.screens.play.screen import PlayScreen

    pilot.app.play_level(level)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlayScreen), what="play screen")


def screen_name(app) -> str:
    return type(app.screen).__name__


def sync(test):
    """Run an async pilot test with asyncio.run (no async plugin in the test extras)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    wrapper.__signature__ = inspect.signature(test)
    return wrapper
