-- sanctwatch schema 3: evidence and identity for the alert history.
--
-- watchlist_sha256: which watchlist version (the SHA-256 over its files)
-- produced the alert, so an analyst can tell a list update from news.
-- The two indexes serve the identity rule: a party is alerted once per
-- article, where the same URL (an unchanged or edited page) or the same
-- extracted text (a syndicated copy under another URL) is the same article.
ALTER TABLE alerts ADD COLUMN watchlist_sha256 TEXT;

CREATE INDEX alerts_party_url ON alerts (entity_id, kind, url);
CREATE INDEX alerts_party_text ON alerts (entity_id, kind, sha256);
