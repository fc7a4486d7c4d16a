"""Scoring of a partner network: partial credit per item, a sub-score per capacity, critical caps.

Pure Python, to be mirrored by the JavaScript engine (the shared vectors hold the two equal), so
the order of every operation below is part of the rule. Each item earns `points × fraction`,
the fraction in [0, 1]:

- a partner's placement: the F1 of the domains chosen against the reference's,
  2 × right / (chosen + reference), 0 when none is chosen;
- a relation of the reference: (tie + type + direction) / 3 × precision. `tie` is 1 when a
  drawn relation links the same two nodes (either way), `type` when it also has the same type,
  `direction` when it is drawn both ways for a two-way relation, or from the same source for a
  one-way one. `precision` is the share of drawn relations that link two nodes the reference
  links (1 when none is drawn): a wrong relation costs every relation item, so drawing every
  pair never pays;
- a question: the F1 of the options chosen against the right ones;
- a strategy: the sum of its lists' F1 divided by their number;
- a situation: (2 × the F1 of the partners chosen + first) / 3, `first` being 1 when the
  partner marked first is an urgent one or, in a situation without urgency, when partners are
  chosen and none is marked first.

Items come in that order (partners, relations, questions, strategies, situations, each in
authored order) and are summed in it. The raw score is the points earned over the points of
every item, capped by the lowest `cap` of the situations whose urgent partners were all left
out (critical items, as in the interview), in [0, 1]. A capacity's sub-score is the same ratio
over the items tagged with it (an item's own `capacities`, else its task's); caps do not apply
to sub-scores. Scores are rounded to four decimals at the end, never on the way.
"""

from __future__ import annotations

from dataclasses import dataclass

from xblocks.common.i18n import Message
from xblocks.common.i18n import gettext_noop as _
from xblocks.partner_network.engine import DOMAINS, Network, capacity_sort_key, decode_relation

EXPLAIN_SCORE = _(
    "The score is the points you earned ({earned}) over the points of every item ({possible}): "
    "{percent}%."
)
EXPLAIN_CAPPED = _(
    "Capped at {percent}% because the urgency of a situation was left without its partner: {items}."
)
EXPLAIN_CAPACITY = _(
    "{code}: the points you earned ({earned}) over the points of the items tagged {code} "
    "({possible}): {percent}%."
)
EXPLAIN_KIND = {
    "placement": _(
        "A partner's placement earns its points times the F1 of the domains you chose against "
        "the reference's: twice the right domains over the domains you chose plus the "
        "reference's."
    ),
    "relation": _(
        "A relation of the reference earns a third of its points for linking the right "
        "partners, a third for its type and a third for its direction, times the share of your "
        "relations that link partners the reference links ({matched} of {drawn})."
    ),
    "question": _(
        "A question earns its points times the F1 of the options you chose against the right ones."
    ),
    "strategy": _(
        "A partner's strategy earns its points times the mean F1 of its lists: what the partner "
        "expects, what it can offer."
    ),
    "situation": _(
        "A situation earns two thirds of its points for the partners you chose (their F1 "
        "against the reference's) and a third for the partner you mobilise first (none when "
        "nothing is urgent)."
    ),
}


@dataclass(frozen=True)
class ItemScore:
    """What one item earned: `outcome` is "right" (all of it), "partial" or "missed"."""

    kind: str  # placement, relation, question, strategy, situation
    id: str
    fraction: float
    earned: float
    possible: int
    capacities: tuple[str, ...]

    @property
    def outcome(self) -> str:
        return "right" if self.fraction == 1 else "missed" if self.fraction == 0 else "partial"


@dataclass(frozen=True)
class CapacityScore:
    code: str
    earned: float
    possible: int
    items: int

    @property
    def ratio(self) -> float:
        return round(self.earned / self.possible, 4) if self.possible else 0.0


@dataclass(frozen=True)
class Score:
    """A draft's or a submitted attempt's score.

    `uncapped` is the points earned over the points of every item; `cap` is set only when a
    missed critical item lowered the score, `cap_items` being those situations; `missed` lists
    every critical situation whose urgency was left without its partner.
    """

    raw: float
    uncapped: float
    earned: float
    possible: int
    capacities: tuple[CapacityScore, ...]
    cap: float | None
    cap_items: tuple[str, ...]
    missed: tuple[str, ...]
    items: tuple[ItemScore, ...]
    matched: int  # drawn relations linking two nodes the reference links
    drawn: int


def f1(chosen: int, expected: int) -> float:
    """F1 of two sets given as bit masks: 2 × common / (chosen + expected); 0 if either is empty."""
    common = (chosen & expected).bit_count()
    total = chosen.bit_count() + expected.bit_count()
    return 2 * common / total if common else 0.0


def _mask(indices) -> int:
    mask = 0
    for index in indices:
        mask |= 1 << index
    return mask


def _correct(choices) -> int:
    return _mask(i for i, option in enumerate(choices.options) if option.correct)


def _relation_fractions(network: Network, codes: list[int]) -> tuple[list[float], int]:
    nodes = network.node_index
    drawn = {}
    for code in codes:
        source, target, type_, two_way = decode_relation(network, code)
        drawn[(min(source, target), max(source, target))] = (source, type_, two_way)
    reference = network.map.relations if network.map else ()
    pairs = set()
    for relation in reference:
        a, b = nodes[relation.source], nodes[relation.target]
        pairs.add((min(a, b), max(a, b)))
    matched = sum(1 for pair in drawn if pair in pairs)
    precision = matched / len(drawn) if drawn else 1.0
    fractions = []
    for relation in reference:
        a, b = nodes[relation.source], nodes[relation.target]
        found = drawn.get((min(a, b), max(a, b)))
        if found is None:
            fractions.append(0.0)
            continue
        source, type_, two_way = found
        same_type = int(type_ == network.type_index[relation.type])
        if relation.direction == "two_way":
            same_direction = int(two_way)
        else:
            same_direction = int(not two_way and source == a)
        fractions.append((1 + same_type + same_direction) / 3 * precision)
    return fractions, matched


def _situation_fraction(network: Network, index: int, state: dict) -> tuple[float, bool]:
    """(the situation's fraction, whether its urgency was left without an urgent partner)."""
    situation = network.situation_items[index]
    chosen, first = state["s"][index]
    expected = _mask(network.partner_index[m.partner] for m in situation.mobilise)
    urgent = {network.partner_index[partner] for partner in situation.urgent}
    # Nothing urgent: right to mark none first, once partners are chosen at all.
    right_first = int(first in urgent) if urgent else int(bool(chosen) and first == -1)
    missed = bool(urgent) and not urgent & set(chosen)
    return (2 * f1(_mask(chosen), expected) + right_first) / 3, missed


def _items(network: Network, state: dict) -> tuple[list[ItemScore], int, list]:
    items: list[ItemScore] = []

    def add(kind: str, item, fraction: float, default: tuple[str, ...]) -> None:
        capacities = item.capacities or default
        items.append(
            ItemScore(kind, item.id, fraction, item.points * fraction, item.points, capacities)
        )

    matched, missed = 0, []
    if network.map is not None:
        domains = {d: i for i, d in enumerate(DOMAINS)}
        for index, partner in enumerate(network.partners):
            expected = _mask(domains[d] for d in partner.domains)
            add("placement", partner, f1(state["p"][index], expected), network.map.capacities)
        fractions, matched = _relation_fractions(network, state["r"])
        for relation, fraction in zip(network.map.relations, fractions, strict=True):
            add("relation", relation, fraction, network.map.capacities)
    lists = network.list_index
    for question in network.question_items:
        chosen = state["q"][lists[(question.id, "")]]
        add(
            "question",
            question,
            f1(chosen, _correct(question.choices)),
            network.questions.capacities,
        )
    for strategy in network.strategy_items:
        total = 0.0
        for part, choices in strategy.lists():
            total += f1(state["q"][lists[(strategy.id, part)]], _correct(choices))
        add("strategy", strategy, total / len(strategy.lists()), network.strategies.capacities)
    for index, situation in enumerate(network.situation_items):
        fraction, missed_urgency = _situation_fraction(network, index, state)
        add("situation", situation, fraction, network.situations.capacities)
        if missed_urgency and situation.cap is not None:
            missed.append(situation)
    return items, matched, missed


def score(network: Network, state: dict) -> Score:
    """The score of a (checked) state's draft, submitted or not."""
    items, matched, missed = _items(network, state)
    earned = sum(item.earned for item in items)
    possible = sum(item.possible for item in items)
    uncapped = earned / possible if possible else 0.0
    caps = [situation.cap for situation in missed]
    raw = min(uncapped, *caps) if caps else uncapped
    lowering = [s for s in missed if s.cap < uncapped]
    cap = min(s.cap for s in lowering) if lowering else None
    codes: dict[str, list[ItemScore]] = {}
    for item in items:
        for code in dict.fromkeys(item.capacities):  # a code listed twice counts once
            codes.setdefault(code, []).append(item)
    capacities = tuple(
        CapacityScore(
            code,
            round(sum(item.earned for item in tagged), 4),
            sum(item.possible for item in tagged),
            len(tagged),
        )
        for code, tagged in sorted(codes.items(), key=lambda e: (capacity_sort_key(e[0]), e[0]))
    )
    return Score(
        raw=round(raw, 4),
        uncapped=round(uncapped, 4),
        earned=round(earned, 4),
        possible=possible,
        capacities=capacities,
        cap=cap,
        cap_items=tuple(s.id for s in lowering if s.cap == cap),
        missed=tuple(s.id for s in missed),
        items=tuple(
            ItemScore(
                i.kind, i.id, round(i.fraction, 4), round(i.earned, 4), i.possible, i.capacities
            )
            for i in items
        ),
        matched=matched,
        drawn=len(state["r"]),
    )


# --- The score explained ----------------------------------------------------------------------


def _figure(value: float) -> float | int:
    """A number as a sentence shows it: 4 rather than 4.0, at most two decimals."""
    value = round(value, 2)
    return int(value) if value == int(value) else value


def _percent(ratio: float) -> int:
    return round(ratio * 100)


def explanations(network: Network, result: Score) -> dict:
    """One translatable line per figure of the score: the whole, its cap, each capacity, and
    how each kind of item present is computed."""
    titles = {s.id: s.title for s in network.situation_items}
    kinds = dict.fromkeys(item.kind for item in result.items)
    return {
        "score": Message(
            EXPLAIN_SCORE,
            earned=_figure(result.earned),
            possible=result.possible,
            percent=_percent(result.uncapped),
        ),
        "cap": None
        if result.cap is None
        else Message(
            EXPLAIN_CAPPED,
            percent=_percent(result.cap),
            items="; ".join(titles[item] for item in result.cap_items),
        ),
        "capacities": {
            c.code: Message(
                EXPLAIN_CAPACITY,
                code=c.code,
                earned=_figure(c.earned),
                possible=c.possible,
                count=c.items,
                percent=_percent(c.ratio),
            )
            for c in result.capacities
        },
        "kinds": {
            kind: Message(EXPLAIN_KIND[kind], matched=result.matched, drawn=result.drawn)
            for kind in kinds
        },
    }


def score_dict(result: Score) -> dict:
    """The score as JSON (the shared vectors, the block's record of an attempt)."""
    return {
        "raw": result.raw,
        "uncapped": result.uncapped,
        "earned": result.earned,
        "possible": result.possible,
        "cap": result.cap,
        "cap_items": list(result.cap_items),
        "missed": list(result.missed),
        "matched": result.matched,
        "drawn": result.drawn,
        "capacities": [
            {"code": c.code, "earned": c.earned, "possible": c.possible, "items": c.items}
            for c in result.capacities
        ],
        "items": [
            {
                "kind": i.kind,
                "id": i.id,
                "fraction": i.fraction,
                "earned": i.earned,
                "possible": i.possible,
                "outcome": i.outcome,
            }
            for i in result.items
        ],
    }


# --- Attempts: the best one is kept -----------------------------------------------------------

_DRAFT = ("p", "r", "q", "s", "j")


def finished_record(network: Network, state: dict, result: Score | None = None) -> dict:
    """What a block keeps of a submitted attempt: its number, its answers and its score
    (`result`, where the caller has already scored `state`)."""
    return {
        "attempt": state["a"],
        "answers": {key: state[key] for key in _DRAFT},
        "score": score_dict(result or score(network, state)),
    }


def better_kept(kept: dict | None, finished: dict) -> dict:
    """The attempt kept: the new one only if it scores strictly more (the first of equal
    attempts stays, as the grade does, which never goes down)."""
    if kept is None or finished["score"]["raw"] > kept["score"]["raw"]:
        return finished
    return kept


def kept_after(network: Network, kept: dict | None, state: dict) -> dict | None:
    """The attempt kept once `state` is saved (`better_kept` once it is submitted)."""
    if not state["f"]:
        return kept
    return better_kept(kept, finished_record(network, state))
