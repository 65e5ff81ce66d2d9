/*
 * Fuzz the matcher's input: any text, scanned against a small watchlist,
 * must produce hits inside the text, on UTF-8 boundaries the extractor
 * guarantees, and alerts that encode as JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sanctwatch.h"

static const char wl_yaml[] =
    "version: 1\n"
    "entities:\n"
    "  - {id: a, name: LLC RM DESIGN AND DEVELOPMENT, type: organization,\n"
    "     aliases: [RM DESIGN&DEVELOPMENT]}\n"
    "  - {id: b, name: OSOO PROGRESS LIDER, aliases: [PROGRESS LEADER LLC],\n"
    "     weak_aliases: [PL]}\n"
    "  - {id: c, name: 'ZHELEZNYAK, Sergei Vladimirovich', type: person}\n"
    "  - {id: d, name: \"\\u041e\\u0441\\u041e\\u041e \\u041f\\u0440\\u043e\"}\n"
    "countries:\n"
    "  - {code: KG, name: Kyrgyzstan, adjectives: [Kyrgyz]}\n"
    "  - {code: RU, name: Russia, status: sanctioned}\n";

static struct watchlist	*wl;
static struct matcher	*m;

static void
check_hit(const struct match_hit *h, void *arg)
{
	const struct document	*d = arg;

	if (h->start >= h->end || h->end > d->len || h->score < 0 ||
	    h->score > 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag		 diag;
	struct document		*d;
	struct alert		*alerts;
	struct alert_opts	 opts = { 0.0, 50 };
	size_t			 n, i;
	char			*s;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	if (wl == NULL) {
		memset(&diag, 0, sizeof diag);
		wl = watchlist_load_mem("fuzz.yaml", wl_yaml,
		    sizeof wl_yaml - 1, &diag);
		if (wl == NULL)
			abort();
		diag_free(&diag);
		m = matcher_new(wl);
	}
	d = extract_document("fuzz", "fuzz://", FORMAT_TEXT, NULL,
	    (const char *)data, size);
	matcher_scan(m, d->text, d->len, check_hit, d);
	n = alert_build(d, wl, m, &opts, &alerts);
	for (i = 0; i < n; i++) {
		s = alert_json(&alerts[i], 1);
		free(s);
	}
	alert_free_array(alerts, n);
	document_free(d);
	return (0);
}
