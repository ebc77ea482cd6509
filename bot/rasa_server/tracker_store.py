"""Where conversations are kept: Rasa's SQL tracker store (SQLite by
default, PostgreSQL if endpoints.yml says so) with two duties added.

- Erasing on request: when a conversation is saved in which
  `action_erase_conversation` has just run (the user confirmed "delete my
  conversation"), every stored event of it is deleted at once instead.
- Retention: conversations whose last message is older than
  `retention_days` (endpoints.yml, default 30) are deleted when the Rasa
  server starts and then at most once an hour; `python -m bot purge` does the
  same on demand.

Used from endpoints.yml (`type: bot.rasa_server.tracker_store.ErasableSQLTrackerStore`)
and by `python -m bot purge`. See docs/privacy.md.
"""

from __future__ import annotations

import itertools
import logging
import time
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_server.rasa_internals import hide_sql_parameters

logger = logging.getLogger(__name__)

ERASE_ACTION = "action_erase_conversation"
DEFAULT_RETENTION_DAYS = 30
PURGE_INTERVAL = 3600  # seconds between automatic purges


class ErasableSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        *args: Any,
        retention_days: float | None = DEFAULT_RETENTION_DAYS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # SQL parameters (the events' JSON, message text included) kept out
        # of the error messages Rasa logs.
        hide_sql_parameters(self)
        self.retention_days = (
            float(retention_days) if retention_days is not None else None
        )
        self._next_purge = 0.0  # monotonic time
        self._purge_if_due()

    async def save(self, tracker: DialogueStateTracker) -> None:
        # The erase action ran in this turn (since the user's latest message):
        # read from the tracker itself, so a save costs no extra query.
        this_turn = itertools.takewhile(
            lambda e: not isinstance(e, UserUttered), reversed(tracker.events)
        )
        if any(
            isinstance(e, ActionExecuted) and e.action_name == ERASE_ACTION
            for e in this_turn
        ):
            erased = self.erase(tracker.sender_id)
            logger.info(f"Erased a conversation on request ({erased} events).")
        else:
            await super().save(tracker)
        self._purge_if_due()

    def erase(self, sender_id: str) -> int:
        """Deletes every stored event of one conversation; returns how many."""
        with self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete()
            )
            session.commit()
        return deleted

    def purge(self, older_than_days: float) -> int:
        """Deletes every conversation whose latest event is older than the
        given number of days; returns how many conversations. One DELETE
        with the condition inside, so a conversation that gets a message
        while this runs is not caught."""
        cutoff = time.time() - older_than_days * 86400
        with self.session_scope() as session:
            stale = (
                session.query(self.SQLEvent.sender_id)
                .group_by(self.SQLEvent.sender_id)
                .having(sa.func.max(self.SQLEvent.timestamp) < cutoff)
            )
            conversations = stale.count()
            session.query(self.SQLEvent).filter(
                self.SQLEvent.sender_id.in_(stale.scalar_subquery())
            ).delete(synchronize_session=False)
            session.commit()
        return conversations

    def _purge_if_due(self) -> None:
        if self.retention_days is None or time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + PURGE_INTERVAL
        purged = self.purge(self.retention_days)
        if purged:
            logger.info(
                f"Erased {purged} conversations older than "
                f"{self.retention_days:g} days."
            )


def open_store(config: dict) -> ErasableSQLTrackerStore:
    """The tracker store of a `tracker_store` section (see
    `bot.running.supervisor.store_config`), without automatic purging."""
    kwargs = {
        key: value
        for key, value in config.items()
        if key not in ("type", "url", "retention_days")
    }
    return ErasableSQLTrackerStore(
        host=config.get("url"), retention_days=None, **kwargs
    )
