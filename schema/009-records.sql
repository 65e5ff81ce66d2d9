-- sanctwatch schema 9: publication dates and the list files loaded.
--
-- alerts.published, documents.published: when the document says it was
-- published (a feed item's pubDate / Atom published / JSON date, a page's
-- article:published_time, JSON-LD datePublished or <time pubdate>), as
-- ISO-8601 UTC 'YYYY-MM-DDTHH:MM:SSZ'; NULL when unknown or unreliable
-- (before 1990, or more than a day ahead of when it was read).  A document
-- scanned again (a retro-scan) keeps the date it was first read with.
ALTER TABLE alerts ADD COLUMN published TEXT CHECK (published IS NULL OR
    published IS strftime('%Y-%m-%dT%H:%M:%SZ', published));
ALTER TABLE documents ADD COLUMN published TEXT CHECK (published IS NULL OR
    published IS strftime('%Y-%m-%dT%H:%M:%SZ', published));

-- One row per list file of each watchlist version the daemon has loaded
-- (at start, and at a reload that changed the watchlist): an alert's
-- watchlist_sha256 joins to the files that produced it.  name, issuer and
-- published are the file's own top-level keys (published: the list's own
-- date, YYYY-MM-DD, as `sanctwatch import` writes it from the list);
-- sha256 is of the file's bytes; entities, how many entries it has;
-- loaded_at, when this daemon first loaded this version.
CREATE TABLE lists (
	id		INTEGER PRIMARY KEY,
	watchlist_sha256 TEXT NOT NULL,		-- = alerts.watchlist_sha256
	path		TEXT NOT NULL,
	name		TEXT,
	issuer		TEXT,
	published	TEXT,
	sha256		TEXT NOT NULL,
	entities	INTEGER NOT NULL CHECK (entities >= 0),
	loaded_at	TEXT NOT NULL,
	UNIQUE (watchlist_sha256, path)
) STRICT;

CREATE INDEX lists_loaded_at ON lists (loaded_at);
