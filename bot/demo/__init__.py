"""`ownerbot demo`: the product on a laptop with no Slack account (DESIGN.md "The demo").

cast.py      the people, teams and channels
stack.py     a migrated SQLite file, the Web API stand-in, the real app on 127.0.0.1
player.py    people acting through signed requests; the clock and the scheduler's jobs
script.py    timed steps; scenario.py the four weeks
render.py    Block Kit as terminal text; show.py the narration around it
digests.py   the digests' figures and where the sweep's posts are shown
run.py       the narrated run and --json; shell.py --interactive; cli.py the command
"""
