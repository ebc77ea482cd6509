"""A patient who does not follow the script, over REST with the real Rasa and
action servers, once per character: the character waits when she needs a
moment, names the side effects she names, answers her question, keeps the
role-play going on "it's complicated", takes back an answer on request."""

from __future__ import annotations

import pytest

from bot.core.composing import SENTENCE_END
from bot.core.content import content as bundled_content
from tests.helpers import Conversation, character_prefix, texts

CONTENT = bundled_content()
CHARACTERS = [(s.id, c.id) for s in CONTENT.scenarios.values() for c in s.characters]
QUESTION_BACK = {
    "date": ("Would you still want to see me?", "still_interested"),
    "partner": ("Do you miss it?", "miss_it"),
    "doctor": ("Can I use an estrogen cream?", "estrogen_products"),
}


def own_words(messages, prefix):
    return " ".join(t[len(prefix) :] for t in texts(messages) if t.startswith(prefix))


@pytest.mark.parametrize("scenario_id,character_id", CHARACTERS)
def test_a_patient_off_the_script_is_listened_to(server, scenario_id, character_id):
    scenario = CONTENT.scenarios[scenario_id]
    prefix = character_prefix(scenario_id, character_id)
    chat = Conversation(server)
    chat.start(scenario_id, character_id)
    said = []

    def say(text):
        messages = chat.say(text)
        assert not any("didn't quite follow" in t for t in texts(messages)), text
        said.append(own_words(messages, prefix))
        return messages

    hesitant = say("um. give me a second")
    assert own_words(hesitant, prefix) and not any(
        t.startswith("Coach:") for t in texts(hesitant)
    )
    named = say("I've been so exhausted lately, and my hands and feet tingle")
    words = own_words(named, prefix)
    assert any(
        CONTENT.lexicon.terms[t].say in words for t in ("fatigue", "neuropathy")
    ) or any(
        line in words
        for effect in ("fatigue", "neuropathy")
        for line in scenario.specific.get(effect, {}).get(character_id, ())
    ), words
    question, answer_id = QUESTION_BACK[scenario_id]
    answered = own_words(say(question), prefix)
    assert any(
        line in answered for line in scenario.answer(answer_id).say[character_id]
    )
    complicated = say("it's complicated")
    assert own_words(complicated, prefix), "still in the role-play"
    again = chat.say("let me try that again")
    assert texts(again)[0] == f"Coach: {CONTENT.app['trying_again']}"
    assert texts(again)[-1].startswith(prefix)
    recap = texts(chat.say("stop"))
    assert "it's complicated" not in "\n".join(recap), "the taken-back answer is gone"

    def sentences(words):
        return [s.lower() for s in SENTENCE_END.split(words) if len(s.split()) >= 4]

    # her question back answered, the character asks its own again, once
    asked = set(sentences(said[1]))
    said[2] = " ".join(s for s in SENTENCE_END.split(said[2]) if s.lower() not in asked)
    spoken = [s for words in said for s in sentences(words)]
    assert len(spoken) == len(set(spoken)), "no line twice"
