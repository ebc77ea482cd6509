"""The recap's feedback: each scenario's rubric over the user's own words."""

import pytest

from bot.core.rubric import assess

STRONG_ANSWERS = {
    "date": [
        "I have stage IV breast cancer",
        "It means it has spread, and no, you can't catch it from me",
        "I'd like to take it slow and share more when I'm ready",
        "How do you feel about all this?",
        "Just be patient with me",
    ],
    "partner": [
        "Since chemo I've been really dry and sex hurts",
        "It's not you, I still find you attractive. It's the treatment",
        "Could we just cuddle tonight?",
        "Tell me what feels good for you and I'll tell you too",
    ],
    "doctor": [
        "I've had vaginal dryness and hot flashes",
        "It's affecting my marriage",
        "I know it's common but this matters to me",
        "Can you refer me to a sexual health specialist?",
        "Are there options without estrogen?",
    ],
}


def met(scenario, answers):
    return {f.item.id for f in assess(scenario, answers) if f.met}


@pytest.mark.parametrize("scenario_id", sorted(STRONG_ANSWERS))
def test_nothing_is_met_by_small_talk(content, scenario_id):
    assert (
        met(content.scenarios[scenario_id], ["hello there", "ok", "yes", ""]) == set()
    )


@pytest.mark.parametrize("scenario_id", sorted(STRONG_ANSWERS))
def test_strong_answers_meet_most_of_the_rubric(content, scenario_id):
    scenario = content.scenarios[scenario_id]
    assert len(met(scenario, STRONG_ANSWERS[scenario_id])) >= len(scenario.rubric) - 1


def test_each_doctor_item_is_met_by_its_own_answer(content):
    doctor = content.scenarios["doctor"]
    assert "named_symptom" in met(doctor, ["I've had vaginal dryness"])
    assert "asked_for_referral" in met(doctor, ["Can you refer me to a specialist?"])
    assert "asked_for_referral" not in met(doctor, ["I've had vaginal dryness"])


def test_partner_attraction_needs_the_reassurance(content):
    partner = content.scenarios["partner"]
    assert "reassured_attraction" in met(
        partner, ["It's not you, I still find you attractive"]
    )
    assert "reassured_attraction" not in met(partner, ["I'm tired"])


def test_evidence_quotes_the_user_in_their_own_casing(content):
    feedback = assess(
        content.scenarios["doctor"], ["Honestly the Vaginal Dryness is awful"]
    )
    named = next(f for f in feedback if f.item.id == "named_symptom")
    assert named.met and named.evidence in "Honestly the Vaginal Dryness is awful"
    assert named.evidence.lower() in named.text().lower()


def test_feedback_is_deterministic(content):
    scenario = content.scenarios["partner"]
    first = [f.text() for f in assess(scenario, STRONG_ANSWERS["partner"])]
    assert first == [f.text() for f in assess(scenario, STRONG_ANSWERS["partner"])]


def test_unmet_items_give_the_hint(content):
    scenario = content.scenarios["date"]
    feedback = assess(scenario, ["ok"])
    assert [f.text() for f in feedback] == [
        f"○ {item.hint}" for item in scenario.rubric
    ]


def test_evidence_is_the_sentence_that_met_the_item_shortened_when_long(content):
    answer = "Hi. It's not you at all, I still want you. " + "Really " * 30
    feedback = assess(content.scenarios["partner"], [answer])
    reassured = next(f for f in feedback if f.item.id == "reassured_attraction")
    assert reassured.evidence == "It's not you at all, I still want you."
    long = assess(content.scenarios["partner"], ["It's not you " + "and " * 60])
    evidence = next(f for f in long if f.item.id == "reassured_attraction").evidence
    assert evidence.endswith("…") and len(evidence) <= 90


@pytest.mark.parametrize(
    "scenario_id,answer,item",
    [
        ("partner", "I'm not attracted to you anymore", "reassured_attraction"),
        ("partner", "I don't love you", "reassured_attraction"),
        ("doctor", "ok see you today", "pushed_back"),
        ("date", "please pass the salt", "said_how_to_help"),
    ],
)
def test_lookalikes_and_negations_do_not_count(content, scenario_id, answer, item):
    assert item not in met(content.scenarios[scenario_id], [answer])


def test_a_negation_inside_the_pattern_still_counts(content):
    assert "reassured_attraction" in met(
        content.scenarios["partner"], ["It's not you, I still love you"]
    )
    assert "pushed_back" in met(
        content.scenarios["doctor"], ["I'd like to deal with it today"]
    )


def test_the_lemma_pipeline_saves_where_no_folder_exists_yet(tmp_path):
    import spacy

    from bot.core.lemmas import save_to

    folder = tmp_path / "not-yet" / "spacy-en-lemmas"
    save_to(folder)
    loaded = spacy.load(folder)
    assert [token.lemma_ for token in loaded("feelings hurt")] == ["feeling", "hurt"]
