/*
 * sanctwatch status, sources and reload: one request line each to the
 * daemon's socket, and its reply printed (socket_request).
 */
#include "client/client.h"

static int	cmd_request_status(int, char **);
static int	cmd_request_sources(int, char **);
static int	cmd_request_reload(int, char **);

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "status [-s SOCKET]",
	.exec = cmd_request_status,
};

const struct cmd_entry cmd_sources_entry = {
	.name = "sources",
	.usage = "sources [-s SOCKET]",
	.exec = cmd_request_sources,
};

const struct cmd_entry cmd_reload_entry = {
	.name = "reload",
	.usage = "reload [-s SOCKET]",
	.exec = cmd_request_reload,
};

/* sanctwatch status: the daemon's status. */
static int
cmd_request_status(int argc, char **argv)
{
	return (socket_request(argc, argv, "{\"cmd\": \"status\"}\n"));
}

/* sanctwatch sources: every source's polling state. */
static int
cmd_request_sources(int argc, char **argv)
{
	return (socket_request(argc, argv, "{\"cmd\": \"sources\"}\n"));
}

/* sanctwatch reload: ask the daemon to reload its config and watchlists. */
static int
cmd_request_reload(int argc, char **argv)
{
	return (socket_request(argc, argv, "{\"cmd\": \"reload\"}\n"));
}
