/*
 * sanctwatch import [--published DATE] FORMAT [-o FILE] FILE...: an
 * official sanctions list turned into a watchlist by the importers
 * (import.h), with problems and a summary (entities, the list's issuer and
 * its own date) on stderr.  The formats and what files each reads come from the
 * importers' table, import_formats[].
 *
 * With -o the watchlist is written to a temporary file beside FILE and
 * renamed over it only once the import succeeded and the file is on disk:
 * a live watchlist is never left empty or half written, whatever fails.
 * Without -o it goes to stdout.  An import that finds no entities writes
 * nothing either way.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/client.h"
#include "import/import.h"

static int	cmd_import_exec(int, char **);
static void	cmd_import_formats(FILE *);

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "import [--published YYYY-MM-DD] FORMAT [-o FILE] FILE...",
	.exec = cmd_import_exec,
	.help = "Convert an official sanctions list into a watchlist on "
	    "standard output or\ninto FILE (-o); the watchlist's name:, issuer: and published: "
	    "(the list's own date, where its\nfiles state it: UN "
	    "dateGenerated, UK Last Updated, EU generationDate) say\nwhich "
	    "list it is.  Problems and a summary go to standard error.\n"
	    "\n"
	    "  --published DATE  the list's date (YYYY-MM-DD) when its files "
	    "do not state\n"
	    "                    it (OFAC's CSV, OpenSanctions); wins over "
	    "theirs\n"
	    "  -o FILE           write the watchlist to FILE: a temporary file "
	    "beside it,\n"
	    "                    renamed over it only when the import "
	    "succeeded\n"
	    "  -h, --help        this help, with the formats\n",
	.help_more = cmd_import_formats,
};

/* Print the formats and the files each reads (also after --help). */
static void
cmd_import_formats(FILE *f)
{
	size_t	 i;

	fprintf(f, "formats:\n");
	for (i = 0; i < import_nformats; i++) {
		fprintf(f, "  %-18s %s\n", import_formats[i].name,
		    import_formats[i].files);
	}
}

/*
 * Import into path atomically: a temporary file in the same directory,
 * flushed to disk, then renamed over path.  0, or 1 after saying why.
 */
static int
cmd_import_file(const char *format, char **files, size_t n,
    const char *published, const char *path)
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
	rc = import_run(format, files, n, published, f, stderr);
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

/* sanctwatch import FORMAT FILE...: write a watchlist. */
static int
cmd_import_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "published", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*published = NULL, *out = NULL;
	int		 ch;

	while ((ch = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case 'p':
			published = optarg;
			if (!watchlist_date_ok(published))
				client_usage_error("--published: not a "
				    "YYYY-MM-DD date: %s", optarg);
			break;
		default:
			client_bad_option(ch, argv);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc >= 1 && import_format_find(argv[0]) == NULL) {
		fprintf(stderr, "sanctwatch import: unknown format '%s'\n",
		    argv[0]);
		cmd_import_formats(stderr);
		client_usage();
	}
	if (argc < 2) {
		fprintf(stderr, "sanctwatch import: %s\n", argc == 0 ?
		    "no format given" : "no file given");
		cmd_import_formats(stderr);
		client_usage();
	}
	if (out != NULL)
		return (cmd_import_file(argv[0], argv + 1, (size_t)argc - 1,
		    published, out));
	return (import_run(argv[0], argv + 1, (size_t)argc - 1, published,
	    stdout, stderr) == 0 ? 0 : 1);
}
