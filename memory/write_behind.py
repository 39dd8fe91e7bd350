"""Writes that run after the caller has moved on: the memory step of a chat turn embeds and stores what the
message said (~30-45 ms with the local model and a large store, bench/memory.py) after the reply has gone out,
on one background thread, in the order submitted.

Reads stay consistent: `settle(user_id)` waits for that user's pending writes, and CareerMemory calls it before
anything that reads or erases their memories. `close()` drains the queue at shutdown. A process killed with
writes pending loses them (the messages themselves are in the conversation); none is ever written half, since
each write is one CareerMemory.remember."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

log = logging.getLogger(__name__)


class WriteBehind:
    def __init__(self, name: str = "memory-writes"):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)  # one: writes keep their order
        self._pending: dict[str, set[Future]] = {}
        self._lock = threading.Lock()

    def submit(self, user_id: str, write: Callable[[], None]) -> None:
        def run() -> None:
            try:
                write()
            except Exception:  # a background write has no caller to raise to
                log.exception("a memory write for user %s failed", user_id)

        with self._lock:
            future = self._executor.submit(run)
            self._pending.setdefault(user_id, set()).add(future)
        future.add_done_callback(lambda done: self._done(user_id, done))

    def _done(self, user_id: str, future: Future) -> None:
        with self._lock:
            futures = self._pending.get(user_id)
            if futures is not None:
                futures.discard(future)
                if not futures:
                    del self._pending[user_id]

    def settle(self, user_id: str) -> None:
        """Returns once every write submitted for the user so far has finished."""
        with self._lock:
            futures = set(self._pending.get(user_id, ()))
        if futures:
            wait(futures)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
