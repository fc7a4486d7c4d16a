"""The partner network's side of the SCORM seam (see xblocks/common/scorm_seam.py).

In a SCO the same view runs on the JavaScript engine (`public/partner-network-scorm.js`). Its
state is saved compactly, every number in the 64 characters A–Z a–z 0–9 - _ ("digits"):

    <attempt>.<submitted 0|1><domains>.<relations>.<answers>.<situations>[.<best>.<kept>]~<j1>~<j2>…

- domains: two digits per partner, its domains as a bit mask over engine.DOMAINS;
- relations: `relation_width` digits per relation drawn, its engine code, ascending;
- answers: two digits per choice list, the options chosen as a bit mask over its options;
- situations: per situation, the partners chosen as a bit mask over the partners
  (`mask_width` digits), then one digit: the one to mobilise first, plus one (0 for none);
- best: the best submitted attempt's score in ten-thousandths, and that attempt's number
  (what Open edX keeps: the grade never goes down);
- then each situation's justification, "%", "~", "|" and "<" written "%0" to "%3" (the
  last because some LMSs write suspend_data into a page script unescaped).

The undo history and the count of actions are not saved: a relaunch starts a fresh history.
A justification takes at most two UTF-16 units per code point once escaped, so the SCO bounds
justifications to what `SHARE` leaves them (`justification_limit`), at most the block's 300.
"""

from __future__ import annotations

import course_content
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.scorm_seam import ActivityInvalid, ActivityType
from xblocks.partner_network import engine, messages, olx, scoring, validation

PACKAGE = "xblocks.partner_network"
DIGITS = 64
#: The suspend_data this activity may take in a SCO, of SCORM 1.2's 4,096 characters.
SHARE = 3000
#: Below this, a justification is not "a sentence or two": such content is refused.
MIN_JUSTIFICATION = 80

JUSTIFICATIONS_CUT = _(
    "In the SCORM packages, justifications are limited to {limit} characters instead of "
    "{full}: the LMS keeps {share} characters of this activity."
)
TOO_LARGE = _(
    "This activity has too many situations for a SCORM package: its justifications would get "
    "{limit} characters each, fewer than {least}."
)


def _width(top: int) -> int:
    """How many digits write the numbers 0..top."""
    width = 1
    while DIGITS**width <= top:
        width += 1
    return width


def relation_width(network: engine.Network) -> int:
    nodes, types = len(network.node_ids), len(network.relation_types)
    return _width(max(2 * nodes * nodes * types - 1, 0))


def mask_width(network: engine.Network) -> int:
    return _width(max(2 ** len(network.partners) - 1, 0))


def structure_chars(network: engine.Network, max_attempts: int) -> int:
    """The longest compact state without its justifications, in characters."""
    attempts = max_attempts if max_attempts > 0 else engine.MAX_ATTEMPT_NUMBER
    digits = len(str(attempts))
    domains = 2 * len(network.partners) if network.map else 0
    relations = relation_width(network) * network.max_relations
    answers = 2 * len(network.choice_lists)
    situations = (mask_width(network) + 1) * len(network.situation_items)
    best = len(".10000") + 1 + digits
    return digits + 1 + 1 + domains + 1 + relations + 1 + answers + 1 + situations + best


def justification_limit(network: engine.Network, max_attempts: int) -> int:
    """The code points a justification may take in a SCO: what `SHARE` leaves, at most 300."""
    count = len(network.situation_items)
    if not count:
        return engine.MAX_JUSTIFICATION
    room = SHARE - structure_chars(network, max_attempts) - count  # one "~" each
    return min(engine.MAX_JUSTIFICATION, room // (2 * count))


def load(element) -> tuple[dict, dict]:
    network, settings = olx.network_from_element(element)
    problems = validation.validate(network, course_content.capacity_codes())
    limit = justification_limit(network, settings.max_attempts)
    if not problems and limit < MIN_JUSTIFICATION:
        problems.append(engine.problem(TOO_LARGE, limit=limit, least=MIN_JUSTIFICATION))
    if problems:
        raise ActivityInvalid(validation.with_lines(problems, olx.source_lines(element)))
    return engine.to_dict(network), {
        "max_attempts": settings.max_attempts,
        "weight": settings.weight,
        "required_mark": settings.required_mark,
        "show_reference": settings.show_reference,
        "justification_limit": limit,
    }


def warnings(element) -> list:
    """What `check` warns of in a valid network: the cues that give answers away, and
    justifications shortened in the packages."""
    network, settings = olx.network_from_element(element)
    found = validation.with_lines(validation.cue_warnings(network), olx.source_lines(element))
    limit = justification_limit(network, settings.max_attempts)
    if limit < engine.MAX_JUSTIFICATION:
        found.append(
            engine.problem(
                JUSTIFICATIONS_CUT, limit=limit, full=engine.MAX_JUSTIFICATION, share=SHARE
            )
        )
    return found


def state_chars(content: dict, settings: dict) -> int:
    network = engine.from_dict(content)
    count = len(network.situation_items)
    texts = count * (1 + 2 * settings["justification_limit"])
    return structure_chars(network, settings["max_attempts"]) + texts


def capacities(content: dict) -> tuple[str, ...]:
    """The codes the network's score has a sub-score for."""
    network = engine.from_dict(content)
    return tuple(c.code for c in scoring.score(network, engine.new_state(network)).capacities)


def front_end_ui(gettext) -> dict:
    """The view's strings, and the score's explanations by template, translated, for the JS
    engine's explanations (which name their English template, as its refusals do)."""
    explain = (
        scoring.EXPLAIN_SCORE,
        scoring.EXPLAIN_CAPPED,
        scoring.EXPLAIN_CAPACITY,
        *scoring.EXPLAIN_KIND.values(),
    )
    return {
        **messages.front_end_ui(gettext),
        "explain": {template: gettext(template) for template in explain},
    }


ACTIVITY = ActivityType(
    block_type="partner_network",
    load=load,
    scripts=(
        ("xblocks.common", "public/shuffle.js"),
        ("xblocks.common", "public/transport.js"),
        (PACKAGE, "public/partner-network-engine.js"),
        (PACKAGE, "public/partner-network-map.js"),
        (PACKAGE, "public/partner-network-view.js"),
        (PACKAGE, "public/partner-network-scorm.js"),
    ),
    styles=((PACKAGE, "public/partner-network-map.css"), (PACKAGE, "public/partner-network.css")),
    adapter="PartnerNetworkScorm",
    ui=front_end_ui,
    state_chars=state_chars,
    warnings=warnings,
    capacities=capacities,
)
