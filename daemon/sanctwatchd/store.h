/*
 * The store's insides, shared by store.c (the connection, migrations,
 * statements, alerts, documents and items), store-sources.c (the sources'
 * polling state) and store-texts.c (kept texts).  The SQL of every
 * statement is in store.c's table, indexed by enum store_stmt, and what
 * it does, for the log, in store_what[] beside it.
 */
#ifndef SANCTWATCHD_STORE_H
#define SANCTWATCHD_STORE_H

#include <sqlite3.h>

enum store_stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_ALERT_ADD,
	STMT_ALERT_COUNT,
	STMT_ALERTS_TODAY,
	STMT_DOCUMENT_TOUCH,
	STMT_DOCUMENT_ADD,
	STMT_SOURCE_UPDATE,
	STMT_SOURCES_JSON,
	STMT_ALERT_KNOWN,
	STMT_ALERT_REPLAY,
	STMT_ALERT_LAST_ID,
	STMT_DOCUMENTS_PRUNE,
	STMT_SOURCE_POLL,
	STMT_SOURCE_ERROR,
	STMT_SOURCES_SAVED,
	STMT_SOURCE_OK,
	STMT_ITEM_SEEN,
	STMT_ITEM_ADD,
	STMT_ITEMS_PRUNE,
	STMT_TEXT_ADD,
	STMT_TEXTS_PRUNE,
	STMT_TEXTS_READ,
	STMT_TEXTS_COUNT,
	STMT_STATE_GET,
	STMT_STATE_SET,
	STMT_OUTBOX_ADD,
	STMT_OUTBOX_DUE,
	STMT_OUTBOX_NEXT,
	STMT_OUTBOX_CLAIM,
	STMT_OUTBOX_RETRY,
	STMT_OUTBOX_DONE,
	STMT_OUTBOX_STATS,
	STMT_OUTBOX_PRUNE,
	STMT_ALERT_GET,
	STMT_DECISION_ADD,
	STMT_DECISIONS_OF,
	STMT_DECISION_GET,
	STMT_SUPPRESSIONS,
	STMT_LIST_ADD,
	STMT_LAST,
};

struct store {
	sqlite3		*db;
	char		*path;
	int		 ready;		/* migrated and prepared */
	int		 lockfd;	/* flock'ed PATH.lock, or -1 */
	char		*id;		/* state's database_id */
	dev_t		 dev;		/* the file opened, to tell */
	ino_t		 ino;		/*   if its path names another */
	sqlite3_stmt	*stmts[STMT_LAST];
};

void		 store_now(char *, size_t);
void		 store_reset(sqlite3_stmt *);
void		 store_warn(struct store *, enum store_stmt);
int		 store_run(struct store *, enum store_stmt);
int		 store_run_bound(struct store *, enum store_stmt, int);
int		 store_bind_text(sqlite3_stmt *, int, const char *);
int		 store_bind_size(sqlite3_stmt *, int, uint64_t);
int		 store_bind_document(sqlite3_stmt *, const struct document *,
		    const char *);
int64_t		 store_int64(struct store *, enum store_stmt);
char		*store_column_dup(sqlite3_stmt *, int);
void		 store_row_alert(sqlite3_stmt *, struct alert *);

#endif /* SANCTWATCHD_STORE_H */
