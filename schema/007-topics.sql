-- sanctwatch schema 7: whether the party is asset-frozen or export-restricted.
--
-- topics: the FollowTheMoney topics of the list entry the alert names, as
-- the watchlist gives them (`topics:`; the importers write "sanction" for
-- the sanctions lists, "export.control" for the BIS and State export lists
-- of the US Consolidated Screening List); a JSON array of strings, empty
-- for a hand-written entry without topics and for alerts written before
-- schema 7.
ALTER TABLE alerts ADD COLUMN topics TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(topics));
