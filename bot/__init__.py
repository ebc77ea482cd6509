"""The rehearsal assistant. Each folder says where its code runs:

- `core/`: the role-play itself, free of Rasa (content loading, engine,
  recap feedback, safety matching, demos, handouts). Imported by the action
  server (`actions/`) and by the Rasa extensions.
- `content/`: what the characters and the coach say, as YAML (no code).
- `rasa_server/`: what runs inside the Rasa server: the classes Rasa loads by
  name from config.yml, credentials.yml and endpoints.yml, and its start-up
  with our speed fixes. The only place that knows Rasa's internals.
- `running/`: on the machine that runs the assistant: the command line
  (`python -m bot`), the process supervisor, the terminal chat, the REST client.
- `measuring/`: only on a developer's machine: `make bench`, `make load`,
  `make eval`, `make safety-eval` and the reports they write into docs/.
"""
