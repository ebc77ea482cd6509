"""The sentence embedder (the real ONNX model and tokenizer, no servers) and
the Rasa featurizer that hands its vectors to the classifier."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.core.sentence_embedder import (
    DIMENSIONS,
    MODEL_SHA256,
    EmbeddingFilesError,
    SentenceEmbedder,
    checked,
    model_path,
)
from bot.rasa_server.sentence_featurizer import SentenceEmbeddingFeaturizer


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    return SentenceEmbedder.load()


def test_a_vector_has_unit_length_and_the_models_size(embedder):
    vectors = embedder.embed(["Sex hurts since I started treatment."])
    assert vectors.shape == (1, DIMENSIONS)
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)
    assert embedder.embed([]).shape == (0, DIMENSIONS)


def test_padding_in_a_batch_does_not_change_a_vector(embedder):
    alone = embedder.embed(["no"])[0]
    in_batch = embedder.embed(["no", "it's complicated and I don't know how to say it"])
    assert np.allclose(alone, in_batch[0], atol=1e-5)


def test_a_paraphrase_is_nearer_than_another_subject(embedder):
    dry, dry_again, scan = embedder.embed(
        [
            "I'm so dry down there that sex hurts",
            "penetration is painful because of the dryness",
            "when is my next scan booked?",
        ]
    )
    assert dry @ dry_again > dry @ scan + 0.2


def test_a_file_that_is_not_the_checked_one_is_refused_with_what_to_do(tmp_path):
    other = tmp_path / "model.onnx"
    other.write_bytes(b"not the model")
    with pytest.raises(EmbeddingFilesError, match="make install"):
        checked(other, MODEL_SHA256, "run `make install`")
    with pytest.raises(EmbeddingFilesError, match="missing"):
        checked(tmp_path / "absent.onnx", MODEL_SHA256, "run `make install`")
    with pytest.raises(EmbeddingFilesError, match="make install"):
        SentenceEmbedder.load(model=model_path(), tokenizer=other)


def test_the_featurizer_adds_one_scaled_sentence_feature(embedder):
    config = {**SentenceEmbeddingFeaturizer.get_default_config(), "scale": 16}
    featurizer = SentenceEmbeddingFeaturizer(config, "sentence_embeddings", embedder)
    said, silent = Message(data={TEXT: "i feel broken"}), Message(data={})
    empty = Message(data={TEXT: ""})
    featurizer.process([said, silent, empty])
    assert empty.get_dense_features(TEXT)[1].features.shape == (1, DIMENSIONS)
    sequence, sentence = said.get_dense_features(TEXT)
    assert sequence is None
    assert sentence.features.shape == (1, DIMENSIONS)
    assert np.allclose(sentence.features[0], 16 * embedder.embed(["i feel broken"])[0])
    assert silent.get_dense_features(TEXT) == (None, None)


def test_a_scale_of_zero_is_refused():
    with pytest.raises(ValueError, match="scale"):
        SentenceEmbeddingFeaturizer.validate_config({"scale": 0})
