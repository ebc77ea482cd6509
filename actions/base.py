"""The shared plumbing of every action: slots <-> `State`, messages -> dispatcher."""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from dataclasses import asdict, fields
from typing import Any, Dict, Iterable, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.content import content
from bot.demos import DemoPlayer
from bot.engine import Button, Engine, Message, Reply, State

# Every State field is a slot of the same name in domain.yml.
STATE_SLOTS = [f.name for f in fields(State)]
OWN_REPLY = "own reply"  # `EngineAction.in_demo`: reply as usual during a demo


@functools.lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine(content())


@functools.lru_cache(maxsize=1)
def demo_player() -> DemoPlayer:
    return DemoPlayer(engine())


def read_state(tracker: Tracker) -> State:
    values = {name: tracker.get_slot(name) for name in STATE_SLOTS}
    return State(**{name: value for name, value in values.items() if value is not None})


def slot_events(before: State, after: State) -> List[Dict[Text, Any]]:
    """SlotSet events for the fields that changed only."""
    old, new = asdict(before), asdict(after)
    return [SlotSet(name, new[name]) for name in STATE_SLOTS if old[name] != new[name]]


def send(dispatcher: CollectingDispatcher, messages: List[Message]) -> None:
    for message in messages:
        buttons = [{"title": b.title, "payload": b.payload} for b in message.buttons]
        # Rasa's socket.io channel emits a custom message's "data" as its own event.
        custom = {"data": message.custom} if message.custom else None
        dispatcher.utter_message(text=message.text, buttons=buttons, json_message=custom)


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def best_guess(tracker: Tracker, exclude: Iterable[str] = ()) -> Optional[str]:
    """The most likely intent other than `nlu_fallback` and `exclude`."""
    skip = {"nlu_fallback", *exclude}
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    return next((i["name"] for i in ranking if i.get("name") and i["name"] not in skip), None)


def last_bot_messages(tracker: Tracker) -> List[Message]:
    """The bot messages of the previous turn, for "repeat that"."""
    messages: List[Message] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if messages:
                break
            continue
        if event.get("event") == "bot" and event.get("text"):
            buttons = (event.get("data") or {}).get("buttons") or []
            messages.insert(0, Message(event["text"], tuple(Button(b["title"], b["payload"]) for b in buttons)))
    return messages


class EngineAction(Action, ABC):
    """An action that asks the engine for a reply and sends it.

    Abstract, so the action server does not register it as an action itself.
    Subclasses set `action_name` (the name in domain.yml) and `reply`.

    While a role-play is paused for a safety reply, only the actions that
    go on, stop or leave it (`during_pause`) run; every other turn gets the
    reminder of the pause instead. During a demo, `in_demo` says what the
    action does there: a `DemoPlayer.command` ("next", "back", "again",
    "try", "stop"), `OWN_REPLY` to reply as usual, or None for the reminder.
    """

    action_name: str
    during_pause = False
    in_demo: Optional[str] = None

    def runs_during_pause(self, tracker: Tracker) -> bool:
        return self.during_pause

    def demo_command(self, tracker: Tracker) -> Optional[str]:
        return self.in_demo

    def name(self) -> str:
        return self.action_name

    @abstractmethod
    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        """The engine's reply to this turn."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        state = read_state(tracker)
        assistant = engine()
        checked = assistant.checked(state)
        if checked.paused and not self.runs_during_pause(tracker):
            reply = assistant.while_paused(checked)
        elif checked.demo and self.demo_command(tracker) != OWN_REPLY:
            reply = demo_player().command(checked, self.demo_command(tracker))
        else:
            reply = self.reply(assistant, checked, tracker)
        send(dispatcher, reply.messages)
        return slot_events(state, reply.state)
