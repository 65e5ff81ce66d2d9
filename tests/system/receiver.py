"""A webhook receiver for the delivery tests and the benchmark: a real HTTP
server on 127.0.0.1 in a thread of the test process, recording every POST
(headers and body) and answering as the test tells it to.

    r = Receiver(secret=b"k")           # any free port, or port=N
    r.behave(lambda n, req: (500, b"no")) # n: 1 for the first request
    r.url("/hook")
    r.accepted()                        # {alert id: [body, ...]} of 2xx answers
    r.close()

Run as a script (scripts/demo) it answers every POST with 200 and logs
each as a JSON line: receiver.py --port-file F --log F --secret S.

A behaviour returns (status, body), (status, body, delay_seconds) or
(status, body, delay_seconds, {header: value}); the body may be an int,
the length of a filler body streamed in 64 KiB chunks.
"""

import hashlib
import hmac
import http.server
import json
import socket
import threading


class Request:
    def __init__(self, path, headers, body):
        self.path = path
        self.headers = headers
        self.body = body
        self.status = None

    def header(self, name):
        return self.headers.get(name.lower())

    def json(self):
        return json.loads(self.body)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_POST(self):
        rcv = self.server.receiver
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n)
        req = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        with rcv.lock:
            rcv.requests.append(req)
            count = len(rcv.requests)
            behave = rcv.behaviour
        out = behave(count, req)
        status, answer = out[0], out[1]
        if len(out) > 2 and out[2]:
            if rcv.stopping.wait(out[2]):
                return
        req.status = status
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            for k, v in (out[3] if len(out) > 3 else {}).items():
                self.send_header(k, v)
            if isinstance(answer, int):
                self.send_header("Content-Length", str(answer))
                self.end_headers()
                chunk = b"x" * 65535 + b"\n"
                left = answer
                while left > 0 and not rcv.stopping.is_set():
                    part = chunk[:min(left, len(chunk))]
                    self.wfile.write(part)
                    left -= len(part)
            else:
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
        except OSError:
            pass  # the client stopped reading (a bounded answer)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def free_port():
    """A port nothing listens on now (for a receiver started later)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Receiver:
    def __init__(self, port=0, secret=None, behaviour=None):
        # behaviour here, not by behave() after, when a daemon already
        # retries on the port: its first request may come before behave().
        self.secret = secret
        self.lock = threading.Lock()
        self.requests = []
        self.behaviour = behaviour or (lambda n, req: (200, b"ok\n"))
        self.stopping = threading.Event()
        self.server = _Server(("127.0.0.1", port), _Handler)
        self.server.receiver = self
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path="/hook"):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def behave(self, fn):
        with self.lock:
            self.behaviour = fn

    def all(self):
        with self.lock:
            return list(self.requests)

    def accepted(self):
        """Bodies of the requests answered 2xx, by idempotency key."""
        out = {}
        for r in self.all():
            if r.status is not None and 200 <= r.status <= 299:
                out.setdefault(r.header("Idempotency-Key"), []).append(r.body)
        return out

    def signature_ok(self, req):
        want = "sha256=" + hmac.new(self.secret, req.body, hashlib.sha256).hexdigest()
        got = req.header("X-Sanctwatch-Signature") or ""
        return hmac.compare_digest(want, got)

    def close(self):
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()



def main():
    """Run a receiver until killed (scripts/demo): every POST is answered
    200 and logged as one JSON line: the idempotency key, the target,
    whether the signature is valid, and the party named."""
    import argparse
    import os
    import signal
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--secret", required=True)
    a = p.parse_args()
    rcv = Receiver(secret=a.secret.encode())
    log = open(a.log, "a", buffering=1)

    def answer(n, req):
        try:
            name = req.json()["entity"]["name"]
        except (ValueError, KeyError, TypeError):
            name = None
        log.write(json.dumps({"key": req.header("Idempotency-Key"),
                              "target": req.header("X-Sanctwatch-Target"),
                              "signature_ok": rcv.signature_ok(req),
                              "entity": name}) + "\n")
        return (200, b"ok\n")
    rcv.behave(answer)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % rcv.port)
    os.rename(tmp, a.port_file)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    rcv.close()


if __name__ == "__main__":
    main()
