"""The speed fixes in bot/rasa_server.py give exactly Rasa's own answers:
the same event classes, the same accepted and rejected action replies, the
same errors."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

from bot import rasa_server


def type_names():
    return sorted({cls.type_name for cls in all_subclasses(Event)})


@pytest.mark.parametrize("type_name", type_names())
def test_each_event_type_resolves_to_rasas_class_every_time(type_name):
    expected = rasa_server._rasa_resolve_by_type(type_name)
    assert rasa_server.resolve_by_type(type_name) is expected
    assert rasa_server.resolve_by_type(type_name) is expected  # now from the remembered classes


def test_unknown_event_types_behave_as_in_rasa():
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        rasa_server.resolve_by_type("no_such_event")
    assert rasa_server.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert rasa_server.resolve_by_type("topic") is None
    assert "no_such_event" not in rasa_server._event_classes


def test_stored_events_read_back_the_same_with_the_fix_installed(monkeypatch):
    events = [UserUttered("hello", {"name": "greet", "confidence": 0.9}), ActionExecuted("action_welcome"),
              BotUttered("Hi", {"buttons": []}), SlotSet("scenario", "date")]
    stored = [event.as_dict() for event in events]
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(rasa_server.resolve_by_type))
    assert [Event.from_parameters(parameters) for parameters in stored] == events


VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "scenario", "value": "date"}],
     "responses": [{"text": "Sam: So what do you do?", "buttons": [{"title": "Stop", "payload": "/stop"}]}]},
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
    assert rasa_server._rasa_validate_action_result(action(), reply) is True
    assert rasa_server.validate_action_result(action(), reply) is True


@pytest.mark.parametrize("reply", INVALID)
def test_invalid_action_replies_get_rasas_own_error(reply):
    with pytest.raises(jsonschema.ValidationError) as rasa_error:
        rasa_server._rasa_validate_action_result(action(), reply)
    with pytest.raises(jsonschema.ValidationError) as our_error:
        rasa_server.validate_action_result(action(), reply)
    assert our_error.value.message == rasa_error.value.message
    assert "Failed to validate Action server response" in our_error.value.message


def test_apply_installs_both_fixes(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", rasa_server._rasa_validate_action_result)
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(rasa_server._rasa_resolve_by_type))
    rasa_server.apply()
    assert RemoteAction._validate_action_result is rasa_server.validate_action_result
    assert Event.resolve_by_type is rasa_server.resolve_by_type
