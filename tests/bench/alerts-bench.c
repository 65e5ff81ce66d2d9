/*
 * alerts-bench: the alert path of the daemon at full speed, through the
 * daemon's own pipeline.c, store.c and hub.c: alerts committed to SQLite in
 * batches (pipeline_commit, then pipeline_flush: one transaction per batch,
 * as the daemon commits one per loop turn) and published to subscribers on
 * a Unix socket, who are real clients in a child process reading every
 * line.
 *
 *   1. throughput: N alerts into SQLite and out to K subscribers; alerts
 *      per second of wall time and per CPU-second of the daemon side (the
 *      daemon is one thread, so that is "on one core");
 *   2. replay: R alerts stored, then one client subscribes with since=0 and
 *      reads them all;
 *   3. memory: the resident size per idle subscriber, from 1000 of them.
 *
 * usage: alerts-bench [N K R]   (defaults 100000 100 1000000)
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "sanctwatchd/sanctwatchd.h"

struct bench {
	struct event_base	*base;
	struct store		*store;
	struct hub		*hub;
	struct pipeline		*pipeline;
	struct config		 conf;
	struct proto_ops	 ops;
	int			 publish;	/* the batch goes out too */
	char			 dir[64];
	char			 sock[128];
};

/* Seconds on the monotonic clock. */
static double
now(void)
{
	return (clock_usec() / 1e6);
}

static double
cpu(void)
{
	struct rusage	 ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
}

/* Bytes of heap in use (RSS would hide reuse of freed memory). */
static size_t
heap_bytes(void)
{
	return (mallinfo2().uordblks);
}

/* A realistic alert: the sizes of the fields a news alert has. */
static void
make_alert(struct alert *a, long i)
{
	memset(a, 0, sizeof *a);
	a->kind = i % 10 == 9 ? PARTY_COUNTRY : PARTY_ENTITY;
	a->severity = a->kind == PARTY_COUNTRY ? SEVERITY_LOW : SEVERITY_HIGH;
	a->party_id = xasprintf("ofac-%ld", 40000 + i % 15000);
	a->party_name = xasprintf("LIMITED LIABILITY COMPANY TRADECO %ld", i);
	a->party_type = xstrdup("organization");
	strv_push(&a->programs, "RUSSIA-EO14024");
	a->list_source = xstrdup("us-ofac-sdn");
	a->match_text = xasprintf("Tradeco %ld", i);
	a->match_name = xasprintf("TRADECO %ld LLC", i);
	a->method = MATCH_ALIAS;
	a->score = 0.9;
	a->start = 1200;
	a->end = 1213;
	a->count = 2;
	a->source_id = xstrdup("bench-feed");
	a->url = xasprintf("https://news.example.org/2026/11/22/article-%ld",
	    i / 3);
	a->title = xstrdup("Regulators widen the net on re-exports of "
	    "dual-use electronics");
	sha256_hex(a->url, strlen(a->url), a->sha256);
	strv_push(&a->countries, "KG");
	strv_push(&a->countries, "RU");
	a->snippet = xasprintf("... the Treasury said on Thursday that Tradeco "
	    "%ld, registered in Bishkek in 2022, had shipped microelectronics "
	    "to buyers in Russia through a chain of intermediaries ...", i);
}

/* pipeline_ops.publish: as the daemon does after a commit, if asked. */
static void
bench_publish(const struct alert *alerts, size_t n, void *arg)
{
	struct bench	*b = arg;

	if (b->publish)
		hub_publish_batch(b->hub, alerts, n);
}

/* The document a batch of alerts was found in. */
static struct document *
make_document(long i)
{
	static const char	 text[] = "Regulators widen the net on re-exports "
	    "of dual-use electronics.";
	struct document		*doc;
	char			*url;

	url = xasprintf("https://news.example.org/2026/11/22/batch-%ld", i);
	doc = extract_document("bench-feed", url, FORMAT_TEXT, NULL, text,
	    sizeof text - 1);
	free(url);
	return (doc);
}

/*
 * Commit n alerts from *next in batches of batch through the pipeline, as
 * one loop turn each; publish each batch if asked.
 */
static void
bench_write(struct bench *b, long n, long batch, long *next, int publish)
{
	struct document	*doc;
	struct alert	*a;
	long		 i, j, k;

	a = xcalloc((size_t)batch, sizeof *a);
	b->publish = publish;
	for (i = 0; i < n; i += batch) {
		k = n - i < batch ? n - i : batch;
		for (j = 0; j < k; j++)
			make_alert(&a[j], (*next)++);
		doc = make_document(*next);
		if (pipeline_commit(b->pipeline, doc, a, (size_t)k) != k)
			fatalx("insert");
		pipeline_flush(b->pipeline);
		if (b->pipeline->committed_id != a[k - 1].id)
			fatalx("commit");
		document_free(doc);
		for (j = 0; j < k; j++)
			alert_clear(&a[j]);
		/* Back-pressure: a batch out before the next (no drops). */
		if (publish && hub_drain(b->hub, 60000) != 0)
			fatalx("subscribers stopped reading");
	}
	free(a);
}

/* proto_ops.replay: the daemon's, through the pipeline. */
static ssize_t
bench_replay(void *arg, int64_t after, size_t max, proto_emit_cb emit,
    void *emit_arg)
{
	struct bench	*b = arg;

	return (pipeline_replay(b->pipeline, after, max, emit, emit_arg));
}

/* A fresh database, pipeline and hub in a temp dir. */
static void
bench_open(struct bench *b)
{
	struct pipeline_ops	 ops = { .publish = bench_publish, .arg = b };
	char			 path[128], *cause = NULL;

	snprintf(b->dir, sizeof b->dir, "/tmp/sanctwatch-bench.XXXXXX");
	if (mkdtemp(b->dir) == NULL)
		fatal("mkdtemp");
	snprintf(path, sizeof path, "%s/alerts.db", b->dir);
	snprintf(b->sock, sizeof b->sock, "%s/alerts.sock", b->dir);
	if ((b->base = event_base_new()) == NULL)
		fatalx("event_base_new");
	if ((b->store = store_open(path, &cause)) == NULL)
		fatalx("%s", cause);
	if ((b->pipeline = pipeline_new(b->base, b->store, &ops)) == NULL)
		fatalx("pipeline_new");
	memset(&b->conf, 0, sizeof b->conf);	/* no kept texts */
	pipeline_set(b->pipeline, &b->conf, NULL, NULL, NULL);
	b->ops.replay = bench_replay;
	b->ops.arg = b;
	if ((b->hub = hub_new(b->base, b->sock, 0600, &b->ops, &cause)) ==
	    NULL)
		fatalx("%s", cause);
}

static void
bench_close(struct bench *b)
{
	char	 cmd[128];

	hub_free(b->hub);
	pipeline_free(b->pipeline);
	store_close(b->store);
	event_base_free(b->base);
	snprintf(cmd, sizeof cmd, "rm -rf %s", b->dir);
	if (system(cmd) != 0)
		log_warnx("could not remove %s", b->dir);
}

/* Connect one client; send a request line if given. */
static int
client(const char *path, const char *req)
{
	struct sockaddr_un	 sun;
	int			 fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1)
		fatal("connect");
	if (req != NULL && write(fd, req, strlen(req)) != (ssize_t)strlen(req))
		fatal("write");
	return (fd);
}

/*
 * In a child: k clients read until each has seen n lines (plus skip lines
 * each, e.g. a reply), then write one byte to done and exit.
 */
static pid_t
readers(const char *path, int k, long n, long skip, const char *req,
    int done)
{
	struct pollfd	*pfd;
	long		*lines;
	char		 buf[1 << 16], *p;
	ssize_t		 r;
	int		 i, left = k;
	pid_t		 pid;

	if ((pid = fork()) != 0)
		return (pid);
	pfd = xcalloc((size_t)k, sizeof *pfd);
	lines = xcalloc((size_t)k, sizeof *lines);
	for (i = 0; i < k; i++) {
		pfd[i].fd = client(path, req);
		pfd[i].events = POLLIN;
	}
	while (left > 0 && poll(pfd, (nfds_t)k, 60000) > 0) {
		for (i = 0; i < k; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLHUP)))
				continue;
			if ((r = read(pfd[i].fd, buf, sizeof buf)) <= 0) {
				pfd[i].fd = -1;
				left--;
				continue;
			}
			for (p = buf; (p = memchr(p, '\n', (size_t)(buf + r -
			    p))) != NULL; p++)
				lines[i]++;
			if (lines[i] >= n + skip) {
				pfd[i].fd = -pfd[i].fd - 1;
				left--;
			}
		}
	}
	if (write(done, "x", 1) != 1)
		_exit(1);
	_exit(left == 0 ? 0 : 1);
}

/* Run the loop until the child says it is done (or died). */
static void
wait_done(struct bench *b, int done, pid_t pid)
{
	struct pollfd	 p = { .fd = done, .events = POLLIN };
	int		 status;

	while (poll(&p, 1, 0) == 0)
		event_base_loop(b->base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fatalx("a reader did not get every alert");
}

/* Accept clients until the hub has k. */
static void
wait_subscribers(struct bench *b, size_t k)
{
	while (hub_subscribers(b->hub) < k)
		event_base_loop(b->base, EVLOOP_ONCE);
}

static void
bench_throughput(long n, int k)
{
	struct bench	 b;
	double		 t0, c0, t1, c1, t2, c2;
	long		 next = 0;
	int		 done[2];
	pid_t		 pid;

	bench_open(&b);
	if (pipe(done) == -1)
		fatal("pipe");
	t0 = now();
	c0 = cpu();
	bench_write(&b, n, 500, &next, 0);
	t1 = now();
	c1 = cpu();
	printf("%-44s %10.0f alerts/s  (%ld alerts, batches of 500, "
	    "%.2f s)\n", "into SQLite (WAL, synchronous=NORMAL)", n / (t1 - t0),
	    n, t1 - t0);
	pid = readers(b.sock, k, n, 0, NULL, done[1]);
	wait_subscribers(&b, (size_t)k);
	t1 = now();
	c1 = cpu();
	bench_write(&b, n, 500, &next, 1);
	wait_done(&b, done[0], pid);
	t2 = now();
	c2 = cpu();
	printf("%-44s %10.0f alerts/s  (wall %.2f s; daemon side %.2f "
	    "CPU-s: %.0f alerts per CPU-second)\n", "into SQLite and out to "
	    "subscribers", n / (t2 - t1), t2 - t1, c2 - c1, n / (c2 - c1));
	printf("%-44s %10d\n", "  subscribers, each reading every alert", k);
	(void)c0;
	close(done[0]);
	close(done[1]);
	bench_close(&b);
}

static void
bench_replay_speed(long r)
{
	struct bench	 b;
	double		 t0, t1;
	long		 next = 0;
	int		 done[2];
	pid_t		 pid;

	bench_open(&b);
	if (pipe(done) == -1)
		fatal("pipe");
	t0 = now();
	bench_write(&b, r, 10000, &next, 0);
	t1 = now();
	printf("%-44s %10.0f alerts/s  (%ld alerts, batches of 10000)\n",
	    "storing the history", r / (t1 - t0), r);
	t0 = now();
	pid = readers(b.sock, 1, r, 1, "{\"cmd\":\"subscribe\",\"since\":0}\n",
	    done[1]);
	wait_done(&b, done[0], pid);
	t1 = now();
	printf("%-44s %10.0f alerts/s  (%ld alerts in %.2f s)\n",
	    "replay to one subscriber (since 0)", r / (t1 - t0), r, t1 - t0);
	close(done[0]);
	close(done[1]);
	bench_close(&b);
}

static void
bench_memory(int k)
{
	struct bench	 b;
	size_t		 before, after;
	int		 i;
	pid_t		 pid;

	bench_open(&b);
	event_base_loop(b.base, EVLOOP_NONBLOCK);
	before = heap_bytes();
	if ((pid = fork()) == 0) {	/* k idle subscribers with filters */
		for (i = 0; i < k; i++)
			(void)client(b.sock, "{\"cmd\":\"subscribe\",\"kinds\":"
			    "[\"entity\"],\"min_score\":0.9,\"sources\":"
			    "[\"a\",\"b\"]}\n");
		pause();
		_exit(0);
	}
	wait_subscribers(&b, (size_t)k);
	for (i = 0; i < 20; i++)
		event_base_loop(b.base, EVLOOP_NONBLOCK);
	after = heap_bytes();
	printf("%-44s %10.0f bytes (heap, with filters; %d idle "
	    "subscribers: %zu KiB; kernel socket buffers not counted)\n",
	    "memory per subscriber", (double)(after - before) / k, k,
	    (after - before) / 1024);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	bench_close(&b);
}

int
main(int argc, char **argv)
{
	long	 n = argc > 1 ? atol(argv[1]) : 100000;
	int	 k = argc > 2 ? atoi(argv[2]) : 100;
	long	 r = argc > 3 ? atol(argv[3]) : 1000000;
	struct rlimit rl;

	log_init(LOG_LVL_WARNING, "alerts-bench");
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 4096) {
		rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	bench_throughput(n, k);
	bench_replay_speed(r);
	bench_memory(1000);
	return (0);
}
