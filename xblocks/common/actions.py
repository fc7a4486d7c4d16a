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

import logging
import threading
import time
import uuid
from collections import OrderedDict
from contextlib import contextmanager

from xblock.fields import Scope

from xblocks.common.handlers import HandlerRefused
from xblocks.common.i18n import gettext_noop as _

LOCK_SECONDS = 10  # a lock left by a dead process expires
WAIT_SECONDS = 5
MARK_SECONDS = 24 * 3600
LOCAL_MARKS = 10_000
BUSY = _("Another action on this activity is still being saved: try again in a moment.")
AT_MALFORMED = _('Say where the action was made in "at": {{"attempt": n, "step": n}}.')

log = logging.getLogger(__name__)
# Where no shared cache exists: a fixed set of locks, striped by key, and a bounded memory of
# marks, so that a long-running process does not grow with its learners.
_stripes = tuple(threading.Lock() for _ in range(64))
# Block-wide locks are taken while a learner's is held: their own stripes, so the two can never
# be the same lock (a Lock is not re-entrant).
_block_stripes = tuple(threading.Lock() for _ in range(64))
_local_marks: OrderedDict[str, tuple] = OrderedDict()
_marks_lock = threading.Lock()


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


def _forget_fields(block, scope) -> None:
    """Drop the values of `scope` the block read before the lock, so that they are read afresh.

    Nothing of that scope was written before the lock, so forgetting also drops the "maybe
    changed" mark XBlock puts on a mutable field it has read (XBlock has no public way to do
    either).
    """
    cached = getattr(block, "_field_data_cache", {})
    dirty = getattr(block, "_dirty_fields", {})
    for name, field in block.fields.items():
        if field.scope == scope:
            cached.pop(name, None)
            dirty.pop(field, None)


class Marks:
    """The position the last accepted action reached, for this learner and block.

    `set` only records the new position: it is written once the block's fields are saved,
    so a failed save never leaves a mark ahead of the learner's real state.
    """

    def __init__(self, read, write) -> None:
        self._read, self._write, self.pending = read, write, None

    def get(self):
        return self._read()

    def set(self, value) -> None:
        self.pending = tuple(value)

    def commit(self) -> None:
        if self.pending is None:
            return
        try:
            self._write(self.pending)
        except Exception:  # the state is saved; only the guard against stale reads is lost
            log.exception("cache marks not written")


def _local_mark_store(key: str):
    def read():
        with _marks_lock:
            return _local_marks.get(key)

    def write(value):
        with _marks_lock:
            _local_marks[key] = value
            _local_marks.move_to_end(key)
            while len(_local_marks) > LOCAL_MARKS:
                _local_marks.popitem(last=False)

    return read, write


def _acquire_shared(cache, key: str) -> str | None:
    """Take the cache lock; its token, or None if the cache itself fails."""
    token = f"{time.monotonic_ns()}:{threading.get_ident()}"
    deadline = time.monotonic() + WAIT_SECONDS
    try:
        while not cache.add(f"{key}:lock", token, LOCK_SECONDS):
            if time.monotonic() > deadline:
                raise HandlerRefused(BUSY, status=409)
            time.sleep(0.01)
    except HandlerRefused:
        raise
    except Exception:  # a cache server down must not turn every action into a 500
        log.exception("cache lock unavailable for %s: falling back to a process lock", key)
        return None
    return token


@contextmanager
def serialized(block):
    """Run the body alone for this learner and block, save the block's fields, then mark."""
    with _locked(block, action_key(block)) as marks:
        _forget_fields(block, Scope.user_state)
        yield marks
        block.save()
        marks.commit()


@contextmanager
def block_wide(block):
    """Run the body alone for every learner of this block, then save what it changed of the
    one record all its learners share (`Scope.user_state_summary`), read afresh inside the
    lock.

    Taken inside `serialized` (a learner's lock, then the block's: always in that order).
    A runtime that loaded the shared record before the handler ran can still hand a stale
    copy to the body; the body must therefore merge its own learner's entry into what it
    reads, never rebuild the record, so that a lost entry comes back with its learner's next
    visit.
    """
    with _locked(block, f"insertion_pro:block:{block.scope_ids.usage_id}", _block_stripes):
        _forget_fields(block, Scope.user_state_summary)
        yield
        # Only the shared record: the learner's own fields are saved once, by `serialized`.
        changed = [
            field.name
            for field in block._dirty_fields
            if field.scope == Scope.user_state_summary and field._is_dirty(block)
        ]
        if changed:
            block.force_save_fields(changed)


@contextmanager
def _locked(block, key: str, stripes: tuple = _stripes):
    """Hold the lock of `key` (the shared cache's, else a process lock of `stripes`); yield
    its marks."""
    cache = _cache(block)
    token = _acquire_shared(cache, key) if cache is not None else None
    if token is None:
        lock = stripes[hash(key) % len(stripes)]
        if not lock.acquire(timeout=WAIT_SECONDS):
            raise HandlerRefused(BUSY, status=409)
        try:
            yield Marks(*_local_mark_store(key))
        finally:
            lock.release()
        return
    try:
        yield Marks(
            lambda: cache.get(f"{key}:reached"),
            lambda value: cache.set(f"{key}:reached", value, MARK_SECONDS),
        )
    finally:
        _release(cache, f"{key}:lock", token)


def _release(cache, key: str, token: str) -> None:
    try:
        if cache.get(key) != token:
            return
        delete = getattr(cache, "delete", None)
        if callable(delete):
            delete(key)
        else:  # a cache service with only get/set/add: let the lock expire at once
            cache.set(key, None, 1)
    except Exception:  # the lock expires by itself
        log.exception("cache lock of %s not released", key)


def reached(marks, position: tuple) -> bool:
    """Whether an action at `position` comes after the last accepted one (or none is known).

    A position is `(content version, lineage, attempt, step)`: the lineage is the learner
    state's own random id, so a state reset by staff (or a changed content) is measured
    afresh, never against the marks of the state it replaced.
    """
    try:
        last = marks.get()
    except Exception:
        log.exception("cache marks unavailable")
        return True
    if not isinstance(last, (tuple, list)) or len(last) != len(position):
        return True
    return tuple(last[:2]) != tuple(position[:2]) or tuple(position[2:]) >= tuple(last[2:])


def action_at(data: dict) -> dict:
    """The position a learner action says it was made at ({"attempt": n, "step": n}), or 400."""
    at = data.get("at")
    if not (
        isinstance(at, dict)
        and set(at) == {"attempt", "step"}
        and all(type(at[k]) is int for k in at)
    ):
        raise HandlerRefused(AT_MALFORMED)
    return at


def lineage(record: dict) -> str:
    """The learner state's own random id (see `reached`), a new one for a state without."""
    found = record.get("lid") if isinstance(record, dict) else None
    return found if isinstance(found, str) else uuid.uuid4().hex[:12]
