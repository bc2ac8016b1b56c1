"""The `syncgame` command line (also `python -m syncgame`): the top of the stack.

`cli.py` parses the command line and runs one command; each other module adds commands:
`play.py` (play), `levels.py` (levels, check), `judge.py` (judge, replay), `progress.py`
(progress), `serve.py` (serve), `edit.py` (edit). What they share is in `common.py`.
Nothing else in syncgame imports this package.
"""
