/*
 * sanctwatch: the command-line client.
 *
 *   sanctwatch scan [-c FILE | -w WATCHLIST...] [--min-score S] [FILE|DIR...|-]
 *	match local text against the watchlist with the daemon's own code and
 *	print one alert JSON per line (cmd-scan.c);
 *   sanctwatch import [--published DATE] FORMAT [-o WATCHLIST] FILE...
 *	turn an official sanctions list into a watchlist (cmd-import.c);
 *   sanctwatch list-diff [FORMAT] OLD NEW
 *	what a list update adds, removes and changes (cmd-list-diff.c);
 *   sanctwatch tail [-s SOCKET] [filters] [--format json|text] [-n COUNT]
 *	print alerts from the daemon's socket as they arrive (cmd-tail.c);
 *   sanctwatch export [-c FILE | -d DATABASE] [--from DATE] [--to DATE]
 *	[--format ndjson|csv]
 *	the alert history with its decisions and list versions, read-only
 *	from the database (cmd-export.c);
 *   sanctwatch status|sources [-s SOCKET] [--json|--text], reload
 *	ask the daemon for its status, its sources' polling state, or a
 *	reload of its config and watchlists (cmd-request.c);
 *   sanctwatch review [-s SOCKET] ID... --confirm|--false-positive|--dismiss
 *	record a decision on alerts; sanctwatch show ID prints one alert with
 *	its decisions (cmd-review.c).
 *
 * Commands are rows of client_table[], each the struct cmd_entry its file
 * exports; each parses its own options.  Adding a command is a new file
 * and one line here.
 *
 * Help and errors: "sanctwatch --help" and "sanctwatch CMD --help" (or -h,
 * anywhere before a "--") print the usage (and the command's help text) on
 * stdout and exit 0; a misused command prints what was wrong, naming the
 * argument, and its usage on stderr and exits 1.
 */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/client.h"

static const struct cmd_entry *const client_table[] = {
	&cmd_scan_entry,
	&cmd_import_entry,
	&cmd_list_diff_entry,
	&cmd_tail_entry,
	&cmd_collect_entry,
	&cmd_status_entry,
	&cmd_sources_entry,
	&cmd_reload_entry,
	&cmd_export_entry,
	&cmd_review_entry,
	&cmd_show_entry,
};

/* The command running, for its usage; NULL before one is chosen. */
static const struct cmd_entry *client_cmd;

/* Print the usage of every command. */
static void
client_usage_all(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage:\n");
	for (i = 0; i < nitems(client_table); i++)
		fprintf(f, "  sanctwatch %s\n", client_table[i]->usage);
	fprintf(f, "  sanctwatch --version\n"
	    "  sanctwatch [COMMAND] --help\n");
}

/* Print one command's usage and help text. */
static void
client_usage_cmd(FILE *f, const struct cmd_entry *e, int help)
{
	fprintf(f, "usage: sanctwatch %s\n", e->usage);
	if (help && e->help != NULL)
		fprintf(f, "\n%s", e->help);
	if (help && e->help_more != NULL)
		e->help_more(f);
}

/* The usage of the command running (or of all) on stderr; exit 1. */
__dead void
client_usage(void)
{
	if (client_cmd != NULL)
		client_usage_cmd(stderr, client_cmd, 0);
	else
		client_usage_all(stderr);
	exit(1);
}

/* Say what was wrong with the arguments, then the usage; exit 1. */
__dead void
client_usage_error(const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "sanctwatch%s%s: ", client_cmd != NULL ? " " : "",
	    client_cmd != NULL ? client_cmd->name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	client_usage();
}

/*
 * After getopt_long returned ch, '?' or ':' (opterr is 0, optstrings start
 * with ':'): name the option that was unknown or lacked its value, then
 * the usage; exit 1.
 */
__dead void
client_bad_option(int ch, char **argv)
{
	const char	*arg = optind > 0 ? argv[optind - 1] : "";
	int		 islong = strncmp(arg, "--", 2) == 0;

	if (ch == ':' && islong)
		client_usage_error("option %s needs a value", arg);
	if (ch == ':')
		client_usage_error("option -%c needs a value", optopt);
	if (islong)
		client_usage_error("unknown option %.*s",
		    (int)strcspn(arg, "="), arg);
	client_usage_error("unknown option -%c", optopt);
}

/*
 * Whether to print a reply as text: --text (1) or --json (0) if given
 * (mode >= 0), else text when standard output is a terminal.
 */
int
client_output_text(int mode)
{
	return (mode >= 0 ? mode : isatty(STDOUT_FILENO));
}

/* Whether the arguments ask for help: --help or -h before any "--". */
static int
client_wants_help(int argc, char **argv)
{
	int	 i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return (1);
	}
	return (0);
}

int
main(int argc, char **argv)
{
	size_t	 i;

	log_init(LOG_LVL_WARNING, "sanctwatch");
	signal(SIGPIPE, SIG_IGN);
	opterr = 0;		/* client_bad_option says it, naming the option */
	if (argc < 2)
		client_usage();
	if (strcmp(argv[1], "--version") == 0) {
		printf("sanctwatch %s\n", SANCTWATCH_VERSION);
		return (0);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		client_usage_all(stdout);
		return (0);
	}
	for (i = 0; i < nitems(client_table); i++) {
		if (strcmp(argv[1], client_table[i]->name) != 0)
			continue;
		client_cmd = client_table[i];
		if (client_wants_help(argc - 1, argv + 1)) {
			client_usage_cmd(stdout, client_cmd, 1);
			return (0);
		}
		return (client_cmd->exec(argc - 1, argv + 1));
	}
	fprintf(stderr, "sanctwatch: unknown command '%s'\n", argv[1]);
	client_usage();
}
