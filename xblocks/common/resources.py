"""Loading a block's templates and public files from its package."""

from __future__ import annotations

import json
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape
from xblock.utils.resources import ResourceLoader


@cache
def _environment(package: str) -> Environment:
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(package: str, template: str, /, **context: object) -> str:
    """Render `templates/<template>` of `package`, every value HTML-escaped."""
    return _environment(package).get_template(template).render(**context)


@cache
def package_text(package: str, path: str) -> str:
    """The text of a file shipped in `package` (cached: files never change at run time)."""
    return ResourceLoader(package).load_unicode(path)


def public_text(package: str, path: str) -> str:
    """The text of `public/<path>` of `package`."""
    return package_text(package, f"public/{path}")


def script_safe_json(data: object) -> str:
    """JSON that cannot end the <script> element a runtime writes it into.

    Runtimes embed a fragment's init arguments in a script element; not all of them escape
    them (the xblock-sdk workbench does not). Learner and author text may hold "</script>".
    """
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
