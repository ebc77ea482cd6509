"""The measurement tools' own logic, without servers: the simulation tells
the kinds of reply apart on the engine's real replies, and each load-test
user practises a whole role-play."""

from __future__ import annotations

import pytest

from bot.core.engine import State
from bot.core.safety import safety
from bot.measuring.loadtest import script
from bot.measuring.simulate import ReplyKinds


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
    assert kinds.of(
        texts(engine.move(state, "disclose_diagnosis", "I have cancer"))
    ) == {"character"}
    assert kinds.of(texts(engine.ask_coach(state))) == {"coach", "character"}
    assert kinds.of(texts(engine.stop(state))) == {
        "recap",
        "menu",
    }  # the recap ends with the menu
    topic = content.topics["dilators"]
    assert kinds.of(
        texts(engine.answer_topic(State(), topic, "what are dilators"))
    ) == {"answer"}
    for kind in safety().kinds.values():
        assert "safety" in kinds.of(texts(engine.crisis(state, kind)))
        assert "safety" in kinds.of(texts(engine.check_in(state, kind)))
    assert kinds.of(texts(engine.fallback(state))) == {"fallback", "character"}
    assert kinds.of(texts(engine.menu(State()))) == {"menu"}
    assert kinds.of(texts(engine.resume(State()))) == {"fallback", "menu"}
    assert kinds.of(["Coach: something else"]) == {"other"}


def test_each_simulated_user_practises_a_whole_roleplay():
    lines = script(user=1, turns=20)
    assert len(lines) == 20 and lines[0].startswith("/start_scenario")
    assert "what should I say?" in lines and "stop" in lines


def test_the_listening_eval_hears_a_character_say_it_asks_again(content):
    from bot.measuring.listening_eval import says_it_asks_again

    scenario = content.scenarios["date"]
    # (its "Anyway." left out)
    reply = "Huh. Okay, go on. Back to my question. Can you still have kids?"
    assert says_it_asks_again(scenario, "alex", reply)
    assert not says_it_asks_again(scenario, "alex", "Huh. Can you still have kids?")
