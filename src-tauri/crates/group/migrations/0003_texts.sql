-- SignDesk group archive, schema 3: the signed text of each agreement, for phrase
-- search at group scale and so that its content hash can be recomputed here.
--
-- An agreement's text is stored as its lines, each line once per site: the clauses of
-- a template are the same in every agreement signed with it, so a site's year of 5,000
-- agreements adds the template's lines once and only the lines holding a filled blank
-- (a name, a department, a date) per person. `agreements.line_keys` lists the lines in
-- order by their key (the first 64 bits of the line's SHA-256, the same for the same
-- line at every site); joined with '\n' they are the signed text exactly.
--
-- Phrase search: every pair of adjacent characters of a line under a GIN index (the
-- same idea as the names': Chinese words are 2–4 characters, below trigrams), then
-- LIKE on the few lines left; the agreements holding any of those lines' keys come from
-- the GIN index on `line_keys` (a clause shared by fifty sites is one key there). The pairs leave out what was filled in for the person (the
-- signer's name, department, numbers, the blanks' values: `grams::line_pairs`), so a
-- phrase finds the agreement's own words and a name query does not reach every line
-- that names someone.

CREATE TABLE text_lines (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id  integer NOT NULL REFERENCES sites(id),
  sha256   text NOT NULL,
  key      bigint NOT NULL,            -- the first 64 bits of sha256, as agreements hold it
  line     text NOT NULL,
  pairs    text[] NOT NULL,
  UNIQUE (site_id, sha256)
);
CREATE INDEX text_lines_pairs ON text_lines USING gin (pairs);
CREATE INDEX text_lines_key ON text_lines(site_id, key);

-- Agreements received before this schema have no lines (their text never arrived).
ALTER TABLE agreements
  ADD COLUMN line_keys       bigint[] NOT NULL DEFAULT '{}',
  ADD COLUMN values_json     text,
  ADD COLUMN signatures_json text;
CREATE INDEX agreements_line_keys ON agreements USING gin (line_keys);

CREATE TRIGGER text_lines_never_changed BEFORE UPDATE OR DELETE ON text_lines
  FOR EACH ROW EXECUTE FUNCTION signdesk_never_changed();

REVOKE ALL ON text_lines FROM PUBLIC;
GRANT SELECT, INSERT ON text_lines TO signdesk_site;
GRANT SELECT ON text_lines TO signdesk_viewer;
ALTER TABLE text_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_site_insert ON text_lines FOR INSERT TO signdesk_site WITH CHECK (site_id = signdesk_current_site());
CREATE POLICY own_site_read ON text_lines FOR SELECT TO signdesk_site USING (site_id = signdesk_current_site());
CREATE POLICY viewer_read ON text_lines FOR SELECT TO signdesk_viewer USING (true);
