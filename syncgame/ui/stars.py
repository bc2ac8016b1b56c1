"""Stars for a passed level: one for passing, one for par primitives, one for par makespan.

The rules live in the core (`syncgame.stars`, shared with `syncgame progress` and the tests);
the UI uses them from here."""

from __future__ import annotations

from syncgame.stars import Score, score

__all__ = ["Score", "score"]
