"""Translation helpers shared by the blocks.

Strings are marked with `gettext_noop` where they are defined (engines stay free of any
runtime) and translated at the edge, with the runtime's `i18n` service.

One source catalog per language, `xblocks/translations/<lang>/LC_MESSAGES/text.po`, is
compiled by `make translations` twice: beside it (`text.mo`, read by `catalog()`: the
`insertion-pro` command, in the language of its environment, and the workbench's i18n
service), and beside each block's module, `xblocks/<block>/translations/<lang>/LC_MESSAGES/
text.mo`, where Open edX's XBlock i18n service looks (the `translations` folder next to
`xblock_class.__module__`, domain "text").
"""

from __future__ import annotations

import functools
import gettext
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

DOMAIN = "text"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "translations"


def gettext_noop(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def pgettext_noop(context: str, message: str) -> tuple[str, str]:
    """Mark a string with a context (`msgctxt`) for extraction; translate it with `contextual`."""
    return context, message


CONTEXT_SEPARATOR = "\x04"  # how .mo catalogs store a message with its context, as Django does


def contextual(translate: Callable[[str], str], context: str, message: str) -> str:
    """`pgettext` through any gettext: the message in its context, else the plain one.

    Catalogs store a context as "context\\x04message", so a plain gettext finds it; where it
    is missing, the lookup comes back unchanged and the plain message is used instead.
    """
    found = translate(f"{context}{CONTEXT_SEPARATOR}{message}")
    return translate(message) if CONTEXT_SEPARATOR in found else found


#: A language code as BCP 47 and gettext write them: "fr", "fr-FR", "fr_FR", "pt-BR".
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")


@functools.cache
def shipped_languages() -> frozenset[str]:
    """The languages whose compiled catalog the project ships ("en", "fr")."""
    return frozenset(
        entry.name
        for entry in LOCALE_DIR.iterdir()
        if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    )


def shipped_language(language: object) -> str | None:
    """The shipped catalog that serves `language` ("fr-FR" -> "fr"), or None.

    Only a well-formed code ever reaches gettext, which takes it as a folder name: a course's
    `language` of "../../tmp/x" must not load a catalog from elsewhere.
    """
    if not isinstance(language, str) or not LANGUAGE_CODE.fullmatch(language):
        return None
    code = language.replace("-", "_")
    region = code.split("_")[0].lower() + code[len(code.split("_")[0]) :].upper()
    shipped = shipped_languages()
    return next((c for c in (code, region, code.split("_")[0].lower()) if c in shipped), None)


@functools.lru_cache(maxsize=64)
def catalog(language: str | None) -> gettext.NullTranslations:
    """The project's catalog for `language` ("fr", "fr-fr", "en"...), English as fallback
    (kept: a handler translates a dozen lines, each through this)."""
    shipped = shipped_language(language)
    if shipped is None:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[shipped], fallback=True)


def block_gettext(block) -> Callable[[str], str]:
    """The gettext of the runtime's i18n service, or identity where a runtime has none."""
    service = block.runtime.service(block, "i18n") if block.service_declaration("i18n") else None
    return service.gettext if service is not None else (lambda message: message)


class Message:
    """A translatable template and the values that fill it, translated when shown.

    A value that has a `.message(gettext)` itself (XmlRefused, a validation Problem, another
    Message...) is translated with the same gettext.
    """

    def __init__(self, template: str, /, **params: object) -> None:
        self.template, self.params = template, params

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.template, self.params) == (
            other.template,
            other.params,
        )

    def __hash__(self) -> int:
        return hash(self.template)

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.params!r})"

    def message(self, gettext: Callable[[str], str] = str) -> str:
        values = {
            key: value.message(gettext) if callable(getattr(value, "message", None)) else value
            for key, value in self.params.items()
        }
        return gettext(self.template).format(**values)


@functools.cache
def marked_strings(module_name: str) -> tuple[str, ...]:
    """Every string a module marks for translation (`_("…")`, as xgettext finds them), once
    each: the templates a JavaScript twin of an engine formats with the page's catalog."""
    import ast
    import importlib
    import inspect

    tree = ast.parse(inspect.getsource(importlib.import_module(module_name)))
    found = [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]
    return tuple(dict.fromkeys(found))


class Joined:
    """Values shown as one, each translated as a Message's value is, joined by `separator`."""

    def __init__(self, parts, separator: str = ", ") -> None:
        self.parts, self.separator = tuple(parts), separator

    def message(self, gettext: Callable[[str], str] = str) -> str:
        return self.separator.join(
            part.message(gettext) if callable(getattr(part, "message", None)) else str(part)
            for part in self.parts
        )


def cli_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language of a command, as for any Unix tool; None means English.

    The first non-empty of LANGUAGE, LC_ALL, LC_MESSAGES and LANG decides ("fr_FR.UTF-8",
    "fr"...; LANGUAGE may list several languages, the first with a catalog wins); "C",
    "POSIX" or nothing set means English.
    """
    environ = os.environ if environ is None else environ
    names = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    value = next((environ[name] for name in names if environ.get(name)), "")
    codes = [entry.split(".")[0].split("@")[0] for entry in value.split(":")]
    codes = [code for code in codes if code]
    if not codes or codes[0] in ("C", "POSIX"):
        return None
    found = (c for c in codes if isinstance(catalog(c), gettext.GNUTranslations))
    return next(found, codes[0])


def cli_gettext(environ: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """The gettext of the `insertion-pro` command: the project's catalog in `cli_language`."""
    return catalog(cli_language(environ)).gettext
