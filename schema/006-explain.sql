-- sanctwatch schema 6: one alert per party, and why it matched.
--
-- also: the ids of the other list entries that are the same party (the
-- same name and type on another list, countries agreeing), whose alerts
-- were folded into this one; a JSON array of strings.
-- explain: why the name matched, as a JSON object: "form" (what of the
-- listed name was left out or weighed), "order" (a person's name order),
-- "base" (that form's score) and "text" (the rules of the text around the
-- match that moved the score); NULL for alerts written before schema 6.
ALTER TABLE alerts ADD COLUMN also TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(also));
ALTER TABLE alerts ADD COLUMN explain TEXT
    CHECK (explain IS NULL OR json_valid(explain));
