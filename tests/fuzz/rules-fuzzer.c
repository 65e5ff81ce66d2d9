/*
 * libFuzzer harness for rules_load_mem: any input must either load or be
 * refused with located errors ("FILE:LINE:COL: message"), without a crash,
 * a leak or undefined behaviour.  Rules that load are run over a short
 * text naming their countries, through alert_build, and every rule alert
 * must be of kind rule with its spans inside the text.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/core.h"

static const char wl_yaml[] =
    "version: 1\n"
    "entities:\n"
    "  - {id: e1, name: OSOO PROGRESS LIDER, type: organization}\n"
    "countries:\n"
    "  - {code: KG, name: Kyrgyzstan, adjectives: [Kyrgyz]}\n"
    "  - {code: RU, name: Russia, adjectives: [Russian], status: sanctioned}\n";

static const char text[] = "OSOO Progress Lider of Bishkek sold microchips "
    "(HS 8542.31) to Russia.\n\nKyrgyz firms, 854232 and drone parts; "
    "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0.";

static struct watchlist	*wl;
static struct matcher	*m;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag		 d = { 0 };
	struct rules		*r;
	struct document		*doc;
	struct alert		*a;
	struct alert_opts	 opts = { 0.5, 40, NULL };
	size_t			 i, n;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	if (wl == NULL) {
		log_setlevel(LOG_LVL_ERROR);
		if ((wl = watchlist_load_mem("w.yaml", wl_yaml,
		    sizeof wl_yaml - 1, &d)) == NULL)
			abort();
		m = matcher_new(wl);
	}
	r = rules_load_mem("fuzz.yaml", data, size, wl, &d);
	if (r == NULL) {
		if (diag_count(&d) == 0)
			abort();		/* refused without a reason */
		for (i = 0; i < diag_count(&d); i++) {
			if (strncmp(d.msgs.v[i], "fuzz.yaml", 9) != 0)
				abort();
		}
	} else {
		if (diag_count(&d) != 0 || strlen(rules_hash(r)) != 64)
			abort();
		opts.rules = r;
		doc = extract_document("f", "f", FORMAT_TEXT, NULL, text,
		    sizeof text - 1);
		n = alert_build(doc, wl, m, &opts, &a);
		for (i = 0; i < n; i++) {
			if (a[i].kind == PARTY_RULE && (a[i].spans == NULL ||
			    a[i].end > doc->len || a[i].start > a[i].end))
				abort();
		}
		alert_free_array(a, n);
		document_free(doc);
	}
	rules_free(r);
	diag_free(&d);
	return (0);
}
