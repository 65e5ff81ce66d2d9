/*
 * file: a whole file read into memory, NUL-terminated, with a bound on its
 * size.  A regular file is sized once from fstat, so a large one is not
 * copied as it grows, and one over the bound is refused before any of it
 * is read; anything else (a pipe, stdin) grows by doubling.  Opening never
 * waits for a FIFO's writer (issue 17, item 6).
 * Errors travel as a cause from malloc: the error's text, or "larger than
 * N bytes"; the caller says which file.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"

/*
 * Read all of fd, at most max bytes; NULL with *cause on failure.  With a
 * take function, the text is read FILE_TAKE_STEP bytes at a time, and
 * each read handed to it while it is in the cache: take(&buf, &cap, &len,
 * from, eof, arg) is given the text so far, buf[0..len) in a buffer of
 * cap bytes and a NUL, of which [from..len) is new, and returns how far
 * it got; it may rewrite the new bytes and grow the text and the buffer
 * (extract_utf8_take repairs UTF-8 so).  It is called once more at the
 * end with eof set, and must then take all.
 */
char *
file_read_fd_take(int fd, size_t max, size_t *lenp, char **cause,
    file_take_fn *take, void *arg)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 len = 0, cap = 0, got = 0, from = 0, want;
	ssize_t		 r;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		if ((uintmax_t)st.st_size > max) {	/* before a byte is read */
			*cause = xasprintf("larger than %zu bytes", max);
			return (NULL);
		}
		cap = (size_t)st.st_size + 1;	/* room to see the end */
		buf = xhugealloc(cap + 1);	/* one fault per 2 MB */
	}
	for (;;) {
		if (len == cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			buf = xreallocarray(buf, cap + 1, 1);
		}
		want = cap - len;
		if (take != NULL && want > FILE_TAKE_STEP)
			want = FILE_TAKE_STEP;
		r = read(fd, buf + len, want);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0 || (got += (size_t)r) > max)
			break;
		len += (size_t)r;
		if (take != NULL)
			from = take(&buf, &cap, &len, from, 0, arg);
	}
	if (r == -1 || got > max) {
		if (r == -1)
			*cause = xstrdup(strerror(errno));
		else
			*cause = xasprintf("larger than %zu bytes", max);
		free(buf);
		return (NULL);
	}
	if (take != NULL)
		(void)take(&buf, &cap, &len, from, 1, arg);
	buf[len] = '\0';
	*lenp = len;
	return (buf);
}

/* Read all of fd, at most max bytes; NULL with *cause on failure. */
char *
file_read_fd(int fd, size_t max, size_t *lenp, char **cause)
{
	return (file_read_fd_take(fd, max, lenp, cause, NULL, NULL));
}

/* Read a whole file, at most max bytes; NULL with *cause on failure. */
char *
file_read(const char *path, size_t max, size_t *lenp, char **cause)
{
	return (file_read_take(path, max, lenp, cause, NULL, NULL));
}

/* file_read with a take function (file_read_fd_take). */
char *
file_read_take(const char *path, size_t max, size_t *lenp, char **cause,
    file_take_fn *take, void *arg)
{
	char	*buf;
	int	 fd;

	/*
	 * O_NONBLOCK only for the open: a FIFO nobody writes to would block
	 * it for ever; opened so, its reads end at once (no writer: EOF).
	 */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1 ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1) {
		*cause = xstrdup(strerror(errno));
		if (fd != -1)
			close(fd);
		return (NULL);
	}
	buf = file_read_fd_take(fd, max, lenp, cause, take, arg);
	close(fd);
	return (buf);
}
