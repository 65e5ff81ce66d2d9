-- sanctwatch schema 8: decisions on alerts, and the state they give.
--
-- decisions: what an analyst decided on an alert (sanctwatch review), who
-- (the socket peer's user and uid, from SO_PEERCRED) and when.  Append-only:
-- a later decision on the same alert supersedes an earlier one, and the
-- triggers below refuse UPDATE and DELETE, so the table is the audit trail.
-- kind, entity_id, source_id and match_key are copied from the alert at
-- decision time: what a suppression (a false-positive with scope text,
-- source or entity) covers.  entity_digest is the SHA-256 of the list
-- entry's names and programs at that time; a suppression lapses when the
-- entry's digest changes (docs/alerts.md).
CREATE TABLE decisions (
	id		INTEGER PRIMARY KEY,
	created_at	TEXT NOT NULL CHECK (created_at IS
			    strftime('%Y-%m-%dT%H:%M:%SZ', created_at)),
	alert_id	INTEGER NOT NULL,
	action		TEXT NOT NULL CHECK (action IN
			    ('confirm', 'false-positive', 'dismiss')),
	scope		TEXT NOT NULL DEFAULT 'alert' CHECK (scope IN
			    ('alert', 'text', 'source', 'entity')),
	until		TEXT CHECK (until IS NULL OR until IS
			    strftime('%Y-%m-%dT%H:%M:%SZ', until)),
	note		TEXT,
	user		TEXT NOT NULL,
	uid		INTEGER NOT NULL,
	kind		TEXT NOT NULL,
	entity_id	TEXT NOT NULL,
	source_id	TEXT,
	match_key	TEXT,
	entity_digest	TEXT
) STRICT;

CREATE INDEX decisions_alert ON decisions (alert_id, id);

CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN
	SELECT RAISE(ABORT, 'decisions are append-only');
END;

CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN
	SELECT RAISE(ABORT, 'decisions are append-only');
END;

-- The decision under whose suppression the alert was written, or NULL.
ALTER TABLE alerts ADD COLUMN suppressed_by INTEGER;

-- Each alert's state: the latest decision on it (confirmed, false-positive,
-- dismissed); else suppressed if it was written under a suppression; else
-- new.  decision_id, decided_at, user and note are of that decision (for a
-- suppressed alert: of the suppressing decision).
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
