/*
 * redact: credentials in URLs hidden before a text is logged or stored
 * (issue 17, item 14).  The userinfo of a URL ("user:pass@", "token@")
 * loses its secret part, and a query parameter whose name ends like a
 * secret's (apiKey, access_token, X-Amz-Signature, password ...) loses its
 * value: both become "***".  Headers are redacted where they are logged
 * (fetch.c); this covers the URLs in any message.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

#define REDACTED	"***"

/* Endings of query parameter names that carry secrets (lower case). */
static const char *const redact_names[] = {
	"key", "token", "secret", "password", "passwd", "pwd", "auth",
	"sig", "signature", "credential", "credentials", "session",
	"sessionid",
};

/* Characters that end a URL's authority or a parameter's value. */
static int
redact_stop(char c)
{
	return (c == '\0' || strchr("/?#&\"'<>() \t\r\n", c) != NULL);
}

/* Whether a query parameter name (n bytes) ends like a secret's. */
static int
redact_name(const char *s, size_t n)
{
	size_t	 i, l;

	for (i = 0; i < sizeof redact_names / sizeof redact_names[0]; i++) {
		l = strlen(redact_names[i]);
		if (n >= l && strncasecmp(s + n - l, redact_names[i], l) == 0)
			return (1);
	}
	return (0);
}

/* The userinfo at s (just after "://"): its length up to '@', or 0. */
static size_t
redact_userinfo(const char *s)
{
	size_t	 i, at = 0;

	for (i = 0; !redact_stop(s[i]); i++) {
		if (s[i] == '@')
			at = i;
	}
	return (s[at] == '@' ? at : 0);
}

/* A query parameter's name at s (after '?' or '&'): its length, or 0. */
static size_t
redact_param(const char *s)
{
	size_t	 i;

	for (i = 0; isalnum((unsigned char)s[i]) || s[i] == '_' ||
	    s[i] == '-' || s[i] == '.'; i++)
		;
	return (i > 0 && s[i] == '=' && redact_name(s, i) ? i : 0);
}

/*
 * s with the credentials of its URLs replaced by "***", or NULL if it has
 * none (the common case: nothing is copied).
 */
char *
redact_secrets(const char *s)
{
	struct extract_buf	 b;
	const char		*p = s, *colon;
	size_t			 n;
	int			 changed = 0;

	memset(&b, 0, sizeof b);
	while (*p != '\0') {
		if (strncmp(p, "://", 3) == 0 && (n = redact_userinfo(p + 3)) > 0) {
			extract_buf_add(&b, p, 3);
			p += 3;
			if ((colon = memchr(p, ':', n)) != NULL)
				extract_buf_add(&b, p, (size_t)(colon - p) + 1);
			extract_buf_add(&b, REDACTED "@", sizeof REDACTED);
			p += n + 1;
			changed = 1;
			continue;
		}
		if ((*p == '?' || *p == '&') && (n = redact_param(p + 1)) > 0) {
			extract_buf_add(&b, p, n + 2);	/* ?name= */
			extract_buf_add(&b, REDACTED, sizeof REDACTED - 1);
			for (p += n + 2; (!redact_stop(*p) || *p == '/' ||
			    *p == '?') && !(p[0] == ':' && p[1] == ' '); p++)
				;	/* ": " follows a URL in a message */
			changed = 1;
			continue;
		}
		extract_buf_add(&b, p++, 1);
	}
	if (!changed) {
		free(b.s);
		return (NULL);
	}
	return (b.s);
}
