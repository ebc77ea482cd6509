"""The safety net without servers: the patterns, the config files, the
engine's pause, and the safety action reading a Tracker."""

from __future__ import annotations

import pytest
import yaml

from actions.roleplay import ActionRoleplayTurn, ActionStop
from actions.safety import ActionResume, ActionSafety
from bot.core.engine import State
from bot.core.safety import SafetyConfigError, load_safety, safety
from bot.measuring.safety_eval import load_phrasings
from bot.paths import ROOT
from tests.helpers import make_tracker

ROLEPLAY = {
    "scenario": "partner",
    "character": "pat",
    "question": "opening",
    "asked": ["opening"],
}


def slots_from(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize(
    "text,kind",
    [
        ("I want to kill myself", "self_harm"),
        ("honestly I've thought about suicide", "self_harm"),
        ("my husband forces me to have sex when I say no", "abuse"),
        ("he hits me when he's angry", "abuse"),
        ("I can’t breathe and my chest hurts", "emergency"),  # a curly apostrophe
        ("I'm having chest pain right now", "emergency"),
        ("im suicidal", "self_harm"),
        ("if I don't give him what he wants he says I'll regret it", "abuse"),
        ("I've written notes to my family and I'm ready to go", "self_harm"),
        ("I'm scared he'll hurt me again tonight", "abuse"),
        ("my brother shoved me down in the hallway", "abuse"),
        ("I've got my pills here and keep thinking of taking them all", "self_harm"),
        ("he wont let me leave the flat and he keeps my car keys", "abuse"),
        ("I'm sat in the car in the garage with the engine running", "self_harm"),
        ("my dad suddenly doesn't recognise me and he's slurring", "emergency"),
        ("I can't do this anymore, I want it all to end", "self_harm"),
    ],
)
def test_the_patterns_recognise_a_crisis(text, kind):
    assert safety().detect(text).id == kind


@pytest.mark.parametrize(
    "text",
    [
        "I'm dying to tell you something",
        "this waiting is killing me",
        "sex hurts since chemo",
        "I don't want to pressure you",
        "I'm scared of how he'll react",
        "the port in my chest shows in a low top",
        "I'm not suicidal, I'm just sad about dying sooner than I wanted",
        "it's not that I'm afraid of him, my whole body hurts",
        "my mom says I'll regret it if I don't tell him",
        "I'm writing letters to my kids for when I'm gone",
        "my husband is scared he'll hurt me during sex",
        "my mom comes into my room at night to check on me",
        "my left leg won't move as well since the bone mets",
        "the radiation is burning my skin again",
        "she doesn't know who I am anymore, the dementia is bad",
        "I forgot to take my meds this morning",
        "the nurse won't let me leave the room until the drip finishes",
        "I have the pills ready for tonight",
        "I fell asleep on the couch and couldn't get up for work",
        "my date suddenly didn't know what to say",
        "I wear long sleeves so people don't see the bruises from the IV",
        "I cut my legs again shaving",
        "I want the pain to stop",
        "I want it to stop hurting when we have sex",
    ],
)
def test_the_patterns_let_figures_of_speech_and_practice_talk_pass(text):
    assert safety().detect(text) is None


def test_the_held_out_phrasings_are_enough_and_never_trained_on():
    phrasings = load_phrasings()
    crisis = [p for p in phrasings if p.kind]
    assert len(crisis) >= 40 and len(phrasings) - len(crisis) >= 40
    assert {p.style for p in crisis} == {"direct", "indirect"}
    training = "\n".join(
        path.read_text().lower() for path in (ROOT / "data" / "nlu").glob("*.yml")
    )
    assert not [p.text for p in phrasings if f"- {p.text.lower()}\n" in training]


def test_the_patterns_alone_catch_most_held_out_crises_and_few_lookalikes():
    """The rule-based net by itself (the figures in docs/safety.md; the
    classifier adds to its recall)."""
    phrasings = load_phrasings()
    crisis = [p for p in phrasings if p.kind]
    lookalikes = [p for p in phrasings if not p.kind]
    recall = sum(bool(safety().detect(p.text)) for p in crisis) / len(crisis)
    false_positives = sum(bool(safety().detect(p.text)) for p in lookalikes) / len(
        lookalikes
    )
    assert recall >= 0.9 and false_positives <= 0.05


def test_every_kind_has_an_intent_in_the_domain_and_contacts():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    for kind in safety().kinds.values():
        assert kind.intent in domain["intents"]
        assert kind.resources and kind.reply
    contacts = " ".join(
        line for kind in safety().kinds.values() for line in kind.resources
    )
    assert "988" in contacts and "emergency" in contacts.lower()


def test_a_broken_pattern_is_reported_with_its_file(tmp_path):
    broken = yaml.safe_load((ROOT / "bot" / "content" / "safety.yml").read_text())
    broken["kinds"]["abuse"]["patterns"].append("(unclosed")
    path = tmp_path / "safety.yml"
    path.write_text(yaml.safe_dump(broken))
    with pytest.raises(SafetyConfigError, match="safety.yml.*abuse.*unclosed"):
        load_safety(path)


def test_a_clinic_can_put_in_its_own_contacts(tmp_path):
    resources = tmp_path / "resources.yml"
    own = {
        key: f"Our clinic line for {key}: 555-0100"
        for key in (
            "emergency",
            "crisis_line",
            "domestic_violence",
            "sexual_assault",
            "care_team",
        )
    }
    resources.write_text(yaml.safe_dump({"resources": own}))
    net = load_safety(resources_file=resources)
    assert "555-0100" in net.crisis_text(net.kinds["self_harm"])
    del own["crisis_line"]
    resources.write_text(yaml.safe_dump({"resources": own}))
    with pytest.raises(SafetyConfigError, match="crisis_line"):
        load_safety(resources_file=resources)


def test_a_crisis_in_a_roleplay_steps_out_and_pauses(engine):
    reply = engine.crisis(State(**ROLEPLAY), safety().kinds["abuse"])
    assert reply.state.paused and reply.state.scenario == "partner"
    assert all(m.text.startswith("Coach: ") for m in reply.messages), "out of character"
    assert "not your fault" in reply.messages[0].text
    assert [b.payload for b in reply.messages[-1].buttons] == ["/resume", "/stop"]


def test_a_crisis_outside_a_roleplay_gets_the_contacts_without_buttons(engine):
    reply = engine.crisis(State(), safety().kinds["emergency"])
    assert "911" in reply.messages[0].text and not any(
        m.buttons for m in reply.messages
    )


def test_while_paused_the_character_does_not_answer(dispatcher):
    slots = {**ROLEPLAY, "paused": True}
    events = ActionRoleplayTurn().run(
        dispatcher,
        make_tracker(slots, intent="reassure_attraction", text="I love you"),
        {},
    )
    assert slots_from(events) == {}, "nothing moves on"
    assert dispatcher.messages[-1]["text"] == "Coach: " + safety().texts["paused"]


@pytest.mark.parametrize(
    "text",
    [
        "thanks for checking on me, I'm safe. can we go on?",
        "it was just a figure of speech, carry on please",
        "that wasn't meant literally, keep the role-play going",
    ],
)
def test_saying_she_is_safe_while_paused_goes_on_whatever_nlu_read(dispatcher, text):
    slots = {**ROLEPLAY, "paused": True}
    events = ActionRoleplayTurn().run(
        dispatcher, make_tracker(slots, intent="share_feelings", text=text), {}
    )
    assert slots_from(events) == {"paused": False}


@pytest.mark.parametrize(
    "text", ["I can't go on like this", "I'm not okay", "I'm fine, let's stop"]
)
def test_words_that_are_no_going_on_keep_the_pause(dispatcher, text):
    slots = {**ROLEPLAY, "paused": True}
    events = ActionRoleplayTurn().run(
        dispatcher, make_tracker(slots, intent="share_feelings", text=text), {}
    )
    assert slots_from(events) == {}
    assert dispatcher.messages[-1]["text"] == "Coach: " + safety().texts["paused"]


def test_going_on_after_a_pause_asks_the_waiting_question_again(dispatcher, engine):
    slots = {**ROLEPLAY, "paused": True}
    events = ActionResume().run(
        dispatcher, make_tracker(slots, intent="resume", text="/resume"), {}
    )
    assert slots_from(events) == {"paused": False}
    assert (
        dispatcher.messages[-1]["text"]
        == engine.repeat(State(**ROLEPLAY), []).messages[0].text
    )


def test_stopping_while_paused_ends_gently_without_a_recap(dispatcher):
    events = ActionStop().run(
        dispatcher,
        make_tracker({**ROLEPLAY, "paused": True}, intent="stop", text="/stop"),
        {},
    )
    assert slots_from(events)["scenario"] is None
    assert [m["text"] for m in dispatcher.messages] == [
        "Coach: " + safety().texts["stopped"]
    ]


def test_the_safety_action_pauses_when_the_patterns_recognise_the_message(dispatcher):
    tracker = make_tracker(
        ROLEPLAY, intent="crisis_self_harm", text="I keep thinking about ending my life"
    )
    assert slots_from(ActionSafety().run(dispatcher, tracker, {})) == {"paused": True}
    assert "988" in dispatcher.messages[0]["text"]


def test_the_classifier_alone_gets_a_check_in_and_the_roleplay_goes_on(dispatcher):
    tracker = make_tracker(
        ROLEPLAY, intent="crisis_abuse", text="my heart skipped a beat when he texted"
    )
    assert slots_from(ActionSafety().run(dispatcher, tracker, {})) == {}
    check_in, question = [m["text"] for m in dispatcher.messages]
    assert (
        check_in.startswith("Coach: " + safety().texts["check_in"])
        and "1-800-799-7233" in check_in
    )
    assert question.startswith("Pat (your partner): ")


def parsed(text, ranking):
    """A message as the classifier left it: `ranking` best first."""
    from rasa.shared.nlu.training_data.message import Message

    intents = [{"name": name, "confidence": c} for name, c in ranking]
    return Message(data={"text": text, "intent": intents[0], "intent_ranking": intents})


def test_the_net_turns_a_recognised_crisis_into_its_intent_whatever_the_classifier():
    from bot.rasa_server.nlu_safety_net import SAFETY_NET_KEY, SafetyNet

    message = parsed("i want to end my life", [("share_feelings", 0.9)])
    SafetyNet(check_in_confidence=0.75).process([message])
    assert message.get("intent")["name"] == "crisis_self_harm"
    assert message.get(SAFETY_NET_KEY)["classifier"]["name"] == "share_feelings"


def test_a_crisis_intent_the_classifier_is_not_sure_of_gives_way():
    from bot.rasa_server.nlu_safety_net import NOT_SURE_KEY, SafetyNet

    net = SafetyNet(check_in_confidence=0.75)
    unsure = parsed(
        "he won't touch me since the surgery",
        [("crisis_abuse", 0.6), ("crisis_self_harm", 0.2), ("share_feelings", 0.15)],
    )
    sure = parsed("he gets so angry at night", [("crisis_abuse", 0.8)])
    net.process([unsure, sure])
    assert unsure.get("intent")["name"] == "share_feelings"
    assert [i["name"] for i in unsure.get("intent_ranking")] == ["share_feelings"]
    assert unsure.get(NOT_SURE_KEY)["name"] == "crisis_abuse"
    assert sure.get("intent")["name"] == "crisis_abuse"


@pytest.mark.parametrize(
    "text", ["He's scared he'll hurt me.", "my partner is afraid of hurting me"]
)
def test_the_partners_fear_of_hurting_her_gets_no_abuse_check_in(text):
    """The classifier alone, however sure, reads the partner's worry as a
    threat; the kind's not_suspected_patterns clear it."""
    from bot.rasa_server.nlu_safety_net import SafetyNet

    message = parsed(text, [("crisis_abuse", 0.99), ("share_feelings", 0.01)])
    SafetyNet(check_in_confidence=0.85).process([message])
    assert message.get("intent")["name"] == "share_feelings"


def test_how_long_she_will_be_on_a_treatment_gets_no_self_harm_check_in():
    """Round 21: the classifier read a memory and "does the oncologist think
    I'll be on this drug forever?" as self-harm at 0.91."""
    from bot.rasa_server.nlu_safety_net import SafetyNet

    text = (
        "Do you remember that trip to the coast, before all this? I keep thinking "
        "about it. Anyway, does the oncologist think I'll be on this drug forever?"
    )
    message = parsed(text, [("crisis_self_harm", 0.91), ("ask_prognosis", 0.03)])
    SafetyNet(check_in_confidence=0.85).process([message])
    assert message.get("intent")["name"] == "ask_prognosis"
    said = "I'll be on this drug forever, I want to kill myself"
    crisis = parsed(said, [("ask_prognosis", 0.9)])
    SafetyNet(check_in_confidence=0.85).process([crisis])
    assert crisis.get("intent")["name"] == "crisis_self_harm"


def test_her_own_fear_of_being_hurt_still_gets_the_safety_reply():
    from bot.rasa_server.nlu_safety_net import SafetyNet

    message = parsed(
        "I'm scared he'll hurt me again tonight", [("share_feelings", 0.9)]
    )
    SafetyNet(check_in_confidence=0.85).process([message])
    assert message.get("intent")["name"] == "crisis_abuse"
    worried = parsed("my sister is worried he'll hurt me", [("crisis_abuse", 0.95)])
    SafetyNet(check_in_confidence=0.85).process([worried])
    assert worried.get("intent")["name"] == "crisis_abuse"


def test_config_sets_the_check_in_confidence_of_the_net():
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    (net,) = [s for s in config["pipeline"] if s["name"].endswith("SafetyNet")]
    assert 0.5 <= net["check_in_confidence"] < 1


@pytest.mark.parametrize(
    "text,suspected",
    [
        ("sometimes i feel so hopeless i dont see the point of anything", True),
        ("honestly whats the point of any of this", True),
        ("whats the point of dating if im just going to get sicker", False),
        ("I don't see the point of telling him yet", False),
        ("some nights I just want everything to be over", True),
        ("I want it all to stop, the pain, the scans, everything", True),
        ("I want the hot flashes to stop", False),
        ("I feel like there's no point anymore", True),
        ("there's no point in dating if he's going to leave anyway", False),
    ],
)
def test_hopelessness_about_everything_gets_the_check_in_not_the_full_reply(
    text, suspected
):
    assert bool(safety().suspects(text)) is suspected
    assert safety().detect(text) is None


def test_the_net_checks_in_on_what_the_check_in_patterns_recognise():
    from bot.rasa_server.nlu_safety_net import CHECK_IN_KEY, SafetyNet

    text = "i dont see the point of anything"
    message = parsed(text, [("share_feelings", 0.6), ("crisis_self_harm", 0.2)])
    SafetyNet(check_in_confidence=0.75).process([message])
    assert message.get("intent")["name"] == "crisis_self_harm"
    assert message.get("intent")["confidence"] >= 0.75
    assert message.get(CHECK_IN_KEY) == "self_harm"
