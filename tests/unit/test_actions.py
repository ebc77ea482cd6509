"""The Rasa actions: slots in, messages and SlotSet events out."""

import pytest

from actions.base import last_bot_messages, latest_turn, read_state, slot_events
from actions.conversation import ActionAnswerQuestion, ActionFallback, ActionWelcome
from actions.roleplay import (
    ActionCoach,
    ActionRepeat,
    ActionRoleplayTurn,
    ActionStartScenario,
    ActionStop,
)
from bot.core.engine import State
from bot.paths import ROOT
from tests.helpers import make_tracker

ROLEPLAY = {
    "scenario": "doctor",
    "character": "patel",
    "question": "opening",
    "asked": ["opening"],
}


def slots_from(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_start_scenario_reads_both_entities(dispatcher, content):
    tracker = make_tracker(
        intent="start_scenario",
        text='/start_scenario{"scenario":"doctor","character":"patel"}',
        entities=[
            {"entity": "scenario", "value": "doctor"},
            {"entity": "character", "value": "Patel"},
        ],
    )
    events = ActionStartScenario().run(dispatcher, tracker, {})
    slots = slots_from(events)
    assert {k: slots[k] for k in ROLEPLAY} == ROLEPLAY
    assert slots["order"][0] == "opening" and isinstance(slots["seed"], int)
    assert dispatcher.messages[-1]["text"].startswith("Dr. Patel (your doctor): ")


def test_start_scenario_without_a_character_sends_buttons(dispatcher):
    tracker = make_tracker(
        intent="start_scenario", entities=[{"entity": "scenario", "value": "date"}]
    )
    events = ActionStartScenario().run(dispatcher, tracker, {})
    assert slots_from(events) == {"scenario": "date"}
    assert len(dispatcher.messages[0]["buttons"]) == 4


def test_a_move_takes_the_intent_and_the_users_words(dispatcher):
    tracker = make_tracker(
        slots=ROLEPLAY, intent="describe_side_effect", text="I'm so dry it hurts"
    )
    events = ActionRoleplayTurn().run(dispatcher, tracker, {})
    slots = slots_from(events)
    assert slots["moves"] == ["describe_side_effect"]
    assert slots["answers"] == ["I'm so dry it hurts"]
    assert slots["question"] != "opening"
    assert "scenario" not in slots, "unchanged slots are not set again"


def test_coach_changes_no_slot(dispatcher):
    events = ActionCoach().run(
        dispatcher,
        make_tracker(slots=ROLEPLAY, intent="ask_coach", text="what should I say?"),
        {},
    )
    assert events == []
    assert dispatcher.messages[0]["text"].startswith("Coach: ")
    assert dispatcher.messages[1]["text"].startswith("Dr. Patel (your doctor): ")


def test_stop_clears_the_roleplay(dispatcher):
    slots = dict(ROLEPLAY, moves=["describe_side_effect"], answers=["dryness"])
    tracker = make_tracker(slots=slots, intent="stop", text="stop")
    events = ActionStop().run(dispatcher, tracker, {})
    assert read_state(make_tracker(slots={**slots, **slots_from(events)})) == State()
    assert all(m["text"].startswith("Coach: ") for m in dispatcher.messages)


def test_question_intent_is_answered_from_its_topic(dispatcher, content):
    ActionAnswerQuestion().run(
        dispatcher, make_tracker(intent="ask_kegels", text="kegels?"), {}
    )
    assert content.topics["kegels"].answer in dispatcher.messages[0]["text"]


def test_welcome_and_fallback_offer_the_scenarios(dispatcher):
    ActionWelcome().run(dispatcher, make_tracker(), {})
    ActionFallback().run(
        dispatcher, make_tracker(intent="nlu_fallback", text="¿qué?"), {}
    )
    with_buttons = [m for m in dispatcher.messages if m["buttons"]]
    assert len(with_buttons) == 2


def test_repeat_outside_a_roleplay_resends_the_previous_turn(dispatcher):
    events = [
        {"event": "user", "text": "hi"},
        {
            "event": "bot",
            "text": "Coach: first",
            "data": {"buttons": [{"title": "A", "payload": "/a"}]},
        },
        {"event": "bot", "text": "Coach: second", "data": {}},
        {"event": "action", "name": "action_listen"},
    ]
    tracker = make_tracker(intent="repeat", text="say that again", events=events)
    assert [m.text for m in last_bot_messages(tracker)] == [
        "Coach: first",
        "Coach: second",
    ]
    ActionRepeat().run(dispatcher, tracker, {})
    assert [m["text"] for m in dispatcher.messages] == ["Coach: first", "Coach: second"]
    assert dispatcher.messages[0]["buttons"] == [{"title": "A", "payload": "/a"}]


def test_slot_events_only_for_changes():
    before = State(
        scenario="date", character="sam", question="opening", asked=["opening"]
    )
    assert slot_events(before, before) == []
    assert slot_events(before, State()) == [
        {"event": "slot", "timestamp": None, "name": name, "value": value}
        for name, value in [
            ("scenario", None),
            ("character", None),
            ("question", None),
            ("asked", []),
        ]
    ]


def test_start_scenario_takes_the_first_entity_that_names_something(dispatcher):
    entities = [
        {"entity": "scenario", "value": "telling"},
        {"entity": "scenario", "value": "someone I'm"},
        {"entity": "scenario", "value": "date"},
        {"entity": "character", "value": "do"},
        {"entity": "character", "value": "Jordan"},
    ]
    events = ActionStartScenario().run(
        dispatcher, make_tracker(intent="start_scenario", entities=entities), {}
    )
    assert slots_from(events)["character"] == "jordan"


def test_fallback_in_a_roleplay_is_read_as_an_answer(dispatcher):
    tracker = make_tracker(
        slots=ROLEPLAY, intent="nlu_fallback", text="It hurts and I avoid sex now"
    )
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "describe_side_effect", "confidence": 0.4},
        {"name": "push_back", "confidence": 0.3},
    ]
    events = ActionFallback().run(dispatcher, tracker, {})
    assert slots_from(events)["answers"] == ["It hurts and I avoid sex now"]
    assert dispatcher.messages[0]["text"].startswith("Dr. Patel (your doctor): ")


def test_off_topic_words_in_a_roleplay_still_answer_the_character(dispatcher):
    tracker = make_tracker(
        slots=ROLEPLAY, intent="out_of_scope", text="what's the weather"
    )
    tracker.latest_message["intent_ranking"] = [
        {"name": "out_of_scope", "confidence": 0.9}
    ]
    events = ActionFallback().run(dispatcher, tracker, {})
    assert slots_from(events)["answers"] == ["what's the weather"]
    assert dispatcher.messages[0]["text"].startswith("Dr. Patel (your doctor): ")


@pytest.mark.parametrize("text", ["it's complicated", "give me a second"])
def test_a_command_misread_in_a_roleplay_is_an_answer(dispatcher, text):
    tracker = make_tracker(slots=ROLEPLAY, intent="stop", text=text)
    events = ActionStop().run(dispatcher, tracker, {})
    assert slots_from(events)["answers"] == [text]
    assert dispatcher.messages[0]["text"].startswith("Dr. Patel (your doctor): ")


def test_the_turn_carries_the_ranking_and_the_entities():
    tracker = make_tracker(intent="push_back", text="it matters")
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "push_back", "confidence": 0.25},
    ]
    tracker.latest_message["entities"] = [{"entity": "x", "value": "fatigue"}]
    turn = latest_turn(tracker)
    assert turn.intents == (("push_back", 0.25),)
    assert turn.entities[0]["value"] == "fatigue" and turn.text == "it matters"


def test_slots_from_an_older_content_version_do_not_break_the_turn(dispatcher):
    slots = {
        "scenario": "doctor",
        "character": "patel",
        "question": "renamed",
        "asked": ["renamed"],
    }
    events = ActionCoach().run(
        dispatcher, make_tracker(slots=slots, intent="ask_coach"), {}
    )
    assert slots_from(events)["scenario"] is None
    assert dispatcher.messages[-1]["buttons"], "the scenarios are offered"


def test_every_domain_action_is_implemented_once():
    """What the action server registers from the `actions` package, exactly
    the custom actions domain.yml declares."""

    import yaml
    from rasa_sdk.executor import ActionExecutor

    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    executor = ActionExecutor()
    executor.register_package("actions")
    assert sorted(executor.actions) == sorted(domain["actions"])


def test_every_action_names_an_engine_method_or_writes_its_own_reply():
    import inspect

    from actions.base import EngineAction
    from bot.core.engine import Engine

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    actions = list(subclasses(EngineAction))
    assert len(actions) > 10
    for action in actions:
        if action.engine_reply is None:
            assert action.reply is not EngineAction.reply, action.__name__
        else:
            method = getattr(Engine, action.engine_reply, None)
            assert callable(method), (
                f"{action.__name__}: no Engine.{action.engine_reply}"
            )
            _, state, *others = inspect.signature(method).parameters.values()
            assert state.name == "state", action.__name__
            assert all(p.default is not p.empty for p in others), action.__name__


def test_typed_words_that_look_like_starting_a_scenario_are_an_answer_in_a_roleplay(
    dispatcher,
):
    tracker = make_tracker(
        slots=ROLEPLAY,
        intent="start_scenario",
        text="I told my partner already",
        entities=[{"entity": "scenario", "value": "partner"}],
    )
    tracker.latest_message["intent_ranking"] = [
        {"name": "start_scenario", "confidence": 0.59},
        {"name": "share_feelings", "confidence": 0.2},
    ]
    slots = slots_from(ActionStartScenario().run(dispatcher, tracker, {}))
    assert "scenario" not in slots and slots["answers"] == ["I told my partner already"]


def test_a_scenario_button_in_a_roleplay_starts_it(dispatcher):
    tracker = make_tracker(
        slots=ROLEPLAY,
        intent="start_scenario",
        text='/start_scenario{"scenario":"partner","character":"pat"}',
        entities=[
            {"entity": "scenario", "value": "partner"},
            {"entity": "character", "value": "pat"},
        ],
    )
    assert (
        slots_from(ActionStartScenario().run(dispatcher, tracker, {}))["scenario"]
        == "partner"
    )


def test_a_yes_nobody_asked_for_is_read_again_without_erasing(dispatcher):
    tracker = make_tracker(slots=ROLEPLAY, intent="confirm_erase", text="yes")
    tracker.latest_message["intent_ranking"] = [
        {"name": "confirm_erase", "confidence": 0.5},
        {"name": "push_back", "confidence": 0.3},
    ]
    slots = slots_from(ActionFallback().run(dispatcher, tracker, {}))
    assert slots["answers"] == ["yes"], "an answer to the doctor, not an erase"


def test_a_request_to_erase_read_as_a_confirmation_gets_the_question(dispatcher):
    tracker = make_tracker(intent="confirm_erase", text="yes delete all of it")
    tracker.latest_message["intent_ranking"] = [
        {"name": "confirm_erase", "confidence": 0.6},
        {"name": "erase_conversation", "confidence": 0.3},
    ]
    assert slots_from(ActionFallback().run(dispatcher, tracker, {})) == {}
    assert [b["payload"] for b in dispatcher.messages[-1]["buttons"]] == [
        "/confirm_erase",
        "/show_menu",
    ]


def test_a_question_for_the_doctor_is_no_command_though_it_has_its_words(dispatcher):
    from actions.conversation import ActionShowMenu

    text = "What are my options for the dryness without estrogen?"
    tracker = make_tracker(slots=ROLEPLAY, intent="show_menu", text=text)
    events = ActionShowMenu().run(dispatcher, tracker, {})
    assert slots_from(events)["her_questions"] == ["dryness_options"]
    assert dispatcher.messages[0]["text"].startswith("Dr. Patel (your doctor): ")


@pytest.mark.parametrize(
    "intent,text", [("try_it", "ok, one moment, thinking"), ("resume", "hang on")]
)
def test_words_read_as_a_demo_or_pause_command_answer_the_character(
    dispatcher, intent, text
):
    """ "Let me try" belongs to a demo and "go on" to a paused role-play:
    typed in a role-play that is neither, they are answers."""
    from actions.demo import ActionDemoTry
    from actions.safety import ActionResume

    action = {"try_it": ActionDemoTry, "resume": ActionResume}[intent]()
    tracker = make_tracker(slots=ROLEPLAY, intent=intent, text=text)
    action.run(dispatcher, tracker, {})
    assert [m["text"][:18] for m in dispatcher.messages] == ["Dr. Patel (your do"]


def test_go_on_in_a_paused_role_play_goes_on(dispatcher):
    from actions.safety import ActionResume

    paused = {**ROLEPLAY, "paused": True}
    tracker = make_tracker(slots=paused, intent="resume", text="go on")
    events = ActionResume().run(dispatcher, tracker, {})
    assert slots_from(events)["paused"] is False


@pytest.mark.parametrize(
    "intent,text,scenario",
    [
        (
            "ask_partner_talk",
            "help me bring up that sex hurts now with my husband",
            "partner",
        ),
        (
            "nlu_fallback",
            "my girlfriend and I havent been intimate, I want to talk about it",
            "partner",
        ),
        (
            "request_referral",
            "role play my next appointment where I ask for a referral",
            "doctor",
        ),
    ],
)
def test_outside_a_role_play_asking_to_rehearse_with_someone_starts_that_scenario(
    dispatcher, intent, text, scenario
):
    from actions.conversation import ActionAnswerQuestion

    action = {
        "ask_partner_talk": ActionAnswerQuestion,
        "nlu_fallback": ActionFallback,
        "request_referral": ActionRoleplayTurn,
    }[intent]()
    entities = [{"entity": "scenario", "value": scenario}]
    tracker = make_tracker(intent=intent, text=text, entities=entities)
    events = action.run(dispatcher, tracker, {})
    assert slots_from(events)["scenario"] == scenario
    assert [b["payload"] for b in dispatcher.messages[-1]["buttons"]][0].startswith(
        "/start_scenario"
    )


def test_a_question_naming_the_partner_is_still_answered_by_the_coach(dispatcher):
    from actions.conversation import ActionAnswerQuestion

    entities = [{"entity": "scenario", "value": "partner"}]
    text = "how do i tell my wife sex hurts"
    tracker = make_tracker(intent="ask_partner_talk", text=text, entities=entities)
    events = ActionAnswerQuestion().run(dispatcher, tracker, {})
    assert "scenario" not in slots_from(events)
    assert dispatcher.messages[0]["text"].startswith("Coach: ")


def test_asking_to_practise_naming_no_one_gets_the_choice_of_scenarios(dispatcher):
    text = "I'm ready to practise a hard conversation now"
    tracker = make_tracker(intent="nlu_fallback", text=text)
    ActionFallback().run(dispatcher, tracker, {})
    (menu,) = dispatcher.messages
    assert "didn't quite follow" not in menu["text"]
    assert [b["payload"] for b in menu["buttons"]][0].startswith("/start_scenario")


def test_a_practice_request_read_as_a_demo_gets_the_choice_of_scenarios(dispatcher):
    from actions.demo import ActionStartDemo

    text = "begin a practice conversation"
    ActionStartDemo().run(dispatcher, make_tracker(intent="start_demo", text=text), {})
    (menu,) = dispatcher.messages
    assert [b["payload"] for b in menu["buttons"]][0].startswith("/start_scenario")


def test_asking_for_an_example_is_no_request_to_practise(dispatcher):
    from actions.demo import ActionStartDemo

    text = "show me an example of how to practise telling a date first"
    entities = [{"entity": "scenario", "value": "date"}]
    tracker = make_tracker(intent="start_demo", text=text, entities=entities)
    ActionStartDemo().run(dispatcher, tracker, {})
    payloads = [b["payload"] for m in dispatcher.messages for b in m.get("buttons", [])]
    assert payloads and not any(p.startswith("/start_scenario") for p in payloads)
    assert any("demo" in p for p in payloads)


def test_a_question_about_telling_is_still_for_the_coach(dispatcher):
    from actions.conversation import ActionAnswerQuestion

    text = "if I'm not sure about him yet, do I need to tell him at all?"
    tracker = make_tracker(intent="ask_when_to_tell", text=text)
    ActionAnswerQuestion().run(dispatcher, tracker, {})
    from bot.core.content import content

    answer = content().topics["when_to_tell"].answer.splitlines()[0]
    assert answer in dispatcher.messages[0]["text"]
    assert not dispatcher.messages[0].get("buttons")
