/*
 * The byte-at-a-time UTF-8 repair that extraction's fast path must equal:
 * each well-formed sequence (RFC 3629's table, no overlong forms, no
 * surrogates, nothing past U+10FFFF) is copied, a NUL becomes a space and
 * any other byte U+FFFD.  Written apart from daemon/core/extract.c on
 * purpose, for the unit test and the extraction fuzzer to compare against.
 */
#ifndef SANCTWATCH_UTF8_REF_H
#define SANCTWATCH_UTF8_REF_H

#include <stdlib.h>
#include <string.h>

/* The length of the well-formed sequence at s[i], or 0. */
static inline size_t
utf8_ref_len(const unsigned char *s, size_t i, size_t len)
{
	static const struct {
		unsigned char	 lead_lo, lead_hi, next_lo, next_hi;
		size_t		 n;
	} rows[] = {
		{ 0x01, 0x7f, 0, 0, 1 },
		{ 0xc2, 0xdf, 0x80, 0xbf, 2 },
		{ 0xe0, 0xe0, 0xa0, 0xbf, 3 },
		{ 0xe1, 0xec, 0x80, 0xbf, 3 },
		{ 0xed, 0xed, 0x80, 0x9f, 3 },
		{ 0xee, 0xef, 0x80, 0xbf, 3 },
		{ 0xf0, 0xf0, 0x90, 0xbf, 4 },
		{ 0xf1, 0xf3, 0x80, 0xbf, 4 },
		{ 0xf4, 0xf4, 0x80, 0x8f, 4 },
	};
	size_t	 r, k;

	for (r = 0; r < sizeof rows / sizeof rows[0]; r++) {
		if (s[i] < rows[r].lead_lo || s[i] > rows[r].lead_hi)
			continue;
		if (rows[r].n == 1)
			return (1);
		if (i + rows[r].n > len || s[i + 1] < rows[r].next_lo ||
		    s[i + 1] > rows[r].next_hi)
			return (0);
		for (k = 2; k < rows[r].n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xbf)
				return (0);
		return (rows[r].n);
	}
	return (0);
}

/* The repair of s[0..len), NUL-terminated, its length in *outlen. */
static inline char *
utf8_ref_repair(const unsigned char *s, size_t len, size_t *outlen)
{
	char	*out = malloc(len * 3 + 1);
	size_t	 i = 0, o = 0, n;

	if (out == NULL)
		abort();
	while (i < len) {
		if ((n = utf8_ref_len(s, i, len)) != 0) {
			memcpy(out + o, s + i, n);
			o += n;
			i += n;
		} else if (s[i++] == '\0')
			out[o++] = ' ';
		else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return (out);
}

#endif /* SANCTWATCH_UTF8_REF_H */
