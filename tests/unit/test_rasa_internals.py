"""Our reliance on Rasa internals (bot/rasa_server/rasa_internals.py),
checked against Rasa's own behaviour: the speed fixes give exactly Rasa's
answers (the same event classes, the same accepted and rejected action
replies, the same errors), the version check, the switch that turns the
fixes off, the tracker store's engine and the socket.io origins."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SlotSet,
    UserUttered,
)
from rasa.shared.utils.common import all_subclasses

from bot.paths import ROOT
from bot.rasa_server import rasa_internals


def type_names():
    return sorted({cls.type_name for cls in all_subclasses(Event)})


@pytest.mark.parametrize("type_name", type_names())
def test_each_event_type_resolves_to_rasas_class_every_time(type_name):
    expected = rasa_internals.RASA["resolve_by_type"](type_name)
    assert rasa_internals.resolve_by_type(type_name) is expected
    # Now from the remembered classes.
    assert rasa_internals.resolve_by_type(type_name) is expected


def test_unknown_event_types_behave_as_in_rasa():
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        rasa_internals.resolve_by_type("no_such_event")
    assert rasa_internals.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert rasa_internals.resolve_by_type("topic") is None
    assert "no_such_event" not in rasa_internals._event_classes


def test_stored_events_read_back_the_same_with_the_fix_installed(monkeypatch):
    events = [
        UserUttered("hello", {"name": "greet", "confidence": 0.9}),
        ActionExecuted("action_welcome"),
        BotUttered("Hi", {"buttons": []}),
        SlotSet("scenario", "date"),
    ]
    stored = [event.as_dict() for event in events]
    monkeypatch.setattr(
        Event, "resolve_by_type", staticmethod(rasa_internals.resolve_by_type)
    )
    assert [Event.from_parameters(parameters) for parameters in stored] == events


VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "scenario", "value": "date"}],
        "responses": [
            {
                "text": "Sam: So what do you do?",
                "buttons": [{"title": "Stop", "payload": "/stop"}],
            }
        ],
    },
    {},
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "slot"}], "responses": "no"},
    {"responses": ["a string, not an object"]},
    {"events": [{"no_event_key": 1}]},
]


def action() -> RemoteAction:
    return RemoteAction("action_anything", None)


@pytest.mark.parametrize("reply", VALID)
def test_valid_action_replies_are_accepted(reply):
    assert rasa_internals.RASA["validate_action_result"](action(), reply) is True
    assert rasa_internals.validate_action_result(action(), reply) is True


@pytest.mark.parametrize("reply", INVALID)
def test_invalid_action_replies_get_rasas_own_error(reply):
    with pytest.raises(jsonschema.ValidationError) as rasa_error:
        rasa_internals.RASA["validate_action_result"](action(), reply)
    with pytest.raises(jsonschema.ValidationError) as our_error:
        rasa_internals.validate_action_result(action(), reply)
    assert our_error.value.message == rasa_error.value.message
    assert "Failed to validate Action server response" in our_error.value.message


def test_installing_puts_both_fixes_in_place(monkeypatch):
    monkeypatch.setattr(
        RemoteAction,
        "_validate_action_result",
        rasa_internals.RASA["validate_action_result"],
    )
    monkeypatch.setattr(
        Event, "resolve_by_type", staticmethod(rasa_internals.RASA["resolve_by_type"])
    )
    rasa_internals.install_speed_fixes()
    assert RemoteAction._validate_action_result is rasa_internals.validate_action_result
    assert Event.resolve_by_type is rasa_internals.resolve_by_type


def test_the_version_the_internals_were_checked_with_is_the_pinned_one():
    pins = re.findall(
        r"^rasa\[spacy\]==(\S+)", (ROOT / "requirements.txt").read_text(), re.M
    )
    assert pins == [rasa_internals.CHECKED_WITH]
    rasa_internals.check_rasa_version()  # the installed one: no error


def test_another_rasa_version_fails_with_what_to_do():
    with pytest.raises(
        rasa_internals.RasaVersionError,
        match=r"checked with Rasa 3\.6\.21, but Rasa 3\.7\.0 is installed",
    ):
        rasa_internals.check_rasa_version("3.7.0")
    with pytest.raises(rasa_internals.RasaVersionError, match="rasa_internals.py"):
        rasa_internals.check_rasa_version("3.6.20")


@pytest.mark.parametrize(
    "value, wanted",
    [
        (None, True),
        ("", True),
        ("on", True),
        ("off", False),
        ("OFF", False),
        ("0", False),
        ("false", False),
        ("no", False),
    ],
)
def test_the_environment_switch_turns_the_fixes_off(value, wanted):
    environment = {} if value is None else {rasa_internals.SPEED_FIXES_SWITCH: value}
    assert rasa_internals.speed_fixes_wanted(environment) is wanted


def test_with_the_switch_off_the_rasa_server_runs_stock_rasa_and_says_so():
    result = subprocess.run(
        [sys.executable, "-m", "bot.rasa_server", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, rasa_internals.SPEED_FIXES_SWITCH: "off"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "speed fixes off" in result.stderr and "speed fixes on" not in result.stderr
    assert rasa_internals.CHECKED_WITH in result.stdout, "Rasa's own CLI answered"


def test_the_tracker_store_engine_hides_sql_parameters(tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    store = SQLTrackerStore(
        domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "c.db")
    )
    url = store.engine.url
    rasa_internals.hide_sql_parameters(store)
    assert store.engine.url == url and store.engine.hide_parameters
    assert store.sessionmaker.kw["bind"] is store.engine
    with store.session_scope() as session:
        assert session.query(store.SQLEvent).count() == 0, (
            "the same database, still readable"
        )


def test_socketio_origins_are_set_on_the_server_rasa_built():
    from rasa.core.channels.socketio import SocketIOInput

    async def handler(message):
        return None

    channel = SocketIOInput()
    channel.blueprint(handler)
    # Rasa 3.6's: no origin check at all.
    assert channel.sio.eio.cors_allowed_origins == []
    rasa_internals.restrict_socketio_origins(channel, ["https://clinic.example"])
    assert channel.sio.eio.cors_allowed_origins == ["https://clinic.example"]
    rasa_internals.restrict_socketio_origins(channel, [])
    assert channel.sio.eio.cors_allowed_origins is None  # the server's own origin only


def test_rasas_rest_channel_still_reads_requests_through_the_hooks_we_override():
    import inspect

    from rasa.core.channels.rest import RestInput

    from bot.rasa_server.channels import CheckedRestInput

    receive = inspect.getsource(RestInput.blueprint)
    for hook in ("_extract_sender", "_extract_message", "_extract_input_channel"):
        assert f"self.{hook}(request)" in receive, (
            f"Rasa's REST channel no longer calls {hook}"
        )
        assert hook in CheckedRestInput.__dict__
