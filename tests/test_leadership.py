"""The leader lock itself, on PostgreSQL: one connection, used by several jobs at once."""

from __future__ import annotations

import asyncio
import os

import pytest

from service.db.engine import Database
from service.scheduling.leader import Leadership

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="the leader lock is PostgreSQL's"
)


async def test_jobs_checking_the_lock_at_the_same_instant_do_not_lose_it(db: Database) -> None:
    """The wake job and the periodic job fire together: both ask the one lock connection."""
    leadership = Leadership(db.engine)
    assert await leadership.try_acquire()
    try:
        answers = await asyncio.gather(*(leadership.still_leading() for _ in range(8)))
        assert answers == [True] * 8
        assert leadership.is_leader
    finally:
        await leadership.release()
