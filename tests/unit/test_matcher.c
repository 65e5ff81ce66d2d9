/*
 * The skeleton matcher: case-insensitive, word-bounded names and aliases,
 * legal forms at either end, persons in natural order, countries, and the
 * rules that keep a legal form or a piece of a word from matching.
 */
#include <stdlib.h>
#include <string.h>

#include "sanctwatch.h"
#include "unit.h"

static const char wl_yaml[] =
    "version: 1\n"
    "entities:\n"
    "  - id: ofac-44000\n"
    "    name: LLC RM DESIGN AND DEVELOPMENT\n"
    "    type: organization\n"
    "    aliases: [RM DESIGN&DEVELOPMENT]\n"
    "  - id: ofac-44024\n"
    "    name: OSOO PROGRESS LIDER\n"
    "    type: organization\n"
    "    aliases: [PROGRESS LEADER LLC]\n"
    "  - id: ofac-44030\n"
    "    name: OSOO KARGOLAYN\n"
    "    type: organization\n"
    "    aliases: [CARGOLINE LLC]\n"
    "  - id: p1\n"
    "    name: ZHELEZNYAK, Sergei Vladimirovich\n"
    "    type: person\n"
    "    weak_aliases: [SERGEI Z]\n"
    "  - id: lf\n"
    "    name: OOO AO\n"
    "    type: organization\n"
    "  - id: short\n"
    "    name: OOO ABC\n"
    "    type: organization\n"
    "countries:\n"
    "  - code: KG\n"
    "    name: Kyrgyzstan\n"
    "    aliases: [Kyrgyz Republic]\n"
    "    adjectives: [Kyrgyz, Kyrgyzstani]\n";

struct found {
	struct match_hit	 hits[64];
	size_t			 n;
};

static void
collect(const struct match_hit *h, void *arg)
{
	struct found	*f = arg;

	if (f->n < 64)
		f->hits[f->n++] = *h;
}

static struct watchlist *
load(void)
{
	struct diag		 d;
	struct watchlist	*wl;

	memset(&d, 0, sizeof d);
	wl = watchlist_load_mem("test.yaml", wl_yaml, sizeof wl_yaml - 1, &d);
	if (wl == NULL)
		diag_print(&d, stdout);
	diag_free(&d);
	return (wl);
}

/* Scan text; return the hits for entity/country id, best score first. */
static size_t
scan(const char *text, struct found *f)
{
	struct watchlist	*wl = load();
	struct matcher		*m;
	size_t			 n;

	memset(f, 0, sizeof *f);
	if (!CHECK(wl != NULL))
		return (0);
	m = matcher_new(wl);
	n = matcher_scan(m, text, strlen(text), collect, f);
	matcher_free(m);
	watchlist_free(wl);
	return (n);
}

/* Whether the hits include party index i of kind k spanning exactly s. */
static const struct match_hit *
has(const struct found *f, const char *text, enum party_kind k, size_t i,
    const char *s)
{
	size_t	 j;

	for (j = 0; j < f->n; j++) {
		if (f->hits[j].kind == k && f->hits[j].party == i &&
		    f->hits[j].end - f->hits[j].start == strlen(s) &&
		    memcmp(text + f->hits[j].start, s, strlen(s)) == 0)
			return (&f->hits[j]);
	}
	return (NULL);
}

static void
test_legal_forms(void)
{
	const char		*t = "Treasury named Rm Design and Development "
	    "and Progress Leader, and OSOO Kargolayn's partner Cargoline.";
	struct found		 f;
	const struct match_hit	*h;

	scan(t, &f);
	h = has(&f, t, PARTY_ENTITY, 0, "Rm Design and Development");
	if (CHECK(h != NULL)) {
		CHECK_STR(matcher_method_name(h->method), "exact");
		CHECK(h->score > 0.9 && h->score < 1.0);
	}
	h = has(&f, t, PARTY_ENTITY, 1, "Progress Leader");
	if (CHECK(h != NULL))
		CHECK_STR(matcher_method_name(h->method), "alias");
	CHECK(has(&f, t, PARTY_ENTITY, 2, "OSOO Kargolayn") != NULL);
	CHECK(has(&f, t, PARTY_ENTITY, 2, "Cargoline") != NULL);
}

static void
test_full_name_scores_best(void)
{
	const char		*t = "LLC RM DESIGN AND DEVELOPMENT";
	struct found		 f;
	const struct match_hit	*h;

	scan(t, &f);
	h = has(&f, t, PARTY_ENTITY, 0, t);
	if (CHECK(h != NULL))
		CHECK(h->score == 1.0);
}

static void
test_ampersand(void)
{
	const char	*t = "the firm RM Design & Development said";
	struct found	 f;

	scan(t, &f);
	CHECK(has(&f, t, PARTY_ENTITY, 0, "RM Design & Development") != NULL);
}

static void
test_word_bounded(void)
{
	const char	*t = "Cargolines and Progress Leaders and "
	    "XRM Design and Development";
	struct found	 f;

	CHECK_INT(scan(t, &f), 0);
}

static void
test_legal_form_alone(void)
{
	const char	*t = "OOO AO is not a name; OOO and AO and ABC alone, "
	    "but OOO ABC is";
	struct found	 f;

	/* A name made only of legal forms never matches, even in full. */
	scan(t, &f);
	CHECK(has(&f, t, PARTY_ENTITY, 4, "OOO AO") == NULL);
	CHECK(has(&f, t, PARTY_ENTITY, 4, "AO") == NULL);
	CHECK(has(&f, t, PARTY_ENTITY, 4, "OOO") == NULL);
	CHECK(has(&f, t, PARTY_ENTITY, 5, "ABC") == NULL);
	CHECK(has(&f, t, PARTY_ENTITY, 5, "OOO ABC") != NULL);
}

static void
test_person_orders(void)
{
	const char	*t = "Sergei Zheleznyak spoke. Sergei Vladimirovich "
	    "Zheleznyak again. Zheleznyak, Sergei too. ZHELEZNYAK, Sergei "
	    "Vladimirovich listed.";
	struct found	 f;

	scan(t, &f);
	CHECK(has(&f, t, PARTY_ENTITY, 3, "Sergei Zheleznyak") != NULL);
	CHECK(has(&f, t, PARTY_ENTITY, 3,
	    "Sergei Vladimirovich Zheleznyak") != NULL);
	CHECK(has(&f, t, PARTY_ENTITY, 3, "Zheleznyak, Sergei") != NULL);
	CHECK(has(&f, t, PARTY_ENTITY, 3,
	    "ZHELEZNYAK, Sergei Vladimirovich") != NULL);
}

static void
test_weak_alias_method(void)
{
	const char		*t = "only Sergei Z here";
	struct found		 f;
	const struct match_hit	*h;

	scan(t, &f);
	h = has(&f, t, PARTY_ENTITY, 3, "Sergei Z");
	if (CHECK(h != NULL))
		CHECK_STR(matcher_method_name(h->method), "weak-alias");
}

static void
test_countries(void)
{
	const char		*t = "The Kyrgyz Republic, Kyrgyzstan and "
	    "Kyrgyzstani firms.";
	struct found		 f;
	const struct match_hit	*h;

	scan(t, &f);
	h = has(&f, t, PARTY_COUNTRY, 0, "Kyrgyz Republic");
	if (CHECK(h != NULL))
		CHECK_STR(matcher_method_name(h->method), "alias");
	CHECK(has(&f, t, PARTY_COUNTRY, 0, "Kyrgyzstan") != NULL);
	h = has(&f, t, PARTY_COUNTRY, 0, "Kyrgyzstani");
	if (CHECK(h != NULL))
		CHECK_STR(matcher_method_name(h->method), "adjective");
}

static void
test_typography(void)
{
	/* Curly apostrophe, line break inside the name, no-break space. */
	const char	*t = "Cargoline\xe2\x80\x99s trucks; RM Design\nand "
	    "Development;\xc2\xa0Progress\xc2\xa0Leader.";
	struct found	 f;

	scan(t, &f);
	CHECK(has(&f, t, PARTY_ENTITY, 2, "Cargoline") != NULL);
	CHECK(has(&f, t, PARTY_ENTITY, 0, "RM Design\nand Development") !=
	    NULL);
	CHECK(has(&f, t, PARTY_ENTITY, 1, "Progress\xc2\xa0Leader") != NULL);
}

static void
test_long_text_chunks(void)
{
	struct watchlist	*wl = load();
	struct matcher		*m;
	struct found		 f;
	char			*t;
	size_t			 len = 300000, i, n;

	if (!CHECK(wl != NULL))
		return;
	/* Mentions across the tokenizer's chunk boundaries are all found. */
	t = xmalloc(len + 1);
	for (i = 0; i < len; i++)
		t[i] = i % 2 ? ' ' : 'a';
	memcpy(t + 8190, "Progress Leader", 15);
	memcpy(t + len - 16, "Cargoline", 9);
	t[len] = '\0';
	memset(&f, 0, sizeof f);
	m = matcher_new(wl);
	n = matcher_scan(m, t, len, collect, &f);
	CHECK_INT(n, 2);
	CHECK(has(&f, t, PARTY_ENTITY, 1, "Progress Leader") != NULL);
	CHECK(has(&f, t, PARTY_ENTITY, 2, "Cargoline") != NULL);
	matcher_free(m);
	watchlist_free(wl);
	free(t);
}

static void
test_tokens(void)
{
	struct token	 t[8];
	const char	*s = "  Kyrgyz-Republic\xe2\x80\x94\xd0\x9e\xd1\x81"
	    "OO &x";
	size_t		 pos = 0, n;

	n = normalize_tokens(s, strlen(s), &pos, t, 8);
	CHECK_INT(n, 5);
	CHECK_INT(t[0].start, 2);
	CHECK_INT(t[0].end, 8);
	CHECK_INT(t[2].flen, 6);	/* Cyrillic "Ос" and "OO" */
	CHECK_INT(t[3].end - t[3].start, 1);	/* '&' */
	CHECK_INT(pos, strlen(s));
}

UNIT_SUITE(matcher,
	{ "legal-forms", test_legal_forms },
	{ "full-name-scores-best", test_full_name_scores_best },
	{ "ampersand", test_ampersand },
	{ "word-bounded", test_word_bounded },
	{ "legal-form-alone", test_legal_form_alone },
	{ "person-orders", test_person_orders },
	{ "weak-alias-method", test_weak_alias_method },
	{ "countries", test_countries },
	{ "typography", test_typography },
	{ "long-text-chunks", test_long_text_chunks },
	{ "tokens", test_tokens },
)
