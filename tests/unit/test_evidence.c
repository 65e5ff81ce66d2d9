/*
 * The evidence of the text around a match (evidence.c, matcher.c): names
 * written as names, names inside longer ones, numbers that end, sentence
 * breaks, common names, everyday words, a firm's one word left, and what
 * corroborates them (countries, a party of the same program, sanctions
 * words).  Each case scans one text and checks the score of one party's
 * alert (min_score 0, so weak ones show).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "unit.h"

static const char wl_yaml[] =
    "version: 1\n"
    "entities:\n"
    "  - {id: said, name: \"SAID, Khan\", type: person}\n"
    "  - {id: drake, name: DRAKE TRADING, type: organization}\n"
    "  - {id: ibank, name: ZHONGYUAN BANK, type: organization}\n"
    "  - {id: victory, name: VICTORY 2, type: organization}\n"
    "  - {id: kargo, name: KARGOLAYN TRANSIT, type: organization}\n"
    "  - {id: mod, name: MINISTRY OF DEFENCE, type: organization, "
    "countries: [SY]}\n"
    "  - {id: lottery, name: NATIONAL LOTTERY AD, type: organization, "
    "countries: [BG]}\n"
    "  - {id: rmd, name: LLC RM DESIGN AND DEVELOPMENT, "
    "type: organization}\n"
    "  - {id: taylor, name: \"TAYLOR, Mark John\", type: person, "
    "countries: [LR]}\n"
    "  - {id: torres, name: \"TORRES GONZALEZ, Fernando\", type: person, "
    "countries: [CO], programs: [SDNT]}\n"
    "  - {id: timchenko, name: \"TIMCHENKO, Gennadiy Nikolayevich\", "
    "type: person, countries: [RU]}\n"
    "  - {id: novastream, name: NOVASTREAM LIMITED, type: organization, "
    "countries: [GB], programs: [IRAN]}\n"
    "  - {id: khalid, name: \"KHALID, Rasheed\", type: person, "
    "countries: [IR], programs: [IRAN]}\n"
    "  - {id: jibouri, name: \"MUSTAFA, Mohammed\", type: person, "
    "countries: [IQ]}\n"
    "  - {id: sepehr, name: SEPEHR ENERGY JAHAN NAMA PARS COMPANY, "
    "type: organization, countries: [IR], programs: [IRAN]}\n"
    "  - {id: ghani, name: \"AHMAD AL-JALAHMAH, Jaber\", type: person, "
    "aliases: [ABDUL-GHANI], countries: [KW]}\n"
    "  - {id: padrino, name: \"PADRINO LOPEZ, Vladimir\", type: person}\n"
    "  - {id: garcia, name: \"GARCIA LOPEZ, Jose\", type: person}\n"
    "  - {id: fanyang, name: \"FAN, Yang\", type: person, "
    "countries: [CN], programs: [NPWMD]}\n"
    "  - {id: milosevic, name: \"MILOSEVIC, Slobodan\", type: person}\n"
    "  - {id: tpe, name: TEKHNOPROMEKSPORT OAO, type: organization, "
    "countries: [RU]}\n";

/* The score of party id's alert in text, or -1 if it has none. */
static double
score_of(const char *text, const char *id)
{
	struct diag		 d = { 0 };
	struct watchlist	*wl;
	struct matcher		*m;
	struct document		*doc;
	struct alert		*a;
	struct alert_opts	 o = { 0.0, 40, NULL };
	double			 best = -1;
	size_t			 n, i;

	log_setlevel(LOG_LVL_ERROR);
	wl = watchlist_load_mem("e.yaml", wl_yaml, sizeof wl_yaml - 1, &d);
	diag_free(&d);
	if (!CHECK(wl != NULL))
		return (-1);
	m = matcher_new(wl);
	doc = extract_document("s", "u", FORMAT_TEXT, NULL, text,
	    strlen(text));
	n = alert_build(doc, wl, m, &o, &a);
	for (i = 0; i < n; i++) {
		if (strcmp(a[i].party_id, id) == 0)
			best = a[i].score;
	}
	alert_free_array(a, n);
	document_free(doc);
	matcher_free(m);
	watchlist_free(wl);
	return (best);
}

/* One case: text, party, and the bounds of its score (-1: no match). */
struct ecase {
	const char	*text;
	const char	*id;
	double		 min, max;
};

/* Check each case against its bounds. */
static void
check_cases(const struct ecase *c, size_t n)
{
	double		 sc;
	size_t		 i;

	for (i = 0; i < n; i++) {
		sc = score_of(c[i].text, c[i].id);
		if (!CHECK(sc >= c[i].min && sc <= c[i].max))
			printf("#   %s in \"%s\": %.2f, want %.2f-%.2f\n",
			    c[i].id, c[i].text, sc, c[i].min, c[i].max);
	}
}

/* A name matches only where the text writes it as a name. */
static void
test_written_as_name(void)
{
	static const struct ecase	 c[] = {
		{ "Khan Said spoke in Kabul.", "said", 0.8, 1 },
		{ "Officials, Khan said, left.", "said", -1, -1 },
		{ "The report said Khan was absent.", "said", -1, -1 },
		{ "RM Design and Development shipped.", "rmd", 0.9, 1 },
		{ "RM Design. And Development followed.", "rmd", -1, -1 },
		{ "RM Design (and Development) met.", "rmd", -1, -1 },
		{ "RM Design\nand Development met.", "rmd", 0.9, 1 },
		{ "RM Design\n\nand Development met.", "rmd", -1, -1 },
	};

	check_cases(c, nitems(c));
}

/* A name that ends with a number ends where the number does. */
static void
test_numbers_end(void)
{
	static const struct ecase	 c[] = {
		{ "Victory 2 was named by OFAC.", "victory", 0.9, 1 },
		{ "Victory 2 was named.", "victory", 0, 0.79 },
		{ "Victory 2-1 at home.", "victory", -1, -1 },
		{ "Victory 2.5 per cent.", "victory", -1, -1 },
		{ "Victory 2% higher.", "victory", -1, -1 },
	};

	check_cases(c, nitems(c));
}

/* Inside a longer name, a name is weak; beside a title or country, not. */
static void
test_longer_names(void)
{
	static const struct ecase	 c[] = {
		{ "Zhongyuan Bank said profits rose.", "ibank", 0.9, 1 },
		{ "Zhongyuan Bank of Korea said profits rose.", "ibank", 0,
		    0.79 },
		{ "Vera Drake Trading opened.", "drake", 0, 0.79 },
		{ "Mr Drake Trading opened.", "drake", 0.9, 1 },
		{ "The Kyrgyz firm Kargolayn Transit Logistics grew.", "kargo",
		    0, 0.79 },
		{ "Kyrgyz Kargolayn Transit grew.", "kargo", 0.9, 1 },
		/* A former state is a place: "President X of Yugoslavia". */
		{ "A court indicted President Slobodan Milosevic of "
		    "Yugoslavia.", "milosevic", 0.9, 1 },
		{ "A court indicted President Slobodan Milosevic of "
		    "Westphalia.", "milosevic", 0, 0.79 },
	};

	check_cases(c, nitems(c));
}

/*
 * A name of everyday words needs its party's country in the text, or
 * sanctions words, even cut from its legal form; written with the form, it
 * needs none.
 */
static void
test_everyday_words(void)
{
	static const struct ecase	 c[] = {
		{ "The Ministry of Defence cut spending.", "mod", 0, 0.79 },
		{ "The Ministry of Defence in Damascus bought parts; Syria "
		    "denied it.", "mod", 0.9, 1 },
		{ "Sales at the National Lottery fell.", "lottery", 0, 0.79 },
		{ "National Lottery funding rose.", "lottery", 0, 0.79 },
		/* A former state's name is its continuing state's. */
		{ "The trade body Tekhnopromeksport signed a contract.", "tpe",
		    0, 0.79 },
		{ "The Soviet trade body Tekhnopromeksport signed a contract.",
		    "tpe", 0.9, 1 },
		{ "The West German trade body Tekhnopromeksport signed.",
		    "tpe", 0, 0.79 },
		{ "National Lottery AD of Sofia was named.", "lottery", 0.9,
		    1 },
		{ "Winners of the National Lottery in Bulgaria were named.",
		    "lottery", 0.9, 1 },
		{ "Sanctions hit the National Lottery, an embargo too.",
		    "lottery", 0.9, 1 },
		/* Words and names end at a dash or a quote that is no ASCII. */
		{ "The Ministry of Defence in Damascus bought parts; Syria\xe2\x80\x99s "
		    "army denied it.", "mod", 0.9, 1 },
		{ "The \xe2\x80\x9csanctions\xe2\x80\x9d hit the National Lottery.",
		    "lottery", 0.9, 1 },
	};

	check_cases(c, nitems(c));
}

/*
 * A person's name made only of names that many people bear (census tables
 * of many countries) is weak alone; one rare name makes it strong.  The
 * party's country corroborates it where a title or office stands right
 * before it (a public figure: "Former minister Mark Taylor"), not
 * otherwise (anyone: "Mark Taylor was arrested in Monrovia"), and never a
 * given name with half a double surname, both census names, nor one Arabic
 * name in two words ("Abdul Ghani", "Abu Bakr", however rare the word):
 * the country's own news is full of them.  A double surname alone is
 * strong unless both are census names.
 */
static void
test_common_person_names(void)
{
	static const struct ecase	 c[] = {
		{ "Mark Taylor scored twice for the visitors.", "taylor", 0,
		    0.79 },
		{ "Fernando Torres headed the winner.", "torres", 0, 0.79 },
		{ "Fernando Torres was arrested in Bogota, Colombia.",
		    "torres", 0, 0.79 },
		{ "Fernando Torres, sanctioned by OFAC, was arrested.",
		    "torres", 0.85, 1 },
		{ "Mark Taylor was arrested in Monrovia, Liberia.", "taylor",
		    0, 0.79 },
		{ "Former minister Mark Taylor was arrested in Monrovia, "
		    "Liberia.", "taylor", 0.85, 1 },
		{ "Gennadiy Timchenko declined to comment.", "timchenko", 0.85,
		    1 },
		{ "Mohammed Mustafa al-Jibouri welcomed the move.", "jibouri",
		    -1, 0.79 },
		{ "Padrino Lopez was named.", "padrino", 0.85, 1 },
		{ "Abdul Ghani flew to Kabul.", "ghani", 0, 0.79 },
		{ "Abdul Ghani flew home to Kuwait.", "ghani", 0, 0.79 },
		{ "Abdul Ghani, designated by the Treasury, flew home to "
		    "Kuwait.", "ghani", 0.85, 1 },
		{ "Garcia Lopez was extradited.", "garcia", 0, 0.79 },
		/* Chinese names as the pinyin tables give them. */
		{ "Yang Fan came on as a substitute.", "fanyang", 0, 0.79 },
		{ "Yang Fan, sanctioned by OFAC, sold the parts.", "fanyang",
		    0.85, 1 },
	};

	check_cases(c, nitems(c));
}

/*
 * A firm's name that is one word once its legal form is left out is weak
 * alone ("Novastream" is also a web radio); the form or a word for a firm
 * beside it, a country, a party of its program or sanctions words give it
 * back.  So is a long firm's first two words ("Sepehr Energy"), its
 * parent's name as often, which its country does not give back.
 */
static void
test_bare_firm_word(void)
{
	static const struct ecase	 c[] = {
		{ "Listeners of Novastream heard the show.", "novastream", 0,
		    0.79 },
		{ "Novastream Ltd filed its accounts.", "novastream", 0.9, 1 },
		{ "The company Novastream filed its accounts.", "novastream",
		    0.9, 1 },
		{ "Novastream moved offices within Britain.", "novastream", 0.9,
		    1 },
		{ "Novastream was sanctioned; OFAC named it.", "novastream",
		    0.9, 1 },
		{ "Novastream and Rasheed Khalid of Tehran were named.",
		    "novastream", 0.9, 1 },
		{ "Novastream was designated.", "novastream", 0, 0.79 },
		{ "Sepehr Energy shipped oil from Iran.", "sepehr", 0, 0.79 },
		{ "Sepehr Energy, sanctioned by OFAC, shipped oil.", "sepehr",
		    0.8, 1 },
		{ "\xd0\x9a\xd0\xbe\xd0\xbc\xd0\xbf\xd0\xb0\xd0\xbd\xd0\xb8\xd1\x8f Novastream "
		    "\xd0\xbf\xd0\xbe\xd0\xbf\xd0\xb0\xd0\xbb\xd0\xb0 \xd0\xbf\xd0\xbe\xd0\xb4 "
		    "\xd1\x81\xd0\xb0\xd0\xbd\xd0\xba\xd1\x86\xd0\xb8\xd0\xb8.", "novastream", 0.9,
		    1 },
		{ "\xd0\x9a\xd0\xbe\xd0\xbc\xd0\xbf\xd0\xb0\xd0\xbd\xd0\xb8\xd1\x8f Novastream "
		    "\xd0\xbf\xd0\xbe\xd0\xbf\xd0\xb0\xd0\xbb\xd0\xb0 \xd0\xbf\xd0\xbe\xd0\xb4 "
		    "\xc2\xab\xd1\x81\xd0\xb0\xd0\xbd\xd0\xba\xd1\x86\xd0\xb8\xd0\xb8\xc2\xbb.",
		    "novastream", 0.9, 1 },
		{ "Novastream moved offices within Britain\xe2\x80\x94quietly.",
		    "novastream", 0.9, 1 },
	};

	check_cases(c, nitems(c));
}

/* The countries a text names, found in one pass. */
static void
test_country_scan(void)
{
	static const char	 t[] = "Officials in North Korea, two Iraqi "
	    "firms, Venezuela's oil; the korean and kuwait pages; Omani.";
	uint64_t		 set[COUNTRY_SET];

	country_scan(t, sizeof t - 1, set);
	CHECK(country_set_has(set, "KP"));
	CHECK(country_set_has(set, "IQ"));
	CHECK(country_set_has(set, "VE"));
	CHECK(country_set_has(set, "OM"));
	CHECK(!country_set_has(set, "KW"));	/* lower case */
	CHECK(!country_set_has(set, "KR"));
	CHECK(!country_set_has(set, "US"));
	CHECK(!country_set_has(set, "zz"));
}

/*
 * A capital city or a seat of government names its country in a text
 * ("TEHRAN, March 3", "the Kremlin", "Abu Dhabi"), but is no country to
 * the importers, which read a list's country fields (country_lookup); a
 * capital as often a person's name ("Sofia") names none.
 */
static void
test_country_places(void)
{
	static const struct {
		const char	*text;
		const char	*code;		/* NULL: none */
	} c[] = {
		{ "TEHRAN, March 3 - Officials said on Tuesday", "IR" },
		{ "the Kremlin said", "RU" },
		{ "talks in Abu Dhabi ended", "AE" },
		{ "a dateline of PYONGYANG", "KP" },
		{ "Sofia Coppola said", NULL },
		{ "the tehran office", NULL },		/* lower case */
	};
	uint64_t	 set[COUNTRY_SET];
	size_t		 i;

	for (i = 0; i < nitems(c); i++) {
		country_scan(c[i].text, strlen(c[i].text), set);
		if (c[i].code != NULL &&
		    !CHECK(country_set_has(set, c[i].code)))
			printf("#   %s in \"%s\"\n", c[i].code, c[i].text);
		if (c[i].code == NULL && !CHECK(memcmp(set,
		    (uint64_t[COUNTRY_SET]){ 0 }, sizeof set) == 0))
			printf("#   none in \"%s\"\n", c[i].text);
	}
	CHECK(country_lookup("Tehran") == NULL);
	CHECK(country_lookup("Kremlin") == NULL);
	CHECK(country_lookup("Iran") != NULL);
}

/*
 * A country's name ends and starts at a character that is no letter,
 * mark or digit, ASCII or not: a dash, a quote, a no-break space, a
 * guillemet; not at a letter with an accent or a Cyrillic one.
 */
static void
test_country_scan_unicode_bounds(void)
{
	static const struct {
		const char	*text;
		const char	*yes, *no;
	} c[] = {
		{ "the Russia\xe2\x80\x93Ukraine war", "RU", NULL },
		{ "the Russia\xe2\x80\x93Ukraine war", "UA", NULL },
		{ "Iran\xe2\x80\x99s nuclear talks", "IR", NULL },
		{ "exports to\xc2\xa0" "China\xe2\x80\x94" "and more", "CN",
		    NULL },
		{ "\xc2\xabRussia\xc2\xbb", "RU", NULL },
		{ "\xe2\x80\x9cSyria\xe2\x80\x9d", "SY", NULL },
		{ "Iraq\xc3\xa9 said", NULL, "IQ" },
		{ "\xc3\xa9Iraq said", NULL, "IQ" },
		{ "\xd0\xb4Iraq said", NULL, "IQ" },
		{ "Iraq\xcc\x81 said", NULL, "IQ" },	/* a combining accent */
	};
	uint64_t	 set[COUNTRY_SET];
	size_t		 i;

	for (i = 0; i < nitems(c); i++) {
		country_scan(c[i].text, strlen(c[i].text), set);
		if (c[i].yes != NULL && !CHECK(country_set_has(set, c[i].yes)))
			printf("#   %s in \"%s\"\n", c[i].yes, c[i].text);
		if (c[i].no != NULL && !CHECK(!country_set_has(set, c[i].no)))
			printf("#   no %s in \"%s\"\n", c[i].no, c[i].text);
	}
}

/*
 * The filter of first words (16 bytes read at a time) turns away only what
 * the whole lookup would: each word gives the same set at the end of a
 * text (too near the end to be filtered) as followed by more text.
 */
static void
test_country_scan_filter(void)
{
	static const struct {
		const char	*word;
		const char	*code;		/* NULL: none */
	} w[] = {
		{ "IRAQ", "IQ" }, { "Iraq2", NULL }, { "Iraq\xc3\xa9", NULL },
		{ "Iraqi", "IQ" }, { "Iraqs", NULL }, { "Saudi Arabian", "SA" },
		{ "United States", "US" }, { "Unitedstatesofamerica", NULL },
		{ "Bosnia-Herzegovina", "BA" }, { "Uk", "GB" }, { "U", NULL },
		{ "North", NULL }, { "North Korean", "KP" },
	};
	uint64_t	 end[COUNTRY_SET], mid[COUNTRY_SET];
	char		 buf[128];
	size_t		 i, n, bad = 0;

	for (i = 0; i < nitems(w); i++) {
		n = (size_t)snprintf(buf, sizeof buf, "in %s", w[i].word);
		country_scan(buf, n, end);
		n = (size_t)snprintf(buf, sizeof buf, "in %s and then some "
		    "more words of text.", w[i].word);
		country_scan(buf, n, mid);
		bad += memcmp(end, mid, sizeof end) != 0;
		bad += w[i].code == NULL ? memcmp(end, (uint64_t[COUNTRY_SET]){
		    0 }, sizeof end) != 0 : !country_set_has(end, w[i].code);
	}
	CHECK_INT(bad, 0);
}

/*
 * The set made from the tokens (country_tokens, as alert_build makes it
 * during the matcher's scan) is country_scan's, and so is the set made by
 * walking the bytes before some token and taking the tokens from it on
 * (a long text, from the chunk after its first hit), and so are the counts
 * (country_count) made those ways, on random texts of names and adjectives
 * in every case, beside digits, hyphens, apostrophes straight and curly,
 * non-breaking spaces, accents and a word longer than any token's folded
 * buffer.
 */
static void
test_country_tokens(void)
{
	static const char *const bits[] = {
		"Iraq", "IRAQI", "iraq", "North Korea", "North", "Korean",
		"United States", "United Kingdom of Great Britain", "Uk", "US",
		"Saudi Arabian", "Bosnia-Herzegovina", "Iran", "Omani", "AIraq",
		"Iraq2", "Iraq\xc3\xa9", "C\xc3\xb4te d'Ivoire", "d\xe2\x80\x99Iran",
		"Russia\xe2\x80\x93Ukraine", "Iran\xe2\x80\x99s", "\xc2\xab",
		"\xc2\xad", "\xe2\x80\x8b",	/* ignorables join words */
		"\xc2\xa0Iran", "Iran\xc2\xa0", " ", " ", ", ", ". ", "-", "'",
		"& ", "the", "The", "The Gambia", "THE BAHAMAS", "New", "New Zealand",
		"South", "South  Korea", "Korea", "Officials", "Tehran",
		"TEHRAN", "Abu Dhabi", "Abu", "Kremlin", "2024", "\xd0\x98\xd1\x80\xd0\xb0\xd0\xbd",
		"Iranaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaa Iran",
	};
	struct token	 t[1024];
	uint64_t	 a[COUNTRY_SET], b[COUNTRY_SET];
	unsigned	 cnt[COUNTRY_CODES], tcnt[COUNTRY_CODES];
	char		 buf[1200];
	size_t		 i, k, c, n, m, pos, bad = 0, some = 0;
	unsigned	 seed = 11;

	for (i = 0; i < 400; i++) {
		for (n = 0; n < i * 2;) {
			seed = seed * 1103515245u + 12345u;
			k = (seed >> 16) % nitems(bits);
			memcpy(buf + n, bits[k], strlen(bits[k]));
			n += strlen(bits[k]);
		}
		country_scan(buf, n, a);
		country_count(buf, n, cnt);
		for (c = 0; c < COUNTRY_CODES; c++)
			bad += (cnt[c] > 0) != ((a[c / 64] >> (c % 64)) & 1);
		memset(b, 0, sizeof b);
		pos = 0;
		m = normalize_tokens(buf, n, &pos, t, nitems(t));
		CHECK(pos == n);
		country_tokens(buf, n, t, 0, m, m, b, NULL);
		bad += memcmp(a, b, sizeof a) != 0;
		/* The bytes before a token walked, the tokens from it on. */
		k = m > 0 ? seed % m : 0;
		memset(b, 0, sizeof b);
		memset(tcnt, 0, sizeof tcnt);
		country_scan_part(buf, n, m > 0 ? t[k].start : 0, b);
		country_count_part(buf, n, m > 0 ? t[k].start : 0, tcnt);
		country_tokens(buf, n, t, k, m, m, b, tcnt);
		bad += memcmp(a, b, sizeof a) != 0;
		bad += memcmp(cnt, tcnt, sizeof cnt) != 0;
		some += memcmp(a, (uint64_t[COUNTRY_SET]){ 0 }, sizeof a) != 0;
	}
	CHECK_INT(bad, 0);
	CHECK(some > 300);
}

/*
 * How often a text names each country: once per name or adjective where it
 * stands, at every offset of the text (the capitals are found eight bytes
 * at a time), and not inside a word or in lower case.
 */
static void
test_country_count(void)
{
	static const char	 t[] = "Syria's oil; SYRIAN crude, Syrian "
	    "ports and Iranian tankers; North Korea; xSyria syria Syria";
	unsigned		 cnt[COUNTRY_CODES];
	char			 buf[128];
	size_t			 pad, k, total, bad = 0;

	for (pad = 0; pad < 17; pad++) {
		memset(buf, '.', pad);
		memcpy(buf + pad, t, sizeof t);
		country_count(buf, pad + sizeof t - 1, cnt);
		for (k = 0, total = 0; k < COUNTRY_CODES; k++)
			total += cnt[k];
		bad += cnt[country_index("SY")] != 4 ||
		    cnt[country_index("IR")] != 1 ||
		    cnt[country_index("KP")] != 1 || total != 6;
	}
	CHECK_INT(bad, 0);
}

/*
 * The capitals are found eight bytes at a time: a name falls at every
 * offset of a word, at the very start and at the very end of the text, and
 * the set is the same; inside a word ("AIraq") or after a digit it is none.
 */
static void
test_country_scan_offsets(void)
{
	static const char	 t[] = "Iraq; Omani ships, North Korea";
	uint64_t		 set[COUNTRY_SET];
	char			 buf[64];
	size_t			 pad, bad = 0;

	for (pad = 0; pad < 17; pad++) {
		memset(buf, '.', pad);
		memcpy(buf + pad, t, sizeof t);
		country_scan(buf, pad + sizeof t - 1, set);
		bad += !country_set_has(set, "IQ") || !country_set_has(set,
		    "OM") || !country_set_has(set, "KP");
		memcpy(buf + pad, "xIraq 9Iraq Iraqx", 18);
		country_scan(buf, pad + 17, set);
		bad += country_set_has(set, "IQ");
	}
	CHECK_INT(bad, 0);
}

/*
 * The given names after words of kinship (kin_names): one, or several
 * joined by commas and "and", with "al-" inside; not one a surname
 * follows, nor one in capitals, nor a word of kinship inside another.
 * And a hit's surname (kin_surname): as many words from its end as the
 * listed name has before its comma.
 */
static void
test_kin_given_names(void)
{
	static const struct {
		const char	*text;
		const char	*names;		/* each given name, then "|" */
	} c[] = {
		{ "his son Bashar, who", "Bashar|" },
		{ "two of his young sons, Khamis and Saif al-Arab, had",
		    "Khamis|Saif al-Arab|" },
		{ "their wives, Raghad and Rana, the President's eldest",
		    "Raghad|Rana|" },
		{ "his younger brother Qusay , who commands", "Qusay|" },
		{ "his eldest son, Uday.", "Uday|" },
		{ "his son Ahmed Khan said", "" },
		{ "HIS SON UDAY WAS HURT", "" },
		{ "Johnson Sonny said", "" },
		{ "the sons of Kim", "" },
		{ "his wife & Asma", "" },
		{ "his son-in-law Hussein Kamel", "" },
		{ "his half-brother Tareq, and", "Tareq|" },
		{ "his son B", "" },
		{ "son", "" },
	};
	struct kin_name	 g[4];
	struct match_hit h;
	char		 got[128];
	const char	*s;
	size_t		 i, k, n, from, to;

	for (i = 0; i < nitems(c); i++) {
		n = kin_names(c[i].text, strlen(c[i].text), 0,
		    strlen(c[i].text), g, nitems(g));
		got[0] = '\0';
		for (k = 0; k < n; k++) {
			snprintf(got + strlen(got), sizeof got - strlen(got),
			    "%.*s|", (int)(g[k].to - g[k].from),
			    c[i].text + g[k].from);
		}
		if (!CHECK(strcmp(got, c[i].names) == 0))
			printf("#   \"%s\": \"%s\", want \"%s\"\n",
			    c[i].text, got, c[i].names);
	}
	memset(&h, 0, sizeof h);
	s = "Benjamin Arellano Felix is";
	h.name = "ARELLANO FELIX, Benjamin Alberto";
	h.end = 23;
	CHECK(kin_surname(s, &h, &from, &to) && from == 9 && to == 23);
	s = "Hafez al-Assad";
	h.name = "AL-ASSAD, Hafez";
	h.end = 14;
	CHECK(kin_surname(s, &h, &from, &to) && from == 6 && to == 14);
	s = "Assad";
	h.name = "AL-ASSAD, Bashar";
	h.end = 5;
	CHECK(kin_surname(s, &h, &from, &to) && from == 0 && to == 5);
	/* Patronymics say who may be whose child, father or sibling. */
	CHECK(kin_related("ROTENBERG, Arkady Romanovich",
	    "ROTENBERG, Igor Arkadyevich", KIN_CHILD));
	CHECK(!kin_related("PETROV, Sergei Valentinovich",
	    "PETROV, Yury Aleksandrovich", KIN_CHILD));
	CHECK(kin_related("PETROV, Sergei Valentinovich",
	    "PETROV, Yury Aleksandrovich", KIN_OTHER));
	CHECK(kin_related("ROTENBERG, Igor Arkadyevich",
	    "ROTENBERG, Arkady Romanovich", KIN_FATHER));
	CHECK(!kin_related("ROTENBERG, Igor Arkadyevich",
	    "ROTENBERG, Boris Romanovich", KIN_FATHER));
	CHECK(kin_related("ROTENBERG, Arkady Romanovich",
	    "ROTENBERG, Boris Romanovich", KIN_SIBLING));
	CHECK(!kin_related("ROTENBERG, Arkady Romanovich",
	    "ROTENBERG, Igor Arkadyevich", KIN_SIBLING));
	CHECK(kin_related("YANUKOVYCH, Viktor Fedorovych",
	    "YANUKOVYCH, Oleksandr Viktorovych", KIN_CHILD));
	CHECK(kin_related("AL-ASSAD, Hafez", "AL-ASSAD, Bashar", KIN_CHILD));
	CHECK(kin_related("ARKADY ROTENBERG", "ROTENBERG, Igor Arkadyevich",
	    KIN_CHILD));
	h.name = "SAIF AL-ARAB QADHAFI";
	s = "Saif al-Arab Qadhafi";
	h.end = 20;
	CHECK(kin_surname(s, &h, &from, &to) && from == 13 && to == 20);
}

UNIT_SUITE(evidence,
	{ "country-scan", test_country_scan },
	{ "country-scan-unicode-bounds", test_country_scan_unicode_bounds },
	{ "country-scan-offsets", test_country_scan_offsets },
	{ "country-scan-filter", test_country_scan_filter },
	{ "country-tokens", test_country_tokens },
	{ "country-count", test_country_count },
	{ "country-places", test_country_places },
	{ "written-as-name", test_written_as_name },
	{ "numbers-end", test_numbers_end },
	{ "longer-names", test_longer_names },
	{ "everyday-words", test_everyday_words },
	{ "common-person-names", test_common_person_names },
	{ "bare-firm-word", test_bare_firm_word },
	{ "kin-given-names", test_kin_given_names },
)
