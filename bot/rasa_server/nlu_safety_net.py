"""The rule-based second safety net, as a step of Rasa's NLU pipeline.

It runs after the intent classifier and the FallbackClassifier (see
config.yml). When the patterns in `bot/content/safety.yml` match a message,
the message's intent becomes that kind's crisis intent with confidence 1.0,
whatever the classifier thought (unsure, or sure of something else), so the
safety rule in `data/stories/rules.yml` answers it. When they do not match,
the classifier's reading stands if it is sure (`check_in_confidence`, in
config.yml): a crisis intent that sure gets the check-in. A less sure one is
taken out of the ranking, and the message is read as the next intent: the
classifier alone calls many ordinary messages of this practice a crisis
("he won't touch me, he's scared of hurting me"), and the patterns catch
almost every real one (docs/safety.md has the figures that set it).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.core.safety import safety

# Where the parse data records that the patterns fired, and what the
# classifier had said (for docs/safety.md's measurements).
SAFETY_NET_KEY = "safety_net"
# Where it records a crisis intent it took out, not sure enough for a check-in.
NOT_SURE_KEY = "safety_net_not_sure"
CHECK_IN_CONFIDENCE = "check_in_confidence"
# Where it records that the check-in patterns fired.
CHECK_IN_KEY = "safety_net_check_in"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SafetyNet(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {CHECK_IN_CONFIDENCE: 0.0}  # 0: every crisis intent stands

    def __init__(self, check_in_confidence: float = 0.0) -> None:
        self.check_in_confidence = check_in_confidence

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        return cls(float(config.get(CHECK_IN_CONFIDENCE, 0.0)))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            kind = safety().detect(message.get(TEXT) or "")
            if kind is None:
                suspected = safety().suspects(message.get(TEXT) or "")
                if suspected:
                    self._check_in(message, suspected)
                else:
                    self._unless_sure(message)
                continue
            crisis = {INTENT_NAME_KEY: kind.intent, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [
                i
                for i in message.get(INTENT_RANKING_KEY) or []
                if i.get(INTENT_NAME_KEY) != kind.intent
            ]
            # What the classifier had said, for the measurements.
            message.set(
                SAFETY_NET_KEY,
                {"kind": kind.id, "classifier": message.get(INTENT)},
                add_to_output=True,
            )
            message.set(INTENT, crisis, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [crisis] + ranking, add_to_output=True)
        return messages

    def _check_in(self, message: Message, kind) -> None:
        """A message the check-in patterns recognise ("I don't see the point
        of anything") gets the kind's crisis intent, as sure as the check-in
        needs: the action checks in (only the full patterns pause)."""
        sure = {
            INTENT_NAME_KEY: kind.intent,
            PREDICTED_CONFIDENCE_KEY: max(self.check_in_confidence, 0.9),
        }
        ranking = [
            i
            for i in message.get(INTENT_RANKING_KEY) or []
            if i.get(INTENT_NAME_KEY) != kind.intent
        ]
        message.set(CHECK_IN_KEY, kind.id, add_to_output=True)
        message.set(INTENT, sure, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [sure] + ranking, add_to_output=True)

    def _unless_sure(self, message: Message) -> None:
        """A crisis intent from the classifier alone, below the check-in
        confidence or on words the kind says it misreads
        (`not_suspected_patterns`), gives way to the next intent of the
        ranking."""
        intent = message.get(INTENT) or {}
        kinds = safety().intents
        crisis_intents = set(kinds)
        confidence = intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0
        name = intent.get(INTENT_NAME_KEY)
        misread = name in kinds and safety().clears(
            message.get(TEXT) or "", kinds[name]
        )
        if name not in crisis_intents or (
            confidence >= self.check_in_confidence and not misread
        ):
            return
        ranking = [
            i
            for i in message.get(INTENT_RANKING_KEY) or []
            if i.get(INTENT_NAME_KEY) not in crisis_intents
        ]
        message.set(NOT_SURE_KEY, intent, add_to_output=True)
        message.set(INTENT, ranking[0] if ranking else None, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
