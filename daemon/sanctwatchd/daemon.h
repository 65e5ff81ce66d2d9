/*
 * The daemon's own state, shared by main.c (start-up, stop, signals) and the
 * parts that act on the whole daemon: rescan.c, reload.c and service.c.
 * The stages below them (fetch, poller, pipeline, store, hub) do not know
 * struct daemon: they are declared in sanctwatchd.h and called from here.
 */
#ifndef SANCTWATCHD_DAEMON_H
#define SANCTWATCHD_DAEMON_H

#include <pthread.h>
#include <time.h>

#include "sanctwatchd/sanctwatchd.h"

struct event;
struct daemon;

/* Socket clients waiting for the outcome of a reload. */
struct waiters {
	unsigned	*v;
	size_t		 n;
	size_t		 cap;
};

/*
 * A reload's new config, watchlist and matcher, built beside the running.
 * Its thread and the loop agree through state which of them frees it: a
 * build the loop gave up on (RELOAD_ABANDONED) is freed by its thread.
 */
#define RELOAD_BUILDING		0
#define RELOAD_BUILT		1
#define RELOAD_ABANDONED	2

/*
 * How far a build got, written by the thread that builds and read by the
 * loop for status and STATUS= (reload_status): the step, and in the
 * watchlists' step the file and the entities so far.
 */
enum reload_step {
	RELOAD_STEP_CONFIG,		/* reading the configuration */
	RELOAD_STEP_WATCHLISTS,
	RELOAD_STEP_RULES,
	RELOAD_STEP_MATCHER,		/* compiling the matcher */
	RELOAD_STEP_DONE,		/* built, about to be swapped in */
};
struct reload_progress {
	_Atomic int		 step;		/* enum reload_step */
	struct watchlist_progress wl;
};

struct reload {
	struct daemon		*d;
	char			*path;
	const char		*by;		/* "SIGHUP", "socket" */
	struct config		*conf;		/* NULL if there were errors */
	struct watchlist	*wl;
	struct matcher		*matcher;
	struct rules		*rules;		/* NULL: none configured */
	struct diag		 diag;
	pthread_t		 thread;
	int			 threaded;	/* thread is to be joined */
	_Atomic int		 state;		/* RELOAD_BUILDING ... */
	struct event		*timer;		/* reload_timeout */
	uint64_t		 started_us;	/* monotonic */
	struct waiters		 waiters;	/* socket clients to answer */
	struct reload_progress	 progress;
};

struct daemon {
	struct event_base	*base;
	struct config		*conf;
	struct watchlist	*wl;
	struct matcher		*matcher;
	struct rules		*rules;		/* NULL: none configured */
	struct store		*store;
	struct hub		*hub;
	struct proto_ops	 ops;
	struct fetch		*fetch;
	struct poller		*poller;
	struct pipeline		*pipeline;
	struct deliver		*deliver;	/* deliver: targets */
	struct cluster		*cluster;	/* cluster:, or NULL */
	struct suppress		*suppress;	/* in force (decisions.c) */
	struct event		*sig[3];
	int			 once;
	int			 once_done;	/* said so, loop exiting */
	time_t			 started;
	/* Retro-scan: the kept texts against a changed watchlist. */
	struct {
		struct event	*ev;		/* the next slice */
		int		 running;
		int64_t		 before;	/* next: document ids below */
		int64_t		 total;		/* texts kept when it began */
		uint64_t	 done;		/* documents scanned */
		uint64_t	 alerts;	/* new alerts */
		uint64_t	 started_us;	/* monotonic */
		uint64_t	 slice_end_us;	/* of the last slice */
	}			 rescan;
	/* Service management: notify.c, the watchdog, reloads. */
	int			 notify;	/* $NOTIFY_SOCKET is ours */
	struct event		*watchdog_ev;
	struct event		*tick_ev;
	struct event		*reload_ev;	/* a reload thread finished */
	int			 reload_pipe[2];
	struct reload		*reload;	/* building, or NULL */
	int			 reload_again;	/* asked for while building */
	struct {				/* the last reload's outcome */
		char		 at[32];	/* "" if none yet */
		int		 ok;
		char		*error;		/* if it failed */
	}			 last_reload;
	struct waiters		 waiters;	/* ... by these clients */
	pthread_t		 disposer;	/* frees what a reload replaced */
	int			 disposing;
	char			*status;	/* the last STATUS= sent */
	int			 today;		/* day of alerts_midnight */
	uint64_t		 alerts_midnight; /* alerts at 00:00 UTC */
};

/* main.c */
struct config	*daemon_load(const char *, struct watchlist **,
		    struct rules **, struct diag *, struct reload_progress *);
void		 daemon_once(struct daemon *);
void		 daemon_lists(struct daemon *);
struct poller	*daemon_poller(struct daemon *, struct fetch *,
		    const struct config *);

/* decisions.c: review and show; the suppressions in force. */
void		 decisions_init(struct daemon *);
json_t		*decisions_review(void *, const struct proto_review *,
		    const struct proto_peer *, char **);
json_t		*decisions_show(void *, int64_t, char **);
void		 decisions_free(struct daemon *);

/* rescan.c: the kept texts scanned again after a watchlist change. */
void		 rescan_init(struct daemon *);
void		 rescan_start(struct daemon *, const char *);
void		 rescan_lost(void *);
void		 rescan_stop(struct daemon *);
void		 rescan_free(struct daemon *);

/* reload.c: config and watchlists rebuilt on a thread, then swapped in. */
void		 reload_init(struct daemon *);
void		 reload_start(struct daemon *, const char *);
int		 reload_request(void *, unsigned, char **);
void		 reload_stop(struct daemon *);
void		 reload_warmup(void);
json_t		*reload_status(struct daemon *);
char		*reload_status_line(struct daemon *);

/* service.c: systemd's STATUS=, the watchdog, the status replies. */
void		 service_start(struct daemon *);
void		 service_notify(struct daemon *, const char *);
json_t		*service_status(void *);
json_t		*service_sources(void *);
void		 service_stop(struct daemon *);

#endif /* SANCTWATCHD_DAEMON_H */
