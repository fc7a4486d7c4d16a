"""Partner network engine: the learner state, the actions that change it, and what the learner
sees of it.

Pure Python: nothing here knows about XBlock, Django or HTTP. The content model is in
`model.py` (re-exported here), scoring in `scoring.py`, OLX in `olx.py`, validation and the cues
that give answers away in `validation.py`. The JavaScript engine mirrors this module; the
shared vectors in `tests/vectors/partner_network/` hold the two equal, so every rule below is
plain integer and list arithmetic.

The learner state is compact JSON that names everything by its index in the authored content,
never by id, and keeps every set in one canonical form (so two learners who did the same things
in another order hold the same state):

    {"v": 1, "a": attempt, "n": actions accepted in this attempt, "f": 1 once submitted,
     "p": [the domains of each partner, as a bit mask over DOMAINS],
     "r": [the relations drawn, as codes, ascending],
     "q": [the options chosen in each choice list, as a bit mask over its options],
     "s": [[the partners chosen for each situation, ascending], the one to mobilise first or -1],
     "j": [the justification of each situation],
     "u": [undo entries, oldest first, at most UNDO_DEPTH]}

Node 0 is the counsellor's own structure, node i + 1 the i-th partner. A relation drawn from
node `a` to node `b`, of the t-th relation type, is the code ((a * N + b) * T + t) * 2 + w, N
being the number of nodes, T of relation types, w 1 when it goes both ways. Choice lists are the
questions in order, then each strategy's `expects` list and its `offers` list.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from xblocks.common.i18n import gettext_noop as _
from xblocks.common.problems import (  # noqa: F401 - part of this engine's API
    ActionRefused,
    ActionStale,
    Problem,
    capacity_sort_key,
    problem,
)
from xblocks.common.shuffle import order_key, shuffled
from xblocks.partner_network.model import (  # noqa: F401 - part of this engine's API
    DIRECTIONS,
    DOMAINS,
    MAX_ATTEMPT_NUMBER,
    MAX_JUSTIFICATION,
    MAX_MOBILISED,
    MAX_OPTIONS,
    MAX_PARTNERS,
    MAX_QUESTIONS,
    MAX_RELATION_TYPES,
    MAX_SITUATIONS,
    MAX_STEPS,
    MAX_STRATEGIES,
    PARTNER_KINDS,
    PARTS,
    SELECTS,
    STRENGTHS,
    UNDO_DEPTH,
    ChoiceList,
    Indicator,
    MapTask,
    Mobilise,
    Network,
    Option,
    PartnerCard,
    Question,
    QuestionsTask,
    Relation,
    RelationType,
    Situation,
    SituationsTask,
    StrategiesTask,
    Strategy,
    Structure,
    Territory,
    from_dict,
    to_dict,
)

STATE_VERSION = 1


# What a learner action can be refused for; the JS engine uses the same templates.
REFUSED_MALFORMED = _("This action is malformed: {field}.")
REFUSED_UNKNOWN_ACTION = _("Unknown action {action}.")
REFUSED_UNKNOWN_PARTNER = _("Unknown partner {partner}.")
REFUSED_UNKNOWN_DOMAIN = _("Unknown domain {domain}.")
REFUSED_UNKNOWN_TYPE = _("Unknown relation type {relation}.")
REFUSED_UNKNOWN_QUESTION = _("Unknown question {question}.")
REFUSED_UNKNOWN_OPTION = _("Unknown option {option}.")
REFUSED_UNKNOWN_SITUATION = _("Unknown situation {situation}.")
REFUSED_NO_MAP = _("This activity has no map to draw.")
REFUSED_NO_RELATIONS = _("This map asks for no relation.")
REFUSED_SELF = _("A relation links two different partners.")
REFUSED_DUPLICATE = _(
    "There is already a relation between {source} and {target}: remove it first to change it."
)
REFUSED_NO_RELATION = _("There is no relation between {source} and {target}.")
REFUSED_TOO_MANY_RELATIONS = _("The map holds at most {limit} relations.")
REFUSED_ONE_OPTION = _("Question {question} takes a single answer.")
REFUSED_TOO_MANY_PARTNERS = _("Choose at most {limit} partners for a situation.")
REFUSED_FIRST_NOT_CHOSEN = _(
    "The partner to mobilise first ({partner}) must be one of the partners chosen."
)
REFUSED_TEXT_INVALID = _("The justification must be plain text.")
REFUSED_TEXT_LONG = _("The justification is {count} characters long, over the limit of {limit}.")
REFUSED_SUBMITTED = _("This attempt is submitted: start a new attempt to change your answers.")
REFUSED_NOTHING_TO_UNDO = _("There is nothing to undo.")
REFUSED_NOTHING_TO_SUBMIT = _(
    "There is nothing to submit yet: place a partner, draw a relation or answer a question first."
)
REFUSED_NOT_SUBMITTED = _("Submit this attempt before starting a new one.")
REFUSED_NO_ATTEMPTS = _("No attempts left: you have used all {count}.")
REFUSED_TOO_MANY_STEPS = _("This attempt has reached {limit} actions: submit it.")
REFUSED_STALE = _(
    "This page was out of date (another tab, or a repeated click): it now shows your map and "
    "answers as they really are."
)


def _shown(value: object) -> str:
    """A value a learner sent, as a refusal quotes it: at most 40 code points."""
    return str(value)[:40]


# --- Learner state ----------------------------------------------------------------------------


def new_state(network: Network, attempt: int = 1) -> dict:
    """A fresh attempt: nothing placed, drawn, answered or decided."""
    return {
        "v": STATE_VERSION,
        "a": attempt,
        "n": 0,
        "f": 0,
        "p": [0] * len(network.partners) if network.map else [],
        "r": [],
        "q": [0] * len(network.choice_lists),
        "s": [[[], -1] for _s in network.situation_items],
        "j": [""] * len(network.situation_items),
        "u": [],
    }


#: An option's place in the shown order: ASCII digits only ("²" or "٣" name no place).
_PLACE = re.compile(r"[0-9]{1,4}")


def _is_int(value: object, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def relation_code(network: Network, source: int, target: int, type_: int, two_way: bool) -> int:
    nodes, types = len(network.node_ids), len(network.relation_types)
    return ((source * nodes + target) * types + type_) * 2 + int(two_way)


def decode_relation(network: Network, code: int) -> tuple[int, int, int, bool]:
    """(source node, target node, type, both ways) of a relation code."""
    nodes, types = len(network.node_ids), len(network.relation_types)
    rest, two_way = divmod(code, 2)
    rest, type_ = divmod(rest, types)
    source, target = divmod(rest, nodes)
    return source, target, type_, bool(two_way)


def relation_pair(network: Network, code: int) -> tuple[int, int]:
    """The two nodes a relation code links, the lower first (one relation per pair)."""
    source, target, _t, _w = decode_relation(network, code)
    return min(source, target), max(source, target)


_TEXT_REFUSED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def text_problem(text: object) -> ActionRefused | None:
    """Why a justification cannot be saved: not text, a control character, too long."""
    if not isinstance(text, str) or _TEXT_REFUSED.search(text):
        return ActionRefused(REFUSED_TEXT_INVALID)
    if len(text) > MAX_JUSTIFICATION:
        return ActionRefused(REFUSED_TEXT_LONG, count=len(text), limit=MAX_JUSTIFICATION)
    return None


def _valid_relations(network: Network, codes: object) -> bool:
    if not isinstance(codes, list) or len(codes) > network.max_relations:
        return False
    top = 2 * len(network.node_ids) ** 2 * len(network.relation_types) - 1
    if not all(_is_int(code, 0, top) for code in codes) or codes != sorted(set(codes)):
        return False
    pairs = [relation_pair(network, code) for code in codes]
    return len(set(pairs)) == len(pairs) and all(a != b for a, b in pairs)


def _valid_mask(mask: object, size: int, select: str = "many") -> bool:
    return _is_int(mask, 0, 2**size - 1) and (select == "many" or mask & (mask - 1) == 0)


def _valid_decision(network: Network, entry: object) -> bool:
    if not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[0], list):
        return False
    chosen, first = entry
    count = len(network.partners)
    return (
        len(chosen) <= MAX_MOBILISED
        and all(_is_int(i, 0, count - 1) for i in chosen)
        and chosen == sorted(set(chosen))
        and (first == -1 or (type(first) is int and first in chosen))
    )


def _valid_draft(network: Network, state: dict) -> bool:
    masks = state.get("p")
    answers = state.get("q")
    decisions = state.get("s")
    texts = state.get("j")
    return (
        isinstance(masks, list)
        and len(masks) == (len(network.partners) if network.map else 0)
        and all(_valid_mask(m, len(DOMAINS)) for m in masks)
        and _valid_relations(network, state.get("r"))
        and isinstance(answers, list)
        and len(answers) == len(network.choice_lists)
        and all(
            _valid_mask(mask, len(c.options), c.select)
            for mask, (_q, _p, c, _s) in zip(answers, network.choice_lists, strict=False)
        )
        and isinstance(decisions, list)
        and len(decisions) == len(network.situation_items)
        and all(_valid_decision(network, entry) for entry in decisions)
        and isinstance(texts, list)
        and len(texts) == len(network.situation_items)
        and all(text_problem(text) is None for text in texts)
    )


def checked_state(network: Network, state: object) -> dict:
    """The state if it is well formed for this content, else a fresh one (its attempt kept).

    Content edited after a learner started can leave an old draft meaningless; a hostile or
    corrupt state (from a SCO's suspend data) must never reach the engine. An undo history that
    does not replay is dropped, the draft kept.
    """
    if (
        not isinstance(state, dict)
        or state.get("v") != STATE_VERSION
        or type(state["v"]) is not int
    ):
        return new_state(network)
    attempt = state.get("a")
    if not _is_int(attempt, 1, MAX_ATTEMPT_NUMBER):
        return new_state(network)
    if not (
        _is_int(state.get("n"), 0, MAX_STEPS)
        and state.get("f") in (0, 1)
        and type(state.get("f")) is int
        and _valid_draft(network, state)
    ):
        return new_state(network, attempt)
    clean = {key: state[key] for key in ("v", "a", "n", "f", "p", "r", "q", "s", "j")}
    clean = _copy(clean)
    clean["u"] = _replayable_undo(network, clean, state.get("u"))
    return clean


def _copy(state: dict) -> dict:
    return {
        **state,
        "p": list(state["p"]),
        "r": list(state["r"]),
        "q": list(state["q"]),
        "s": [[list(chosen), first] for chosen, first in state["s"]],
        "j": list(state["j"]),
        "u": [list(entry) for entry in state.get("u", [])],
    }


def _valid_entry(network: Network, entry: object) -> bool:
    """An undo entry of the right shape, naming a slot that exists (its values are checked
    once undone, by `_valid_draft`)."""
    if not isinstance(entry, list) or not entry or type(entry[0]) is not int:
        return False
    sizes = {
        0: (3, len(network.partners) if network.map else 0),
        1: (2, 2**53),
        2: (2, 2**53),
        3: (3, len(network.choice_lists)),
        4: (4, len(network.situation_items)),
    }
    length, slots = sizes.get(entry[0], (0, 0))
    return (
        len(entry) == length
        and _is_int(entry[1], 0, slots - 1)
        and (entry[0] == 4 or all(type(value) is int for value in entry[2:]))
        and (entry[0] != 4 or (isinstance(entry[2], list) and type(entry[3]) is int))
    )


def _replayable_undo(network: Network, state: dict, entries: object) -> list:
    """The undo history if every entry, undone from the newest, leaves a valid draft."""
    if state["f"] or not isinstance(entries, list) or len(entries) > UNDO_DEPTH:
        return []
    if not all(_valid_entry(network, entry) for entry in entries):
        return []
    kept = [[list(part) if isinstance(part, list) else part for part in e] for e in entries]
    trial = {**_copy(state), "u": [list(entry) for entry in kept]}
    while trial["u"]:
        trial = _undo_one(network, trial)
        if trial is None or not _valid_draft(network, trial):
            return []
    return kept


def position(state: dict) -> dict:
    """Where a learner action is made: the attempt and the actions accepted in it so far."""
    return {"attempt": state["a"], "step": state["n"]}


def check_position(state: dict, at: object) -> None:
    """Refuse an action made at another position than the state's (ActionStale)."""
    if (
        not isinstance(at, dict)
        or at != position(state)
        or not all(type(at[key]) is int for key in ("attempt", "step"))
    ):
        raise ActionStale(REFUSED_STALE)


def is_empty(state: dict) -> bool:
    """Whether the draft holds nothing the learner did."""
    return (
        not any(state["p"])
        and not state["r"]
        and not any(state["q"])
        and all(not chosen and first == -1 for chosen, first in state["s"])
        and not any(state["j"])
    )


def can_restart(state: dict, max_attempts: int) -> bool:
    limit = max_attempts if max_attempts > 0 else MAX_ATTEMPT_NUMBER
    return state["a"] < limit


def remaining_attempts(state: dict, max_attempts: int) -> int | None:
    """Attempts left after the current one; None when there is no limit."""
    return None if max_attempts <= 0 else max(max_attempts - state["a"], 0)


# --- Actions ----------------------------------------------------------------------------------


def _partner(network: Network, value: object) -> int:
    if not isinstance(value, str) or value not in network.partner_index:
        raise ActionRefused(REFUSED_UNKNOWN_PARTNER, partner=_shown(value))
    return network.partner_index[value]


def _node(network: Network, value: object) -> int:
    if not isinstance(value, str) or value not in network.node_index:
        raise ActionRefused(REFUSED_UNKNOWN_PARTNER, partner=_shown(value))
    return network.node_index[value]


def _strings(action: dict, field: str) -> list:
    values = action.get(field)
    if not isinstance(values, list) or len(values) > 64:
        raise ActionRefused(REFUSED_MALFORMED, field=field)
    return values


def _editable(state: dict) -> dict:
    """A copy of the state to edit, if the attempt is still open. The last step is kept for
    the submit, so that a learner who reached the limit can still hand the work in."""
    if state["f"]:
        raise ActionRefused(REFUSED_SUBMITTED)
    if state["n"] >= MAX_STEPS - 1:
        raise ActionRefused(REFUSED_TOO_MANY_STEPS, limit=MAX_STEPS)
    return _copy(state)


def _done(state: dict, undo: list | None = None) -> dict:
    """The edited copy as the next state: one more action, and its undo entry if any."""
    state["n"] += 1
    if undo is not None:
        state["u"] = [*state["u"], undo][-UNDO_DEPTH:]
    return state


def place(network: Network, state: dict, action: dict) -> dict:
    """Set the domains of one partner (an empty list takes it off the map)."""
    result = _editable(state)
    if network.map is None:
        raise ActionRefused(REFUSED_NO_MAP)
    index = _partner(network, action.get("partner"))
    mask = 0
    for domain in _strings(action, "domains"):
        if not isinstance(domain, str) or domain not in DOMAINS:
            raise ActionRefused(REFUSED_UNKNOWN_DOMAIN, domain=_shown(domain))
        mask |= 1 << DOMAINS.index(domain)
    before = result["p"][index]
    result["p"][index] = mask
    return _done(result, None if before == mask else [0, index, before])


def _relation_nodes(network: Network, action: dict) -> tuple[int, int]:
    if network.map is None:
        raise ActionRefused(REFUSED_NO_MAP)
    if not network.max_relations:
        raise ActionRefused(REFUSED_NO_RELATIONS)
    source, target = _node(network, action.get("from")), _node(network, action.get("to"))
    if source == target:
        raise ActionRefused(REFUSED_SELF)
    return source, target


def _names(network: Network, source: int, target: int) -> dict:
    return {"source": network.node_names[source], "target": network.node_names[target]}


def relate(network: Network, state: dict, action: dict) -> dict:
    """Draw a relation of a type from one node to another, or both ways."""
    result = _editable(state)
    source, target = _relation_nodes(network, action)
    type_id = action.get("relation")
    if not isinstance(type_id, str) or type_id not in network.type_index:
        raise ActionRefused(REFUSED_UNKNOWN_TYPE, relation=_shown(type_id))
    two_way = action.get("two_way", False)
    if type(two_way) is not bool:
        raise ActionRefused(REFUSED_MALFORMED, field="two_way")
    pair = (min(source, target), max(source, target))
    if any(relation_pair(network, code) == pair for code in result["r"]):
        raise ActionRefused(REFUSED_DUPLICATE, **_names(network, source, target))
    if len(result["r"]) >= network.max_relations:
        raise ActionRefused(REFUSED_TOO_MANY_RELATIONS, limit=network.max_relations)
    code = relation_code(network, source, target, network.type_index[type_id], two_way)
    result["r"] = sorted([*result["r"], code])
    return _done(result, [1, code])


def unrelate(network: Network, state: dict, action: dict) -> dict:
    """Remove the relation between two nodes, whichever way it was drawn."""
    result = _editable(state)
    source, target = _relation_nodes(network, action)
    pair = (min(source, target), max(source, target))
    found = [code for code in result["r"] if relation_pair(network, code) == pair]
    if not found:
        raise ActionRefused(REFUSED_NO_RELATION, **_names(network, source, target))
    result["r"] = [code for code in result["r"] if code != found[0]]
    return _done(result, [2, found[0]])


def shown_options(network: Network, list_index: int, seed: str, attempt: int) -> list[int]:
    """The authored indices of a choice list's options, in the order this learner sees them."""
    question_id, part, choices, shuffle = network.choice_lists[list_index]
    indices = list(range(len(choices.options)))
    if not shuffle:
        return indices
    return shuffled(indices, order_key(seed, attempt, question_id, *([part] if part else [])))


def answer(network: Network, state: dict, action: dict, seed: str = "") -> dict:
    """Set the options chosen in a question or in one list ("part") of a strategy.

    Options are named by their place in the order shown ("0", "1"…): an author's order often
    puts the right option first, and the page must not be able to tell it.
    """
    result = _editable(state)
    question_id, part = action.get("question"), action.get("part", "")
    key = (question_id, part) if isinstance(question_id, str) and isinstance(part, str) else None
    if key not in network.list_index:
        shown = f"{question_id}/{part}" if part else question_id
        raise ActionRefused(REFUSED_UNKNOWN_QUESTION, question=_shown(shown))
    index = network.list_index[key]
    places = shown_options(network, index, seed, state["a"])
    mask = 0
    for token in _strings(action, "options"):
        if not isinstance(token, str) or not _PLACE.fullmatch(token) or int(token) >= len(places):
            raise ActionRefused(REFUSED_UNKNOWN_OPTION, option=_shown(token))
        mask |= 1 << places[int(token)]
    if network.choice_lists[index][2].select == "one" and mask & (mask - 1):
        raise ActionRefused(REFUSED_ONE_OPTION, question=question_id)
    before = result["q"][index]
    result["q"][index] = mask
    return _done(result, None if before == mask else [3, index, before])


def _situation(network: Network, action: dict) -> int:
    value = action.get("situation")
    if not isinstance(value, str) or value not in network.situation_index:
        raise ActionRefused(REFUSED_UNKNOWN_SITUATION, situation=_shown(value))
    return network.situation_index[value]


def decide(network: Network, state: dict, action: dict) -> dict:
    """Choose the partners to mobilise for a situation and the one to mobilise first (or none)."""
    result = _editable(state)
    index = _situation(network, action)
    chosen = sorted({_partner(network, value) for value in _strings(action, "partners")})
    if len(chosen) > MAX_MOBILISED:
        raise ActionRefused(REFUSED_TOO_MANY_PARTNERS, limit=MAX_MOBILISED)
    first = action.get("first")
    first_index = -1 if first is None else _partner(network, first)
    if first is not None and first_index not in chosen:
        raise ActionRefused(REFUSED_FIRST_NOT_CHOSEN, partner=network.partners[first_index].name)
    before = result["s"][index]
    result["s"][index] = [chosen, first_index]
    changed = before != [chosen, first_index]
    return _done(result, [4, index, list(before[0]), before[1]] if changed else None)


def justify(network: Network, state: dict, action: dict) -> dict:
    """Set a situation's justification. It is text the learner edits in its own field, with
    the browser's own undo: it never enters the undo history (which stays small)."""
    result = _editable(state)
    index = _situation(network, action)
    refusal = text_problem(action.get("text"))
    if refusal is not None:
        raise refusal
    result["j"][index] = action["text"]
    return _done(result)


def _undo_one(network: Network, state: dict) -> dict | None:
    """Undo the newest entry of an edited copy; None if it does not apply to this draft."""
    entry = state["u"][-1]
    state["u"] = state["u"][:-1]
    kind, index = entry[0], entry[1]
    if kind == 0:
        state["p"][index] = entry[2]
    elif kind == 1 and index in state["r"]:
        state["r"] = [code for code in state["r"] if code != index]
    elif kind == 2 and index not in state["r"]:
        state["r"] = sorted([*state["r"], index])
    elif kind == 3:
        state["q"][index] = entry[2]
    elif kind == 4:
        state["s"][index] = [list(entry[2]), entry[3]]
    else:
        return None
    return state


def undo(network: Network, state: dict, action: dict) -> dict:
    """Take back the last change to the map, an answer or a decision."""
    result = _editable(state)
    if not result["u"]:
        raise ActionRefused(REFUSED_NOTHING_TO_UNDO)
    return _done(_undo_one(network, result))


def submit(network: Network, state: dict, action: dict) -> dict:
    """End the attempt: its answers are scored and can no longer change."""
    if state["f"]:
        raise ActionRefused(REFUSED_SUBMITTED)
    if is_empty(state):
        raise ActionRefused(REFUSED_NOTHING_TO_SUBMIT)
    result = _done(_copy(state))
    result["f"], result["u"] = 1, []
    return result


def restart(network: Network, state: dict, max_attempts: int) -> dict:
    """A new, empty attempt, once the current one is submitted and if attempts remain."""
    if not state["f"]:
        raise ActionRefused(REFUSED_NOT_SUBMITTED)
    if not can_restart(state, max_attempts):
        raise ActionRefused(REFUSED_NO_ATTEMPTS, count=max_attempts)
    return new_state(network, state["a"] + 1)


_ACTIONS = {
    "place": place,
    "relate": relate,
    "unrelate": unrelate,
    "decide": decide,
    "justify": justify,
    "undo": undo,
    "submit": submit,
}


def apply(
    network: Network, state: dict, action: object, *, max_attempts: int, seed: str = ""
) -> dict:
    """The state after a learner action, as the page sends it; ActionRefused if not allowed.

    `action` is a JSON object with a "type" ("place", "relate", "unrelate", "answer",
    "decide", "justify", "undo", "submit", "restart") and "at", the position the learner acted
    from (`position` of the state the page showed): a stale one is refused (ActionStale).
    `max_attempts` is the setting (0: no limit), `seed` the learner's order seed, as the view
    was drawn with. The given state is never changed.
    """
    if not isinstance(action, dict):
        raise ActionRefused(REFUSED_MALFORMED, field="action")
    check_position(state, action.get("at"))
    kind = action.get("type")
    if kind == "answer":
        return answer(network, state, action, seed)
    if kind == "restart":
        return restart(network, state, max_attempts)
    if not isinstance(kind, str) or kind not in _ACTIONS:
        raise ActionRefused(REFUSED_UNKNOWN_ACTION, action=_shown(kind))
    return _ACTIONS[kind](network, state, action)


# --- What the learner sees --------------------------------------------------------------------


def _card(partner: PartnerCard, with_domains: bool) -> dict:
    card = {
        "id": partner.id,
        "name": partner.name,
        "kind": partner.kind,
        "mission": partner.mission,
        "public": partner.public,
        "funding": partner.funding,
        "contact": partner.contact,
    }
    if with_domains:  # no map to draw: the domains are information, not an answer
        card["domains"] = list(partner.domains)
    return card


def _choices_view(network: Network, index: int, mask: int, seed: str, attempt: int) -> dict:
    choices = network.choice_lists[index][2]
    order = shown_options(network, index, seed, attempt)
    return {
        "select": choices.select,
        "options": [
            {"id": str(place), "text": choices.options[i].text} for place, i in enumerate(order)
        ],
        "chosen": [str(place) for place, i in enumerate(order) if mask >> i & 1],
    }


def _map_view(network: Network, state: dict, key: Callable[..., str], shown: list) -> dict:
    rank = {
        node: place
        for place, node in enumerate([0, *(network.partner_index[p.id] + 1 for p in shown)])
    }
    drawn = sorted(
        (decode_relation(network, code) for code in state["r"]),
        key=lambda found: (rank[found[0]], rank[found[1]]),
    )
    return {
        "domains": shuffled(list(DOMAINS), key("domains")),
        "relation_types": [
            {"id": t.id, "label": t.label, "meaning": t.meaning}
            for t in shuffled(network.relation_types, key("relation_types"))
        ],
        "max_relations": network.max_relations,
        "placed": [
            {
                "partner": p.id,
                "domains": [d for bit, d in enumerate(DOMAINS) if mask >> bit & 1],
            }
            for p in shown
            if (mask := state["p"][network.partner_index[p.id]])
        ],
        "relations": [
            {
                "from": network.node_ids[source],
                "to": network.node_ids[target],
                "relation": network.relation_types[type_].id,
                "two_way": two_way,
            }
            for source, target, type_, two_way in drawn
        ],
    }


def learner_view(network: Network, state: dict, *, seed: str = "", max_attempts: int = 0) -> dict:
    """Everything the learner may see of `state` now, and no reference answer.

    No domain of a partner to place, no reference relation, strength or meaning of one, no
    right option, no partner a situation expects, no urgency or cap, no feedback, no points or
    capacity. Every list a learner picks from comes in the order drawn from `seed` (the
    learner and the block) and the attempt; lists a learner built (placements, relations,
    chosen partners) follow that order too, never the authored one.
    """
    attempt = state["a"]

    def key(*parts: object) -> str:
        return order_key(seed, attempt, *parts)

    shown = shuffled(network.partners, key("partners"))
    territory = network.territory
    structure = network.structure
    return {
        "v": STATE_VERSION,
        "at": position(state),
        "attempt": attempt,
        "max_attempts": max_attempts,
        "remaining": remaining_attempts(state, max_attempts),
        "submitted": bool(state["f"]),
        "can_undo": not state["f"] and bool(state["u"]),
        "can_submit": not state["f"] and not is_empty(state),
        "can_restart": bool(state["f"]) and can_restart(state, max_attempts),
        "limits": {"partners": MAX_MOBILISED, "justification": MAX_JUSTIFICATION},
        "territory": None
        if territory is None
        else {
            "name": territory.name,
            "profile": territory.profile,
            "indicators": [
                {"id": i.id, "label": i.label, "value": i.value, "date": i.date, "source": i.source}
                for i in territory.indicators
            ],
        },
        "structure": {
            "id": structure.id,
            "name": structure.name,
            "kind": structure.kind,
            "description": structure.description,
        },
        "partners": [_card(p, network.map is None) for p in shown],
        "map": None if network.map is None else _map_view(network, state, key, shown),
        "questions": [
            {
                "id": q.id,
                "prompt": q.prompt,
                **_choices_view(network, i, state["q"][i], seed, attempt),
            }
            for i, q in enumerate(network.question_items)
        ],
        "strategies": [
            {
                "id": s.id,
                "partner": s.partner,
                "prompt": s.prompt,
                "lists": [
                    {
                        "part": part,
                        **_choices_view(
                            network,
                            network.list_index[(s.id, part)],
                            state["q"][network.list_index[(s.id, part)]],
                            seed,
                            attempt,
                        ),
                    }
                    for part, _c in s.lists()
                ],
            }
            for s in network.strategy_items
        ],
        "situations": [
            _situation_view(network, state, index, key)
            for index in range(len(network.situation_items))
        ],
    }


def _situation_view(network: Network, state: dict, index: int, key: Callable[..., str]) -> dict:
    situation = network.situation_items[index]
    chosen, first = state["s"][index]
    order = shuffled(network.partners, key("situation", situation.id))
    picked = {network.partners[i].id for i in chosen}
    return {
        "id": situation.id,
        "title": situation.title,
        "text": situation.text,
        "partners": [p.id for p in order],
        "chosen": [p.id for p in order if p.id in picked],
        "first": None if first == -1 else network.partners[first].id,
        "justification": state["j"][index],
    }
