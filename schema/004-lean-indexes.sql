-- sanctwatch schema 4: one index fewer to update per alert.
--
-- alerts_entity (entity_id, id) duplicated the lead column of
-- alerts_party_url and alerts_party_text, which serve "WHERE entity_id = ?"
-- as well; every index costs a b-tree insert per alert.
DROP INDEX alerts_entity;
