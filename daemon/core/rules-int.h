/*
 * What the rules loader (rules-load.c) builds and the rules engine
 * (rules.c) scans with: sets, rules and the compiled terms.  Internal to
 * the core.
 */
#ifndef SANCTWATCH_RULES_INT_H
#define SANCTWATCH_RULES_INT_H

/* Where a rule's sets must meet. */
enum rwindow {
	RWIN_SENTENCE,
	RWIN_PARAGRAPH,
	RWIN_DOCUMENT,
	RWIN_TOKENS,		/* within tokens words */
};

/* A named set of terms, HS codes and watchlist countries. */
struct rset {
	char		*id;
};

struct rrule {
	char		*id;
	char		*name;		/* NULL: the id */
	char		*topic;
	enum severity	 severity;
	int		 boost;		/* severity if a party is near; -1 */
	struct strv	 boost_topics;	/* only parties of these topics */
	uint64_t	 need;		/* sets that must all occur */
	uint64_t	 unless;	/* sets that cancel a window */
	enum rwindow	 window;
	size_t		 tokens;	/* RWIN_TOKENS */
};

/* A term: tokens toks[tok..tok+ntok) of the text, in any of sets. */
struct rterm {
	uint64_t	 first;		/* the folded hash of its first token */
	uint64_t	 sets;
	uint32_t	 tok;
	uint8_t		 ntok;
	uint8_t		 hs;		/* an HS code: a number, not an amount */
};

struct rules {
	struct rset	*sets;
	size_t		 nsets;
	struct rrule	*rules;
	size_t		 nrules;
	struct rterm	*terms;		/* by first, then tokens */
	size_t		 nterms;
	size_t		 termcap;
	uint64_t	*toks;		/* the terms' folded token hashes */
	size_t		 ntoks;
	size_t		 tokcap;
	uint32_t	*slots;		/* first hash -> its first term + 1 */
	size_t		 nslots;	/* a power of two */
	uint64_t	*bits;		/* bitset of first hashes */
	unsigned	 shift;
	uint64_t	*cmask;		/* watchlist country -> its sets */
	size_t		 ncountries;
	char		 hash[65];	/* sha256 over the files */
};

/* rules.c */
void	 rules_add_term(struct rules *, const struct ntoks *, uint64_t, int);
void	 rules_index(struct rules *);

#endif /* SANCTWATCH_RULES_INT_H */
