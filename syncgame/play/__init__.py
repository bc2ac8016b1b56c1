"""The game in play, without a screen: what the player does and what comes of it.

The rule: a module belongs here when it is about the game itself and would stay the same under
any front end: the level catalog, the player's edits and the board they make (`placement`,
`actions`, `block_edits`, `call_edits`), the runs the player asks for (`live`, `stepper`,
`playback`, `runs`, `judging`) and the snapshots they show (`preview`), the tutorial's steps,
the break-it challenge, stars, the save (`progress`, `drafts`), the error log, and the words
that say what a level asks and what happened (`goal`, `narrate`, `plain`, `notes`, `measured`,
`measured_figures`; their words come from `syncgame.texts`). A module that draws (Textual
screens and widgets, and the pure drawing helpers `art`, `canvas`, `looks`, `scene`, `wrap`) or
lays out the interface's own content (`help_text`) belongs in `syncgame.ui`.

This package never imports Textual or `syncgame.ui`; it builds on `level`, `program`,
`runtime` and `judge`.
"""
