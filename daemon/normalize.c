/*
 * Normalization: text and watchlist names are cut into the same tokens, so
 * that matching compares token hashes and is word-bounded by construction.
 *
 * A token is a maximal run of word characters: ASCII letters and digits, and
 * any non-ASCII code point that is not punctuation or a space (so Cyrillic
 * and accented Latin words are tokens).  ASCII is folded to lower case;
 * other code points are kept as they are for now (the next matcher folds
 * case and diacritics and transliterates).  '&' is a token of its own that
 * hashes as "and".  Invalid UTF-8 bytes count as word characters, the same
 * way on both sides.  The work is one pass over the bytes with a table
 * lookup for ASCII; nothing is allocated.
 */
#include <string.h>

#include "sanctwatch.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

enum nclass {
	N_SEP,		/* separates tokens */
	N_WORD,		/* ASCII letter or digit */
	N_AMP,		/* '&', a token "and" */
	N_HIGH,		/* first byte of a non-ASCII sequence */
};

/* The class of each byte; built once, on first use. */
static unsigned char	normalize_class[256];
static unsigned char	normalize_lower[256];
static int		normalize_ready;

/* Fill the byte tables. */
static void
normalize_init(void)
{
	int	 c;

	for (c = 0; c < 256; c++) {
		normalize_lower[c] = (unsigned char)c;
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
			normalize_class[c] = N_WORD;
		else if (c >= 'A' && c <= 'Z') {
			normalize_class[c] = N_WORD;
			normalize_lower[c] = (unsigned char)(c - 'A' + 'a');
		} else if (c == '&')
			normalize_class[c] = N_AMP;
		else if (c >= 0x80)
			normalize_class[c] = N_HIGH;
		else
			normalize_class[c] = N_SEP;
	}
	normalize_ready = 1;
}

/*
 * Decode the UTF-8 sequence at s[i]; return its length (1 for an invalid
 * byte) and the code point in *cp (0xfffd if invalid).
 */
static size_t
normalize_utf8(const unsigned char *s, size_t i, size_t len, uint32_t *cp)
{
	size_t		 n, k;
	uint32_t	 c = s[i];

	if (c >= 0xf0 && c < 0xf5)
		n = 4, c &= 0x07;
	else if (c >= 0xe0)
		n = 3, c &= 0x0f;
	else if (c >= 0xc2 && c < 0xe0)
		n = 2, c &= 0x1f;
	else {
		*cp = 0xfffd;
		return (1);
	}
	if (i + n > len) {
		*cp = 0xfffd;
		return (1);
	}
	for (k = 1; k < n; k++) {
		if ((s[i + k] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return (1);
		}
		c = c << 6 | (s[i + k] & 0x3f);
	}
	*cp = c;
	return (n);
}

/* Whether a non-ASCII code point separates words (spaces, punctuation). */
static int
normalize_is_sep(uint32_t cp)
{
	return ((cp >= 0x80 && cp <= 0xbf && cp != 0xaa && cp != 0xb5 &&
	    cp != 0xba) || cp == 0xd7 || cp == 0xf7 ||
	    (cp >= 0x2000 && cp <= 0x206f) || (cp >= 0x2190 && cp <= 0x2bff) ||
	    (cp >= 0x3000 && cp <= 0x303f) || cp == 0xfeff ||
	    (cp >= 0xff01 && cp <= 0xff0f));
}

/*
 * Cut s[*pos..len) into at most max tokens; *pos is left after the last
 * token returned, so a caller can resume with the next chunk.
 */
size_t
normalize_tokens(const char *text, size_t len, size_t *pos, struct token *out,
    size_t max)
{
	const unsigned char	*s = (const unsigned char *)text;
	struct token		*t;
	uint64_t		 h;
	uint32_t		 cp;
	size_t			 i = *pos, n = 0, k;

	if (!normalize_ready)
		normalize_init();
	while (i < len && n < max) {
		switch (normalize_class[s[i]]) {
		case N_SEP:
			i++;
			continue;
		case N_AMP:
			t = &out[n++];
			t->hash = ((FNV_OFFSET ^ 'a') * FNV_PRIME ^ 'n') *
			    FNV_PRIME;
			t->hash = (t->hash ^ 'd') * FNV_PRIME;
			t->start = i;
			t->end = ++i;
			t->flen = 3;
			continue;
		case N_HIGH:
			k = normalize_utf8(s, i, len, &cp);
			if (normalize_is_sep(cp)) {
				i += k;
				continue;
			}
			break;
		}
		t = &out[n++];
		t->start = i;
		h = FNV_OFFSET;
		while (i < len) {
			if (normalize_class[s[i]] == N_WORD) {
				h = (h ^ normalize_lower[s[i]]) * FNV_PRIME;
				i++;
				continue;
			}
			if (normalize_class[s[i]] != N_HIGH)
				break;
			k = normalize_utf8(s, i, len, &cp);
			if (normalize_is_sep(cp))
				break;
			for (; k > 0; k--, i++)
				h = (h ^ s[i]) * FNV_PRIME;
		}
		t->end = i;
		t->hash = h;
		t->flen = i - t->start;
	}
	*pos = i;
	return (n);
}
