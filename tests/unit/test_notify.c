/*
 * notify.c against real datagram sockets standing in for systemd's: one
 * bound to a path in a private temporary directory and one with an abstract
 * name.  The environment variables it reads are set and restored by each
 * test.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sanctwatchd/sanctwatchd.h"
#include "unit.h"

/* A datagram socket bound to name ("/path" or "@abstract"); -1 on failure. */
static int
tnotify_listen(const char *name)
{
	struct sockaddr_un	 sun;
	socklen_t		 len;
	size_t			 n = strlen(name);
	int			 fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (n >= sizeof sun.sun_path)
		return (-1);
	memcpy(sun.sun_path, name, n);
	if (name[0] == '@')
		sun.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1)
		return (-1);
	if (bind(fd, (struct sockaddr *)&sun, len) == -1) {
		close(fd);
		return (-1);
	}
	return (fd);
}

/* Receive one datagram as a string ("" if none is waiting). */
static void
tnotify_recv(int fd, char *buf, size_t size)
{
	ssize_t	 n;

	n = recv(fd, buf, size - 1, MSG_DONTWAIT);
	buf[n > 0 ? n : 0] = '\0';
}

/* Messages reach a socket bound to a path. */
static void
test_notify_path(void)
{
	char	 dir[] = "/tmp/sw-notify-XXXXXX", path[128], buf[256];
	int	 fd;

	if (!CHECK(mkdtemp(dir) != NULL))
		return;
	snprintf(path, sizeof path, "%s/notify", dir);
	fd = tnotify_listen(path);
	CHECK(fd != -1);
	setenv("NOTIFY_SOCKET", path, 1);
	CHECK_INT(notify_init(), 1);
	CHECK_INT(notify_send("READY=1\nSTATUS=%d sources", 3), 0);
	tnotify_recv(fd, buf, sizeof buf);
	CHECK_STR(buf, "READY=1\nSTATUS=3 sources");
	CHECK_INT(notify_send("STOPPING=1"), 0);
	tnotify_recv(fd, buf, sizeof buf);
	CHECK_STR(buf, "STOPPING=1");
	notify_close();
	unsetenv("NOTIFY_SOCKET");
	close(fd);
	unlink(path);
	rmdir(dir);
}

/* Messages reach a socket with an abstract name ("@..."). */
static void
test_notify_abstract(void)
{
	char	 name[64], buf[256];
	int	 fd;

	snprintf(name, sizeof name, "@sanctwatch-test-notify-%ld",
	    (long)getpid());
	fd = tnotify_listen(name);
	CHECK(fd != -1);
	setenv("NOTIFY_SOCKET", name, 1);
	CHECK_INT(notify_init(), 1);
	CHECK_INT(notify_send("WATCHDOG=1"), 0);
	tnotify_recv(fd, buf, sizeof buf);
	CHECK_STR(buf, "WATCHDOG=1");
	notify_close();
	unsetenv("NOTIFY_SOCKET");
	close(fd);
}

/* Without $NOTIFY_SOCKET, or with a bad one, sending is a harmless no-op. */
static void
test_notify_absent(void)
{
	int	 level = log_getlevel();

	unsetenv("NOTIFY_SOCKET");
	CHECK_INT(notify_init(), 0);
	CHECK_INT(notify_send("READY=1"), 0);
	log_setlevel(LOG_LVL_ERROR);
	setenv("NOTIFY_SOCKET", "relative/path", 1);
	CHECK_INT(notify_init(), -1);
	CHECK_INT(notify_send("READY=1"), 0);
	setenv("NOTIFY_SOCKET", "/nonexistent/sanctwatch/notify", 1);
	CHECK_INT(notify_init(), 1);
	CHECK_INT(notify_send("READY=1"), -1);
	CHECK_INT(notify_send("READY=1"), -1);
	notify_close();
	unsetenv("NOTIFY_SOCKET");
	log_setlevel(level);
}

/* The watchdog is ours only if WATCHDOG_PID is unset or our pid. */
static void
test_notify_watchdog(void)
{
	char	 pid[32];

	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	unsetenv("WATCHDOG_PID");
	unsetenv("WATCHDOG_USEC");
	CHECK_INT(notify_watchdog_usec(), 0);
	setenv("WATCHDOG_USEC", "30000000", 1);
	CHECK_INT(notify_watchdog_usec(), 30000000);
	setenv("WATCHDOG_PID", pid, 1);
	CHECK_INT(notify_watchdog_usec(), 30000000);
	setenv("WATCHDOG_PID", "1", 1);
	CHECK_INT(notify_watchdog_usec(), 0);
	unsetenv("WATCHDOG_PID");
	setenv("WATCHDOG_USEC", "30s", 1);
	CHECK_INT(notify_watchdog_usec(), 0);
	setenv("WATCHDOG_USEC", "0", 1);
	CHECK_INT(notify_watchdog_usec(), 0);
	unsetenv("WATCHDOG_USEC");
}

UNIT_SUITE(notify,
	{ "path", test_notify_path },
	{ "abstract", test_notify_abstract },
	{ "absent", test_notify_absent },
	{ "watchdog", test_notify_watchdog },
)
