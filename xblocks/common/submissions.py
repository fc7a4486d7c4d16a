"""The bounded record of learners' submissions that staff read, shared by every learner of a block.

A plain XBlock cannot read other learners' state (Open edX gives it none of theirs), so each
submit also writes its learner's entry into one `Scope.user_state_summary` field (JSON text,
which XBlock does not copy on every read as it does a mutable value): a list of
[learner's key, what staff need (attempt, score, texts to read)], oldest submission first (a
list, because stores may write a JSON object's keys sorted). It is written under
`xblocks.common.actions.block_wide` and always merged, never rebuilt: a runtime may hand a
handler a copy read before the lock, and an entry lost that way comes back at its learner's
next visit (`needs_entry`).

The record is bounded in bytes: past `MAX_RECORD_BYTES`, the entries submitted longest ago
are dropped first, and `dropped` counts them, so staff are told the list is partial.
"""

from __future__ import annotations

import json

MAX_RECORD_BYTES = 512 * 1024
ENTRIES = "entries"
DROPPED = "dropped"


def _size(record: dict) -> int:
    return len(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def entries(record: object) -> list[tuple[str, dict]]:
    """The entries of a stored record, oldest first, whatever shape an older or damaged one has."""
    found = record.get(ENTRIES) if isinstance(record, dict) else None
    if not isinstance(found, list):
        return []
    return [
        (pair[0], pair[1])
        for pair in found
        if isinstance(pair, list)
        and len(pair) == 2
        and isinstance(pair[0], str)
        and isinstance(pair[1], dict)
    ]


def dropped(record: object) -> int:
    count = record.get(DROPPED) if isinstance(record, dict) else 0
    return count if type(count) is int and count >= 0 else 0


def merged(record: object, learner: str, entry: dict, max_bytes: int = MAX_RECORD_BYTES) -> dict:
    """`record` with `learner`'s entry set, as the newest, within `max_bytes`."""
    kept = [[key, found] for key, found in entries(record) if key != learner]
    kept.append([learner, entry])
    result = {ENTRIES: kept, DROPPED: dropped(record)}
    while len(kept) > 1 and _size(result) > max_bytes:
        kept.pop(0)
        result[DROPPED] += 1
    return result


def needs_entry(record: object, learner: str, attempt: int) -> bool:
    """Whether `learner`'s entry for its kept `attempt` is missing from a record that has never
    been full (once entries were dropped for room, a missing one is not put back on a visit,
    which would only push out another)."""
    entry = dict(entries(record)).get(learner)
    missing = entry is None or entry.get("attempt") != attempt
    return missing and not dropped(record)
