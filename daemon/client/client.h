/*
 * sanctwatch: the command-line client.  Each command is one struct
 * cmd_entry exported by its cmd-*.c file and listed in client.c's table:
 * scan runs the core on files (cmd-scan.c), import runs the importers
 * (cmd-import.c), list-diff compares two versions of a list
 * (cmd-list-diff.c), tail follows the daemon's alerts (cmd-tail.c), and
 * status, sources and reload send one request (cmd-request.c) through the
 * socket helpers (socket.c).
 */
#ifndef SANCTWATCH_CLIENT_H
#define SANCTWATCH_CLIENT_H

#include "core/core.h"

#define DEFAULT_SOCKET	"/run/sanctwatch/alerts.sock"
#define DEFAULT_CONFIG	"/etc/sanctwatch/sanctwatch.yaml"

/*
 * A command: its name, its usage line, what it does and its options (for
 * --help; NULL: the usage line alone) and what runs it.
 */
struct cmd_entry {
	const char	*name;
	const char	*usage;
	int		(*exec)(int, char **);	/* argv[0] is the command */
	const char	*help;		/* lines, each ending in \n */
	void		(*help_more)(FILE *);	/* more help, or NULL */
};

/* client.c */
__dead void	 client_usage(void);
__dead void	 client_usage_error(const char *, ...) PRINTFLIKE(1, 2);
__dead void	 client_bad_option(int, char **);
int		 client_output_text(int);

/* cmd-*.c */
extern const struct cmd_entry cmd_scan_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_list_diff_entry;
extern const struct cmd_entry cmd_tail_entry;
extern const struct cmd_entry cmd_collect_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_sources_entry;
extern const struct cmd_entry cmd_reload_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_review_entry;
extern const struct cmd_entry cmd_show_entry;

/* cmd-tail-nats.c: the cluster's alert stream (tail --nats, collect). */
struct json_t;
int		 tail_nats_match(struct json_t *, struct json_t *);
int		 tail_nats_alert(struct json_t *);
int		 tail_nats_time(const char *, int64_t *);
int		 tail_nats_run(const char *, const char *, int64_t, int64_t,
		    int, int (*)(uint64_t, const char *, size_t, void *),
		    void *);

/* socket.c: lines read from a socket, a whole line at a time. */
struct socket_lines {
	char		*buf;
	size_t		 off;		/* where the next line starts */
	size_t		 len;
	size_t		 cap;
	int		 watch_stdout;	/* end when no one reads stdout */
	int		 stdout_gone;	/* that is why it ended */
};
int		 socket_connect(const char *, int);
const char	*socket_path(int, char **);
char		*socket_line(struct socket_lines *, int, size_t *);
void		 socket_lines_free(struct socket_lines *);
int		 socket_request(int, char **, const char *);
char		*socket_ask(const char *, const char *);

#endif /* SANCTWATCH_CLIENT_H */
