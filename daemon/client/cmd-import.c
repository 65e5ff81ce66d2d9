/*
 * sanctwatch import [--published DATE] FORMAT FILE...: an official
 * sanctions list turned into a watchlist on stdout by the importers
 * (import.h), with problems and a summary (entities, the list's issuer and
 * its own date) on stderr.  The formats and what files each reads come
 * from the importers' table, import_formats[].
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "client/client.h"
#include "import/import.h"

static int	cmd_import_exec(int, char **);
static void	cmd_import_formats(FILE *);

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "import [--published YYYY-MM-DD] FORMAT FILE... > "
	    "watchlist.yaml",
	.exec = cmd_import_exec,
	.help = "Convert an official sanctions list into a watchlist on "
	    "standard output; the\nwatchlist's name:, issuer: and published: "
	    "(the list's own date, where its\nfiles state it: UN "
	    "dateGenerated, UK Last Updated, EU generationDate) say\nwhich "
	    "list it is.  Problems and a summary go to standard error.\n"
	    "\n"
	    "  --published DATE  the list's date (YYYY-MM-DD) when its files "
	    "do not state\n"
	    "                    it (OFAC's CSV, OpenSanctions); wins over "
	    "theirs\n"
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

/* sanctwatch import FORMAT FILE...: write a watchlist on stdout. */
static int
cmd_import_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "published", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*published = NULL;
	int		 ch;

	while ((ch = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (ch) {
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
	if (import_run(argv[0], argv + 1, (size_t)argc - 1, published,
	    stdout, stderr) != 0)
		return (1);
	return (0);
}
