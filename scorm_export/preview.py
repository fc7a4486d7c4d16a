"""`insertion-pro preview`: play packages in a local LMS page whose runtime is scorm-again.

The server listens on 127.0.0.1 only and serves, read-only: a list of the packages, an LMS
page per package (scorm-again as the API, a menu of the package's SCOs as its manifest's
default organization lists them, a live panel of what the LMS receives), the files inside
each zip, and scorm-again's scripts from node_modules. Tests use the same server. The pages
speak the language of the command (see `cli_language`).

Each package is opened once, through `scorm_export.zips.SafeZip`, and read through at start:
an unsafe or corrupt zip is refused before anything is served, and only its safe regular-file
entries are ever served, streamed in chunks (a 200 MB video costs one chunk per request).
Every part of a request is checked: a `Host` other than 127.0.0.1 or localhost (DNS
rebinding) gets 400, as does a path that is not plain; a package index that is not a plain
ASCII number of the list gets 404. The listen backlog is large enough for a burst of requests.
"""

from __future__ import annotations

import mimetypes
import re
import sys
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from gettext import GNUTranslations
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from scorm_export.zips import SafeZip, ZipRefused
from xblocks.common.i18n import Message, catalog, cli_language
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.resources import render
from xblocks.common.xml import MAX_XML_BYTES, XmlRefused, local_name, parse

ROOT = Path(__file__).resolve().parent.parent
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
VENDOR = {
    "scorm12.js": ROOT / "node_modules/scorm-again/dist/scorm12.js",
    "scorm2004.js": ROOT / "node_modules/scorm-again/dist/scorm2004.js",
    "lms.js": Path(__file__).resolve().parent / "static/lms.js",
}
MANIFEST = "imsmanifest.xml"
#: A package index as the pages write it: plain ASCII digits ("²" and "①" are digits to str).
INDEX = re.compile(r"0|[1-9][0-9]{0,5}")
#: The Host headers accepted: the loopback address or name, with the server's port or none.
HOST = re.compile(r"(?:127\.0\.0\.1|localhost)(?::(?P<port>[0-9]{1,5}))?", re.IGNORECASE)
#: Connections waiting to be accepted (socketserver's default is 5).
BACKLOG = 256


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
    """A zip on disk, with what an LMS reads from its manifest: its version and its menu.

    The zip is opened once and read through (`SafeZip.test`); a zip with any problem is
    refused (`ZipRefused`, or `Unplayable` for its manifest), so that what is served is what
    was checked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.archive = SafeZip(path)
        try:
            self.archive.test()
            if self.archive.problems:
                first = self.archive.problems[0]
                raise ZipRefused(first.where, "{detail}", detail=first.detail)
            manifest = self._manifest()
        except BaseException:
            self.archive.close()
            raise
        self.names = self.archive.names
        version = "".join(e.text or "" for e in manifest.iter() if local_name(e) == "schemaversion")
        self.version = "1.2" if version.strip() == "1.2" else "2004"
        #: What the LMS menu offers, in order: one `Item` per SCO (or asset) to launch.
        self.items = organization_items(manifest)
        if not self.items:
            self.archive.close()
            raise Unplayable(_("no resource with an href to launch"))
        self.launch = self.items[0].launch
        titles = [e.text for e in manifest.iter() if local_name(e) == "title"]
        self.title = titles[0] if titles else self.name

    def _manifest(self):
        if MANIFEST not in self.archive.names:
            raise Unplayable(
                _("{manifest} is missing at the root of the package"), manifest=MANIFEST
            )
        try:
            return parse(self.archive.read(MANIFEST, MAX_XML_BYTES))
        except XmlRefused as refused:
            raise Unplayable(
                "{manifest}:{line}: {detail}",
                manifest=MANIFEST,
                line=refused.line or 1,
                detail=refused,
            ) from None

    def record_key(self, item: Item) -> str:
        """The localStorage key of what the LMS keeps for `item`: one record per SCO, so per
        package and item (a one-SCO package's record is the package's)."""
        key = f"insertion-pro-lms:{self.name}"
        return key if len(self.items) == 1 else f"{key}:{item.identifier}"

    def size(self, member: str) -> int | None:
        """The size of a member that may be served, or None."""
        return self.archive.size(member) if member in self.names else None

    def stream(self, member: str):
        """The member's bytes, in chunks, checked as they are inflated."""
        return self.archive.chunks(member)

    def close(self) -> None:
        self.archive.close()


def page_language(language: str | None) -> tuple[str, Callable[[str], str]]:
    """The `lang` of the pages and their gettext: the command's language if it has a catalog,
    else English."""
    translations = catalog(language)
    if language and isinstance(translations, GNUTranslations):
        return language.replace("_", "-"), translations.gettext
    return "en", str


def _request_path(target: str) -> str | None:
    """The decoded path of a request target (query and fragment dropped), or None unless it
    is a plain absolute path: ASCII as sent, UTF-8 once decoded, no control character and no
    backslash."""
    target = target.split("#", 1)[0].split("?", 1)[0]
    if not target.startswith("/") or not target.isascii():
        return None
    try:
        path = unquote(target, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in path or any(unicodedata.category(c) in ("Cc", "Cs") for c in path):
        return None
    return path


def make_handler(packages: list[Package], language: str | None = None):
    lang, translate = page_language(language)
    ui = {key: translate(text) for key, text in UI.items()}

    class Handler(BaseHTTPRequestHandler):
        #: Seconds an idle or slow connection may hold its thread.
        timeout = 60

        def log_message(self, format, *args):
            return

        def send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def refuse(self, status: int, text: str) -> None:
            self.close_connection = True
            self.send(status, text.encode(), "text/plain; charset=utf-8")

        def host_is_ours(self) -> bool:
            hosts = self.headers.get_all("Host") or []
            found = HOST.fullmatch(hosts[0].strip()) if len(hosts) == 1 else None
            port = found and found["port"]
            return bool(found) and (port is None or int(port) == self.server.server_address[1])

        def do_GET(self):
            if not self.host_is_ours():
                return self.refuse(HTTPStatus.BAD_REQUEST, "bad Host")
            path = _request_path(self.path)
            if path is None:
                return self.refuse(HTTPStatus.BAD_REQUEST, "bad path")
            parts = path[1:].split("/", 2)
            if path == "/":
                page = render(
                    "scorm_export", "preview_index.html", packages=packages, lang=lang, ui=ui
                )
                return self.send(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8")
            if parts[0] == "vendor" and len(parts) == 2 and parts[1] in VENDOR:
                body = VENDOR[parts[1]].read_bytes()
                return self.send(HTTPStatus.OK, body, "text/javascript; charset=utf-8")
            if parts[0] in ("lms", "pkg") and len(parts) >= 2 and INDEX.fullmatch(parts[1]):
                index = int(parts[1])
                if index < len(packages):
                    if parts[0] == "lms" and parts[2:] in ([], [""]):
                        return self.lms(packages[index], index)
                    if parts[0] == "pkg" and len(parts) == 3:
                        return self.member(packages[index], parts[2])
            return self.refuse(HTTPStatus.NOT_FOUND, "not found")

        def lms(self, package: Package, index: int):
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

        def member(self, package: Package, member: str):
            size = package.size(member)
            if size is None:
                return self.refuse(HTTPStatus.NOT_FOUND, "not in the package")
            kind = mimetypes.guess_type(member)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind.endswith(("javascript", "xml", "json")):
                kind += "; charset=utf-8"
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(size))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            try:
                for chunk in package.stream(member):
                    self.wfile.write(chunk)
            except ZipRefused:
                # Read through at start: only a zip changed on disk since gets here. The
                # length sent cannot be met; closing tells the browser the body is cut short.
                self.close_connection = True

    return Handler


class PreviewServer(ThreadingHTTPServer):
    """The preview's HTTP server: one thread per request, a backlog for bursts."""

    request_queue_size = BACKLOG
    daemon_threads = True

    def __init__(self, address, handler, packages: list[Package]) -> None:
        self.packages = packages
        super().__init__(address, handler)

    def server_close(self) -> None:
        super().server_close()
        for package in self.packages:
            package.close()


class PackageRefused(ValueError):
    """A package offered to the preview that it refuses, with the path it was offered as."""

    def __init__(self, path: str | Path, reason: ZipRefused | Unplayable) -> None:
        self.path, self.reason = str(path), reason
        super().__init__(self.line())

    def line(self, gettext: Callable[[str], str] = str) -> str:
        """`file: message`: the zip, then the entry when the problem is one entry's."""
        if isinstance(self.reason, Unplayable):
            return f"{self.path}: {self.reason.message(gettext)}"
        problem = self.reason.problem
        where = self.path if problem.where == self.path else f"{self.path}: {problem.where}"
        return f"{where}: {problem.detail.message(gettext)}"


def open_packages(paths: list[str | Path]) -> list[Package]:
    """Every package opened and checked; the first that fails raises PackageRefused (the
    others are closed)."""
    packages: list[Package] = []
    try:
        for path in paths:
            try:
                packages.append(Package(Path(path)))
            except (ZipRefused, Unplayable) as reason:
                raise PackageRefused(path, reason) from None
    except BaseException:
        for package in packages:
            package.close()
        raise
    return packages


def start(
    paths: list[str | Path], port: int = 0, language: str | None = None
) -> tuple[ThreadingHTTPServer, str]:
    """Serve the packages in a background thread, the pages in `language` (None: English);
    returns the server and its base URL."""
    packages = open_packages(paths)
    try:
        server = PreviewServer(("127.0.0.1", port), make_handler(packages, language), packages)
    except BaseException:
        for package in packages:
            package.close()
        raise
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def serve(paths: list[str], port: int) -> int:
    language = cli_language()
    gettext = catalog(language).gettext

    def refused(where: object, message: str) -> int:
        print(f"{where}: {message}", file=sys.stderr)
        return 1

    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        return refused(missing[0], gettext(_("no such package")))
    if not 0 <= port <= 65535:
        return refused("--port", gettext(_("{port} is not a port (0 to 65535)")).format(port=port))
    if not all(VENDOR[name].is_file() for name in VENDOR):
        print(gettext(_("node_modules/scorm-again is missing: run `make` first")), file=sys.stderr)
        return 1
    try:
        server, url = start(paths, port, language)
    except PackageRefused as error:
        print(error.line(gettext), file=sys.stderr)
        return 1
    except OSError as error:
        message = Message(_("cannot serve the packages: {error}"), error=error.strerror)
        return refused(f"127.0.0.1:{port}", message.message(gettext))
    print(gettext(_("Preview: {url}/  (Ctrl+C to stop)")).format(url=url), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
    return 0
