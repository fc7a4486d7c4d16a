"""The staff record of submissions: merged per learner, newest last, bounded in bytes."""

import json

import pytest

from xblocks.common import submissions as records


def entry(attempt=1, text=""):
    return {"name": "x", "attempt": attempt, "raw_score": 0.5, "justifications": [text]}


def test_a_learner_submitting_again_moves_to_the_newest_and_is_listed_once():
    record = records.merged({}, "a", entry())
    record = records.merged(record, "b", entry())
    record = records.merged(record, "a", entry(2))
    assert [key for key, _e in records.entries(record)] == ["b", "a"]
    assert dict(records.entries(record))["a"]["attempt"] == 2


def test_past_the_bound_the_oldest_submissions_are_dropped_and_counted():
    record = {}
    for n in range(40):
        record = records.merged(record, f"l{n}", entry(text="é" * 300), max_bytes=8_000)
    size = len(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    assert size <= 8_000
    keys = [key for key, _e in records.entries(record)]
    assert keys[-1] == "l39" and records.dropped(record) == 40 - len(keys)
    assert keys == [f"l{n}" for n in range(40 - len(keys), 40)]


@pytest.mark.parametrize(
    "damaged",
    [
        None,
        [],
        "x",
        {"entries": {"a": {}}},
        {"entries": [["a"], [1, {}], ["b", "c"]]},
        {"entries": [], "dropped": -3},
        {"dropped": True},
    ],
)
def test_a_damaged_record_reads_as_empty_and_is_mended_by_the_next_submit(damaged):
    assert records.entries(damaged) == [] and records.dropped(damaged) == 0
    mended = records.merged(damaged, "a", entry())
    assert records.entries(mended) == [("a", entry())]


def test_a_missing_entry_is_put_back_only_while_the_record_was_never_full():
    record = records.merged({}, "a", entry())
    assert not records.needs_entry(record, "a", 1)
    assert records.needs_entry(record, "a", 2) and records.needs_entry(record, "b", 1)
    assert not records.needs_entry({**record, "dropped": 1}, "b", 1)
