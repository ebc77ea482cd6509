"""Actions of the safety net: the out-of-character reply to a crisis (self-harm,
abuse, a medical emergency), which pauses a role-play, and going on after it.

The crisis intents come from the classifier or from the rule-based net in
the NLU pipeline (`bot.rasa_server.nlu_safety_net`); see docs/safety.md.
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import OWN_REPLY, EngineAction, latest_intent, latest_text
from bot.core.engine import Engine, Reply, State


class ActionSafety(EngineAction):
    """A crisis intent. If the patterns recognise the message: stop playing,
    say whom to contact, pause. If only the classifier read it so: check in
    with the contacts and let the user carry on."""

    action_name = "action_safety"
    during_pause = True
    in_demo = OWN_REPLY

    def reply(self, engine: Engine, state: State, tracker: Tracker) -> Reply:
        net = engine.safety
        recognised = net.detect(latest_text(tracker))
        if recognised:
            return engine.crisis(state, recognised)
        kind = net.intents.get(latest_intent(tracker)) or next(iter(net.kinds.values()))
        return engine.check_in(state, kind)


class ActionResume(EngineAction):
    """ "Go on with the practice" after a pause."""

    action_name = "action_resume"
    engine_reply = "resume"
    during_pause = True
    in_demo = "next"

    def _answers_character(
        self, engine: Engine, state: State, tracker: Tracker
    ) -> bool:
        # "hang on" in a role-play that is not paused answers the character
        return not state.paused
