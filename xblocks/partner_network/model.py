"""Partner network content model: the territory, structure, partners, relation types, the
reference map and the tasks, as frozen dataclasses, with their JSON form.

Pure Python, read by the engine (`engine.py`), scoring, OLX and validation; the JS engine reads
the same JSON (`to_dict`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from xblocks.common.dataform import json_form, read_dataclass


# The domains a partner is placed in, and the kinds of partner (ids; labels are UI strings).
def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


DOMAINS = _words(
    "emploi formation social sante logement mobilite garde_enfants langue_numerique handicap "
    "justice entreprises"
)
PARTNER_KINDS = _words(
    "france_travail mission_locale cap_emploi apec plie maison_emploi aci ei etti ai eiti geiq "
    "entreprise_adaptee esat employeur groupement_employeurs chambre_consulaire region opco "
    "carif_oref organisme_formation e2c epide cio cite_metiers france_vae etat "
    "conseil_departemental commune ccas caf cpam france_services udaf pass cmp csapa mdph siao "
    "chrs fjt mobilite creche_avip langue_numerique spip pjj association autre"
)
DIRECTIONS = ("one_way", "two_way")
STRENGTHS = ("strong", "moderate", "tenuous")
SELECTS = ("one", "many")
PARTS = ("expects", "offers")

# Bounds of the content (validation refuses more) and of what a learner can save.
MAX_PARTNERS = 40
MAX_RELATION_TYPES = 12
MAX_OPTIONS = 8
MAX_QUESTIONS = 12
MAX_STRATEGIES = 6
MAX_SITUATIONS = 8
MAX_MOBILISED = 6
MAX_JUSTIFICATION = 300  # code points: "a sentence or two"
UNDO_DEPTH = 5
MAX_STEPS = 99_999
MAX_ATTEMPT_NUMBER = 999_999  # "no limit" on attempts still stops there


# --- Content ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """One row of the territory's table: a figure with its date and its public source."""

    id: str
    label: str
    value: str
    date: str
    source: str


@dataclass(frozen=True)
class Territory:
    """The territory the counsellor works in, as a table of dated, sourced indicators."""

    name: str
    profile: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Structure:
    """The counsellor's own structure: the centre of the map."""

    id: str
    name: str
    kind: str
    description: str = ""


@dataclass(frozen=True)
class RelationType:
    """A kind of tie as the profession names it (orientation, financement, convention…)."""

    id: str
    label: str
    meaning: str = ""


@dataclass(frozen=True)
class PartnerCard:
    """A local partner. `domains` is the reference answer of its placement on the map;
    `points` and `capacities` are those of that placement."""

    id: str
    name: str
    kind: str
    domains: tuple[str, ...] = ()
    mission: str = ""
    public: str = ""
    funding: str = ""
    contact: str = ""
    points: int = 1
    capacities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relation:
    """A tie of the reference map, drawn as an ecomap draws it: typed, directed, of a strength,
    possibly under tension. `source` and `target` are structure or partner ids."""

    id: str
    source: str
    target: str
    type: str
    direction: str = "one_way"
    strength: str = "moderate"
    tension: bool = False
    meaning: str = ""
    points: int = 1
    capacities: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapTask:
    """Task (a): place every partner in its domains and draw the relations."""

    capacities: tuple[str, ...]
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool = False


@dataclass(frozen=True)
class ChoiceList:
    """Options a learner picks from: one of them (`select="one"`) or any number."""

    options: tuple[Option, ...]
    select: str = "many"


@dataclass(frozen=True)
class Question:
    """Task (b): a question on the territory that needs its table."""

    id: str
    prompt: str
    choices: ChoiceList
    shuffle: bool = True
    feedback: str = ""
    points: int = 1
    capacities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Strategy:
    """Task (c), B3.1: what a partner expects from working with the structure, what it offers."""

    id: str
    partner: str
    prompt: str = ""
    expects: ChoiceList | None = None
    offers: ChoiceList | None = None
    shuffle: bool = True
    feedback: str = ""
    points: int = 1
    capacities: tuple[str, ...] = ()

    def lists(self) -> tuple[tuple[str, ChoiceList], ...]:
        found = zip(PARTS, (self.expects, self.offers), strict=True)
        return tuple((part, found_list) for part, found_list in found if found_list is not None)


@dataclass(frozen=True)
class Mobilise:
    """A partner the reference mobilises for a situation; `urgent`: the one to call first."""

    partner: str
    urgent: bool = False


@dataclass(frozen=True)
class Situation:
    """Task (d): a beneficiary's situation. With `cap`, missing every urgent partner caps the
    whole score there (a critical item)."""

    id: str
    title: str
    text: str
    mobilise: tuple[Mobilise, ...]
    cap: float | None = None
    feedback: str = ""
    points: int = 1
    capacities: tuple[str, ...] = ()

    @cached_property
    def urgent(self) -> frozenset[str]:
        return frozenset(m.partner for m in self.mobilise if m.urgent)


@dataclass(frozen=True)
class QuestionsTask:
    """Task (b); `capacities` is the default of its questions (as in each task below)."""

    capacities: tuple[str, ...]
    items: tuple[Question, ...]


@dataclass(frozen=True)
class StrategiesTask:
    capacities: tuple[str, ...]
    items: tuple[Strategy, ...]


@dataclass(frozen=True)
class SituationsTask:
    capacities: tuple[str, ...]
    items: tuple[Situation, ...]


@dataclass(frozen=True)
class Network:
    """A whole activity. Every task is optional, so a trainer can build shorter exercises."""

    structure: Structure
    relation_types: tuple[RelationType, ...]
    partners: tuple[PartnerCard, ...]
    territory: Territory | None = None
    map: MapTask | None = None
    questions: QuestionsTask | None = None
    strategies: StrategiesTask | None = None
    situations: SituationsTask | None = None

    @cached_property
    def partner_index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.partners)}

    @cached_property
    def node_ids(self) -> tuple[str, ...]:
        return (self.structure.id, *(p.id for p in self.partners))

    @cached_property
    def node_index(self) -> dict[str, int]:
        return {node_id: i for i, node_id in enumerate(self.node_ids)}

    @cached_property
    def node_names(self) -> tuple[str, ...]:
        return (self.structure.name, *(p.name for p in self.partners))

    @cached_property
    def type_index(self) -> dict[str, int]:
        return {t.id: i for i, t in enumerate(self.relation_types)}

    @cached_property
    def question_items(self) -> tuple[Question, ...]:
        return self.questions.items if self.questions else ()

    @cached_property
    def strategy_items(self) -> tuple[Strategy, ...]:
        return self.strategies.items if self.strategies else ()

    @cached_property
    def situation_items(self) -> tuple[Situation, ...]:
        return self.situations.items if self.situations else ()

    @cached_property
    def situation_index(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.situation_items)}

    @cached_property
    def choice_lists(self) -> tuple[tuple[str, str, ChoiceList, bool], ...]:
        """(question or strategy id, part, list, shuffled) in the order of the state's "q"."""
        found = [(q.id, "", q.choices, q.shuffle) for q in self.question_items]
        for strategy in self.strategy_items:
            found += [(strategy.id, part, c, strategy.shuffle) for part, c in strategy.lists()]
        return tuple(found)

    @cached_property
    def list_index(self) -> dict[tuple[str, str], int]:
        return {(qid, part): i for i, (qid, part, _c, _s) in enumerate(self.choice_lists)}

    @cached_property
    def max_relations(self) -> int:
        """How many relations a learner may draw: twice the nodes, none if the map asks none.

        Drawn from the number of partners, never from the reference, which it must not tell.
        """
        return 2 * len(self.node_ids) if self.map and self.map.relations else 0


# --- Content as JSON (the block's stored field, and what the JS engine reads) -----------------


def to_dict(network: Network) -> dict:
    """The network as JSON: each dataclass an object of its fields, tuples as lists."""
    return json_form(network)


def from_dict(data: dict) -> Network:
    """The network `to_dict` wrote, rebuilt from the dataclasses' own field types."""
    return read_dataclass(Network, data)
