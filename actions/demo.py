"""Actions of demo mode (bot/demos.py): showing an example conversation and
moving through it. During a demo the other actions defer to it too (see
`EngineAction.in_demo`): "next" is `skip`, "stop" is `stop`."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import OWN_REPLY, EngineAction, best_guess, demo_player, latest_text
from bot.engine import RANDOM_CHARACTER, Engine, Reply, State


class ActionStartDemo(EngineAction):
    """"Show me an example" (entities `scenario`, `character`)."""

    action_name = "action_start_demo"
    in_demo = OWN_REPLY

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        text = latest_text(tracker)
        if state.in_roleplay and not text.startswith("/"):
            # Typed words in a role-play answer the character ("show me how
            # it's done" can be one); the button asks for the demos.
            return engine.unsure(state, best_guess(tracker, exclude=("start_demo",)), text)
        scenarios = [v for v in tracker.get_latest_entity_values("scenario") if v in engine.content.scenarios]
        characters = [
            v.lower() for v in tracker.get_latest_entity_values("character")
            if v.lower() != RANDOM_CHARACTER and engine.content.find_character(v.lower())
        ]
        return demo_player().start(state, next(iter(scenarios), None), next(iter(characters), None))


class ActionDemoBack(EngineAction):
    """"Back": the exchange before; in a role-play, the question again."""

    action_name = "action_demo_back"
    in_demo = "back"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.repeat(state, [])


class ActionDemoTry(EngineAction):
    """"Let me try": the live role-play from the exchange on screen."""

    action_name = "action_demo_try"
    in_demo = "try"

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        return engine.menu(state)
