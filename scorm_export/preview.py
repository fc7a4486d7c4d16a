"""`insertion-pro preview`: play packages in a local LMS page whose runtime is scorm-again.

The server listens on 127.0.0.1 only and serves, read-only: a list of the packages, an LMS
page per package (scorm-again as the API, a menu of the package's SCOs as its manifest's
default organization lists them, a live panel of what the LMS receives), the files inside
each zip, and scorm-again's scripts from node_modules. Tests use the same server. The pages
speak the language of the command (see `cli_language`).
"""

from __future__ import annotations

import mimetypes
import sys
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from gettext import GNUTranslations
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from xblocks.common.i18n import Message, catalog, cli_language
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.resources import render
from xblocks.common.xml import local_name, parse

ROOT = Path(__file__).resolve().parent.parent
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
VENDOR = {
    "scorm12.js": ROOT / "node_modules/scorm-again/dist/scorm12.js",
    "scorm2004.js": ROOT / "node_modules/scorm-again/dist/scorm2004.js",
    "lms.js": Path(__file__).resolve().parent / "static/lms.js",
}


#: The text of the preview's pages, translated in the language of the command.
UI = {
    "index_title": _("SCORM preview"),
    "packages": _("SCORM packages"),
    "package": _("{title} (SCORM {version})"),
    "page_title": _("Preview · {title}"),
    "all_packages": _("All packages"),
    "menu": _("Course menu"),
    "relaunch": _("Relaunch"),
    "reset": _("Forget this SCO's saved data"),
    "panel": _("What the LMS receives"),
    "current": _("SCO: {title}"),
    "interactions": _("Interactions"),
    "id": _("id"),
    "response": _("response"),
    "result": _("result"),
    "calls": _("Calls"),
    "length": _("{element} length"),
}


class Unplayable(ValueError):
    """A package the preview cannot play; the message is translatable (see `Message`)."""

    def __init__(self, template: str, /, **params: object) -> None:
        self.detail = Message(template, **params)
        super().__init__(self.detail.message())

    def message(self, gettext: Callable[[str], str] = str) -> str:
        return self.detail.message(gettext)


@dataclass(frozen=True)
class Item:
    """An entry of the LMS menu: an item of the organization and what it launches."""

    identifier: str
    title: str
    #: The resource's href (with xml:base) and the item's `parameters`, relative to the zip.
    launch: str


def with_parameters(href: str, parameters: str) -> str:
    """`href` with an item's `parameters` appended, as SCORM 2004 CAM (3.4.1.x) tells an LMS:
    a fragment only if the href has none, else a query joined with "?" or "&"."""
    parameters = parameters.strip()
    if not parameters:
        return href
    if parameters.startswith("#"):
        return href if "#" in href else href + parameters
    parameters = parameters.lstrip("?&")
    if not parameters:
        return href
    address, hash_mark, fragment = href.partition("#")
    joined = address + ("&" if "?" in address else "?") + parameters
    return joined + hash_mark + fragment


def _children(element, name: str) -> list:
    return [child for child in element if local_name(child) == name]


def _text(element, name: str) -> str:
    found = _children(element, name)
    return " ".join((found[0].text or "").split()) if found else ""


def organization_items(manifest) -> list[Item]:
    """The items an LMS menu offers: those of the default organization (the first if the
    default names none), nested clusters flattened in document order, each item that
    references a resource with an href. Items marked isvisible="false" are left out. With no
    such item (a manifest without organization), the first resource with an href, as Open
    edX's SCORM block launches it."""
    base = ""
    resources = {}
    first = None
    for element in manifest.iter():
        if local_name(element) == "resources":
            base = element.get(XML_BASE, "")
        elif local_name(element) == "resource" and element.get("href"):
            href = base + element.get(XML_BASE, "") + element.get("href")
            resources.setdefault(element.get("identifier"), href)
            first = first or (element.get("identifier"), href)
    organizations = [e for e in manifest.iter() if local_name(e) == "organizations"]
    found = _children(organizations[0], "organization") if organizations else []
    default = organizations[0].get("default") if organizations else None
    chosen = next((o for o in found if o.get("identifier") == default), found[0] if found else None)
    items = []
    for element in chosen.iter() if chosen is not None else ():
        if local_name(element) != "item" or element.get("isvisible", "true").strip() == "false":
            continue
        href = resources.get(element.get("identifierref"))
        if href is None:
            continue
        identifier = element.get("identifier") or f"item-{len(items) + 1}"
        launch = with_parameters(href, element.get("parameters", ""))
        items.append(Item(identifier, _text(element, "title") or identifier, launch))
    if not items and first is not None:
        items.append(Item(first[0] or "resource", "", first[1]))
    return items


class Package:
    """A zip on disk, with what an LMS reads from its manifest: its version and its menu."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        with zipfile.ZipFile(path) as archive:
            manifest = parse(archive.read("imsmanifest.xml"))
            self.names = set(archive.namelist())
        version = "".join(e.text or "" for e in manifest.iter() if local_name(e) == "schemaversion")
        self.version = "1.2" if version.strip() == "1.2" else "2004"
        #: What the LMS menu offers, in order: one `Item` per SCO (or asset) to launch.
        self.items = organization_items(manifest)
        if not self.items:
            raise Unplayable(_("{path}: no resource with an href to launch"), path=path)
        self.launch = self.items[0].launch
        titles = [e.text for e in manifest.iter() if local_name(e) == "title"]
        self.title = titles[0] if titles else self.name

    def record_key(self, item: Item) -> str:
        """The localStorage key of what the LMS keeps for `item`: one record per SCO, so per
        package and item (a one-SCO package's record is the package's)."""
        key = f"insertion-pro-lms:{self.name}"
        return key if len(self.items) == 1 else f"{key}:{item.identifier}"

    def read(self, member: str) -> bytes | None:
        if member not in self.names:
            return None
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(member)


def page_language(language: str | None) -> tuple[str, Callable[[str], str]]:
    """The `lang` of the pages and their gettext: the command's language if it has a catalog,
    else English."""
    translations = catalog(language)
    if language and isinstance(translations, GNUTranslations):
        return language.replace("_", "-"), translations.gettext
    return "en", str


def make_handler(packages: list[Package], language: str | None = None):
    lang, translate = page_language(language)
    ui = {key: translate(text) for key, text in UI.items()}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            return

        def send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = unquote(urlsplit(self.path).path)
            parts = path.strip("/").split("/", 2)
            if path == "/":
                page = render(
                    "scorm_export", "preview_index.html", packages=packages, lang=lang, ui=ui
                )
                return self.send(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8")
            if parts[0] == "vendor" and len(parts) == 2 and parts[1] in VENDOR:
                body = VENDOR[parts[1]].read_bytes()
                return self.send(HTTPStatus.OK, body, "text/javascript; charset=utf-8")
            if parts[0] in ("lms", "pkg") and len(parts) >= 2 and parts[1].isdigit():
                index = int(parts[1])
                if index < len(packages):
                    return self.package(packages[index], index, parts)
            return self.send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")

        def package(self, package: Package, index: int, parts: list[str]):
            if parts[0] == "lms":
                items = [
                    {
                        "id": item.identifier,
                        "title": item.title or package.title,
                        "launch": f"/pkg/{index}/{item.launch}",
                        "key": package.record_key(item),
                    }
                    for item in package.items
                ]
                page = render(
                    "scorm_export",
                    "lms.html",
                    package=package,
                    items=items,
                    lang=lang,
                    ui=ui,
                    config={
                        "version": package.version,
                        "items": items,
                        "ui": {key: ui[key] for key in ("current", "length")},
                    },
                )
                return self.send(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8")
            member = parts[2].split("?", 1)[0] if len(parts) == 3 else ""
            body = package.read(member)
            if body is None:
                return self.send(HTTPStatus.NOT_FOUND, b"not in the package", "text/plain")
            kind = mimetypes.guess_type(member)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind.endswith(("javascript", "xml", "json")):
                kind += "; charset=utf-8"
            return self.send(HTTPStatus.OK, body, kind)

    return Handler


def start(
    paths: list[str | Path], port: int = 0, language: str | None = None
) -> tuple[ThreadingHTTPServer, str]:
    """Serve the packages in a background thread, the pages in `language` (None: English);
    returns the server and its base URL."""
    packages = [Package(Path(p)) for p in paths]
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(packages, language))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def serve(paths: list[str], port: int) -> int:
    language = cli_language()
    gettext = catalog(language).gettext
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        message = gettext(_("no such package"))
        print(f"{missing[0]}: {message}", file=sys.stderr)
        return 1
    if not all(VENDOR[name].is_file() for name in VENDOR):
        print(gettext(_("node_modules/scorm-again is missing: run `make` first")), file=sys.stderr)
        return 1
    try:
        server, url = start(paths, port, language)
    except (OSError, ValueError, zipfile.BadZipFile, KeyError) as error:
        refused = Message(_("cannot serve the packages: {error}"), error=error)
        print(refused.message(gettext), file=sys.stderr)
        return 1
    print(gettext(_("Preview: {url}/  (Ctrl+C to stop)")).format(url=url), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
    return 0
