"""The compact, compressed form of a learner's workshop state, as a SCO saves it.

A SCO keeps its learner's state in `cmi.suspend_data`: 4,096 characters in SCORM 1.2, 64,000
in 2004, shared with the rest of the SCO. A plan is mostly French prose, so its state is
written positionally (no keys, ids, or method names), UTF-8, raw deflate, then in text:

    "W" <form> <payload>

- form "A": the deflated bytes in 85 printable ASCII characters (`ASCII85`: "!" to "}"
  without " & ' < > \\ ` | ~), 5 characters per 4 bytes, a short last group as Ascii85 has;
  what every LMS keeps. A SCO uses it wherever it fits.
- form "U": 14 bits per character, each one of the 16,384 CJK unified ideographs from U+4E00
  (letters that no Unicode normalisation changes, valid in XML, no control or space), then
  after "W U" one digit: how many bytes the last character pads. 2.4 times as dense as "A", for
  a plan that would not fit otherwise in SCORM 1.2, whose LMS must then keep Unicode text (as
  it must already for a learner's accented French).

The document deflated is the JSON list

    [1, attempt, submitted 0|1, best score in ten-thousandths or -1, its attempt or 0,
     goal, logistics, report, [objective texts],
     [[title, [objective indexes], method index + 1 or 0, minutes, materials, notes, access]…],
     [[kind index + 1 or 0, [objective indexes], text]…],
     [constraint answers], [deliverable answers], [indicator answers]]

with the answers in the brief's order ("" for none) and indexes into `model.METHODS`,
`model.EVALUATION_KINDS` and the plan's objectives. Ids come back as o1…, s1…, e1…. The JS
adapter (`public/workshop-design-scorm.js`) writes and reads the same; this module is its
reference, for the tests, the exporter's figures and the benchmark.
"""

from __future__ import annotations

import json
import zlib

from xblocks.workshop_design import engine, scoring
from xblocks.workshop_design.model import EVALUATION_KINDS, METHODS, Workshop

FORMAT = 1
ASCII85 = "".join(c for c in map(chr, range(0x21, 0x7E)) if c not in "\"&'<>\\`|")
DENSE_BASE = 0x4E00
DENSE_BITS = 14
#: A plan's JSON at every bound is under 400 KB (110,000 code points of at most 3 bytes):
#: inflation stops past this, whatever a damaged or forged state claims.
MAX_INFLATED = 512 * 1024
#: No SCO saves more (SCORM 2004's suspend_data): longer text is not read.
MAX_CHARS = 64_000

assert len(ASCII85) == 85


def document(workshop: Workshop, state: dict, best: float | None, kept: int | None) -> list:
    """The positional document of a state (checked by the engine)."""
    plan = state["p"]
    index = {o["id"]: i for i, o in enumerate(plan["objectives"])}
    brief = workshop.brief
    answers = {
        "constraints": brief.public.constraints,
        "deliverables": brief.deliverables,
        "indicators": brief.indicators,
    }
    return [
        FORMAT,
        state["a"],
        state["f"],
        -1 if best is None else round(best * 10000),
        kept or 0,
        plan["goal"],
        plan["logistics"],
        plan["report"],
        [o["text"] for o in plan["objectives"]],
        [
            [
                s["title"],
                [index[o] for o in s["objectives"]],
                METHODS.index(s["method"]) + 1 if s["method"] else 0,
                s["minutes"],
                s["materials"],
                s["notes"],
                s["access"],
            ]
            for s in plan["sequences"]
        ],
        [
            [
                EVALUATION_KINDS.index(e["kind"]) + 1 if e["kind"] else 0,
                [index[o] for o in e["objectives"]],
                e["text"],
            ]
            for e in plan["evaluations"]
        ],
        *([plan[part].get(item.id, "") for item in items] for part, items in answers.items()),
    ]


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    return packer.compress(data) + packer.flush()


def _inflate(data: bytes) -> bytes | None:
    unpacker = zlib.decompressobj(-15)
    try:
        out = unpacker.decompress(data, MAX_INFLATED)
    except zlib.error:
        return None
    if unpacker.unconsumed_tail or not unpacker.eof or unpacker.unused_data:
        return None
    return out


def to_ascii(data: bytes) -> str:
    out = []
    for start in range(0, len(data), 4):
        group = data[start : start + 4]
        value = int.from_bytes(group + b"\0" * (4 - len(group)), "big")
        digits = []
        for _ in range(5):
            digits.append(ASCII85[value % 85])
            value //= 85
        out.append("".join(reversed(digits))[: len(group) + 1])
    return "".join(out)


def from_ascii(text: str) -> bytes | None:
    out = bytearray()
    for start in range(0, len(text), 5):
        group = text[start : start + 5]
        if len(group) == 1:
            return None
        value = 0
        for char in group + ASCII85[-1] * (5 - len(group)):
            digit = ASCII85.find(char)
            if digit < 0:
                return None
            value = value * 85 + digit
        if value >= 1 << 32:
            return None
        out += value.to_bytes(4, "big")[: len(group) - 1]
    return bytes(out)


def to_dense(data: bytes) -> str:
    bits = len(data) * 8
    count = -(-bits // DENSE_BITS)
    value = int.from_bytes(data, "big") << (count * DENSE_BITS - bits)
    chars = [
        chr(DENSE_BASE + ((value >> (DENSE_BITS * (count - 1 - i))) & 0x3FFF)) for i in range(count)
    ]
    return str(count * DENSE_BITS // 8 - len(data)) + "".join(chars)


def from_dense(text: str) -> bytes | None:
    if not text or text[0] not in "01" or len(text) > MAX_CHARS:
        return None
    value, count = 0, len(text) - 1
    for char in text[1:]:
        digit = ord(char) - DENSE_BASE
        if not 0 <= digit < 1 << DENSE_BITS:
            return None
        value = value << DENSE_BITS | digit
    size = count * DENSE_BITS // 8 - int(text[0])
    if size < 0:
        return None
    return (value >> (count * DENSE_BITS - size * 8)).to_bytes(size, "big")


def encode(
    workshop: Workshop,
    state: dict,
    best: float | None = None,
    kept: int | None = None,
    *,
    room: int | None = None,
) -> str:
    """The compact state: the ASCII form if it takes at most `room` characters (or no room is
    given), else the dense one."""
    text = json.dumps(
        document(workshop, state, best, kept), ensure_ascii=False, separators=(",", ":")
    )
    packed = _deflate(text.encode("utf-8"))
    ascii_form = "WA" + to_ascii(packed)
    if room is None or len(ascii_form) <= room:
        return ascii_form
    return "WU" + to_dense(packed)


def _indexes(value: object, size: int) -> list[str] | None:
    if not isinstance(value, list) or not all(type(i) is int and 0 <= i < size for i in value):
        return None
    return [f"o{i + 1}" for i in value]


def _pick(names: tuple[str, ...], value: object) -> str | None:
    if type(value) is not int or not 0 <= value <= len(names):
        return None
    return names[value - 1] if value else ""


def _state(workshop: Workshop, doc: object) -> tuple[dict, float | None, int | None] | None:
    if not isinstance(doc, list) or len(doc) != 14 or type(doc[0]) is not int or doc[0] != FORMAT:
        return None
    _version, attempt, submitted, best, kept, goal, logistics, report, *rest = doc
    objectives, sequences, evaluations, *answers = rest
    if not all(isinstance(part, list) for part in rest):
        return None
    count = len(objectives)
    plan = {
        "goal": goal,
        "objectives": [{"id": f"o{i + 1}", "text": t} for i, t in enumerate(objectives)],
        "sequences": [],
        "evaluations": [],
        "logistics": logistics,
        "report": report,
    }
    for n, s in enumerate(sequences, 1):
        if not isinstance(s, list) or len(s) != 7:
            return None
        title, refs, method, minutes, materials, notes, access = s
        plan["sequences"].append(
            {
                "id": f"s{n}",
                "title": title,
                "objectives": _indexes(refs, count),
                "method": _pick(METHODS, method),
                "minutes": minutes,
                "materials": materials,
                "notes": notes,
                "access": access,
            }
        )
    for n, e in enumerate(evaluations, 1):
        if not isinstance(e, list) or len(e) != 3:
            return None
        kind, refs, text = e
        plan["evaluations"].append(
            {
                "id": f"e{n}",
                "kind": _pick(EVALUATION_KINDS, kind),
                "objectives": _indexes(refs, count),
                "text": text,
            }
        )
    brief = workshop.brief
    sources = (brief.public.constraints, brief.deliverables, brief.indicators)
    parts = ("constraints", "deliverables", "indicators")
    for part, items, found in zip(parts, sources, answers, strict=True):
        # A brief whose items changed since: its answers are left out rather than misplaced.
        same = len(found) == len(items)
        plan[part] = {i.id: t for i, t in zip(items, found, strict=True) if t} if same else {}
    try:
        clean = engine.clean_plan(workshop, plan)
    except (engine.ActionRefused, TypeError, KeyError):
        return None
    state = {"v": engine.STATE_VERSION, "a": attempt, "n": 0, "f": submitted, "p": clean}
    if engine.checked_state(workshop, state) != state or clean != plan:
        return None
    if type(best) is not int or not -1 <= best <= 10000 or type(kept) is not int:
        return None
    if (best < 0) != (kept == 0) or not 0 <= kept <= attempt:
        return None
    # The current attempt's best is its own score, once submitted: nothing else.
    if kept == attempt and (not submitted or best != round(_automatic(workshop, clean) * 10000)):
        return None
    return state, (None if best < 0 else best / 10000), (kept or None)


def _automatic(workshop: Workshop, plan: dict) -> float:
    return scoring.grade(workshop, plan, None, automatic_only=True).raw


def decode(workshop: Workshop, text: str) -> tuple[dict, float | None, int | None]:
    """The state, best score and its attempt a compact state stands for; a fresh state for
    anything else (damaged, forged, or for content that changed)."""
    fresh = (engine.new_state(), None, None)
    if not isinstance(text, str) or not 2 <= len(text) <= MAX_CHARS or text[0] != "W":
        return fresh
    packed = {"A": from_ascii, "U": from_dense, "R": from_ascii}.get(text[1], lambda _t: None)(
        text[2:]
    )
    # "R": the bytes as they are, from a browser that cannot deflate.
    raw = packed if text[1] == "R" else _inflate(packed) if packed is not None else None
    if raw is None:
        return fresh
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return fresh
    return _state(workshop, doc) or fresh
