"""Rasa custom actions: thin adapters between Rasa's tracker and the role-play
engine in `bot.core.engine`.

- `base.py`: reading the engine state from slots, sending messages, writing slots back.
- `roleplay.py`: starting a scenario, the user's moves, coach, skip, repeat,
  another character, start over, stop.
- `conversation.py`: welcome and menu, direct questions, fallback, goodbye.
- `safety.py`: the out-of-character reply to a crisis, which pauses a role-play;
  going on.
- `privacy.py`: the disclaimer opening every conversation; erasing a conversation.
"""

from actions.base import engine

# Built when the action server loads the actions, so the first reply does not
# wait for the content and the turn reader's spaCy patterns (about a second).
engine()
