/*
 * socket: the client's side of the daemon's socket.  Connecting (the
 * path from -s), reading lines (whole lines, the buffer growing as one
 * needs; a line is only complete with its newline), and one request: send
 * a line, print the reply line, skipping the alerts that a connection,
 * being a subscriber, may be sent before it.
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "client/client.h"

#define SOCKET_READ	65536		/* bytes asked of each read */
#define OK_PREFIX	"{\"ok\":true"	/* how the daemon's success replies start */

/*
 * What to do about EACCES on the socket: join its group (whose members the
 * socket's mode lets in).
 */
static const char *
socket_access_hint(const char *path, char *buf, size_t len)
{
	struct stat	 sb;
	struct group	*gr;

	if (stat(path, &sb) == -1 || (gr = getgrgid(sb.st_gid)) == NULL)
		return ("");
	snprintf(buf, len, "; the socket is for the members of group %s: "
	    "join it (sudo usermod -aG %s $USER, then log in again)",
	    gr->gr_name, gr->gr_name);
	return (buf);
}

/*
 * Connect to the daemon's socket; -1 with errno, saying why unless quiet
 * (EACCES always, with what to do).
 */
int
socket_connect(const char *path, int quiet)
{
	struct sockaddr_un	 sun;
	char			 hint[256];
	int			 fd, error;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		fprintf(stderr, "sanctwatch: %s: socket path too long\n", path);
		return (-1);
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		error = errno;
		if (!quiet || error == EACCES)
			fprintf(stderr, "sanctwatch: %s: %s%s\n", path,
			    strerror(error), error == EACCES ?
			    socket_access_hint(path, hint, sizeof hint) : "");
		if (fd != -1)
			close(fd);
		errno = error;
		return (-1);
	}
	return (fd);
}

/* Parse the -s option common to the request commands: the socket's path. */
const char *
socket_path(int argc, char **argv)
{
	static const struct option longopts[] = { { NULL, 0, NULL, 0 } };
	const char	*path = DEFAULT_SOCKET;
	int		 ch;

	while ((ch = getopt_long(argc, argv, ":s:", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			path = optarg;
			break;
		default:
			client_bad_option(ch, argv);
		}
	}
	if (optind != argc)
		client_usage_error("unexpected argument '%s'", argv[optind]);
	return (path);
}

/*
 * The next line read from fd, NUL-terminated in place of its newline, with
 * its length; valid until the next call.  NULL at the end of the stream
 * or on an error.
 */
/*
 * Wait until fd is readable; whether, meanwhile, the reader of stdout went
 * away (a pipe's POLLERR): "sanctwatch tail | head -1" then ends at once,
 * not at the next alert's write.
 */
static int
socket_stdout_gone(int fd)
{
	struct pollfd	 pfd[2];

	pfd[0].fd = fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = STDOUT_FILENO;
	pfd[1].events = 0;		/* errors and hang-ups only */
	for (;;) {
		pfd[0].revents = pfd[1].revents = 0;
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			return (0);	/* the read will tell */
		}
		if (pfd[1].revents & (POLLERR | POLLHUP | POLLNVAL))
			return (1);
		if (pfd[0].revents != 0)
			return (0);
	}
}

char *
socket_line(struct socket_lines *sl, int fd, size_t *lenp)
{
	char	*line, *nl;
	ssize_t	 r;

	for (;;) {
		if (sl->len > sl->off && (nl = memchr(sl->buf + sl->off, '\n',
		    sl->len - sl->off)) != NULL) {
			line = sl->buf + sl->off;
			*nl = '\0';
			*lenp = (size_t)(nl - line);
			sl->off += *lenp + 1;
			return (line);
		}
		if (sl->off > 0) {
			memmove(sl->buf, sl->buf + sl->off, sl->len - sl->off);
			sl->len -= sl->off;
			sl->off = 0;
		}
		if (sl->cap - sl->len < SOCKET_READ) {
			sl->cap = sl->cap * 2 + SOCKET_READ;
			sl->buf = xreallocarray(sl->buf, sl->cap, 1);
		}
		if (sl->watch_stdout && socket_stdout_gone(fd)) {
			sl->stdout_gone = 1;
			return (NULL);
		}
		if ((r = read(fd, sl->buf + sl->len, sl->cap - sl->len)) <= 0)
			return (NULL);
		sl->len += (size_t)r;
	}
}

/* Free a line reader's buffer. */
void
socket_lines_free(struct socket_lines *sl)
{
	free(sl->buf);
	memset(sl, 0, sizeof *sl);
}

/*
 * Whether a line is a request's reply (an object with "ok"), not one of
 * the alerts that a connection, being a subscriber, may be sent first.
 */
static int
socket_is_reply(const char *line, size_t len)
{
	json_t	*o;
	int	 reply;

	if ((o = json_loadb(line, len, 0, NULL)) == NULL)
		return (1);		/* not ours to judge: show it */
	reply = !json_is_object(o) || json_object_get(o, "ok") != NULL;
	json_decref(o);
	return (reply);
}

/*
 * Send one request line to the socket at path and return its reply line
 * (from malloc), skipping alerts sent before it; NULL after saying why.
 */
char *
socket_ask(const char *path, const char *req)
{
	struct socket_lines	 sl = { 0 };
	char			*line, *reply = NULL;
	size_t			 n;
	int			 fd;

	if ((fd = socket_connect(path, 0)) == -1)
		return (NULL);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		fprintf(stderr, "sanctwatch: write: %s\n", strerror(errno));
		close(fd);
		return (NULL);
	}
	while ((line = socket_line(&sl, fd, &n)) != NULL) {
		if (socket_is_reply(line, n)) {
			reply = xstrndup(line, n);
			break;
		}
	}
	if (line == NULL)
		fprintf(stderr, "sanctwatch: %s: no reply\n", path);
	close(fd);
	socket_lines_free(&sl);
	return (reply);
}

/*
 * Send one request line and print its reply line; 1 unless the reply says
 * "ok": true.  The socket is -s, parsed from argc and argv.
 */
int
socket_request(int argc, char **argv, const char *req)
{
	char	*reply;
	int	 rc;

	if ((reply = socket_ask(socket_path(argc, argv), req)) == NULL)
		return (1);
	printf("%s\n", reply);
	rc = strncmp(reply, OK_PREFIX, sizeof OK_PREFIX - 1) != 0;
	free(reply);
	return (rc);
}
