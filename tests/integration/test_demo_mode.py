"""Demo mode over REST against the real servers: a facilitator steps
through a demo and hands over, stop, a direct question during a demo."""

from __future__ import annotations

from bot.core.content import content
from bot.core.demo_script import MODEL_ANSWER
from tests.helpers import Conversation, character_prefix

CONTENT = content()


def test_a_facilitator_steps_through_a_demo_then_hands_over(server):
    chat = Conversation(server)
    first = chat.say("show me an example of telling a date")
    assert [b["payload"] for b in first[-1]["buttons"]] == [
        f'/start_demo{{"scenario":"date","character":"{c.id}"}}'
        for c in CONTENT.scenarios["date"].characters
    ]
    opening = chat.say(first[-1]["buttons"][1]["payload"])  # Jordan
    assert opening[1]["text"].startswith(character_prefix("date", "jordan"))
    assert opening[2]["text"].startswith(MODEL_ANSWER + ": ")
    second = chat.say("next")
    assert "(2 of" in second[-1]["text"]
    assert chat.say("go back")[0]["text"] == opening[1]["text"], (
        "back to the first exchange"
    )
    chat.say("next")
    reminder = chat.say("I have breast cancer")  # words to a character during a demo
    assert [b["payload"] for b in reminder[-1]["buttons"]][:2] == ["/skip", "/go_back"]
    handed = chat.say("let me try")
    assert handed[-1]["text"] == second[0]["text"], (
        "the question of the exchange on screen, now live"
    )
    reacted = chat.say("It means the cancer has spread beyond my breast")
    assert reacted[-1]["text"].startswith(character_prefix("date", "jordan"))


def test_asking_for_the_transcript_points_to_the_device_not_the_server(server):
    reply = Conversation(server).say("can I have a transcript of this?")
    assert reply[-1]["text"] == "Coach: " + CONTENT.app["transcript"]


def test_stop_ends_a_demo(server):
    chat = Conversation(server)
    chat.say('/start_demo{"scenario":"doctor","character":"morgan"}')
    stopped = chat.say("stop")
    assert stopped[0]["text"] == "Coach: " + CONTENT.app["demo_stopped"]
    after = chat.say("next")
    assert after[-1]["text"].startswith("Coach: " + CONTENT.app["not_in_scenario"]), (
        "no demo left to go on with"
    )
    assert "/skip" not in [b["payload"] for m in after for b in m.get("buttons", [])]


def test_asking_for_an_example_in_a_roleplay_keeps_it_until_one_is_picked(server):
    chat = Conversation(server)
    question = chat.start("partner", "pat")[-1]["text"]
    offered = chat.say("/start_demo")
    assert offered[-1]["buttons"][0]["payload"].startswith("/start_demo{")
    assert chat.say("repeat that")[-1]["text"] == question, (
        "the role-play is still there"
    )


def test_a_demo_answers_a_direct_question_and_goes_on(server):
    chat = Conversation(server)
    chat.say('/start_demo{"scenario":"doctor","character":"patel"}')
    answer = chat.say("what is dilator therapy?")
    assert CONTENT.topics["dilators"].answer in answer[-1]["text"]
    assert "(2 of" in chat.say("next")[-1]["text"]
