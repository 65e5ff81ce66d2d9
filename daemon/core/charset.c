/*
 * Charsets: a fetched page's bytes -> UTF-8, before extraction.
 *
 * The charset is, in this order: the source's forced charset; a byte order
 * mark (UTF-8, UTF-16LE/BE); the document's own declaration in its first
 * CHARSET_SNIFF bytes (<meta charset>, <meta http-equiv content-type>, or
 * the XML declaration's encoding); the HTTP Content-Type's charset; else
 * UTF-8 if the bytes are valid UTF-8, else windows-1252.  A declared
 * single-byte charset loses to UTF-8 when the bytes are valid UTF-8 with
 * non-ASCII in them: such pages are mislabelled far more often than not.
 * ISO-8859-1 and US-ASCII are read as windows-1252, as browsers do.
 *
 * Conversion is iconv's, with every invalid or unconvertible sequence
 * replaced by U+FFFD; an unknown charset name falls back to windows-1252.
 * The output is at most 3 bytes per input byte plus a NUL, so it stays
 * bounded by the body cap.  UTF-8 input is passed through untouched (extract
 * repairs it).
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

#define CHARSET_SNIFF	4096	/* bytes searched for a declaration */
#define CHARSET_NAME	40	/* longest name taken */

/* Names that mean UTF-8, and names read as windows-1252. */
static const char *const charset_utf8_names[] = {
	"utf-8", "utf8", "unicode-1-1-utf-8",
};
static const char *const charset_1252_names[] = {
	"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii",
	"ascii", "iso_8859-1", "cp1252", "windows-1252", "x-cp1252",
	"cp819", "ibm819",
};

/*
 * Whether s[0..len) is valid UTF-8; *ascii says if it is all ASCII.  Runs
 * of ASCII (nearly all of a page) are passed eight bytes at a time.
 */
static int
charset_valid_utf8(const unsigned char *s, size_t len, int *ascii)
{
	uint64_t	 w;
	size_t		 i = 0, n;

	*ascii = 1;
	for (;;) {
		for (; i + 8 <= len; i += 8) {
			memcpy(&w, s + i, sizeof w);
			if ((w & 0x8080808080808080ULL) != 0)
				break;
		}
		if (i >= len)
			return (1);
		if ((n = extract_utf8_len(s, i, len)) == 0)
			return (0);
		if (n > 1)
			*ascii = 0;
		i += n;
	}
}

/* Copy a charset name starting at p (quotes and spaces skipped). */
static int
charset_name_at(const char *p, const char *end, char *out)
{
	size_t	 n = 0;

	while (p < end && (*p == ' ' || *p == '"' || *p == '\'' || *p == '='))
		p++;
	while (p < end && n < CHARSET_NAME - 1 && (isalnum((unsigned char)*p) ||
	    *p == '-' || *p == '_' || *p == '.' || *p == ':'))
		out[n++] = *p++;
	out[n] = '\0';
	return (n > 0);
}

/* Find "charset" (or the XML encoding) in the first bytes of a document. */
static int
charset_declared(const char *body, size_t len, char *out)
{
	const char	*end = body + (len < CHARSET_SNIFF ? len : CHARSET_SNIFF);
	const char	*p;
	size_t		 n = (size_t)(end - body);

	if (n > 5 && memcmp(body, "<?xml", 5) == 0 &&
	    (p = memmem(body, n, "encoding", 8)) != NULL &&
	    memchr(body, '>', (size_t)(p - body)) == NULL)
		return (charset_name_at(p + 8, end, out));
	for (p = body; (p = memmem(p, (size_t)(end - p), "harset",
	    6)) != NULL; p += 6) {
		if (p > body && (p[-1] == 'c' || p[-1] == 'C') &&
		    charset_name_at(p + 6, end, out))
			return (1);
	}
	return (0);
}

/* The charset of a Content-Type header, if it names one. */
static int
charset_header(const char *ctype, char *out)
{
	const char	*p;

	if (ctype == NULL || (p = strcasestr(ctype, "charset")) == NULL)
		return (0);
	return (charset_name_at(p + 7, p + strlen(p), out));
}

/*
 * Decide the charset of a body: into out (CHARSET_NAME bytes), "UTF-8" for
 * pass-through.  Returns how it was found, for logs.
 */
static const char *
charset_pick(const char *body, size_t len, const char *ctype,
    const char *forced, char *out, size_t *skip)
{
	const unsigned char	*u = (const unsigned char *)body;
	int			 ascii, valid;
	const char		*how;

	*skip = 0;
	if (forced != NULL) {
		snprintf(out, CHARSET_NAME, "%s", forced);
		return ("config");
	}
	if (len >= 3 && memcmp(u, "\xef\xbb\xbf", 3) == 0) {
		*skip = 3;
		snprintf(out, CHARSET_NAME, "UTF-8");
		return ("bom");
	}
	if (len >= 2 && (memcmp(u, "\xff\xfe", 2) == 0 ||
	    memcmp(u, "\xfe\xff", 2) == 0)) {
		*skip = 2;
		snprintf(out, CHARSET_NAME, u[0] == 0xff ? "UTF-16LE" :
		    "UTF-16BE");
		return ("bom");
	}
	valid = charset_valid_utf8(u, len, &ascii);
	if (charset_declared(body, len, out))
		how = "document";
	else if (charset_header(ctype, out))
		how = "header";
	else {
		snprintf(out, CHARSET_NAME, valid ? "UTF-8" : "WINDOWS-1252");
		return ("bytes");
	}
	if (extract_in(charset_utf8_names,
	    sizeof charset_utf8_names / sizeof charset_utf8_names[0], out))
		snprintf(out, CHARSET_NAME, "UTF-8");
	else if (valid && !ascii) {
		snprintf(out, CHARSET_NAME, "UTF-8");	/* mislabelled */
		return ("bytes");
	} else if (extract_in(charset_1252_names,
	    sizeof charset_1252_names / sizeof charset_1252_names[0], out))
		snprintf(out, CHARSET_NAME, "WINDOWS-1252");
	return (how);
}

/* Convert with iconv; invalid sequences become U+FFFD.  NULL if cd fails. */
static char *
charset_iconv(const char *cs, const char *in, size_t len, size_t *outlen)
{
	iconv_t	 cd;
	char	*out, *ip = (char *)(uintptr_t)in, *op;
	size_t	 cap = len * 3 + 4, il = len, ol = cap - 1;

	if ((cd = iconv_open("UTF-8", cs)) == (iconv_t)-1)
		return (NULL);
	out = xmalloc(cap);
	op = out;
	while (il > 0) {
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG || ol < 3)
			break;
		/* EILSEQ or EINVAL: one bad byte becomes U+FFFD. */
		memcpy(op, "\xef\xbf\xbd", 3);
		op += 3;
		ol -= 3;
		ip++;
		il--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = (size_t)(op - out);
	return (out);
}

/*
 * A body as UTF-8: NULL if it already is (or is meant to be) UTF-8 and
 * needs no conversion, else a converted copy from malloc, NUL-terminated,
 * with its length in *outlen.  forced is the source's charset, or NULL.
 */
char *
charset_utf8(const char *body, size_t len, const char *ctype,
    const char *forced, size_t *outlen)
{
	char		 cs[CHARSET_NAME], *out;
	const char	*how;
	size_t		 skip;

	how = charset_pick(body, len, ctype, forced, cs, &skip);
	if (strcmp(cs, "UTF-8") == 0 && skip == 0)
		return (NULL);
	if ((out = charset_iconv(cs, body + skip, len - skip, outlen)) ==
	    NULL) {
		log_debug("unknown charset %s (%s): read as windows-1252",
		    cs, how);
		out = charset_iconv("WINDOWS-1252", body + skip, len - skip,
		    outlen);
	}
	return (out);
}
