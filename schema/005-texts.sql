-- sanctwatch schema 5: the extracted texts of recent documents, kept so
-- that a watchlist change can scan them again ("retro-scan"), and a small
-- key/value table of daemon state.
--
-- Applied by the daemon in one transaction that also sets the schema
-- version.  Times are ISO-8601 UTC text like in schema 1.

-- One row per scanned document whose text is kept: its source, URL, title
-- and hash are in documents.  Texts older than retention.texts are deleted
-- hourly; a document forgotten by retention.documents takes its text along
-- (the daemon turns foreign_keys on).
CREATE TABLE document_texts (
	document_id	INTEGER PRIMARY KEY
			    REFERENCES documents (id) ON DELETE CASCADE,
	stored_at	TEXT NOT NULL,
	text		BLOB NOT NULL		-- UTF-8, the bytes that were scanned
) STRICT;

CREATE INDEX document_texts_stored_at ON document_texts (stored_at);

-- Daemon state that outlives a run.  'rescan_watchlist_sha256': the
-- watchlist version every kept text was last scanned with; a start with
-- another watchlist scans the kept texts again.
CREATE TABLE state (
	key		TEXT PRIMARY KEY NOT NULL,
	value		TEXT
) STRICT;
