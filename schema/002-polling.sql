-- sanctwatch schema 2: polling state per source (conditional GET, backoff,
-- error classes, redirects) and the seen-state of feed items.
--
-- Applied by the daemon in one transaction that also sets
-- PRAGMA user_version = 2.  Times are ISO-8601 UTC text like in schema 1.

-- The validators are kept exactly as the server sent them (quotes and all)
-- and sent back on the next poll, also after a restart.
ALTER TABLE sources ADD COLUMN etag TEXT;
ALTER TABLE sources ADD COLUMN last_modified TEXT;
-- The class of the last error: dns, connect, tls, timeout, too-large,
-- refused, http-4xx, http-5xx, rate-limited, gone, bot-challenge, parse,
-- error.  NULL after a success.
ALTER TABLE sources ADD COLUMN error_class TEXT;
ALTER TABLE sources ADD COLUMN last_error_at TEXT;
-- When the current run of failures began; NULL while the source is fine.
ALTER TABLE sources ADD COLUMN failing_since TEXT;
-- Consecutive errors as the backoff counts them (failures while the
-- network looked down do not count).
ALTER TABLE sources ADD COLUMN backoff_errors INTEGER NOT NULL DEFAULT 0;
-- When the next poll is due (an estimate: jitter and host limits apply).
ALTER TABLE sources ADD COLUMN next_poll TEXT;
-- 1 after a 410 Gone: no more polls until the daemon restarts or the
-- source's configuration changes.
ALTER TABLE sources ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
-- Where the URL permanently (301/308 only) redirects to: update the config.
ALTER TABLE sources ADD COLUMN permanent_url TEXT;
-- Polls answered with 304 or an unchanged body.
ALTER TABLE sources ADD COLUMN unchanged INTEGER NOT NULL DEFAULT 0;
-- When a poll last brought a new or edited document.
ALTER TABLE sources ADD COLUMN last_new_item TEXT;

-- Errors per source and class, with counts and times.
CREATE TABLE source_errors (
	source_id	TEXT NOT NULL,
	class		TEXT NOT NULL,
	count		INTEGER NOT NULL DEFAULT 0,
	first_at	TEXT NOT NULL,
	last_at		TEXT NOT NULL,
	last_error	TEXT,
	PRIMARY KEY (source_id, class)
) STRICT;

-- Feed items seen per source: the item's identity (GUID, else link, else a
-- hash of its content) and the SHA-256 of its extracted text.  An item is
-- scanned again only when its text changed; items gone from the feed are
-- pruned after polling.item_retention.
CREATE TABLE feed_items (
	source_id	TEXT NOT NULL,
	item_id		TEXT NOT NULL,
	sha256		TEXT NOT NULL,
	url		TEXT,
	first_seen	TEXT NOT NULL,
	last_seen	TEXT NOT NULL,
	PRIMARY KEY (source_id, item_id)
) STRICT;

CREATE INDEX feed_items_last_seen ON feed_items (source_id, last_seen);

-- Sources whose last poll failed, the longest failing first, with the class.
DROP VIEW sources_in_error;
CREATE VIEW sources_in_error AS
SELECT id, url, error_class, consecutive_errors, last_error, last_http_code,
    failing_since, last_poll, last_ok, next_poll, disabled, errors, polls
FROM sources
WHERE consecutive_errors > 0 OR disabled
ORDER BY disabled DESC, consecutive_errors DESC, id;
