"""Actions inside a role-play: start, the user's moves, coach, skip, repeat,
another character, start over and stop. Each works outside a role-play too
(the engine then offers the scenarios)."""

from __future__ import annotations

from rasa_sdk import Tracker

from typing import Optional

from actions.base import OWN_REPLY, EngineAction, best_guess, last_bot_messages, latest_intent, latest_text
from bot.engine import RANDOM_CHARACTER, Engine, Reply, State


class ActionStartScenario(EngineAction):
    """`start_scenario` and `choose_character`: entities `scenario`, `character`."""

    action_name = "action_start_scenario"

    def runs_during_pause(self, tracker: Tracker) -> bool:
        return latest_text(tracker).startswith("/")  # a button, not words to the character

    def demo_command(self, tracker: Tracker) -> Optional[str]:
        return OWN_REPLY if latest_text(tracker).startswith("/") else None

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        text = latest_text(tracker)
        if state.in_roleplay and not text.startswith("/"):
            # Typed words in a role-play answer the character: "I told my
            # partner already" is no request to practise with a partner.
            # Buttons and the commands ("stop", "another character") change
            # the conversation.
            guess = best_guess(tracker, exclude=("start_scenario", "choose_character"))
            return engine.unsure(state, guess, text)
        # NLU can split a long phrase into several entities ("telling",
        # "someone I'm", "date"): take the first value that names something.
        content = engine.content
        scenarios = [v for v in tracker.get_latest_entity_values("scenario") if v in content.scenarios]
        characters = [
            v.lower()
            for v in tracker.get_latest_entity_values("character")
            if v.lower() == RANDOM_CHARACTER or content.find_character(v.lower())
        ]
        return engine.start(state, next(iter(scenarios), None), next(iter(characters), None))


class ActionRoleplayTurn(EngineAction):
    """A conversational move (the intent names the move): the character reacts."""

    action_name = "action_roleplay_turn"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.move(state, latest_intent(tracker), latest_text(tracker))


class ActionCoach(EngineAction):
    action_name = "action_coach"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.ask_coach(state)


class ActionSkip(EngineAction):
    action_name = "action_skip"
    in_demo = "next"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.skip(state)


class ActionRepeat(EngineAction):
    action_name = "action_repeat"
    in_demo = "again"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.repeat(state, last_bot_messages(tracker))


class ActionSwitchCharacter(EngineAction):
    during_pause = True
    action_name = "action_switch_character"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.switch_character(state)


class ActionStartOver(EngineAction):
    during_pause = True
    action_name = "action_start_over"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.start_over(state)


class ActionStop(EngineAction):
    """Ends the role-play with the recap."""

    action_name = "action_stop"
    during_pause = True
    in_demo = "stop"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.stop(state)
