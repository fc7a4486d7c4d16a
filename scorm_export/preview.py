"""`insertion-pro preview`: play packages in a local LMS page whose runtime is scorm-again.

The server listens on 127.0.0.1 only and serves, read-only: a list of the packages, an LMS
page per package (scorm-again as the API, a live panel of what the LMS receives), the files
inside each zip, and scorm-again's scripts from node_modules. Tests use the same server.
"""

from __future__ import annotations

import mimetypes
import sys
import threading
import zipfile
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from xblocks.common.i18n import Message, cli_gettext
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.resources import render
from xblocks.common.xml import local_name, parse

ROOT = Path(__file__).resolve().parent.parent
VENDOR = {
    "scorm12.js": ROOT / "node_modules/scorm-again/dist/scorm12.js",
    "scorm2004.js": ROOT / "node_modules/scorm-again/dist/scorm2004.js",
    "lms.js": Path(__file__).resolve().parent / "static/lms.js",
}


class Unplayable(ValueError):
    """A package the preview cannot play; the message is translatable (see `Message`)."""

    def __init__(self, template: str, /, **params: object) -> None:
        self.detail = Message(template, **params)
        super().__init__(self.detail.message())

    def message(self, gettext: Callable[[str], str] = str) -> str:
        return self.detail.message(gettext)


class Package:
    """A zip on disk, with what an LMS reads from its manifest (as Open edX's SCORM block does)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        with zipfile.ZipFile(path) as archive:
            manifest = parse(archive.read("imsmanifest.xml"))
            self.names = set(archive.namelist())
        version = "".join(e.text or "" for e in manifest.iter() if local_name(e) == "schemaversion")
        self.version = "1.2" if version.strip() == "1.2" else "2004"
        launch = next(
            (
                e.get("href")
                for e in manifest.iter()
                if local_name(e) == "resource" and e.get("href")
            ),
            None,
        )
        if launch is None:
            raise Unplayable(_("{path}: no resource with an href to launch"), path=path)
        self.launch = launch
        titles = [e.text for e in manifest.iter() if local_name(e) == "title"]
        self.title = titles[0] if titles else self.name

    def read(self, member: str) -> bytes | None:
        if member not in self.names:
            return None
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(member)


def make_handler(packages: list[Package]):
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
                page = render("scorm_export", "preview_index.html", packages=packages)
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
                page = render(
                    "scorm_export",
                    "lms.html",
                    package=package,
                    config={
                        "version": package.version,
                        "launch": f"/pkg/{index}/{package.launch}",
                        "key": f"insertion-pro-lms:{package.name}",
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


def start(paths: list[str | Path], port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Serve the packages in a background thread; returns the server and its base URL."""
    packages = [Package(Path(p)) for p in paths]
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(packages))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def serve(paths: list[str], port: int) -> int:
    gettext = cli_gettext()
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        message = gettext(_("no such package"))
        print(f"{missing[0]}: {message}", file=sys.stderr)
        return 1
    if not all(VENDOR[name].is_file() for name in VENDOR):
        print(gettext(_("node_modules/scorm-again is missing: run `make` first")), file=sys.stderr)
        return 1
    try:
        server, url = start(paths, port)
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
