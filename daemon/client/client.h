/*
 * sanctwatch: the command-line client.  Each command is one struct
 * cmd_entry exported by its cmd-*.c file and listed in client.c's table:
 * scan runs the core on files (cmd-scan.c), import runs the importers
 * (cmd-import.c), tail follows the daemon's alerts (cmd-tail.c), and
 * status, sources and reload send one request (cmd-request.c) through the
 * socket helpers (socket.c).
 */
#ifndef SANCTWATCH_CLIENT_H
#define SANCTWATCH_CLIENT_H

#include "core/core.h"

#define DEFAULT_SOCKET	"/run/sanctwatch/alerts.sock"

/* A command: its name, its usage line and what runs it. */
struct cmd_entry {
	const char	*name;
	const char	*usage;
	int		(*exec)(int, char **);	/* argv[0] is the command */
};

/* client.c */
__dead void	 client_usage(void);

/* cmd-*.c */
extern const struct cmd_entry cmd_scan_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_tail_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_sources_entry;
extern const struct cmd_entry cmd_reload_entry;

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

#endif /* SANCTWATCH_CLIENT_H */
