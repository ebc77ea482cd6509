"""A small load test in `make test` (the full one is `make load`): several
users at once, each message answered, each event stored in SQLite."""

from __future__ import annotations

from bot.loadtest import missing_events, run_load, script


def test_concurrent_users_are_all_answered_and_stored(running):
    result = run_load(running.url, users=8, turns=6)
    assert result.errors == [] and result.unanswered == 0
    assert result.messages == 8 * 6
    assert missing_events(running.tracker_db, result) == {}


def test_each_simulated_user_practises_a_whole_roleplay():
    lines = script(user=1, turns=20)
    assert len(lines) == 20 and lines[0].startswith("/start_scenario")
    assert "what should I say?" in lines and "stop" in lines
