"""Rasa's own command line (`rasa run ...`) with two speed fixes for Rasa 3.6.

    python -m bot.rasa_server run --model ... --endpoints ...

`bot.servers` starts the Rasa server this way. Profiling the server with
py-spy (docs/performance.md) showed two costs that do no useful work:

- After every custom action Rasa checks the action server's reply with
  `jsonschema.validate`, which first re-checks Rasa's own, constant schema
  against the JSON Schema meta-schema: about 38% of the server's busy time.
  Here the schema is checked once and a reply that passes is accepted; a
  reply that does not goes through Rasa's own check, for Rasa's own error.
- Turning stored events back into objects looks up every event's class by
  walking all subclasses of `Event` each time: about 12%. Here a class, once
  found for a type name, is remembered; anything not yet found goes through
  Rasa's own lookup (same result, same error for an unknown type).

Neither changes what Rasa stores, answers or rejects; `tests/test_rasa_server.py`
checks that against Rasa's unpatched functions.
"""

from __future__ import annotations

import functools
import sys
from typing import Any, Dict, Optional, Text, Type

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event

_rasa_validate_action_result = RemoteAction._validate_action_result
_rasa_resolve_by_type = Event.resolve_by_type


@functools.lru_cache(maxsize=1)
def _action_response_validator():
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    if _action_response_validator().is_valid(result):
        return True
    return _rasa_validate_action_result(self, result)


_event_classes: Dict[Text, Type[Event]] = {}


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    found = _event_classes.get(type_name)
    if found is None:
        found = _rasa_resolve_by_type(type_name, default)
        if found is not None and getattr(found, "type_name", None) == type_name:
            _event_classes[type_name] = found
    return found


def apply() -> None:
    """Installs both fixes in this process (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = staticmethod(resolve_by_type)


def main() -> None:
    apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
