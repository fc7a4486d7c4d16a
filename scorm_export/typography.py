"""French typography and the course's wording rules, as `check` enforces them.

- a narrow no-break space (U+202F) before `;`, `!` and `?`, after `«` and before `»`;
- a no-break space (U+00A0) before `:`;
- a curly apostrophe (’), never a straight one between letters;
- "socioprofessionnel" in one word; the professions in the masculine generic, as the about page
  says ("assistant de service social", no "·e" nor "(e)");
- no retired scheme named as if it were current (Pôle emploi, the Garantie jeunes, the PPAE…):
  the sentence must say it is past ("remplacé", "devenu", "jusqu’en"…).

Each finding is (offset in the text, English template, values), for `file:line` messages.
"""

from __future__ import annotations

import re

from xblocks.common.i18n import gettext_noop as _

NNBSP, NBSP = "\u202f", "\u00a0"
_LETTER = r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]"

_RULES: tuple[tuple[re.Pattern, str], ...] = (
    (
        re.compile(r"[ \t\n\u00a0](?=[;!?])"),
        _("use a narrow no-break space (U+202F) before « ; », « ! » and « ? »"),
    ),
    (
        re.compile(rf"(?<={_LETTER})[;!?](?=[\s<]|$)"),
        _("put a narrow no-break space (U+202F) before « ; », « ! » and « ? »"),
    ),
    (re.compile(r"[ \t\n\u202f](?=:)"), _("use a no-break space (U+00A0) before « : »")),
    (
        re.compile(rf"(?<={_LETTER}):(?=[ \t\n\u00a0])"),
        _("put a no-break space (U+00A0) before « : »"),
    ),
    (re.compile(r"«(?!\u202f)"), _("put a narrow no-break space (U+202F) after « « »")),
    (re.compile(r"(?<!\u202f)»"), _("put a narrow no-break space (U+202F) before « » »")),
    (re.compile(rf"(?<={_LETTER})'(?={_LETTER})"), _("use a curly apostrophe (’), not '")),
    (re.compile(r"socio-professionnel", re.I), _("write « socioprofessionnel » in one word")),
    (
        re.compile(r"\bassistante?s? sociale?s?\b", re.I),
        _("write « assistant de service social » (the course's wording for the profession)"),
    ),
    (
        re.compile(rf"{_LETTER}·{_LETTER}|{_LETTER}\((?:e|es|ne|ère|rice)\)", re.I),
        _(
            "the course names professions in the masculine generic (see the about page), "
            "without « · » or « (e) »"
        ),
    ),
)

#: Schemes that ended: named only with a word saying so in the same sentence.
RETIRED = re.compile(
    r"\bP[ôo]le emploi\b|\bGarantie jeunes\b|\bPPAE\b|\bAFPR\b|\bCMU-C\b"
    r"|contrat d[’']engagement réciproque",
    re.I,
)
_PAST = re.compile(
    r"remplac|ancien|devenu|supprim|jusqu|avant|succ[èé]d|était|disparu|auparavant|ex-|"
    r"fusion|a pris la suite|prend la suite|depuis le|depuis 20|plus de",
    re.I,
)
_SENTENCE = re.compile(r"[^.!?;]*(?:[.!?;]|$)")
_URL = re.compile(r"https?://\S+|www\.\S+|mailto:\S+")


def findings(text: str, asserted: bool = True) -> list[tuple[int, str, dict]]:
    """What breaks the rules in one text: (offset, template, values), by offset. An option a
    learner may choose (`asserted=False`) may name a retired scheme: a distractor can be a
    dated rule on purpose; lessons, feedback and explanations may not."""
    masked = _URL.sub(lambda m: "x" * len(m.group()), text)
    found = []
    for pattern, template in _RULES:
        for match in pattern.finditer(masked):
            found.append((match.start(), template, {}))
    for sentence in _SENTENCE.finditer(masked if asserted else ""):
        for match in RETIRED.finditer(sentence.group()):
            if not _PAST.search(sentence.group()):
                found.append(
                    (
                        sentence.start() + match.start(),
                        _(
                            "« {name} » is a retired scheme: say in the same sentence that it "
                            "was replaced (or when it ended)"
                        ),
                        {"name": match.group()},
                    )
                )
    return sorted(found, key=lambda f: f[0])


def fixed(text: str) -> str:
    """The text with its spaces and apostrophes set right (what `findings` asks for); the
    wording rules (retired schemes, professions) are left to the author. URLs are kept as
    they are."""
    urls = _URL.findall(text)
    if urls:
        parts = _URL.split(text)
        out = [_fixed_prose(parts[0])]
        for url, part in zip(urls, parts[1:], strict=True):
            out += [url, _fixed_prose(part)]
        return "".join(out)
    return _fixed_prose(text)


def _fixed_prose(text: str) -> str:
    text = re.sub(r"[ \u00a0\u202f]*([;!?])", lambda m: NNBSP + m.group(1), text)
    text = re.sub(rf"(?<=[{_LETTER[1:-1]}0-9»)])\s*:(?=[\s\u00a0])", NBSP + ":", text)
    text = re.sub(r"[ \t\u202f]+:", NBSP + ":", text)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NNBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*»", NNBSP + "»", text)
    return re.sub(rf"(?<={_LETTER})'(?={_LETTER})", "’", text)


#: Attributes that are never prose (identifiers, links, settings); every other one may be shown
#: (an activity's `source` of a figure, a criterion's `label`…).
CODE_ATTRIBUTES = {
    "url_name", "filename", "id", "class", "href", "src", "next", "requires", "excludes",
    "capacity", "capacities", "correct", "type", "kind", "weight", "max_attempts",
    "required_mark", "showanswer", "shuffle", "lang", "scope", "headers", "colspan",
    "rowspan", "start", "datetime", "selected", "style", "value", "fixed", "name",
}  # fmt: skip

_MARKUP = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<[^>]*>", re.S)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
_ATTRIBUTE = re.compile(r"""(\s)([\w:.-]+)(\s*=\s*)(["'])(.*?)\4""", re.S)
_RAW = re.compile(r"<(code|pre|script|style)\b", re.I)


def _fixed_text(text: str) -> str:
    """`fixed` on text that may hold entities (`&amp;`), which are left as they are."""
    parts = _ENTITY.split(text)
    entities = _ENTITY.findall(text)
    out = [fixed(parts[0])]
    for entity, part in zip(entities, parts[1:], strict=True):
        out += [entity, fixed(part)]
    return "".join(out)


def _fixed_attribute(match: re.Match) -> str:
    space, name, equals, quote, value = match.groups()
    if name in CODE_ATTRIBUTES or name.startswith(("xmlns", "data-", "on")):
        return match.group()
    return space + name + equals + quote + _fixed_text(value) + quote


def fixed_markup(source: str) -> str:
    """An XML or HTML file's text with `fixed` applied to what a learner reads: text between
    tags and the shown attributes; markup, comments, code and URLs untouched."""
    out, position, raw = [], 0, None
    for match in _MARKUP.finditer(source):
        text = source[position : match.start()]
        out.append(text if raw else _fixed_text(text))
        tag = match.group()
        opened = _RAW.match(tag)
        if opened and not tag.endswith("/>"):
            raw = opened.group(1).lower()
        elif raw and tag.lower().startswith(f"</{raw}"):
            raw = None
        if tag.startswith("<") and not tag.startswith(("<!--", "<?", "<![CDATA[", "</")):
            tag = _ATTRIBUTE.sub(_fixed_attribute, tag)
        out.append(tag)
        position = match.end()
    tail = source[position:]
    out.append(tail if raw else _fixed_text(tail))
    return "".join(out)
