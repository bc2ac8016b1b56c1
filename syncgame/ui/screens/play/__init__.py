"""The play screen, one module a job: `screen` (PlayScreen: layout, the board, drawing),
`modes` (what it is doing and which keys that enables), `bindings` (its keys), `messages` (one
class per result coming back), `status` (its words about itself), and its mixins: `paced` (live
runs and replays), `scheduling` (the player schedules), `judge_jobs` (submit, show the bug),
`breakit` (the break-it challenge), `coach` (the tutorial)."""
