"""What runs inside the Rasa server: the classes Rasa loads by name from
config.yml (`nlu_safety_net.SafetyNet`), credentials.yml (`channels`) and
endpoints.yml (`tracker_store`), and `python -m bot.rasa_server`, Rasa's own
command line with our speed fixes. Every reliance on a Rasa internal is named
in `rasa_internals`, whose import checks the installed Rasa is the version
they were checked with."""

from bot.rasa_server import rasa_internals  # noqa: F401  (the version check)
