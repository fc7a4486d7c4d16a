"""The grading queue: every learner's submitted plan and its gradings, where trainers read them.

A plain XBlock cannot read other learners' state, so a submit writes its learner's plan into
records all learners of the block share (`Scope.user_state_summary`), which trainers read and
grade, and which the learner reads back to see the result. Pure functions over those records.

The plans are in `SHARDS` records picked by the learner's key, so that a submit or a grading
reads and writes one share of them: {learner: {"user", "name", "attempt", "cv", "plan",
"checks", "submitted", "gradings": [grading, …], "kept": best graded attempt}}. A grading is
{"levels", "comments", "overall", "by", "at", "raw", "rubric", "checks"}; the history is never
rewritten, only its middle thinned past `MAX_HISTORY`. The staff list is read from all the
shares (`rows`). A record is stored compressed (`dumps`), read with bounded inflation
(`loads`), and is full past `MAX_SHARD_BYTES` of JSON: a submit is then refused (`ShardFull`)
before anything is written, and the learner's plan stays in their own state.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zlib

SHARDS = 8
MAX_SHARD_BYTES = 2 * 1024 * 1024
MAX_HISTORY = 20  # gradings kept per attempt: the first and the latest ones
AWAITING, GRADED, REGRADED = "awaiting", "graded", "regraded"
STATUSES = (AWAITING, GRADED, REGRADED)


class ShardFull(Exception):
    """No room for this plan in its record."""


def shard_of(learner: str) -> int:
    return int(hashlib.sha256(learner.encode("utf-8")).hexdigest()[:8], 16) % SHARDS


_COMPRESSED = "z1:"


def loads(text: str) -> dict:
    """A stored record; {} for an empty or damaged one. A compressed record inflates to at
    most `MAX_SHARD_BYTES` (more is damage, or an attack: refused as damaged)."""
    if text.startswith(_COMPRESSED):
        try:
            inflater = zlib.decompressobj()
            raw = inflater.decompress(base64.b64decode(text[len(_COMPRESSED) :]), MAX_SHARD_BYTES)
            if inflater.unconsumed_tail or not inflater.eof:
                return {}
            text = raw.decode("utf-8")
        except (ValueError, binascii.Error, zlib.error, UnicodeDecodeError):
            return {}
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _json(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def dumps(record: dict) -> str:
    """A record as stored: its JSON deflated, in base 64 (plans are text: a third or less of
    their size, and a store's own JSON encoding has nothing left to escape)."""
    return _COMPRESSED + base64.b64encode(zlib.compress(_json(record), 6)).decode("ascii")


def entry(shard: dict, learner: str) -> dict | None:
    found = shard.get(learner)
    valid = (
        isinstance(found, dict)
        and type(found.get("attempt")) is int
        and isinstance(found.get("plan"), dict)
        and isinstance(found.get("gradings"), list)
    )
    return found if valid else None


def status(found: dict | None) -> str | None:
    if found is None:
        return None
    count = len(found["gradings"])
    return AWAITING if not count else GRADED if count == 1 else REGRADED


def submitted(shard: dict, learner: str, values: dict) -> dict:
    """The shard with `learner`'s newly submitted attempt ({"user", "attempt", "cv", "plan",
    "submitted"}), its best graded attempt kept; ShardFull if it would not fit."""
    before = entry(shard, learner)
    kept = None if before is None else before.get("kept")
    new = {**shard, learner: {**values, "gradings": [], "kept": kept}}
    if len(_json(new)) > MAX_SHARD_BYTES:
        raise ShardFull
    return new


def version(found: dict) -> int:
    """The version a trainer grades: how many gradings the attempt has had."""
    return len(found["gradings"])


def graded(shard: dict, learner: str, grading: dict) -> dict:
    """The shard with a grading added to `learner`'s current attempt, and the attempt kept if
    it is now the best graded one (a regrade of the kept attempt replaces its result)."""
    found = dict(entry(shard, learner))
    history = [*found["gradings"], grading]
    if len(history) > MAX_HISTORY:
        history = [history[0], *history[-(MAX_HISTORY - 1) :]]
    found["gradings"] = history
    kept = found.get("kept") if isinstance(found.get("kept"), dict) else None
    mine = {
        "attempt": found["attempt"],
        "raw": grading["raw"],
        "levels": grading["levels"],
        "comments": grading["comments"],
        "overall": grading["overall"],
        "rubric": grading["rubric"],
        "checks": grading["checks"],
        "plan": found["plan"],
    }
    if kept is None or kept.get("attempt") == found["attempt"] or grading["raw"] > kept["raw"]:
        found["kept"] = mine
    return {**shard, learner: found}


def row(learner: str, found: dict) -> dict:
    """What the staff list shows of a learner's current attempt."""
    latest = found["gradings"][-1] if found["gradings"] else None
    return {
        "learner": learner,
        "name": str(found.get("name", learner)),
        "attempt": found["attempt"],
        "status": status(found),
        "checks": found.get("checks"),
        "raw": None if latest is None else latest["raw"],
        "submitted": found.get("submitted"),
        "graded": None if latest is None else latest.get("at"),
        "by": None if latest is None else latest.get("by"),
        "version": version(found),
    }


def rows(shards: list[dict]) -> list[dict]:
    """The staff list from every shard: newest submission first."""
    found = [
        row(learner, item)
        for shard in shards
        for learner in shard
        if (item := entry(shard, learner)) is not None
    ]
    return sorted(found, key=lambda r: (str(r["submitted"] or ""), r["learner"]), reverse=True)
