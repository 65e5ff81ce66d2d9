/*
 * sanctwatch tail --nats: follow the cluster's alert stream <name>_ALERTS
 * on a NATS JetStream server (docs/cluster.md) instead of one daemon's
 * socket.  An ordered consumer, created by the server for this client and
 * gone with it, delivers the stream from --since's next sequence (or only
 * new alerts); the filters that the socket's subscribe request takes are
 * applied here, on each alert's JSON.  Also used by sanctwatch collect.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <nats/nats.h>

#include "client/client.h"

/* Whether a JSON array of strings filter holds v (an absent filter does). */
static int
tail_nats_in(json_t *filter, const char *key, const char *v)
{
	json_t	*list = json_object_get(filter, key), *s;
	size_t	 i;

	if (list == NULL)
		return (1);
	if (v == NULL)
		return (0);
	json_array_foreach(list, i, s) {
		if (json_is_string(s) && strcmp(json_string_value(s), v) == 0)
			return (1);
	}
	return (0);
}

/* Whether any string of a JSON array is in a filter's list. */
static int
tail_nats_any(json_t *filter, const char *key, json_t *values)
{
	json_t	*v;
	size_t	 i;

	if (json_object_get(filter, key) == NULL)
		return (1);
	json_array_foreach(values, i, v) {
		if (tail_nats_in(filter, key, json_string_value(v)))
			return (1);
	}
	return (0);
}

/* Whether an alert passes the filter (the subscribe request's fields). */
int
tail_nats_match(json_t *filter, json_t *a)
{
	json_t		*e = json_object_get(a, "entity");
	json_t		*doc = json_object_get(a, "document");
	json_t		*m = json_object_get(a, "match");
	json_t		*rule = json_object_get(a, "rule");
	json_t		*min = json_object_get(filter, "min_score");
	const char	*state;

	state = json_string_value(json_object_get(a, "state"));
	if (state != NULL && strcmp(state, "suppressed") == 0 &&
	    !json_is_true(json_object_get(filter, "suppressed")))
		return (0);
	if (min != NULL && json_number_value(json_object_get(m, "score")) <
	    json_number_value(min))
		return (0);
	return (tail_nats_in(filter, "kinds",
	    json_string_value(json_object_get(a, "kind"))) &&
	    tail_nats_in(filter, "severities",
	    json_string_value(json_object_get(a, "severity"))) &&
	    tail_nats_in(filter, "entities",
	    json_string_value(json_object_get(e, "id"))) &&
	    tail_nats_in(filter, "sources",
	    json_string_value(json_object_get(doc, "source"))) &&
	    tail_nats_any(filter, "programs", json_object_get(e, "programs")) &&
	    tail_nats_any(filter, "countries", json_object_get(a,
	    "countries")) &&
	    tail_nats_in(filter, "rules", rule != NULL ?
	    json_string_value(json_object_get(rule, "id")) : NULL));
}

/*
 * Whether a message of the stream is an alert record (docs/alerts.md) as
 * a node publishes it: what another publisher put on our subjects is not.
 */
int
tail_nats_alert(json_t *a)
{
	json_t	*e = json_object_get(a, "entity");
	json_t	*doc = json_object_get(a, "document");

	return (json_is_object(a) &&
	    json_is_string(json_object_get(a, "kind")) &&
	    json_is_string(json_object_get(a, "severity")) &&
	    json_is_string(json_object_get(a, "time")) &&
	    json_is_string(json_object_get(e, "id")) &&
	    json_is_string(json_object_get(doc, "source")) &&
	    json_is_string(json_object_get(doc, "url")));
}

/*
 * --since as a time: 2026-12-06T05:00:00Z, 2026-12-06, or a duration
 * before now (90s, 15m, 2h, 7d); nanoseconds since the epoch.  0 or -1.
 */
int
tail_nats_time(const char *s, int64_t *ns)
{
	static const struct {
		char	 unit;
		int64_t	 s;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 } };
	struct tm	 tm;
	const char	*end;
	char		*e;
	long long	 n;
	time_t		 t;
	size_t		 i;

	n = strtoll(s, &e, 10);
	if (e != s && n >= 0 && e[0] != '\0' && e[1] == '\0') {
		for (i = 0; i < sizeof units / sizeof units[0]; i++) {
			if (units[i].unit == e[0] &&
			    n < INT64_MAX / 1000000000 / units[i].s) {
				*ns = ((int64_t)time(NULL) - n * units[i].s) *
				    1000000000;
				return (*ns > 0 ? 0 : -1);
			}
		}
		return (-1);
	}
	memset(&tm, 0, sizeof tm);
	if ((end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) == NULL ||
	    *end != '\0') {
		memset(&tm, 0, sizeof tm);
		if ((end = strptime(s, "%Y-%m-%d", &tm)) == NULL ||
		    *end != '\0')
			return (-1);
	}
	if ((t = timegm(&tm)) <= 0)
		return (-1);
	*ns = t < INT64_MAX / 1000000000 ? (int64_t)t * 1000000000 :
	    INT64_MAX;	/* past 2262: after every message */
	return (0);
}

/*
 * The first sequence of the stream stored at or after a time (ns), by
 * bisection on the stored messages' times (the server's clock), or
 * last + 1 if none is; a sequence missing (deleted) counts as later.
 */
static uint64_t
tail_nats_seq_at(jsCtx *js, const char *stream, int64_t ns, uint64_t first,
    uint64_t last)
{
	natsMsg		*m;
	uint64_t	 lo = first, hi = last + 1, mid;
	int64_t		 t;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		m = NULL;
		t = INT64_MAX;
		if (js_GetMsg(&m, js, stream, mid, NULL, NULL) == NATS_OK)
			t = natsMsg_GetTime(m);
		natsMsg_Destroy(m);
		if (t >= ns)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (lo);
}

/* Say what failed, with libnats' own words. */
static void
tail_nats_error(const char *what, natsStatus s)
{
	const char	*e = nats_GetLastError(NULL);

	fprintf(stderr, "sanctwatch: %s: %s\n", what,
	    e != NULL && *e != '\0' ? e : natsStatus_GetText(s));
}

/*
 * Deliver the stream's messages after sequence since (since < 0: only new
 * ones), or from time since_ns if it is not 0, to cb, with their sequence,
 * until cb returns 0 or, unless follow, the stream's end as it was at the
 * start.  0, or 1 on an error (said).
 */
int
tail_nats_run(const char *url, const char *name, int64_t since,
    int64_t since_ns, int follow, int (*cb)(uint64_t, const char *, size_t,
    void *), void *arg)
{
	natsConnection		*nc = NULL;
	natsSubscription	*sub = NULL;
	natsMsg			*msg;
	jsCtx			*js = NULL;
	jsStreamInfo		*si = NULL;
	jsMsgMetaData		*meta;
	jsSubOptions		 so;
	jsErrCode		 jerr = 0;
	natsStatus		 s;
	char			*stream, *subject;
	uint64_t		 last = 0, seq;
	int			 rc = 1, more = 1, idle = 0;

	stream = xasprintf("%s_ALERTS", name);
	subject = xasprintf("%s.alert.>", name);
	if ((s = natsConnection_ConnectTo(&nc, url)) != NATS_OK) {
		tail_nats_error(url, s);
		goto out;
	}
	if ((s = natsConnection_JetStream(&js, nc, NULL)) != NATS_OK ||
	    (s = js_GetStreamInfo(&si, js, stream, NULL, &jerr)) != NATS_OK) {
		tail_nats_error(stream, s);
		goto out;
	}
	last = si->State.LastSeq;
	if (since_ns != 0)
		since = (int64_t)tail_nats_seq_at(js, stream, since_ns,
		    si->State.FirstSeq, last) - 1;
	jsStreamInfo_Destroy(si);
	if (!follow && (since < 0 || (uint64_t)since >= last)) {
		rc = 0;
		goto out;
	}
	jsSubOptions_Init(&so);
	so.Stream = stream;
	so.Ordered = true;
	if (since >= 0) {
		so.Config.DeliverPolicy = js_DeliverByStartSequence;
		so.Config.OptStartSeq = (uint64_t)since + 1;
	} else
		so.Config.DeliverPolicy = js_DeliverNew;
	if ((s = js_SubscribeSync(&sub, js, subject, NULL, &so,
	    &jerr)) != NATS_OK) {
		tail_nats_error(subject, s);
		goto out;
	}
	rc = 0;
	while (more) {
		s = natsSubscription_NextMsg(&msg, sub, 1000);
		if (s == NATS_TIMEOUT && !follow && ++idle >= 10) {
			fprintf(stderr, "sanctwatch: %s: no message for 10 s "
			    "before the stream's end (%llu)\n", stream,
			    (unsigned long long)last);
			rc = 1;
			break;
		}
		if (s == NATS_TIMEOUT)
			continue;
		idle = 0;
		if (s != NATS_OK) {
			tail_nats_error(stream, s);
			rc = 1;
			break;
		}
		seq = 0;
		if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
			seq = meta->Sequence.Stream;
			jsMsgMetaData_Destroy(meta);
		}
		more = cb(seq, natsMsg_GetData(msg),
		    (size_t)natsMsg_GetDataLength(msg), arg);
		natsMsg_Destroy(msg);
		if (!follow && seq >= last)
			break;
	}
out:
	natsSubscription_Destroy(sub);
	jsCtx_Destroy(js);
	natsConnection_Destroy(nc);
	free(stream);
	free(subject);
	nats_Close();
	return (rc);
}
