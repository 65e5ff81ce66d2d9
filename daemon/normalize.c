/*
 * Normalization: text and watchlist names are cut into the same tokens, so
 * that matching compares token hashes and is word-bounded by construction.
 *
 * A token is a maximal run of word characters: ASCII letters and digits, and
 * any non-ASCII code point that is a letter, a mark or a number (so
 * Cyrillic and accented Latin words are tokens); everything else separates.
 * '&' is a token of its own that reads as "and".  Invalid UTF-8 bytes count
 * as word characters, the same way on both sides.
 *
 * Each token gets two 64-bit hashes:
 *   hash  of its folded form: lower case, diacritics stripped ("Müller" is
 *         "muller"), ligatures expanded ("ß" is "ss"), Cyrillic
 *         transliterated BGN-style ("Жапаров" is "zhaparov");
 *   skel  of its spelling skeleton, the folded form with the spelling
 *         variants of transliteration and the press merged: y/i, w/v, q/k,
 *         x/ks, kh/ch/h, zh/dzh/j, ph/f, ts/tz/c, ck/k, ue/u, oe/o, a leading
 *         or post-vowel "ye" as "e", and doubled letters as one.  So
 *         "TEKHNOLOGII" and "Technologii", "Zhaparov" and "Japarov", "Sadyr"
 *         and "Sadir", "Mueller" and "Müller" share a skeleton.
 * Names and text go through this very code, so they agree by construction.
 *
 * Cost: one pass over the bytes.  Per byte, a class lookup and one step of
 * a branch-free skeleton table (indexed by the byte and the two before it,
 * never by an earlier result, so steps overlap).  An ASCII word's folded
 * hash is then made from 8-byte loads of the text, lower-cased by setting
 * bit 5; a word with non-ASCII is hashed again from its folded bytes.  The
 * folding of non-ASCII code points comes from a table built once, on first
 * use, with utf8proc (case folding, decomposition, mark stripping) and a
 * hand-written Cyrillic transliteration; utf8proc is never called per byte.
 * Both hashes pack the folded bytes eight at a time into a word mixed with
 * one multiply, so every path gives the same value for the same folded
 * bytes.  A word longer than NORM_TOKEN_MAX folded bytes is hashed as it
 * comes and its skeleton is its folded form.  Nothing is allocated and a
 * token of any length takes constant memory.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "sanctwatch.h"

#define NORM_K1		0x9e3779b97f4a7c15ULL
#define NORM_K2		0xff51afd7ed558ccdULL
#define NORM_FOLD_MAX	0x3000		/* code points with a fold entry */
#define NORM_BMP	0x10000
#define NORM_TOKEN_MAX	64		/* folded bytes hashed from a buffer */

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

enum nclass {
	N_SEP,		/* separates tokens */
	N_WORD,		/* ASCII letter or digit */
	N_AMP,		/* '&', a token "and" */
	N_HIGH,		/* first byte of a non-ASCII sequence */
};

/* What a code point below NORM_FOLD_MAX folds to. */
struct fold {
	uint8_t		 word;		/* 0: separator */
	uint8_t		 translit;	/* Cyrillic, transliterated */
	uint8_t		 len;		/* bytes in s */
	char		 s[5];
};

/* An accumulating hash: bytes are packed into w, mixed every eight. */
struct nhash {
	uint64_t	 h;
	uint64_t	 w;
	unsigned	 n;		/* bytes in w */
	size_t		 len;
};

/*
 * The skeleton is made by a table lookup per byte with no branches and no
 * dependence on earlier lookups: the letter before and the class of the
 * one before that (start or vowel, 'd', other) select a row; the byte
 * selects a transition: step back over 0-2 letters written, write 0-2
 * letters (or the byte itself, for anything but a-z).
 */
enum {
	SK_OTHER = 26,			/* 0..25: the letters a..z */
	SK_START = 27,
	SK_NIN = 27,
	SK_NCTX = 28 * 3,
};
static const struct {
	uint32_t	 cp;
	const char	*latin;
} normalize_cyrillic[] = {
	{ 0x430, "a" }, { 0x431, "b" }, { 0x432, "v" }, { 0x433, "g" },
	{ 0x434, "d" }, { 0x435, "e" }, { 0x436, "zh" }, { 0x437, "z" },
	{ 0x438, "i" }, { 0x439, "y" }, { 0x43a, "k" }, { 0x43b, "l" },
	{ 0x43c, "m" }, { 0x43d, "n" }, { 0x43e, "o" }, { 0x43f, "p" },
	{ 0x440, "r" }, { 0x441, "s" }, { 0x442, "t" }, { 0x443, "u" },
	{ 0x444, "f" }, { 0x445, "kh" }, { 0x446, "ts" }, { 0x447, "ch" },
	{ 0x448, "sh" }, { 0x449, "shch" }, { 0x44a, "" }, { 0x44b, "y" },
	{ 0x44c, "" }, { 0x44d, "e" }, { 0x44e, "yu" }, { 0x44f, "ya" },
	{ 0x450, "e" }, { 0x451, "e" }, { 0x452, "dj" }, { 0x453, "g" },
	{ 0x454, "ye" }, { 0x455, "dz" }, { 0x456, "i" }, { 0x457, "yi" },
	{ 0x458, "j" }, { 0x459, "lj" }, { 0x45a, "nj" }, { 0x45b, "c" },
	{ 0x45c, "k" }, { 0x45d, "i" }, { 0x45e, "u" }, { 0x45f, "dzh" },
	{ 0x491, "g" }, { 0x493, "g" }, { 0x49b, "k" }, { 0x4a3, "ng" },
	{ 0x4af, "u" }, { 0x4b1, "u" }, { 0x4bb, "h" }, { 0x4d9, "a" },
	{ 0x4e9, "o" }, { 0x4b7, "j" }, { 0x4e3, "i" }, { 0x4ef, "u" },
};

/* Latin letters that do not decompose, and their ASCII forms. */
static const struct {
	uint32_t	 cp;
	const char	*latin;
} normalize_latin[] = {
	{ 0xdf, "ss" }, { 0xe6, "ae" }, { 0xf0, "d" }, { 0xf8, "o" },
	{ 0xfe, "th" }, { 0x111, "d" }, { 0x127, "h" }, { 0x131, "i" },
	{ 0x138, "k" }, { 0x142, "l" }, { 0x14b, "ng" }, { 0x153, "oe" },
	{ 0x167, "t" }, { 0x180, "b" }, { 0x1e5, "g" }, { 0x237, "j" },
};

static unsigned char	normalize_class[256];
static unsigned char	normalize_lower[256];
static unsigned char	normalize_word[256];	/* lower case, or 0 */
static unsigned char	normalize_skin[256];	/* byte -> input */
static unsigned char	normalize_skpp[SK_START + 1];	/* -> class 0-2 */
static uint64_t		normalize_sk[SK_NCTX][SK_NIN];
static struct fold	normalize_fold[NORM_FOLD_MAX];
static uint8_t		normalize_sep[NORM_BMP / 8];	/* above the folds */
static int		normalize_ready;

static void	normalize_init_skel(void);

/* Encode a code point as UTF-8 into b; return its length. */
static size_t
normalize_encode(uint32_t cp, char *b)
{
	utf8proc_ssize_t	 n;

	n = utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)b);
	return (n > 0 ? (size_t)n : 0);
}

/* Whether utf8proc says a code point is part of a word. */
static int
normalize_is_word(uint32_t cp)
{
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return (1);
	default:
		return (0);
	}
}

/* Set the folded form of a table entry, lower-casing ASCII. */
static void
normalize_set(struct fold *f, const char *s, size_t n)
{
	size_t	 i;

	if (n > sizeof f->s)
		n = sizeof f->s;
	for (i = 0; i < n; i++) {
		f->s[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ?
		    s[i] - 'A' + 'a' : s[i]);
	}
	f->len = (uint8_t)n;
}

/* Fill the fold entry of one non-ASCII code point below NORM_FOLD_MAX. */
static void
normalize_init_cp(uint32_t cp)
{
	struct fold		*f = &normalize_fold[cp];
	utf8proc_uint8_t	*out = NULL;
	utf8proc_ssize_t	 n;
	utf8proc_int32_t	 lc;
	char			 b[8];
	size_t			 i, k;

	if (!normalize_is_word(cp))
		return;
	f->word = 1;
	lc = utf8proc_tolower((utf8proc_int32_t)cp);
	for (i = 0; i < nitems(normalize_cyrillic); i++) {
		if (normalize_cyrillic[i].cp == (uint32_t)lc) {
			normalize_set(f, normalize_cyrillic[i].latin,
			    strlen(normalize_cyrillic[i].latin));
			f->translit = 1;
			return;
		}
	}
	for (i = 0; i < nitems(normalize_latin); i++) {
		if (normalize_latin[i].cp == (uint32_t)lc) {
			normalize_set(f, normalize_latin[i].latin,
			    strlen(normalize_latin[i].latin));
			return;
		}
	}
	k = normalize_encode(cp, b);
	n = utf8proc_map((const utf8proc_uint8_t *)b, (utf8proc_ssize_t)k,
	    &out, UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE |
	    UTF8PROC_STRIPMARK);
	if (n >= 0 && (size_t)n <= sizeof f->s)
		normalize_set(f, (const char *)out, (size_t)n);
	else
		normalize_set(f, b, normalize_encode((uint32_t)lc, b));
	free(out);
}

/* Build the byte tables and the code point tables, once. */
static void
normalize_init(void)
{
	uint32_t	 cp;
	int		 c;

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
	for (c = 0; c < 256; c++) {
		normalize_word[c] = normalize_class[c] == N_WORD ?
		    normalize_lower[c] : 0;
	}
	normalize_init_skel();
	for (cp = 0x80; cp < NORM_FOLD_MAX; cp++)
		normalize_init_cp(cp);
	for (cp = NORM_FOLD_MAX; cp < NORM_BMP; cp++) {
		if (!normalize_is_word(cp))
			normalize_sep[cp / 8] |= (uint8_t)(1u << (cp % 8));
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
	else if (c >= 0xe0 && c < 0xf0)
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

/* Mix a word into a hash. */
static inline uint64_t
normalize_mix(uint64_t h)
{
	h *= NORM_K1;
	return (h ^ (h >> 32));
}

/* Add one folded byte to a streaming hash. */
static inline void
normalize_hpush(struct nhash *a, unsigned c)
{
	a->w |= (uint64_t)c << (8 * a->n);
	a->len++;
	if (++a->n == 8) {
		a->h = normalize_mix(a->h ^ a->w);
		a->w = 0;
		a->n = 0;
	}
}

/* The final value of a streaming hash. */
static inline uint64_t
normalize_hend(const struct nhash *a)
{
	uint64_t	 h;

	h = (a->h ^ a->w ^ ((uint64_t)a->len << 56)) * NORM_K2;
	return (h ^ (h >> 29));
}

/*
 * The hash of n bytes in b: the value the streaming hash gives for the same
 * bytes.  The words are put together a byte at a time, since b was just
 * written a byte at a time and a wide load would stall on it.
 */
static inline uint64_t
normalize_hbuf(const unsigned char *b, size_t n)
{
	struct nhash	 h;
	size_t		 i;

	memset(&h, 0, sizeof h);
	for (i = 0; i < n; i++)
		normalize_hpush(&h, b[i]);
	return (normalize_hend(&h));
}

/* Whether a letter is a vowel. */
static int
normalize_vowel(unsigned c)
{
	return (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u');
}

/* A transition: step back, write c (and d), packed in a word. */
static uint64_t
normalize_tr(unsigned back, unsigned c, unsigned d)
{
	return ((uint64_t)back | (uint64_t)((c != 0) + (d != 0)) << 8 |
	    (uint64_t)c << 16 | (uint64_t)d << 24);
}

/*
 * The skeleton rule for letter l after input letter p (0 at the start),
 * with pp the class of the input before p (0 start or vowel, 1 'd', 2
 * other).  Letters are mapped first: y is 'Y', w 'v', q 'k'.
 */
static uint64_t
normalize_rule(unsigned pp, unsigned p, unsigned l)
{
	switch (l) {
	case 'x':
		return (p == 'k' ? normalize_tr(0, 's', 0) :
		    normalize_tr(0, 'k', 's'));
	case 'h':
		if (p == 'k' || p == 'c')
			return (normalize_tr(1, 'h', 0));
		if (p == 'z')
			return (normalize_tr(pp == 1 ? 2 : 1, 'j', 0));
		if (p == 'p')
			return (normalize_tr(1, 'f', 0));
		break;
	case 's':
	case 'z':
		if (p == 't')
			return (normalize_tr(1, 'c', 0));
		break;
	case 'k':
		if (p == 'c')
			return (normalize_tr(1, 'k', 0));
		break;
	case 'e':
		if (p == 'u' || p == 'o')
			return (0);
		if (p == 'Y' && pp == 0)
			return (normalize_tr(1, 'e', 0));
		break;
	case 'Y':
	case 'i':
		if (p == 'i' || p == 'Y')
			return (0);
		return (normalize_tr(0, 'i', 0));
	}
	if (l == p)
		return (0);
	return (normalize_tr(0, l, 0));
}

/* Map a letter as the skeleton reads it. */
static unsigned
normalize_skletter(unsigned in)
{
	unsigned	 l = 'a' + in;

	return (l == 'y' ? 'Y' : l == 'w' ? 'v' : l == 'q' ? 'k' : l);
}

/* Build the skeleton tables. */
static void
normalize_init_skel(void)
{
	unsigned	 p, pp, in, l;
	int		 c;

	for (c = 0; c < 256; c++) {
		normalize_skin[c] = c >= 'a' && c <= 'z' ?
		    (unsigned char)(c - 'a') : SK_OTHER;
	}
	for (in = 0; in <= SK_START; in++) {
		l = in < 26 ? 'a' + in : 0;
		normalize_skpp[in] = in == SK_START || normalize_vowel(l) ? 0 :
		    l == 'd' ? 1 : 2;
	}
	for (p = 0; p <= SK_START; p++) {
		for (pp = 0; pp < 3; pp++) {
			for (in = 0; in < SK_NIN; in++) {
				if (in == SK_OTHER) {
					normalize_sk[p * 3 + pp][in] =
					    1u << 8 | 0xffULL << 32;
					continue;
				}
				l = normalize_skletter(in);
				normalize_sk[p * 3 + pp][in] = normalize_rule(pp,
				    p < 26 ? normalize_skletter(p) : 0, l);
			}
		}
	}
}

/*
 * One step of the skeleton over folded byte c; p and pp are the inputs
 * before it.  Never steps back past the start.
 */
#define NORMALIZE_SSTEP(p, pp, sb, ks, c) do {				\
	unsigned in_ = normalize_skin[c];				\
	uint64_t t_ = normalize_sk[(p) * 3 + normalize_skpp[pp]][in_];	\
	size_t b_ = t_ & 0xff;						\
	(ks) = (ks) >= b_ ? (ks) - b_ : 0;				\
	(sb)[(ks)] = (unsigned char)((t_ >> 16) | ((c) & (t_ >> 32)));	\
	(sb)[(ks) + 1] = (unsigned char)(t_ >> 24);			\
	(ks) += (t_ >> 8) & 0xff;					\
	(pp) = (p);							\
	(p) = in_;							\
} while (0)

/*
 * The class of the code point at s[i] (N_SEP or N_WORD), its length in *k
 * and, for a word character, its folded bytes in *f and *flen.
 */
static int
normalize_high(const unsigned char *s, size_t i, size_t len, size_t *k,
    const char **f, size_t *flen, int *translit)
{
	uint32_t		 cp;
	const struct fold	*fo;

	*k = normalize_utf8(s, i, len, &cp);
	*translit = 0;
	if (*k == 1) {			/* invalid: the byte itself */
		*f = (const char *)s + i;
		*flen = 1;
		return (N_WORD);
	}
	if (cp < NORM_FOLD_MAX) {
		fo = &normalize_fold[cp];
		if (!fo->word)
			return (N_SEP);
		*f = fo->s;
		*flen = fo->len;
		*translit = fo->translit;
		return (N_WORD);
	}
	if (cp < NORM_BMP && (normalize_sep[cp / 8] & (1u << (cp % 8))))
		return (N_SEP);
	*f = (const char *)s + i;
	*flen = *k;
	return (N_WORD);
}

/*
 * Hash a token longer than NORM_TOKEN_MAX folded bytes from its start
 * t->start as its bytes come; its skeleton is its folded form.  Returns
 * the offset after the token.
 */
static size_t
normalize_long(const unsigned char *s, size_t len, struct token *t)
{
	struct nhash	 h;
	const char	*f;
	size_t		 i = t->start, j, cl, fl;
	int		 cls, tr;

	memset(&h, 0, sizeof h);
	while (i < len) {
		cls = normalize_class[s[i]];
		if (cls == N_WORD) {
			normalize_hpush(&h, normalize_lower[s[i++]]);
			continue;
		}
		if (cls != N_HIGH || normalize_high(s, i, len, &cl, &f, &fl,
		    &tr) == N_SEP)
			break;
		for (j = 0; j < fl; j++)
			normalize_hpush(&h, (unsigned char)f[j]);
		if (tr)
			t->flags |= TOKEN_TRANSLIT;
		i += cl;
	}
	t->hash = t->skel = normalize_hend(&h);
	t->flen = h.len;
	return (i);
}

/*
 * The hash of an ASCII token of n letters and digits at b, read a word at a
 * time from the text (avail bytes are readable) and lower-cased by setting
 * bit 5 of every byte, which leaves digits as they are: the value the
 * streaming hash gives for its folded bytes.
 */
static inline uint64_t
normalize_hascii(const unsigned char *b, size_t n, size_t avail)
{
	uint64_t	 h = 0, w = 0;
	size_t		 i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		h = normalize_mix(h ^ (w | 0x2020202020202020ULL));
	}
	w = 0;
	if (i < n) {
		memcpy(&w, b + i, avail - i >= 8 ? 8 : n - i);
		w |= 0x2020202020202020ULL;
		w &= ~0ULL >> (8 * (8 - (n - i)));
	}
	h = (h ^ w ^ ((uint64_t)n << 56)) * NORM_K2;
	return (h ^ (h >> 29));
}

/* The hash of the folded bytes of a token with non-ASCII in s[from..to). */
static uint64_t
normalize_rehash(const unsigned char *s, size_t from, size_t to, size_t len)
{
	struct nhash	 h;
	const char	*f;
	size_t		 i = from, j, cl, fl;
	int		 tr;

	memset(&h, 0, sizeof h);
	while (i < to) {
		if (normalize_class[s[i]] == N_WORD) {
			normalize_hpush(&h, normalize_lower[s[i++]]);
			continue;
		}
		if (normalize_high(s, i, len, &cl, &f, &fl, &tr) != N_WORD)
			break;		/* cannot happen: a token's bytes */
		for (j = 0; j < fl; j++)
			normalize_hpush(&h, (unsigned char)f[j]);
		i += cl;
	}
	return (normalize_hend(&h));
}

/*
 * Read the token that starts at s[*ip] into t and return 1, or 0 if s[*ip]
 * turned out to be a separator; *ip is left after what was read.
 * The folded bytes go to a buffer and are hashed a word at a time; the
 * skeleton is made from the buffer.
 */
static inline int
normalize_token(const unsigned char *s, size_t *ip, size_t len,
    struct token *t)
{
	unsigned char	 sb[2 * NORM_TOKEN_MAX + 8];
	const char	*f;
	size_t		 i = *ip, kf = 0, ks = 0, cl, fl, j;
	unsigned	 c, p = SK_START, pp = SK_START;
	int		 tr, high = 0;

	t->start = i;
	t->flags = 0;
	for (;;) {
		while (i < len && (c = normalize_word[s[i]]) != 0 &&
		    kf < NORM_TOKEN_MAX) {
			kf++;
			NORMALIZE_SSTEP(p, pp, sb, ks, c);
			i++;
		}
		if (i >= len || normalize_class[s[i]] != N_HIGH) {
			if (kf == NORM_TOKEN_MAX && i < len &&
			    normalize_class[s[i]] == N_WORD)
				break;	/* too long */
			goto done;
		}
		if (normalize_high(s, i, len, &cl, &f, &fl, &tr) == N_SEP) {
			if (i == t->start) {
				*ip = i + cl;
				return (0);
			}
			goto done;
		}
		if (kf + fl > NORM_TOKEN_MAX)
			break;
		high = 1;
		for (j = 0; j < fl; j++) {
			c = (unsigned char)f[j];
			kf++;
			NORMALIZE_SSTEP(p, pp, sb, ks, c);
		}
		if (tr)
			t->flags |= TOKEN_TRANSLIT;
		i += cl;
	}
	*ip = t->end = normalize_long(s, len, t);
	return (1);
done:
	*ip = t->end = i;
	t->flen = kf;
	if (high)
		t->hash = normalize_rehash(s, t->start, i, len);
	else
		t->hash = normalize_hascii(s + t->start, kf, len - t->start);
	t->skel = normalize_hbuf(sb, ks);
	return (1);
}

/* The "and" token of an ampersand at s[i]. */
static void
normalize_amp(struct token *t, size_t i)
{
	static const unsigned char	 and[8] = "and";

	t->start = i;
	t->end = i + 1;
	t->flags = 0;
	t->flen = 3;
	t->hash = t->skel = normalize_hbuf(and, 3);
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
	size_t			 i = *pos, n = 0;

	if (!normalize_ready)
		normalize_init();
	while (i < len && n < max) {
		switch (normalize_class[s[i]]) {
		case N_SEP:
			i++;
			continue;
		case N_AMP:
			normalize_amp(&out[n++], i++);
			continue;
		}
		n += normalize_token(s, &i, len, &out[n]);
	}
	*pos = i;
	return (n);
}
