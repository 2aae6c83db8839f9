"""`python -m bot` is the same as the `ownerbot` command."""

from bot.cli import main

raise SystemExit(main())
