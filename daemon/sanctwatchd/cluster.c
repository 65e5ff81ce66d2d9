/*
 * The cluster (cluster: in the config, docs/cluster.md): nodes that share
 * the sources and publish one alert stream on a NATS JetStream server.
 *
 * libnats blocks and has threads of its own, and the event loop must never
 * wait for the network, so everything that talks to NATS runs on one
 * thread of ours, the cluster thread; the loop and it share a few fields
 * under a mutex and wake each other with a condition variable (loop to
 * thread) and a pipe the loop watches (thread to loop).  The loop keeps the
 * only SQLite connection: it hands the thread batches of the cluster
 * outbox, and deletes the rows the stream acknowledged.
 *
 *   alerts: pipeline (in the alert's transaction) -> cluster_outbox table
 *     -> loop reads a batch in id order -> thread publishes each, waiting
 *     for its ack, with Nats-Msg-Id set from the alert's identity -> loop
 *     deletes the acknowledged rows -> next batch.
 *   sources: every third of the lease TTL the thread renews this node's
 *     entry in <name>_NODES (both buckets have the TTL as max age), reads
 *     the live nodes, and for each host of the sources computes its
 *     owner among them (highest random weight: the same answer on every
 *     node) and creates, renews or releases the host's lease in
 *     <name>_LEASES by revision: one node polls all of a host's sources,
 *     so the per-host limits hold across the cluster.  The poller asks
 *     cluster_holds() before each poll.
 *
 * A node that has never reached the server polls every source alone; one
 * that loses the server keeps polling the sources it held (the others
 * cannot reach the server either, or take them over once the leases lapse:
 * the stream's de-duplication then stores each alert once).
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <nats/nats.h>
#include <openssl/rand.h>

#include "sanctwatchd/sanctwatchd.h"

#define CLUSTER_BATCH		256	/* outbox rows handed at once */
#define CLUSTER_PUB_WAIT_MS	5000	/* for one publish's ack */
#define CLUSTER_DUPLICATES_S	(2 * 3600) /* the stream's dedup window */
#define CLUSTER_RECONNECT_MS	1000
#define CLUSTER_SETUP_RETRY_MS	10000
#define CLUSTER_MAX_SEEN	100000	/* documents waiting to be shared */
#define CLUSTER_MAX_IMPORT	1000000	/* seen documents of one source */

/* One source and its lease, as this node sees it. */
struct cluster_lease {
	char		*id;
	char		*host;		/* host:port: what the owner is of */
	char		*lkey;		/* its lease's key: the host, escaped */
	int		 held;
	int		 importing;	/* its seen documents not stored yet */
	uint64_t	 rev;		/* of our lease entry */
	uint64_t	 renewed_ms;	/* monotonic, when that write was sent */
	int		 shared;	/* validators below were shared */
	char		*etag;		/* the validators last shared */
	char		*last_modified;
};

/* A live node, from <name>_NODES. */
struct cluster_node {
	char		*id;
	char		*watchlist;	/* its watchlist's sha256 */
	unsigned	 holds;
};

struct cluster {
	struct event_base	*base;
	struct store		*store;
	struct poller		*poller;	/* loop: cluster_poller() */
	/* Set at start, read-only after. */
	char			*name;
	char			*node;
	char			*stream;	/* <name>_ALERTS */
	char			*subjects;	/* <name>.alert.> */
	char			*url_text;	/* for the logs */
	char			 instance[33];	/* this process, in _NODES */
	uint64_t		 other_rev;	/* thread: a foreign entry's */
	uint64_t		 ttl_ms;
	uint64_t		 keep_ms;	/* the stream's max age */
	uint64_t		 seen_ms;	/* <name>_SEEN's max age; 0: none */
	natsOptions		*opts;
	pthread_t		 thread;
	int			 started;
	int			 pipe[2];
	struct event		*wake_ev;	/* the pipe */
	struct event		*tick_ev;	/* the loop's periodic kick */
	int64_t			 handed;	/* loop: last outbox id handed */
	/* Shared, under mtx. */
	pthread_mutex_t		 mtx;
	pthread_cond_t		 cond;
	int			 stop;
	int			 connected;
	int			 joined;	/* a lease round has completed */
	int			 claimed;	/* this node's entry is ours */
	int			 duplicate;	/* another process has its id */
	int			 ready;		/* stream and buckets checked */
	int			 settled;	/* the first connect and set-up
						   are over, done or not */
	char			*problem;	/* why not ready, for status */
	char			 watchlist[65];
	struct cluster_lease	*leases;
	size_t			 nleases;
	int			 leases_changed; /* the source list was set */
	struct cluster_node	*nodes;
	size_t			 nnodes;
	struct store_cluster_row *batch;	/* handed to publish */
	size_t			 nbatch;
	int			 batch_done;	/* published (or stopped) */
	int64_t			 batch_acked;	/* last id the stream took */
	struct cluster_doc	*seen;		/* to put in <name>_SEEN */
	size_t			 nseen;
	int			 seen_full;	/* dropped some: said once */
	struct cluster_doc	*imports;	/* to record as seen locally */
	size_t			 nimports;
	uint64_t		 published;	/* acknowledged since start */
	uint64_t		 duplicates;	/* of those, already stored */
};

static void	cluster_wake_loop(struct cluster *);

/* Monotonic milliseconds. */
static uint64_t
cluster_now(void)
{
	return (clock_ms());
}

/* The text of a libnats status and its last error, for a log. */
static const char *
cluster_error(natsStatus s)
{
	const char	*e;

	e = nats_GetLastError(NULL);
	return (e != NULL && *e != '\0' ? e : natsStatus_GetText(s));
}

/* The Nats-Msg-Id of an alert: sha256 of its kind, party, source and URL. */
static void
cluster_msg_id(const struct alert *a, char out[65])
{
	struct sha256	 sha;
	const char	*parts[4];
	size_t		 i;

	parts[0] = alert_kind_name(a->kind);
	parts[1] = a->party_id != NULL ? a->party_id : "";
	parts[2] = a->source_id != NULL ? a->source_id : "";
	parts[3] = a->url != NULL ? a->url : "";
	sha256_init(&sha);
	for (i = 0; i < nitems(parts); i++)
		sha256_update(&sha, parts[i], strlen(parts[i]) + 1);
	sha256_final_hex(&sha, out);
}

/* The weight of a node for a host: the first 8 bytes of their sha256. */
static uint64_t
cluster_weight(const char *node, const char *host)
{
	struct sha256	 sha;
	uint8_t		 md[32];
	char		*s;
	uint64_t	 w = 0;
	size_t		 i;

	s = xasprintf("%s%c%s", node, '\0' + 1, host);
	sha256_init(&sha);
	sha256_update(&sha, s, strlen(s));
	sha256_final(&sha, md);
	free(s);
	for (i = 0; i < 8; i++)
		w = (w << 8) | md[i];
	return (w);
}

/*
 * The live node that should poll the sources of a host (host:port), or
 * NULL if none is known.
 */
static const char *
cluster_owner(char **nodes, size_t n, const char *host)
{
	const char	*best = NULL;
	uint64_t	 w, bw = 0;
	size_t		 i;

	for (i = 0; i < n; i++) {
		w = cluster_weight(nodes[i], host);
		if (best == NULL || w > bw ||
		    (w == bw && strcmp(nodes[i], best) < 0)) {
			best = nodes[i];
			bw = w;
		}
	}
	return (best);
}

/* libnats' threads: the connection came up or went down. */
static void
cluster_conn_cb(natsConnection *nc, void *arg)
{
	struct cluster	*c = arg;
	int		 up;

	up = natsConnection_Status(nc) == NATS_CONN_STATUS_CONNECTED;
	pthread_mutex_lock(&c->mtx);
	if (c->stop)
		;	/* our own close at shutdown */
	else if (c->connected && !up)
		log_warnx("cluster %s: lost the NATS server; node %s keeps "
		    "polling the sources it held and queues its alerts",
		    c->name, c->node);
	else if (!c->connected && up && c->joined)
		log_notice("cluster %s: NATS server back; node %s publishes "
		    "what it queued", c->name, c->node);
	c->connected = up;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->mtx);
	cluster_wake_loop(c);
}

/*
 * The first connect and set-up are over: from now on a node that is not
 * in the cluster polls every source alone (cluster_holds).  Before, it
 * polls nothing: a node still connecting may be a second process with a
 * live node's id, or one whose sources a live node holds.
 */
static void
cluster_settled(struct cluster *c)
{
	pthread_mutex_lock(&c->mtx);
	c->settled = 1;
	pthread_mutex_unlock(&c->mtx);
}

/* Tell the loop to look at the shared fields. */
static void
cluster_wake_loop(struct cluster *c)
{
	char	 b = 0;

	while (write(c->pipe[1], &b, 1) == -1 && errno == EINTR)
		;
}

/*
 * The stream: created if absent; one with other subjects is not ours to
 * change, so alerts stay in the outbox and status says why.  0 or -1.
 */
static int
cluster_setup_stream(struct cluster *c, jsCtx *js, char **problem)
{
	jsStreamInfo	*si = NULL;
	jsStreamConfig	 cfg;
	jsErrCode	 jerr = 0;
	natsStatus	 s;
	const char	*subj[1] = { c->subjects };
	int		 ok;

	s = js_GetStreamInfo(&si, js, c->stream, NULL, &jerr);
	if (s == NATS_OK) {
		ok = si->Config->SubjectsLen == 1 &&
		    strcmp(si->Config->Subjects[0], c->subjects) == 0 &&
		    si->Config->Retention == js_LimitsPolicy;
		jsStreamInfo_Destroy(si);
		if (ok)
			return (0);
		*problem = xasprintf("stream %s exists with other settings "
		    "(not only subjects %s, limits retention): alerts stay "
		    "in the local outbox", c->stream, c->subjects);
		return (-1);
	}
	if (s != NATS_NOT_FOUND && jerr != JSStreamNotFoundErr) {
		*problem = xasprintf("stream %s: %s", c->stream,
		    cluster_error(s));
		return (-1);
	}
	jsStreamConfig_Init(&cfg);
	cfg.Name = c->stream;
	cfg.Subjects = subj;
	cfg.SubjectsLen = 1;
	cfg.Storage = js_FileStorage;
	cfg.Duplicates = (int64_t)CLUSTER_DUPLICATES_S * 1000000000;
	/* Bounded: collect and tail --nats read it long before. */
	cfg.MaxAge = (int64_t)c->keep_ms * 1000000;
	s = js_AddStream(NULL, js, &cfg, NULL, &jerr);
	if (s != NATS_OK && jerr != JSStreamNameExistErr) {
		*problem = xasprintf("cannot create stream %s: %s", c->stream,
		    cluster_error(s));
		return (-1);
	}
	log_info("cluster: stream %s on subjects %s, alerts kept %llu s",
	    c->stream, c->subjects, (unsigned long long)(c->keep_ms / 1000));
	return (0);
}

/* A bucket, created if absent with the lease TTL as its max age. */
static kvStore *
cluster_setup_bucket(struct cluster *c, jsCtx *js, const char *what,
    uint64_t ttl_ms, char **problem)
{
	kvStore		*kv = NULL;
	kvStatus	*st = NULL;
	kvConfig	 cfg;
	natsStatus	 s;
	char		*bucket;
	int64_t		 ttl;

	bucket = xasprintf("%s_%s", c->name, what);
	if ((s = js_KeyValue(&kv, js, bucket)) == NATS_NOT_FOUND) {
		kvConfig_Init(&cfg);
		cfg.Bucket = bucket;
		cfg.History = 1;
		cfg.TTL = (int64_t)ttl_ms * 1000000;	/* ns */
		cfg.StorageType = js_FileStorage;
		s = js_CreateKeyValue(&kv, js, &cfg);
	}
	if (s != NATS_OK) {
		*problem = xasprintf("bucket %s: %s", bucket,
		    cluster_error(s));
		free(bucket);
		return (NULL);
	}
	if (kvStore_Status(&st, kv) == NATS_OK) {
		ttl = kvStatus_TTL(st) / 1000000;
		if (ttl != (int64_t)ttl_ms) {
			*problem = xasprintf("bucket %s exists with a TTL of "
			    "%lld ms, not %llu ms (cluster.lease_ttl, or "
			    "retention.documents for _SEEN): every node must "
			    "use the same", bucket, (long long)ttl,
			    (unsigned long long)ttl_ms);
			kvStatus_Destroy(st);
			kvStore_Destroy(kv);
			free(bucket);
			return (NULL);
		}
		kvStatus_Destroy(st);
	}
	free(bucket);
	return (kv);
}

/* The thread's NATS handles. */
struct cluster_conn {
	natsConnection	*nc;
	jsCtx		*js;
	kvStore		*leases;
	kvStore		*nodes;
	kvStore		*seen;
	int		 ready;
	uint64_t	 retry_ms;	/* when to try the set-up again */
};

/* Set up the stream and buckets once connected; 0 when ready. */
static int
cluster_setup(struct cluster *c, struct cluster_conn *cc)
{
	char	*problem = NULL;

	if (cc->ready)
		return (0);
	if (cluster_now() < cc->retry_ms)
		return (-1);
	if (cc->js == NULL &&
	    natsConnection_JetStream(&cc->js, cc->nc, NULL) != NATS_OK)
		problem = xstrdup("no JetStream context");
	if (problem == NULL)
		(void)cluster_setup_stream(c, cc->js, &problem);
	if (problem == NULL && cc->leases == NULL)
		cc->leases = cluster_setup_bucket(c, cc->js, "LEASES",
		    c->ttl_ms, &problem);
	if (problem == NULL && cc->nodes == NULL)
		cc->nodes = cluster_setup_bucket(c, cc->js, "NODES", c->ttl_ms,
		    &problem);
	if (problem == NULL && cc->seen == NULL)
		cc->seen = cluster_setup_bucket(c, cc->js, "SEEN", c->seen_ms,
		    &problem);
	pthread_mutex_lock(&c->mtx);
	if (problem != NULL && (c->problem == NULL ||
	    strcmp(c->problem, problem) != 0))
		log_warnx("cluster: %s", problem);
	free(c->problem);
	c->problem = problem;
	c->ready = cc->ready = problem == NULL;
	pthread_mutex_unlock(&c->mtx);
	if (!cc->ready) {
		cc->retry_ms = cluster_now() + CLUSTER_SETUP_RETRY_MS;
		return (-1);
	}
	log_notice("cluster %s: node %s joined through %s", c->name, c->node,
	    c->url_text);
	return (0);
}

/*
 * Publish the batch the loop handed, in order, each waiting for its ack;
 * stop at the first failure (the loop hands the rest again): 0, or -1 if
 * not all were published.
 */
static int
cluster_publish(struct cluster *c, struct cluster_conn *cc,
    struct store_cluster_row *v, size_t n)
{
	jsPubOptions	 po;
	jsPubAck	*ack;
	jsErrCode	 jerr;
	natsStatus	 s;
	int64_t		 acked = 0;
	uint64_t	 dups = 0;
	size_t		 i;

	for (i = 0; i < n; i++) {
		jsPubOptions_Init(&po);
		po.MsgId = v[i].msg_id;
		po.MaxWait = CLUSTER_PUB_WAIT_MS;
		ack = NULL;
		jerr = 0;
		s = js_Publish(&ack, cc->js, v[i].subject, v[i].body,
		    (int)strlen(v[i].body), &po, &jerr);
		if (s != NATS_OK) {
			log_warnx("cluster: alert not published yet, kept in "
			    "the outbox: %s", cluster_error(s));
			break;
		}
		log_debug("cluster: %s as %s #%llu%s", v[i].msg_id, ack->Stream,
		    (unsigned long long)ack->Sequence,
		    ack->Duplicate ? " (a duplicate)" : "");
		if (ack->Duplicate)
			dups++;
		jsPubAck_Destroy(ack);
		acked = v[i].id;
	}
	pthread_mutex_lock(&c->mtx);
	c->batch_acked = acked;
	c->batch_done = 1;
	c->published += (uint64_t)(acked > 0 ? i : 0);
	c->duplicates += dups;
	pthread_mutex_unlock(&c->mtx);
	cluster_wake_loop(c);
	return (i == n ? 0 : -1);
}

/* Say and show that another process runs with this node's id, or not. */
static void
cluster_duplicate(struct cluster *c, int dup)
{
	pthread_mutex_lock(&c->mtx);
	if (dup && !c->duplicate) {
		log_warnx("cluster %s: another process runs as node %s (it "
		    "renews that node's entry in %s_NODES): this one polls "
		    "nothing until that node id is free; give every node "
		    "its own cluster.node", c->name,
		    c->node, c->name);
		free(c->problem);
		c->problem = xasprintf("another process runs as node %s: "
		    "this one polls nothing (give every node its own "
		    "cluster.node)", c->node);
	} else if (!dup && c->duplicate) {
		log_notice("cluster %s: node id %s is free again: this "
		    "process joins", c->name, c->node);
		free(c->problem);
		c->problem = NULL;
	}
	c->duplicate = dup;
	pthread_mutex_unlock(&c->mtx);
}

/*
 * Write this node's entry (v) in <name>_NODES, if this process owns it:
 * created when absent, then updated by revision.  An entry written by
 * another process (another instance id) is waited out: one whose
 * revision stays put is a previous run of this node (killed) and lapses
 * within the lease TTL; one renewed meanwhile is a live process with the
 * same node id, a duplicate.  0 when written, -1 when not (yet).
 */
static int
cluster_claim(struct cluster *c, struct cluster_conn *cc, const char *v)
{
	kvEntry		*e = NULL;
	json_t		*j;
	const char	*inst = NULL;
	uint64_t	 rev = 0, nrev = 0;
	natsStatus	 s;
	int		 mine;

	s = kvStore_Get(&e, cc->nodes, c->node);
	if (s == NATS_NOT_FOUND) {
		if (kvStore_CreateString(&nrev, cc->nodes, c->node, v) !=
		    NATS_OK)
			return (-1);	/* someone was faster: next round */
		c->other_rev = 0;
		pthread_mutex_lock(&c->mtx);
		c->claimed = 1;
		pthread_mutex_unlock(&c->mtx);
		cluster_duplicate(c, 0);
		return (0);
	}
	if (s != NATS_OK)
		return (-1);
	rev = kvEntry_Revision(e);
	j = json_loads(kvEntry_ValueString(e), 0, NULL);
	inst = json_string_value(json_object_get(j, "instance"));
	mine = inst != NULL && strcmp(inst, c->instance) == 0;
	json_decref(j);
	kvEntry_Destroy(e);
	if (mine)
		return (kvStore_UpdateString(&nrev, cc->nodes, c->node, v,
		    rev) == NATS_OK ? 0 : -1);
	pthread_mutex_lock(&c->mtx);
	if (c->claimed)
		log_warnx("cluster %s: node %s's entry was rewritten by "
		    "another process", c->name, c->node);
	c->claimed = 0;
	pthread_mutex_unlock(&c->mtx);
	if (c->other_rev != 0 && rev != c->other_rev)
		cluster_duplicate(c, 1);
	else if (c->other_rev == 0)
		log_info("cluster %s: node %s's entry is from another process "
		    "(a previous run?): waiting for it to lapse", c->name,
		    c->node);
	c->other_rev = rev;
	return (-1);
}

/* This node's entry in <name>_NODES, then the live nodes' ids. */
static int
cluster_nodes(struct cluster *c, struct cluster_conn *cc, char ***out,
    size_t *nout)
{
	kvKeysList	 keys;
	kvEntry		*e;
	json_t		*j;
	struct cluster_node *nodes;
	char		*v, wl[65];
	unsigned	 holds = 0;
	size_t		 i;

	pthread_mutex_lock(&c->mtx);
	memcpy(wl, c->watchlist, sizeof wl);
	for (i = 0; i < c->nleases; i++)
		holds += c->leases[i].held != 0;
	pthread_mutex_unlock(&c->mtx);
	j = json_pack("{s:s, s:I, s:s}", "watchlist", wl, "holds",
	    (json_int_t)holds, "instance", c->instance);
	v = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (v == NULL || cluster_claim(c, cc, v) == -1) {
		free(v);
		return (-1);
	}
	free(v);
	memset(&keys, 0, sizeof keys);
	if (kvStore_Keys(&keys, cc->nodes, NULL) != NATS_OK)
		return (-1);
	*out = xreallocarray(NULL, (size_t)keys.Count + 1, sizeof **out);
	nodes = xreallocarray(NULL, (size_t)keys.Count + 1, sizeof *nodes);
	for (i = 0; i < (size_t)keys.Count; i++) {
		(*out)[i] = xstrdup(keys.Keys[i]);
		nodes[i].id = xstrdup(keys.Keys[i]);
		nodes[i].watchlist = NULL;
		nodes[i].holds = 0;
		if (kvStore_Get(&e, cc->nodes, keys.Keys[i]) != NATS_OK)
			continue;
		if ((j = json_loads(kvEntry_ValueString(e), 0, NULL)) != NULL) {
			if (json_is_string(json_object_get(j, "watchlist")))
				nodes[i].watchlist = xstrdup(json_string_value(
				    json_object_get(j, "watchlist")));
			nodes[i].holds = (unsigned)json_integer_value(
			    json_object_get(j, "holds"));
			json_decref(j);
		}
		kvEntry_Destroy(e);
	}
	*nout = (size_t)keys.Count;
	kvKeysList_Destroy(&keys);
	pthread_mutex_lock(&c->mtx);
	for (i = 0; i < c->nnodes; i++) {
		free(c->nodes[i].id);
		free(c->nodes[i].watchlist);
	}
	free(c->nodes);
	c->nodes = nodes;
	c->nnodes = *nout;
	pthread_mutex_unlock(&c->mtx);
	return (0);
}

/*
 * Set the state of a host's lease under the mutex, on each of its sources
 * (there may be none left).
 */
static void
cluster_lease_set(struct cluster *c, const char *lkey, int held, uint64_t rev,
    uint64_t sent)
{
	struct cluster_lease	*l;
	size_t			 i;

	pthread_mutex_lock(&c->mtx);
	for (i = 0; i < c->nleases; i++) {
		l = &c->leases[i];
		if (strcmp(l->lkey, lkey) != 0)
			continue;
		if (held && !l->held)
			log_info("cluster: node %s polls source %s (host %s)",
			    c->node, l->id, l->host);
		else if (!held && l->held)
			log_info("cluster: node %s no longer polls source %s",
			    c->node, l->id);
		l->held = held;
		l->rev = rev;
		if (held)
			l->renewed_ms = sent;
	}
	pthread_mutex_unlock(&c->mtx);
}

/* The ids of a host's sources (NULL-terminated), under the mutex. */
static char **
cluster_host_sources(struct cluster *c, const char *lkey)
{
	char	**v;
	size_t	  i, n = 0;

	pthread_mutex_lock(&c->mtx);
	v = xreallocarray(NULL, c->nleases + 1, sizeof *v);
	for (i = 0; i < c->nleases; i++) {
		if (strcmp(c->leases[i].lkey, lkey) == 0)
			v[n++] = xstrdup(c->leases[i].id);
	}
	v[n] = NULL;
	pthread_mutex_unlock(&c->mtx);
	return (v);
}

/*
 * Put what the loop handed in <name>_SEEN, in the order it was recorded:
 * a poll's documents and items before its validators.
 */
static void
cluster_share_seen(struct cluster *c, struct cluster_conn *cc)
{
	struct cluster_doc	*v;
	char			*key, *val;
	size_t			 n, i, kinds[SHARE_END + 1];

	pthread_mutex_lock(&c->mtx);
	v = c->seen;
	n = c->nseen;
	c->seen = NULL;
	c->nseen = 0;
	pthread_mutex_unlock(&c->mtx);
	memset(kinds, 0, sizeof kinds);
	for (i = 0; i < n; i++) {
		key = cluster_seen_key(&v[i]);
		val = cluster_seen_value(&v[i]);
		if (val == NULL || kvStore_PutString(NULL, cc->seen, key,
		    val) != NATS_OK)
			log_debug("cluster: seen %s not shared", key);
		else
			kinds[v[i].kind]++;
		free(key);
		free(val);
	}
	if (n > 0)
		log_debug("cluster: shared %zu documents, %zu feed items, %zu "
		    "validators", kinds[SHARE_DOC], kinds[SHARE_ITEM],
		    kinds[SHARE_VALIDATORS]);
	cluster_seen_free(v, n);
}

/*
 * A source just taken: read the documents other nodes recorded for it in
 * <name>_SEEN and hand them to the loop, marking the lease as importing
 * (not polled) until the loop stored them, so the new holder does not
 * alert again on articles another node already scanned.
 */
static void
cluster_import(struct cluster *c, struct cluster_conn *cc, const char *id)
{
	kvWatchOptions	 o;
	kvWatcher	*w = NULL;
	kvEntry		*e;
	struct cluster_doc *v = NULL, d;
	const char	*key;
	char		*filter, *src;
	size_t		 n = 0, cap = 0, i, len;

	kvWatchOptions_Init(&o);
	o.IgnoreDeletes = true;
	src = cluster_key_source(id);
	filter = xasprintf("%s.>", src);
	len = strlen(src);
	if (kvStore_Watch(&w, cc->seen, filter, &o) == NATS_OK) {
		while (n < CLUSTER_MAX_IMPORT && kvWatcher_Next(&e, w,
		    CLUSTER_PUB_WAIT_MS) == NATS_OK && e != NULL) {
			key = kvEntry_Key(e);
			if (strncmp(key, src, len) == 0 && key[len] == '.' &&
			    cluster_seen_parse(id, key + len + 1,
			    kvEntry_ValueString(e), &d) == 0) {
				if (n + 1 >= cap) {
					cap = cap == 0 ? 64 : cap * 2;
					v = xreallocarray(v, cap, sizeof *v);
				}
				v[n++] = d;
			} else
				log_debug("cluster: %s: not an entry of ours, "
				    "skipped", key);
			kvEntry_Destroy(e);
		}
	}
	kvWatcher_Destroy(w);
	free(filter);
	free(src);
	log_debug("cluster: source %s: %zu documents seen by the cluster", id,
	    n);
	pthread_mutex_lock(&c->mtx);
	c->imports = xreallocarray(c->imports, c->nimports + n + 1,
	    sizeof *c->imports);
	for (i = 0; i < n; i++)
		c->imports[c->nimports++] = v[i];
	memset(&c->imports[c->nimports], 0, sizeof *c->imports);
	c->imports[c->nimports].kind = SHARE_END;
	c->imports[c->nimports].source_id = xstrdup(id);
	c->nimports++;
	for (i = 0; i < c->nleases; i++) {
		if (strcmp(c->leases[i].id, id) == 0)
			c->leases[i].importing = 1;
	}
	pthread_mutex_unlock(&c->mtx);
	free(v);
	cluster_wake_loop(c);
}

/* A lease entry as a round read it from <name>_LEASES. */
struct cluster_entry {
	char		*key;
	char		*holder;	/* "": released */
	uint64_t	 rev;
	int		 put;		/* else deleted or purged: absent */
};

static int
cluster_entry_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct cluster_entry *)a)->key,
	    ((const struct cluster_entry *)b)->key));
}

static void
cluster_entries_free(struct cluster_entry *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].holder);
	}
	free(v);
}

/*
 * Every lease in <name>_LEASES, in one watch of the bucket (its current
 * values, then the watch ends) rather than one read per host; sorted by
 * key.  The count, or -1 if the bucket could not be read.
 */
static ssize_t
cluster_entries(struct cluster_conn *cc, struct cluster_entry **out)
{
	struct cluster_entry	*v = NULL;
	kvWatcher		*w = NULL;
	kvEntry			*e;
	natsStatus		 s;
	size_t			 n = 0, cap = 0;

	if (kvStore_WatchAll(&w, cc->leases, NULL) != NATS_OK)
		return (-1);
	while ((s = kvWatcher_Next(&e, w, CLUSTER_PUB_WAIT_MS)) == NATS_OK &&
	    e != NULL) {
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[n].key = xstrdup(kvEntry_Key(e));
		v[n].holder = xstrdup(kvEntry_ValueString(e) != NULL ?
		    kvEntry_ValueString(e) : "");
		v[n].rev = kvEntry_Revision(e);
		v[n].put = kvEntry_Operation(e) == kvOp_Put;
		n++;
		kvEntry_Destroy(e);
	}
	kvWatcher_Destroy(w);
	if (s != NATS_OK) {
		cluster_entries_free(v, n);
		return (-1);
	}
	if (n > 0)
		qsort(v, n, sizeof *v, cluster_entry_cmp);
	*out = v;
	return ((ssize_t)n);
}

/*
 * One host's lease (key id, its entry e as the round read it, or NULL),
 * for all its sources: take, renew, release or leave it.
 */
static void
cluster_lease(struct cluster *c, struct cluster_conn *cc, const char *id,
    const struct cluster_entry *e, const char *owner)
{
	const char	*holder = "";
	char		**srcs;
	uint64_t	 rev = 0, nrev = 0, sent;
	natsStatus	 s;
	size_t		 i;
	int		 mine;

	mine = owner != NULL && strcmp(owner, c->node) == 0;
	if (e != NULL && !e->put)
		e = NULL;	/* deleted: created again */
	if (e != NULL) {
		holder = e->holder;
		rev = e->rev;
	}
	sent = cluster_now();
	if (strcmp(holder, c->node) == 0 && !mine && owner != NULL) {
		/* Rebalance: stop polling first, then free the lease. */
		cluster_lease_set(c, id, 0, 0, 0);
		(void)kvStore_UpdateString(NULL, cc->leases, id, "", rev);
	} else if (strcmp(holder, c->node) == 0) {
		s = kvStore_UpdateString(&nrev, cc->leases, id, c->node, rev);
		cluster_lease_set(c, id, s == NATS_OK, nrev, sent);
	} else if (*holder == '\0' && mine) {
		if (e == NULL)
			s = kvStore_CreateString(&nrev, cc->leases, id,
			    c->node);
		else
			s = kvStore_UpdateString(&nrev, cc->leases, id,
			    c->node, rev);
		if (s == NATS_OK) {
			srcs = cluster_host_sources(c, id);
			for (i = 0; srcs[i] != NULL; i++) {
				cluster_import(c, cc, srcs[i]);
				free(srcs[i]);
			}
			free(srcs);
		}
		cluster_lease_set(c, id, s == NATS_OK, nrev, sent);
	} else
		cluster_lease_set(c, id, 0, 0, 0);
}

/* A host of the sources: its lease key, and whether one is held. */
struct cluster_host {
	char		*lkey;
	char		*host;
	int		 held;
	uint64_t	 rev;
};

static int
cluster_host_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct cluster_host *)a)->lkey,
	    ((const struct cluster_host *)b)->lkey));
}

/* The sources' hosts, each once, sorted; under the mutex. */
static size_t
cluster_hosts(struct cluster *c, struct cluster_host **out)
{
	struct cluster_host	*v;
	size_t			 i, n = 0;

	pthread_mutex_lock(&c->mtx);
	v = xreallocarray(NULL, c->nleases + 1, sizeof *v);
	for (i = 0; i < c->nleases; i++) {
		v[i].lkey = c->leases[i].lkey;
		v[i].host = c->leases[i].host;
		v[i].held = c->leases[i].held;
		v[i].rev = c->leases[i].rev;
	}
	qsort(v, c->nleases, sizeof *v, cluster_host_cmp);
	for (i = 0; i < c->nleases; i++) {
		if (n > 0 && strcmp(v[n - 1].lkey, v[i].lkey) == 0) {
			v[n - 1].held |= v[i].held;
			continue;
		}
		v[n] = v[i];
		v[n].lkey = xstrdup(v[i].lkey);
		v[n].host = xstrdup(v[i].host);
		n++;
	}
	pthread_mutex_unlock(&c->mtx);
	*out = v;
	return (n);
}

static void
cluster_hosts_free(struct cluster_host *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].lkey);
		free(v[i].host);
	}
	free(v);
}

/* A round: this node's entry, the live nodes, every host's lease. */
static void
cluster_round(struct cluster *c, struct cluster_conn *cc)
{
	struct cluster_host	 *hosts;
	struct cluster_entry	 *entries = NULL, key, *e;
	char			**nodes = NULL;
	size_t			  nnodes = 0, nhosts, i;
	ssize_t			  nentries;
	const char		 *owner;

	if (cluster_nodes(c, cc, &nodes, &nnodes) == -1) {
		log_debug("cluster: nodes: %s", cluster_error(NATS_ERR));
		return;
	}
	if ((nentries = cluster_entries(cc, &entries)) == -1) {
		log_debug("cluster: leases: %s", cluster_error(NATS_ERR));
		for (i = 0; i < nnodes; i++)
			free(nodes[i]);
		free(nodes);
		return;		/* unknown: keep what we think */
	}
	/* By host: one node polls all of a host's sources. */
	nhosts = cluster_hosts(c, &hosts);
	for (i = 0; i < nhosts; i++) {
		owner = cluster_owner(nodes, nnodes, hosts[i].host);
		key.key = hosts[i].lkey;
		e = nentries > 0 ? bsearch(&key, entries, (size_t)nentries,
		    sizeof *entries, cluster_entry_cmp) : NULL;
		cluster_lease(c, cc, hosts[i].lkey, e, owner);
	}
	cluster_hosts_free(hosts, nhosts);
	cluster_entries_free(entries, nentries > 0 ? (size_t)nentries : 0);
	for (i = 0; i < nnodes; i++)
		free(nodes[i]);
	free(nodes);
	pthread_mutex_lock(&c->mtx);
	if (!c->joined)
		log_notice("cluster %s: node %s polls only the sources it "
		    "holds a lease on", c->name, c->node);
	c->joined = 1;
	pthread_mutex_unlock(&c->mtx);
}

/* Leave: free our leases and our node entry, so others take over now. */
static void
cluster_leave(struct cluster *c, struct cluster_conn *cc)
{
	struct cluster_host	*hosts;
	size_t			 i, n;

	if (!cc->ready)
		return;
	pthread_mutex_lock(&c->mtx);
	for (i = 0; i < c->nleases; i++)
		c->leases[i].held = 0;	/* stop polling first */
	pthread_mutex_unlock(&c->mtx);
	n = cluster_hosts(c, &hosts);	/* held: as it was before */
	for (i = 0; i < n; i++) {
		if (hosts[i].rev != 0)
			(void)kvStore_UpdateString(NULL, cc->leases,
			    hosts[i].lkey, "", hosts[i].rev);
	}
	cluster_hosts_free(hosts, n);
	if (c->claimed)
		(void)kvStore_Delete(cc->nodes, c->node);
}

/* The cluster thread: connect, set up, publish, hold leases. */
static void *
cluster_main(void *arg)
{
	struct cluster		*c = arg;
	struct cluster_conn	 cc;
	struct store_cluster_row *batch;
	struct timespec		 ts;
	uint64_t		 next_round = 0, now, period, wait;
	uint64_t		 pub_retry = 0;	/* not before: a publish failed */
	size_t			 nbatch;
	natsStatus		 s;
	int			 up, setup;

	memset(&cc, 0, sizeof cc);
	period = c->ttl_ms / 3;
	s = natsConnection_Connect(&cc.nc, c->opts);
	if (s != NATS_OK)
		cluster_settled(c);
	if (s == NATS_NOT_YET_CONNECTED)
		log_warnx("cluster %s: NATS unreachable at %s: this node polls "
		    "every source alone until it can join", c->name,
		    c->url_text);
	else if (s != NATS_OK) {
		log_warnx("cluster %s: cannot use NATS at %s (%s): this node "
		    "polls every source alone", c->name, c->url_text,
		    cluster_error(s));
		return (NULL);
	}
	pthread_mutex_lock(&c->mtx);
	c->connected = natsConnection_Status(cc.nc) ==
	    NATS_CONN_STATUS_CONNECTED;
	while (!c->stop) {
		up = c->connected;
		batch = c->batch_done ? NULL : c->batch;
		nbatch = c->nbatch;
		pthread_mutex_unlock(&c->mtx);
		now = cluster_now();
		setup = up ? cluster_setup(c, &cc) : -1;
		cluster_settled(c);
		if (setup == 0) {
			if (batch != NULL && nbatch > 0 && now >= pub_retry &&
			    cluster_publish(c, &cc, batch, nbatch) == -1)
				pub_retry = cluster_now() + 1000;
			cluster_share_seen(c, &cc);
			if (now >= next_round) {
				cluster_round(c, &cc);
				next_round = cluster_now() + period;
			}
		}
		pthread_mutex_lock(&c->mtx);
		/*
		 * Sleep until the next round, or a period while the server
		 * is away or unusable, unless there is work: a batch to
		 * publish (not within a second of a failed publish) or
		 * documents to share.
		 */
		now = cluster_now();
		if (c->stop || (c->connected && c->ready &&
		    ((!c->batch_done && c->nbatch > 0 && now >= pub_retry) ||
		    c->nseen > 0)))
			continue;
		wait = period;
		if (c->connected && c->ready) {
			wait = next_round > now ? next_round - now : 0;
			if (!c->batch_done && c->nbatch > 0 &&
			    pub_retry - now < wait)
				wait = pub_retry - now;
		}
		if (wait == 0)
			continue;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += (time_t)(wait / 1000);
		ts.tv_nsec += (long)(wait % 1000) * 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		(void)pthread_cond_timedwait(&c->cond, &c->mtx, &ts);
	}
	pthread_mutex_unlock(&c->mtx);
	if (natsConnection_Status(cc.nc) == NATS_CONN_STATUS_CONNECTED)
		cluster_leave(c, &cc);
	kvStore_Destroy(cc.leases);
	kvStore_Destroy(cc.nodes);
	kvStore_Destroy(cc.seen);
	jsCtx_Destroy(cc.js);
	natsConnection_Close(cc.nc);
	natsConnection_Destroy(cc.nc);
	return (NULL);
}

/*
 * Loop: record the documents of sources just taken as seen in the local
 * database, then let the poller poll those sources.
 */
static void
cluster_imports(struct cluster *c)
{
	struct cluster_doc	*v;
	struct document		 doc;
	struct store_item	 it;
	size_t			 n, i, j, done = 0, items = 0;
	int			 validators = 0;

	if (store_in_transaction(c->store))
		return;		/* after the pipeline's commit */
	pthread_mutex_lock(&c->mtx);
	v = c->imports;
	n = c->nimports;
	c->imports = NULL;
	c->nimports = 0;
	pthread_mutex_unlock(&c->mtx);
	for (i = 0; i < n; i++) {
		if (v[i].kind == SHARE_VALIDATORS) {
			poller_validators(c->poller, v[i].source_id,
			    v[i].etag, v[i].last_modified);
			validators = 1;
			continue;
		}
		if (v[i].kind == SHARE_ITEM) {
			it.source_id = v[i].source_id;
			it.item_id = v[i].item_id;
			it.sha256 = v[i].sha256;
			it.url = v[i].url;
			if (store_item_add(c->store, &it) == 0)
				items++;
			continue;
		}
		if (v[i].kind == SHARE_END) {
			pthread_mutex_lock(&c->mtx);
			for (j = 0; j < c->nleases; j++) {
				if (strcmp(c->leases[j].id,
				    v[i].source_id) == 0)
					c->leases[j].importing = 0;
			}
			pthread_mutex_unlock(&c->mtx);
			if (done > 0 || items > 0 || validators)
				log_info("cluster: source %s: recorded as seen "
				    "what other nodes polled: %zu documents, "
				    "%zu feed items%s", v[i].source_id, done,
				    items, validators ? ", and their validators"
				    " for the next poll" : "");
			done = items = 0;
			validators = 0;
			continue;
		}
		memset(&doc, 0, sizeof doc);
		doc.source_id = v[i].source_id;
		doc.url = v[i].url;
		memcpy(doc.sha256, v[i].sha256, sizeof doc.sha256);
		if (store_document_add(c->store, &doc) == 0)
			done++;
	}
	cluster_seen_free(v, n);
}

/* Loop: hand the thread the next outbox batch if it has none. */
static void
cluster_hand(struct cluster *c)
{
	struct store_cluster_row *v;
	ssize_t			 n;
	int64_t			 acked = 0;
	int			 idle, up, finished = 0;

	/*
	 * Not within the pipeline's open transaction: its rows may still be
	 * rolled back.  Its commit kicks us (cluster_kick), and so does the
	 * tick.
	 */
	if (store_in_transaction(c->store))
		return;
	pthread_mutex_lock(&c->mtx);
	idle = c->nbatch == 0 || c->batch_done;
	up = c->connected && c->ready;
	if (c->nbatch > 0 && c->batch_done) {
		finished = 1;
		acked = c->batch_acked;
		store_cluster_rows_free(c->batch, c->nbatch);
		free(c->batch);
		c->batch = NULL;
		c->nbatch = 0;
		c->batch_done = 0;
	}
	pthread_mutex_unlock(&c->mtx);
	if (finished)
		log_debug("cluster: the stream took outbox rows up to %lld",
		    (long long)acked);
	if (acked > 0 && store_cluster_published(c->store, acked) == -1)
		log_warnx("cluster: published alerts could not be marked; "
		    "they will be published again (and stored once)");
	if (finished)
		c->handed = acked;	/* resume after what the stream took */
	if (!idle || !up)
		return;
	v = xreallocarray(NULL, CLUSTER_BATCH, sizeof *v);
	if ((n = store_cluster_due(c->store, c->handed, CLUSTER_BATCH,
	    v)) <= 0) {
		free(v);
		return;
	}
	log_debug("cluster: publishing outbox rows %lld to %lld",
	    (long long)v[0].id, (long long)v[n - 1].id);
	c->handed = v[n - 1].id;
	pthread_mutex_lock(&c->mtx);
	c->batch = v;
	c->nbatch = (size_t)n;
	c->batch_done = 0;
	c->batch_acked = 0;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->mtx);
}

/* Loop: the thread said something; take what it left. */
static void
cluster_wake_cb(evutil_socket_t fd, short ev, void *arg)
{
	char	 buf[64];

	(void)ev;
	while (read(fd, buf, sizeof buf) > 0)
		;
	cluster_imports(arg);
	cluster_hand(arg);
}

/* Loop: now and then, in case a wake-up found the thread busy. */
static void
cluster_tick_cb(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	cluster_imports(arg);
	cluster_hand(arg);
}

/*
 * The key of a host's lease in <name>_LEASES: one token of letters,
 * digits, '-' and '_', anything else (the dots and colon of a host:port)
 * as '=' and two hex digits.
 */
static char *
cluster_lease_key(const char *host)
{
	char	*k, *p;

	p = k = xreallocarray(NULL, strlen(host) * 3 + 1, 1);
	for (; *host != '\0'; host++) {
		if ((*host >= 'a' && *host <= 'z') ||
		    (*host >= 'A' && *host <= 'Z') ||
		    (*host >= '0' && *host <= '9') || *host == '-' ||
		    *host == '_')
			*p++ = *host;
		else {
			snprintf(p, 4, "=%02x", (unsigned char)*host);
			p += 3;
		}
	}
	*p = '\0';
	return (k);
}

/* Free what a lease holds. */
static void
cluster_lease_clear(struct cluster_lease *l)
{
	free(l->id);
	free(l->host);
	free(l->lkey);
	free(l->etag);
	free(l->last_modified);
}

/* The source list of a config into the leases, keeping what is held. */
static void
cluster_set_sources(struct cluster *c, const struct config *conf)
{
	struct cluster_lease	*v;
	size_t			 i, j;

	v = xreallocarray(NULL, conf->nsources + 1, sizeof *v);
	for (i = 0; i < conf->nsources; i++) {
		memset(&v[i], 0, sizeof v[i]);
		v[i].id = xstrdup(conf->sources[i].id);
		v[i].host = poller_host_key(conf->sources[i].url);
		v[i].lkey = cluster_lease_key(v[i].host);
		for (j = 0; j < c->nleases; j++) {
			if (strcmp(c->leases[j].id, v[i].id) == 0) {
				v[i].held = c->leases[j].held;
				v[i].rev = c->leases[j].rev;
				v[i].renewed_ms = c->leases[j].renewed_ms;
				v[i].shared = c->leases[j].shared;
				v[i].etag = c->leases[j].etag;
				v[i].last_modified =
				    c->leases[j].last_modified;
				c->leases[j].etag = NULL;
				c->leases[j].last_modified = NULL;
			}
		}
	}
	for (j = 0; j < c->nleases; j++)
		cluster_lease_clear(&c->leases[j]);
	free(c->leases);
	c->leases = v;
	c->nleases = conf->nsources;
}

/* The server URLs, comma-separated, for the logs. */
static char *
cluster_urls(const struct strv *sv)
{
	char	*s = xstrdup(""), *t;
	size_t	 i;

	for (i = 0; i < sv->n; i++) {
		t = xasprintf("%s%s%s", s, i > 0 ? "," : "", sv->v[i]);
		free(s);
		s = t;
	}
	return (s);
}

/* The libnats options of a config; NULL (logged) on failure. */
static natsOptions *
cluster_options(struct cluster *c, const struct cluster_cfg *cc)
{
	natsOptions	*o = NULL;
	natsStatus	 s;
	const char	**urls;
	char		*name;
	size_t		 i;

	if ((s = natsOptions_Create(&o)) != NATS_OK)
		goto fail;
	name = xasprintf("sanctwatchd %s", c->node);
	s = natsOptions_SetName(o, name);
	free(name);
	urls = xreallocarray(NULL, cc->nats.n, sizeof *urls);
	for (i = 0; i < cc->nats.n; i++)
		urls[i] = cc->nats.v[i];
	if (s == NATS_OK)
		s = natsOptions_SetServers(o, urls, (int)cc->nats.n);
	free(urls);
	if (s == NATS_OK)
		s = natsOptions_SetMaxReconnect(o, -1);
	if (s == NATS_OK)
		s = natsOptions_SetReconnectWait(o, CLUSTER_RECONNECT_MS);
	if (s == NATS_OK)
		s = natsOptions_SetTimeout(o, 2000);
	if (s == NATS_OK)
		s = natsOptions_SetRetryOnFailedConnect(o, true,
		    cluster_conn_cb, c);
	if (s == NATS_OK)
		s = natsOptions_SetDisconnectedCB(o, cluster_conn_cb, c);
	if (s == NATS_OK)
		s = natsOptions_SetReconnectedCB(o, cluster_conn_cb, c);
	if (s == NATS_OK && cc->credentials != NULL)
		s = natsOptions_SetUserCredentialsFromFiles(o,
		    cc->credentials, NULL);
	if (s == NATS_OK && cc->tls_ca != NULL)
		s = natsOptions_LoadCATrustedCertificates(o, cc->tls_ca);
	if (s == NATS_OK)
		return (o);
fail:
	log_warnx("cluster %s: NATS options: %s", cc->name, cluster_error(s));
	natsOptions_Destroy(o);
	return (NULL);
}

/*
 * Start the cluster of a config with a cluster.nats, or return NULL
 * (single node; every cluster_* function takes NULL).  Fatal if the
 * thread cannot start.
 */
struct cluster *
cluster_new(struct event_base *base, struct store *st,
    const struct config *conf, const char *watchlist)
{
	static const struct timeval	 tick = { 1, 0 };
	const struct cluster_cfg	*cc = &conf->cluster;
	struct cluster			*c;
	char				 host[256];
	unsigned char			 rnd[16];
	size_t				 i;

	if (cc->nats.n == 0)
		return (NULL);
	c = xcalloc(1, sizeof *c);
	c->base = base;
	c->store = st;
	c->name = xstrdup(cc->name);
	if (cc->node != NULL)
		c->node = xstrdup(cc->node);
	else {
		if (gethostname(host, sizeof host) == -1)
			snprintf(host, sizeof host, "node");
		host[sizeof host - 1] = '\0';
		for (i = 0; host[i] != '\0'; i++) {
			if (strchr("-_", host[i]) == NULL &&
			    !(host[i] >= 'a' && host[i] <= 'z') &&
			    !(host[i] >= 'A' && host[i] <= 'Z') &&
			    !(host[i] >= '0' && host[i] <= '9'))
				host[i] = '_';
		}
		c->node = xstrdup(host);
	}
	if (RAND_bytes(rnd, sizeof rnd) != 1)
		fatalx("cluster: no random bytes");
	for (i = 0; i < sizeof rnd; i++)
		snprintf(c->instance + 2 * i, 3, "%02x", rnd[i]);
	c->stream = xasprintf("%s_ALERTS", c->name);
	c->subjects = xasprintf("%s.alert.>", c->name);
	c->url_text = cluster_urls(&cc->nats);
	c->ttl_ms = cc->lease_ttl_ms;
	c->keep_ms = cc->keep_ms;
	c->seen_ms = conf->document_retention_ms;
	snprintf(c->watchlist, sizeof c->watchlist, "%s",
	    watchlist != NULL ? watchlist : "");
	pthread_mutex_init(&c->mtx, NULL);
	pthread_cond_init(&c->cond, NULL);
	cluster_set_sources(c, conf);
	if (pipe2(c->pipe, O_NONBLOCK | O_CLOEXEC) == -1)
		fatal("pipe");
	c->wake_ev = event_new(base, c->pipe[0], EV_READ | EV_PERSIST,
	    cluster_wake_cb, c);
	c->tick_ev = event_new(base, -1, EV_PERSIST, cluster_tick_cb, c);
	if (c->wake_ev == NULL || c->tick_ev == NULL ||
	    event_add(c->wake_ev, NULL) == -1 ||
	    event_add(c->tick_ev, &tick) == -1)
		fatalx("cluster: cannot watch its pipe");
	if ((c->opts = cluster_options(c, cc)) == NULL)
		fatalx("cluster %s: cannot start", c->name);
	if (pthread_create(&c->thread, NULL, cluster_main, c) != 0)
		fatalx("cluster: cannot start its thread");
	c->started = 1;
	log_info("cluster %s: node %s, NATS %s, leases of %llu ms", c->name,
	    c->node, c->url_text, (unsigned long long)c->ttl_ms);
	return (c);
}

/* A reload: the new source list and watchlist. */
void
cluster_update(struct cluster *c, const struct config *conf,
    const char *watchlist)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->mtx);
	cluster_set_sources(c, conf);
	snprintf(c->watchlist, sizeof c->watchlist, "%s",
	    watchlist != NULL ? watchlist : "");
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->mtx);
}

/* pipeline_ops.enqueue: a stored alert into the cluster outbox. */
int
cluster_enqueue(struct cluster *c, const struct alert *a)
{
	char	*subject, *json, *body, id[65];
	size_t	 len;
	int	 rc;

	if (c == NULL)
		return (0);
	cluster_msg_id(a, id);
	subject = xasprintf("%s.alert.%s.%s", c->name,
	    alert_kind_name(a->kind), alert_severity_names[a->severity]);
	json = alert_json(a, 1);
	len = strlen(json);
	while (len > 0 && json[len - 1] == '\n')
		json[--len] = '\0';
	if (len > 0 && json[len - 1] == '}')
		json[--len] = '\0';	/* the node goes in last */
	body = xasprintf("%s, \"node\": \"%s\"}", json, c->node);
	rc = store_cluster_add(c->store, a->id, subject, id, body);
	free(subject);
	free(json);
	free(body);
	return (rc);
}

/*
 * Queue an entry for <name>_SEEN (taking its strings), unless too many
 * wait already; under the mutex.
 */
static void
cluster_share(struct cluster *c, struct cluster_doc *d)
{
	if (c->nseen >= CLUSTER_MAX_SEEN) {
		if (!c->seen_full)
			log_warnx("cluster %s: more than %d scanned documents, "
			    "feed items and validators wait to be shared; "
			    "further ones are not (a takeover may alert on "
			    "them again)", c->name,
			    CLUSTER_MAX_SEEN);
		c->seen_full = 1;
		cluster_seen_free(d, 1);
		return;
	}
	c->seen = xreallocarray(c->seen, c->nseen + 1, sizeof *c->seen);
	c->seen[c->nseen++] = *d;
	free(d);
	pthread_cond_signal(&c->cond);
}

/* pipeline_ops.seen: a document scanned, to share with the other nodes. */
void
cluster_seen(const struct document *d, void *arg)
{
	struct cluster		*c = arg;
	struct cluster_doc	*v;

	if (c == NULL || d->source_id == NULL || d->url == NULL)
		return;
	v = xcalloc(1, sizeof *v);
	v->kind = SHARE_DOC;
	v->source_id = xstrdup(d->source_id);
	v->url = xstrdup(d->url);
	memcpy(v->sha256, d->sha256, sizeof v->sha256);
	pthread_mutex_lock(&c->mtx);
	cluster_share(c, v);
	pthread_mutex_unlock(&c->mtx);
}

/* pipeline_ops.item: a feed item recorded, to share with the other nodes. */
void
cluster_item(const struct store_item *it, void *arg)
{
	struct cluster		*c = arg;
	struct cluster_doc	*v;

	if (c == NULL || it->source_id == NULL || it->item_id == NULL ||
	    it->sha256 == NULL || strlen(it->sha256) != 64)
		return;
	v = xcalloc(1, sizeof *v);
	v->kind = SHARE_ITEM;
	v->source_id = xstrdup(it->source_id);
	v->item_id = xstrdup(it->item_id);
	v->url = it->url != NULL ? xstrdup(it->url) : NULL;
	memcpy(v->sha256, it->sha256, sizeof v->sha256);
	pthread_mutex_lock(&c->mtx);
	cluster_share(c, v);
	pthread_mutex_unlock(&c->mtx);
}

/* Whether two validators, either of which may be NULL, are the same. */
static int
cluster_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

/*
 * pipeline_ops.validators: what a successful poll of a source leaves for
 * the next one; shared when it changed, so the node that takes the source
 * over polls it conditionally.
 */
void
cluster_validators(const char *id, const char *etag, const char *lm,
    void *arg)
{
	struct cluster		*c = arg;
	struct cluster_lease	*l = NULL;
	struct cluster_doc	*v;
	size_t			 i;

	if (c == NULL || (etag == NULL && lm == NULL))
		return;
	pthread_mutex_lock(&c->mtx);
	for (i = 0; i < c->nleases; i++) {
		if (strcmp(c->leases[i].id, id) == 0)
			l = &c->leases[i];
	}
	if (l == NULL || (l->shared && cluster_same(l->etag, etag) &&
	    cluster_same(l->last_modified, lm))) {
		pthread_mutex_unlock(&c->mtx);
		return;
	}
	free(l->etag);
	free(l->last_modified);
	l->etag = etag != NULL ? xstrdup(etag) : NULL;
	l->last_modified = lm != NULL ? xstrdup(lm) : NULL;
	l->shared = 1;
	v = xcalloc(1, sizeof *v);
	v->kind = SHARE_VALIDATORS;
	v->source_id = xstrdup(id);
	v->etag = etag != NULL ? xstrdup(etag) : NULL;
	v->last_modified = lm != NULL ? xstrdup(lm) : NULL;
	cluster_share(c, v);
	pthread_mutex_unlock(&c->mtx);
}

/* The poller that takes the validators of sources taken over. */
void
cluster_poller(struct cluster *c, struct poller *p)
{
	if (c != NULL)
		c->poller = p;
}

/* Committed alerts are in the outbox: publish them if the thread is free. */
void
cluster_kick(struct cluster *c)
{
	if (c != NULL)
		cluster_hand(c);
}

/*
 * The poller's gate: whether this node polls a source now.  Alone (never
 * joined): every source.  Joined and connected: those whose lease it renewed
 * within two thirds of the TTL.  Joined, then cut off: those it held.
 */
int
cluster_holds(const char *id, void *arg)
{
	struct cluster	*c = arg;
	size_t		 i;
	int		 held = 0;

	if (c == NULL)
		return (1);
	pthread_mutex_lock(&c->mtx);
	if (!c->joined)		/* alone, unless waiting to claim its id */
		held = c->settled && !(c->connected && c->ready && !c->claimed);
	else {
		for (i = 0; i < c->nleases; i++) {
			if (strcmp(c->leases[i].id, id) != 0)
				continue;
			held = c->leases[i].held && !c->leases[i].importing &&
			    (!c->connected ||
			    cluster_now() - c->leases[i].renewed_ms <
			    c->ttl_ms * 2 / 3);
			break;
		}
	}
	pthread_mutex_unlock(&c->mtx);
	return (held);
}

/* The status reply's "cluster" object. */
json_t *
cluster_status(struct cluster *c)
{
	json_t	*j, *leases, *nodes, *n;
	size_t	 i;
	int	 same = 1;

	if (c == NULL)
		return (NULL);	/* single node: no "cluster" in status */
	leases = json_array();
	nodes = json_array();
	pthread_mutex_lock(&c->mtx);
	for (i = 0; i < c->nleases; i++) {
		if (c->leases[i].held)
			json_array_append_new(leases,
			    json_string(c->leases[i].id));
	}
	for (i = 0; i < c->nnodes; i++) {
		n = json_pack("{s:s, s:s?, s:I}", "node", c->nodes[i].id,
		    "watchlist", c->nodes[i].watchlist, "holds",
		    (json_int_t)c->nodes[i].holds);
		json_array_append_new(nodes, n);
		if (c->nodes[i].watchlist == NULL ||
		    strcmp(c->nodes[i].watchlist, c->watchlist) != 0)
			same = 0;
	}
	j = json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:s?, s:o, s:o, s:b, "
	    "s:I, s:I, s:I}", "name", c->name, "node", c->node, "nats",
	    c->url_text, "connected", c->connected, "joined", c->joined,
	    "duplicate", c->duplicate, "problem",
	    c->problem, "leases", leases, "nodes", nodes, "same_watchlist",
	    same, "published", (json_int_t)c->published, "duplicates",
	    (json_int_t)c->duplicates, "queued",
	    (json_int_t)store_cluster_queued(c->store));
	pthread_mutex_unlock(&c->mtx);
	return (j);
}

/* Stop the thread (leaving the cluster if connected) and free it all. */
void
cluster_free(struct cluster *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	if (c->started) {
		pthread_mutex_lock(&c->mtx);
		c->stop = 1;
		pthread_cond_signal(&c->cond);
		pthread_mutex_unlock(&c->mtx);
		pthread_join(c->thread, NULL);
	}
	/*
	 * libnats' own threads may still be delivering the closed
	 * connection's callbacks, which take c: wait for them to end.
	 */
	(void)nats_CloseAndWait(5000);
	cluster_hand(c);	/* mark what the last batch published */
	cluster_imports(c);
	natsOptions_Destroy(c->opts);
	event_free(c->wake_ev);
	event_free(c->tick_ev);
	close(c->pipe[0]);
	close(c->pipe[1]);
	for (i = 0; i < c->nleases; i++)
		cluster_lease_clear(&c->leases[i]);
	free(c->leases);
	for (i = 0; i < c->nnodes; i++) {
		free(c->nodes[i].id);
		free(c->nodes[i].watchlist);
	}
	free(c->nodes);
	if (c->batch != NULL)
		store_cluster_rows_free(c->batch, c->nbatch);
	cluster_seen_free(c->seen, c->nseen);
	cluster_seen_free(c->imports, c->nimports);
	free(c->batch);
	free(c->problem);
	free(c->name);
	free(c->node);
	free(c->stream);
	free(c->subjects);
	free(c->url_text);
	pthread_mutex_destroy(&c->mtx);
	pthread_cond_destroy(&c->cond);
	free(c);
}
