"""Actions of demo mode (bot/core/demos.py): showing an example conversation and
moving through it. During a demo the other actions defer to it too (see
`EngineAction.in_demo`): "next" is `skip`, "stop" is `stop`."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import (
    OWN_REPLY,
    EngineAction,
    best_guess,
    demo_player,
    latest_text,
    named_scenario_and_character,
    typed_in_roleplay,
)
from bot.core.engine import Engine, Reply, State


class ActionStartDemo(EngineAction):
    """ "Show me an example" (entities `scenario`, `character`)."""

    action_name = "action_start_demo"
    in_demo = OWN_REPLY
    # "begin a practice conversation" read as a demo: no demo words, so it
    # asks to rehearse
    practice_request_starts = True

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        if typed_in_roleplay(state, tracker):
            # "show me how it's done" can be an answer; the button asks for the demos.
            guess = best_guess(tracker, exclude=("start_demo",))
            return engine.reply_to_low_confidence(state, guess, latest_text(tracker))
        scenario, character = named_scenario_and_character(
            tracker, engine.content, random_allowed=False
        )
        return demo_player().start(state, scenario, character)


class ActionDemoBack(EngineAction):
    """ "Back": the exchange before; in a role-play, the question again."""

    action_name = "action_demo_back"
    in_demo = "back"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.repeat(state, [])


class ActionDemoTry(EngineAction):
    """ "Let me try": the live role-play from the exchange on screen."""

    action_name = "action_demo_try"
    engine_reply = "menu"
    in_demo = "try"
    answers_in_roleplay = True  # "ok, one moment" in a role-play is an answer
