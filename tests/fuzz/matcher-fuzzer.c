/*
 * Fuzz the matcher's input: any text, scanned against a small watchlist
 * (legal forms, persons, two of one family, weak aliases, Cyrillic,
 * spelling variants, names
 * of everyday words that text in capitals cannot tell), must
 * produce hits inside the text with valid parties, methods and scores, the
 * same hits twice, and alerts that encode as JSON.  The raw bytes (invalid
 * UTF-8, NUL bytes) are scanned as well as the extracted text.  The tokens
 * of the raw bytes, which take the tokenizer's fast path when there are 80
 * or more, must each be what the byte-at-a-time path makes of their bytes
 * alone.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/core.h"

static const char wl_yaml[] =
    "version: 1\n"
    "entities:\n"
    "  - {id: a, name: LLC RM DESIGN AND DEVELOPMENT, type: organization,\n"
    "     aliases: [RM DESIGN&DEVELOPMENT]}\n"
    "  - {id: b, name: OSOO PROGRESS LIDER, aliases: [PROGRESS LEADER LLC],\n"
    "     weak_aliases: [PL]}\n"
    "  - {id: c, name: 'ZHELEZNYAK, Sergei Vladimirovich', type: person,\n"
    "     born: ['1970-07-30', 1972/1974]}\n"
    "  - {id: d, name: \"\\u041e\\u0441\\u041e\\u041e \\u041f\\u0440\\u043e\"}\n"
    "  - {id: e, name: 'JAPAROV, Sadyr', type: person, weak_aliases: [SJ],\n"
    "     born: [2001-12]}\n"
    "  - {id: p, name: 'JAPAROV, Kamchy Nurlan', type: person}\n"
    "  - {id: f, name: ZAO GTME TEKHNOLOGII}\n"
    "  - {id: g, name: M\\u00dcLLER XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
    "XXXXXXXXXXXXXXXXXXXXXXXXX}\n"
    "  - {id: h, name: OOO}\n"
    "  - {id: i, name: GOOD RUN LIMITED, aliases: [BAIKAL]}\n"
    "  - {id: j, name: 'OO, Than', type: person}\n"
    "  - {id: k, name: ARTAVIL, type: vessel, aliases: [JUPITER],\n"
    "     imo: ['9187629', '5342883']}\n"
    "  - {id: l, name: APAMA, type: vessel, imo: ['9187629']}\n"
    "  - {id: m, name: OSOO KARGOLAYN, registrations: ['Tax ID "
    "02503202210145',\n"
    "     'OGRN 1027700132195', 'INN 02503202210145']}\n"
    "  - {id: n, name: NATIONAL IRANIAN OIL COMPANY, type: organization}\n"
    "  - {id: q, name: HIZBALLAH, type: organization,\n"
    "     aliases: [ISLAMIC JIHAD]}\n"
    "  - {id: r, name: EGYPTIAN ISLAMIC JIHAD, type: organization,\n"
    "     aliases: [ISLAMIC JIHAD OF PALESTINE, PRECISION IMPORT/EXPORT CO]}\n"
    "  - {id: o, name: DAVID WONG, type: other,\n"
    "     aliases: [SINO INTL TRADING CO LTD, YUGANSKNEFTEGAZ]}\n"
    "countries:\n"
    "  - {code: KG, name: Kyrgyzstan, adjectives: [Kyrgyz]}\n"
    "  - {code: RU, name: Russia, status: sanctioned}\n";

static struct watchlist	*wl;
static struct matcher	*m;

struct fuzz_scan {
	size_t		 len;
	size_t		 hits;
	size_t		 last_tok;
};

/*
 * A hit inside the text, of a party and method there are, in order of its
 * first token (matcher_scan: a nicknamed person's hit starts before the
 * nickname's, so not always of its start).
 */
static void
check_hit(const struct match_hit *h, void *arg)
{
	struct fuzz_scan	*fs = arg;

	if (h->start >= h->end || h->end > fs->len || h->score < 0 ||
	    h->score > 1 || h->tok < fs->last_tok || h->tok >= h->tok_end)
		abort();
	if (h->kind == PARTY_ENTITY ? h->party >= wl->nentities :
	    h->party >= wl->ncountries)
		abort();
	if (strcmp(matcher_method_name(h->method), "unknown") == 0)
		abort();
	fs->last_tok = h->tok;
	fs->hits++;
}

/* Scan text twice; abort unless both scans agree. */
static void
fuzz_scan(const char *text, size_t len)
{
	struct fuzz_scan	 a = { len, 0, 0 }, b = { len, 0, 0 };
	size_t			 n;

	n = matcher_scan(m, text, len, check_hit, &a);
	if (n != a.hits)
		abort();
	matcher_scan(m, text, len, check_hit, &b);
	if (a.hits != b.hits)
		abort();
}

/* Abort unless every token of text agrees with its bytes cut alone. */
static void
fuzz_tokens(const char *text, size_t len)
{
	struct token	 t[64], r[2];
	size_t		 pos = 0, n, i, rpos;

	while ((n = normalize_tokens(text, len, &pos, t, 64)) > 0) {
		for (i = 0; i < n; i++) {
			if (t[i].start >= t[i].end || t[i].end > pos)
				abort();
			rpos = 0;
			if (normalize_tokens_bytewise(text + t[i].start,
			    t[i].end - t[i].start, &rpos, r, 2) != 1 ||
			    r[0].hash != t[i].hash || r[0].skel != t[i].skel ||
			    r[0].flen != t[i].flen ||
			    r[0].flags != t[i].flags ||
			    r[0].end != t[i].end - t[i].start)
				abort();
		}
	}
	if (pos != len)
		abort();
}

/* Abort unless the fast path cuts text as the byte-at-a-time path does. */
static void
fuzz_stream(const char *text, size_t len)
{
	struct token	 a[64], b[64];
	size_t		 pa = 0, pb = 0, na, nb, i;

	do {
		na = normalize_tokens(text, len, &pa, a, 64);
		nb = normalize_tokens_bytewise(text, len, &pb, b, 64);
		if (na != nb || pa != pb)
			abort();
		for (i = 0; i < na; i++) {
			if (a[i].hash != b[i].hash || a[i].skel != b[i].skel ||
			    a[i].start != b[i].start || a[i].end != b[i].end ||
			    a[i].flen != b[i].flen || a[i].flags != b[i].flags)
				abort();
		}
	} while (na > 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag		 diag;
	struct document		*d;
	struct alert		*alerts;
	struct alert_opts	 opts = { 0.0, 50, NULL };
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
		log_setlevel(LOG_LVL_ERROR);	/* "OOO" is only a legal form */
		m = matcher_new(wl);
	}
	d = extract_document("fuzz", "fuzz://", FORMAT_TEXT, NULL,
	    (const char *)data, size);
	fuzz_scan(d->text, d->len);
	fuzz_scan((const char *)data, size);
	fuzz_tokens((const char *)data, size);
	fuzz_stream((const char *)data, size);
	n = alert_build(d, wl, m, &opts, &alerts);
	for (i = 0; i < n; i++) {
		s = alert_json(&alerts[i], 1);
		free(s);
	}
	alert_free_array(alerts, n);
	document_free(d);
	return (0);
}
