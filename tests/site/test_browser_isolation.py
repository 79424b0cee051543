"""The tests' Chromium does not lose requests when the host's network changes, as it does whenever Docker adds or
removes a sandbox's interface (tests/isolated_browser.py)."""

from __future__ import annotations

import functools
import secrets
import subprocess
import threading
import uuid
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

import isolated_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not isolated_browser.available(), reason="no network namespace here: needs root, unshare, ip"),
]
IMAGES = 10  # more than Chromium's 6 connections per host: some wait for a connection, the requests that fail


class HeldHandler(SimpleHTTPRequestHandler):
    """A page of images whose answers wait until `release` is set."""

    release: threading.Event

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/":
            body = "".join(f'<img src="/held/{n}.svg">' for n in range(IMAGES)).encode()
            kind = "text/html"
        else:
            self.release.wait(timeout=30)
            body, kind = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', "image/svg+xml"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


def test_a_network_change_on_the_host_fails_no_request(browser) -> None:
    release = threading.Event()
    handler = type("Held", (HeldHandler,), {"release": release})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    lost: list[str] = []
    try:
        page = context.new_page()
        page.on("requestfailed", lambda request: lost.append(f"{request.url}: {request.failure}"))
        page.goto(f"http://127.0.0.1:{server.server_port}/", wait_until="commit")
        page.wait_for_selector("img", state="attached")
        # An interface with an address comes and goes, as a sandbox network's bridge does (192.0.2.0/24 is
        # reserved for documentation: no real network uses it).
        link = f"dt{uuid.uuid4().hex[:10]}"
        subprocess.run(["ip", "link", "add", link, "type", "veth", "peer", "name", link + "p"], check=True)
        try:
            subprocess.run(["ip", "addr", "add", f"192.0.2.{secrets.randbelow(254) + 1}/32", "dev", link], check=True)
            subprocess.run(["ip", "link", "set", link, "up"], check=True)
        finally:
            subprocess.run(["ip", "link", "del", link], check=True)
        page.wait_for_timeout(500)  # Chromium takes in the change (its notifier waits a moment) before answers come
        release.set()
        page.wait_for_load_state("load")
        assert lost == []
        assert page.evaluate("[...document.images].every(image => image.complete && image.naturalWidth > 0)")
    finally:
        release.set()
        context.close()
        server.shutdown()
