"""End to end over the REST channel: conversations with the real action server
and Rasa server (the `server` fixture in conftest.py)."""

from __future__ import annotations

import pytest
import requests

from bot.core.content import content as bundled_content
from tests.helpers import ANSWERS, Conversation, character_prefix, texts

CONTENT = bundled_content()
CHARACTERS = [(s.id, c.id) for s in CONTENT.scenarios.values() for c in s.characters]


def test_greeting_opens_with_the_disclaimer_and_the_scenarios(server):
    messages = Conversation(server).say("hi")
    assert messages[0]["text"] == "Coach: " + CONTENT.app["disclaimer"]
    assert [b["payload"] for b in messages[-1]["buttons"]] == [
        f'/start_scenario{{"scenario":"{s}"}}' for s in CONTENT.scenarios
    ]


@pytest.mark.parametrize(
    "first",
    [
        '/start_scenario{"scenario":"date","character":"sam"}',
        "what is dilator therapy?",
        "??",
    ],
)
def test_every_new_conversation_opens_with_the_disclaimer_once(server, first):
    chat = Conversation(server)
    disclaimer = "Coach: " + CONTENT.app["disclaimer"]
    assert chat.say(first)[0]["text"] == disclaimer
    assert disclaimer not in texts(chat.say("what should I say?"))


def test_typed_request_and_character_button_start_a_roleplay(server):
    chat = Conversation(server)
    choose = chat.say("I'd like to practise telling someone I'm dating")
    buttons = choose[-1]["buttons"]
    assert [b["title"].split(" (")[0] for b in buttons[:-1]] == [
        c.name for c in CONTENT.scenarios["date"].characters
    ]
    started = chat.say(buttons[1]["payload"])
    assert started[-1]["text"].startswith(character_prefix("date", "jordan"))


@pytest.mark.parametrize("scenario_id,character_id", CHARACTERS)
def test_each_character_from_start_through_coach_to_recap(
    server, scenario_id, character_id
):
    chat = Conversation(server)
    prefix = character_prefix(scenario_id, character_id)
    opening = chat.start(scenario_id, character_id)
    assert opening[0]["text"].startswith("Coach: ") and opening[-1]["text"].startswith(
        prefix
    )

    coach, handback = chat.say("what should I say?")
    assert coach["text"].startswith("Coach: ") and coach["text"].count("\n• ") >= 2
    assert handback["text"] == opening[-1]["text"], (
        "the character asks the same question again"
    )

    for answer in ANSWERS[scenario_id]:
        (reply,) = chat.say(answer)
        assert reply["text"].startswith(prefix)

    recap = "\n".join(texts(chat.say("stop")))
    scenario = CONTENT.scenarios[scenario_id]
    assert scenario.character(character_id).name in recap and scenario.title in recap
    assert recap.count("✓ ") >= 2, "the answers above meet at least two rubric items"
    for tip in scenario.tips:
        assert tip.text in recap


@pytest.mark.parametrize("scenario_id", sorted(CONTENT.scenarios))
def test_answering_with_the_coachs_suggestions_runs_to_the_closing_and_recap(
    server, scenario_id
):
    scenario = CONTENT.scenarios[scenario_id]
    character = scenario.characters[0]
    chat = Conversation(server)
    chat.start(scenario_id, character.id)
    heard = []
    for _ in range(3 * len(scenario.questions)):
        suggestion = (
            chat.say("what should I say?")[0]["text"].split("\n• ")[1].split("\n")[0]
        )
        heard = texts(chat.say(suggestion))
        if any(CONTENT.app["recap_feedback"] in t for t in heard):
            break
    recap = "\n".join(heard)
    closings = [character.closing] + [e.say[character.id] for e in scenario.endings]
    assert any(line in recap for line in closings)
    assert CONTENT.app["recap_feedback"] in recap and scenario.tips[0].text in recap


def test_skip_repeat_another_character_and_start_over(server):
    chat = Conversation(server)
    opening = chat.start("partner", "chris")[-1]["text"]
    skipped = chat.say("skip")
    assert skipped[0]["text"] == "Coach: " + CONTENT.app["skipped"]
    assert skipped[-1]["text"] != opening
    assert chat.say("can you repeat that?") == [skipped[-1]]
    switched = chat.say("I'd like another character")
    assert switched[-1]["text"].startswith(character_prefix("partner", "robin"))
    again = chat.say("start over")
    assert again[-1]["text"] == switched[-1]["text"]


def test_commands_outside_a_roleplay_still_answer(server):
    chat = Conversation(server)
    for command in (
        "skip",
        "repeat that",
        "another character",
        "start over",
        "stop",
        "what should I say?",
    ):
        messages = chat.say(command)
        assert messages[-1]["text"].startswith("Coach: ")


@pytest.mark.parametrize(
    "question,topic",
    [
        ("is it safe to use products with estrogen?", "estrogen"),
        ("what kind of specialist should I ask my doctor for?", "specialist"),
        ("are there dating sites for people with cancer?", "dating_sites"),
        ("should I post about my diagnosis on social media?", "social_media"),
        ("can treatment affect my fertility?", "fertility"),
    ],
)
def test_direct_questions_are_answered_from_the_material(server, question, topic):
    disclaimer, message = Conversation(server).say(question)
    assert disclaimer["text"] == "Coach: " + CONTENT.app["disclaimer"]
    answer = CONTENT.topics[topic]
    assert answer.answer in message["text"]
    assert (CONTENT.app["care_team"] in message["text"]) == answer.care_team


def test_direct_question_inside_a_roleplay_hands_back_to_the_character(server):
    chat = Conversation(server)
    chat.start("date", "alex")
    coach, handback = chat.say("are there dating sites for people with cancer?")
    assert coach["text"].startswith("Coach: ") and handback["text"].startswith(
        character_prefix("date", "alex")
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "a" * 5000,
        "I " + "really " * 700 + "want to talk",
        "😀😀😀",
        "🙏",
        "¿Dónde está la biblioteca?",
        "Ich habe keine Ahnung",
        "asdkjh qwe zzz",
        "<script>alert(1)</script>",
    ],
    ids=[
        "empty",
        "spaces",
        "5000-chars",
        "long-sentence",
        "emoji",
        "one-emoji",
        "spanish",
        "german",
        "gibberish",
        "html",
    ],
)
def test_odd_input_gets_a_reply_and_never_an_error(server, text):
    chat = Conversation(server)
    messages = chat.say(text)
    assert messages[-1]["text"].startswith("Coach: ")
    assert chat.say("hi"), "the conversation carries on"


def test_off_topic_gets_a_kind_reply_with_the_options(server):
    messages = Conversation(server).say("what's the weather like in Paris tomorrow?")
    assert messages[-1]["text"].startswith("Coach: " + CONTENT.app["fallback"])
    assert messages[-1]["buttons"]


def test_off_topic_inside_a_roleplay_is_still_an_answer_to_the_character(server):
    chat = Conversation(server)
    chat.start("doctor", "morgan")
    (reply,) = chat.say("what's the capital of France?")
    assert reply["text"].startswith(character_prefix("doctor", "morgan"))


def test_rest_rejects_a_malformed_request_without_dying(server):
    response = requests.post(
        server + "/webhooks/rest/webhook", data="not json", timeout=10
    )
    assert 400 <= response.status_code < 500
    assert Conversation(server).say("hi")


@pytest.mark.parametrize(
    "text",
    ["", "😀😀😀", "a" * 5000, "Ich habe keine Ahnung", "asdkjh qwe zzz"],
    ids=["empty", "emoji", "5000-chars", "german", "gibberish"],
)
def test_odd_input_inside_a_roleplay_keeps_the_roleplay(server, text):
    chat = Conversation(server)
    chat.start("partner", "pat")
    messages = chat.say(text)
    assert texts(messages)[-1].startswith(character_prefix("partner", "pat"))
    assert not any("didn't quite follow" in t for t in texts(messages))
    recap = "\n".join(texts(chat.say("stop")))
    assert CONTENT.app["recap_feedback"] in recap, "still in the role-play"
