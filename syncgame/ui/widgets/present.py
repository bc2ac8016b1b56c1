"""Show one frame of a playback on a stage, the code panes and the timeline (shared by the
play and verdict screens)."""

from __future__ import annotations

from syncgame.play.narrate import outcome_ok, outcome_sentence
from syncgame.play.playback import Playback
from syncgame.ui.widgets.code_pane import CodePane
from syncgame.ui.widgets.stage import StageView
from syncgame.ui.widgets.timeline import Timeline


def present(
    playback: Playback,
    stage: StageView,
    panes: list[CodePane],
    timeline: Timeline,
    fed: int,
    lang: str,
) -> int:
    """Draw the playback's current frame; returns the index the stage has now seen in order
    (pass it back next time, so stepping forward stays incremental)."""
    snapshot, event = playback.snapshot(), playback.event()
    exceptions = (playback.outcome or {}).get("exceptions") or []
    stage.scene.exceptions = {
        e["thread"]: f"{e.get('type', 'Error')}: {e.get('message', '')}".rstrip(": ")
        for e in exceptions
        if "thread" in e
    }
    shown = playback.shown_events()
    history = None if playback.index == fed + 1 else shown[:-1]
    if playback.index < 0:
        stage.scene.reset()
        history = None
    if timeline.lang != lang:  # rows already written are in the other language
        timeline.lang = lang
        timeline.reset()
    timeline.show(shown)
    stage.scene.failed = False
    if playback.finished and playback.outcome:
        ok = outcome_ok(playback.outcome)
        stage.scene.failed = not ok
        stage.set_banner(outcome_sentence(playback.outcome, lang), "banner.ok" if ok else "banner")
    else:
        stage.set_banner(None)
    stage.show(snapshot, event, history)
    mark_code(stage, panes, snapshot)
    return playback.index


def mark_code(stage: StageView, panes: list[CodePane], snapshot: dict) -> None:
    looks = stage.scene.looks()
    positions = {tid: info.get("line", 0) for tid, info in snapshot.get("threads", {}).items()}
    states = {tid: look.state for tid, look in looks.items()}
    for pane in panes:
        pane.set_positions(positions, states)
