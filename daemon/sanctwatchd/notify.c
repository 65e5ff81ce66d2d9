/*
 * The systemd notify protocol, spoken directly (no libsystemd).
 *
 * $NOTIFY_SOCKET names an AF_UNIX datagram socket: a path ("/run/...") or
 * an abstract name ("@..."); anything else is ignored with a warning.  Each
 * message is one datagram of NEWLINE-separated VAR=value assignments
 * ("READY=1", "STATUS=...").  Without $NOTIFY_SOCKET every call is a no-op,
 * so the daemon runs the same under systemd, under a test, or by hand.  A
 * send that fails is logged once and never stops the daemon.
 *
 * The watchdog is ours when $WATCHDOG_USEC is set and $WATCHDOG_PID is unset
 * or our pid; the daemon then sends "WATCHDOG=1" at half that period from a
 * loop timer, so a wedged loop stops the pings and systemd restarts it.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sanctwatchd/sanctwatchd.h"

static int			 notify_fd = -1;
static struct sockaddr_un	 notify_sun;
static socklen_t		 notify_len;
static int			 notify_failed;	/* warned about a send */

/* Open the socket $NOTIFY_SOCKET names: 1, 0 if there is none, -1 if bad. */
int
notify_init(void)
{
	const char	*path;
	size_t		 len;

	notify_close();
	if ((path = getenv("NOTIFY_SOCKET")) == NULL || *path == '\0')
		return (0);
	len = strlen(path);
	if ((path[0] != '/' && path[0] != '@') ||
	    len >= sizeof notify_sun.sun_path) {
		log_warnx("NOTIFY_SOCKET is not a usable address: not "
		    "notifying systemd");
		return (-1);
	}
	memset(&notify_sun, 0, sizeof notify_sun);
	notify_sun.sun_family = AF_UNIX;
	memcpy(notify_sun.sun_path, path, len);
	if (path[0] == '@')
		notify_sun.sun_path[0] = '\0';	/* abstract: no NUL at the end */
	notify_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
	    (path[0] == '/'));
	notify_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (notify_fd == -1) {
		log_warn("creating a socket to notify systemd");
		return (-1);
	}
	notify_failed = 0;
	return (1);
}

/* Send one message of VAR=value lines; 0, or -1 (logged once) on failure. */
int
notify_send(const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;
	ssize_t	 n;

	if (notify_fd == -1)
		return (0);
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	n = sendto(notify_fd, msg, strlen(msg), MSG_NOSIGNAL,
	    (struct sockaddr *)&notify_sun, notify_len);
	free(msg);
	if (n >= 0)
		return (0);
	if (!notify_failed++)
		log_warn("cannot notify the service manager");
	return (-1);
}

/* The watchdog period in microseconds if the watchdog is ours, else 0. */
uint64_t
notify_watchdog_usec(void)
{
	const char	*s;
	char		*end;
	unsigned long long usec, pid;

	if ((s = getenv("WATCHDOG_USEC")) == NULL)
		return (0);
	errno = 0;
	usec = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || usec == 0)
		return (0);
	if ((s = getenv("WATCHDOG_PID")) != NULL) {
		pid = strtoull(s, &end, 10);
		if (end == s || *end != '\0' || pid != (unsigned long long)getpid())
			return (0);
	}
	return (usec);
}

/* Close the socket; later sends are no-ops. */
void
notify_close(void)
{
	if (notify_fd != -1)
		close(notify_fd);
	notify_fd = -1;
}
