/*
 * The list files of a watchlist (struct watchlist_file): the top-level
 * name, issuer and published keys through libyaml and through the
 * importers' fast path alike, their errors, and each file's own hash and
 * number of entries, also when an id found again in a later file merges.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "unit.h"

/* The importers' shape, with both new keys. */
static const char wl_imported[] =
    "# Written by sanctwatch import; one entity per line.\n"
    "version: 1\n"
    "name: \"UN Security Council consolidated list\"\n"
    "issuer: \"United Nations Security Council\"\n"
    "published: \"2024-03-05\"\n"
    "entities:\n"
    "  - {\"id\": \"un-1\", \"name\": \"Ahmad Example\", \"type\": \"person\"}\n"
    "  - {\"id\": \"un-2\", \"name\": \"Example Trading LLC\", "
    "\"type\": \"organization\"}\n";

/* Load a buffer with the fast path on or off; check its file's keys. */
static void
check_keys(const char *yaml, int fast)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;
	char			 hex[65];

	watchlist_fastpath = fast;
	w = watchlist_load_mem("w.yaml", yaml, strlen(yaml), &d);
	watchlist_fastpath = 1;
	if (!CHECK(w != NULL)) {
		diag_print(&d, stderr);
		diag_free(&d);
		return;
	}
	CHECK_STR(w->info[0].name, "UN Security Council consolidated list");
	CHECK_STR(w->info[0].issuer, "United Nations Security Council");
	CHECK_STR(w->info[0].published, "2024-03-05");
	CHECK_INT(w->info[0].entities, 2);
	sha256_hex(yaml, strlen(yaml), hex);
	CHECK_STR(w->info[0].sha256, hex);
	CHECK_STR(w->hash, hex);	/* one file: the same bytes */
	watchlist_free(w);
	diag_free(&d);
}

static void
test_keys(void)
{
	check_keys(wl_imported, 1);
	check_keys(wl_imported, 0);
	check_keys("version: 1\nname: UN Security Council consolidated list\n"
	    "issuer: United Nations Security Council\npublished: 2024-03-05\n"
	    "entities:\n  - id: a\n    name: A B\n  - id: b\n    name: C D\n",
	    1);
}

static void
test_absent(void)
{
	static const char yaml[] = "version: 1\nentities:\n"
	    "  - {\"id\": \"a\", \"name\": \"A B\"}\n";
	struct diag		 d = { 0 };
	struct watchlist	*w;

	w = watchlist_load_mem("w.yaml", yaml, strlen(yaml), &d);
	if (CHECK(w != NULL)) {
		CHECK(w->info[0].name == NULL);
		CHECK(w->info[0].issuer == NULL);
		CHECK(w->info[0].published == NULL);
		CHECK_INT(w->info[0].entities, 1);
	}
	watchlist_free(w);
	diag_free(&d);
}

/* A file that must fail to load with exactly msg, either way read. */
static void
check_bad(const char *yaml, const char *msg)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;
	int			 fast;

	for (fast = 0; fast <= 1; fast++) {
		watchlist_fastpath = fast;
		w = watchlist_load_mem("w.yaml", yaml, strlen(yaml), &d);
		watchlist_fastpath = 1;
		CHECK(w == NULL);
		unit_check_diag(&d, &msg, 1, __FILE__, __LINE__);
		watchlist_free(w);
		diag_free(&d);
		memset(&d, 0, sizeof d);
	}
}

static void
test_bad(void)
{
	check_bad("version: 1\nname: \"x\"\npublished: \"2024-02-30\"\n"
	    "entities: []\n",
	    "w.yaml:3:12: invalid date '2024-02-30' (expected YYYY-MM-DD)");
	check_bad("version: 1\nname: \"x\"\npublished: \"5 March 2024\"\n"
	    "entities:\n  - {\"id\": \"a\", \"name\": \"A\"}\n",
	    "w.yaml:3:12: invalid date '5 March 2024' (expected YYYY-MM-DD)");
	check_bad("version: 1\nname: \"x\"\nissuer: \" \"\n"
	    "entities:\n  - {\"id\": \"a\", \"name\": \"A\"}\n",
	    "w.yaml:3:9: must not be empty");
}

/* Write a file; its path into path. */
static void
write_file(char *path, size_t len, const char *name, const char *s)
{
	FILE	*f;

	snprintf(path, len, "/tmp/sw-lists-%ld-%s", (long)getpid(), name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(s, f);
		fclose(f);
	}
}

static void
test_files(void)
{
	static const char second[] = "version: 1\nname: \"UK\"\n"
	    "issuer: \"HM Treasury\"\npublished: \"2024-04-01\"\n"
	    "entities:\n"
	    "  - {\"id\": \"un-1\", \"name\": \"Ahmad Example\"}\n"
	    "  - {\"id\": \"uk-9\", \"name\": \"Other Name\"}\n"
	    "  - {\"id\": \"uk-10\", \"name\": \"Third Name\"}\n";
	struct diag		 d = { 0 };
	struct watchlist	*w;
	struct strv		 files = { 0 };
	struct unit_log		 log;
	char			 a[128], b[128], hex[65], *said;

	write_file(a, sizeof a, "a.yaml", wl_imported);
	write_file(b, sizeof b, "b.yaml", second);
	strv_push(&files, a);
	strv_push(&files, b);
	unit_log_begin(&log);
	log_setlevel(LOG_LVL_WARNING);
	w = watchlist_load(&files, &d);
	said = unit_log_end(&log);
	CHECK(strstr(said, "entity 'un-1' is also at") != NULL);
	free(said);
	if (CHECK(w != NULL)) {
		CHECK_INT(w->files.n, 2);
		CHECK_INT(w->info[0].entities, 2);
		CHECK_INT(w->info[1].entities, 3);	/* un-1 merged */
		CHECK_INT(w->nentities, 4);
		CHECK_STR(w->info[1].issuer, "HM Treasury");
		CHECK_STR(w->info[1].published, "2024-04-01");
		sha256_hex(wl_imported, strlen(wl_imported), hex);
		CHECK_STR(w->info[0].sha256, hex);
		sha256_hex(second, strlen(second), hex);
		CHECK_STR(w->info[1].sha256, hex);
		CHECK(strcmp(w->hash, w->info[0].sha256) != 0);
	}
	watchlist_free(w);
	diag_free(&d);
	strv_free(&files);
	unlink(a);
	unlink(b);
}

/*
 * A large file's bytes are given back as they are read (watchlist-fast.c):
 * what is loaded is the same, and when libyaml must read the file after
 * all (its last line is not in the importers' shape) it reads the bytes
 * again, as they were.
 */
static void
check_dropped(const char *last)
{
	struct diag		 d = { 0 };
	struct watchlist	*w[2];
	struct strv		 files = { 0 };
	char			 path[128], hex[65], *yaml, *p;
	size_t			 i, n = 4000, len;

	yaml = xmalloc(n * 100 + 256);
	p = yaml + sprintf(yaml, "version: 1\nname: \"big\"\nentities:\n");
	for (i = 0; i < n; i++)
		p += sprintf(p, "  - {\"id\": \"e-%zu\", \"name\": \"Name%zu "
		    "Trading\", \"programs\": [\"P%zu\"]}\n", i, i, i % 3);
	strcpy(p, last);
	len = strlen(yaml);
	write_file(path, sizeof path, "big.yaml", yaml);
	strv_push(&files, path);
	for (i = 0; i < 2; i++) {
		watchlist_drop_step = i == 0 ? 8u * 1024 * 1024 : 4096;
		w[i] = watchlist_load(&files, &d);
	}
	watchlist_drop_step = 8u * 1024 * 1024;
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w[0] != NULL && w[1] != NULL)) {
		CHECK_INT(w[1]->nentities, w[0]->nentities);
		CHECK(w[1]->nentities >= n);
		for (i = 0; i < w[0]->nentities && i < w[1]->nentities; i++) {
			if (!CHECK_STR(w[1]->entities[i].name,
			    w[0]->entities[i].name))
				break;
		}
		CHECK_STR(w[1]->entities[0].name, "Name0 Trading");
		CHECK_STR(w[1]->entities[n - 1].programs.v[0], "P0");
		sha256_hex(yaml, len, hex);
		CHECK_STR(w[1]->info[0].sha256, hex);
		CHECK_STR(w[1]->hash, w[0]->hash);
	}
	watchlist_free(w[0]);
	watchlist_free(w[1]);
	diag_free(&d);
	strv_free(&files);
	unlink(path);
	free(yaml);
}

static void
test_dropped(void)
{
	check_dropped("");
	check_dropped("  - {'id': 'x-1', 'name': 'Single Quoted Name'}\n");
}

UNIT_SUITE(lists,
	{ "name-issuer-published", test_keys },
	{ "keys-absent", test_absent },
	{ "keys-bad", test_bad },
	{ "files-hash-entities", test_files },
	{ "large-file-given-back", test_dropped },
)
