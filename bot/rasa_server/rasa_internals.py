"""Every place this project relies on a Rasa internal, checked against the one
Rasa version it was written for (`CHECKED_WITH`, the pin in requirements.txt).

Our Rasa extensions use Rasa's supported seams where there is one (a graph
component registered with the recipe, a tracker store and input channels
subclassed and named in the YAML). Where there is none, the code that reaches
inside Rasa is here, or named here:

1. Speed fixes (`install_speed_fixes`), found by profiling (docs/performance.md):
   - `RemoteAction._validate_action_result` and
     `RemoteAction.action_response_format_spec()`: Rasa re-checks its own,
     constant reply schema against the JSON Schema meta-schema after every
     custom action (about 38% of the server's busy time). Replaced by a
     validator built once; a reply that fails it goes through Rasa's own check,
     for Rasa's own error.
   - `Event.resolve_by_type`: finds an event's class by walking all subclasses
     of `Event` for every stored event read back (about 12%). Replaced by a
     lookup that remembers each class once Rasa's own lookup has found it.
   Neither changes what Rasa stores, answers or rejects
   (tests/unit/test_rasa_internals.py compares them with Rasa's functions).
   `python -m bot.rasa_server` installs them and logs that it did; with
   `REHEARSAL_RASA_FIXES=off` in the environment it runs stock Rasa.
2. `SQLTrackerStore.engine` and `.sessionmaker`, rebuilt with Rasa's
   `create_engine_kwargs` (`hide_sql_parameters`): the store's engine again,
   with SQL parameters (message text) kept out of the errors Rasa logs.
3. `SocketIOInput.sio` (`restrict_socketio_origins`): Rasa 3.6 creates its
   socket.io server with `cors_allowed_origins=[]`, which python-engineio
   reads as "no origin check"; we set the list after Rasa built the server.
4. `RestInput._extract_sender`, `._extract_message` and
   `._extract_input_channel`: overridden by `channels.CheckedRestInput` to
   check the request body (Rasa calls them from its `receive` route).

Importing this module (and so `bot.rasa_server`) runs `check_rasa_version`
first, so a Rasa other than the one these were checked against fails at
start-up with a clear message rather than misbehaving quietly.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import sqlalchemy as sa
from jsonschema.validators import validator_for

CHECKED_WITH = "3.6.21"
SPEED_FIXES_SWITCH = "REHEARSAL_RASA_FIXES"  # "off": run stock Rasa


class RasaVersionError(RuntimeError):
    """The installed Rasa is not the version these internals were checked with."""


def check_rasa_version(installed: str | None = None) -> None:
    """Raises RasaVersionError unless Rasa `CHECKED_WITH` is installed."""
    if installed is None:
        import rasa

        installed = rasa.__version__
    if installed != CHECKED_WITH:
        raise RasaVersionError(
            f"this assistant's Rasa extensions were checked with Rasa {CHECKED_WITH}, "
            f"but Rasa {installed} is installed. "
            "Install the pinned version (`make install`), "
            f"or re-check every reliance listed in {__name__.replace('.', '/')}.py "
            "against the new version before changing the pin."
        )


# --- 1. speed fixes ----------------------------------------------------------


def _rasa_originals() -> dict[str, Any]:
    """Rasa's own functions, as they were before any fix was installed."""
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    return {
        "validate_action_result": RemoteAction._validate_action_result,
        "resolve_by_type": Event.resolve_by_type,
    }


# Checked before anything below imports Rasa's internals, so a different
# Rasa fails with this message rather than an ImportError from deep inside.
check_rasa_version()
RASA = _rasa_originals()


@functools.lru_cache(maxsize=1)
def _action_response_validator():
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result` with the schema checked once."""
    if _action_response_validator().is_valid(result):
        return True
    return RASA["validate_action_result"](self, result)


_event_classes: dict[str, type] = {}


def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
    """`Event.resolve_by_type`, remembering each class Rasa's lookup found."""
    found = _event_classes.get(type_name)
    if found is None:
        found = RASA["resolve_by_type"](type_name, default)
        if found is not None and getattr(found, "type_name", None) == type_name:
            _event_classes[type_name] = found
    return found


def speed_fixes_wanted(environment: dict[str, str] | None = None) -> bool:
    value = (os.environ if environment is None else environment).get(
        SPEED_FIXES_SWITCH, ""
    )
    return value.strip().lower() not in ("off", "0", "false", "no")


def install_speed_fixes() -> None:
    """Installs both fixes in this process (idempotent)."""
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = staticmethod(resolve_by_type)


# --- 2. the tracker store's engine --------------------------------------------


def hide_sql_parameters(store: Any) -> None:
    """Rebuilds an `SQLTrackerStore`'s engine on the same database with
    SQL parameters hidden from error messages."""
    from rasa.core.tracker_store import create_engine_kwargs

    revealing, url = store.engine, store.engine.url
    store.engine = sa.create_engine(
        url, hide_parameters=True, **create_engine_kwargs(url)
    )
    store.sessionmaker = sa.orm.session.sessionmaker(bind=store.engine)
    revealing.dispose()


# --- 3. socket.io origins -----------------------------------------------------


def restrict_socketio_origins(channel: Any, origins: list[str]) -> None:
    """Only `origins` may open a socket.io connection; none listed: only the
    server's own origin (python-engineio's meaning of None)."""
    channel.sio.eio.cors_allowed_origins = origins or None
