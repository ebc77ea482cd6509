"""The shared plumbing of every action: slots <-> `State`, messages -> dispatcher."""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import asdict, fields
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.core.content import Content, content
from bot.core.demos import DemoPlayer
from bot.core.engine import RANDOM_CHARACTER, Button, Engine, Message, Reply, State
from bot.core.reading import Turn

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


def slot_events(before: State, after: State) -> list[dict[str, Any]]:
    """SlotSet events for the fields that changed only."""
    old, new = asdict(before), asdict(after)
    return [SlotSet(name, new[name]) for name in STATE_SLOTS if old[name] != new[name]]


def send(dispatcher: CollectingDispatcher, messages: list[Message]) -> None:
    for message in messages:
        buttons = [{"title": b.title, "payload": b.payload} for b in message.buttons]
        # Rasa's socket.io channel emits a custom message's "data" as its own event.
        custom = {"data": message.custom} if message.custom else None
        dispatcher.utter_message(
            text=message.text, buttons=buttons, json_message=custom
        )


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def latest_turn(tracker: Tracker) -> Turn:
    """Everything NLU found in the latest message, for the engine to read:
    the intent ranking with confidences, the entities, the text."""
    message = tracker.latest_message or {}
    ranking = message.get("intent_ranking") or [message.get("intent") or {}]
    return Turn(
        text=latest_text(tracker),
        intents=tuple(
            (i["name"], float(i.get("confidence") or 0.0))
            for i in ranking
            if i.get("name") and i["name"] != "nlu_fallback"
        ),
        entities=tuple(message.get("entities") or ()),
    )


def best_guess(tracker: Tracker, exclude: Iterable[str] = ()) -> str | None:
    """The most likely intent other than `nlu_fallback` and `exclude`."""
    skip = {"nlu_fallback", *exclude}
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    return next(
        (i["name"] for i in ranking if i.get("name") and i["name"] not in skip), None
    )


def named_scenario_and_character(
    tracker: Tracker, content: Content, random_allowed: bool
) -> tuple[str | None, str | None]:
    """The scenario and character the latest message names (entities), or
    None for either. NLU can split a long phrase into several entities
    ("telling", "someone I'm", "date"): the first value that names something
    counts. `random_allowed`: "surprise me" (RANDOM_CHARACTER) is a character."""
    scenarios = [
        v
        for v in tracker.get_latest_entity_values("scenario")
        if v in content.scenarios
    ]
    characters = [
        v.lower()
        for v in tracker.get_latest_entity_values("character")
        if (v.lower() == RANDOM_CHARACTER and random_allowed)
        or content.find_character(v.lower())
    ]
    return next(iter(scenarios), None), next(iter(characters), None)


def practice_asked(
    engine: Engine, state: State, tracker: Tracker
) -> tuple[str | None, str | None] | None:
    """The scenario and character, each None if not named, that typed words
    outside a role-play ask to rehearse ("I want to talk to my girlfriend
    about it", "role play my next appointment"; "I'm ready to practise a
    hard conversation" gets the choice of scenarios); None if they do not
    ask to rehearse."""
    text = latest_text(tracker)
    if state.in_roleplay or text.startswith("/"):
        return None
    if not engine.reader.asks_to_practise(text):
        return None
    scenario, character = named_scenario_and_character(
        tracker, engine.content, random_allowed=False
    )
    if scenario is None and not engine.reader.names_the_practice(text):
        return None  # "do I need to tell him at all?" is for the coach
    return scenario, character


def typed_in_roleplay(state: State, tracker: Tracker) -> bool:
    """Words typed during a role-play (not a button's payload): they answer
    the character, whatever NLU took them for."""
    return state.in_roleplay and not latest_text(tracker).startswith("/")


def last_bot_messages(tracker: Tracker) -> list[Message]:
    """The bot messages of the previous turn, for "repeat that"."""
    messages: list[Message] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if messages:
                break
            continue
        if event.get("event") == "bot" and event.get("text"):
            buttons = (event.get("data") or {}).get("buttons") or []
            messages.insert(
                0,
                Message(
                    event["text"],
                    tuple(Button(b["title"], b["payload"]) for b in buttons),
                ),
            )
    return messages


class EngineAction(Action, ABC):
    """An action that asks the engine for a reply and sends it.

    Abstract, so the action server does not register it as an action itself.
    Subclasses set `action_name` (the name in domain.yml) and either
    `engine_reply`, the `Engine` method that replies given the state alone,
    or their own `reply`.

    Words typed during a role-play are an answer to the character unless
    they clearly are a command: an action with `answers_in_roleplay` hands
    them to `Engine.turn` whatever NLU took them for, and a `command`
    action runs only when the words name that command (`Engine.is_command`),
    so "it's complicated" never ends the role-play.

    While a role-play is paused for a safety reply, only the actions that
    go on, stop or leave it (`during_pause`) run; every other turn gets the
    reminder of the pause instead. During a demo, `in_demo` says what the
    action does there: a `DemoPlayer.command` ("next", "back", "again",
    "try", "stop"), `OWN_REPLY` to reply as usual, or None for the reminder.
    """

    engine_reply: str | None = None
    # Outside a role-play, words that ask to rehearse and name the other
    # person start that scenario instead ("help me bring up that sex hurts
    # with my husband" read as a question on talking to a partner). Only
    # where a misreading costs little: never for the safety reply.
    practice_request_starts = False
    during_pause = False
    in_demo: str | None = None
    answers_in_roleplay = False
    command: str | None = None  # the lexicon's command this action carries out

    @property
    @abstractmethod
    def action_name(self) -> str:
        """The action's name in domain.yml (a class attribute in subclasses)."""

    def runs_during_pause(self, tracker: Tracker) -> bool:
        return self.during_pause

    def demo_command(self, tracker: Tracker) -> str | None:
        return self.in_demo

    def name(self) -> str:
        return self.action_name

    def _answers_character(
        self, engine: Engine, state: State, tracker: Tracker
    ) -> bool:
        if self.command:
            turn = latest_turn(tracker)
            sure = turn.confidence(turn.intent) if turn.intent else 0.0
            return not engine.is_command(state, turn.text, self.command, sure)
        return self.answers_in_roleplay

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        """The engine's reply to this turn."""
        if self.engine_reply is None:
            raise NotImplementedError(
                f"{type(self).__name__} sets neither `engine_reply` nor `reply`"
            )
        return getattr(engine, self.engine_reply)(state)

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        state = read_state(tracker)
        assistant = engine()
        current = assistant.valid_or_fresh(state)
        if current.paused and not self.runs_during_pause(tracker):
            reply = assistant.while_paused(current, latest_text(tracker))
        elif current.demo and self.demo_command(tracker) != OWN_REPLY:
            reply = demo_player().command(current, self.demo_command(tracker))
        elif typed_in_roleplay(current, tracker) and self._answers_character(
            assistant, current, tracker
        ):
            reply = assistant.turn(current, latest_turn(tracker))
        elif (
            self.practice_request_starts
            and (asked := practice_asked(assistant, current, tracker)) is not None
        ):
            reply = assistant.start(current, *asked)
        else:
            reply = self.reply(assistant, current, tracker)
        send(dispatcher, reply.messages)
        return slot_events(state, reply.state)
