-- sanctwatch schema 10: export-risk rules (docs/rules.md): an alert's kind may be 'rule', and a
-- rule alert keeps its rule, its FollowTheMoney topic, the spans of the
-- sets that fired and the listed parties in its window.
--
-- The kind CHECK of alerts cannot be altered in place: the table is rebuilt
-- by SQLite's procedure for other schema changes (lang_altertable.html,
-- section 7: create the new table, copy, drop, rename, then the indexes and
-- views again).  The migration runs in one transaction with the foreign
-- keys off (nothing references alerts).  entity_id of a rule alert is the
-- rule id, as rule_id is; entity_* of the other kinds are unchanged.

CREATE TABLE alerts_new (
	id		INTEGER PRIMARY KEY,	-- the record's "id"
	created_at	TEXT NOT NULL CHECK (created_at IS
			    strftime('%Y-%m-%dT%H:%M:%SZ', created_at)),
	kind		TEXT NOT NULL
			    CHECK (kind IN ('entity', 'country', 'rule')),
	severity	TEXT NOT NULL
			    CHECK (severity IN ('high', 'medium', 'low')),
	entity_id	TEXT NOT NULL,		-- a country: its code; a rule: its id
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
	snippet		TEXT,
	watchlist_sha256 TEXT,
	also		TEXT NOT NULL DEFAULT '[]'
			    CHECK (json_valid(also)),
	explain		TEXT
			    CHECK (explain IS NULL OR json_valid(explain)),
	topics		TEXT NOT NULL DEFAULT '[]'
			    CHECK (json_valid(topics)),
	suppressed_by	INTEGER,
	published	TEXT CHECK (published IS NULL OR
			    published IS strftime('%Y-%m-%dT%H:%M:%SZ', published)),
	rule_id		TEXT,			-- kind 'rule': the rule's id
	topic		TEXT,			-- FollowTheMoney topic
	rule_spans	TEXT			-- JSON: [{set, text, start, end}]
			    CHECK (rule_spans IS NULL OR json_valid(rule_spans)),
	rule_parties	TEXT			-- JSON: [{id, name}] in the window
			    CHECK (rule_parties IS NULL OR
			    json_valid(rule_parties)),
	CHECK ((kind = 'rule') = (rule_id IS NOT NULL))
) STRICT;

INSERT INTO alerts_new (id, created_at, kind, severity, entity_id,
    entity_name, entity_type, programs, list_source, matched_text,
    match_name, method, score, start_offset, end_offset, match_count,
    source_id, url, title, sha256, countries, snippet, watchlist_sha256,
    also, explain, topics, suppressed_by, published)
SELECT id, created_at, kind, severity, entity_id, entity_name, entity_type,
    programs, list_source, matched_text, match_name, method, score,
    start_offset, end_offset, match_count, source_id, url, title, sha256,
    countries, snippet, watchlist_sha256, also, explain, topics,
    suppressed_by, published
FROM alerts;

-- The views name alerts: dropped before, made again after.
DROP VIEW latest_alerts;
DROP VIEW alerts_per_entity;
DROP VIEW alerts_per_source;
DROP VIEW alerts_per_day;
DROP VIEW alert_states;
DROP TABLE alerts;
ALTER TABLE alerts_new RENAME TO alerts;

CREATE INDEX alerts_created_at ON alerts (created_at);
CREATE INDEX alerts_source ON alerts (source_id, id);
CREATE INDEX alerts_document ON alerts (sha256);
CREATE INDEX alerts_party_url ON alerts (entity_id, kind, url);
CREATE INDEX alerts_party_text ON alerts (entity_id, kind, sha256);
CREATE INDEX alerts_rule ON alerts (rule_id, id) WHERE rule_id IS NOT NULL;
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

-- Each alert's state (schema 8, unchanged).
CREATE VIEW alert_states AS
SELECT a.id AS alert_id,
    CASE WHEN d.alert_id = a.id THEN
	CASE d.action WHEN 'confirm' THEN 'confirmed'
	    WHEN 'dismiss' THEN 'dismissed' ELSE d.action END
    WHEN a.suppressed_by IS NOT NULL THEN 'suppressed'
    ELSE 'new' END AS state,
    d.id AS decision_id, d.created_at AS decided_at, d.user AS user,
    d.note AS note
FROM alerts a LEFT JOIN decisions d ON d.id = coalesce((SELECT max(id)
    FROM decisions WHERE alert_id = a.id), a.suppressed_by);

-- Rule alerts per rule and topic, most alerted first.
CREATE VIEW alerts_per_rule AS
SELECT rule_id, topic, max(entity_name) AS rule_name, count(*) AS alerts,
    count(DISTINCT sha256) AS documents,
    min(created_at) AS first_alert, max(created_at) AS last_alert
FROM alerts
WHERE kind = 'rule'
GROUP BY rule_id, topic
ORDER BY alerts DESC, rule_id;
