/*
 * What the matcher's engine (matcher.c), the forms of names (names.c) and
 * the evidence of the text (evidence.c) share: a name cut into tokens, a
 * variant to add, and the calls between them.  Internal to the core.
 */
#ifndef SANCTWATCH_MATCHER_INT_H
#define SANCTWATCH_MATCHER_INT_H

#define MATCHER_MAX_TOKENS	32	/* longer names are cut to this */
#define MATCHER_BACK		10	/* tokens kept before a chunk, for context */
#define MATCHER_CHUNK		4096	/* text tokens made at a time */
#define MATCHER_CROWD		100	/* bearers of a surname naming none */
/* The score, per mille, of a name that is weak alone. */
#define SCORE_CAPPED		500

/* A name cut into tokens. */
struct ntoks {
	uint64_t	 hash[MATCHER_MAX_TOKENS];
	uint64_t	 skel[MATCHER_MAX_TOKENS];
	size_t		 flen[MATCHER_MAX_TOKENS];
	uint32_t	 digits;	/* bit i: token i is a number */
	size_t		 n;
};

/* One variant to add: tokens nt[idx[0..n)] of a party. */
struct variant {
	const char	*id;		/* the party's, for warnings */
	enum party_kind	 kind;
	int		 type;		/* enum entity_type; -1: a country */
	size_t		 party;
	enum match_method method;
	enum match_order order;		/* for MATCH_REORDERED */
	unsigned	 score;		/* per mille */
	unsigned	 rules;		/* MATCH_R_* of the form, VAR_* */
	const char	*name;
};
#define VAR_VESSEL	0x10000		/* needs a vessel word near */
#define VAR_COMMA	0x20000		/* the name has a comma */
#define VAR_GENERIC	0x40000		/* only everyday words */
#define VAR_CAPS	0x80000		/* an alias that must be in capitals */
#define VAR_HEAD	0x100000	/* a firm's first words: weak alone */
#define VAR_NOHEAD	0x200000	/* a country written otherwise */

struct matcher;

/* matcher.c */
void	 matcher_add(struct matcher *, const struct ntoks *, const size_t *,
	    size_t, const struct variant *);
void	 matcher_add_run(struct matcher *, const struct ntoks *, size_t,
	    size_t, const struct variant *);
void	 matcher_never(struct matcher *, const char *, const char *,
	    const char *);
void	 matcher_add_placed(struct matcher *, uint64_t, size_t,
	    const char *, const char *);
void	 matcher_add_given(struct matcher *, uint64_t);
void	 matcher_note_splinter(struct matcher *, size_t);
int	 matcher_initials(const char *, const char *, size_t);
int	 matcher_has_given(const struct matcher *, uint64_t);

/* names.c */
void	 names_init(void);
void	 names_cut(const char *, size_t, struct ntoks *, size_t);
uint64_t names_party_key(const char *, int);
int	 names_is_common(uint64_t);
int	 names_is_popname(uint64_t);
int	 names_is_census(uint64_t);
int	 names_is_firm_word(uint64_t);
int	 names_is_compound_head(uint64_t);
int	 names_is_kunya_head(uint64_t);
int	 names_is_compound_tail(uint64_t);
int	 names_is_function(uint64_t);
int	 names_is_proper(uint64_t);
int	 names_is_rare(uint64_t);
int	 names_is_everyday(uint64_t);
int	 names_is_legal(uint64_t);
int	 names_is_title(uint64_t);
int	 names_is_fighter_word(uint64_t);
int	 names_is_band_word(uint64_t);
int	 names_is_outlet_word(uint64_t);
int	 names_is_craft_word(uint64_t);
int	 names_is_cartel(uint64_t);
int	 names_is_office(uint64_t);
int	 names_is_ship_word(uint64_t);
int	 names_is_bulk_carrier(uint64_t, uint64_t);
int	 names_is_creed(uint64_t);
int	 names_is_vessel_word(uint64_t);
int	 names_is_imo_label(uint64_t);
int	 names_is_reg_label(uint64_t);
int	 names_is_vessel_pair(uint64_t, uint64_t);
int	 names_is_of(uint64_t);
int	 names_is_minor(uint64_t);
int	 names_is_reporting(uint64_t);
int	 names_is_al(uint64_t);
void	 names_note_entity(struct matcher *, const struct entity *);
void	 names_add_entity(struct matcher *, const struct entity *, size_t);
void	 names_add_country(struct matcher *, const struct country *, size_t);

/* evidence.c */
int	 evidence_capital(const char *, const struct token *);
int	 tokchunk_cut(struct tokchunk *, const struct tokchunk *,
	    const char *, size_t, size_t *);
size_t	 evidence_nickname(const char *, const struct token *, size_t, int);
int	 evidence_caseless(const char *, const struct token *, size_t, size_t);
int	 evidence_digits(const char *, const struct token *);
int	 evidence_upper(const char *, const struct token *);
int	 evidence_gap(const char *, const struct token *, const struct token *,
	    int);
int	 evidence_joined(const char *, const struct token *,
	    const struct token *);
int	 evidence_number_ends(const char *, size_t, const struct token *,
	    const struct token *);
int	 evidence_legal_near(const char *, const struct token *, size_t, size_t,
	    size_t, int);
const char *evidence_country_before(const char *, const struct token *,
	    size_t);
int	 evidence_fighters(const char *, const struct token *, size_t,
	    size_t, size_t, int);
int	 evidence_longer(const char *, const struct token *, size_t, size_t,
	    size_t, int);
int	 evidence_vessel_near(const char *, const struct token *, size_t,
	    size_t, size_t, int);
int	 evidence_ship_before(const char *, const struct token *, size_t);
int	 evidence_stop(const char *, const struct token *,
	    const struct token *);
int	 evidence_word(const char *, const struct token *, const char *);
uint32_t evidence_imo_at(const char *, const struct token *, size_t,
	    size_t *);
int	 evidence_imo_ship(uint32_t);
int	 evidence_imo_after(const char *, const struct token *, size_t,
	    size_t, size_t, int);
uint64_t evidence_reg_number(const char *, const struct token *, size_t *);
int	 evidence_reg_label(const char *, const struct token *, size_t);
int	 evidence_reg_after(const char *, const struct token *, size_t,
	    size_t, size_t, int);

#endif /* SANCTWATCH_MATCHER_INT_H */
