"""Actions inside a role-play: start, the user's moves, coach, skip, repeat,
another character, start over and stop. Each works outside a role-play too
(the engine then offers the scenarios)."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import (
    OWN_REPLY,
    EngineAction,
    best_guess,
    last_bot_messages,
    latest_intent,
    latest_text,
    named_scenario_and_character,
    typed_in_roleplay,
)
from bot.core.engine import Engine, Reply, State


class ActionStartScenario(EngineAction):
    """`start_scenario` and `choose_character`: entities `scenario`, `character`."""

    action_name = "action_start_scenario"

    def runs_during_pause(self, tracker: Tracker) -> bool:
        # A button, not words to the character.
        return latest_text(tracker).startswith("/")

    def demo_command(self, tracker: Tracker) -> str | None:
        return OWN_REPLY if latest_text(tracker).startswith("/") else None

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        if typed_in_roleplay(state, tracker):
            # "I told my partner already" is no request to practise with a
            # partner. Buttons and the commands ("stop", "another character")
            # change the conversation.
            guess = best_guess(tracker, exclude=("start_scenario", "choose_character"))
            return engine.reply_to_low_confidence(state, guess, latest_text(tracker))
        scenario, character = named_scenario_and_character(
            tracker, engine.content, random_allowed=True
        )
        return engine.start(state, scenario, character)


class ActionRoleplayTurn(EngineAction):
    """A conversational move (the intent names the move): the character reacts."""

    action_name = "action_roleplay_turn"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.move(state, latest_intent(tracker), latest_text(tracker))


class ActionCoach(EngineAction):
    action_name = "action_coach"
    engine_reply = "ask_coach"


class ActionSkip(EngineAction):
    action_name = "action_skip"
    engine_reply = "skip"
    in_demo = "next"


class ActionRepeat(EngineAction):
    action_name = "action_repeat"
    in_demo = "again"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.repeat(state, last_bot_messages(tracker))


class ActionSwitchCharacter(EngineAction):
    action_name = "action_switch_character"
    engine_reply = "switch_character"
    during_pause = True


class ActionStartOver(EngineAction):
    action_name = "action_start_over"
    engine_reply = "start_over"
    during_pause = True


class ActionStop(EngineAction):
    """Ends the role-play with the recap."""

    action_name = "action_stop"
    engine_reply = "stop"
    during_pause = True
    in_demo = "stop"
