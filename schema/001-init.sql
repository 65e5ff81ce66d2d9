-- sanctwatch schema 1: alerts, documents, sources and the views that make
-- the common questions one line in the sqlite3 shell.
--
-- The daemon applies this file in one transaction that also sets
-- PRAGMA user_version = 1; it must not set user_version or open
-- transactions itself.  Times are ISO-8601 UTC text, 'YYYY-MM-DDTHH:MM:SSZ',
-- so they sort and group as text.  Lists (programs, countries) are JSON
-- arrays of strings, to be read with json_each().

-- One row per alert: the fields of the alert record, flattened.
CREATE TABLE alerts (
	id		INTEGER PRIMARY KEY,	-- the record's "id"
	created_at	TEXT NOT NULL CHECK (created_at IS
			    strftime('%Y-%m-%dT%H:%M:%SZ', created_at)),
	kind		TEXT NOT NULL
			    CHECK (kind IN ('entity', 'country')),
	severity	TEXT NOT NULL
			    CHECK (severity IN ('high', 'medium', 'low')),
	entity_id	TEXT NOT NULL,		-- for a country: its code
	entity_name	TEXT NOT NULL,
	entity_type	TEXT,
	programs	TEXT NOT NULL DEFAULT '[]'
			    CHECK (json_valid(programs)),
	list_source	TEXT,			-- e.g. 'us-ofac-sdn'
	matched_text	TEXT NOT NULL,		-- as written in the document
	match_name	TEXT NOT NULL,		-- the watchlist name it matched
	method		TEXT NOT NULL,
	score		REAL NOT NULL CHECK (score >= 0 AND score <= 1),
	start_offset	INTEGER NOT NULL CHECK (start_offset >= 0),
	end_offset	INTEGER NOT NULL CHECK (end_offset >= start_offset),
	match_count	INTEGER NOT NULL DEFAULT 1
			    CHECK (match_count >= 1),
	source_id	TEXT NOT NULL,
	url		TEXT NOT NULL,
	title		TEXT,
	sha256		TEXT NOT NULL,		-- of the extracted text
	countries	TEXT NOT NULL DEFAULT '[]'
			    CHECK (json_valid(countries)),
	snippet		TEXT
) STRICT;

CREATE INDEX alerts_created_at ON alerts (created_at);
CREATE INDEX alerts_entity ON alerts (entity_id, id);
CREATE INDEX alerts_source ON alerts (source_id, id);
CREATE INDEX alerts_document ON alerts (sha256);

-- What was fetched and scanned: one row per distinct text of a URL, so an
-- unchanged page is not scanned (and alerted on) twice.
CREATE TABLE documents (
	id		INTEGER PRIMARY KEY,
	source_id	TEXT NOT NULL,
	url		TEXT NOT NULL,
	sha256		TEXT NOT NULL,
	title		TEXT,
	length		INTEGER NOT NULL CHECK (length >= 0),	-- bytes of text
	first_seen	TEXT NOT NULL,
	last_seen	TEXT NOT NULL,
	UNIQUE (source_id, url, sha256)
) STRICT;

CREATE INDEX documents_last_seen ON documents (last_seen);

-- Per-source polling state, one row per configured source id.
CREATE TABLE sources (
	id			TEXT PRIMARY KEY NOT NULL,
	url			TEXT NOT NULL,
	last_poll		TEXT,		-- when the last poll ended
	last_ok			TEXT,		-- when a poll last succeeded
	last_http_code		INTEGER,	-- NULL if no response
	last_error		TEXT,		-- NULL after a success
	polls			INTEGER NOT NULL DEFAULT 0,
	errors			INTEGER NOT NULL DEFAULT 0,
	consecutive_errors	INTEGER NOT NULL DEFAULT 0,
	last_elapsed_ms		INTEGER
) STRICT;

-- The newest alerts first, with the columns a person reads.
CREATE VIEW latest_alerts AS
SELECT id, created_at, severity, kind, entity_id, entity_name,
    round(score, 2) AS score, method, matched_text, match_count,
    source_id, title, url
FROM alerts
ORDER BY id DESC;

-- How often each listed party was seen, most alerted first.
CREATE VIEW alerts_per_entity AS
SELECT kind, entity_id, max(entity_name) AS entity_name,
    count(*) AS alerts, round(max(score), 2) AS max_score,
    min(created_at) AS first_alert, max(created_at) AS last_alert
FROM alerts
GROUP BY kind, entity_id
ORDER BY alerts DESC, entity_id;

-- What each source produced, most alerted first.
CREATE VIEW alerts_per_source AS
SELECT source_id, count(*) AS alerts, count(DISTINCT url) AS documents,
    min(created_at) AS first_alert, max(created_at) AS last_alert
FROM alerts
GROUP BY source_id
ORDER BY alerts DESC, source_id;

-- Alerts per UTC day and severity, newest day first.
CREATE VIEW alerts_per_day AS
SELECT substr(created_at, 1, 10) AS day, count(*) AS alerts,
    sum(severity = 'high') AS high, sum(severity = 'medium') AS medium,
    sum(severity = 'low') AS low
FROM alerts
GROUP BY day
ORDER BY day DESC;

-- Sources whose last poll failed, the longest failing first.
CREATE VIEW sources_in_error AS
SELECT id, url, consecutive_errors, last_error, last_http_code, last_poll,
    last_ok, errors, polls
FROM sources
WHERE consecutive_errors > 0
ORDER BY consecutive_errors DESC, id;
