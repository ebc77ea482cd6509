"""Actions inside a role-play: start, the user's moves, coach, skip, repeat,
another character, start over and stop. Each works outside a role-play too
(the engine then offers the scenarios)."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import (
    OWN_REPLY,
    EngineAction,
    last_bot_messages,
    latest_text,
    latest_turn,
    named_scenario_and_character,
)
from bot.core.engine import Engine, Reply, State


class ActionStartScenario(EngineAction):
    """`start_scenario` and `choose_character`: entities `scenario`, `character`."""

    action_name = "action_start_scenario"
    # "I told my partner already" is no request to practise with a partner:
    # typed in a role-play, it answers the character.
    answers_in_roleplay = True

    def runs_during_pause(self, tracker: Tracker) -> bool:
        # A button, not words to the character.
        return latest_text(tracker).startswith("/")

    def demo_command(self, tracker: Tracker) -> str | None:
        return OWN_REPLY if latest_text(tracker).startswith("/") else None

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        scenario, character = named_scenario_and_character(
            tracker, engine.content, random_allowed=True
        )
        return engine.start(state, scenario, character)


class ActionRoleplayTurn(EngineAction):
    """A conversational move: the character reads the turn and replies."""

    action_name = "action_roleplay_turn"
    answers_in_roleplay = True
    practice_request_starts = True

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.turn(state, latest_turn(tracker))


class ActionCoach(EngineAction):
    action_name = "action_coach"
    command = "coach"
    engine_reply = "ask_coach"


class ActionSkip(EngineAction):
    action_name = "action_skip"
    command = "skip"
    engine_reply = "skip"
    in_demo = "next"


class ActionRepeat(EngineAction):
    action_name = "action_repeat"
    command = "repeat"
    in_demo = "again"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.repeat(state, last_bot_messages(tracker))


class ActionSwitchCharacter(EngineAction):
    action_name = "action_switch_character"
    command = "switch_character"
    engine_reply = "switch_character"
    during_pause = True


class ActionStartOver(EngineAction):
    action_name = "action_start_over"
    command = "start_over"
    engine_reply = "start_over"
    during_pause = True


class ActionTryAgain(EngineAction):
    """ "Let me try that again": her last answer is taken back."""

    action_name = "action_try_again"
    command = "try_again"
    engine_reply = "try_again"


class ActionStop(EngineAction):
    """Ends the role-play with the recap."""

    action_name = "action_stop"
    command = "stop"
    engine_reply = "stop"
    during_pause = True
    in_demo = "stop"
