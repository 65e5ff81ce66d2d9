/*
 * The hub's listening socket.  hub_socket_open() will not take over a path
 * that is not a socket, nor a socket some live process accepts on (probed
 * with a non-blocking connect); a socket nobody listens on (ECONNREFUSED) is
 * stale and is replaced.  The socket is bound under a umask that leaves it
 * no more than mode, then chmod'ed to mode.  hub_socket_close() unlinks the
 * path only while it is still the socket this hub bound (same device and
 * inode).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sanctwatchd/sanctwatchd.h"

#define HUB_SOCKET_BACKLOG	64

/* Fill a Unix socket address, if the path fits. */
static int
hub_socket_addr(const char *path, struct sockaddr_un *sun, char **cause)
{
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun->sun_path) {
		log_cause(cause, "socket path too long: %s", path);
		return (-1);
	}
	memcpy(sun->sun_path, path, strlen(path) + 1);
	return (0);
}

/* Whether a live process accepts on the socket at sun: 1, 0 (stale), -1. */
static int
hub_socket_probe(const struct sockaddr_un *sun, char **cause)
{
	int	 fd, rc, error;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_cause(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	rc = connect(fd, (const struct sockaddr *)sun, sizeof *sun);
	error = errno;
	close(fd);
	if (rc == 0 || error == EAGAIN || error == EINPROGRESS)
		return (1);
	if (error == ECONNREFUSED)
		return (0);
	log_cause(cause, "cannot check %s: %s", sun->sun_path,
	    strerror(error));
	return (-1);
}

/* Make sure the path is free: absent, or a stale socket that is removed. */
static int
hub_socket_check(const char *path, const struct sockaddr_un *sun,
    char **cause)
{
	struct stat	 sb;
	int		 live;

	if (lstat(path, &sb) == -1) {
		if (errno == ENOENT)
			return (0);
		log_cause(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (!S_ISSOCK(sb.st_mode)) {
		log_cause(cause, "%s exists and is not a socket", path);
		return (-1);
	}
	if ((live = hub_socket_probe(sun, cause)) == -1)
		return (-1);
	if (live) {
		log_cause(cause, "another sanctwatchd is listening on %s",
		    path);
		return (-1);
	}
	if (unlink(path) == -1 && errno != ENOENT) {
		log_cause(cause, "cannot remove stale socket %s: %s", path,
		    strerror(errno));
		return (-1);
	}
	log_info("removed the stale socket %s", path);
	return (0);
}

/* Bind the socket with no more than mode, set mode and listen. */
static int
hub_socket_listen(struct hub_socket *hs, const struct sockaddr_un *sun,
    mode_t mode, char **cause)
{
	struct stat	 sb;
	mode_t		 mask;
	int		 rc, error;

	hs->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (hs->fd == -1) {
		log_cause(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	mask = umask(~mode & 0777);
	rc = bind(hs->fd, (const struct sockaddr *)sun, sizeof *sun);
	error = errno;
	umask(mask);
	if (rc == -1) {
		log_cause(cause, "cannot bind %s: %s", hs->path,
		    strerror(error));
		return (-1);
	}
	if (lstat(hs->path, &sb) == 0) {
		hs->bound = 1;
		hs->dev = sb.st_dev;
		hs->ino = sb.st_ino;
	}
	if (chmod(hs->path, mode & 07777) == -1 ||
	    listen(hs->fd, HUB_SOCKET_BACKLOG) == -1) {
		log_cause(cause, "%s: %s", hs->path, strerror(errno));
		return (-1);
	}
	return (0);
}

/* Remove the socket file if it is still the one this hub bound. */
static void
hub_socket_unlink(struct hub_socket *hs)
{
	struct stat	 sb;

	if (!hs->bound || lstat(hs->path, &sb) == -1)
		return;
	if (sb.st_dev != hs->dev || sb.st_ino != hs->ino) {
		log_info("socket %s was replaced, not removing it",
		    hs->path);
		return;
	}
	if (unlink(hs->path) == -1)
		log_warn("removing the socket %s", hs->path);
}


/*
 * Listen on path with no more than mode: 0, or -1 with *cause (then
 * hub_socket_close() undoes what was done).
 */
int
hub_socket_open(struct hub_socket *hs, const char *path, mode_t mode,
    char **cause)
{
	struct sockaddr_un	 sun;

	hs->fd = -1;
	if (hub_socket_addr(path, &sun, cause) != 0 ||
	    hub_socket_check(path, &sun, cause) != 0)
		return (-1);
	hs->path = xstrdup(path);
	return (hub_socket_listen(hs, &sun, mode, cause));
}

/* Close the socket and remove its file if it is still ours. */
void
hub_socket_close(struct hub_socket *hs)
{
	if (hs->fd != -1)
		close(hs->fd);
	hs->fd = -1;
	if (hs->path != NULL)
		hub_socket_unlink(hs);
	free(hs->path);
	hs->path = NULL;
}
