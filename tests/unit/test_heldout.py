"""The held-out sets are fit to measure with: every intent has 15 or more
utterances, none of them is in the training data, none twice."""

from __future__ import annotations

import re

import yaml

from bot.measuring.simulate import holdout_utterances
from bot.paths import ROOT


def normalised(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", text)
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def test_the_held_out_set_covers_every_intent_with_15_or_more():
    intents = yaml.safe_load((ROOT / "domain.yml").read_text())["intents"]
    utterances = holdout_utterances()
    utterances["start_scenario"] += utterances.pop("start_scenario:unnamed", [])
    assert sorted(utterances) == sorted(intents)
    assert {i: len(u) for i, u in utterances.items() if len(u) < 15} == {}


def test_no_held_out_utterance_is_in_the_training_data():
    from rasa.shared.nlu.training_data.loading import load_data

    training = {
        normalised(m.get("text"))
        for m in load_data(str(ROOT / "data" / "nlu")).intent_examples
    }
    held_out = [text for texts in holdout_utterances().values() for text in texts]
    assert [t for t in held_out if normalised(t) in training] == []
    assert len(set(map(normalised, held_out))) == len(held_out), "no utterance twice"
