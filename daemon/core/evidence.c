/*
 * evidence: what the text around a match says of it.  Whether the words a
 * name matched are written as a name (capitals, nothing between them that
 * ends a name, numbers that end where the name does), whether the name
 * goes on into a longer one ("Vera Drake", "Industrial Bank of Korea"),
 * and whether a vessel word stands near a vessel's name.  The matcher
 * (matcher.c) weighs its hits with these; they look only at the text and
 * its tokens.
 */
#include <stddef.h>
#include <string.h>

#include <utf8proc.h>

#include "core/core.h"
#include "core/matcher-int.h"

#define EVIDENCE_VESSEL_BEFORE	MATCHER_BACK	/* tokens looked at before */
#define EVIDENCE_VESSEL_AFTER	6		/* and after a vessel's name */
#define EVIDENCE_CASE_AROUND	10		/* tokens read for case */
#define EVIDENCE_CASE_TOKENS	2		/* in capitals among them */

/*
 * Whether a text token starts with a capital: not with a lower-case letter
 * (digits and letters of scripts without case pass).
 */
int
evidence_capital(const char *text, const struct token *t)
{
	const unsigned char	*s = (const unsigned char *)text + t->start;
	utf8proc_int32_t	 cp;

	if (*s < 0x80)
		return (*s < 'a' || *s > 'z');
	if (utf8proc_iterate(s, (utf8proc_ssize_t)(t->end - t->start),
	    &cp) <= 0)
		return (1);
	return (utf8proc_toupper(cp) == cp);
}

/* Whether a token is written in capitals: no lower-case ASCII letter. */
int
evidence_upper(const char *text, const struct token *t)
{
	size_t	 i;

	for (i = t->start; i < t->end; i++) {
		if (text[i] >= 'a' && text[i] <= 'z')
			return (0);
	}
	return (1);
}

/*
 * Whether a token has a capital letter: ASCII by its bytes, other letters
 * by utf8proc.
 */
static int
evidence_has_capital(const char *text, const struct token *t)
{
	const unsigned char	*s = (const unsigned char *)text;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 k;
	size_t			 i;

	for (i = t->start; i < t->end; i += (size_t)k) {
		k = 1;
		if (s[i] < 0x80) {
			if (s[i] >= 'A' && s[i] <= 'Z')
				return (1);
		} else if ((k = utf8proc_iterate(s + i,
		    (utf8proc_ssize_t)(t->end - i), &cp)) <= 0)
			k = 1;
		else if (utf8proc_tolower(cp) != cp)
			return (1);
	}
	return (0);
}

/*
 * Whether a token tells against text without case (-1: it starts with a
 * lower-case letter), or for it (1: it starts with a capital and has
 * letters), or neither (0): a function word of names ("al", "bin"), a
 * word title case leaves in lower case ("as", "from") and a letter alone
 * (the "s" of "Iran's") are neither.
 */
static int
evidence_case_word(const char *text, const struct token *t)
{
	if (t->flen <= 1 || names_is_function(t->skel) ||
	    names_is_minor(t->hash))
		return (0);
	if (!evidence_capital(text, t))
		return (-1);
	return (evidence_has_capital(text, t));
}

/*
 * Whether the text around t[0] has no case to tell names by: no word but
 * function words starting in lower case among the tokens of t[0]'s line,
 * EVIDENCE_CASE_AROUND of them on each side at most (nb before t and na
 * from t on are there), and EVIDENCE_CASE_TOKENS of them at least
 * starting with a capital.  A headline or a wire story in capitals, or a
 * headline in title case ("Putin Says Russia Will Act"), where "Good Run"
 * is written as a name is, and "Putin Says" as "Vladimir Putin"; not an
 * acronym or a name in running text ("the VTB deal"), nor one in a script
 * without case.
 */
int
evidence_caseless(const char *text, const struct token *t, size_t nb,
    size_t na)
{
	size_t	 i, cased = 0;
	int	 w;

	for (i = 0; i < na && i < EVIDENCE_CASE_AROUND; i++) {
		if (i > 0 && memchr(text + t[i - 1].end, '\n',
		    t[i].start - t[i - 1].end) != NULL)
			break;
		if ((w = evidence_case_word(text, &t[i])) < 0)
			return (0);
		cased += (size_t)w;
	}
	for (i = 1; i <= nb && i <= EVIDENCE_CASE_AROUND; i++) {
		if (memchr(text + t[-(ptrdiff_t)i].end, '\n',
		    t[1 - (ptrdiff_t)i].start - t[-(ptrdiff_t)i].end) != NULL)
			break;
		if ((w = evidence_case_word(text, &t[-(ptrdiff_t)i])) < 0)
			return (0);
		cased += (size_t)w;
	}
	return (cased >= EVIDENCE_CASE_TOKENS);
}

/*
 * Whether a token stands as a name word: capitalised, or, where the text
 * has no case (caseless: evidence_caseless), no everyday word but a name
 * by the dictionary or the census tables or, unless strict, a Latin word
 * of no English dictionary.  So "PUTIN SAID" and "BASIJ PARAMILITARY" are
 * no longer names, "VERA DRAKE" and "HASSAN SHEIKH MOHAMUD" are; before a
 * name, where a title or a role in any language stands ("PRESIDENTE
 * EBRAHIM RAISI"), a word must be strictly a name, and so must a Cyrillic
 * one anywhere, which the English dictionary cannot judge ("ЯССЕР ИБРАХИМ
 * ВСТРЕТИЛСЯ").
 */
static int
evidence_cap(const char *text, const struct token *t, int caseless,
    int strict)
{
	if (caseless)
		return (!names_is_common(t->skel) &&
		    (names_is_proper(t->skel) || names_is_census(t->hash) ||
		    (!strict && !(t->flags & TOKEN_TRANSLIT) &&
		    !names_is_rare(t->skel))));
	return (evidence_capital(text, t));
}

/*
 * Whether the bytes between two tokens of a name may stand inside it:
 * spaces, hyphens, apostrophes, '/', a comma where the name has one, a dot
 * after an initial ("A. Q. Khan", "S.A."), a no-break space, one line
 * break.  A sentence's end, a bracket, a quote or a blank line ends a name.
 */
int
evidence_gap(const char *text, const struct token *a, const struct token *b,
    int comma)
{
	const unsigned char	*s = (const unsigned char *)text + a->end;
	const unsigned char	*e = (const unsigned char *)text + b->start;
	int			 breaks = 0;

	for (; s < e; s++) {
		if (*s == ' ' || *s == '\t' || *s == '-' || *s == '\'' ||
		    *s == '`' || *s == '/' || *s == '\r' || *s == '\0')
			continue;
		if (*s == '\n' && !breaks++)	/* a wrapped line, not two */
			continue;
		if ((*s == ',' && comma) || (*s == '.' && a->flen <= 2))
			continue;
		if (*s == 0xc2 && s + 1 < e && s[1] == 0xa0) {	/* NBSP */
			s++;
			continue;
		}
		if (*s == 0xe2 && s + 2 < e && s[1] == 0x80 &&
		    (s[2] == 0x90 || s[2] == 0x91 || s[2] == 0x98 ||
		    s[2] == 0x99)) {		/* hyphens, apostrophes */
			s += 2;
			continue;
		}
		if (*s == 0xca && s + 1 < e && (s[1] == 0xbc || s[1] == 0xbe ||
		    s[1] == 0xbf)) {			/* modifier apostrophes */
			s++;
			continue;
		}
		return (0);
	}
	return (1);
}

/*
 * Whether two tokens are one word cut at an apostrophe or a hyphen
 * ("Qa'ida", "Jama'at", "To-chun"): the second needs no capital.
 */
int
evidence_joined(const char *text, const struct token *a,
    const struct token *b)
{
	size_t	 gap = b->start - a->end;
	const unsigned char *s = (const unsigned char *)text + a->end;

	if (gap == 1)
		return (*s == '\'' || *s == '-' || *s == '`');
	return ((gap == 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0x99 ||
	    s[2] == 0x98 || s[2] == 0x91)) || (gap == 2 && s[0] == 0xca));
}

/* Whether a token is all digits. */
int
evidence_digits(const char *text, const struct token *t)
{
	size_t	 i;

	for (i = t->start; i < t->end; i++) {
		if (text[i] < '0' || text[i] > '9')
			return (0);
	}
	return (1);
}

/*
 * Whether a name that ends (or starts) with a number stops where the
 * number does: "VICTORY 2" is not "Victory 2.5", "2-1" or "2%".
 */
int
evidence_number_ends(const char *text, size_t len, const struct token *first,
    const struct token *last)
{
	const char	*s;

	if (evidence_digits(text, last) && last->end < len) {
		s = text + last->end;
		if (*s == '%' || (last->end + 1 < len &&
		    strchr(".,:/-", *s) != NULL && s[1] >= '0' && s[1] <= '9'))
			return (0);
	}
	if (evidence_digits(text, first) && first->start >= 2) {
		s = text + first->start;
		if (strchr(".,:/-$", s[-1]) != NULL && s[-2] >= '0' &&
		    s[-2] <= '9')
			return (0);
	}
	return (1);
}

/* Whether only spaces stand between two tokens (no line break). */
static int
evidence_adjacent(const char *text, const struct token *a,
    const struct token *b)
{
	size_t	 i;

	for (i = a->end; i < b->start; i++) {
		if (text[i] != ' ' && text[i] != '\t')
			return (0);
	}
	return (1);
}

/*
 * Whether a token is a country's name, code or adjective ("Italian",
 * "DPRK", "Venezuela"), which stands beside a name without being part of
 * it: "North Korean Ri Song Chol", "the DPRK's Korea Kwangson Banking".
 */
static int
evidence_place(const char *text, const struct token *t)
{
	char	 buf[64];
	size_t	 n = t->end - t->start;

	if (n == 0 || n >= sizeof buf)
		return (0);
	memcpy(buf, text + t->start, n);
	buf[n] = '\0';
	return (country_lookup(buf) != NULL);
}

/*
 * The code of the country named by tokens t[0..n) (one word or two:
 * "Israeli", "Saudi Arabia"), or NULL.
 */
static const char *
evidence_country_of(const char *text, const struct token *t, size_t n)
{
	char	 buf[64];
	size_t	 len = t[n - 1].end - t[0].start;

	if (len == 0 || len >= sizeof buf)
		return (NULL);
	memcpy(buf, text + t[0].start, len);
	buf[len] = '\0';
	return (country_lookup(buf));
}

/*
 * The code of a country written right before t[0], which has nb tokens
 * before it, as an adjective, a name or a name's possessive ("the Israeli
 * Air Force", "Saudi Arabia's Ministry of Petroleum"), or NULL: a name of
 * everyday words there is that country's body.
 */
const char *
evidence_country_before(const char *text, const struct token *t, size_t nb)
{
	const char	*code;
	size_t		 k = 1;

	if (nb >= 2 && t[-1].flen == 1 && (text[t[-1].start] == 's' ||
	    text[t[-1].start] == 'S') && evidence_joined(text, &t[-2],
	    &t[-1]) && evidence_gap(text, &t[-1], &t[0], 0))
		k = 2;			/* a possessive */
	else if (nb < 1 || !evidence_gap(text, &t[-1], &t[0], 0))
		return (NULL);
	if (nb >= k + 1 && evidence_gap(text, &t[-(ptrdiff_t)k - 1],
	    &t[-(ptrdiff_t)k], 0) && (code = evidence_country_of(text,
	    &t[-(ptrdiff_t)k - 1], 2)) != NULL)
		return (code);
	return (evidence_country_of(text, &t[-(ptrdiff_t)k], 1));
}

/*
 * Whether a word of six letters or more ends in "ist" or "ists" in lower
 * case, as a creed's follower does ("Ultranationalist Vojislav Seselj",
 * "Reformist", "Royalists"): a word that says what a party is, no name.
 */
static int
evidence_ist(const char *text, const struct token *t)
{
	const char	*e = text + t->end;
	size_t		 n = t->end - t->start;

	if (t->flen < 6 || n < 6)
		return (0);
	if (e[-1] == 's')
		e--;
	return (e[-3] == 'i' && e[-2] == 's' && e[-1] == 't');
}

/*
 * Whether a neighbouring token goes on the name it stands by: capitalised,
 * three letters or more, and not a function word, a title or role ("Mr",
 * "Sheikh", "Chief"), a day or month, a legal form, a word for a firm
 * ("Компания"), a country, or a creed or a people, which says what a
 * group is ("Maoist Shining Path", "Boko Haram Islamist group"), or what
 * a person is ("Ultranationalist Vojislav Seselj").  Before
 * a name, a word of the dictionary may just start a sentence
 * ("Billionaire Alisher Usmanov"); after it ("Baikal Finance Group"), a
 * capital says a longer name.
 */
static int
evidence_name_word(const char *text, const struct token *t, int before,
    int caseless)
{
	return (t->flen > 2 && evidence_cap(text, t, caseless, before) &&
	    !evidence_digits(text, t) && !names_is_function(t->skel) &&
	    !names_is_creed(t->hash) && !evidence_ist(text, t) && !(before &&
	    (names_is_common(t->skel) || names_is_rare(t->skel))) &&
	    !names_is_title(t->hash) && !names_is_legal(t->skel) &&
	    !names_is_firm_word(t->hash) &&
	    !evidence_place(text, t));
}

/* How many of the tokens t[0..n) are not function words. */
static size_t
evidence_words(const struct token *t, size_t n)
{
	size_t	 i, w = 0;

	for (i = 0; i < n; i++)
		w += !names_is_function(t[i].skel);
	return (w);
}

/*
 * Whether one of the tokens t[0..n) is a word of four letters or more
 * that no dictionary has: "Mellat" of "Bank Mellat of Iran", which is no
 * longer name than "Bank Mellat", where "Industrial Bank of Korea" is.
 */
static int
evidence_rare_word(const struct token *t, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (t[i].flen >= 4 && !names_is_common(t[i].skel) &&
		    !names_is_function(t[i].skel))
			return (1);
	}
	return (0);
}

/*
 * Whether token t is a model's number: digits, and at most three letters
 * after them ("154", "154M", "27SM", the plural "154s").
 */
static int
evidence_model_number(const char *text, const struct token *t)
{
	size_t	 i = t->start, d;

	while (i < t->end && text[i] >= '0' && text[i] <= '9')
		i++;
	if (i == t->start || t->end - i > 3)
		return (0);
	for (d = i; d < t->end; d++) {
		if ((text[d] | 0x20) < 'a' || (text[d] | 0x20) > 'z')
			return (0);
	}
	return (1);
}

/*
 * Whether a model's designation follows a match t[0..n) (na tokens from
 * t[0] on): a number joined to it by a hyphen ("Sukhoi-22"), or a code of
 * one to three letters with a number joined to it by a hyphen right after
 * it ("Su-27", "Tu-154s", "MiG-29K").
 */
static int
evidence_model(const char *text, const struct token *t, size_t n,
    size_t na)
{
	if (na <= n)
		return (0);
	if (text[t[n - 1].end] == '-' && evidence_joined(text, &t[n - 1],
	    &t[n]) && evidence_model_number(text, &t[n]))
		return (1);
	return (na > n + 1 && t[n].flen <= 3 &&
	    evidence_adjacent(text, &t[n - 1], &t[n]) &&
	    text[t[n].end] == '-' && evidence_joined(text, &t[n],
	    &t[n + 1]) && evidence_model_number(text, &t[n + 1]));
}

/*
 * Whether a match t[0..n) is part of a longer name in the text: a name
 * word right before it ("Vera Drake", "Sania Mirza"), right after it, the
 * rest of a word cut at a hyphen ("Kim Sang-sik") or after an apostrophe
 * ("Than O'Connor"), a surname with "al-" after it, or a name after "of"
 * ("Industrial Bank of Korea"), but for a country after a name of three
 * words, or of two with a word no dictionary has ("Bank Mellat of Iran";
 * "King Abdullah of Jordan" is still longer), and for anything after a
 * name of five words or more.  nb and na are the tokens there are before
 * t and from t on; caseless, whether the text there has no case
 * (evidence_caseless).
 */
int
evidence_longer(const char *text, const struct token *t, size_t n,
    size_t nb, size_t na, int caseless)
{
	if (nb > 0 && evidence_adjacent(text, &t[-1], &t[0]) &&
	    evidence_name_word(text, &t[-1], 1, caseless))
		return (1);
	/* "Mir-Hossein Mousavi": a name word a hyphen joins before it. */
	if (nb > 0 && text[t[-1].end] == '-' && t[-1].end + 1 == t[0].start &&
	    !names_is_al(t[-1].hash) &&
	    evidence_name_word(text, &t[-1], 1, caseless))
		return (1);
	/*
	 * Without case, a word of no dictionary before a name is a name
	 * when a name stands before it ("ABDUL QADIR TARIQ AZIZ"; not
	 * "AYATOLLAH SEYED ALI KHAMENEI").
	 */
	if (caseless && nb > 1 && evidence_adjacent(text, &t[-1], &t[0]) &&
	    evidence_adjacent(text, &t[-2], &t[-1]) &&
	    evidence_name_word(text, &t[-1], 0, caseless) &&
	    evidence_name_word(text, &t[-2], 1, caseless))
		return (1);
	if (na <= n)
		return (0);
	/*
	 * "O'Connor", "D'Souza": a letter or two that an apostrophe joins to
	 * the rest of its word (not to "'s", "'ll" or "'re").
	 */
	if (t[n - 1].flen <= 2 && t[n].flen >= 3 && text[t[n - 1].end] != '-' &&
	    evidence_joined(text, &t[n - 1], &t[n]))
		return (1);
	/*
	 * "Kim Sang-sik", "Park Ji-Sung": a name goes on after a hyphen, but
	 * not into an everyday word ("Putin-era") or, after a longer word,
	 * another name ("Putin-Xi talks"); nor is "Putin's" longer.
	 */
	/*
	 * A maker's model: "Sukhoi-22", "Sukhoi Su-27", "Tupolev Tu-154"
	 * name an aircraft, not the firm that made it.
	 */
	if (evidence_model(text, t, n, na))
		return (1);
	/*
	 * "Jamiat-i-Islami", "Lashkar-e-Taiba": a short link in lower case
	 * between hyphens, and a word after it, go on with the name.
	 */
	if (na > n + 1 && t[n].flen <= 3 && text[t[n - 1].end] == '-' &&
	    text[t[n].end] == '-' && evidence_joined(text, &t[n - 1],
	    &t[n]) && evidence_joined(text, &t[n], &t[n + 1]) &&
	    text[t[n].start] >= 'a' && text[t[n].start] <= 'z' &&
	    t[n + 1].flen >= 3)
		return (1);
	if (evidence_joined(text, &t[n - 1], &t[n]) &&
	    text[t[n - 1].end] == '-' && t[n].flen >= 2 &&
	    (evidence_cap(text, &t[n], caseless, 0) ? t[n - 1].flen <= 4 :
	    !names_is_common(t[n].skel)))
		return (1);
	if (!evidence_adjacent(text, &t[n - 1], &t[n]))
		return (0);
	/* "An Iran Air Airbus": the airline's aircraft, by its maker. */
	if (names_is_craft_word(t[n].hash))
		return (0);
	if (evidence_name_word(text, &t[n], 0, caseless))
		return (1);
	/* "Mohammed Mustafa al-Jibouri": a surname with its article. */
	if (na > n + 1 && names_is_al(t[n].hash) &&
	    evidence_joined(text, &t[n], &t[n + 1]) &&
	    evidence_cap(text, &t[n + 1], caseless, 0))
		return (1);
	/*
	 * "National Lottery AD of Sofia": a firm's name ends at its form;
	 * and a name of five words or more at "of": "the Popular Front for
	 * the Liberation of Palestine-General Command of Ahmed Jibril" is
	 * his, not a longer name.
	 */
	return (na > n + 1 && names_is_of(t[n].hash) &&
	    !names_is_legal(t[n - 1].skel) && evidence_words(t, n) < 5 &&
	    evidence_adjacent(text, &t[n], &t[n + 1]) &&
	    evidence_cap(text, &t[n + 1], caseless, 0) &&
	    !names_is_function(t[n + 1].skel) &&
	    !((evidence_words(t, n) >= 3 || (n >= 2 &&
	    evidence_rare_word(t, n))) &&
	    evidence_place(text, &t[n + 1])));
}

/* Whether a token is the ASCII word w, in any case. */
int
evidence_word(const char *text, const struct token *t, const char *w)
{
	size_t	 n = strlen(w);

	return (t->end - t->start == n &&
	    strncasecmp(text + t->start, w, n) == 0);
}

/*
 * Whether a word for a firm ends an apposition right after a match
 * t[0..n), na tokens from t on: a comma, "the" or "a", at most two words
 * more, then the word ("Aeroflot, the Soviet airline", "Progress Leader,
 * a Kyrgyz firm").
 */
static int
evidence_firm_after(const char *text, const struct token *t, size_t n,
    size_t na)
{
	size_t		 i, k;

	if (na < n + 2 || text[t[n - 1].end] != ',' ||
	    t[n].start == t[n - 1].end + 1)
		return (0);
	for (i = t[n - 1].end + 1; i < t[n].start; i++) {
		if (text[i] != ' ')
			return (0);
	}
	if (!evidence_word(text, &t[n], "the") &&
	    !evidence_word(text, &t[n], "a") &&
	    !evidence_word(text, &t[n], "an"))
		return (0);
	for (k = n + 1; k < na && k <= n + 3; k++) {
		if (!evidence_adjacent(text, &t[k - 1], &t[k]))
			return (0);
		if (names_is_firm_word(t[k].hash))
			return (1);
	}
	return (0);
}

/*
 * Whether the text says a firm where a match t[0..n) of a firm's name
 * stands: a legal form right before or after it, capitalised, as the list
 * writes another ("Oktyabr LLC" for LLC OKTYABR), a word for a firm right
 * before it ("the firm Progress Leader", "компания Карголайн") or ending
 * an apposition after it ("Aeroflot, the Soviet airline").  nb and na are
 * the tokens there are before t and from t on; caseless as for
 * evidence_longer.
 */
int
evidence_legal_near(const char *text, const struct token *t, size_t n,
    size_t nb, size_t na, int caseless)
{
	if (nb > 0 && names_is_firm_word(t[-1].hash) &&
	    evidence_adjacent(text, &t[-1], &t[0]))
		return (1);
	if (evidence_firm_after(text, t, n, na))
		return (1);
	if (na > n && names_is_legal(t[n].skel) &&
	    evidence_cap(text, &t[n], caseless, 0) &&
	    evidence_gap(text, &t[n - 1], &t[n], 1))
		return (1);
	return (nb > 0 && names_is_legal(t[-1].skel) &&
	    evidence_cap(text, &t[-1], caseless, 0) &&
	    evidence_gap(text, &t[-1], &t[0], 0));
}

/*
 * Whether a word for a group's men stands right after a match t[0..n) of
 * an organisation's name, or before it with "of" or "of the", or a word
 * for a group after one right before it: "Shining Path guerrillas",
 * "Tamil Tiger rebels", "guerrillas of the ELN", "the separatist group
 * ETA" name an armed group, whatever everyday words its name is of.
 * nb, na and caseless as for evidence_longer.
 */
int
evidence_fighters(const char *text, const struct token *t, size_t n,
    size_t nb, size_t na, int caseless)
{
	size_t	 i, k;

	(void)caseless;
	if (na > n && names_is_fighter_word(t[n].hash) &&
	    evidence_adjacent(text, &t[n - 1], &t[n]))
		return (1);
	if (nb >= 2 && names_is_band_word(t[-1].hash) &&
	    names_is_fighter_word(t[-2].hash) &&
	    evidence_adjacent(text, &t[-1], &t[0]) &&
	    evidence_adjacent(text, &t[-2], &t[-1]))
		return (1);
	/* "guerrillas of the National Liberation Army", "rebels of" */
	k = nb >= 3 && evidence_word(text, &t[-1], "the");
	if (nb < 2 + k || !evidence_word(text, &t[-1 - (ptrdiff_t)k], "of") ||
	    !names_is_fighter_word(t[-2 - (ptrdiff_t)k].hash))
		return (0);
	for (i = 0; i < 2 + k; i++) {
		if (!evidence_adjacent(text, &t[-1 - (ptrdiff_t)i],
		    &t[-(ptrdiff_t)i]))
			return (0);
	}
	return (1);
}

/*
 * Whether the vessel word t[k] is a word of another name: capitalised, in
 * text with case, with a capitalised word right beside it that is not of
 * the match t[0..n) ("Kuwait Oil Tanker Company", "Gas Carrier Shipping";
 * not "MV Dover", "Tanker Dover", nor after a country's adjective: "the
 * Iranian Tanker Dover").  nb and na are the tokens there are
 * before t and from t on.
 */
static int
evidence_vessel_named(const char *text, const struct token *t, ptrdiff_t k,
    size_t n, size_t nb, size_t na)
{
	const struct token	*w = &t[k];

	if (!evidence_capital(text, w) || (evidence_upper(text, w) &&
	    w->flen <= 3))
		return (0);
	if (k - 1 >= -(ptrdiff_t)nb && (k - 1 < 0 || k - 1 >= (ptrdiff_t)n) &&
	    evidence_adjacent(text, &t[k - 1], w) &&
	    evidence_capital(text, &t[k - 1]) &&
	    !names_is_function(t[k - 1].skel) &&
	    !evidence_place(text, &t[k - 1]))
		return (1);
	return (k + 1 < (ptrdiff_t)na && (k + 1 < 0 || k + 1 >= (ptrdiff_t)n) &&
	    evidence_adjacent(text, w, &t[k + 1]) &&
	    evidence_capital(text, &t[k + 1]) &&
	    !names_is_function(t[k + 1].skel));
}

/*
 * Whether a sentence ends between tokens a and b: a full stop, a question
 * or an exclamation mark after a word of three letters or more (not an
 * initial's dot, "U.S. tanker").
 */
int
evidence_stop(const char *text, const struct token *a, const struct token *b)
{
	size_t	 i;

	if (a->flen <= 2)
		return (0);
	for (i = a->end; i < b->start; i++) {
		if (text[i] == '.' || text[i] == '?' || text[i] == '!')
			return (1);
	}
	return (0);
}

/*
 * Whether a one-word name t[0], nb tokens before it, stands where a place
 * does: right after a preposition of place or of a course ("heading to
 * Sabetta", "off Fujairah", "loaded at Primorsk"), or after one and other
 * capitalised words joined by commas and "and" or "or" ("to Pevek and
 * Sabetta").  "The" or a vessel word before the name says a ship ("sailed
 * to the Sabetta", "to the tanker Sabetta"), and that is no such place.
 */
static int
evidence_place_after(const char *text, const struct token *t, size_t nb)
{
	static const char *const preps[] = { "to", "from", "at", "in", "into",
	    "near", "off", "towards", "toward", "via", "outside" };
	const struct token	*w;
	size_t			 i, k, names = 0;

	for (k = 1; k <= nb && k <= 8; k++) {
		w = &t[-(ptrdiff_t)k];
		if (evidence_stop(text, w, w + 1))
			return (0);
		for (i = 0; i < nitems(preps); i++) {
			if (evidence_word(text, w, preps[i]))
				return (k == 1 || names > 0);
		}
		if (evidence_word(text, w, "and") ||
		    evidence_word(text, w, "or"))
			continue;
		if (!evidence_capital(text, w) ||
		    names_is_vessel_word(w->hash) ||
		    names_is_function(w->skel) ||
		    !evidence_gap(text, w, w + 1, 1))
			return (0);
		names++;
	}
	return (0);
}

/*
 * Whether a vessel word ("tanker", "MV", "M/T", "yacht") or "IMO" stands
 * within a few tokens of a match t[0..n) of text, in its sentence
 * ("reflagged Kuwaiti tankers. Sardasht, a market town" names no ship).
 * A vessel named after a country ("JAMAICA") needs one right before it:
 * "ships flagged in Palau, Panama, Jamaica" names flags, "the tanker
 * Jamaica" a ship.  In text with case, a vessel word inside another name
 * says nothing ("set up in Dover by the Kuwait Oil Tanker Company":
 * evidence_vessel_named).
 */
int
evidence_vessel_near(const char *text, const struct token *t, size_t n,
    size_t nb, size_t na, int caseless)
{
	size_t	 i, from, to;
	ptrdiff_t k;

	from = nb < EVIDENCE_VESSEL_BEFORE ? nb : EVIDENCE_VESSEL_BEFORE;
	to = na < n + EVIDENCE_VESSEL_AFTER ? na : n + EVIDENCE_VESSEL_AFTER;
	if (n == 1 && (evidence_place(text, &t[0]) ||
	    evidence_place_after(text, t, nb))) {
		from = from < 2 ? from : 2;
		to = n;
	}
	for (i = 0; i < from; i++) {
		k = -(ptrdiff_t)i - 1;
		if (evidence_stop(text, &t[k], &t[k + 1]))
			break;
		if ((names_is_vessel_word(t[k].hash) && (caseless ||
		    !evidence_vessel_named(text, t, k, n, nb, na))) ||
		    (i + 1 < from && names_is_vessel_pair(t[k - 1].hash,
		    t[k].hash)))
			return (1);
	}
	for (i = n; i < to; i++) {
		if (evidence_stop(text, &t[i - 1], &t[i]))
			break;
		if (names_is_vessel_word(t[i].hash) && (caseless ||
		    !evidence_vessel_named(text, t, (ptrdiff_t)i, n, nb, na)))
			return (1);
	}
	return (0);
}

/*
 * Whether a ship's name t[0], which has nb tokens before it, has right
 * before it a capitalised everyday word in the middle of a sentence (a
 * word in lower case before that): "the Star Forest", "Hong Kong-flagged
 * Star Forest" name another ship than the listed FOREST.  Before other
 * names such a word is a title as often ("Supreme Leader Ali Khamenei");
 * before a ship, not a vessel word ("the Tanker Forest"), a title or a
 * country's adjective.
 */
int
evidence_ship_before(const char *text, const struct token *t, size_t nb)
{
	const struct token	*w = &t[-1], *p = &t[-2];

	return (nb >= 2 && w->flen > 2 && evidence_adjacent(text, w, t) &&
	    evidence_capital(text, w) && !evidence_upper(text, w) &&
	    names_is_common(w->skel) && !names_is_vessel_word(w->hash) &&
	    !names_is_title(w->hash) && !names_is_function(w->skel) &&
	    !evidence_place(text, w) && !evidence_capital(text, p) &&
	    evidence_gap(text, p, w, 0));
}

/*
 * Whether the bytes between two tokens, text[from..to), are at most four
 * of the bytes of set, what stands between "IMO" and its number (" :#.-")
 * or between a name and "IMO" (" ,([-"), and one line break at most (the
 * text wrapped there; a blank line ends a paragraph).
 */
static int
evidence_imo_gap(const char *text, size_t from, size_t to, const char *set)
{
	size_t	 i, nl = 0;

	if (to - from > 5)
		return (0);
	for (i = from; i < to; i++) {
		if (text[i] == '\n' && nl++ == 0)
			continue;
		if (text[i] == '\r' && i + 1 < to && text[i + 1] == '\n')
			continue;
		if (text[i] == '\0' || strchr(set, text[i]) == NULL)
			return (0);
	}
	return (to - from - nl <= 4);
}

#define IMO_LABEL_GAP	" :#.-"		/* "IMO No. 9187629", "IMO: 9187629" */
#define IMO_NAME_GAP	" ,([-"		/* "Artavil (IMO", "Jupiter, IMO" */

/*
 * An IMO number written at t[0], of the na tokens from t on: "IMO
 * 9187629", "IMO: 9187629", "IMO No. 9187629", "IMO number 9187629" or
 * OpenSanctions' "IMO9187629", "IMO" in capitals and seven digits no digit
 * or letter follows.  Returns the number, or 0, and in *ntok (unless NULL)
 * how many tokens it spans.
 */
uint32_t
evidence_imo_at(const char *text, const struct token *t, size_t na,
    size_t *ntok)
{
	const char	*s = text + t[0].start;
	size_t		 k = 1, i;
	uint32_t	 num = 0;

	if (t[0].end - t[0].start == 10 && memcmp(s, "IMO", 3) == 0) {
		s += 3;
		k = 0;
	} else if (t[0].end - t[0].start != 3 || memcmp(s, "IMO", 3) != 0)
		return (0);
	else {
		if (na > 2 && names_is_imo_label(t[1].hash) &&
		    evidence_imo_gap(text, t[0].end, t[1].start,
		    IMO_LABEL_GAP))
			k = 2;
		if (na <= k || t[k].end - t[k].start != 7 ||
		    !evidence_imo_gap(text, t[k - 1].end, t[k].start,
		    IMO_LABEL_GAP))
			return (0);
		s = text + t[k].start;
	}
	for (i = 0; i < 7; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (0);
		num = num * 10 + (uint32_t)(s[i] - '0');
	}
	if (ntok != NULL)
		*ntok = k + 1;
	return (num);
}

/*
 * Whether an IMO number is a ship's by its check digit: the first six
 * digits times 7, 6, 5, 4, 3 and 2, summed, end in the seventh.  (A
 * company's number is checked otherwise.)
 */
int
evidence_imo_ship(uint32_t num)
{
	unsigned	 sum = 0, w;
	uint32_t	 rest = num / 10;

	for (w = 2; w <= 7; w++, rest /= 10)
		sum += (rest % 10) * w;
	return (num > 0 && sum % 10 == num % 10);
}

/*
 * The IMO number written right after a match t[0..n) of text, which has na
 * tokens from t on ("ARTAVIL (IMO 9187629)", "the tanker Forest, IMO
 * 9299862"), or 0: the number that names the ship the text names, where
 * one written further off may be another's (a list of tankers and their
 * numbers).  (The signature is evidence_vessel_near's: nb and caseless
 * say nothing here.)
 */
int
evidence_imo_after(const char *text, const struct token *t, size_t n,
    size_t nb, size_t na, int caseless)
{
	(void)nb;
	(void)caseless;

	if (na <= n || !evidence_imo_gap(text, t[n - 1].end, t[n].start,
	    IMO_NAME_GAP))
		return (0);
	return ((int)evidence_imo_at(text, &t[n], na - n, NULL));
}

/*
 * The number a token of 8 to 15 ASCII digits writes (a tax or company
 * registration number), or 0; its count of digits in *ndig.
 */
uint64_t
evidence_reg_number(const char *text, const struct token *t, size_t *ndig)
{
	size_t		 n = t->end - t->start, i;
	uint64_t	 num = 0;

	if (n < 8 || n > 15)
		return (0);
	for (i = t->start; i < t->end; i++) {
		if (text[i] < '0' || text[i] > '9')
			return (0);
		num = num * 10 + (uint64_t)(text[i] - '0');
	}
	*ndig = n;
	return (num);
}

/*
 * Whether the bytes between a label and its number, text[from..to), are
 * at most a few spaces, marks, a "№" and one line break: "ИНН/КПП
 * 7702070139", "OGRN: 1027700132195", "tax ID No. 7702070139", "ОГРН №
 * 1027700132195".
 */
static int
evidence_reg_gap(const char *text, size_t from, size_t to)
{
	size_t	 i, nl = 0;

	if (to - from > 7)
		return (0);
	for (i = from; i < to; i++) {
		if (to - i >= 3 && memcmp(text + i, "\xe2\x84\x96", 3) == 0)
			i += 2;			/* U+2116 NUMERO SIGN */
		else if (text[i] == '\n' && nl++ == 0)
			continue;
		else if (text[i] == '\r' && i + 1 < to && text[i + 1] == '\n')
			continue;
		else if (text[i] == '\0' ||
		    strchr(" :#.-/(,", text[i]) == NULL)
			return (0);
	}
	return (1);
}

/*
 * Whether a label of a registration number (names_is_reg_label) stands at
 * most three tokens before the number t[0], which has nb tokens before it,
 * with only short gaps (evidence_reg_gap) from it to the number: "INN
 * 7702070139", "tax ID No. 7702070139", "ИНН/КПП 7702070139/770201001".
 */
int
evidence_reg_label(const char *text, const struct token *t, size_t nb)
{
	size_t	 k;

	for (k = 1; k <= 3 && k <= nb; k++) {
		if (!evidence_reg_gap(text, t[-(ptrdiff_t)k].end,
		    t[-(ptrdiff_t)k + 1].start))
			return (0);
		if (names_is_reg_label(t[-(ptrdiff_t)k].hash))
			return (1);
	}
	return (0);
}

/*
 * The registration number written right after a match t[0..n) of text,
 * which has na tokens from t on: its label first ("Kargolayn (INN
 * 02503202210145)", "OOO Progress, tax ID 7702070139").  Returns the
 * number's token index in t, or 0.  (The signature is
 * evidence_vessel_near's.)
 */
int
evidence_reg_after(const char *text, const struct token *t, size_t n,
    size_t nb, size_t na, int caseless)
{
	size_t	 k, ndig;

	(void)nb;
	(void)caseless;

	if (na <= n + 1 || !names_is_reg_label(t[n].hash) ||
	    !evidence_imo_gap(text, t[n - 1].end, t[n].start, IMO_NAME_GAP))
		return (0);
	for (k = n + 1; k < na && k <= n + 3; k++) {
		if (evidence_reg_number(text, &t[k], &ndig) != 0)
			return (evidence_reg_label(text, &t[k], k - n) ?
			    (int)k : 0);
	}
	return (0);
}

/* Whether s[i..) starts with a quote: straight, curly, single or double. */
static size_t
evidence_quote(const char *s, size_t i, size_t end, int open)
{
	const unsigned char	*u = (const unsigned char *)s + i;

	if (i < end && (*u == '"' || *u == '\''))
		return (1);
	if (i + 3 <= end && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == (open ? 0x9c : 0x9d) || u[2] == (open ? 0x98 : 0x99)))
		return (3);
	return (0);
}

/*
 * "Joaquin "El Chapo" Guzman Loera", "Ismael 'El Mayo' Zambada": the
 * index (1 to 4) of the token before a nickname of one to three words in
 * quotes that stands right before t[0], counting back; 0 if there is
 * none.  nb tokens before t may be read.  Where the text has no case
 * (caseless), the given name must be no everyday word.
 */
size_t
evidence_nickname(const char *text, const struct token *t, size_t nb,
    int caseless)
{
	size_t	 k, i, q, s;

	/*
	 * The closing quote and one space right before t[0]; text cut into
	 * tokens puts a space inside the quotes too ("Joaquin " El Chapo "
	 * Guzman"), which s allows for.
	 */
	if (nb < 2)
		return (0);
	i = t[-1].end;
	s = i + 1 < t[0].start && text[i] == ' ';
	if ((q = evidence_quote(text, i + s, t[0].start, 0)) == 0 ||
	    i + s + q + 1 != t[0].start || text[i + s + q] != ' ')
		return (0);
	for (k = 1; k <= 3 && k + 1 <= nb; k++) {
		i = t[-(ptrdiff_t)k - 1].end;
		if (i + 1 < t[-(ptrdiff_t)k].start && text[i] == ' ' &&
		    (q = evidence_quote(text, i + 1, t[-(ptrdiff_t)k].start,
		    1)) != 0 && i + 1 + q + s == t[-(ptrdiff_t)k].start &&
		    (s == 0 || text[i + 1 + q] == ' '))
			return (evidence_cap(text,
			    &t[-(ptrdiff_t)k - 1], caseless, 0) ? k + 1 : 0);
		if (!evidence_adjacent(text, &t[-(ptrdiff_t)k - 1],
		    &t[-(ptrdiff_t)k]))
			return (0);
	}
	return (0);
}
