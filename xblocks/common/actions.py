"""Learner actions applied one at a time per learner and block, and stale ones refused.

Double clicks, retries and a second tab send actions in parallel. Each handler that changes a
learner's state runs inside `serialized(block)`: an atomic lock in the platform's cache (the
runtime's `cache` service where it offers `add`, else Django's cache, which edx-platform
backs with memcached or redis shared by every server), with a process-wide lock as the
fallback where neither exists. Inside the lock the block reads its learner fields afresh and
saves them before letting go, so the next action sees what this one wrote.

Some runtimes load a request's learner state before the handler runs (edx-platform's field
data cache): a stale read could then replay an action already taken. So the lock also keeps,
in the same cache, the position the last accepted action reached; `check_fresh` refuses an
action made at an earlier position.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

from xblock.fields import Scope

from xblocks.common.handlers import HandlerRefused
from xblocks.common.i18n import gettext_noop as _

LOCK_SECONDS = 10  # a lock left by a dead process expires
WAIT_SECONDS = 5
MARK_SECONDS = 24 * 3600
BUSY = _("Another action on this activity is still being saved: try again in a moment.")

_local_locks: dict[str, threading.Lock] = {}
_local_marks: dict[str, object] = {}
_registry = threading.Lock()


def _cache(block):
    """A cache with an atomic `add`, or None."""
    service = block.runtime.service(block, "cache") if block.service_declaration("cache") else None
    if service is not None and callable(getattr(service, "add", None)):
        return service
    try:
        from django.conf import settings
        from django.core.cache import cache

        if settings.configured:
            return cache
    except ImportError:  # pragma: no cover - Django is there wherever XBlock runs
        pass
    return None


def action_key(block) -> str:
    ids = block.scope_ids
    return f"insertion_pro:{ids.user_id}:{ids.usage_id}"


def _forget_learner_fields(block) -> None:
    """Drop the values the block read before the lock, so that they are read afresh.

    Nothing was written before the lock, so forgetting also drops the "maybe changed" mark
    XBlock puts on a mutable field it has read (XBlock has no public way to do either).
    """
    cached = getattr(block, "_field_data_cache", {})
    dirty = getattr(block, "_dirty_fields", {})
    for name, field in block.fields.items():
        if field.scope == Scope.user_state:
            cached.pop(name, None)
            dirty.pop(field, None)


@contextmanager
def serialized(block):
    """Run the body alone for this learner and block, then save the block's fields."""
    key = action_key(block)
    cache = _cache(block)
    if cache is None:
        with _registry:
            lock = _local_locks.setdefault(key, threading.Lock())
        if not lock.acquire(timeout=WAIT_SECONDS):
            raise HandlerRefused(BUSY, status=409)
        try:
            _forget_learner_fields(block)
            yield _LocalMarks(key)
            block.save()
        finally:
            lock.release()
        return
    token = f"{time.monotonic_ns()}:{threading.get_ident()}"
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache.add(f"{key}:lock", token, LOCK_SECONDS):
        if time.monotonic() > deadline:
            raise HandlerRefused(BUSY, status=409)
        time.sleep(0.01)
    try:
        _forget_learner_fields(block)
        yield _CacheMarks(cache, key)
        block.save()
    finally:
        if cache.get(f"{key}:lock") == token:
            _release(cache, f"{key}:lock")


def _release(cache, key: str) -> None:
    delete = getattr(cache, "delete", None)
    if callable(delete):
        delete(key)
    else:  # a cache service with only get/set/add: let the lock expire at once
        cache.set(key, None, 1)


class _LocalMarks:
    def __init__(self, key: str) -> None:
        self.key = key

    def get(self):
        return _local_marks.get(self.key)

    def set(self, value) -> None:
        _local_marks[self.key] = value


class _CacheMarks:
    def __init__(self, cache, key: str) -> None:
        self.cache, self.key = cache, f"{key}:reached"

    def get(self):
        return self.cache.get(self.key)

    def set(self, value) -> None:
        self.cache.set(self.key, value, MARK_SECONDS)


def reached(marks, position: tuple) -> bool:
    """Whether an action at `position` comes after the last accepted one (or none is known).

    A position is `(content version, attempt, step)`: once the content has changed, the
    learner's place is measured afresh.
    """
    last = marks.get()
    if not isinstance(last, (tuple, list)) or len(last) != len(position):
        return True
    return last[0] != position[0] or tuple(position[1:]) >= tuple(last[1:])
