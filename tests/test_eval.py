"""`make eval` in small: the held-out set is fit to measure with, the reply
kinds are told apart on the engine's real replies, and a quick NLU
evaluation and a short simulation run end to end (figures checked for
consistency, never for speed)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from bot.engine import State
from bot.safety import safety
from bot.servers import ROOT
from bot.simulate import ReplyKinds, holdout_utterances


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

    training = {normalised(m.get("text")) for m in load_data(str(ROOT / "data" / "nlu")).intent_examples}
    held_out = [text for texts in holdout_utterances().values() for text in texts]
    assert [t for t in held_out if normalised(t) in training] == []
    assert len(set(map(normalised, held_out))) == len(held_out), "no utterance twice"


@pytest.fixture
def kinds(content):
    return ReplyKinds(content)


def texts(reply):
    return [m.text for m in reply.messages]


def roleplay(engine):
    return engine.start(State(), "date", "sam").state


def test_reply_kinds_are_told_apart_on_the_engines_replies(engine, content, kinds):
    state = roleplay(engine)
    assert kinds.of(texts(engine.start(State(), "date"))) == {"choice"}
    assert kinds.of(texts(engine.move(state, "disclose_diagnosis", "I have cancer"))) == {"character"}
    assert kinds.of(texts(engine.ask_coach(state))) == {"coach", "character"}
    assert kinds.of(texts(engine.stop(state))) == {"recap", "menu"}  # the recap ends with the menu
    topic = content.topics["dilators"]
    assert kinds.of(texts(engine.answer_topic(State(), topic, "what are dilators"))) == {"answer"}
    for kind in safety().kinds.values():
        assert "safety" in kinds.of(texts(engine.crisis(state, kind)))
        assert "safety" in kinds.of(texts(engine.check_in(state, kind)))
    assert kinds.of(texts(engine.fallback(state))) == {"fallback", "character"}
    assert kinds.of(texts(engine.menu(State()))) == {"menu"}
    assert kinds.of(texts(engine.resume(State()))) == {"fallback", "menu"}
    assert kinds.of(["Coach: something else"]) == {"other"}


def run(*args, timeout=1200):
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_a_quick_nlu_evaluation_reports_consistent_figures(tmp_path):
    result = run("-m", "bot.nlu_eval", "--quick", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    macro = float(re.search(r"macro F1 ([\d.]+) \(target", out).group(1))
    rows = re.findall(r"^\| (\w+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (\d+) \| (\d+) \|", out, re.M)
    assert {name for name, *_ in rows} == set(holdout_utterances()) - {"start_scenario:unnamed"}
    f1s = [float(f1) for _, _, _, f1, _, _ in rows]
    assert abs(sum(f1s) / len(f1s) - macro) < 0.01, "macro F1 is the mean of the intents' F1"
    assert all(0 <= f <= 1 for f in f1s) and len(set(f1s)) > 1
    assert (tmp_path / "holdout" / "intent_confusion_matrix.png").read_bytes()[:4] == b"\x89PNG"
    compared = re.findall(r"^\| `([\w/.-]+)` \| .* \| ([\d.]+) \| ([\d.]+) \| .* \|$", out, re.M)
    assert [c for c, *_ in compared] == ["config.yml", "configs/nlu-spacy-logreg.yml", "configs/nlu-logreg.yml"]
    curve = re.search(r"^\| 50% \| ([\d.]+) \| ([\d.]+) \|$", out, re.M)
    assert curve and all(0 < float(v) <= 1 for v in curve.groups())


def test_a_short_simulation_answers_every_turn_with_mostly_the_expected_kind():
    result = run("-m", "bot.simulate", "--walks", "15")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    share = float(re.search(r"\*\*([\d.]+)% got the expected kind", result.stdout).group(1))
    assert "turns with no reply at all: 0." in result.stdout
    assert share >= 60, result.stdout
