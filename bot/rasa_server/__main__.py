"""Rasa's own command line (`rasa run ...`) with this project's speed fixes
(`rasa_internals.install_speed_fixes`; docs/performance.md):

    python -m bot.rasa_server run --model ... --endpoints ...

`bot.running.supervisor` starts the Rasa server this way. With
REHEARSAL_RASA_FIXES=off in the environment it runs stock Rasa.
"""

from __future__ import annotations

import sys

from bot.rasa_server.rasa_internals import (
    SPEED_FIXES_SWITCH,
    install_speed_fixes,
    speed_fixes_wanted,
)


def main() -> None:
    # Printed rather than logged: Rasa sets up logging only once its CLI runs.
    if speed_fixes_wanted():
        install_speed_fixes()
        print(
            "bot.rasa_server: speed fixes on (action replies' schema checked once, "
            f"event classes remembered); {SPEED_FIXES_SWITCH}=off runs stock Rasa",
            file=sys.stderr,
            flush=True,
        )
    else:
        print(
            f"bot.rasa_server: speed fixes off ({SPEED_FIXES_SWITCH}=off): stock Rasa",
            file=sys.stderr,
            flush=True,
        )
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
