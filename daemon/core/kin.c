/*
 * kin: a relative of a named person, written by a given name alone after a
 * word of kinship ("Hafez al-Assad ... his son Bashar", "two of his young
 * sons, Khamis and Saif al-Arab", "his younger brother, Miguel").  The
 * news names a family's other members so once it has named one of them;
 * the lists name them whole.  Here the text is read for those given names
 * and for the surname a person's hit gives them; alert.c (alert_kin)
 * matches each given name with that surname as a name of its own.
 */
#include <string.h>
#include <strings.h>

#include "core/core.h"

/* Words of kinship, lower case, as a relative's given name follows them. */
#define KIN_WORD(w, k)	{ w, sizeof w - 1, k }
static const struct {
	const char	*w;
	size_t		 n;
	enum kin_kind	 kind;
} kin_words[] = {
	KIN_WORD("brother", KIN_SIBLING),
	KIN_WORD("brother-in-law", KIN_OTHER),
	KIN_WORD("brothers", KIN_SIBLING),
	KIN_WORD("cousin", KIN_OTHER),
	KIN_WORD("daughter", KIN_CHILD),
	KIN_WORD("daughter-in-law", KIN_OTHER),
	KIN_WORD("daughters", KIN_CHILD),
	KIN_WORD("father", KIN_FATHER),
	KIN_WORD("granddaughter", KIN_OTHER),
	KIN_WORD("grandson", KIN_OTHER),
	KIN_WORD("half-brother", KIN_OTHER),
	KIN_WORD("husband", KIN_OTHER),
	KIN_WORD("mother", KIN_OTHER),
	KIN_WORD("nephew", KIN_OTHER),
	KIN_WORD("nephews", KIN_OTHER),
	KIN_WORD("niece", KIN_OTHER),
	KIN_WORD("sister", KIN_SIBLING),
	KIN_WORD("sisters", KIN_SIBLING),
	KIN_WORD("son", KIN_CHILD),
	KIN_WORD("son-in-law", KIN_OTHER),
	KIN_WORD("sons", KIN_CHILD),
	KIN_WORD("uncle", KIN_OTHER),
	KIN_WORD("widow", KIN_OTHER),
	KIN_WORD("wife", KIN_OTHER),
	KIN_WORD("wives", KIN_OTHER),
};
/* The first letters of those words, bit c - 'a' for letter c. */
#define KIN_FIRST	(1u << ('b' - 'a') | 1u << ('c' - 'a') | \
			    1u << ('d' - 'a') | 1u << ('f' - 'a') | \
			    1u << ('g' - 'a') | 1u << ('h' - 'a') | \
			    1u << ('m' - 'a') | 1u << ('n' - 'a') | \
			    1u << ('s' - 'a') | 1u << ('u' - 'a') | \
			    1u << ('w' - 'a'))

/* Whether byte c may be inside a word of a name (a letter of UTF-8 too). */
static int
kin_letter(unsigned char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    c >= 0x80);
}

/* Whether byte c may be inside a name's word: a letter, hyphen, apostrophe. */
static int
kin_name_byte(unsigned char c)
{
	return (kin_letter(c) || c == '-' || c == '\'');
}

/*
 * Whether the word s[i..e), in lower case, is a word of kinship (its
 * length first, then its bytes), and which *kind.
 */
static int
kin_word(const char *s, size_t i, size_t e, enum kin_kind *kind)
{
	size_t	 k;

	if (e - i < 3 || e - i > 15 || s[i] < 'a' || s[i] > 'z' ||
	    !(KIN_FIRST >> (s[i] - 'a') & 1))
		return (0);
	for (k = 0; k < nitems(kin_words); k++) {
		if (kin_words[k].n == e - i &&
		    memcmp(s + i, kin_words[k].w, e - i) == 0) {
			*kind = kin_words[k].kind;
			return (1);
		}
	}
	return (0);
}

/* The end of the name's word that starts at byte i of s. */
static size_t
kin_word_end(const unsigned char *u, size_t len, size_t i)
{
	while (i < len && kin_name_byte(u[i]))
		i++;
	return (i);
}

/* The first byte at or after i of u (len bytes) that is no space. */
static size_t
kin_spaces(const unsigned char *u, size_t len, size_t i)
{
	while (i < len && u[i] == ' ')
		i++;
	return (i);
}

/* Whether the word s[from..to) has a letter in lower case (not capitals). */
static int
kin_has_lower(const unsigned char *u, size_t from, size_t to)
{
	for (; from < to; from++) {
		if (u[from] >= 'a' && u[from] <= 'z')
			return (1);
	}
	return (0);
}

/*
 * The given name that starts at byte i of s, if one does and no surname
 * follows it: a word in capitals first and lower case after (not text in
 * capitals, where case says nothing), two letters at least, and a word
 * that "al-" or "el-" starts after it ("Saif al-Arab"); then no word
 * starting with a capital (a whole name, "his son Ahmed Khan", is the
 * matcher's).  *to gets its end.
 */
static int
kin_given(const char *s, size_t len, size_t i, size_t *to)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 e, j;

	if (i >= len || u[i] < 'A' || u[i] > 'Z')
		return (0);
	e = kin_word_end(u, len, i);
	if (e - i < 2 || !kin_has_lower(u, i, e))
		return (0);
	j = kin_spaces(u, len, e);
	if (j > e && len - j > 4 && (strncasecmp(s + j, "al-", 3) == 0 ||
	    strncasecmp(s + j, "el-", 3) == 0) && u[j + 3] >= 'A' &&
	    u[j + 3] <= 'Z') {
		e = kin_word_end(u, len, j + 3);
		j = kin_spaces(u, len, e);
	}
	if (j < len && ((u[j] >= 'A' && u[j] <= 'Z') || u[j] >= 0x80))
		return (0);
	*to = e;
	return (1);
}

/*
 * The given names that follow words of kinship in s[from..to) (s is len
 * bytes): after the word, a comma or colon may come, and then one given
 * name, or several joined by commas and "and" ("sons, Khamis and Saif
 * al-Arab"); at most max go to out.  Returns how many.
 */
size_t
kin_names(const char *s, size_t len, size_t from, size_t to,
    struct kin_name *out, size_t max)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, j, e, g, n = 0;
	enum kin_kind		 kind;
	int			 comma;

	if (to > len)
		to = len;
	i = from;
	while (i > 0 && i < to && (kin_letter(u[i - 1]) || u[i - 1] == '-'))
		i++;			/* from a word's start */
	for (; i < to && n < max; i = e) {
		if (!kin_letter(u[i])) {
			e = i + 1;
			continue;
		}
		for (e = i; e < len && (kin_letter(u[e]) || u[e] == '-'); e++)
			;
		if (!kin_word(s, i, e, &kind))
			continue;
		j = kin_spaces(u, len, e);
		if (j < len && (u[j] == ',' || u[j] == ':'))
			j++;
		j = kin_spaces(u, len, j);
		while (n < max && kin_given(s, len, j, &g)) {
			out[n].from = j;
			out[n].to = g;
			out[n].word = i;
			out[n++].kind = kind;
			j = kin_spaces(u, len, g);
			comma = j < len && u[j] == ',';
			j = kin_spaces(u, len, j + comma);
			if (len - j > 4 && strncmp(s + j, "and ", 4) == 0)
				j += 4;
			else if (len - j > 2 && strncmp(s + j, "& ", 2) == 0)
				j += 2;
			else if (!comma)
				break;
			j = kin_spaces(u, len, j);
		}
	}
	return (n);
}

/*
 * The bytes of a person's hit that are the surname (the words of the
 * listed name before its comma, as many from the hit's end; the last
 * word where the listed name has no comma), a hit of that many words or
 * fewer whole: "Hafez al-Assad" of "AL-ASSAD, Hafez" gives "al-Assad",
 * "Benjamin Arellano Felix" of "ARELLANO FELIX, Benjamin Alberto"
 * "Arellano Felix".  Returns 0 if the hit has no word.
 */
int
kin_surname(const char *s, const struct match_hit *h, size_t *from,
    size_t *to)
{
	const char	*comma, *p;
	size_t		 words = 1, i;

	if (h->name != NULL && (comma = strchr(h->name, ',')) != NULL) {
		for (p = h->name; p < comma; p++)
			words += *p == ' ';
	}
	for (i = h->end; i > h->start && s[i - 1] == ' '; i--)
		;
	*to = i;
	for (; i > h->start; i--) {
		if (s[i - 1] == ' ' && --words == 0)
			break;
	}
	*from = i;
	return (*to > *from);
}

/*
 * The word of a listed name's given names (after its comma) that is an
 * East Slavic patronymic ("Arkadyevich", "Viktorovych", "Ivanovna"), the
 * father's given name and an ending; *n gets its length.
 */
static const char *
kin_patronymic(const char *name, size_t *n)
{
	static const char *const ends[] = { "vich", "vych", "vna", "ichna" };
	const char	*p, *w;
	size_t		 k, e;

	if (name == NULL || (p = strchr(name, ',')) == NULL)
		return (NULL);
	for (p++; *p != '\0'; p = w + *n) {
		while (*p == ' ')
			p++;
		w = p;
		*n = strcspn(w, " ");
		for (k = 0; k < nitems(ends); k++) {
			e = strlen(ends[k]);
			if (*n > e + 2 &&
			    strncasecmp(w + *n - e, ends[k], e) == 0)
				return (w);
		}
		if (*n == 0)
			break;
	}
	return (NULL);
}

/* The first given name of a listed name (after its comma), or NULL. */
static const char *
kin_first_given(const char *name)
{
	const char	*p;

	if (name == NULL || (p = strchr(name, ',')) == NULL)
		return (NULL);
	for (p++; *p == ' '; p++)
		;
	return (*p != '\0' ? p : NULL);
}

/* Whether two names start with the same three letters, case aside. */
static int
kin_same_start(const char *a, const char *b)
{
	return (a != NULL && b != NULL && strncasecmp(a, b, 3) == 0 &&
	    strlen(a) >= 3 && strlen(b) >= 3);
}

/*
 * Whether the listed person named rel may be the relative (of kind) of
 * the one named anchor, by East Slavic patronymics, where the list gives
 * them: a son's or daughter's is the father's given name ("ROTENBERG,
 * Igor Arkadyevich" of "ROTENBERG, Arkady Romanovich"; not "PETROV, Yury
 * Aleksandrovich" of "PETROV, Sergei Valentinovich"), a father's given
 * name the anchor's, and siblings share theirs.  Names without one say
 * nothing against.
 */
int
kin_related(const char *anchor, const char *rel, enum kin_kind kind)
{
	const char	*pa, *pr;
	size_t		 na, nr;

	pa = kin_patronymic(anchor, &na);
	pr = kin_patronymic(rel, &nr);
	switch (kind) {
	case KIN_CHILD:
		return (pr == NULL || kin_first_given(anchor) == NULL ||
		    kin_same_start(pr, kin_first_given(anchor)));
	case KIN_FATHER:
		return (pa == NULL || kin_first_given(rel) == NULL ||
		    kin_same_start(pa, kin_first_given(rel)));
	case KIN_SIBLING:
		return (pa == NULL || pr == NULL || kin_same_start(pa, pr));
	default:
		return (1);
	}
}
