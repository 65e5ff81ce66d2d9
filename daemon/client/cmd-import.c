/*
 * sanctwatch import FORMAT FILE...: an official sanctions list turned
 * into a watchlist on stdout by the importers (import.h), with problems
 * and a summary on stderr.  The formats and what files each reads come
 * from the importers' table, import_formats[].
 */
#include <stdio.h>

#include "client/client.h"
#include "import/import.h"

static int	cmd_import_exec(int, char **);

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "import FORMAT FILE... > watchlist.yaml",
	.exec = cmd_import_exec,
};

/* Print the import usage, with every format and its files. */
static void
cmd_import_usage(void)
{
	size_t	 i;

	fprintf(stderr, "usage: sanctwatch import FORMAT FILE... > "
	    "watchlist.yaml\nformats:\n");
	for (i = 0; i < import_nformats; i++) {
		fprintf(stderr, "  %-18s %s\n", import_formats[i].name,
		    import_formats[i].files);
	}
}

/* sanctwatch import FORMAT FILE...: write a watchlist on stdout. */
static int
cmd_import_exec(int argc, char **argv)
{
	if (argc < 3 || import_format_find(argv[1]) == NULL) {
		if (argc >= 2 && import_format_find(argv[1]) == NULL)
			fprintf(stderr, "sanctwatch: unknown format '%s'\n",
			    argv[1]);
		cmd_import_usage();
		return (1);
	}
	if (import_run(argv[1], argv + 2, (size_t)argc - 2, stdout,
	    stderr) != 0)
		return (1);
	return (0);
}
