/*
 * The socket protocol: request lines from clients, their replies, and the
 * subscription filters.  Shared by the daemon's hub and the client; no
 * sockets here (proto_request() turns a line into its reply).
 */
#ifndef SANCTWATCH_PROTOCOL_H
#define SANCTWATCH_PROTOCOL_H

#include <jansson.h>

#include "core/core.h"

#define PROTO_MAX_LINE		(64u * 1024)	/* one subscriber request line */

/* protocol.c */
struct proto_review;
struct proto_peer;
typedef void	(*proto_emit_cb)(const struct alert *, const char *, size_t,
		    void *);
struct proto_ops {
	/* A JSON object of status fields, a new reference; NULL on error. */
	json_t		*(*status)(void *);
	/* A JSON array of per-source state objects, a new reference. */
	json_t		*(*sources)(void *);
	/*
	 * Start a reload of config and watchlists for client id: 0 once
	 * started, the outcome to come through hub_reload_done() from a later
	 * loop event (never from within this call); or -1 with *cause from
	 * malloc.
	 */
	int		 (*reload)(void *, unsigned, char **);
	/*
	 * Replay: emit up to max committed alerts with ids above after, in
	 * order, each with its JSON line; the number emitted, or -1.
	 */
	ssize_t		 (*replay)(void *, int64_t, size_t, proto_emit_cb, void *);
	/*
	 * Record a decision on alerts for a peer: the reply's fields (a new
	 * object), or NULL with *error (from malloc) and nothing recorded.
	 */
	json_t		*(*review)(void *, const struct proto_review *,
			    const struct proto_peer *, char **);
	/* One alert and its decisions, or NULL with *error (from malloc). */
	json_t		*(*show)(void *, int64_t, char **);
	/* The database's identity, for the subscribe reply; NULL: none. */
	const char	 *database;
	void		 *arg;
};
/* Who sent a request (SO_PEERCRED). */
struct proto_peer {
	int		  trusted;	/* root or the daemon's uid */
	int		  known;	/* uid is the peer's */
	uid_t		  uid;
};
/* A valid review request. */
#define PROTO_MAX_REVIEW	1024	/* alert ids in one review */
#define PROTO_MAX_NOTE		4096	/* bytes of a decision's note */
struct proto_review {
	int64_t		 *ids;
	size_t		  nids;
	enum review_action action;
	enum review_scope scope;
	time_t		  until;	/* 0: none */
	const char	 *note;		/* NULL: none */
};
/* What a subscriber asked for: all given filters must match. */
struct proto_filter {
	int		  kinds;	/* bits 1 << enum party_kind; 0: all */
	int		  severities;	/* bits: 1 high, 2 medium, 4 low; 0: all */
	double		  min_score;
	struct strv	  entities;
	struct strv	  programs;
	struct strv	  sources;
	struct strv	  countries;	/* mentioned, or the country alerted */
	int		  suppressed;	/* suppressed alerts too */
	struct strv	  rules;	/* rule alerts of these rule ids */
};
struct proto_sub {
	int		  given;	/* a valid subscribe request */
	int		  has_since;
	int64_t		  since;
	struct proto_filter filter;
	int		  reload;	/* a valid reload: the reply comes later */
};
char		*proto_request(const char *, size_t, const struct proto_ops *, int,
		    struct proto_sub *);
char		*proto_request_peer(const char *, size_t,
		    const struct proto_ops *, const struct proto_peer *,
		    struct proto_sub *);
int		 proto_filter_match(const struct proto_filter *,
		    const struct alert *);
void		 proto_sub_free(struct proto_sub *);
void		 proto_filter_free(struct proto_filter *);
char		*proto_error_line(const char *);

#endif /* SANCTWATCH_PROTOCOL_H */
