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
 *         x/ks, kh/ch/h, zh/dzh/j, ph/f, dh/d, ts/tz/c, ck/k, z/s after a
 *         vowel, ue/u, oe/o, ae/ai, ei/ai after a consonant, a leading or
 *         post-vowel "ye" as "e", and doubled letters as one; a word of
 *         five consonants or more then leaves out the vowels inside it.
 *         So "TEKHNOLOGII" and "Technologii", "Zhaparov" and "Japarov",
 *         "Organization" and "Organisation", "Sadyr" and
 *         "Sadir", "Mueller" and "Müller", "Qaeda" and "Qaida", "Hussein"
 *         and "Husayn", "Hezbollah" and "Hizballah" share a skeleton.
 * Names and text go through this very code, so they agree by construction.
 *
 * Cost.  Every byte takes a fast path: 64 bytes at a time are classified
 * at once (SSE2 compares, or a table where there is no SSE2) into masks of
 * word bytes, bytes >= 0x80 and '&', and words are taken from the masks
 * with count-trailing-zeros, so a word's end costs no branch per byte.  A
 * word of ASCII letters and digits is hashed from 8-byte loads of the
 * text, lower-cased by setting bit 5 and cut to its length by masks from a
 * table (no branch on the length), and its skeleton comes from a
 * per-thread memo of recent words (text is mostly the same few thousand
 * words); only a word not in the memo walks its bytes.  The last 80 bytes
 * of a text, which a window would read past, are copied with zeros after
 * them and take the same path.  A word with a byte >= 0x80 goes a byte at
 * a time: a class lookup and one step of a branch-free skeleton table
 * (indexed by the byte and the two before it, never by an earlier result,
 * so steps overlap), the folded hash made from the folded bytes.  That
 * byte-at-a-time path alone (normalize_tokens_bytewise) is the reference:
 * a unit test and the matcher fuzzer hold every token of the fast path
 * to it.  The folding
 * of non-ASCII code points comes from a table built once, on first use,
 * with utf8proc (case folding, decomposition, mark stripping) and a
 * hand-written Cyrillic transliteration; utf8proc is never called per byte.
 * Both hashes pack the folded bytes eight at a time into a word mixed with
 * one multiply, so every path gives the same value for the same folded
 * bytes.  A word longer than NORM_TOKEN_MAX folded bytes is hashed as it
 * comes and its skeleton is its folded form.  Nothing is allocated but
 * each thread's memo (1 MB, once), and a token of any length takes
 * constant memory.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <utf8proc.h>

#include "core/core.h"

#define NORM_K1		0x9e3779b97f4a7c15ULL
#define NORM_K2		0xff51afd7ed558ccdULL
#define NORM_FOLD_MAX	0x3000		/* code points with a fold entry */
#define NORM_BMP	0x10000
#define NORM_TOKEN_MAX	64		/* folded bytes hashed from a buffer */
#define NORM_WINDOW	64		/* bytes classified at a time */
#define NORM_SLACK	16		/* readable bytes past a window */
#define NORM_MEMO_BITS	16		/* skeleton memo: 64K entries, 1 MB */
#define NORM_CLASS_BITS	8		/* given names' classes */
#define NORM_CLASS_SLOTS ((size_t)1 << NORM_CLASS_BITS)
#define NORM_CONSONANTS	5		/* a word told by its consonants */


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
 * one before that (start, 'd', other, vowel) select a row; the byte
 * selects a transition: step back over 0-2 letters written, write 0-2
 * letters (or the byte itself, for anything but a-z).
 */
enum {
	SK_OTHER = 26,			/* 0..25: the letters a..z */
	SK_START = 27,
	SK_NIN = 27,
	SK_NCTX = 28 * 4,
};
/* What normalize_skel sees in a byte: a vowel is 0. */
enum {
	SKC_CONSONANT = 1,
	SKC_OTHER = 2,		/* not a-z */
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
static unsigned char	normalize_skpp[SK_START + 1];	/* -> class 0-3 */
static unsigned char	normalize_skcls[256];	/* SKC_* of a skeleton byte */
static uint64_t		normalize_sk[SK_NCTX][SK_NIN];
static struct fold	normalize_fold[NORM_FOLD_MAX];
static uint8_t		normalize_sep[NORM_BMP / 8];	/* above the folds */
static uint8_t		normalize_ign[NORM_BMP / 8];	/* ignorable there */
/* The given names' classes: a skeleton, and its class's. */
static uint64_t		normalize_class_key[NORM_CLASS_SLOTS];
static uint64_t		normalize_class_val[NORM_CLASS_SLOTS];
static pthread_once_t	normalize_once = PTHREAD_ONCE_INIT;

/* The low n bytes of a word, n < 8. */
static const uint64_t	 normalize_low[8] = {
	0, 0xff, 0xffff, 0xffffff, 0xffffffffULL, 0xffffffffffULL,
	0xffffffffffffULL, 0xffffffffffffffULL,
};

/*
 * The masks for an ASCII word of n < 16 bytes (normalize_hascii_fast): of
 * its first word, of its second, all ones if the first is whole (mixed),
 * and the length as the hash ends take it.
 */
struct nshort {
	uint64_t	 m0;
	uint64_t	 m1;
	uint64_t	 big;
	uint64_t	 len;
};
static struct nshort	 normalize_short[16];

/*
 * The skeleton memo, one per thread (scans and reload builds run in
 * different threads; the tables above are written once, before either):
 * a direct-mapped cache from the folded hash of an ASCII token to its
 * skeleton hash.  Text is mostly the same few thousand words, so nearly
 * every token finds its skeleton here instead of walking its bytes.  An
 * entry is used only when the whole 64-bit hash agrees, the same trust the
 * matcher gives the hash itself.  Real news has a wider vocabulary than
 * generated text: on the BBC articles, 16K entries left the tokenizer at
 * 570 MB/s, 64K at 780 MB/s (256K adds little more).  A set of two or
 * four words (fewer misses: 1.0% and 0.4% of words on that text, against
 * 2.6%) was no faster: the probe's extra compare cost what the misses
 * saved, and a branch on the way mispredicts.
 */
struct memo {
	uint64_t	 hash;
	uint64_t	 skel;
};
static _Thread_local struct memo *normalize_memo;
static pthread_key_t	normalize_memo_key;
static pthread_once_t	normalize_memo_once = PTHREAD_ONCE_INIT;

static void	normalize_init_skel(void);
static void	normalize_init_classes(void);

/* Encode a code point as UTF-8 into b; return its length. */
static size_t
normalize_encode(uint32_t cp, char *b)
{
	utf8proc_ssize_t	 n;

	n = utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)b);
	return (n > 0 ? (size_t)n : 0);
}

/*
 * What utf8proc says a code point is, from one look at its properties:
 * part of a word (a letter, mark or number), "default ignorable" (a soft
 * hyphen, a zero-width space or joiner, a direction mark, a byte order
 * mark: web pages put them inside words, "Kargo&shy;layn", where the word
 * goes on through them and they fold to nothing; alone they part nothing),
 * or neither: a separator.
 */
enum { NCP_SEP, NCP_WORD, NCP_IGNORABLE };

static int
normalize_cp_kind(uint32_t cp)
{
	const utf8proc_property_t *p = utf8proc_get_property(
				    (utf8proc_int32_t)cp);

	if (p->ignorable)
		return (NCP_IGNORABLE);
	switch (p->category) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return (NCP_WORD);
	default:
		return (NCP_SEP);
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
	int			 kind = normalize_cp_kind(cp);

	if (kind == NCP_SEP)
		return;
	f->word = 1;
	if (kind == NCP_IGNORABLE)
		return;			/* inside a word, folded to nothing */
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
	for (c = 0; c < 16; c++) {
		normalize_short[c].m0 = c < 8 ? normalize_low[c] : 0;
		normalize_short[c].m1 = c < 8 ? 0 : normalize_low[c - 8];
		normalize_short[c].big = c < 8 ? 0 : ~0ULL;
		normalize_short[c].len = (uint64_t)c << 56;
	}
	normalize_init_skel();
	for (cp = 0x80; cp < NORM_FOLD_MAX; cp++)
		normalize_init_cp(cp);
	for (cp = NORM_FOLD_MAX; cp < NORM_BMP; cp++) {
		switch (normalize_cp_kind(cp)) {
		case NCP_IGNORABLE:
			normalize_ign[cp / 8] |= (uint8_t)(1u << (cp % 8));
			break;
		case NCP_SEP:
			normalize_sep[cp / 8] |= (uint8_t)(1u << (cp % 8));
			break;
		}
	}
	normalize_init_classes();
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
 * The hash of n bytes in b, where the 8 bytes after the last whole word
 * may be read: the value the streaming hash gives for the same bytes.
 */
static inline uint64_t
normalize_hbuf(const unsigned char *b, size_t n)
{
	uint64_t	 h = 0, w;
	size_t		 i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		h = normalize_mix(h ^ w);
	}
	memcpy(&w, b + i, 8);
	w &= normalize_low[n - i];
	h = (h ^ w ^ ((uint64_t)n << 56)) * NORM_K2;
	return (h ^ (h >> 29));
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
 * The skeleton hash of skeleton bytes b[0..n).  A word of five consonants
 * or more (doubled letters already one) is long and rare enough to be told
 * by its consonants alone: its vowels inside it (not the first or the last
 * letter) are left out, so the spellings the press and the lists give a
 * transliterated name agree ("Hezbollah" and "Hizballah", "Nasrallah" and
 * "Nasrullah"), while "Kyrgyzstani" stays apart from "Kyrgyzstan".  A
 * shorter word keeps its vowels: "Hassan" is not "Hussein".  A word with a
 * digit or a letter outside a-z keeps them too.  A last "ah" of five
 * letters or more is "a" ("Nakhalah", "Nakhala"; "Khairkhwah",
 * "Khairkhwa"), and a last "ce" of five "se" ("Defence", "Defense").  No
 * branch per byte: this runs for every word the memo does not hold.
 */
static uint64_t
normalize_skel_raw(const unsigned char *b, size_t n)
{
	unsigned char	 c[2 * NORM_TOKEN_MAX + 16];
	unsigned char	 w[2 * NORM_TOKEN_MAX + 16];
	size_t		 i, k = 1, cons = 0;
	unsigned	 x, other = 0, keep;

	/*
	 * A last "ce" is "se" as often: Defence, Defense; Licence.  A last
	 * "eh" is "ah", the Persian spelling of the Arabic ending: Nakhaleh,
	 * Nakhalah; Salameh, Salamah, Salama.  A last "re" after a consonant
	 * is "er", British and American spelling: Centre, Center; Theatre.
	 */
	if (n >= 5 && b[n - 1] == 'e' && b[n - 2] == 'c' && n <= sizeof w) {
		memcpy(w, b, n);
		w[n - 2] = 's';
		b = w;
	} else if (n >= 5 && b[n - 1] == 'h' && b[n - 2] == 'e' &&
	    n <= sizeof w) {
		memcpy(w, b, n);
		w[n - 2] = 'a';
		b = w;
	} else if (n >= 5 && b[n - 1] == 'e' && b[n - 2] == 'r' &&
	    (normalize_skcls[b[n - 3]] & SKC_CONSONANT) && n <= sizeof w) {
		memcpy(w, b, n);
		w[n - 2] = 'e';
		w[n - 1] = 'r';
		b = w;
	}

	for (i = 0; i < n; i++) {
		x = normalize_skcls[b[i]];
		cons += x & SKC_CONSONANT;
		other |= x;
	}
	/*
	 * An Arabic name's last "ah" is "a" as often (Hamzah, Hamza), and
	 * long or short alike: a last "a" counts as the "h" would.
	 */
	if (n >= 5 && b[n - 1] == 'h' && b[n - 2] == 'a')
		n--;
	else if (n >= 3 && b[n - 1] == 'a')
		cons++;
	if ((other & SKC_OTHER) || cons < NORM_CONSONANTS)
		return (normalize_hbuf(b, n));
	/* Keep the first and last letters and every consonant, once. */
	c[0] = 0;
	for (i = 0; i < n; i++) {
		keep = (normalize_skcls[b[i]] & SKC_CONSONANT) | (i == 0) |
		    (i + 1 == n);
		c[k] = b[i];
		k += keep & (c[k - 1] != b[i]);
	}
	return (normalize_hbuf(c + 1, k - 1));
}

/*
 * The skeleton of a given name in the spelling of its class's first
 * (normalize_name_classes), or h itself.  The table is empty while it is
 * built, so the spellings' own skeletons go into it.
 */
static uint64_t
normalize_class_of(uint64_t h)
{
	size_t	 i = (size_t)(h >> (64 - NORM_CLASS_BITS));

	for (; normalize_class_key[i] != 0; i = (i + 1) % NORM_CLASS_SLOTS) {
		if (normalize_class_key[i] == h)
			return (normalize_class_val[i]);
	}
	return (h);
}

/* The skeleton hash of skeleton bytes b[0..n), a name's as its class's. */
static uint64_t
normalize_skel(const unsigned char *b, size_t n)
{
	return (normalize_class_of(normalize_skel_raw(b, n)));
}

/*
 * The skeleton rule for letter l after input letter p (0 at the start),
 * with pp the class of the input before p (0 start, 1 'd', 2 other, 3
 * vowel).  Letters are mapped first: y is 'Y', w 'v', q 'k'.
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
		if (p == 'd')		/* Ramadhan, Ramadan; Nadhim, Nadim */
			return (0);
		if (p == 'z')
			return (normalize_tr(pp == 1 ? 2 : 1, 'j', 0));
		if (p == 'p')
			return (normalize_tr(1, 'f', 0));
		break;
	case 's':
	case 'z':
		if (p == 't')
			return (normalize_tr(1, 'c', 0));
		if (l == 'z' && (normalize_vowel(p) || p == 'Y'))
			return (normalize_tr(0, 's', 0));	/* -ization */
		break;
	case 'k':
		if (p == 'c')
			return (normalize_tr(1, 'k', 0));
		break;
	case 'j':
		if (p == 'd')	/* French: Nadjafabadi, Najafabadi; Djamel */
			return (normalize_tr(1, 'j', 0));
		break;
	case 'e':
		if (p == 'u' || p == 'o')
			return (0);
		if (p == 'Y' && pp == 0)
			return (normalize_tr(1, 'e', 0));
		if (p == 'Y' && pp == 3)	/* Nayef, Nayif; Sayed */
			return (0);
		if (p == 'a')			/* Qaeda, Qaida */
			return (normalize_tr(0, 'i', 0));
		break;
	case 'u':
		if (p == 'o')			/* Douri, Duri */
			return (normalize_tr(1, 'u', 0));
		break;
	case 'o':
		if (p == 'o')			/* Masood, Masud */
			return (normalize_tr(1, 'u', 0));
		break;
	case 'Y':
	case 'i':
		if (p == 'i' || p == 'Y')
			return (0);
		if (p == 'e' && pp != 0 && pp != 3) /* Hussein, Husain */
			return (normalize_tr(1, 'a', 'i'));
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
		normalize_skcls[c] = c < 'a' || c > 'z' ? SKC_OTHER :
		    normalize_vowel((unsigned)c) ? 0 : SKC_CONSONANT;
	}
	for (in = 0; in <= SK_START; in++) {
		l = in < 26 ? 'a' + in : 0;
		normalize_skpp[in] = in == SK_START ? 0 : normalize_vowel(l) ?
		    3 : l == 'd' ? 1 : 2;
	}
	for (p = 0; p <= SK_START; p++) {
		for (pp = 0; pp < 4; pp++) {
			for (in = 0; in < SK_NIN; in++) {
				if (in == SK_OTHER) {
					normalize_sk[p * 4 + pp][in] =
					    1u << 8 | 0xffULL << 32;
					continue;
				}
				l = normalize_skletter(in);
				normalize_sk[p * 4 + pp][in] =
				    normalize_rule(pp, p < 26 ?
				    normalize_skletter(p) : 0, l);
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
	uint64_t t_ = normalize_sk[(p) * 4 + normalize_skpp[pp]][in_];	\
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
	if (cp < NORM_BMP ? (normalize_ign[cp / 8] & (1u << (cp % 8))) != 0 :
	    normalize_cp_kind(cp) == NCP_IGNORABLE)
		*flen = 0;
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

/* normalize_hascii_fast for a word of 16 bytes or more: out of line. */
static __attribute__((noinline)) uint64_t
normalize_hascii_long(const unsigned char *b, size_t n)
{
	uint64_t	 h = 0, w;
	size_t		 i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		h = normalize_mix(h ^ (w | 0x2020202020202020ULL));
	}
	memcpy(&w, b + i, 8);
	w = (w | 0x2020202020202020ULL) & normalize_low[n - i];
	h = (h ^ w ^ ((uint64_t)n << 56)) * NORM_K2;
	return (h ^ (h >> 29));
}

/*
 * normalize_hascii for the fast path, where 16 bytes past the token's start
 * and 8 past any of its bytes may be read: fixed-size loads, and for a word
 * under 16 bytes (nearly all) no branch on its length, which would be
 * mispredicted whenever word lengths cross 8: the masks of its length
 * (normalize_short) keep the first word whole or its first n bytes, and
 * the second word's n - 8 bytes or none.
 */
static inline uint64_t
normalize_hascii_fast(const unsigned char *b, size_t n)
{
	const struct nshort	*m;
	uint64_t		 h, w, w1;

	if (__builtin_expect(n >= 16, 0))
		return (normalize_hascii_long(b, n));
	m = &normalize_short[n];
	memcpy(&w, b, 8);
	memcpy(&w1, b + 8, 8);
	w |= 0x2020202020202020ULL;
	w1 = (w1 | 0x2020202020202020ULL) & m->m1;
	h = (normalize_mix(w) & m->big) ^ (w & m->m0) ^ w1 ^ m->len;
	h *= NORM_K2;
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
		if (normalize_high(s, i, len, &cl, &f, &fl, &tr) == N_SEP ||
		    (fl == 0 && kf == 0)) {	/* an ignorable first: none */
			if (kf == 0) {
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
	t->skel = normalize_skel(sb, ks);
	return (1);
}

/*
 * The spellings of the commonest given names of the Arab world and of one
 * Russian name, which the press and the lists transliterate each their
 * own way, where the skeleton's rules do not already make them one (they
 * do "Hussein" and "Husayn", "Hassan" and "Hasan", "Sergei" and "Sergey"):
 * each class, ended by a NULL, shares the skeleton of its first, so that
 * "Sheikh Mohammed Hussein Fadlallah" finds "FADLALLAH, Shaykh Muhammad
 * Husayn" as a spelling variant; and "Abul", a kunya's "Abu" run together
 * with the article after it, as the 1980s press wrote "Abul Abbas" of
 * ABBAS, Abu.  No word of English prose is among them ("Said" is, and is
 * left out).
 */
static const char *const normalize_name_classes[] = {
	"muhammad", "mohammed", "mohammad", "mohamed", "muhammed", "mohamad",
	"muhamad", "muhamed", "mohamud", "mouhamad", "mouhammad", NULL,
	"ahmad", "ahmed", NULL,
	"muammar", "moammar", "mouammar", NULL,
	"musa", "mousa", "moussa", NULL,
	"mahmud", "mahmoud", "mahmood", NULL,
	"mustafa", "mostafa", "moustafa", "mustapha", "mostapha",
	"moustapha", NULL,
	"usama", "osama", "oussama", NULL,
	"umar", "omar", "omer", NULL,
	"uthman", "othman", "osman", "usman", NULL,
	"abdul", "abdel", "abdal", "abdoul", "abdol", NULL,
	"abdullah", "abdallah", "abdulla", "abdalla", NULL,
	"abu", "abou", "abul", NULL,
	"yusuf", "yousef", "youssef", "yousif", "yusef", "yousuf", "yussuf",
	"youssouf", NULL,
	"khalid", "khaled", NULL,
	"walid", "waleed", NULL,
	"sulayman", "suleiman", "sulaiman", "soliman", "suleyman", NULL,
	"ibrahim", "ebrahim", "ibraheem", NULL,
	"ismail", "ismael", "esmail", "ismaeel", NULL,
	"jafar", "jaafar", "jaffar", NULL,
	"yasir", "yasser", "yaser", NULL,
	"hamid", "hamed", NULL,
	"rashid", "rasheed", "rachid", NULL,
	"majid", "majed", NULL,
	"muhsin", "mohsen", "mohsin", NULL,
	"husayn", "hossein", "hosein", NULL,
	"qasim", "qassem", "qasem", "kassem", "kasim", "qassim", NULL,
	"jamal", "gamal", NULL,
	"tariq", "tareq", "tarek", NULL,
	"izzat", "ezzat", "izzet", NULL,
	"uday", "oday", "odai", NULL,
	"tawfiq", "tawfik", "taufik", "toufic", "tofik", NULL,
	"faisal", "faysal", "feisal", NULL,
	"amir", "amer", "ameer", NULL,
	"salih", "saleh", NULL,
	"nasir", "nasser", "naser", "nassir", NULL,
	"adil", "adel", NULL,
	"jamil", "jameel", NULL,
	"karim", "kareem", NULL,
	"rahim", "raheem", NULL,
	"rahman", "rehman", NULL,
	"salim", "salem", "saleem", NULL,
	"habib", "habeeb", NULL,
	"sadiq", "sadeq", "sadegh", "sadek", NULL,
	"mahdi", "mehdi", NULL,
	"khalil", "khaleel", NULL,
	"nabil", "nabeel", NULL,
	"husni", "hosni", NULL,
	"aleksandr", "alexander", "aleksander", "alexandr", NULL,
};

/* The raw skeleton of a lower-case ASCII word (normalize_init_classes). */
static uint64_t
normalize_word_skel(const char *w)
{
	struct token	 t;
	size_t		 i = 0;

	if (normalize_token((const unsigned char *)w, &i, strlen(w), &t) != 1)
		return (0);
	return (t.skel);
}

/* Fill the given names' classes (normalize_name_classes). */
static void
normalize_init_classes(void)
{
	const char *const	*w;
	uint64_t		 first = 0, h;
	size_t			 i;

	for (w = normalize_name_classes; w < normalize_name_classes +
	    nitems(normalize_name_classes); w++) {
		if (*w == NULL) {
			first = 0;
			continue;
		}
		h = normalize_word_skel(*w);
		if (first == 0) {
			first = h;
			continue;
		}
		if (h == first || h == 0)
			continue;
		i = (size_t)(h >> (64 - NORM_CLASS_BITS));
		while (normalize_class_key[i] != 0 &&
		    normalize_class_key[i] != h)
			i = (i + 1) % NORM_CLASS_SLOTS;
		normalize_class_key[i] = h;
		normalize_class_val[i] = first;
	}
}

/* The "and" token of an ampersand at s[i]. */
static void
normalize_amp(struct token *t, size_t i)
{
	static const unsigned char	 and[8] = "and";	/* 8 readable */

	t->start = i;
	t->end = i + 1;
	t->flags = 0;
	t->flen = 3;
	t->hash = t->skel = normalize_hbuf(and, 3);
}

/* Free a thread's memo when the thread ends. */
static void
normalize_memo_free(void *p)
{
	free(p);
}

/* The key through which a thread's memo is freed when the thread ends. */
static void
normalize_memo_init(void)
{
	if (pthread_key_create(&normalize_memo_key, normalize_memo_free) != 0)
		fatalx("pthread_key_create");
}

/*
 * This thread's memo, made on first use.  An empty entry holds a hash that
 * cannot be looked up in it: entry i is found by the top bits of a hash
 * being i, and it holds one whose top bits are not.
 */
static struct memo *
normalize_memo_get(void)
{
	size_t	 i, n = (size_t)1 << NORM_MEMO_BITS;

	pthread_once(&normalize_memo_once, normalize_memo_init);
	normalize_memo = xreallocarray(NULL, n, sizeof *normalize_memo);
	for (i = 0; i < n; i++) {
		normalize_memo[i].hash = ~(uint64_t)i << (64 - NORM_MEMO_BITS);
		normalize_memo[i].skel = 0;
	}
	pthread_setspecific(normalize_memo_key, normalize_memo);
	return (normalize_memo);
}

/*
 * The skeleton hash of an ASCII token of n < NORM_TOKEN_MAX letters and
 * digits at b whose folded hash is h and which is not in the memo: made the
 * way normalize_token makes it, and put in the memo at e.  Kept out of line,
 * so the fast path's loop stays small.
 */
static __attribute__((noinline)) uint64_t
normalize_skel_miss(struct memo *e, const unsigned char *b, size_t n,
    uint64_t h)
{
	unsigned char	 sb[2 * NORM_TOKEN_MAX + 8];
	size_t		 i, ks = 0;
	unsigned	 c, p = SK_START, pp = SK_START;

	for (i = 0; i < n; i++) {
		c = normalize_lower[b[i]];
		NORMALIZE_SSTEP(p, pp, sb, ks, c);
	}
	e->hash = h;
	e->skel = normalize_skel(sb, ks);
	return (e->skel);
}

/*
 * The skeleton hash of an ASCII token of n < NORM_TOKEN_MAX letters and
 * digits at b whose folded hash is h: from the memo, or made.
 */
static inline uint64_t
normalize_skel_ascii(struct memo *memo, const unsigned char *b, size_t n,
    uint64_t h)
{
	struct memo	*e = &memo[h >> (64 - NORM_MEMO_BITS)];

	if (__builtin_expect(e->hash == h, 1))
		return (e->skel);
	return (normalize_skel_miss(e, b, n, h));
}

/*
 * Masks of the NORM_WINDOW bytes at p, bit k for p[k]: word bytes (ASCII
 * letters and digits, and every byte >= 0x80, which may start a word
 * character), bytes >= 0x80, and '&'.
 */
static inline void
normalize_classify(const unsigned char *p, uint64_t *word, uint64_t *high,
    uint64_t *amp)
{
#ifdef __SSE2__
	const __m128i	 x20 = _mm_set1_epi8(0x20);
	const __m128i	 ba = _mm_set1_epi8((char)(0x80 - 'a'));
	const __m128i	 b0 = _mm_set1_epi8((char)(0x80 - '0'));
	const __m128i	 l26 = _mm_set1_epi8(-128 + 26);
	const __m128i	 l10 = _mm_set1_epi8(-128 + 10);
	const __m128i	 a = _mm_set1_epi8('&');
	__m128i		 v, lt, dg;
	uint64_t	 w = 0, h = 0, m = 0;
	int		 k;

	/*
	 * A byte is a letter if (c | 0x20) - 'a' < 26 and a digit if c - '0'
	 * < 10, as unsigned compares made signed by an offset of 0x80.
	 */
	for (k = 0; k < NORM_WINDOW; k += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + k));
		lt = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, x20), ba),
		    l26);
		dg = _mm_cmplt_epi8(_mm_add_epi8(v, b0), l10);
		w |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(lt, dg), v)) << k;
		h |= (uint64_t)(uint16_t)_mm_movemask_epi8(v) << k;
		m |= (uint64_t)(uint16_t)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, a)) << k;
	}
	*word = w;
	*high = h;
	*amp = m;
#else
	uint64_t	 w = 0, h = 0, m = 0, bit;
	int		 k, c;

	for (k = 0; k < NORM_WINDOW; k++) {
		bit = 1ULL << k;
		c = normalize_class[p[k]];
		if (c == N_WORD || c == N_HIGH)
			w |= bit;
		if (c == N_HIGH)
			h |= bit;
		if (c == N_AMP)
			m |= bit;
	}
	*word = w;
	*high = h;
	*amp = m;
#endif
}

/* Make the token of the ASCII word at s[i + st..i + e). */
static inline void
normalize_ascii(struct memo *memo, const unsigned char *s, size_t i,
    size_t st, size_t e, struct token *t)
{
	uint64_t	 h;

	h = normalize_hascii_fast(s + i + st, e - st);
	t->hash = h;
	t->skel = normalize_skel_ascii(memo, s + i + st, e - st, h);
	t->start = i + st;
	t->end = i + e;
	t->flen = e - st;
	t->flags = 0;
}

/*
 * The tokens of a window of only ASCII words at s[i..]: the k-th run start
 * in starts goes with the k-th run end in ends.  Out of line, so that its
 * loop has the registers to itself.
 */
static __attribute__((noinline)) size_t
normalize_window(struct memo *memo, const unsigned char *s, size_t i,
    uint64_t starts, uint64_t ends, struct token *t0)
{
	struct token	*t = t0;
	size_t		 st, e;

	while (starts != 0) {
		st = (unsigned)__builtin_ctzll(starts);
		e = (unsigned)__builtin_ctzll(ends);
		starts &= starts - 1;
		ends &= ends - 1;
		normalize_ascii(memo, s, i, st, e, t++);
	}
	return ((size_t)(t - t0));
}

/*
 * The fast path for all but the last bytes of the text: classify a window
 * of bytes at once and take its words from the masks, so finding a word's
 * end costs no branch per byte.  A word that reaches the window's end is
 * left for the next window, which starts at it, so every word taken ends
 * inside its window.  A word of ASCII letters and digits is hashed straight
 * from the text and gets its skeleton from the memo; in a window of only
 * such words (most of English text) and with room for all of them, that is
 * all there is to do per word.  A run with a byte >= 0x80 in it, or
 * filling a whole window, goes to normalize_token, and the next window
 * starts where that left off.  Tokens are exactly those of normalize_token.
 */
static size_t
normalize_fast(const unsigned char *s, size_t len, size_t *pos,
    struct token *out, size_t max)
{
	struct memo	*memo = normalize_memo;
	uint64_t	 word, high, amp, starts, ends;
	size_t		 i = *pos, n = 0, j, st, e, adv;

	if (memo == NULL)
		memo = normalize_memo_get();
	while (n < max && len - i >= NORM_WINDOW + NORM_SLACK) {
		if (len - i > 8 * NORM_WINDOW)
			__builtin_prefetch(s + i + 8 * NORM_WINDOW);
		normalize_classify(s + i, &word, &high, &amp);
		if (~word == 0) {	/* a word of 64 bytes or more */
			j = i;
			n += normalize_token(s, &j, len, &out[n]);
			i = j;
			continue;
		}
		/* Run starts (bit 0 starts one: i is never inside a token). */
		starts = (word & ~(word << 1)) | amp;
		adv = NORM_WINDOW;
		if (word >> 63) {	/* the last run: from the next window */
			adv = NORM_WINDOW - (size_t)__builtin_clzll(~word);
			starts &= (1ULL << adv) - 1;
		}
		if ((high | amp) == 0 && max - n >= NORM_WINDOW) {
			/* The k-th run start goes with the k-th run end. */
			ends = ~word & (word << 1);
			n += normalize_window(memo, s, i, starts, ends,
			    out + n);
			i += adv;
			continue;
		}
		while (starts != 0) {
			st = (size_t)__builtin_ctzll(starts);
			starts &= starts - 1;
			if ((amp >> st) & 1) {
				normalize_amp(&out[n], i + st);
				if (++n == max) {
					adv = st + 1;
					break;
				}
				continue;
			}
			e = st + (size_t)__builtin_ctzll(~word >> st);
			if (high & ((1ULL << e) - (1ULL << st))) {
				j = i + st;
				n += normalize_token(s, &j, len, &out[n]);
				adv = j - i;
				break;
			}
			normalize_ascii(memo, s, i, st, e, &out[n]);
			if (++n == max) {
				adv = e;
				break;
			}
		}
		i += adv;
	}
	*pos = i;
	return (n);
}

/*
 * The last bytes of a text, s[*pos..len), too few for a window and the
 * bytes a window may read past itself: copied into a buffer with zeros
 * after them, they take the fast path too.  A zero byte separates tokens,
 * and a UTF-8 sequence that the text's end cuts short is invalid whether
 * the end or a zero follows it, so the tokens are those of the text.
 */
static size_t
normalize_tail(const unsigned char *s, size_t len, size_t *pos,
    struct token *out, size_t max)
{
	unsigned char	 b[2 * (NORM_WINDOW + NORM_SLACK)];
	size_t		 r = len - *pos, bpos = 0, n, k;

	memset(b, 0, sizeof b);
	memcpy(b, s + *pos, r);
	n = normalize_fast(b, r + NORM_WINDOW + NORM_SLACK, &bpos, out, max);
	for (k = 0; k < n; k++) {
		out[k].start += *pos;
		out[k].end += *pos;
	}
	*pos += bpos < r ? bpos : r;
	return (n);
}

/*
 * Cut s[*pos..len) into at most max tokens; *pos is left after the last
 * token returned, so a caller can resume with the next chunk.  Every byte
 * takes the fast path: the text's last bytes, and short texts, from a
 * copy (normalize_tail).
 */
size_t
normalize_tokens(const char *text, size_t len, size_t *pos, struct token *out,
    size_t max)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 n = 0;

	pthread_once(&normalize_once, normalize_init);
	if (*pos >= len || max == 0)
		return (0);
	if (len - *pos >= NORM_WINDOW + NORM_SLACK)
		n = normalize_fast(s, len, pos, out, max);
	if (n < max && *pos < len)
		n += normalize_tail(s, len, pos, out + n, max - n);
	return (n);
}

/*
 * normalize_tokens a byte at a time, without the windows, the memo or the
 * copy of the last bytes: the reference the unit tests and the matcher
 * fuzzer hold the fast path to.
 */
size_t
normalize_tokens_bytewise(const char *text, size_t len, size_t *pos,
    struct token *out, size_t max)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i, n = 0;

	pthread_once(&normalize_once, normalize_init);
	i = *pos;
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

/*
 * Whether the character at byte i of s (len bytes) is part of a word as
 * the tokens are cut: an ASCII letter or digit, a letter, mark or number
 * by utf8proc, an ignorable, or a byte that starts no character.  So
 * "Russia–Ukraine" (an en dash), "Iran’s" (a right quote) and "«санкции»"
 * end or start their words where their tokens do.
 */
int
normalize_word_at(const char *s, size_t len, size_t i)
{
	const unsigned char	*u = (const unsigned char *)s;
	const char		*f;
	size_t			 k, fl;
	int			 tr;

	pthread_once(&normalize_once, normalize_init);
	if (normalize_class[u[i]] != N_HIGH)
		return (normalize_class[u[i]] == N_WORD);
	return (normalize_high(u, i, len, &k, &f, &fl, &tr) == N_WORD);
}

/* Whether the character that ends before byte i of s is part of a word. */
int
normalize_word_before(const char *s, size_t i)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 k;

	if (i == 0)
		return (0);
	if (u[i - 1] < 0x80)
		return (normalize_word_at(s, i, i - 1));
	for (k = i - 1; k > 0 && i - k < 4 && (u[k] & 0xc0) == 0x80; k--)
		;
	return (normalize_word_at(s, i, k));
}
