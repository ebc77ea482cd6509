"""The rule-based second safety net, as a step of Rasa's NLU pipeline.

It runs after the intent classifier and the FallbackClassifier (see
config.yml). When the patterns in `bot/content/safety.yml` match a message,
the message's intent becomes that kind's crisis intent with confidence 1.0,
whatever the classifier thought (unsure, or sure of something else), so the
safety rule in `data/stories/rules.yml` answers it. When they do not match,
the classifier's reading stands: a confident crisis intent still gets the
safety reply.
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


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SafetyNet(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            kind = safety().detect(message.get(TEXT) or "")
            if kind is None:
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
