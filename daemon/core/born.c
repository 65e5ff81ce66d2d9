/*
 * born: what a text says of the age of the persons it names, against the
 * years of birth the lists give (entity.born_lo, born_hi).  A document's
 * year is its published date (a feed item's), else the date of its
 * dateline; an age is the one the text gives right beside a name ("Hassan
 * Nasrallah, 52,", "the 52-year-old Hassan Nasrallah").  A person born
 * after the text's year, or a child then, or of another age than the text
 * gives, is another person of the name: the grandson listed in 2019 is not
 * the president of the 1996 wire, nor is a shopkeeper of 52 the listed man
 * of 43.  Only the text is read.
 */
#include <stddef.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

#define BORN_DATELINE	400	/* bytes at the start a dateline may be in */
#define BORN_AGE_MAX	120	/* an age the text may give */
#define BORN_ADULT	15	/* a person younger is not the listed one */
#define BORN_OFFICE	30	/* nor, in a high office, one younger */

static const char *const born_months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};
static const char *const born_days[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday",
};

/* ASCII classes, so that the locale never matters. */
static int
born_digit(char c)
{
	return (c >= '0' && c <= '9');
}

static int
born_lower(char c)
{
	return (c >= 'a' && c <= 'z');
}

static int
born_alpha(char c)
{
	return (born_lower(c) || (c >= 'A' && c <= 'Z'));
}

/* The number of n digits at p (n <= 4). */
static unsigned
born_number(const char *p, size_t n)
{
	unsigned	 v = 0;

	while (n-- > 0)
		v = v * 10 + (unsigned)(*p++ - '0');
	return (v);
}

/* How many digits start p[0..n), at most 5. */
static size_t
born_digits(const char *p, size_t n)
{
	size_t	 k;

	for (k = 0; k < n && k < 5 && born_digit(p[k]); k++)
		;
	return (k);
}

/*
 * Whether the word p[0..n) is one of names[0..count) written whole, or its
 * first three letters with or without a full stop ("Mar", "MAR.", "Sept"
 * too), in any case.
 */
static int
born_word_of(const char *p, size_t n, const char *const *names,
    size_t count)
{
	char		 w[12];
	size_t		 i, k;

	if (n > 0 && p[n - 1] == '.')
		n--;
	if (n < 3 || n >= sizeof w)
		return (0);
	for (k = 0; k < n; k++) {
		if (!born_alpha(p[k]))
			return (0);
		w[k] = (char)(p[k] | 0x20);
	}
	w[n] = '\0';
	for (i = 0; i < count; i++) {
		if (strcmp(w, names[i]) == 0 || (n <= 4 &&
		    strncmp(w, names[i], n) == 0))
			return (1);
	}
	return (0);
}

/* A year of a date (1900 to 2199) at p[0..n) as four digits alone; or 0. */
static unsigned
born_year(const char *p, size_t n)
{
	unsigned	 y;

	if (n < 4 || born_digits(p, n) != 4)
		return (0);
	y = born_number(p, 4);
	return (y >= 1900 && y <= 2199 ? y : 0);
}

/*
 * The year of a date that starts at p[0..n): "1996-08-22", "26-FEB-1987",
 * "March 3, 1987", "Mar. 3 1987", "3 March 1997"; or 0.
 */
static unsigned
born_date(const char *p, size_t n)
{
	size_t		 d, w, i;

	d = born_digits(p, n);
	if (d == 4 && n >= 10 && p[4] == '-' && born_digits(p + 5, n - 5) ==
	    2 && p[7] == '-' && born_digits(p + 8, n - 8) == 2 &&
	    (n == 10 || !born_digit(p[10])))
		return (born_year(p, n));
	if (d == 1 || d == 2) {
		i = d;
		if (i < n && p[i] == '-') {	/* 26-FEB-1987 */
			if (i + 9 <= n && born_word_of(p + i + 1, 3,
			    born_months, nitems(born_months)) &&
			    p[i + 4] == '-')
				return (born_year(p + i + 5, n - i - 5));
			return (0);
		}
		if (i >= n || p[i] != ' ')
			return (0);
		i++;
		for (w = 0; i + w < n && (born_alpha(p[i + w]) ||
		    p[i + w] == '.'); w++)
			;
		if (!born_word_of(p + i, w, born_months, nitems(born_months)) ||
		    i + w >= n || p[i + w] != ' ')
			return (0);
		return (born_year(p + i + w + 1, n - i - w - 1));
	}
	for (w = 0; w < n && (born_alpha(p[w]) || p[w] == '.'); w++)
		;
	if (w == 0 || !born_word_of(p, w, born_months, nitems(born_months)) ||
	    w >= n || p[w] != ' ')
		return (0);
	i = w + 1;
	if ((d = born_digits(p + i, n - i)) == 0 || d > 2)
		return (0);
	i += d;
	if (i < n && p[i] == ',')
		i++;
	if (i >= n || p[i] != ' ')
		return (0);
	return (born_year(p + i + 1, n - i - 1));
}

/*
 * The year of a dateline on the line p[0..n): a date that nothing but a
 * place in capitals, a weekday and punctuation comes before ("BAGHDAD
 * 1996-08-22", "NEW YORK, March 3, 1987 -", "Monday, 3 March 1997"); or 0.
 */
static unsigned
born_dateline(const char *p, size_t n)
{
	size_t		 i = 0, w, k;
	unsigned	 y;

	while (i < n) {
		if (p[i] == ' ' || p[i] == ',' || p[i] == '(' || p[i] == ')' ||
		    p[i] == '\t' || p[i] == '-' || p[i] == '/') {
			i++;
			continue;
		}
		if ((y = born_date(p + i, n - i)) != 0)
			return (y);
		for (w = 0; i + w < n && p[i + w] != ' ' && p[i + w] != ',' &&
		    p[i + w] != '\t'; w++)
			;
		if (!born_word_of(p + i, w, born_days, nitems(born_days))) {
			for (k = 0; k < w; k++) {
				if (born_lower(p[i + k]) ||
				    born_digit(p[i + k]))
					return (0);
			}
		}
		i += w;
	}
	return (0);
}

/*
 * The year a document was written in, where it says: its published date,
 * else a dateline on one of the lines of its first BORN_DATELINE bytes
 * (born_dateline), so that a story's first sentence ("In March 1987 the
 * bank...") gives none.  0 if it says nothing.
 */
unsigned
born_doc_year(const struct document *doc)
{
	const char	*p, *end, *nl;

	if (doc->published[0] != '\0')
		return (born_year(doc->published, strlen(doc->published)));
	p = doc->text;
	end = doc->text + (doc->len < BORN_DATELINE ? doc->len : BORN_DATELINE);
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl > p) {
			unsigned	 y = born_dateline(p, (size_t)(nl - p));

			if (y != 0)
				return (y);
		}
	}
	return (0);
}

/*
 * The age the text gives right beside a name at s[start..end): "Name,
 * 52,", "Name (52)", "Name, aged 52.", the wire's tokens "Name , 52 ,", or
 * "52-year-old Name"; 0 if none.  A number that goes on ("52.3", "25
 * March", "52 percent") is none.
 */
unsigned
born_age(const char *s, size_t len, size_t start, size_t end)
{
	static const char	 old[] = "-year-old ";
	size_t			 i = end, d, k;
	unsigned		 age;

	while (i < len && s[i] == ' ')
		i++;
	if (i < len && (s[i] == ',' || s[i] == '(')) {
		for (i++; i < len && s[i] == ' '; i++)
			;
		if (len - i > 5 && strncmp(s + i, "aged ", 5) == 0)
			i += 5;
		d = born_digits(s + i, len - i);
		if (d >= 1 && d <= 3) {
			age = born_number(s + i, d);
			for (k = i + d; k < len && s[k] == ' '; k++)
				;
			if ((k == len || s[k] == ',' || s[k] == ')' ||
			    s[k] == ';' || (s[k] == '.' && (k + 1 == len ||
			    !born_digit(s[k + 1])))) && age > 0 &&
			    age <= BORN_AGE_MAX)
				return (age);
		}
	}
	k = sizeof old - 1;
	if (start > k && memcmp(s + start - k, old, k) == 0) {
		i = start - k;
		for (d = 0; d < 3 && i > 0 && born_digit(s[i - 1]); d++)
			i--;
		if (d > 0 && (i == 0 || (!born_alpha(s[i - 1]) &&
		    !born_digit(s[i - 1]))) &&
		    (age = born_number(s + i, d)) > 0 && age <= BORN_AGE_MAX)
			return (age);
	}
	return (0);
}

/*
 * Whether a high office stands right before byte start of s, which one
 * younger than BORN_OFFICE hardly holds: "Defence Minister Pavel
 * Grachev", "Gen. Viktor Barannikov", "Ambassador ...".  Titles that say
 * nothing of age ("Mr", "Sheikh") and offices the young hold are none.
 */
int
born_office(const char *s, size_t start)
{
	static const char *const offices[] = { "admiral", "ambassador",
	    "chairman", "chairwoman", "chancellor", "gen", "general",
	    "governor", "marshal", "minister", "premier", "president",
	    "senator" };
	size_t		 i = start, e, k;

	while (i > 0 && s[i - 1] == ' ')
		i--;
	if (i > 0 && s[i - 1] == '.')
		i--;
	e = i;
	while (i > 0 && born_alpha(s[i - 1]))
		i--;
	if (e == i || (i > 0 && (s[i - 1] == '-' || born_digit(s[i - 1]))))
		return (0);
	for (k = 0; k < nitems(offices); k++) {
		if (strlen(offices[k]) == e - i &&
		    strncasecmp(s + i, offices[k], e - i) == 0)
			return (1);
	}
	return (0);
}

/*
 * Whether a person born in the years lo..hi is another than the one a text
 * of the given year names with the given age (0 if it gives none): born
 * after the text's year less BORN_ADULT (less BORN_OFFICE where the text
 * gives the name a high office: born_office), or, by the age, a year or
 * more outside lo..hi (an age is one of two years of birth; a list's date
 * may be a year off).
 */
int
born_other(unsigned lo, unsigned hi, unsigned year, unsigned age,
    int office)
{
	unsigned	 b;

	if (lo == 0 || year == 0)
		return (0);
	if (lo + (office ? BORN_OFFICE : BORN_ADULT) > year)
		return (1);
	if (age == 0 || age >= year)
		return (0);
	b = year - age;		/* born in b or b - 1 */
	return (b + 1 < lo || b - 1 > hi + 1);
}

/*
 * Whether a person born in year lo at the earliest is another than the
 * one a text that says nothing of its date names, by what holds at any
 * date up to now: the text is no younger than today, so one born after
 * now less BORN_OFFICE holds no high office in it ("President Hafez
 * al-Assad" is not the grandson born in 2001), and one whose age beside
 * the name is more than the listed person has even today is another.  A
 * child or one not yet born by the text's own year cannot be told
 * without its year.
 */
int
born_other_now(unsigned lo, unsigned age, int office)
{
	struct tm	 tm;
	time_t		 t = time(NULL);
	unsigned	 now;

	if (lo == 0 || gmtime_r(&t, &tm) == NULL)
		return (0);
	now = (unsigned)tm.tm_year + 1900;
	if (office && lo + BORN_OFFICE > now)
		return (1);
	return (age != 0 && age < now && now - age + 1 < lo);
}
