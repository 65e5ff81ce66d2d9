/*
 * sanctwatch import FORMAT [-o FILE] FILE...: an official sanctions list
 * turned into a watchlist by the importers (import.h), with problems and a
 * summary on stderr.  The formats and what files each reads come from the
 * importers' table, import_formats[].
 *
 * With -o the watchlist is written to a temporary file beside FILE and
 * renamed over it only once the import succeeded and the file is on disk:
 * a live watchlist is never left empty or half written, whatever fails.
 * Without -o it goes to stdout.  An import that finds no entities writes
 * nothing either way.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/client.h"
#include "import/import.h"

static int	cmd_import_exec(int, char **);

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "import FORMAT [-o FILE] FILE...",
	.exec = cmd_import_exec,
};

/* Print the import usage, with every format and its files. */
static void
cmd_import_usage(void)
{
	size_t	 i;

	fprintf(stderr, "usage: sanctwatch import FORMAT [-o WATCHLIST] "
	    "FILE...\nformats:\n");
	for (i = 0; i < import_nformats; i++) {
		fprintf(stderr, "  %-18s %s\n", import_formats[i].name,
		    import_formats[i].files);
	}
}

/*
 * Import into path atomically: a temporary file in the same directory,
 * flushed to disk, then renamed over path.  0, or 1 after saying why.
 */
static int
cmd_import_file(const char *format, char **files, size_t n, const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*tmp;
	FILE		*f = NULL;
	mode_t		 mask;
	int		 fd, rc;

	if (slash == NULL)
		tmp = xasprintf(".%s.XXXXXX", path);
	else
		tmp = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path,
		    slash + 1);
	if ((fd = mkstemp(tmp)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "sanctwatch: %s: %s\n", path, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return (1);
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	rc = import_run(format, files, n, f, stderr);
	if (rc == 0 && (fflush(f) != 0 || fsync(fd) == -1)) {
		fprintf(stderr, "sanctwatch: %s: %s\n", tmp, strerror(errno));
		rc = -1;
	}
	if (fclose(f) != 0 && rc == 0) {
		fprintf(stderr, "sanctwatch: %s: %s\n", tmp, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, path) == -1) {
		fprintf(stderr, "sanctwatch: %s: %s\n", path, strerror(errno));
		rc = -1;
	}
	if (rc != 0) {
		unlink(tmp);
		fprintf(stderr, "sanctwatch: %s left as it was\n", path);
	}
	free(tmp);
	return (rc == 0 ? 0 : 1);
}

/* sanctwatch import FORMAT [-o FILE] FILE...: write a watchlist. */
static int
cmd_import_exec(int argc, char **argv)
{
	const char	*out = NULL, *format;
	int		 ch;

	if (argc < 2 || import_format_find(argv[1]) == NULL) {
		if (argc >= 2)
			fprintf(stderr, "sanctwatch: unknown format '%s'\n",
			    argv[1]);
		cmd_import_usage();
		return (1);
	}
	format = argv[1];
	argc--;
	argv++;
	optind = 1;
	while ((ch = getopt(argc, argv, "o:")) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		default:
			cmd_import_usage();
			return (1);
		}
	}
	if (optind >= argc) {
		cmd_import_usage();
		return (1);
	}
	if (out != NULL)
		return (cmd_import_file(format, argv + optind,
		    (size_t)(argc - optind), out));
	return (import_run(format, argv + optind, (size_t)(argc - optind),
	    stdout, stderr) == 0 ? 0 : 1);
}
