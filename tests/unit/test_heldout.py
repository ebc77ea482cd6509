"""The held-out sets are fit to measure with: every intent has 15 or more
utterances in each NLU set, none of them is in the training data, none is in
both sets or twice."""

from __future__ import annotations

import collections
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


def examples(folder: str) -> list[tuple[str, str]]:
    """(intent, text) of every example in `folder`."""
    from rasa.shared.nlu.training_data.loading import load_data

    return [
        (m.get("intent"), m.get("text"))
        for m in load_data(str(ROOT / folder)).intent_examples
    ]


def test_the_second_held_out_set_covers_every_intent_with_15_or_more():
    intents = yaml.safe_load((ROOT / "domain.yml").read_text())["intents"]
    counts = collections.Counter(i for i, _ in examples("heldout/nlu_second"))
    assert sorted(counts) == sorted(intents)
    assert {i: n for i, n in counts.items() if n < 15} == {}


def test_no_held_out_utterance_is_in_the_training_data_or_twice():
    training = {normalised(t) for _, t in examples("data/nlu")}
    held_out = [
        t
        for folder in ("heldout/nlu", "heldout/nlu_second")
        for _, t in examples(folder)
    ]
    assert [t for t in held_out if normalised(t) in training] == []
    assert len(set(map(normalised, held_out))) == len(held_out), "no utterance twice"


def test_the_listening_set_covers_every_character_with_valid_labels():
    from bot.core.content import content
    from bot.core.lexicon import SHORT_KINDS
    from bot.measuring.listening_eval import asks_for, listening_set

    bundle = content()
    conversations = listening_set()
    assert sorted(conversations) == sorted(bundle.scenarios)
    turns = [t for cs in conversations.values() for c in cs for t in c["turns"]]
    assert len(turns) >= 200
    for scenario_id, cs in conversations.items():
        scenario = bundle.scenarios[scenario_id]
        assert {c["character"] for c in cs} == {ch.id for ch in scenario.characters}
        answer_ids = {a.id for a in scenario.answers}
        for turn in (t for c in cs for t in c["turns"]):
            assert set(turn.get("names") or []) <= set(bundle.lexicon.side_effects)
            assert turn.get("asks") in answer_ids | {None}, turn
            assert turn.get("short") in (*SHORT_KINDS, None), turn
    questions = {
        s: {q.id for q in bundle.scenarios[s].questions} for s in bundle.scenarios
    }
    for scenario_id, facts in asks_for().items():
        assert {q for qs in facts.values() for q in qs} <= questions[scenario_id]


def test_no_safety_phrasing_or_hard_negative_is_in_the_training_data():
    from bot.measuring.safety_eval import load_phrasings

    training = {normalised(t) for _, t in examples("data/nlu")}
    assert [p.text for p in load_phrasings() if normalised(p.text) in training] == []
