"""The rehearsal assistant's core, independent of Rasa: content loading
(`content`), the role-play engine (`engine`), the recap's feedback (`rubric`),
and the tools to run it (`servers`, `chat`, `python -m bot`)."""
