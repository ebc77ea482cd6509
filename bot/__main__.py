"""`python -m bot ...`: the command line (bot/running/cli.py)."""

import sys

from bot.running.cli import main

sys.exit(main())
