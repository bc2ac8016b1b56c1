""" "My levels" in level select: the levels made in the editor (the user's levels folder).

They are listed after the game's chapters, never locked. Their option ids start with `my:` so
that an id shared with a shipped level cannot pick the wrong one.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from syncgame.level.model import Level
from syncgame.level.templates import is_ready, user_levels
from syncgame.texts import tr

PREFIX = "my:"


def add_my_levels(listing: OptionList, lang: str) -> dict[str, Level]:
    """Append a "My levels" group to `listing`; option id -> level. Files that do not load
    are counted (the editor's home shows why)."""
    levels, problems = user_levels()
    found: dict[str, Level] = {}
    if not levels and not problems:
        return found
    listing.add_option(Option(Text(tr("home.mine", lang), style="bold"), disabled=True))
    for level in levels:
        label = Text(f"      {level.title.get(lang)}")
        if not is_ready(level.path):
            label.append(f"  · {tr('home.draft', lang)}", style="dim italic")
        option_id = PREFIX + level.id
        listing.add_option(Option(label, id=option_id))
        found[option_id] = level
    broken = len({problem.file for problem in problems})
    if broken:
        text = f"      ✗ {broken} {tr('home.broken', lang)}"
        listing.add_option(Option(Text(text, style="red"), disabled=True))
    return found
