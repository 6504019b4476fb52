-- SignDesk archive, schema 2: search and browsing over the signed agreements.
--
-- Two paths, because FTS5's trigram tokenizer only matches 3+ characters while
-- Chinese names are usually 2–3 characters long:
--   * agreement_text: FTS5 trigram over title + signed text, for phrases (3+ chars).
--     External content (the agreements table) so the text is stored only once; safe
--     because agreements are never updated or deleted.
--   * search_terms: exact/prefix keys in a B-tree: the signer's name and every suffix
--     of it (so 三 and 三丰 find 张三丰 by prefix), pinyin full and initials (all
--     readings of polyphones, capped), employee number, department, document number.

CREATE VIRTUAL TABLE agreement_text USING fts5(
  title, signed_text,
  content = 'agreements', content_rowid = 'id',
  tokenize = 'trigram'
);

CREATE TABLE search_terms (
  kind         INTEGER NOT NULL,  -- 1 name, 2 name suffix, 3 employee no, 4 pinyin,
                                  -- 5 initials, 6 department, 7 document number
  term         TEXT NOT NULL,
  agreement_id INTEGER NOT NULL REFERENCES agreements(id),
  PRIMARY KEY (kind, term, agreement_id)
) STRICT, WITHOUT ROWID;

-- Browsing and filters: newest first within a year, a department or a template.
CREATE INDEX agreements_year_signed ON agreements(year, signed_at);
CREATE INDEX agreements_signed ON agreements(signed_at);
CREATE INDEX agreements_department ON agreements(department, signed_at);
CREATE INDEX agreements_template ON agreements(template_version_id);
CREATE INDEX people_name ON people(name);

CREATE TRIGGER voids_never_update BEFORE UPDATE ON voids
BEGIN SELECT RAISE(ABORT, 'a void is never modified'); END;
CREATE TRIGGER voids_never_delete BEFORE DELETE ON voids
BEGIN SELECT RAISE(ABORT, 'a void is never deleted'); END;
