"""Translation helpers shared by the blocks.

Strings are marked with `gettext_noop` where they are defined (engines stay free of any
runtime) and translated at the edge, with the runtime's `i18n` service. Open edX's service
reads each block's catalog from `xblocks/translations/<lang>/LC_MESSAGES/text.mo`.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

DOMAIN = "text"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "translations"


def gettext_noop(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def catalog(language: str | None) -> gettext.NullTranslations:
    """The project's catalog for `language` ("fr", "fr-fr", "en"...), English as fallback."""
    languages = [language.replace("-", "_"), language.split("-")[0]] if language else []
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=languages, fallback=True)


def block_gettext(block) -> Callable[[str], str]:
    """The gettext of the runtime's i18n service, or identity where a runtime has none."""
    service = block.runtime.service(block, "i18n") if block.service_declaration("i18n") else None
    return service.gettext if service is not None else (lambda message: message)
