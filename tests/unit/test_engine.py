"""The role-play engine, scenario by scenario, without Rasa."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.core.composing import stitched
from bot.core.content import content as bundled_content
from bot.core.engine import State
from bot.core.reading import Turn

SCENARIOS = sorted(bundled_content().scenarios)
CHARACTERS = [
    (s, c.id) for s in SCENARIOS for c in bundled_content().scenarios[s].characters
]
COACH = re.compile(r"^Coach: ")


def prefix(content, scenario_id, character_id):
    scenario = content.scenarios[scenario_id]
    return f"{scenario.character(character_id).name} ({scenario.role}): "


def started(engine, scenario_id, character_id):
    return engine.start(State(), scenario_id, character_id)


def waiting_on(engine, scenario_id, character_id, **fields):
    """A role-play just started, with `fields` of its state set (the question
    waiting, what was asked, what she named)."""
    return replace(started(engine, scenario_id, character_id).state, **fields)


def declined(engine, scenario_id, character_id, question_id, **fields):
    """A role-play waiting on `question_id` (asked after the opening, with
    `fields` of its state set), after she said "can we not talk about
    that"."""
    state = waiting_on(
        engine,
        scenario_id,
        character_id,
        question=question_id,
        asked=["opening", question_id],
        **fields,
    )
    return engine.turn(state, Turn("can we not talk about that")).state


def asked_to_the_end(engine, state):
    """The questions the character asks, skipping each, until it has none."""
    asked = []
    while state.in_roleplay:
        asked.append(state.question)
        state = engine.skip(state).state
    return asked


def test_the_disclaimer_is_one_coach_line(engine, content):
    line = engine.disclaimer().text
    assert line == f"Coach: {content.app['disclaimer']}" and "\n" not in line


def test_welcome_offers_every_scenario(engine, content):
    reply = engine.welcome(State())
    assert all(COACH.match(m.text) for m in reply.messages)
    payloads = [b.payload for m in reply.messages for b in m.buttons]
    assert payloads == [
        f'/start_scenario{{"scenario":"{s}"}}' for s in content.scenarios
    ]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_starting_without_a_character_offers_each_one_and_random(
    engine, content, scenario_id
):
    reply = engine.start(State(), scenario_id)
    assert reply.state == State(scenario=scenario_id)
    titles = [b.title for b in reply.messages[0].buttons]
    assert len(titles) == len(content.scenarios[scenario_id].characters) + 1
    assert titles[-1] == content.app["random_character"]


@pytest.mark.parametrize("scenario_id,character_id", CHARACTERS)
def test_opening_sets_the_scene_then_the_character_speaks(
    engine, content, scenario_id, character_id
):
    reply = started(engine, scenario_id, character_id)
    scenario = content.scenarios[scenario_id]
    coach, opening = reply.messages
    assert COACH.match(coach.text)
    assert scenario.character(character_id).name in coach.text  # {name} was filled in
    assert (
        opening.text
        == prefix(content, scenario_id, character_id)
        + scenario.questions[0].ask[character_id]
    )
    assert reply.state.question == scenario.questions[0].id


def test_random_character_uses_the_chooser(engine, content):
    reply = engine.start(State(), "doctor", "random")
    # The fixture picks the last.
    assert reply.state.character == content.scenarios["doctor"].characters[-1].id


def test_a_character_name_alone_finds_its_scenario(engine):
    reply = engine.start(State(), None, "reyes")
    assert (reply.state.scenario, reply.state.character) == ("doctor", "reyes")


def test_unknown_character_is_told_and_the_choice_offered_again(engine, content):
    reply = engine.start(State(), "date", "nobody")
    assert content.app["unknown_character"] in reply.messages[0].text
    assert reply.state.choosing_character


def ends_with_line(text: str, line: str) -> bool:
    """`text` ends with `line`, or with `line` less its opening "Okay,"
    (dropped after a piece that had one)."""
    return text.endswith((line, stitched(["Okay.", line]).removeprefix("Okay. ")))


@pytest.mark.parametrize("scenario_id,character_id", CHARACTERS)
def test_a_move_gets_a_reaction_then_the_next_question(
    engine, content, scenario_id, character_id
):
    scenario = content.scenarios[scenario_id]
    state = started(engine, scenario_id, character_id).state
    first_move = (scenario.questions[0].covered_by or ("share_feelings",))[0]
    text = "I have stage 4 breast cancer, and the treatment leaves me exhausted"
    reply = engine.move(state, first_move, text)
    (message,) = reply.messages
    assert message.text.startswith(prefix(content, scenario_id, character_id))
    asked = content.scenarios[scenario_id].question(reply.state.question)
    assert ends_with_line(message.text, asked.ask[character_id])
    assert reply.state.question != scenario.questions[0].id
    assert reply.state.answers == [text]


def test_questions_covered_by_earlier_moves_are_not_asked(engine, content):
    scenario = content.scenarios["partner"]
    covered = next(q for q in scenario.questions[1:] if q.covered_by)
    state = started(engine, "partner", "pat").state
    state = engine.move(state, covered.covered_by[0], "words").state
    asked = asked_to_the_end(engine, state)
    assert covered.id not in asked and len(asked) > 1


def test_an_insisting_question_is_asked_until_answered(engine, content):
    scenario = content.scenarios["date"]
    opening = scenario.questions[0]
    assert opening.insists, "the date's opening waits for the disclosure"
    state = started(engine, "date", "sam").state
    reply = engine.move(state, "ask_feelings", "how are you?")
    assert reply.state.question == opening.id and reply.state.asked == [opening.id]
    assert reply.messages[0].text.startswith("Sam (your date): ")
    reply = engine.move(
        reply.state, "disclose_diagnosis", "I have metastatic breast cancer"
    )
    assert reply.state.question != opening.id


@pytest.mark.parametrize("scenario_id,character_id", CHARACTERS)
def test_a_vague_reply_to_an_insisting_question_is_asked_about(
    engine, content, scenario_id, character_id
):
    """ "I've been having some issues since treatment" says nothing yet of
    what the opening waits for: the character asks what it is, and waits."""
    state = started(engine, scenario_id, character_id).state
    reply = engine.turn(
        state,
        Turn("hi, there's something I wanted to bring up", (("ask_feelings", 0.3),)),
    )
    opening = content.scenarios[scenario_id].questions[0]
    said = reply.messages[-1].text
    assert any(line in said for line in opening.nudge[character_id])
    assert reply.state.question == opening.id


@pytest.mark.parametrize("scenario_id,character_id", CHARACTERS)
def test_coach_offers_two_or_more_suggestions_then_the_question_again(
    engine, content, scenario_id, character_id
):
    state = started(engine, scenario_id, character_id).state
    coach, handback = engine.ask_coach(state).messages
    question = content.scenarios[scenario_id].question(state.question)
    assert COACH.match(coach.text)
    assert coach.text.count("\n• ") >= 2
    for suggestion in question.suggestions:
        assert suggestion.text in coach.text
    assert (
        handback.text
        == prefix(content, scenario_id, character_id) + question.ask[character_id]
    )


def test_skip_moves_on_and_is_marked_in_the_recap(engine, content):
    state = started(engine, "doctor", "morgan").state
    first = state.question
    reply = engine.skip(state)
    assert content.app["skipped"] in reply.messages[0].text
    assert first in reply.state.skipped and reply.state.question != first
    recap = engine.stop(reply.state)
    assert content.app["recap_skipped"] in recap.messages[0].text


def test_repeat_asks_the_same_question_again(engine):
    state = started(engine, "date", "alex").state
    assert engine.repeat(state, []).messages == [
        started(engine, "date", "alex").messages[1]
    ]


def test_repeat_outside_a_roleplay_repeats_the_last_messages(engine):
    previous = engine.welcome(State()).messages
    assert engine.repeat(State(), previous).messages == previous


def test_another_character_starts_afresh_with_the_next_one(engine, content):
    state = engine.move(
        started(engine, "partner", "chris").state, "share_feelings", "hi"
    ).state
    reply = engine.switch_character(state)
    assert (
        reply.state.character == "robin"
        and reply.state.moves == []
        and reply.state.answers == []
    )


def test_start_over_keeps_scenario_and_character(engine):
    state = engine.move(
        started(engine, "doctor", "reyes").state, "push_back", "this matters"
    ).state
    reply = engine.start_over(state)
    assert (reply.state.scenario, reply.state.character, reply.state.moves) == (
        "doctor",
        "reyes",
        [],
    )


@pytest.mark.parametrize(
    "command", ["skip", "switch_character", "start_over", "stop", "ask_coach"]
)
def test_commands_outside_a_roleplay_offer_the_scenarios(engine, content, command):
    reply = getattr(engine, command)(State())
    assert reply.state == State()
    assert [b.payload for b in reply.messages[-1].buttons] == [
        b.payload for b in engine.menu_buttons()
    ]


@pytest.mark.parametrize("scenario_id,character_id", CHARACTERS)
def test_answering_every_question_ends_with_closing_and_recap(
    engine, content, scenario_id, character_id
):
    scenario = content.scenarios[scenario_id]
    state = started(engine, scenario_id, character_id).state
    messages = []
    for _ in range(len(scenario.questions) * 2):
        question = scenario.question(state.question)
        moves = [m for m in question.covered_by if m in content.moves]
        reply = engine.move(state, (moves or ["share_feelings"])[0], "Okay, I see.")
        messages, state = reply.messages, reply.state
        if not state.in_roleplay:
            break
    assert state == State(), "the role-play ended"
    closings = [scenario.character(character_id).closing]
    closings += [e.say[character_id] for e in scenario.endings]
    assert any(ends_with_line(messages[0].text, line) for line in closings)
    recap = "\n".join(m.text for m in messages)
    for tip in scenario.tips:
        assert tip.text in recap
    assert all(m.text.startswith("Coach: ") for m in messages[1:])


def test_stop_recap_lists_questions_feedback_and_tips(engine, content):
    scenario = content.scenarios["doctor"]
    state = started(engine, "doctor", "patel").state
    state = engine.move(
        state, "describe_side_effect", "I have vaginal dryness and sex hurts"
    ).state
    summary, feedback, tips, menu = engine.stop(state).messages
    assert scenario.questions[0].ask["patel"] in summary.text
    assert (
        "vaginal dryness" in feedback.text
        and "✓" in feedback.text
        and "○" in feedback.text
    )
    assert scenario.tips[0].text in tips.text
    assert menu.buttons


def test_stop_without_answers_says_there_is_no_feedback_yet(engine, content):
    feedback = engine.stop(started(engine, "date", "sam").state).messages[1]
    assert content.app["recap_no_answers"] in feedback.text


def test_topic_outside_a_roleplay_is_answered_with_the_care_team_line(engine, content):
    topic = content.topics["estrogen"]
    (message,) = engine.answer_topic(
        State(), topic, "can I use estrogen cream?"
    ).messages
    assert message.text.startswith("Coach: " + topic.answer)
    assert message.text.endswith(content.app["care_team"])


def test_topic_inside_a_roleplay_is_answered_then_handed_back(engine, content):
    state = started(engine, "date", "jordan").state
    coach, handback = engine.answer_topic(
        state, content.topics["dating_sites"], "dating sites?"
    ).messages
    assert content.topics["dating_sites"].answer in coach.text
    assert handback.text.startswith(prefix(content, "date", "jordan"))


@pytest.mark.parametrize(
    "text,intent",
    [
        ("tell me about kegel exercises", "ask_kegels"),
        ("how many milligrams should I be taking", "ask_medication"),
    ],
)
def test_a_topic_the_character_does_not_answer_goes_to_the_coach(
    engine, content, text, intent
):
    state = started(engine, "partner", "chris").state
    reply = engine.turn(state, Turn(text, ((intent, 0.99),)))
    topic = content.topic_for_intent(intent)
    assert topic.answer in reply.messages[0].text


def test_a_topic_nlu_is_unsure_of_and_not_asked_stays_with_the_character(
    engine, content
):
    state = started(engine, "partner", "chris").state
    reply = engine.turn(
        state, Turn("tell me about kegel exercises", (("ask_kegels", 0.6),))
    )
    assert reply.messages[0].text.startswith(prefix(content, "partner", "chris"))


def test_topic_that_is_a_move_for_the_doctor_goes_to_the_doctor(engine, content):
    state = started(engine, "doctor", "patel").state
    reply = engine.answer_topic(state, content.topics["kegels"], "what about kegels?")
    assert reply.messages[0].text.startswith(prefix(content, "doctor", "patel"))
    assert reply.state.moves == ["request_treatment"]


def test_a_move_outside_a_roleplay_answers_its_topic_or_offers_practice(
    engine, content
):
    reply = engine.move(State(), "request_referral", "can you refer me?")
    assert content.topics["specialist"].answer in reply.messages[0].text
    reply = engine.move(State(), "disclose_diagnosis", "I have cancer")
    assert content.app["move_outside_scenario"] in reply.messages[0].text
    text = "no one will ever want to date me with this"
    reply = engine.move(State(), "share_feelings", text)
    assert content.app["feeling_outside_scenario"] in reply.messages[0].text


def test_fallback_in_a_roleplay_offers_options_and_asks_again(engine, content):
    state = started(engine, "partner", "robin").state
    coach, again = engine.fallback(state).messages
    assert "Robin" in coach.text and COACH.match(coach.text)
    assert again.text.startswith(prefix(content, "partner", "robin"))


def test_an_unsure_move_in_a_roleplay_is_an_answer_not_that_move(engine):
    """NLU's guess alone does not make her move: nothing skips a question or
    picks the ending on it."""
    state = replace(started(engine, "partner", "pat").state, question="is_it_me")
    reply = engine.reply_to_low_confidence(
        state, "reassure_attraction", "It's been a strange few months, honestly"
    )
    assert reply.state.moves == [] and reply.state.question != state.question
    assert reply.state.answers == ["It's been a strange few months, honestly"]


def test_an_unsure_question_in_a_roleplay_is_a_plain_answer(engine, content):
    state = started(engine, "partner", "pat").state
    reply = engine.reply_to_low_confidence(
        state, "ask_intimacy", "I miss feeling close to you"
    )
    assert reply.state.answers == ["I miss feeling close to you"]
    assert len(reply.messages) == 1
    assert reply.messages[0].text.startswith("Pat (your partner): ")
    again = engine.reply_to_low_confidence(
        reply.state, "ask_intimacy", "and I miss you"
    )
    assert not any(
        line in again.messages[0].text
        for line in content.scenarios["partner"].reactions["again"]["pat"]
    )


def test_an_unsure_question_the_doctor_takes_as_a_move(engine):
    state = started(engine, "doctor", "patel").state
    assert engine.reply_to_low_confidence(
        state, "ask_kegels", "kegels maybe?"
    ).state.moves == ["request_treatment"]


@pytest.mark.parametrize("guess", ["stop", "out_of_scope", None])
def test_an_unsure_hmm_in_a_roleplay_is_a_hesitant_answer(engine, content, guess):
    state = started(engine, "date", "sam").state
    reply = engine.reply_to_low_confidence(state, guess, "hmm")
    hesitant = content.scenarios["date"].short_answers["hesitant"]["sam"]
    assert any(line in reply.messages[0].text for line in hesitant)
    assert reply.state.question == state.question
    assert (
        "didn't quite follow"
        in engine.reply_to_low_confidence(
            State(), "disclose_diagnosis", "I have cancer"
        )
        .messages[0]
        .text
    )


def test_a_state_naming_content_that_is_gone_starts_afresh(engine):
    assert engine.valid_or_fresh(State(scenario="gone")) == State()
    assert (
        engine.valid_or_fresh(
            State(scenario="date", character="sam", question="gone", asked=["gone"])
        )
        == State()
    )
    assert (
        engine.valid_or_fresh(
            State(scenario="date", character="nobody", question="opening")
        )
        == State()
    )
    valid = started(engine, "date", "sam").state
    assert engine.valid_or_fresh(valid) is valid and engine.valid_or_fresh(
        State(scenario="date")
    ) == State(scenario="date")


def test_a_topic_the_waiting_question_is_about_counts_as_the_answer(engine, content):
    state = started(engine, "date", "sam").state
    state = engine.move(state, "disclose_diagnosis", "I have breast cancer").state
    while state.question != "children":
        state = engine.skip(state).state
    reply = engine.answer_topic(
        state, content.topics["fertility"], "Treatment can affect fertility"
    )
    assert (
        reply.state.question != "children"
        and reply.state.answers[-1] == "Treatment can affect fertility"
    )
    assert not reply.messages[0].text.startswith("Coach: ")


def test_text_without_words_is_met_by_a_character_who_waits(engine):
    state = started(engine, "partner", "chris").state
    reply = engine.reply_to_low_confidence(state, "share_feelings", "😀😀")
    assert reply.state.question == state.question
    assert reply.messages[0].text.startswith("Chris (your partner): ")


@pytest.mark.parametrize("command", ["stop", "start_over", "skip"])
def test_commands_while_choosing_a_character_leave_the_choice(engine, command):
    choosing = engine.start(State(), "date").state
    reply = getattr(engine, command)(choosing)
    assert reply.state == State() and reply.messages[-1].buttons == tuple(
        engine.menu_buttons()
    )


def test_menu_and_greeting_while_choosing_a_character_offer_the_scenarios(engine):
    choosing = engine.start(State(), "doctor").state
    assert engine.menu(choosing).state == State()
    assert engine.welcome(choosing).state == State()
    assert engine.switch_character(choosing).state == choosing, (
        "another character: the choice again"
    )


def test_stale_question_ids_anywhere_in_the_state_start_afresh(engine):
    state = replace(started(engine, "doctor", "patel").state, asked=["opening", "gone"])
    assert engine.valid_or_fresh(state) == State()


def test_the_date_opening_is_answered_by_an_explanation_too(engine):
    state = started(engine, "date", "jordan").state
    reply = engine.move(
        state, "explain_diagnosis", "It's stage IV, which means it has spread"
    )
    assert reply.state.question != "opening"


@pytest.mark.parametrize(
    "text,intent",
    [("no more, stop please", "set_boundary"), ("cancel", "goodbye")],
)
def test_a_stop_in_her_words_that_nlu_misread_still_stops(
    engine, content, text, intent
):
    state = started(engine, "partner", "chris").state
    reply = engine.turn(state, Turn(text, ((intent, 0.45),)))
    assert not reply.state.in_roleplay
    assert content.app["recap_questions"] in " ".join(m.text for m in reply.messages)


def test_a_long_no_to_a_yes_or_no_question_gets_its_no_lines(engine, content):
    """ "No, my periods stopped... fertility isn't a concern" to the doctor's
    fertility question: fertility is set aside, not explained."""
    scenario = content.scenarios["doctor"]
    fertility = next(q for q in scenario.questions if q.id == "fertility")
    state = waiting_on(engine, "doctor", "patel", question="fertility")
    text = (
        "No, my periods stopped when I started treatment, so fertility isn't a concern."
    )
    reply = engine.turn(state, Turn(text, (("share_feelings", 0.9),)))
    said = reply.messages[0].text
    assert any(line in said for line in fertility.short_answers["no"]["patel"])
    assert "protect your fertility" not in said


def test_once_she_said_it_hurts_the_partner_does_not_ask_whether_it_will(
    engine, content
):
    scenario = content.scenarios["partner"]
    question = scenario.question("will_i_hurt_you")
    state = waiting_on(
        engine,
        "partner",
        "robin",
        named=["pain_during_sex"],
        order=[q.id for q in scenario.questions if q.id != "opening"],
        asked=["opening"],
    )
    reply = engine.skip(state)
    said = reply.messages[-1].text
    assert question.ask_knowing["pain_during_sex"]["robin"] in said
    assert question.ask["robin"] not in said


def test_a_side_effect_said_to_come_from_a_treatment_is_remembered_so(engine):
    """The date's "is that from the treatment?" is not asked after "my feet
    go numb from the chemo"."""
    state = started(engine, "date", "alex").state
    text = "I have stage 4 breast cancer. my feet go numb from the chemo i had before"
    state = engine.turn(state, Turn(text, (("disclose_diagnosis", 0.9),))).state
    assert "from_treatment" in state.facts
    asked = asked_to_the_end(engine, state)
    assert "is_that_why" not in asked and len(asked) > 3


def test_a_question_she_declined_leaves_the_others_on_its_topic_unasked(engine):
    """ "can we not talk about that" to "will you get better?": the date does
    not come back with "how long do you have?"."""
    state = declined(
        engine, "date", "jordan", "will_you_get_better", moves=["disclose_diagnosis"]
    )
    asked = asked_to_the_end(engine, state)
    assert "how_long" not in asked and len(asked) > 3


@pytest.mark.parametrize("scenario_id,character_id", CHARACTERS)
def test_a_second_short_reply_at_the_opening_is_asked_about_gently(
    engine, content, scenario_id, character_id
):
    """Not a filler after a filler: the second "idk" where the character
    waits for her news gets a gentle question too."""
    state = started(engine, scenario_id, character_id).state
    state = engine.turn(state, Turn("idk")).state
    said = engine.turn(state, Turn("it's complicated")).messages[-1].text
    opening = content.scenarios[scenario_id].questions[0]
    assert any(line in said for line in opening.nudge[character_id])


def test_a_statement_beside_an_idle_question_stays_with_the_character(engine):
    """ "Is it hot in here? ... the hormone therapy gives me hot flashes"
    tells the date something; the coach does not step in on medicines."""
    state = started(engine, "date", "sam").state
    text = "Is it hot in here? Never mind. The hormone therapy gives me hot flashes."
    reply = engine.turn(state, Turn(text, (("ask_medication", 0.8),)))
    assert reply.messages[0].text.startswith("Sam (your date): ")


def test_where_were_we_after_telling_something_hears_it_then_asks_again(engine):
    state = started(engine, "date", "jordan").state
    state = engine.turn(state, Turn("I have metastatic breast cancer")).state
    text = "Sorry I keep running to the bathroom. Anyway, what were we talking about?"
    reply = engine.turn(state, Turn(text, (("ask_medication", 0.7),)))
    said = reply.messages[0].text
    assert "bowel changes" in said and reply.state.question == state.question
    assert "bowel_changes" in reply.state.named


@pytest.mark.parametrize("character_id", ["patel", "morgan", "reyes"])
def test_what_it_does_to_her_relationship_is_heard_by_the_doctor(
    engine, content, character_id
):
    """ "It's putting a strain on my marriage" with no side effect or
    feeling named: the doctor's impact line, not "I'm listening"."""
    state = started(engine, "doctor", character_id).state
    state = engine.turn(state, Turn("the dryness makes sex painful")).state
    said = (
        engine.turn(state, Turn("It's putting a strain on my marriage"))
        .messages[0]
        .text
    )
    lines = content.scenarios["doctor"].acknowledge["impact"][character_id]
    thing = content.lexicon.terms["impact"].say
    assert any(line.format(thing=thing) in said for line in lines)


def test_ok_after_declining_a_question_is_no_answer_to_it(engine, content):
    """ "can we not talk about that" to "is it me?", then "ok": the partner
    goes on to another question, and does not hear "ok" as "no, it's not
    you" ("Oh, thank goodness")."""
    state = declined(engine, "partner", "robin", "is_it_me", named=["fatigue"])
    reply = engine.turn(state, Turn("ok"))
    own = content.scenarios["partner"].question("is_it_me").short_answers
    said = reply.messages[-1].text
    assert reply.state.question != "is_it_me"
    assert not any(
        line in said for lines in own.get("yes", {}).values() for line in lines
    )


def test_nope_after_declining_gets_a_plain_line_then_the_next_question(engine, content):
    """ "What would you like to talk about instead?" - "nope": "Okay, that's
    fine", then another question; not the declined question's own "no"."""
    scenario = content.scenarios["partner"]
    state = declined(engine, "partner", "robin", "is_it_me")
    reply = engine.turn(state, Turn("nope"))
    said = reply.messages[-1].text
    assert reply.state.question != "is_it_me"
    assert any(line in said for line in scenario.short_answers["no"]["robin"])
    own = scenario.question("is_it_me").short_answers["no"]["robin"]
    assert not any(line in said for line in own)
