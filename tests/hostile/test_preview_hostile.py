"""Hostile requests and packages given to `insertion-pro preview`, the real command, bounded.

The server runs in a child process under the harness's limits (1 GB of address space) and is
spoken to in raw HTTP: odd package indexes and paths get 404 or 400, never a crash, and the
server still answers afterwards; a `Host` that is not the loopback's (DNS rebinding) gets 400;
200 simultaneous requests are all answered; a 200 MiB member is streamed to six clients at
once (read whole, it would not fit). Every hostile zip of `test_zips` is refused at start.
"""

from __future__ import annotations

import http.client
import socket
import threading
import zipfile
from pathlib import Path

import pytest

from scorm_export.olx_reader import read_course
from tests.hostile import harness
from tests.hostile.test_zips import MIB, ZIP_CASES, Entry, ZipCase, hostile, inflating, write_zip

#: Requests whose package index or path is odd: (id, request target, status expected).
ODD_REQUESTS = [
    ("superscript-two", "/lms/%C2%B2/", 404),
    ("circled-one", "/lms/%E2%91%A0/", 404),
    ("superscript-member", "/pkg/%C2%B2/index.html", 404),
    ("arabic-indic-digit", "/lms/%D9%A1/", 404),
    ("fullwidth-digit", "/pkg/%EF%BC%90/index.html", 404),
    ("raw-utf8-digit", "/lms/\u00c2\u00b2/", 400),
    ("5000-digits", "/lms/" + "9" * 5000 + "/", 404),
    ("negative", "/lms/-1/", 404),
    ("huge", "/lms/99999999999999999999/", 404),
    (
        "one-past-the-end",
        f"/lms/{len(read_course(harness.ROOT / 'course_content').chapters)}/",
        404,
    ),
    ("leading-zero", "/lms/00/", 404),
    ("hexadecimal", "/lms/0x1/", 404),
    ("exponent", "/lms/1e3/", 404),
    ("space-before", "/lms/%200/", 404),
    ("nul", "/lms/%00/", 400),
    ("newline", "/pkg/0/index.html%0Aimsmanifest.xml", 400),
    ("invalid-utf8", "/pkg/0/%FF.html", 400),
    ("backslash", "/pkg/0/C:%5Cevil.dtd", 400),
    ("dot-dot", "/pkg/0/../../etc/passwd", 404),
    ("encoded-dot-dot", "/pkg/0/%2E%2E/%2E%2E/etc/passwd", 404),
    ("encoded-slashes", "/pkg/0/..%2F..%2Fetc%2Fpasswd", 404),
    ("absolute-member", "/pkg/0//etc/passwd", 404),
    ("no-member", "/pkg/0/", 404),
    ("lms-with-more", "/lms/0/imsmanifest.xml", 404),
    ("vendor-dot-dot", "/vendor/../lms.js", 404),
    ("unknown-vendor", "/vendor/evil.js", 404),
    ("absolute-form", "http://evil.example/lms/0/", 400),
    ("asterisk", "*", 400),
    ("long-path", "/pkg/0/" + "a" * 20_000, 404),
    ("odd-query-is-not-read", "/lms/0/?index=%C2%B2&n=" + "9" * 5000, 200),
]

#: Host headers: (id, value, or None for none sent, or a list for several, accepted).
HOSTS = [
    ("loopback-with-port", "127.0.0.1:{port}", True),
    ("localhost-with-port", "localhost:{port}", True),
    ("localhost", "localhost", True),
    ("localhost-in-capitals", "LOCALHOST:{port}", True),
    ("rebinding-name", "evil.example", False),
    ("rebinding-name-with-port", "evil.example:{port}", False),
    ("loopback-as-a-subdomain", "127.0.0.1.evil.example:{port}", False),
    ("localhost-as-a-subdomain", "localhost.evil.example", False),
    ("credentials", "127.0.0.1:{port}@evil.example", False),
    ("another-port", "127.0.0.1:1", False),
    ("port-out-of-range", "127.0.0.1:99999999", False),
    ("empty", "", False),
    ("missing", None, False),
    ("two-hosts", ["127.0.0.1:{port}", "evil.example"], False),
]


def raw_request(url: str, target: str, host: object = "127.0.0.1:{port}") -> int:
    """Send `GET target` as written, with `host` (None: no Host header); the status."""
    address, port = url.removeprefix("http://").split(":")
    hosts = [] if host is None else host if isinstance(host, list) else [host]
    head = f"GET {target} HTTP/1.1\r\n"
    head += "".join(f"Host: {h.format(port=port)}\r\n" for h in hosts)
    head += "Connection: close\r\n\r\n"
    with socket.create_connection((address, int(port)), timeout=30) as sock:
        sock.sendall(head.encode("latin-1"))
        reply = b""
        while b"\r\n" not in reply:
            data = sock.recv(4096)
            if not data:
                break
            reply += data
    status = reply.split(b"\r\n", 1)[0].split()
    assert len(status) >= 2, reply
    return int(status[1])


def answers(url: str) -> bool:
    return raw_request(url, "/") == 200 and raw_request(url, "/pkg/0/imsmanifest.xml") == 200


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> list[Path]:
    return harness.exported(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def preview(packages):
    """The real `insertion-pro preview` of the course's packages, in a bounded child."""
    port = _free_port()
    with harness.serving(["preview", *map(str, packages), "--port", str(port)]) as (server, url):
        yield url
        assert server.poll() is None, "the server died"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(("target", "status"), [r[1:] for r in ODD_REQUESTS],
                         ids=[r[0] for r in ODD_REQUESTS])  # fmt: skip
def test_odd_requests_get_404_or_400(preview, target, status):
    assert raw_request(preview, target) == status
    assert answers(preview)


@pytest.mark.parametrize(("host", "accepted"), [h[1:] for h in HOSTS], ids=[h[0] for h in HOSTS])
def test_only_a_loopback_host_is_served(preview, host, accepted):
    assert raw_request(preview, "/lms/0/", host) == (200 if accepted else 400)
    assert answers(preview)


def test_200_simultaneous_requests_are_all_answered(preview):
    count = 200
    start = threading.Barrier(count)
    statuses: list[object] = [None] * count
    port = int(preview.rsplit(":", 1)[1])

    def client(n: int) -> None:
        start.wait()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("GET", "/pkg/0/index.html" if n % 2 else "/lms/0/")
            response = connection.getresponse()
            response.read()
            statuses[n] = response.status
        except OSError as error:
            statuses[n] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert statuses == [200] * count
    assert answers(preview)


def test_a_200_mib_member_is_streamed_not_read_whole(packages, tmp_path):
    """Six clients fetch a 200 MiB member at once from a server bounded to 1 GB: read whole
    per request, that is 1.2 GB; streamed, a few chunks."""
    with zipfile.ZipFile(packages[0]) as archive:
        base = [Entry(i.filename, archive.read(i)) for i in archive.infolist()]
    size = 200 * MIB
    package = write_zip(tmp_path / "video.zip", [*base, inflating("media/video.mp4", 200)])
    port = _free_port()
    with harness.serving(["preview", str(package), "--port", str(port)]) as (server, url):
        received: list[object] = [None] * 6

        def client(n: int) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                connection.request("GET", "/pkg/0/media/video.mp4")
                response = connection.getresponse()
                assert response.getheader("Content-Length") == str(size)
                total = 0
                while data := response.read(1024 * 1024):
                    assert not data.strip(b"\0")
                    total += len(data)
                received[n] = (response.status, total)
            except (OSError, AssertionError) as error:
                received[n] = repr(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert received == [(200, size)] * 6
        assert answers(url)
        assert server.poll() is None


@pytest.fixture(scope="module")
def base(packages) -> list[Entry]:
    with zipfile.ZipFile(packages[0]) as archive:
        return [Entry(i.filename, archive.read(i)) for i in archive.infolist()]


ZIP_FAULTS = [c for c in ZIP_CASES if c.zip_fault]


@pytest.mark.parametrize("case", ZIP_FAULTS, ids=[c.id for c in ZIP_FAULTS])
def test_an_unsafe_zip_is_refused_at_start(case: ZipCase, base, tmp_path):
    path, where = hostile(case, tmp_path, base)
    result = harness.command(["preview", str(path), "--port", "0"], timeout=30)
    message = harness.refusal(result, path, case.says)
    if case.entry is not None:
        assert message.startswith(f"{where}: "), message
