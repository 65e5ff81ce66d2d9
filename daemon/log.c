/*
 * Logging to stderr, one line per event, in the OpenBSD daemons' API.
 *
 * Under systemd (or when asked) each line starts with a "<N>" syslog
 * priority prefix, which journald reads; otherwise lines carry the program
 * name.  Every function preserves errno.  fatal() and fatalx() are for
 * start-up and broken invariants only: nothing from outside ends the process.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sanctwatch.h"

static int		 log_level = LOG_LVL_INFO;
static const char	*log_prog = "sanctwatch";
static int		 log_prefix;	/* "<N>" prefixes for journald */

static const char *const log_names[] = {
	[LOG_LVL_ERROR] = "error",
	[LOG_LVL_WARNING] = "warning",
	[LOG_LVL_NOTICE] = "notice",
	[LOG_LVL_INFO] = "info",
	[LOG_LVL_DEBUG] = "debug",
};

/* Set the program name; use priority prefixes if stderr goes to journald. */
void
log_init(int level, const char *prog)
{
	log_level = level;
	if (prog != NULL)
		log_prog = prog;
	log_prefix = getenv("JOURNAL_STREAM") != NULL ||
	    getenv("SANCTWATCH_LOG_PREFIX") != NULL;
}

/* Change the level at which messages are shown. */
void
log_setlevel(int level)
{
	log_level = level;
}

/* The level in force. */
int
log_getlevel(void)
{
	return (log_level);
}

/* Parse a level name; -1 if it is not one. */
int
log_level_parse(const char *s)
{
	int	 i;

	for (i = LOG_LVL_ERROR; i <= LOG_LVL_DEBUG; i++) {
		if (strcasecmp(s, log_names[i]) == 0)
			return (i);
	}
	return (-1);
}

/* The name of a level. */
const char *
log_level_name(int level)
{
	if (level < LOG_LVL_ERROR || level > LOG_LVL_DEBUG)
		return ("?");
	return (log_names[level]);
}

/* Write one line at a priority, with an optional error string appended. */
static void PRINTFLIKE(3, 0)
log_vwrite(int pri, const char *err, const char *fmt, va_list ap)
{
	char	 buf[4096];
	int	 saved = errno;

	if (pri > log_level) {
		errno = saved;
		return;
	}
	vsnprintf(buf, sizeof buf, fmt, ap);
	if (log_prefix)
		fprintf(stderr, "<%d>", pri);
	else
		fprintf(stderr, "%s: ", log_prog);
	if (err != NULL)
		fprintf(stderr, "%s: %s\n", buf, err);
	else
		fprintf(stderr, "%s\n", buf);
	fflush(stderr);
	errno = saved;
}

/* A warning with strerror(errno) appended. */
void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	char	*err = strerror(errno);

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_WARNING, err, fmt, ap);
	va_end(ap);
}

/* A warning. */
void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_WARNING, NULL, fmt, ap);
	va_end(ap);
}

/* A normal but significant event. */
void
log_notice(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_NOTICE, NULL, fmt, ap);
	va_end(ap);
}

/* An informational event. */
void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_INFO, NULL, fmt, ap);
	va_end(ap);
}

/* A debugging detail. */
void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_DEBUG, NULL, fmt, ap);
	va_end(ap);
}

/*
 * Hand an error to a caller that asked for it in *cause (it frees it), or
 * log it as a warning if cause is NULL.
 */
void
log_cause(char **cause, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (cause != NULL)
		*cause = s;
	else {
		log_warnx("%s", s);
		free(s);
	}
}

/* An error that ends the process, with strerror(errno) appended. */
void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	char	*err = strerror(errno);

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_ERROR, err, fmt, ap);
	va_end(ap);
	exit(1);
}

/* An error that ends the process. */
void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_ERROR, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
