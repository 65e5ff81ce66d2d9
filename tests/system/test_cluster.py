"""System tests of the cluster (docs/cluster.md): a real `nats-server -js`
on 127.0.0.1 with a temp store directory and a free port, three real
daemons sharing loopback HTTP sources, the real client following the
stream.  Leases last 3 s (cluster.lease_ttl), so a killed node's sources
are taken over within the bound docs/cluster.md states: lease_ttl +
lease_ttl / 3 + the source's interval.  nats-server is installed by
scripts/install-deps: if it is missing these tests fail, never skip."""

import hashlib
import json
import os
import re
import sqlite3
import shutil
import signal
import socket
import subprocess
import sys
import time

import harness
from harness import FIXTURES, Subscriber, check, run_cmd, wait_for
from receiver import free_port

TTL = 3.0
INTERVAL = 0.5
BOUND = TTL + TTL / 3 + INTERVAL        # takeover, docs/cluster.md
NSOURCES = 6
NODES = ("n1", "n2", "n3")
FAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"  # Debian's faketime


class Nats:
    """nats-server -js on a free loopback port with its own store dir."""

    def __init__(self, env, port=None):
        self.port = port or free_port()
        self.dir = os.path.join(env.dir, "nats")
        self.log = os.path.join(env.dir, "nats.log")
        self.proc = None

    @property
    def url(self):
        return "nats://127.0.0.1:%d" % self.port

    def start(self):
        exe = shutil.which("nats-server") or "/usr/sbin/nats-server"
        check(os.access(exe, os.X_OK),
              "nats-server is missing: scripts/install-deps installs it")
        self.logf = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [exe, "-js", "-a", "127.0.0.1", "-p", str(self.port),
             "-sd", self.dir], stdout=self.logf, stderr=self.logf)
        wait_for(self.listening, "nats-server on port %d" % self.port)

    def listening(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), 0.2).close()
            return True
        except OSError:
            return False

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=harness.DEADLINE)
            self.logf.close()
        self.proc = None


class NatsClient:
    """Just enough of the NATS client protocol (INFO, CONNECT, PUB, SUB,
    MSG, PING) for a test to play another publisher or an operator: make
    a stream with settings of its own, publish on our subjects, ask the
    JetStream API.  Python has no NATS client in Debian 12."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), harness.DEADLINE)
        self.buf = b""
        self.line()                                     # INFO {...}
        self.sock.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\nPING\r\n')
        while self.line() != b"PONG":
            pass
        self.inbox = "_INBOX.test%d" % os.getpid()
        self.sock.sendall(("SUB %s 1\r\n" % self.inbox).encode())

    def line(self):
        while b"\r\n" not in self.buf:
            data = self.sock.recv(65536)
            check(data, "the NATS server closed the connection")
            self.buf += data
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def payload(self, n):
        while len(self.buf) < n + 2:
            data = self.sock.recv(65536)
            check(data, "the NATS server closed the connection")
            self.buf += data
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def request(self, subject, body):
        """Publish with our inbox as the reply subject; the reply as JSON."""
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.sock.sendall(b"PUB %s %s %d\r\n%s\r\n"
                          % (subject.encode(), self.inbox.encode(), len(body), body))
        while True:
            line = self.line()
            if line == b"PING":
                self.sock.sendall(b"PONG\r\n")
            elif line.startswith(b"MSG "):
                return json.loads(self.payload(int(line.split()[-1])))
            elif line.startswith(b"-ERR"):
                raise harness.Fail("NATS: %s" % line.decode())

    def close(self):
        self.sock.close()


class Node:
    """One sanctwatchd of the cluster, in a directory of its own."""

    def __init__(self, env, name, nats_url, sources, ttl=TTL, watchlist=None,
                 node_id=None):
        self.env = env
        self.name = name
        self.dir = os.path.join(env.dir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.sock = os.path.join(self.dir, "alerts.sock")
        self.db = os.path.join(self.dir, "alerts.db")
        self.log = os.path.join(self.dir, "daemon.log")
        wl = watchlist or os.path.join(FIXTURES, "watchlist.yaml")
        lines = ["watchlists: [%s]" % wl,
                 "database: alerts.db", "socket: alerts.sock",
                 "log_level: debug",
                 "http:", "  timeout: 3s", "  connect_timeout: 2s",
                 "matching:", "  min_score: 0.80",
                 "polling:", "  backoff_max: 1s"]
        if nats_url is not None:
            lines += ["cluster:", "  nats: %s" % nats_url,
                      "  node: %s" % (node_id or name),
                      "  lease_ttl: %dms" % (ttl * 1000)]
        lines.append("sources:")
        for sid, url in sources:
            lines += ["  - id: %s" % sid, "    url: %s" % url,
                      "    interval: %dms" % (INTERVAL * 1000)]
        self.config = os.path.join(self.dir, "sanctwatch.yaml")
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.proc = None

    def start(self, *args, skew=None):
        """Start the node; with skew ("+2h", "-90m"), its wall clock is
        that far off the others' (libfaketime; its monotonic clock is
        left alone, as a real clock skew leaves it)."""
        self.logf = open(self.log, "ab")
        env = None
        if skew is not None:
            # libfaketime preloaded into the daemon itself (not the
            # faketime wrapper, which would stand between it and kill -9);
            # the threads' variant, for libnats's.
            env = dict(os.environ, LD_PRELOAD=FAKETIME, FAKETIME=skew,
                       FAKETIME_DONT_FAKE_MONOTONIC="1")
            # An ASan build: libfaketime is preloaded before its runtime.
            env["ASAN_OPTIONS"] = ":".join(
                x for x in (env.get("ASAN_OPTIONS"), "verify_asan_link_order=0") if x)
        self.proc = subprocess.Popen(
            harness.VALGRIND + [os.path.join(harness.BUILD, "sanctwatchd"),
                                "-c", self.config] + list(args),
            cwd=self.dir, stdout=self.logf, stderr=self.logf, env=env)
        if "--once" in args:
            return
        wait_for(lambda: self.live() or self.proc.poll() is not None,
                 "node %s's socket" % self.name)
        check(self.proc.poll() is None, "node %s exited:\n%s" % (self.name, self.read_log()))

    def live(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(self.sock)
            return True
        except OSError:
            return False
        finally:
            s.close()

    def status(self):
        """The status reply (alerts the socket sends meanwhile skipped)."""
        s = Subscriber(self.sock)
        try:
            s.send(b'{"cmd": "status"}\n')
            return wait_for(lambda: [x for x in s.pump() if "ok" in x],
                            "status of " + self.name)[0]
        finally:
            s.close()

    def cluster(self):
        st = self.status()
        check("cluster" in st, "status of %s without cluster: %s" % (self.name, st))
        return st["cluster"]

    def leases(self):
        return set(self.cluster()["leases"])

    def polls(self):
        """Polls started per source, from the daemon's debug log."""
        counts = {}
        for line in self.read_log().splitlines():
            m = re.search(r"sanctwatchd: source ([^ :]+): fetching (?!the linked )\S+"
                          r"( \(conditional\))?$", line)
            if m:
                counts[m.group(1)] = counts.get(m.group(1), 0) + 1
        return counts

    def read_log(self):
        try:
            with open(self.log, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def stop(self, sig=signal.SIGTERM):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=harness.DEADLINE)
        self.logf.close()
        self.proc = None
        return rc


class Cluster:
    """nats-server, NSOURCES loopback sources and the nodes; closed by
    close() whatever happened."""

    def __init__(self, env):
        self.env = env
        self.nats = Nats(env)
        self.sources = []
        self.servers = []
        with open(os.path.join(FIXTURES, "site", "designation.html")) as f:
            page = f.read()
        # Four hosts (host:port, as the per-host limits count them): s0,
        # s1 and s2 on the test's HTTP server, s3, s4 and s5 each on one of
        # three more serving the same files, on ports where the owners of
        # the four hosts are not all one node.
        while True:
            ports = [env.port] + [free_port() for _ in range(3)]
            if len({owner(NODES, "127.0.0.1:%d" % p) for p in ports}) >= 2:
                break
        for p in ports[1:]:
            self.servers.append(subprocess.Popen(
                [sys.executable, harness.HTTPD, "--root", env.site, "--port", str(p),
                 "--log", env.reqlog], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for i in range(NSOURCES):
            # The same story, told a little differently on each source:
            # one node alerts once per party and text.
            name = "a%d.html" % i
            harness.write_article(env, name, page.replace(
                "</body>", "<p>Edition %d.</p></body>" % i))
            self.sources.append(("s%d" % i, "http://127.0.0.1:%d/%s"
                                 % (ports[max(0, i - 2)], name)))
        for p in ports[1:]:
            wait_for(lambda: listening(p), "the HTTP server on port %d" % p)
        self.nodes = {}
        self.ref = None

    def reference(self):
        """A single node without a cluster, polling the same sources, to
        compare the stream with."""
        self.ref = Node(self.env, "single", None, self.sources)
        self.ref.start()

    def node(self, name, url=None, **kw):
        n = Node(self.env, name, url or self.nats.url, self.sources, **kw)
        self.nodes[name] = n
        return n

    def live(self):
        return [n for n in self.nodes.values() if n.proc is not None]

    def leases(self):
        return {n.name: n.leases() for n in self.live()}

    def polled_by_holders(self, held):
        """Over three more polls of every source (their own request
        counts), the leases stay as held and each source is polled by
        exactly one live node, the one holding its lease."""
        before = {n.name: n.polls() for n in self.live()}
        reqs = {s: self.env.requests(os.path.basename(u)) for s, u in self.sources}
        wait_for(lambda: all(self.env.requests(os.path.basename(u)) >= reqs[s] + 3
                             for s, u in self.sources), "three more polls of every source")
        check(self.settled() == held, "the leases moved while nothing changed")
        after = {n.name: n.polls() for n in self.live()}
        for sid, _ in self.sources:
            pollers = [n for n in after if after[n].get(sid, 0) > before[n].get(sid, 0)]
            check(len(pollers) == 1, "source %s polled by %s" % (sid, pollers))
            check(sid in held[pollers[0]], "source %s polled by %s without its lease"
                  % (sid, pollers[0]))

    def settled(self):
        """Every source leased by the live node that owns it (the highest
        random weight, docs/cluster.md), each node seeing all live nodes:
        the lease map, or None."""
        live = self.live()
        held = {}
        for n in live:
            c = n.cluster()
            if not c["joined"] or len(c["nodes"]) != len(live):
                return None
            held[n.name] = set(c["leases"])
        names = sorted(held)
        want = {n: {s for s, u in self.sources if owner(names, host(u)) == n}
                for n in names}
        return held if held == want else None

    def stream(self):
        """Every alert in the stream, as (seq, alert)."""
        r = run_cmd([os.path.join(harness.BUILD, "sanctwatch"), "tail",
                     "--nats", self.nats.url, "--since", "0", "--no-follow"])
        check(r.returncode == 0, "tail --nats failed: %s" % r.stderr)
        out = []
        for line in r.stdout.splitlines():
            a = json.loads(line)
            out.append((a["seq"], a))
        return out

    def finish(self):
        """Stop every node with SIGTERM: each must exit 0 (under ASan,
        with no leak)."""
        for n in list(self.nodes.values()) + [self.ref]:
            if n is not None and n.proc is not None:
                rc = n.stop()
                check(rc == 0, "node %s exited %s:\n%s" % (n.name, rc, n.read_log()[-3000:]))

    def close(self):
        for n in list(self.nodes.values()) + [self.ref]:
            if n is None:
                continue
            if n.proc is not None and n.proc.poll() is None:
                n.proc.kill()
                n.proc.wait()
        for p in self.servers:
            p.terminate()
            p.wait()
        self.nats.stop()


def listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False


def host(url):
    """The host:port of a URL, as the per-host limits count it."""
    return url.split("://", 1)[1].split("/", 1)[0].lower()


def owner(nodes, host):
    """The node that should poll the sources of a host: the highest
    weight, the first 8 bytes of sha256(node 0x01 host:port); the same
    rule as cluster.c."""
    def weight(n):
        d = hashlib.sha256(("%s\x01%s" % (n, host)).encode()).digest()
        return (int.from_bytes(d[:8], "big"), [-ord(ch) for ch in n])
    return max(nodes, key=weight)


def key(a):
    return (a["kind"], a["entity"]["id"], a["document"]["source"],
            a["document"]["url"])


def db_keys(node):
    if not os.path.exists(node.db):
        return []
    con = sqlite3.connect("file:%s?mode=ro" % node.db, uri=True, timeout=5)
    try:
        rows = con.execute("SELECT kind, entity_id, source_id, url FROM alerts").fetchall()
        ids = sorted(r[0] for r in con.execute("SELECT id FROM alerts"))
    finally:
        con.close()
    return sorted(tuple(r) for r in rows)


def db_version(node):
    con = sqlite3.connect("file:%s?mode=ro" % node.db, uri=True, timeout=5)
    try:
        return con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


def check_exactly_once(c, what, expect=None):
    """The stream holds every alert the single reference node (no cluster,
    the same sources all along) raised, each once; with expect, once the
    reference node has that many."""
    if expect is not None:
        wait_for(lambda: len(db_keys(c.ref)) == expect,
                 "%s: the reference node's %d alerts" % (what, expect))

    def same():
        alerts = [a for _, a in c.stream()]
        keys = sorted(key(a) for a in alerts)
        check(len(keys) == len(set(keys)), "%s: an alert twice in the stream: %s"
              % (what, keys))
        want = db_keys(c.ref)
        return alerts if keys == want and want else None
    try:
        alerts = wait_for(same, "%s: the stream to hold what one node raised" % what)
    except harness.Fail:
        raise harness.Fail("%s: the stream is not what one node raised:\n%s\n%s"
                           % (what, sorted(key(a) for _, a in c.stream()), db_keys(c.ref)))
    # collect: the same alerts into one database of a node's schema, once
    # however often it runs.
    db = os.path.join(c.env.dir, "collected.db")
    for _ in range(2):
        r = run_cmd([os.path.join(harness.BUILD, "sanctwatch"), "collect", "--nats",
                     c.nats.url, "--db", db, "--no-follow"])
        check(r.returncode == 0, "collect failed: %s" % r.stderr)
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT kind, entity_id, source_id, url FROM alerts").fetchall()
        ids = sorted(r[0] for r in con.execute("SELECT id FROM alerts"))
        states = con.execute("SELECT count(*) FROM alert_states").fetchone()[0]
        version = con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()
    keys = sorted(tuple(r) for r in rows)
    stream = c.stream()
    check(keys == sorted(key(a) for _, a in stream), "%s: collected %s" % (what, keys))
    check(ids == sorted(seq for seq, _ in stream), "%s: ids are not the stream's sequences" % what)
    check(len(keys) == len(set(keys)), "%s: an alert twice in the collected database" % what)
    check(states == len(keys), "%s: the alert_states view: %d" % (what, states))
    check(version == db_version(c.ref), "collected schema version %d" % version)
    return alerts


def start_cluster(env):
    c = Cluster(env)
    c.nats.start()
    c.reference()
    for name in NODES:
        c.node(name).start()
    return c


def test_sources_shared(env):
    """Each source polled by exactly one node while they all run; every
    alert once in the stream; status shows leases, nodes and one
    watchlist."""
    c = start_cluster(env)
    try:
        held = wait_for(c.settled, "every source leased by exactly one node")
        check(sum(1 for h in held.values() if h) >= 2,
              "the sources were not shared out: %s" % held)
        c.polled_by_holders(held)
        # Per-host politeness across the cluster: all of a host's sources
        # on one node, whose poller spaces them.
        for h in {host(u) for _, u in c.sources}:
            on = {n for n in held for s, u in c.sources if host(u) == h and s in held[n]}
            check(len(on) == 1, "host %s polled by %s" % (h, on))
        # One lease per host in the bucket, each key the host escaped.
        nc = NatsClient(c.nats.port)
        info = nc.request("$JS.API.STREAM.INFO.KV_sanctwatch_LEASES",
                          {"subjects_filter": ">"})
        alerts = nc.request("$JS.API.STREAM.INFO.sanctwatch_ALERTS", {})
        check(alerts["config"].get("max_age") == 30 * 86400 * 10**9,
              "the alert stream keeps alerts %r ns, not cluster.keep's 30 days"
              % alerts["config"].get("max_age"))
        nc.close()
        keys = sorted(k.split(".", 2)[2] for k in info["state"].get("subjects", {}))
        want = sorted(h.replace(".", "=2e").replace(":", "=3a")
                      for h in {host(u) for _, u in c.sources})
        check(keys == want, "lease keys %s, not %s" % (keys, want))
        st = c.nodes["n1"].cluster()
        check(st["same_watchlist"] and len(st["nodes"]) == 3,
              "status: %s" % st)
        r = run_cmd([os.path.join(harness.BUILD, "sanctwatch"), "status", "-s",
                     c.nodes["n1"].sock, "--text"])
        check(r.returncode == 0 and "the same watchlist" in r.stdout and
              "leases           %d:" % len(held["n1"]) in r.stdout,
              "status text: %s" % r.stdout)
        check({x["node"] for x in st["nodes"]} == set(NODES), "nodes: %s" % st["nodes"])
        wait_for(lambda: all(n.cluster()["queued"] == 0 for n in c.live()),
                 "every outbox published")
        alerts = check_exactly_once(c, "three nodes", 4 * NSOURCES)
        check(all(a["node"] in NODES for a in alerts), "node of each message")
        c.finish()
    finally:
        c.close()


def test_clock_skew(env):
    """Nodes whose wall clocks disagree by hours (one two hours ahead, one
    ninety minutes behind) share the sources as well as agreeing ones:
    each source leased and polled by exactly one node, every alert once in
    the stream and the collected database, and a killed node's sources
    taken over within the bound.  Leases lapse by the server's clock and
    are renewed by each node's monotonic clock (docs/cluster.md), so no
    node's wall clock takes part."""
    c = Cluster(env)
    try:
        c.nats.start()
        c.reference()
        for name, skew in zip(NODES, ("+2h", "-90m", None)):
            c.node(name).start(skew=skew)
        for name in NODES[:2]:
            with open("/proc/%d/maps" % c.nodes[name].proc.pid) as f:
                check("libfaketime" in f.read(), "node %s runs without its skew" % name)
        held = wait_for(c.settled, "every source leased by exactly one node")
        c.polled_by_holders(held)
        check_exactly_once(c, "skewed clocks", 4 * NSOURCES)
        # The node two hours ahead dies: the others take its sources.
        victim = NODES[0]
        orphans = held[victim]
        c.nodes[victim].stop(signal.SIGKILL)
        held = wait_for(c.settled, "the skewed node's sources taken over",
                        timeout=2 * BOUND + 5)
        for sid in orphans:
            check(any(sid in h for h in held.values()), "source %s not taken over" % sid)
        check_exactly_once(c, "after the skewed node's death")
        c.finish()
    finally:
        c.close()


def test_kill9_takeover(env):
    """kill -9 of a node: its sources are leased and polled by the others
    within lease_ttl + lease_ttl/3 + interval; the node taking a source
    over does not alert again on what the dead one scanned (shared seen
    documents); nothing doubled in the stream; the node's return
    rebalances."""
    c = Cluster(env)
    pages = {}
    for _, u in c.sources:      # nothing published until the leases settle
        path = os.path.join(env.site, os.path.basename(u))
        with open(path) as f:
            pages[os.path.basename(u)] = f.read()
        os.unlink(path)
    try:
        c.nats.start()
        c.reference()
        for name in NODES:
            c.node(name).start()
        held = wait_for(c.settled, "every source leased by exactly one node")
        for name, text in pages.items():
            harness.write_article(env, name, text)
        check_exactly_once(c, "before the kill", 4 * NSOURCES)
        local = {n.name: len(db_keys(n)) for n in c.live()}
        check(sum(local.values()) == len(db_keys(c.ref)),
              "each alert raised by one node only: %s" % local)
        victim = max(held, key=lambda n: len(held[n]))
        orphans = held[victim]
        check(orphans, "the victim holds no source")
        c.nodes[victim].stop(signal.SIGKILL)
        # Leases lapse on the server; the others take them over.
        t0 = time.monotonic()
        held = wait_for(c.settled, "the orphaned sources taken over",
                        timeout=2 * BOUND + 5)
        took = time.monotonic() - t0
        for sid in orphans:
            check(any(sid in h for h in held.values()), "source %s not taken over" % sid)
        # And polled again, by nodes that had never polled them.
        paths = {s: os.path.basename(u) for s, u in c.sources}
        reqs = {s: env.requests(paths[s]) for s in orphans}
        wait_for(lambda: all(env.requests(paths[s]) > reqs[s] + 1 for s in orphans),
                 "the orphaned sources polled again")
        for n in c.live():
            check(len(db_keys(n)) == local[n.name],
                  "node %s alerted again after the takeover: %d, was %d"
                  % (n.name, len(db_keys(n)), local[n.name]))
            check(all(k[2] not in orphans for k in db_keys(n)),
                  "node %s alerted on a source it took over" % n.name)
        wait_for(lambda: all(n.cluster()["queued"] == 0 for n in c.live()),
                 "every outbox published")
        check_exactly_once(c, "after kill -9", 4 * NSOURCES)
        print("#   takeover after kill -9: %.1f s (bound %.1f s)" % (took, BOUND))
        # The node comes back: load rebalances onto it, once the entry of
        # its killed run lapsed (that run renews it no more: not a
        # duplicate).
        c.nodes[victim].start()
        wait_for(lambda: (lambda h: h if h and h.get(victim) else None)(c.settled()),
                 "the returning node given sources back")
        check("another process runs as node" not in c.nodes[victim].read_log(),
              "the returning node taken for a duplicate")
        c.finish()
    finally:
        c.close()


OUTAGE = 30.0   # the NATS outage: ten times the lease TTL


def test_nats_restart(env):
    """The NATS server stopped for 30 s and restarted: alerts raised
    meanwhile wait in the outboxes and reach the stream once; every lease
    and node entry lapsed on the server meanwhile, and the nodes share the
    sources out again; nothing lost, nothing doubled."""
    c = Cluster(env)
    late = os.path.join(env.site, "a5.html")
    with open(late) as f:
        page = f.read()
    os.unlink(late)             # s5 answers 404 until the outage
    try:
        c.nats.start()
        c.reference()
        for name in NODES:
            c.node(name).start()
        wait_for(c.settled, "every source leased by exactly one node")
        first = len(check_exactly_once(c, "before the outage"))
        c.nats.stop()
        t0 = time.monotonic()
        wait_for(lambda: not any(n.cluster()["connected"] for n in c.live()),
                 "the nodes to see the server gone")
        # A source's page appears while the server is down.
        harness.write_article(env, "a5.html", page)
        wait_for(lambda: sum(n.cluster()["queued"] for n in c.live()) > 0,
                 "an alert queued while the server is down")
        # Still polling the sources they held, each by one node.
        polls = {n.name: n.polls() for n in c.live()}
        time.sleep(max(0.0, OUTAGE - (time.monotonic() - t0)))
        for sid, _ in c.sources:
            pollers = [n.name for n in c.live()
                       if n.polls().get(sid, 0) > polls[n.name].get(sid, 0)]
            check(len(pollers) == 1, "source %s polled by %s during the outage"
                  % (sid, pollers))
        c.nats.start()
        wait_for(lambda: all(n.cluster()["connected"] and n.cluster()["queued"] == 0
                             for n in c.live()), "the outboxes published after the restart")
        alerts = check_exactly_once(c, "after the restart", 4 * NSOURCES)
        check(len(alerts) > first, "the alerts raised during the outage are missing")
        wait_for(c.settled, "every source leased by exactly one node again")
        c.finish()
    finally:
        c.close()


def test_unreachable_at_start(env):
    """A NATS URL nobody answers at start: the node polls every source
    alone and says so; when the server comes up it joins, and what it
    raised alone reaches the stream."""
    c = Cluster(env)
    try:
        c.reference()
        n = c.node("n1")
        n.start()
        wait_for(lambda: "NATS unreachable" in n.read_log(), "the node saying it is alone")
        st = n.cluster()
        check(not st["joined"] and not st["connected"], "status alone: %s" % st)
        wait_for(lambda: n.status()["alerts_written"] == 4 * NSOURCES,
                 "the node alone polling every source")
        check(n.cluster()["queued"] == 4 * NSOURCES, "the alerts wait in the outbox")
        c.nats.start()
        wait_for(lambda: n.cluster()["joined"] and n.cluster()["queued"] == 0,
                 "the node joining and publishing")
        check("joined through" in n.read_log(), "the node says it joined")
        check_exactly_once(c, "after joining late", 4 * NSOURCES)
        c.finish()
    finally:
        c.close()


def test_foreign_bucket(env):
    """A stream of our name with other subjects is not ours: the node says
    so, keeps its alerts in the outbox and does not touch the stream."""
    c = Cluster(env)
    try:
        c.nats.start()
        # Another node of the cluster made the bucket with another TTL.
        other = c.node("n2", ttl=5.0)
        other.start()
        wait_for(lambda: other.cluster()["joined"], "the first node joining")
        n = c.node("n1")
        n.start()
        wait_for(lambda: n.cluster()["problem"] is not None, "a problem in status")
        check("TTL" in n.cluster()["problem"], "the problem named: %s" % n.cluster()["problem"])
        check("every node must use the same" in n.read_log(), "logged clearly")
        check(not n.cluster()["joined"], "a node with foreign buckets does not join")

        # It waits for the settings to agree without spinning.
        def cpu():
            with open("/proc/%d/stat" % n.proc.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        before = cpu()
        time.sleep(2)
        check(cpu() - before < 1.0, "the node spins while it cannot join")
        c.finish()
    finally:
        c.close()


def test_different_watchlist(env):
    """A node running another watchlist is reported by every node."""
    c = Cluster(env)
    try:
        c.nats.start()
        other = os.path.join(env.dir, "other-watchlist.yaml")
        harness.write_watchlist(other, "  - id: x-1\n    name: ACME TEST TRADING\n"
                                "    type: organization\n    programs: [TEST]\n")
        c.node("n1").start()
        c.node("n2", watchlist=other).start()
        n1 = c.nodes["n1"]
        st = wait_for(lambda: (lambda s: s if len(s["nodes"]) == 2 else None)(n1.cluster()),
                      "both nodes in n1's status")
        check(not st["same_watchlist"], "the other watchlist not reported: %s" % st)
        sums = {x["node"]: x["watchlist"] for x in st["nodes"]}
        check(sums["n1"] == n1.status()["watchlist_sha256"] and sums["n1"] != sums["n2"],
              "watchlist digests: %s" % sums)
        r = run_cmd([os.path.join(harness.BUILD, "sanctwatch"), "status", "-s",
                     n1.sock, "--text"])
        check("NOT the same watchlist" in r.stdout, "status text: %s" % r.stdout)
        c.finish()
    finally:
        c.close()


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Cluster wire</title><link>http://wire.invalid/</link>
%s
</channel></rss>
"""
FEED_ITEM = """<item><title>Story %d</title><link>http://wire.invalid/story/%d</link>
 <guid>story-%d</guid><description>Filing %d names LLC RM Design and Development
 as a party to the shipment.</description></item>"""


class FeedServer:
    """A loopback HTTP server for one RSS feed, with an ETag and
    Last-Modified of its own, that records each request's validators
    (the shared HTTP test server logs paths only)."""

    def __init__(self):
        import http.server
        import threading
        self.items = None       # None: 404, the feed not published yet
        self.requests = []      # (If-None-Match, If-Modified-Since, status)
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                with outer.lock:
                    items = outer.items
                    if items is None:
                        body, etag = None, None
                    else:
                        body = (FEED % "\n".join(FEED_ITEM % (i, i, i, i)
                                                 for i in items)).encode()
                        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
                    lm = "Sun, 06 Dec 2026 0%d:00:00 GMT" % len(items or ())
                    inm = self.headers.get("If-None-Match")
                    ims = self.headers.get("If-Modified-Since")
                    status = 404 if body is None else 304 if inm == etag else 200
                    outer.requests.append((inm, ims, status))
                self.send_response(status)
                if body is not None:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", lm)
                if status == 200:
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.send_header("Content-Length", "0")
                    self.end_headers()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d/feed.rss" % self.httpd.server_address[1]

    def publish(self, items):
        with self.lock:
            self.items = list(items)

    def seen(self):
        with self.lock:
            return list(self.requests)

    def etag(self):
        """The ETag the feed has now."""
        body = (FEED % "\n".join(FEED_ITEM % (i, i, i, i) for i in self.items)).encode()
        return '"%s"' % hashlib.sha256(body).hexdigest()[:16]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def stories(node):
    return sorted(k[3] for k in db_keys(node))


def test_takeover_seen_state(env):
    """Shared seen-state on a feed: node A polls it, its validators and
    feed items reach the cluster, A is killed -9; node B takes the feed
    over, polls it with A's ETag (the feed server records it and answers
    304), raises no alert on A's items, and alerts on a new item once."""
    feed = FeedServer()
    c = Cluster(env)
    c.sources = [("wire", feed.url)]
    try:
        c.nats.start()
        for name in ("n1", "n2"):
            c.node(name).start()
        held = wait_for(c.settled, "the feed leased by one node")
        a = [n for n in held if held[n]][0]
        b = [n for n in held if n != a][0]
        A, B = c.nodes[a], c.nodes[b]
        feed.publish([1, 2])
        wait_for(lambda: len(stories(A)) == 2, "node %s alerting on the feed's two items" % a)
        check(stories(B) == [], "node %s polled a feed it does not hold" % b)
        # A's poll shared its documents and items, then its validators.
        wait_for(lambda: re.search(r"cluster: shared \d+ documents, 2 feed items, 1 validators"
                                   r"|cluster: shared \d+ documents, \d+ feed items, 1 validators",
                                   A.read_log()), "node %s sharing its validators" % a)
        wait_for(lambda: A.cluster()["queued"] == 0, "A's alerts in the stream")
        etag = feed.etag()
        before = len(feed.seen())
        A.stop(signal.SIGKILL)
        wait_for(lambda: "wire" in B.leases(), "node %s taking the feed over" % b,
                 timeout=2 * BOUND + 5)
        wait_for(lambda: len(feed.seen()) > before + 1, "node %s polling the feed" % b)
        after = feed.seen()[before:]
        check(after[0][0] == etag and after[0][1] is not None,
              "node %s's first poll did not send A's validators: %s (ETag %s)" % (b, after[0], etag))
        check(all(r[2] == 304 for r in after), "polls after the takeover: %s" % after)
        check("recorded as seen what other nodes polled: 2 documents, 2 feed items, "
              "and their validators" in B.read_log(), "B's log: %s" % B.read_log()[-2000:])
        # A new item: B alerts on it, and only on it.
        feed.publish([1, 2, 3])
        wait_for(lambda: len(stories(B)) == 1, "node %s alerting on the new item" % b)
        wait_for(lambda: "source wire: feed of 3 items, 1 scanned" in B.read_log(),
                 "node %s scanning only the new item" % b)
        check(stories(B) == ["http://wire.invalid/story/3"], "B alerted on %s" % stories(B))
        wait_for(lambda: B.cluster()["queued"] == 0, "B's alert in the stream")
        urls = sorted(a["document"]["url"] for _, a in c.stream())
        check(urls == ["http://wire.invalid/story/%d" % i for i in (1, 2, 3)],
              "the stream: %s" % urls)
        c.finish()
    finally:
        c.close()
        feed.close()


def test_foreign_stream(env):
    """A stream of our name made by someone else (other subjects): the
    node leaves it alone, says clearly that its alerts stay in its local
    outbox, polls alone, and loses nothing: once the operator removes the
    foreign stream, the node makes its own and publishes every alert."""
    c = Cluster(env)
    try:
        c.nats.start()
        nc = NatsClient(c.nats.port)
        r = nc.request("$JS.API.STREAM.CREATE.sanctwatch_ALERTS",
                       {"name": "sanctwatch_ALERTS", "subjects": ["elsewhere.>"],
                        "retention": "limits", "storage": "file"})
        check("error" not in r, "the foreign stream: %s" % r)
        c.reference()
        n = c.node("n1")
        n.start()
        wait_for(lambda: n.cluster()["problem"] is not None, "a problem in status")
        st = n.cluster()
        check("sanctwatch_ALERTS exists with other settings" in st["problem"] and
              "alerts stay in the local outbox" in st["problem"], "problem: %s" % st)
        check("alerts stay in the local outbox" in n.read_log(), "logged")
        wait_for(lambda: n.status()["alerts_written"] == 4 * NSOURCES,
                 "the node polling every source alone")
        check(n.cluster()["queued"] == 4 * NSOURCES, "the alerts kept in the outbox")
        info = nc.request("$JS.API.STREAM.INFO.sanctwatch_ALERTS", b"")
        check(info["config"]["subjects"] == ["elsewhere.>"] and
              info["state"]["messages"] == 0, "the foreign stream was touched: %s" % info)
        check(n.proc.poll() is None, "the node died")
        # The operator removes it: the node makes its own and publishes.
        r = nc.request("$JS.API.STREAM.DELETE.sanctwatch_ALERTS", b"")
        check(r.get("success"), "delete: %s" % r)
        wait_for(lambda: n.cluster()["problem"] is None and n.cluster()["queued"] == 0,
                 "the node publishing its outbox once the stream is its own")
        check_exactly_once(c, "after the foreign stream", 4 * NSOURCES)
        nc.close()
        c.finish()
    finally:
        c.close()


def test_foreign_messages(env):
    """Messages on our subjects that are not alerts (not JSON, JSON of
    another shape): tail --nats and collect skip each, saying so, and
    print or write every alert once; tail --nats --since takes a time or
    a duration as well as a sequence."""
    c = Cluster(env)
    try:
        c.nats.start()
        c.reference()
        c.node("n1").start()
        check_exactly_once(c, "before", 4 * NSOURCES)
        nc = NatsClient(c.nats.port)
        foreign = [b"hello", b'{"kind": "entity"}', b"[1, 2]"]
        seqs = []
        for body in foreign:
            ack = nc.request("sanctwatch.alert.entity.high", body)
            check("seq" in ack, "a foreign publish: %s" % ack)
            seqs.append(ack["seq"])
        exe = os.path.join(harness.BUILD, "sanctwatch")
        r = run_cmd([exe, "tail", "--nats", c.nats.url, "--since", "0", "--no-follow"])
        check(r.returncode == 0, "tail --nats: %s" % r.stderr)
        for q in seqs:
            check("stream message %d is not an alert; skipped" % q in r.stderr,
                  "tail did not say it skipped %d: %s" % (q, r.stderr))
        check(len(r.stdout.splitlines()) == 4 * NSOURCES, "tail printed %s" % r.stdout)
        alerts = check_exactly_once(c, "with foreign messages", 4 * NSOURCES)
        db = os.path.join(env.dir, "collected.db")
        r = run_cmd([exe, "collect", "--nats", c.nats.url, "--db", db + "2", "--no-follow"])
        check(r.returncode == 0 and "%d alerts written, 3 messages skipped" % len(alerts)
              in r.stderr, "collect: %s" % r.stderr)
        # --since a time: the server's time of each message; one new alert
        # after a mark is all that --since MARK prints.
        mark = time.time()
        time.sleep(1.1)
        ack = nc.request("sanctwatch.alert.entity.high",
                         dict(alerts[0], document=dict(alerts[0]["document"],
                                                       url="http://late.invalid/")))
        check("seq" in ack and not ack.get("duplicate"), "late publish: %s" % ack)
        since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(mark + 1))
        for arg in (since, "1m", "%d" % (ack["seq"] - 1)):
            r = run_cmd([exe, "tail", "--nats", c.nats.url, "--since", arg, "--no-follow"])
            lines = r.stdout.splitlines()
            check(r.returncode == 0, "tail --since %s: %s" % (arg, r.stderr))
            if arg == "1m":
                check(len(lines) == 4 * NSOURCES + 1, "--since 1m: %d lines" % len(lines))
            else:
                check([json.loads(x)["seq"] for x in lines] == [ack["seq"]],
                      "--since %s: %s %s" % (arg, lines, r.stderr))
        r = run_cmd([exe, "tail", "--nats", c.nats.url, "--since", "2999-01-01", "--no-follow"])
        check(r.returncode == 0 and r.stdout == "", "--since in the future: %s" % r.stdout)
        r = run_cmd([exe, "tail", "--nats", c.nats.url, "--since", "yesterday"])
        check(r.returncode != 0 and "a duration" in r.stderr, "bad --since: %s" % r.stderr)
        r = run_cmd([exe, "tail", "--since", "15m"])
        check(r.returncode != 0 and "only with --nats" in r.stderr, "--since 15m: %s" % r.stderr)
        nc.close()
        c.finish()
    finally:
        c.close()


def test_duplicate_node_id(env):
    """Two processes started with the same cluster.node: the second sees
    the first renew that node's entry, says so in its log and status and
    polls nothing; the first is undisturbed.  When the first stops, the
    second joins under that id."""
    c = Cluster(env)
    try:
        c.nats.start()
        first = c.node("n1")
        first.start()
        wait_for(lambda: len(first.leases()) == NSOURCES, "n1 holding every source")
        second = c.node("n1bis", node_id="n1")
        second.start()
        wait_for(lambda: "another process runs as node n1" in second.read_log(),
                 "the duplicate said")
        st = second.cluster()
        check(st["duplicate"] and not st["joined"] and "give every node its own cluster.node"
              in (st["problem"] or ""), "the duplicate's status: %s" % st)
        # Several intervals: every source polled by the first only.
        reqs = {s: env.requests(os.path.basename(u)) for s, u in c.sources}
        wait_for(lambda: all(env.requests(os.path.basename(u)) >= reqs[s] + 3
                             for s, u in c.sources), "three more polls of every source")
        check(second.polls() == {}, "the duplicate polled: %s" % second.polls())
        st = first.cluster()
        check(st["problem"] is None and not st["duplicate"] and len(st["leases"]) == NSOURCES,
              "the first node disturbed: %s" % st)
        check(second.proc.poll() is None, "the duplicate exited")
        # The first stops (its entry deleted): the second joins as n1.
        rc = first.stop()
        check(rc == 0, "n1 exited %s" % rc)
        wait_for(lambda: second.cluster()["joined"] and len(second.leases()) == NSOURCES,
                 "the second process joining as n1")
        check(second.cluster()["problem"] is None, "problem left: %s" % second.cluster())
        check("is free again" in second.read_log(), "the join said")
        c.finish()
    finally:
        c.close()
