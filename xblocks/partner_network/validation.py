"""Validation of partner networks: every problem names the partner, relation, question or
situation at fault (and, with `with_lines`, the line); cues that give answers away are warned
of; and the longest learner state a network allows is measured."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from xblocks.common.i18n import gettext_noop as _
from xblocks.partner_network import engine
from xblocks.partner_network.engine import (
    DIRECTIONS,
    DOMAINS,
    MAX_MOBILISED,
    MAX_OPTIONS,
    PARTNER_KINDS,
    SELECTS,
    STRENGTHS,
    ChoiceList,
    Network,
    Problem,
    problem,
)
from xblocks.partner_network.scoring import f1

_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_YEAR = re.compile(r"(?<![0-9])(19|20)[0-9]{2}(?![0-9])")

BAD_ID = _('The id "{id}" ({kind}) may hold only ASCII letters, digits, "_" and "-".')
DUPLICATE = _('Duplicate id "{id}" ({kind}).')
TOO_MANY = _("There are {count} <{tag}> elements, over the limit of {limit}.")
NO_TASK = _("The activity has no task: add a <map>, <questions>, <strategies> or <situations>.")
NO_PARTNER = _("The activity has no partner.")
UNKNOWN_VALUE = _('<{tag}> "{item}": unknown {name} "{value}" (expected one of {allowed}).')
NO_CAPACITY = _('<{tag}> "{item}" has no capacity: give it, or its task, capacities="…".')
BAD_CAPACITY = _('<{tag}> "{item}": capacity code "{code}" is not in the référentiel.')
TASK_CAPACITY = _('<{tag}>: capacity code "{code}" is not in the référentiel.')
NO_DOMAIN = _('Partner "{partner}" has no domain: the map needs its reference (domains="…").')
RELATION_PARTNER = _('Relation "{relation}": unknown partner "{partner}".')
RELATION_SELF = _('Relation "{relation}" links "{partner}" to itself.')
RELATION_TYPE = _('Relation "{relation}": unknown relation type "{type}".')
RELATION_TWICE = _(
    'Relations "{other}" and "{relation}" link the same two partners: keep one relation per pair.'
)
TOO_MANY_RELATIONS = _(
    "The map has {count} relations, over the {limit} a learner may draw (twice the partners "
    "and the structure)."
)
OPTION_COUNT = _('Question "{question}" has {count} options: give it from 2 to {limit}.')
ONE_RIGHT = _(
    'Question "{question}" takes a single answer (select="one") but has {count} right options.'
)
NO_RIGHT = _('Question "{question}" has no right option.')
NO_TEXT = _('Question "{question}", option {option}: the option has no text.')
SAME_TEXT = _('Question "{question}": options {other} and {option} read the same.')
NO_PROMPT = _('Question "{question}" has no prompt.')
STRATEGY_PARTNER = _('Strategy "{question}": unknown partner "{partner}".')
STRATEGY_EMPTY = _('Strategy "{question}" has neither <expects> nor <offers>.')
SITUATION_EMPTY = _('Situation "{situation}" has no text.')
SITUATION_NONE = _('Situation "{situation}" mobilises no partner.')
SITUATION_PARTNER = _('Situation "{situation}": unknown partner "{partner}".')
SITUATION_TWICE = _('Situation "{situation}" lists partner "{partner}" twice.')
SITUATION_CROWDED = _(
    'Situation "{situation}" mobilises {count} partners, over the limit of {limit}.'
)
SITUATION_CAP = _('Situation "{situation}": cap {cap} must be at least 0 and below 1.')
SITUATION_CAP_ALONE = _(
    'Situation "{situation}" has a cap but no urgent partner: the cap applies when every '
    'urgent partner is left out (urgent="true").'
)
NO_TERRITORY = _("The territory questions need a <territory> with at least one <indicator>.")
INDICATOR_DATE = _(
    'Indicator "{indicator}": the date "{date}" has no year (write "2024", "T4 2024"…).'
)
INDICATOR_EMPTY = _('Indicator "{indicator}" has no value.')


def validate(network: Network, capacity_codes: Iterable[str]) -> list[Problem]:
    """All the problems of a network, in reading order; an empty list means valid."""
    codes = set(capacity_codes)
    problems = _check_ids(network)
    tasks = (network.map, network.questions, network.strategies, network.situations)
    if all(task is None for task in tasks):
        problems.append(problem(NO_TASK))
    if not network.partners:
        problems.append(problem(NO_PARTNER))
    problems += _check_counts(network)
    problems += _check_kinds(network)
    problems += _check_capacities(network, codes)
    problems += _check_map(network)
    problems += _check_questions(network)
    problems += _check_situations(network)
    problems += _check_territory(network)
    return problems


def _check_ids(network: Network) -> list[Problem]:
    found = [("partner/structure", network.structure.id)]
    found += [("partner/structure", p.id) for p in network.partners]
    found += [("relation_type", t.id) for t in network.relation_types]
    found += [("relation", r.id) for r in (network.map.relations if network.map else ())]
    found += [("question/strategy", q.id) for q in network.question_items]
    found += [("question/strategy", s.id) for s in network.strategy_items]
    found += [("situation", s.id) for s in network.situation_items]
    if network.territory is not None:
        found += [("indicator", i.id) for i in network.territory.indicators]
    problems = [
        problem(BAD_ID, id=item_id[:64], kind=kind)
        for kind, item_id in found
        if not _ID.fullmatch(item_id)
    ]
    seen: set[tuple[str, str]] = set()
    for kind, item_id in found:
        if (kind, item_id) in seen:
            problems.append(problem(DUPLICATE, id=item_id, kind=kind))
        seen.add((kind, item_id))
    return problems


def _check_counts(network: Network) -> list[Problem]:
    limits = [
        ("partner", network.partners, engine.MAX_PARTNERS),
        ("relation_type", network.relation_types, engine.MAX_RELATION_TYPES),
        ("question", network.question_items, engine.MAX_QUESTIONS),
        ("strategy", network.strategy_items, engine.MAX_STRATEGIES),
        ("situation", network.situation_items, engine.MAX_SITUATIONS),
    ]
    key = {"strategy": "question"}
    return [
        problem(
            TOO_MANY, tag=tag, count=len(items), limit=limit, **{key.get(tag, tag): items[limit].id}
        )
        for tag, items, limit in limits
        if len(items) > limit
    ]


def _unknown(
    tag: str, item: str, name: str, value: str, allowed: Iterable[str], **where
) -> Problem:
    return problem(
        UNKNOWN_VALUE,
        tag=tag,
        item=item,
        name=name,
        value=value[:40],
        allowed=", ".join(allowed),
        **where,
    )


def _check_kinds(network: Network) -> list[Problem]:
    structure = network.structure
    problems = []
    if structure.kind not in PARTNER_KINDS:
        problems.append(
            _unknown(
                "structure",
                structure.id,
                "kind",
                structure.kind,
                PARTNER_KINDS,
                partner=structure.id,
            )
        )
    for partner in network.partners:
        where = {"partner": partner.id}
        if partner.kind not in PARTNER_KINDS:
            problems.append(
                _unknown("partner", partner.id, "kind", partner.kind, PARTNER_KINDS, **where)
            )
        for domain in partner.domains:
            if domain not in DOMAINS:
                problems.append(_unknown("partner", partner.id, "domain", domain, DOMAINS, **where))
        if network.map is not None and not partner.domains:
            problems.append(problem(NO_DOMAIN, **where))
    return problems


def _scored_items(network: Network) -> list[tuple[str, object, tuple[str, ...], dict]]:
    """(tag, item, its task's capacities, the params that locate it) of every scored item."""
    found = []
    if network.map is not None:
        found += [
            ("partner", p, network.map.capacities, {"partner": p.id}) for p in network.partners
        ]
        found += [
            ("relation", r, network.map.capacities, {"relation": r.id})
            for r in network.map.relations
        ]
    for tag, task, key in (
        ("question", network.questions, "question"),
        ("strategy", network.strategies, "question"),
        ("situation", network.situations, "situation"),
    ):
        if task is not None:
            found += [(tag, item, task.capacities, {key: item.id}) for item in task.items]
    return found


def _check_capacities(network: Network, codes: set[str]) -> list[Problem]:
    problems = []
    tasks = [("map", network.map), ("questions", network.questions)]
    tasks += [("strategies", network.strategies), ("situations", network.situations)]
    for tag, task in tasks:
        for code in task.capacities if task is not None else ():
            if code not in codes:
                problems.append(problem(TASK_CAPACITY, tag=tag, code=code))
    for tag, item, default, where in _scored_items(network):
        for code in item.capacities:
            if code not in codes:
                problems.append(problem(BAD_CAPACITY, tag=tag, item=item.id, code=code, **where))
        if not (item.capacities or default):
            problems.append(problem(NO_CAPACITY, tag=tag, item=item.id, **where))
    return problems


def _check_map(network: Network) -> list[Problem]:
    if network.map is None:
        return []
    problems = []
    nodes, types = network.node_index, network.type_index
    pairs: dict[tuple[str, str], str] = {}
    for r in network.map.relations:
        where = {"relation": r.id}
        for partner in (r.source, r.target):
            if partner not in nodes:
                problems.append(problem(RELATION_PARTNER, partner=partner, **where))
        if r.source == r.target:
            problems.append(problem(RELATION_SELF, partner=r.source, **where))
        if r.type not in types:
            problems.append(problem(RELATION_TYPE, type=r.type, **where))
        for name, value, allowed in (
            ("direction", r.direction, DIRECTIONS),
            ("strength", r.strength, STRENGTHS),
        ):
            if value not in allowed:
                problems.append(_unknown("relation", r.id, name, value, allowed, **where))
        pair = tuple(sorted((r.source, r.target)))
        if pair in pairs:
            problems.append(problem(RELATION_TWICE, other=pairs[pair], **where))
        pairs.setdefault(pair, r.id)
    limit = 2 * len(network.node_ids)
    if len(network.map.relations) > limit:
        extra = network.map.relations[limit].id
        problems.append(
            problem(
                TOO_MANY_RELATIONS, count=len(network.map.relations), limit=limit, relation=extra
            )
        )
    return problems


def _list_name(question_id: str, part: str) -> str:
    return f"{question_id}/{part}" if part else question_id


def _check_choices(question_id: str, part: str, choices: ChoiceList) -> list[Problem]:
    name = _list_name(question_id, part)
    where = {"question": name, "list": f"{question_id}:{part}"}
    problems = []
    count = len(choices.options)
    if not 2 <= count <= MAX_OPTIONS:
        problems.append(problem(OPTION_COUNT, count=count, limit=MAX_OPTIONS, **where))
    if choices.select not in SELECTS:
        problems.append(_unknown("question", name, "select", choices.select, SELECTS, **where))
    right = sum(1 for option in choices.options if option.correct)
    if choices.select == "one" and right > 1:
        problems.append(problem(ONE_RIGHT, count=right, **where))
    if right == 0:
        problems.append(problem(NO_RIGHT, **where))
    seen: dict[str, int] = {}
    for number, option in enumerate(choices.options, start=1):
        if not option.text:
            problems.append(problem(NO_TEXT, option=number, **where))
        elif option.text.casefold() in seen:
            other = seen[option.text.casefold()]
            problems.append(problem(SAME_TEXT, option=number, other=other, **where))
        seen.setdefault(option.text.casefold(), number)
    return problems


def _check_questions(network: Network) -> list[Problem]:
    problems = []
    for question in network.question_items:
        if not question.prompt:
            problems.append(problem(NO_PROMPT, question=question.id))
        problems += _check_choices(question.id, "", question.choices)
    for strategy in network.strategy_items:
        where = {"question": strategy.id}
        if strategy.partner not in network.partner_index:
            problems.append(problem(STRATEGY_PARTNER, partner=strategy.partner, **where))
        if not strategy.lists():
            problems.append(problem(STRATEGY_EMPTY, **where))
        for part, choices in strategy.lists():
            problems += _check_choices(strategy.id, part, choices)
    return problems


def _check_situations(network: Network) -> list[Problem]:
    problems = []
    for situation in network.situation_items:
        where = {"situation": situation.id}
        if not situation.text:
            problems.append(problem(SITUATION_EMPTY, **where))
        if not situation.mobilise:
            problems.append(problem(SITUATION_NONE, **where))
        seen = set()
        for m in situation.mobilise:
            at = {"mobilise": f"{situation.id}:{m.partner}", **where}
            if m.partner not in network.partner_index:
                problems.append(problem(SITUATION_PARTNER, partner=m.partner, **at))
            elif m.partner in seen:
                problems.append(problem(SITUATION_TWICE, partner=m.partner, **at))
            seen.add(m.partner)
        if len(situation.mobilise) > MAX_MOBILISED:
            problems.append(
                problem(
                    SITUATION_CROWDED, count=len(situation.mobilise), limit=MAX_MOBILISED, **where
                )
            )
        if situation.cap is not None:
            if not 0 <= situation.cap < 1:
                problems.append(problem(SITUATION_CAP, cap=situation.cap, **where))
            if not situation.urgent:
                problems.append(problem(SITUATION_CAP_ALONE, **where))
    return problems


def _check_territory(network: Network) -> list[Problem]:
    territory = network.territory
    problems = []
    if network.questions is not None and (territory is None or not territory.indicators):
        problems.append(problem(NO_TERRITORY, tag="questions"))
    for indicator in territory.indicators if territory is not None else ():
        where = {"indicator": indicator.id}
        if not _YEAR.search(indicator.date):
            problems.append(problem(INDICATOR_DATE, date=indicator.date[:40], **where))
        if not indicator.value:
            problems.append(problem(INDICATOR_EMPTY, **where))
    return problems


# --- Lines ------------------------------------------------------------------------------------

# A problem's params name what it is about; the first found gives its line, from the element
# lines `olx.source_lines` read (an option or a mobilise before its question or situation).
_PLACES = (
    ("option", ()),
    ("mobilise", ("mobilise",)),
    ("relation", ("relation",)),
    ("situation", ("situation",)),
    ("question", ("question", "strategy")),
    ("partner", ("partner", "structure")),
    ("relation_type", ("relation_type",)),
    ("indicator", ("indicator",)),
)


def problem_line(found: Problem, lines: Mapping[tuple[str, str], list[int]]) -> int | None:
    """The line of the file to fix for a problem (a duplicate where it is written again)."""
    params = dict(found.params)
    if "option" in params and "list" in params:
        place = lines.get(("option", f"{params['list']}:{params['option']}"))
        if place:
            return place[0]
    if "list" in params and ":" in params["list"]:
        question_id, part = params["list"].split(":", 1)
        place = lines.get((part, question_id)) if part else None
        if place:
            return place[0]
    if "id" in params and "kind" in params:
        places = sorted(
            n for k in params["kind"].split("/") for n in lines.get((k, params["id"]), ())
        )
        if places:
            return places[-1] if found.template == DUPLICATE else places[0]
    for key, tags in _PLACES:
        for tag in tags:
            if key in params and lines.get((tag, params[key])):
                return lines[(tag, params[key])][0]
    if "tag" in params and lines.get((params["tag"], "")):
        return lines[(params["tag"], "")][0]
    root = lines.get(("partner_network", ""))
    return root[0] if root else None


def with_lines(problems: Iterable[Problem], lines: Mapping) -> list[Problem]:
    """The problems, each with the line of the file to fix where one is known."""
    return [replace(p, line=p.line or problem_line(p, lines)) for p in problems]


# --- Cues: what lets a learner pass without reading -------------------------------------------

CUE_LONGEST = _(
    "Cue: the right option is the longest in {count} of {lists} choice lists; a learner who "
    "always picks the longest text does well without reading. Give right and wrong options "
    "similar lengths."
)
CUE_PINNED_FIRST = _(
    'Cue: question "{question}" keeps its authored order (shuffle="false") and its first '
    "option is right; move it, or let the order be shuffled."
)
CUE_ECHO = _(
    'Cue: in question "{question}", a right option repeats "{word}" from the question and no '
    "wrong option does: the wording gives the answer away."
)
CUE_SELECT_ALL = _(
    'Cue: choosing every option of question "{question}" scores {percent}%; add wrong '
    'options, or make it select="one".'
)
CUE_NAMED = _(
    'Cue: situation "{situation}" names "{word}", a partner it expects: the text gives the '
    "answer away."
)


def _folded(text: str) -> str:
    """Lower case without accents, so that « Hébergement » and « hebergement » match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> set[str]:
    """The telling words of a text: five letters or more."""
    return {w for w in re.findall(r"[^\W\d_]+", _folded(text)) if len(w) >= 5}


def _longest_is_right(choices: ChoiceList) -> bool | None:
    """Whether every right option is longer than every wrong one (None: no wrong option)."""
    right = [len(o.text) for o in choices.options if o.correct]
    wrong = [len(o.text) for o in choices.options if not o.correct]
    if not right or not wrong:
        return None
    return min(right) > max(wrong)


def _echo(prompt: str, choices: ChoiceList) -> str | None:
    asked = _words(prompt)
    wrong = set().union(*(_words(o.text) for o in choices.options if not o.correct))
    for option in choices.options:
        if option.correct:
            shared = sorted((asked & _words(option.text)) - wrong)
            if shared:
                return shared[0]
    return None


def _acronyms(name: str) -> set[str]:
    """What a text would name a partner by: its name, and the acronyms in it (CCAS, SIAO)."""
    found = {w for w in re.findall(r"[^\W\d_]+", name) if len(w) >= 2 and w.isupper()}
    return {name, *found}


def cue_warnings(network: Network) -> list[Problem]:
    """Warnings, not errors: the order is shuffled, but lengths and wording can still tell."""
    warnings = []
    prompts = {q.id: q.prompt for q in network.question_items}
    for strategy in network.strategy_items:
        prompts[strategy.id] = strategy.prompt
    lists = [(qid, part, c, shuffle) for qid, part, c, shuffle in network.choice_lists]
    longest = [_longest_is_right(c) for _q, _p, c, _s in lists]
    judged = [found for found in longest if found is not None]
    if judged and sum(judged) * 2 > len(judged):
        warnings.append(problem(CUE_LONGEST, count=sum(judged), lists=len(judged)))
    for question_id, part, choices, shuffle in lists:
        where = {"question": _list_name(question_id, part), "list": f"{question_id}:{part}"}
        if not shuffle and choices.options and choices.options[0].correct:
            warnings.append(problem(CUE_PINNED_FIRST, **where))
        word = _echo(prompts[question_id], choices)
        if word is not None:
            warnings.append(problem(CUE_ECHO, word=word, **where))
        if choices.select == "many" and choices.options:
            right = sum(1 for option in choices.options if option.correct)
            everything = f1(2 ** len(choices.options) - 1, 2**right - 1)
            if right and everything >= 0.75:
                warnings.append(problem(CUE_SELECT_ALL, percent=round(everything * 100), **where))
    for situation in network.situation_items:
        text = _folded(situation.text)
        for m in situation.mobilise:
            partner = network.partner_index.get(m.partner)
            names = _acronyms(network.partners[partner].name) if partner is not None else set()
            named = sorted(n for n in names if re.search(rf"\b{re.escape(_folded(n))}\b", text))
            if named:
                warnings.append(problem(CUE_NAMED, situation=situation.id, word=named[0]))
                break
    return warnings


# --- The longest learner state ----------------------------------------------------------------


@dataclass(frozen=True)
class StateSize:
    """The longest learner state a network allows, as compact JSON (`ensure_ascii=False`).

    `bytes` is its UTF-8 size, `chars` its length in UTF-16 code units (what a SCO's suspend
    data counts); `text_*` the part the justifications take, which the rest does not depend on.
    """

    bytes: int
    chars: int
    text_bytes: int
    text_chars: int

    @property
    def structure_bytes(self) -> int:
        return self.bytes - self.text_bytes


def compact(state: dict) -> str:
    return json.dumps(state, ensure_ascii=False, separators=(",", ":"))


def worst_state(network: Network, max_attempts: int) -> dict:
    """A state the engine accepts whose every field is at its longest: the largest numbers,
    the relation limit drawn with the largest codes, every justification at its bound in
    four-byte characters, a full undo history of the longest entries."""
    state = engine.new_state(
        network, max_attempts if max_attempts > 0 else engine.MAX_ATTEMPT_NUMBER
    )
    count = len(network.partners)
    state["n"] = engine.MAX_STEPS
    state["p"] = [2 ** len(DOMAINS) - 1 for _p in state["p"]]
    nodes, types = len(network.node_ids), len(network.relation_types)
    codes = sorted(
        (
            engine.relation_code(network, b, a, types - 1, True)
            for a in range(nodes)
            for b in range(a + 1, nodes)
        ),
        reverse=True,
    )
    state["r"] = sorted(codes[: network.max_relations])
    state["q"] = [
        2 ** len(c.options) - 1 if c.select == "many" else 2 ** (len(c.options) - 1)
        for _q, _p, c, _s in network.choice_lists
    ]
    chosen = list(range(max(count - MAX_MOBILISED, 0), count))
    state["s"] = [[list(chosen), chosen[-1] if chosen else -1] for _s in state["s"]]
    state["j"] = ["\U0001f642" * engine.MAX_JUSTIFICATION for _s in state["j"]]
    entries = []
    if network.situation_items:
        entries.append(
            [4, len(network.situation_items) - 1, list(chosen), chosen[-1] if chosen else -1]
        )
    if state["p"]:
        entries.append([0, count - 1, 2 ** len(DOMAINS) - 1])
    if entries:
        longest = max(entries, key=lambda entry: len(compact(entry)))
        state["u"] = [longest] * engine.UNDO_DEPTH
    return state


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def state_size(network: Network, max_attempts: int) -> StateSize:
    """The size of `worst_state`: what a SCO's suspend data must hold for this network."""
    state = worst_state(network, max_attempts)
    whole = compact(state)
    blank = compact({**state, "j": [""] * len(state["j"])})
    return StateSize(
        bytes=len(whole.encode("utf-8")),
        chars=_utf16(whole),
        text_bytes=len(whole.encode("utf-8")) - len(blank.encode("utf-8")),
        text_chars=_utf16(whole) - _utf16(blank),
    )
