"""The background writer of the memory step: order kept, reads wait for a user's pending writes, failures are
logged, shutdown drains the queue."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from memory.write_behind import WriteBehind


def test_writes_run_in_order_and_settle_waits_for_the_users_own() -> None:
    writer, done, gate = WriteBehind(), [], threading.Event()
    writer.submit("ann", lambda: (gate.wait(5), done.append("ann-1")))
    writer.submit("ann", lambda: done.append("ann-2"))
    writer.submit("bob", lambda: done.append("bob-1"))
    writer.settle("carl")  # nothing pending for carl: returns at once
    assert done == []
    threading.Timer(0.05, gate.set).start()
    writer.settle("ann")
    assert done[:2] == ["ann-1", "ann-2"]
    writer.close()
    assert done == ["ann-1", "ann-2", "bob-1"]


def test_a_failed_write_is_logged_and_the_next_one_runs(caplog: pytest.LogCaptureFixture) -> None:
    writer, done = WriteBehind(), []
    with caplog.at_level(logging.ERROR, logger="memory.write_behind"):
        writer.submit("ann", lambda: 1 / 0)
        writer.submit("ann", lambda: done.append("second"))
        writer.settle("ann")
    assert done == ["second"]
    assert "a memory write for user ann failed" in caplog.text and "ZeroDivisionError" in caplog.text
    writer.close()


def test_close_finishes_what_was_submitted() -> None:
    writer, done = WriteBehind(), []
    for i in range(3):
        writer.submit("ann", lambda i=i: (time.sleep(0.02), done.append(i)))
    writer.close()
    assert done == [0, 1, 2]
