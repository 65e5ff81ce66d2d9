-- sanctwatch schema 11: the delivery outbox (docs/delivery.md).
--
-- One row per alert and delivery target it is for, written in the
-- transaction that writes the alert, so an alert is never committed without
-- its deliveries (at-least-once, across restarts and kill -9).  The target
-- is the id of a deliver: entry; rows of a target taken out of the config
-- stay queued until it comes back (or are deleted by hand).
--
-- state: queued (to deliver), delivered, dead (gave up after
--   delivery.give_up), skipped (the alert was suppressed before delivery).
-- attempts: attempts started; an attempt that a crash interrupted counts.
-- next_attempt: when the row is due, UTC to the millisecond
--   ('YYYY-MM-DDTHH:MM:SS.sssZ', so it sorts as text); while an attempt is
--   running it lies past the attempt's timeout.
-- last_error: the last failed attempt's error, kept after success.
-- done_at: when it was delivered, skipped or declared dead.
CREATE TABLE outbox (
	id		INTEGER PRIMARY KEY,
	alert_id	INTEGER NOT NULL,
	target		TEXT NOT NULL,
	state		TEXT NOT NULL DEFAULT 'queued' CHECK (state IN
			    ('queued', 'delivered', 'dead', 'skipped')),
	queued_at	TEXT NOT NULL,
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_attempt	TEXT NOT NULL,
	last_attempt	TEXT,
	last_error	TEXT,
	done_at		TEXT,
	UNIQUE (alert_id, target)
) STRICT;
CREATE INDEX outbox_due ON outbox (target, next_attempt)
    WHERE state = 'queued';
CREATE INDEX outbox_done ON outbox (done_at) WHERE state <> 'queued';
