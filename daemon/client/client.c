/*
 * sanctwatch: the command-line client.
 *
 *   sanctwatch scan [-c FILE | -w WATCHLIST...] [--min-score S] [FILE...|-]
 *	match local text against the watchlist with the daemon's own code and
 *	print one alert JSON per line (cmd-scan.c);
 *   sanctwatch import FORMAT [-o WATCHLIST] FILE...
 *	turn an official sanctions list into a watchlist (cmd-import.c);
 *   sanctwatch list-diff [FORMAT] OLD NEW
 *	what a list update adds, removes and changes (cmd-list-diff.c);
 *   sanctwatch tail [-s SOCKET] [filters] [--format json|text] [-n COUNT]
 *	print alerts from the daemon's socket as they arrive (cmd-tail.c);
 *   sanctwatch export [-c FILE | -d DATABASE] [--from DATE] [--to DATE]
 *	[--format ndjson|csv]
 *	the alert history with its decisions and list versions, read-only
 *	from the database (cmd-export.c);
 *   sanctwatch status|sources|reload [-s SOCKET]
 *	ask the daemon for its status, its sources' polling state, or a
 *	reload of its config and watchlists (cmd-request.c);
 *   sanctwatch review [-s SOCKET] ID... --confirm|--false-positive|--dismiss
 *	record a decision on alerts; sanctwatch show ID prints one alert with
 *	its decisions (cmd-review.c).
 *
 * Commands are rows of client_table[], each the struct cmd_entry its file
 * exports; each parses its own options.  Adding a command is a new file
 * and one line here.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"

static const struct cmd_entry *const client_table[] = {
	&cmd_scan_entry,
	&cmd_import_entry,
	&cmd_list_diff_entry,
	&cmd_tail_entry,
	&cmd_status_entry,
	&cmd_sources_entry,
	&cmd_reload_entry,
	&cmd_export_entry,
	&cmd_review_entry,
	&cmd_show_entry,
};

/* Print the usage of every command and exit 1. */
__dead void
client_usage(void)
{
	size_t	 i;

	fprintf(stderr, "usage:\n");
	for (i = 0; i < nitems(client_table); i++)
		fprintf(stderr, "  sanctwatch %s\n", client_table[i]->usage);
	fprintf(stderr, "  sanctwatch --version\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	size_t	 i;

	log_init(LOG_LVL_WARNING, "sanctwatch");
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		client_usage();
	if (strcmp(argv[1], "--version") == 0) {
		printf("sanctwatch %s\n", SANCTWATCH_VERSION);
		return (0);
	}
	for (i = 0; i < nitems(client_table); i++) {
		if (strcmp(argv[1], client_table[i]->name) == 0)
			return (client_table[i]->exec(argc - 1, argv + 1));
	}
	fprintf(stderr, "sanctwatch: unknown command '%s'\n", argv[1]);
	client_usage();
}
