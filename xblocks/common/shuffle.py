"""Deterministic shuffles that the Python and JavaScript engines compute alike.

Every option list a learner chooses from is shown in an order drawn from a key such as
"<learner>|<block>|<attempt>|<node>": the same key gives the same order in Open edX, in a SCO
and in the Studio preview (`public/shuffle.js` is the JavaScript twin; the shared vectors in
`tests/vectors/shuffle/` hold them equal). The key is hashed with 32-bit FNV-1a over its UTF-8
bytes, which seeds a mulberry32 generator driving a Fisher-Yates shuffle: small, exact integer
arithmetic in both languages, and no order ever carries the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")
_MASK = 0xFFFFFFFF


def _utf8(text: str) -> bytes:
    # A lone surrogate becomes U+FFFD, as JavaScript's TextEncoder writes it.
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode("utf-8")


def key_hash(key: str) -> int:
    """32-bit FNV-1a of the key's UTF-8 bytes."""
    value = 0x811C9DC5
    for byte in _utf8(key):
        value = ((value ^ byte) * 0x01000193) & _MASK
    return value


def _numbers(seed: int):
    """mulberry32: a stream of 32-bit unsigned integers."""
    state = seed
    while True:
        state = (state + 0x6D2B79F5) & _MASK
        t = ((state ^ (state >> 15)) * (state | 1)) & _MASK
        t ^= (t + ((t ^ (t >> 7)) * (t | 61))) & _MASK
        yield (t ^ (t >> 14)) & _MASK


@lru_cache(maxsize=4096)
def _permutation(key: str, size: int) -> tuple[int, ...]:
    """The positions `shuffled` draws from `key` for `size` items (Fisher-Yates, from the last
    position down). Kept for the next request: a learner's page draws the same orders again
    on each of their actions."""
    order = list(range(size))
    numbers = _numbers(key_hash(key))
    for last in range(size - 1, 0, -1):
        other = next(numbers) % (last + 1)
        order[last], order[other] = order[other], order[last]
    return tuple(order)


def shuffled(items: Sequence[T], key: str) -> list[T]:
    """The items in the order drawn from `key`."""
    return [items[i] for i in _permutation(key, len(items))]


def order_key(*parts: object) -> str:
    """The key of one option list: its parts joined by "|"."""
    return "|".join(str(part) for part in parts)
