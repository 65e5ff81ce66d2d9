/*
 * sanctwatch: the command-line client.
 *
 *   sanctwatch scan [-c FILE | -w WATCHLIST...] [--min-score S] [FILE...|-]
 *	match local text against the watchlist with the daemon's own code and
 *	print one alert JSON per line;
 *   sanctwatch tail [-s SOCKET]
 *	print alerts from the daemon's socket as they arrive;
 *   sanctwatch status [-s SOCKET]
 *	ask the daemon for its status.
 *
 * Commands are rows of a table; each parses its own options.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sanctwatch.h"

#define DEFAULT_CONFIG	"/etc/sanctwatch/sanctwatch.yaml"
#define DEFAULT_SOCKET	"/run/sanctwatch/alerts.sock"
#define SCAN_MAX_FILE	(256u * 1024 * 1024)
#define OK_PREFIX	"{\"ok\":true"	/* how the daemon's success replies start */

struct command {
	const char	*name;
	const char	*usage;
	int		(*fn)(int, char **);
};

static int	cmd_scan(int, char **);
static int	cmd_tail(int, char **);
static int	cmd_status(int, char **);
static int	cmd_sources(int, char **);
static int	cmd_reload(int, char **);

static const struct command commands[] = {
	{ "scan", "scan [-c FILE | -w WATCHLIST...] [--min-score S] "
	    "[FILE...|-]", cmd_scan },
	{ "tail", "tail [-s SOCKET]", cmd_tail },
	{ "status", "status [-s SOCKET]", cmd_status },
	{ "sources", "sources [-s SOCKET]", cmd_sources },
	{ "reload", "reload [-s SOCKET]", cmd_reload },
};

/* Print the usage of every command and exit 1. */
static __dead void
usage(void)
{
	size_t	 i;

	fprintf(stderr, "usage:\n");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(stderr, "  sanctwatch %s\n", commands[i].usage);
	fprintf(stderr, "  sanctwatch --version\n");
	exit(1);
}

/* Read a whole file (or stdin for "-"), bounded; NULL with a message. */
static char *
read_file(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 cap = 0, n = 0, r;

	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "sanctwatch: %s: %s\n", path, strerror(errno));
		return (NULL);
	}
	for (;;) {
		if (n == cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			buf = xreallocarray(buf, cap + 1, 1);
		}
		if ((r = fread(buf + n, 1, cap - n, f)) == 0)
			break;
		if ((n += r) > SCAN_MAX_FILE) {
			fprintf(stderr, "sanctwatch: %s: larger than %u bytes\n",
			    path, SCAN_MAX_FILE);
			break;
		}
	}
	if (ferror(f) || n > SCAN_MAX_FILE) {
		if (ferror(f))
			fprintf(stderr, "sanctwatch: %s: read error\n", path);
		free(buf);
		buf = NULL;
	} else
		buf[n] = '\0';
	if (f != stdin)
		fclose(f);
	*len = n;
	return (buf);
}

/* Load the watchlists named by a config or by -w; NULL after printing why. */
static struct watchlist *
scan_watchlist(const char *config, const struct strv *files, double *min_score)
{
	struct diag		 d;
	struct config		*cf = NULL;
	struct watchlist	*wl;

	memset(&d, 0, sizeof d);
	if (files->n == 0) {
		if ((cf = config_load(config, &d)) == NULL) {
			diag_print(&d, stderr);
			diag_free(&d);
			return (NULL);
		}
		if (*min_score < 0)
			*min_score = cf->min_score;
	}
	wl = watchlist_load(cf != NULL ? &cf->watchlists : files, &d);
	if (wl == NULL)
		diag_print(&d, stderr);
	diag_free(&d);
	config_free(cf);
	return (wl);
}

/* Scan one file and print its alerts; -1 if it could not be read. */
static int
scan_one(const char *path, const struct watchlist *wl,
    const struct matcher *m, const struct alert_opts *opts)
{
	struct document	*doc;
	struct alert	*alerts;
	char		*body, *line;
	size_t		 len, n, i;

	if ((body = read_file(path, &len)) == NULL)
		return (-1);
	doc = extract_document("scan", path, FORMAT_AUTO, NULL, body, len);
	free(body);
	n = alert_build(doc, wl, m, opts, &alerts);
	for (i = 0; i < n; i++) {
		line = alert_json(&alerts[i], 0);
		printf("%s\n", line);
		free(line);
	}
	alert_free_array(alerts, n);
	document_free(doc);
	return (0);
}

/* sanctwatch scan: match local files against the watchlist. */
static int
cmd_scan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "min-score", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct strv		 files;
	struct watchlist	*wl;
	struct matcher		*m;
	struct alert_opts	 opts = { .min_score = -1, .snippet_chars = 200 };
	const char		*config = DEFAULT_CONFIG;
	char			*end;
	int			 ch, i, rc = 0;

	memset(&files, 0, sizeof files);
	while ((ch = getopt_long(argc, argv, "c:w:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 'w':
			strv_push(&files, optarg);
			break;
		case 'm':
			opts.min_score = strtod(optarg, &end);
			if (*end != '\0' || opts.min_score < 0 ||
			    opts.min_score > 1) {
				fprintf(stderr, "sanctwatch: --min-score: "
				    "expected a number in [0, 1]\n");
				return (1);
			}
			break;
		default:
			usage();
		}
	}
	if ((wl = scan_watchlist(config, &files, &opts.min_score)) == NULL) {
		strv_free(&files);
		return (1);
	}
	if (opts.min_score < 0)
		opts.min_score = 0.80;
	m = matcher_new(wl);
	if (optind == argc)
		rc = scan_one("-", wl, m, &opts) != 0;
	for (i = optind; i < argc; i++)
		rc |= scan_one(argv[i], wl, m, &opts) != 0;
	fflush(stdout);
	matcher_free(m);
	watchlist_free(wl);
	strv_free(&files);
	return (rc);
}

/* Connect to the daemon's socket; -1 after printing why. */
static int
client_connect(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		fprintf(stderr, "sanctwatch: %s: socket path too long\n", path);
		return (-1);
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		fprintf(stderr, "sanctwatch: %s: %s\n", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return (-1);
	}
	return (fd);
}

/* Parse the -s option common to the socket commands. */
static const char *
socket_opt(int argc, char **argv)
{
	const char	*path = DEFAULT_SOCKET;
	int		 ch;

	while ((ch = getopt(argc, argv, "s:")) != -1) {
		switch (ch) {
		case 's':
			path = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	return (path);
}

/* Copy what the socket sends to stdout until it closes. */
static int
client_copy(int fd)
{
	char	 buf[65536];
	ssize_t	 r;

	while ((r = read(fd, buf, sizeof buf)) > 0) {
		fwrite(buf, 1, (size_t)r, stdout);
		fflush(stdout);
	}
	if (r == -1) {
		fprintf(stderr, "sanctwatch: read: %s\n", strerror(errno));
		return (1);
	}
	return (0);
}

/* sanctwatch tail: print alerts as the daemon writes them. */
static int
cmd_tail(int argc, char **argv)
{
	const char	*path = socket_opt(argc, argv);
	int		 fd, rc;

	if ((fd = client_connect(path)) == -1)
		return (1);
	rc = client_copy(fd);
	close(fd);
	return (rc);
}

/*
 * Send one request line and print the one reply line; exit 1 unless the
 * reply says "ok": true.
 */
static int
client_request(int argc, char **argv, const char *req)
{
	const char	*path = socket_opt(argc, argv);
	char		 buf[65536];
	size_t		 len = 0;
	ssize_t		 r;
	int		 fd;

	if ((fd = client_connect(path)) == -1)
		return (1);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		fprintf(stderr, "sanctwatch: write: %s\n", strerror(errno));
		close(fd);
		return (1);
	}
	while (len < sizeof buf - 1 && memchr(buf, '\n', len) == NULL) {
		if ((r = read(fd, buf + len, sizeof buf - 1 - len)) <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	if (len == 0 || memchr(buf, '\n', len) == NULL) {
		fprintf(stderr, "sanctwatch: %s: no reply\n", path);
		return (1);
	}
	*strchr(buf, '\n') = '\0';
	printf("%s\n", buf);
	return (strncmp(buf, OK_PREFIX, sizeof OK_PREFIX - 1) == 0 ? 0 : 1);
}

/* sanctwatch status: the daemon's status. */
static int
cmd_status(int argc, char **argv)
{
	return (client_request(argc, argv, "{\"cmd\": \"status\"}\n"));
}

/* sanctwatch sources: every source's polling state. */
static int
cmd_sources(int argc, char **argv)
{
	return (client_request(argc, argv, "{\"cmd\": \"sources\"}\n"));
}

/* sanctwatch reload: ask the daemon to reload its config and watchlists. */
static int
cmd_reload(int argc, char **argv)
{
	return (client_request(argc, argv, "{\"cmd\": \"reload\"}\n"));
}

int
main(int argc, char **argv)
{
	size_t	 i;

	log_init(LOG_LVL_WARNING, "sanctwatch");
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "--version") == 0) {
		printf("sanctwatch %s\n", SANCTWATCH_VERSION);
		return (0);
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			return (commands[i].fn(argc - 1, argv + 1));
	}
	fprintf(stderr, "sanctwatch: unknown command '%s'\n", argv[1]);
	usage();
}
