"""A small load test in `make test` (the full one is `make load`): several
users at once, each message answered, each event stored in SQLite."""

from __future__ import annotations

from bot.measuring.loadtest import missing_events, run_load


def test_concurrent_users_are_all_answered_and_stored(running):
    result = run_load(running.url, users=8, turns=6)
    assert result.errors == [] and result.unanswered == 0
    assert result.messages == 8 * 6
    assert missing_events(running.tracker_db, result) == {}
