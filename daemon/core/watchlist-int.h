/*
 * What the watchlist loader (watchlist.c), its fast path for the
 * importers' files (watchlist-fast.c) and the merging of one party's
 * entries (watchlist-party.c) share.  Internal to the core.
 */
#ifndef SANCTWATCH_WATCHLIST_INT_H
#define SANCTWATCH_WATCHLIST_INT_H

/* The arena's chunks: a million entities' strings in ~500 mallocs. */
#define WL_ARENA_CHUNK	(256 * 1024)

/* Where an entity or country was defined: a file of the list, a line. */
struct wl_where {
	size_t		 file;
	size_t		 line;
};

/* The state of one load. */
struct wl_load {
	struct watchlist	*w;
	struct diag		*diag;	/* the file's own, while read */
	size_t			 file;	/* index into w->files */
	struct strindex		 eindex;
	struct strindex		 cindex;
	struct strindex		 strings;	/* interned, in arena */
	struct yarena		*arena;	/* w->arena or the fast path's */
	struct yarena		 scratch;	/* one entity's nodes */
	struct wl_where		*ewhere;	/* as w->entities */
	struct wl_where		*cwhere;	/* as w->countries */
	size_t			 ecap;	/* of entities and ewhere */
	size_t			 ccap;	/* of countries and cwhere */
	size_t			 merged;	/* entities found in two files */
	struct watchlist_progress *progress;	/* or NULL */
	const char		*path;	/* the file read, while read */
	const _Atomic size_t	*hashed;	/* of it, or NULL: keep it all */
};
#define WL_PROGRESS_STEP	1024	/* entities between progress updates */
#define WL_MERGE_REPORTS	5	/* merges reported one by one */

/* Years of birth a watchlist may give (watchlist_born_years). */
#define WL_BORN_MIN	1800
#define WL_BORN_MAX	2199

extern const struct ykey wl_entity_keys[15];

void	 wl_born_add(struct entity *, unsigned, unsigned);

int	 wl_blank(const char *);
char	*wl_code_intern(struct wl_load *, const char *);
int	 wl_code_ok(const char *);
char	*wl_copy(struct wl_load *, const char *, size_t);
size_t	 wl_entity_add(struct wl_load *, const struct entity *, size_t,
	    int);
void	 wl_entity_reserve(struct wl_load *, size_t);
int	 wl_id_ok(const char *);
int	 wl_imo_ok(const char *);
int	 wl_registration_ok(const char *);
char	*wl_intern(struct wl_load *, const char *, size_t);
void	 wl_list(struct wl_load *, struct strv *, size_t);
int	 wl_topic_ok(const char *);
int	 wl_type(const char *);
void	 wl_undo(struct wl_load *, size_t, size_t);
void	 wl_file_reset(struct watchlist_file *);
int	 wl_fast(struct wl_load *, const char *, size_t);
void	 wl_entity_merge(struct wl_load *, size_t, const struct entity *,
	    size_t);
void	 wl_parties(struct wl_load *);

#endif /* SANCTWATCH_WATCHLIST_INT_H */
