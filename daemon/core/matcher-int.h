/*
 * What the matcher's engine (matcher.c) and the forms of names (names.c)
 * share: a name cut into tokens, a variant to add, and the calls between
 * them.  Internal to the core.
 */
#ifndef SANCTWATCH_MATCHER_INT_H
#define SANCTWATCH_MATCHER_INT_H

#define MATCHER_MAX_TOKENS	32	/* longer names are cut to this */

/* A name cut into tokens. */
struct ntoks {
	uint64_t	 hash[MATCHER_MAX_TOKENS];
	uint64_t	 skel[MATCHER_MAX_TOKENS];
	size_t		 flen[MATCHER_MAX_TOKENS];
	size_t		 n;
};

/* One variant to add: tokens nt[idx[0..n)] of a party. */
struct variant {
	const char	*id;		/* the party's, for warnings */
	enum party_kind	 kind;
	int		 vessel;	/* proper names are common words */
	size_t		 party;
	enum match_method method;
	unsigned	 score;		/* per mille */
	const char	*name;
};

struct matcher;

/* matcher.c */
void	 matcher_add(struct matcher *, const struct ntoks *, const size_t *,
	    size_t, const struct variant *);
void	 matcher_add_run(struct matcher *, const struct ntoks *, size_t,
	    size_t, const struct variant *);

/* names.c */
void	 names_init(void);
void	 names_cut(const char *, size_t, struct ntoks *, size_t);
int	 names_is_common(uint64_t);
int	 names_is_function(uint64_t);
void	 names_add_entity(struct matcher *, const struct entity *, size_t);
void	 names_add_country(struct matcher *, const struct country *, size_t);

#endif /* SANCTWATCH_MATCHER_INT_H */
