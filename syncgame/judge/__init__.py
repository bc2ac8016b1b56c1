"""The judge: explores a program's interleavings and gives a verdict. Never imports Textual."""

from syncgame.judge.core import judge
from syncgame.judge.levels import judge_level
from syncgame.judge.verdict import Verdict

__all__ = ["judge", "judge_level", "Verdict"]
