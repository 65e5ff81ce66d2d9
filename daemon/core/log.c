/*
 * Logging to stderr, one line per event, in the OpenBSD daemons' API.
 *
 * When stderr is the journal stream systemd connected ($JOURNAL_STREAM names
 * its device and inode, as systemd.exec(5) says to check), or when
 * $SANCTWATCH_LOG_PREFIX is set, each line starts with a "<N>" syslog
 * priority prefix, which journald reads; otherwise lines carry the program
 * name.  One event is one line: control characters in a message (a server's
 * error text, a subscriber's input) are written as \n, \t or \xHH, so no
 * message can forge a second line.  A line is written with one stdio call
 * into an unbuffered stream, so lines from two threads do not mix.
 *
 * What is logged names the source (by id) or the subscriber it concerns;
 * header values, which may hold API keys, are never logged.  Every function
 * preserves errno.  fatal() and fatalx() are for start-up and broken
 * invariants only: nothing from outside ends the process.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/core.h"

#define LOG_LINE_MAX	4096

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

/* Whether stderr is the stream $JOURNAL_STREAM ("DEV:INODE") names. */
static int
log_journal(void)
{
	const char		*s;
	struct stat		 st;
	unsigned long long	 dev, ino;

	if ((s = getenv("JOURNAL_STREAM")) == NULL ||
	    sscanf(s, "%llu:%llu", &dev, &ino) != 2)
		return (0);
	if (fstat(STDERR_FILENO, &st) == -1)
		return (0);
	return ((unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino);
}

/* Set the program name; use priority prefixes if stderr goes to journald. */
void
log_init(int level, const char *prog)
{
	log_level = level;
	if (prog != NULL)
		log_prog = prog;
	log_prefix = log_journal() ||
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

/*
 * Copy s into out (of size LOG_LINE_MAX) from offset at, with control
 * characters escaped; returns the new offset.  A long message is cut.
 */
static size_t
log_escape(char *out, size_t at, const char *s)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 c;

	for (; *s != '\0' && at + 5 < LOG_LINE_MAX; s++) {
		c = (unsigned char)*s;
		if (c >= 0x20 && c != 0x7f) {
			out[at++] = (char)c;
			continue;
		}
		out[at++] = '\\';
		if (c == '\n' || c == '\t' || c == '\r')
			out[at++] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		else {
			out[at++] = 'x';
			out[at++] = hex[c >> 4];
			out[at++] = hex[c & 0xf];
		}
	}
	return (at);
}

/* Write one line at a priority, with an optional error string appended. */
static void PRINTFLIKE(3, 0)
log_vwrite(int pri, const char *err, const char *fmt, va_list ap)
{
	char	 msg[LOG_LINE_MAX], line[LOG_LINE_MAX + 1], *red;
	size_t	 n;
	int	 saved = errno;

	if (pri > log_level) {
		errno = saved;
		return;
	}
	vsnprintf(msg, sizeof msg, fmt, ap);
	if ((red = redact_secrets(msg)) != NULL) {	/* URLs' credentials */
		snprintf(msg, sizeof msg, "%s", red);
		free(red);
	}
	if (log_prefix)
		snprintf(line, LOG_LINE_MAX, "<%d>", pri);
	else
		snprintf(line, LOG_LINE_MAX, "%s: ", log_prog);
	n = log_escape(line, strlen(line), msg);
	if (err != NULL) {
		n = log_escape(line, n, ": ");
		n = log_escape(line, n, err);
	}
	line[n++] = '\n';
	fwrite(line, 1, n, stderr);
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
