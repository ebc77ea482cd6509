"""Rasa custom actions: thin adapters between Rasa's tracker and the role-play
engine in `bot.engine`.

- `base.py`: reading the engine state from slots, sending messages, writing slots back.
- `roleplay.py`: starting a scenario, the user's moves, coach, skip, repeat,
  another character, start over, stop.
- `conversation.py`: welcome and menu, direct questions, fallback, goodbye.
"""
