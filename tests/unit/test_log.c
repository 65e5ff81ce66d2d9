/*
 * log.c: what a line looks like.  stderr is pointed at a temporary file for
 * each test and put back after, with the level and the environment.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "unit.h"

/* Without the journal, lines carry the program name; levels filter. */
static void
test_log_plain(void)
{
	struct unit_log	 t;
	char		*out;

	if (!CHECK(unit_log_begin(&t) == 0))
		return;
	log_init(LOG_LVL_NOTICE, "sw");
	log_notice("source %s: %d alerts", "news", 3);
	log_info("not shown");
	log_warnx("shown");
	out = unit_log_end(&t);
	CHECK_STR(out, "sw: source news: 3 alerts\nsw: shown\n");
	free(out);
}

/* Control characters cannot start a second line. */
static void
test_log_escape(void)
{
	struct unit_log	 t;
	char		*out;

	if (!CHECK(unit_log_begin(&t) == 0))
		return;
	log_init(LOG_LVL_INFO, "sw");
	log_warnx("server said: %s", "bad\nsw: forged line\r\t\x1b[31m");
	out = unit_log_end(&t);
	CHECK_STR(out, "sw: server said: bad\\nsw: forged line\\r\\t\\x1b[31m\n");
	free(out);
}

/* $JOURNAL_STREAM naming stderr (device:inode) turns on "<N>" prefixes. */
static void
test_log_journal(void)
{
	struct unit_log	 t;
	struct stat	 st;
	char		 env[64], *out;

	if (!CHECK(unit_log_begin(&t) == 0))
		return;
	fstat(STDERR_FILENO, &st);
	snprintf(env, sizeof env, "%llu:%llu", (unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino);
	setenv("JOURNAL_STREAM", env, 1);
	log_init(LOG_LVL_DEBUG, "sw");
	log_warnx("warned");
	log_debug("detail");
	setenv("JOURNAL_STREAM", "1:2", 1);	/* another stream: no prefix */
	log_init(LOG_LVL_INFO, "sw");
	log_info("plain");
	unsetenv("JOURNAL_STREAM");
	setenv("SANCTWATCH_LOG_PREFIX", "1", 1);
	log_init(LOG_LVL_INFO, "sw");
	log_notice("forced");
	out = unit_log_end(&t);
	CHECK_STR(out, "<4>warned\n<7>detail\nsw: plain\n<5>forced\n");
	free(out);
}

/* A very long message is cut, still as one line. */
static void
test_log_long(void)
{
	struct unit_log	 t;
	char		*out, *big;

	if (!CHECK(unit_log_begin(&t) == 0))
		return;
	big = xcalloc(1, 10000);
	memset(big, 'x', 9999);
	log_init(LOG_LVL_INFO, "sw");
	log_warnx("%s", big);
	out = unit_log_end(&t);
	CHECK(strlen(out) < 4200 && strlen(out) > 4000);
	CHECK(strchr(out, '\n') == out + strlen(out) - 1);
	free(out);
	free(big);
}

/* Credentials in URLs are redacted; everything else is left alone. */
static void
test_log_redact(void)
{
	static const struct {
		const char	*in, *out;	/* out NULL: unchanged */
	} cases[] = {
		{ "source s: http://user:hunter2@feeds.example/x (timeout)",
		  "source s: http://user:***@feeds.example/x (timeout)" },
		{ "https://tok3n@api.example/v1", "https://***@api.example/v1" },
		{ "https://api.example/news?apiKey=abc123&q=iran",
		  "https://api.example/news?apiKey=***&q=iran" },
		{ "u https://x.example/?q=1&access_token=z/y?w#f and more",
		  "u https://x.example/?q=1&access_token=***#f and more" },
		{ "https://s3.example/o?X-Amz-Signature=deadbeef",
		  "https://s3.example/o?X-Amz-Signature=***" },
		{ "https://x.example/a?keyword=sanctions&page=2", NULL },
		{ "mail me at someone@example.org", NULL },
		{ "https://x.example/a@b", NULL },
		{ "http 404 for https://x.example/news", NULL },
		{ "fetching https://x.example/n?apiKey=k:1: http-4xx: HTTP 404",
		  "fetching https://x.example/n?apiKey=***: http-4xx: HTTP 404" },
	};
	size_t	 i;
	char	*r;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = redact_secrets(cases[i].in);
		CHECK_STR(r, cases[i].out);
		free(r);
	}
}

UNIT_SUITE(log,
	{ "plain", test_log_plain },
	{ "escape", test_log_escape },
	{ "journal", test_log_journal },
	{ "long", test_log_long },
	{ "redact", test_log_redact },
)
