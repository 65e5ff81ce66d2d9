#!/usr/bin/env python3
"""Test HTTP server for sanctwatch system tests and the demo.

Usage:
    tests/httpd.py --root DIR [--port 0] [--port-file FILE] [--log FILE] [--verbose]
                   [--tls-cert FILE --tls-key FILE]

Binds 127.0.0.1 only. --port 0 (the default) takes any free port. The port
actually bound is printed to stdout as one line and, with --port-file, written
to FILE atomically (a temporary file in the same directory, then rename), so a
test can wait for FILE to appear and read a complete number.

With --tls-cert and --tls-key (PEM files) the server speaks HTTPS only: each
connection's TLS handshake is done in its own handler thread, so a client
that stalls or rejects the certificate never holds up the others.

Proxy requests: a request line in absolute form (`GET http://host/path
HTTP/1.1`, as a client sends to an HTTP proxy) is served like `GET /path`,
whatever the host, so the server can stand in for a plain HTTP proxy. The
request log has the request target as received (the full URL).

Static files: GET and HEAD serve files under --root (query strings are
ignored, paths may not leave the root, "/" and directories serve index.html).
Content-Type by extension:
    .html .htm   text/html; charset=utf-8
    .txt         text/plain; charset=utf-8
    .xml         application/xml
    .rss         application/rss+xml
    .atom        application/atom+xml
    .json        application/json
    other        application/octet-stream
Responses carry Content-Length, Last-Modified and ETag; If-None-Match and
If-Modified-Since get 304 Not Modified.

Fault endpoints (GET and HEAD):
    /fault/status/NNN      status NNN (200-599) with a small text/plain body
                           ("status NNN\\n"; no body for 204 and 304)
    /fault/slow/SECS       waits SECS seconds (decimal allowed), then 200 with
                           a small text/plain body
    /fault/hang            reads the request and never answers; the connection
                           is closed when the server stops (never delays
                           shutdown)
    /fault/big/BYTES       200 text/plain, Content-Length BYTES, body streamed
                           in 64 KiB chunks (lines of filler text)
    /fault/gzip-bomb/BYTES 200 text/plain with Content-Encoding: gzip, sent
                           whatever the Accept-Encoding; the body decodes to
                           BYTES spaces while about BYTES/1000 bytes are sent
                           (Content-Length is the compressed size)
    /fault/redirect/N      N > 0: 302 to /fault/redirect/N-1 (relative
                           Location); N = 0: 200 with a small body. So
                           /fault/redirect/N makes N redirects, then 200.
    /fault/reset           closes the connection without any response, with a
                           TCP reset (clients see "connection reset by peer")
    /fault/reset-body/BYTES
                           200 text/plain, Content-Length BYTES, sends the
                           first half of the body, then a TCP reset
    /fault/stall/BYTES     200 text/plain, Content-Length BYTES, sends the
                           first half of the body, then nothing more (the
                           connection is closed when the server stops)
    /fault/headers         200 application/json: the request headers as a JSON
                           object, name -> value as received (repeated headers
                           joined with ", ")
    /fault/retry-after/CODE/SECS[/date]
                           status CODE (429 or 503) with Retry-After: SECS, or
                           with /date the HTTP date SECS seconds from now
    /fault/flaky/N/NAME    the first N requests for NAME (any word) get 500,
                           later ones 200 with the file NAME from the root
                           (404 if it is missing)
    /fault/permanent/CODE/PATH
                           CODE (301, 308, 302 or 307) to /PATH
    /fault/loop            302 to itself, for ever
    /fault/rotate          304 when If-None-Match is sent, 200 otherwise;
                           every response carries a new ETag ("rN") and
                           Last-Modified
    /fault/charset/CHARSET/NAME
                           the UTF-8 file NAME re-encoded in CHARSET, served
                           as text/html with "charset=CHARSET" in Content-Type
                           (CHARSET "none": no charset at all, bytes as stored)
    /fault/challenge       403 text/html with cf-mitigated: challenge
A malformed fault path gets 400; anything else missing gets 404.

--log FILE appends one line per request, the request path as received
(including any query string), written and flushed when the request arrives,
before it is answered (so hanging requests are counted too). Tests count
polls with e.g. `grep -c '^/article.html$' FILE`.

Logging to stderr is off unless --verbose. SIGTERM and SIGINT stop the server
cleanly (exit status 0), also while requests hang or stream.
"""

import argparse
import email.utils
import hashlib
import http.server
import json
import os
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
import zlib

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/json",
}

CHUNK = 64 * 1024
MAX_SLOW = 3600.0

# Released when the server stops: /fault/hang and /fault/slow wait on it.
stopping = threading.Event()


class RequestLog:
    """One line per request path, flushed at once, safe across threads."""

    def __init__(self, path):
        self.lock = threading.Lock()
        self.f = open(path, "a", encoding="utf-8") if path else None

    def write(self, line):
        if self.f is None:
            return
        with self.lock:
            self.f.write(line + "\n")
            self.f.flush()


class GzipBomb:
    """A gzip member of n spaces, built from one repeated deflate segment.

    A 1 MiB block of spaces compressed with a full flush is a byte-aligned
    segment that does not refer back past itself, so the same segment can be
    repeated; the tail and the trailer (CRC-32, size) are computed per size.
    """

    BLOCK = b" " * (1 << 20)
    HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"

    def __init__(self):
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.segment = c.compress(self.BLOCK) + c.flush(zlib.Z_FULL_FLUSH)
        self.block_crc = {}

    def parts(self, n):
        """(compressed length, generator of the compressed bytes)"""
        q, r = divmod(n, len(self.BLOCK))
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        tail = c.compress(self.BLOCK[:r]) + c.flush()
        length = len(self.HEADER) + q * len(self.segment) + len(tail) + 8

        def gen():
            yield self.HEADER
            crc = 0
            batch = max(1, CHUNK // len(self.segment))
            left = q
            while left > 0:
                k = min(batch, left)
                for _ in range(k):
                    crc = zlib.crc32(self.BLOCK, crc)
                yield self.segment * k
                left -= k
            crc = zlib.crc32(self.BLOCK[:r], crc)
            yield tail + struct.pack("<II", crc, n & 0xFFFFFFFF)

        return length, gen()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True      # hanging handlers never keep the process alive
    block_on_close = False     # server_close() does not wait for them
    allow_reuse_address = True

    def __init__(self, addr, root, log, verbose, tls=None):
        self.root = os.path.realpath(root)
        self.reqlog = log
        self.verbose = verbose
        self.tls = tls  # an ssl.SSLContext, or None for plain HTTP
        self.bomb = GzipBomb()
        self.counts = {}
        self.lock = threading.Lock()
        super().__init__(addr, Handler)

    def finish_request(self, request, client_address):
        # Runs in the connection's thread: the handshake happens here, not
        # in the accept loop.  A failed handshake ends only this connection
        # (handle_error, then the raw socket is closed).
        if self.tls is not None:
            request = self.tls.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def count(self, key):
        """How many times key was counted before, then count it."""
        with self.lock:
            n = self.counts.get(key, 0)
            self.counts[key] = n + 1
            return n

    def handle_error(self, request, client_address):
        # Clients of a test server hang up mid-response all the time.
        if self.verbose:
            super().handle_error(request, client_address)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def version_string(self):
        return "sanctwatch-test-httpd/1"

    # --- plumbing ---------------------------------------------------------

    def log_message(self, format, *args):  # noqa: A002 (stdlib signature)
        if self.server.verbose:
            sys.stderr.write("httpd: %s %s\n" % (self.address_string(), format % args))

    def send_body(self, status, body, ctype="text/plain; charset=utf-8", headers=()):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        if status not in (204, 304):
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD" and status not in (204, 304):
            self.wfile.write(body)

    def do_GET(self):
        self.server.reqlog.write(self.path)
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_HEAD = do_GET

    def route(self):
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith("/fault/"):
            parts = path[len("/fault/"):].split("/")
            name, args = parts[0], parts[1:]
            fn = getattr(self, "fault_" + name.replace("-", "_"), None)
            if fn is None:
                self.send_body(404, "no such fault endpoint\n")
                return
            try:
                fn(*args)
            except (TypeError, ValueError, LookupError):
                self.send_body(400, "bad fault request: %s\n" % path)
            return
        self.serve_file(path)

    # --- static files -----------------------------------------------------

    def serve_file(self, path):
        rel = urllib.parse.unquote(path).lstrip("/")
        full = os.path.realpath(os.path.join(self.server.root, rel))
        if full != self.server.root and not full.startswith(self.server.root + os.sep):
            self.send_body(404, "not found\n")
            return
        if os.path.isdir(full):
            full = os.path.join(full, "index.html")
        try:
            with open(full, "rb") as f:
                st = os.fstat(f.fileno())
                data = f.read()
        except OSError:
            self.send_body(404, "not found\n")
            return
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:32]
        mtime = int(st.st_mtime)
        lastmod = email.utils.formatdate(mtime, usegmt=True)
        validators = (("ETag", etag), ("Last-Modified", lastmod))
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*":
                self.send_body(304, b"", headers=validators)
                return
        elif ims is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                since = None
            if since is not None and mtime <= since:
                self.send_body(304, b"", headers=validators)
                return
        ext = os.path.splitext(full)[1].lower()
        ctype = CONTENT_TYPES.get(ext, "application/octet-stream")
        self.send_body(200, data, ctype, validators)

    # --- fault endpoints ----------------------------------------------------

    def fault_status(self, code):
        code = int(code)
        if not 200 <= code <= 599:
            raise ValueError(code)
        headers = ()
        if code in (301, 302, 303, 307, 308):
            headers = (("Location", "/fault/status/200"),)
        self.send_body(code, "status %d\n" % code, headers=headers)

    def fault_slow(self, secs):
        secs = float(secs)
        if not 0 <= secs <= MAX_SLOW:
            raise ValueError(secs)
        if stopping.wait(secs):
            self.close_connection = True
            return
        self.send_body(200, "slow response after %g s\n" % secs)

    def fault_hang(self):
        stopping.wait()
        self.close_connection = True

    def fault_big(self, nbytes):
        n = int(nbytes)
        if n < 0:
            raise ValueError(n)
        line = b"sanctwatch test filler: nothing to see here, just bytes.\n"
        chunk = (line * (CHUNK // len(line) + 1))[:CHUNK]
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(n))
        self.end_headers()
        if self.command == "HEAD":
            return
        left = n
        while left > 0 and not stopping.is_set():
            k = min(left, CHUNK)
            self.wfile.write(chunk[:k])
            left -= k
        if left:
            self.close_connection = True

    def fault_gzip_bomb(self, nbytes):
        n = int(nbytes)
        if n < 0:
            raise ValueError(n)
        length, gen = self.server.bomb.parts(n)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if self.command == "HEAD":
            return
        for piece in gen:
            if stopping.is_set():
                self.close_connection = True
                return
            self.wfile.write(piece)

    def fault_redirect(self, count):
        n = int(count)
        if n < 0:
            raise ValueError(n)
        if n == 0:
            self.send_body(200, "end of the redirect chain\n")
        else:
            self.send_body(302, "redirecting (%d left)\n" % n,
                           headers=(("Location", "/fault/redirect/%d" % (n - 1)),))

    def send_half(self, nbytes):
        """Headers for a body of nbytes, then its first half, flushed."""
        n = int(nbytes)
        if n < 2:
            raise ValueError(n)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(n))
        self.end_headers()
        self.wfile.write(b"x" * (n // 2))
        self.wfile.flush()

    def fault_reset_body(self, nbytes):
        self.send_half(nbytes)
        time.sleep(0.1)  # let the half arrive before the reset
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def fault_stall(self, nbytes):
        self.send_half(nbytes)
        stopping.wait()
        self.close_connection = True

    def fault_reset(self):
        self.log_message("%s: connection reset without a response", self.path)
        # SO_LINGER with a zero timeout makes close() send RST, not FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def fault_retry_after(self, code, secs, form=""):
        code, secs = int(code), int(secs)
        if code not in (429, 503) or secs < 0 or form not in ("", "date"):
            raise ValueError(code)
        value = str(secs)
        if form == "date":
            value = email.utils.formatdate(time.time() + secs, usegmt=True)
        self.send_body(code, "slow down\n", headers=(("Retry-After", value),))

    def fault_flaky(self, n, name):
        n = int(n)
        if n < 0 or "/" in name or name.startswith("."):
            raise ValueError(n)
        if self.server.count("flaky/" + name) < n:
            self.send_body(500, "not yet\n")
            return
        self.serve_file("/" + name)

    def fault_permanent(self, code, *rest):
        code = int(code)
        if code not in (301, 302, 307, 308) or not rest:
            raise ValueError(code)
        self.send_body(code, "moved\n", headers=(("Location", "/" + "/".join(rest)),))

    def fault_loop(self):
        self.send_body(302, "again\n", headers=(("Location", "/fault/loop"),))

    def fault_rotate(self):
        n = self.server.count("rotate")
        validators = (("ETag", '"r%d"' % n),
                      ("Last-Modified", email.utils.formatdate(1700000000 + n, usegmt=True)))
        if self.headers.get("If-None-Match") is not None:
            self.send_body(304, b"", headers=validators)
        else:
            self.send_body(200, "rotating validators\n", headers=validators)

    def fault_charset(self, charset, name):
        if "/" in name or name.startswith("."):
            raise ValueError(name)
        try:
            with open(os.path.join(self.server.root, name), "rb") as f:
                data = f.read()
        except OSError:
            self.send_body(404, "not found\n")
            return
        if charset == "none":
            self.send_body(200, data, "text/html")
            return
        data = data.decode("utf-8").encode(charset, errors="xmlcharrefreplace")
        self.send_body(200, data, "text/html; charset=%s" % charset)

    def fault_challenge(self):
        self.send_body(403, "<html><title>Just a moment...</title></html>\n",
                       "text/html; charset=utf-8",
                       headers=(("cf-mitigated", "challenge"), ("Server", "cloudflare")))

    def fault_headers(self):
        out = {}
        for k, v in self.headers.items():
            out[k] = out[k] + ", " + v if k in out else v
        self.send_body(200, json.dumps(out, indent=1) + "\n", "application/json")


def write_port_file(path, port):
    d = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(d, ".%s.%d.tmp" % (os.path.basename(path), os.getpid()))
    with open(tmp, "w", encoding="ascii") as f:
        f.write("%d\n" % port)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description="sanctwatch test HTTP server (see the module docstring)")
    ap.add_argument("--root", required=True, help="directory to serve")
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = any free port)")
    ap.add_argument("--port-file", help="write the bound port here (atomically)")
    ap.add_argument("--log", help="append each request path to this file")
    ap.add_argument("--verbose", action="store_true", help="log requests and errors to stderr")
    ap.add_argument("--tls-cert", help="serve HTTPS with this PEM certificate (chain)")
    ap.add_argument("--tls-key", help="the PEM private key of --tls-cert")
    opts = ap.parse_args()

    if not os.path.isdir(opts.root):
        ap.error("--root %s: not a directory" % opts.root)
    tls = None
    if (opts.tls_cert is None) != (opts.tls_key is None):
        ap.error("--tls-cert and --tls-key go together")
    if opts.tls_cert is not None:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(opts.tls_cert, opts.tls_key)

    server = Server(("127.0.0.1", opts.port), opts.root, RequestLog(opts.log), opts.verbose,
                    tls)
    port = server.server_address[1]

    def stop(signum, frame):
        stopping.set()
        # shutdown() waits for serve_forever() to return: not from its thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    if opts.port_file:
        write_port_file(opts.port_file, port)
    sys.stdout.write("%d\n" % port)
    sys.stdout.flush()

    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stopping.set()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
