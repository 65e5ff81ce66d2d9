-- sanctwatch schema 12: the cluster outbox (docs/cluster.md).
--
-- With a cluster: section, every alert is also queued here, in the
-- transaction that writes it, for the cluster's JetStream stream; a row is
-- deleted once the stream acknowledged it, so the table holds only what
-- the NATS server has not stored yet (while it is unreachable, all of it).
-- Rows are published in id order; ids never repeat (AUTOINCREMENT), as the
-- publisher resumes after the last id it handed out.
--
-- subject: <cluster>.alert.<kind>.<severity>
-- msg_id: the Nats-Msg-Id, from the alert's identity (party, source, URL),
--   not its local id, so the same alert raised by two nodes is stored once.
-- body: the alert as the socket sends it (one JSON object).
CREATE TABLE cluster_outbox (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	alert_id	INTEGER NOT NULL UNIQUE,
	subject		TEXT NOT NULL,
	msg_id		TEXT NOT NULL,
	body		TEXT NOT NULL,
	queued_at	TEXT NOT NULL
) STRICT;
