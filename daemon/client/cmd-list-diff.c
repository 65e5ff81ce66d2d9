/*
 * sanctwatch list-diff [FORMAT] OLD NEW: what a list update changes.
 *
 * OLD and NEW are two watchlists (any the daemon loads, such as two
 * outputs of `sanctwatch import`), or with FORMAT two versions of an
 * official list, each one file or several joined by commas
 * (old/sdn.csv,old/alt.csv), imported here in memory by the importers.
 * Entities are matched on their id, which the importers keep stable.  One
 * line per added (+) and removed (-) entity, then one per changed (~)
 * entity with each changed field and what was added to and removed from it,
 * and a summary "list-diff: N added, N removed, N changed, N unchanged".
 * Exit 0, or 2 if a list cannot be read, imported or loaded.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "import/import.h"

static int	cmd_list_diff_exec(int, char **);

const struct cmd_entry cmd_list_diff_entry = {
	.name = "list-diff",
	.usage = "list-diff [FORMAT] OLD NEW",
	.help = "Compare two versions of a list by entity id: two watchlists, "
	    "or with a FORMAT\ntwo versions of an official list (each one file "
	    "or several joined by commas),\nimported in memory.  Prints the "
	    "added (+), removed (-) and changed (~)\nentities, each change "
	    "field by field, and a summary line.  Exit 0, or 2 if a\nlist "
	    "cannot be read.\n",
	.exec = cmd_list_diff_exec,
};

/* The fields compared, in the order of a watchlist entry. */
enum ld_kind { LD_STR, LD_TYPE, LD_LIST, LD_BORN };
static const struct {
	const char	*key;
	enum ld_kind	 kind;
	size_t		 off;
} ld_fields[] = {
	{ "name", LD_STR, offsetof(struct entity, name) },
	{ "type", LD_TYPE, 0 },
	{ "aliases", LD_LIST, offsetof(struct entity, aliases) },
	{ "weak_aliases", LD_LIST, offsetof(struct entity, weak_aliases) },
	{ "programs", LD_LIST, offsetof(struct entity, programs) },
	{ "countries", LD_LIST, offsetof(struct entity, countries) },
	{ "listed", LD_STR, offsetof(struct entity, listed) },
	{ "source", LD_STR, offsetof(struct entity, source) },
	{ "topics", LD_LIST, offsetof(struct entity, topics) },
	{ "imo", LD_LIST, offsetof(struct entity, imo) },
	{ "registrations", LD_LIST, offsetof(struct entity, registrations) },
	{ "born", LD_BORN, 0 },
};

/* A field of an entity: a string (may be NULL) or a vector. */
#define LD_AT(e, i)	((const char *)(e) + ld_fields[i].off)
#define LD_S(e, i)	(*(char *const *)(const void *)LD_AT(e, i))
#define LD_V(e, i)	((const struct strv *)(const void *)LD_AT(e, i))

/* Print s as a JSON string (null for NULL). */
static void
ld_json(const char *s)
{
	if (s == NULL) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

/* Print the strings of a that b lacks as a JSON array after a sign. */
static int
ld_minus(char sign, const struct strv *a, const struct strv *b)
{
	size_t	 i, n = 0;

	for (i = 0; i < a->n; i++) {
		if (strv_contains(b, a->v[i]))
			continue;
		fputs(n++ == 0 ? (sign == '+' ? " +[" : " -[") : ", ", stdout);
		ld_json(a->v[i]);
	}
	if (n > 0)
		putchar(']');
	return (n > 0);
}

/* Print the strings of sv joined by ", ", after "; " if any. */
static void
ld_join(const struct strv *sv)
{
	size_t	 i;

	for (i = 0; i < sv->n; i++)
		printf("%s%s", i == 0 ? "; " : ", ", sv->v[i]);
}

/* Print "id name (type; programs; countries)". */
static void
ld_describe(char sign, const struct entity *e)
{
	printf("%c %s %s (%s", sign, e->id, e->name,
	    watchlist_type_name(e->type));
	ld_join(&e->programs);
	ld_join(&e->countries);
	printf(")\n");
}

/* Start a changed field: the entity's line for the first, else "; ". */
static void
ld_field(int *any, const struct entity *e, const char *key)
{
	if ((*any)++ == 0)
		printf("~ %s %s: %s", e->id, e->name, key);
	else
		printf("; %s", key);
}

/* Print one changed string field after its key. */
static void
ld_str_change(const char *a, const char *b)
{
	putchar(' ');
	ld_json(a);
	fputs(" -> ", stdout);
	ld_json(b);
}

/* Whether field i of two entities is the same. */
static int
ld_equal(const struct entity *o, const struct entity *n, size_t i)
{
	const char	*a, *b;

	switch (ld_fields[i].kind) {
	case LD_STR:
		a = LD_S(o, i);
		b = LD_S(n, i);
		return (a == b || (a != NULL && b != NULL &&
		    strcmp(a, b) == 0));
	case LD_TYPE:
		return (o->type == n->type);
	case LD_LIST:
		return (strv_equal(LD_V(o, i), LD_V(n, i)));
	case LD_BORN:
		return (o->born_lo == n->born_lo && o->born_hi == n->born_hi);
	}
	return (1);
}

/* Print an entity's years of birth: 1962, 1960/1962, or none. */
static void
ld_born(const struct entity *e)
{
	if (e->born_lo == 0)
		fputs("none", stdout);
	else if (e->born_lo == e->born_hi)
		printf("%u", (unsigned)e->born_lo);
	else
		printf("%u/%u", (unsigned)e->born_lo, (unsigned)e->born_hi);
}

/* Print the changes of one entity on one line; whether there were any. */
static int
ld_changes(const struct entity *o, const struct entity *n)
{
	size_t	 i;
	int	 any = 0, plus, minus;

	for (i = 0; i < nitems(ld_fields); i++) {
		if (ld_equal(o, n, i))
			continue;
		ld_field(&any, n, ld_fields[i].key);
		switch (ld_fields[i].kind) {
		case LD_STR:
			ld_str_change(LD_S(o, i), LD_S(n, i));
			break;
		case LD_TYPE:
			ld_str_change(watchlist_type_name(o->type),
			    watchlist_type_name(n->type));
			break;
		case LD_LIST:
			plus = ld_minus('+', LD_V(n, i), LD_V(o, i));
			minus = ld_minus('-', LD_V(o, i), LD_V(n, i));
			if (!plus && !minus)
				fputs(" reordered", stdout);
			break;
		case LD_BORN:
			putchar(' ');
			ld_born(o);
			fputs(" -> ", stdout);
			ld_born(n);
			break;
		}
	}
	if (any)
		putchar('\n');
	return (any);
}

/* Compare two watchlists and print the differences. */
static void
ld_diff(const struct watchlist *old, const struct watchlist *new)
{
	struct strindex	 oix = { 0 }, nix = { 0 };
	size_t		 i, j, added = 0, removed = 0, changed = 0, same = 0;

	for (i = 0; i < old->nentities; i++)
		strindex_add(&oix, old->entities[i].id, i);
	for (i = 0; i < new->nentities; i++)
		strindex_add(&nix, new->entities[i].id, i);
	for (i = 0; i < new->nentities; i++) {
		if (strindex_find(&oix, new->entities[i].id) == SIZE_MAX) {
			ld_describe('+', &new->entities[i]);
			added++;
		}
	}
	for (i = 0; i < old->nentities; i++) {
		if (strindex_find(&nix, old->entities[i].id) == SIZE_MAX) {
			ld_describe('-', &old->entities[i]);
			removed++;
		}
	}
	for (i = 0; i < new->nentities; i++) {
		if ((j = strindex_find(&oix, new->entities[i].id)) == SIZE_MAX)
			continue;
		if (ld_changes(&old->entities[j], &new->entities[i]))
			changed++;
		else
			same++;
	}
	printf("list-diff: %zu added, %zu removed, %zu changed, %zu "
	    "unchanged\n", added, removed, changed, same);
	strindex_free(&oix);
	strindex_free(&nix);
}

/* Import comma-separated files of a format in memory and load the result. */
static struct watchlist *
ld_import(const char *format, const char *files)
{
	struct watchlist	*wl = NULL;
	struct strv		 paths = { 0 };
	struct diag		 d = { 0 };
	char			*copy, *p, *s, *buf = NULL;
	size_t			 len = 0;
	FILE			*f;

	copy = xstrdup(files);
	for (s = copy; (p = strsep(&s, ",")) != NULL; ) {
		if (*p != '\0')
			strv_push(&paths, p);
	}
	free(copy);
	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream");
	if (paths.n > 0 && import_run(format, paths.v, paths.n, NULL, f,
	    stderr) == 0 && fclose(f) == 0) {
		f = NULL;
		wl = watchlist_load_mem(files, buf, len, &d);
	}
	if (f != NULL)
		fclose(f);
	diag_print(&d, stderr);
	diag_free(&d);
	strv_free(&paths);
	free(buf);
	return (wl);
}

/* Load one watchlist file. */
static struct watchlist *
ld_load(const char *path)
{
	struct watchlist	*wl;
	struct strv		 files = { 0 };
	struct diag		 d = { 0 };

	strv_push(&files, path);
	wl = watchlist_load(&files, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	strv_free(&files);
	return (wl);
}

/* sanctwatch list-diff [FORMAT] OLD NEW. */
static int
cmd_list_diff_exec(int argc, char **argv)
{
	struct watchlist	*old = NULL, *new = NULL;
	const char		*format = NULL;

	if (argc == 4)
		format = argv[1];
	else if (argc != 3) {
		fprintf(stderr, "usage: sanctwatch %s\n",
		    cmd_list_diff_entry.usage);
		return (2);
	}
	if (format != NULL && import_format_find(format) == NULL) {
		fprintf(stderr, "sanctwatch: unknown format '%s'\n", format);
		return (2);
	}
	if (format != NULL) {
		if ((old = ld_import(format, argv[2])) != NULL)
			new = ld_import(format, argv[3]);
	} else if ((old = ld_load(argv[1])) != NULL)
		new = ld_load(argv[2]);
	if (old != NULL && new != NULL)
		ld_diff(old, new);
	else
		fprintf(stderr, "sanctwatch: list-diff: a list could not be "
		    "read; nothing compared\n");
	watchlist_free(old);
	watchlist_free(new);
	return (old != NULL && new != NULL ? 0 : 2);
}
