-- SignDesk archive, schema 1.
-- Signed agreements are evidence: rows in `agreements` and `signatures` are never
-- updated or deleted (triggers below enforce it); voiding adds a row to `voids`.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE templates (
  id         INTEGER PRIMARY KEY,
  slug       TEXT NOT NULL UNIQUE,          -- built-in id or generated for imports
  title      TEXT NOT NULL,
  builtin    INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;

-- A version is immutable once any agreement was signed on it (trigger below);
-- editing a used template creates the next version.
CREATE TABLE template_versions (
  id          INTEGER PRIMARY KEY,
  template_id INTEGER NOT NULL REFERENCES templates(id),
  version     INTEGER NOT NULL,
  body_json   TEXT NOT NULL,                -- signdesk_agreement::Template as JSON
  source_name TEXT NOT NULL,                -- file name or '粘贴文本' / '内置'
  created_at  TEXT NOT NULL,
  UNIQUE (template_id, version)
) STRICT;

CREATE TABLE people (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  employee_no TEXT UNIQUE,
  department  TEXT NOT NULL DEFAULT '',
  position    TEXT NOT NULL DEFAULT '',
  pinyin      TEXT NOT NULL DEFAULT '',     -- 'zhangsan' for search
  initials    TEXT NOT NULL DEFAULT '',     -- 'zs'
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE agreements (
  id                  INTEGER PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,   -- document number printed on every page
  template_version_id INTEGER NOT NULL REFERENCES template_versions(id),
  person_id           INTEGER REFERENCES people(id),
  signer_name         TEXT NOT NULL,
  department          TEXT NOT NULL DEFAULT '',
  year                INTEGER NOT NULL,
  title               TEXT NOT NULL,
  signed_at           TEXT NOT NULL,          -- RFC 3339 with offset
  signed_text         TEXT NOT NULL,          -- the exact text signed, blanks filled
  values_json         TEXT NOT NULL,          -- the filled blanks
  content_sha256      TEXT NOT NULL,          -- of signed_text + values + signatures
  pdf                 BLOB NOT NULL,
  pdf_sha256          TEXT NOT NULL,
  pages               INTEGER NOT NULL,
  copies              INTEGER NOT NULL,
  operator            TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX agreements_year ON agreements(year);
CREATE INDEX agreements_person ON agreements(person_id);

CREATE TABLE signatures (
  id           INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreements(id),
  role_key     TEXT NOT NULL,
  role_label   TEXT NOT NULL,
  signer_name  TEXT NOT NULL,
  png          BLOB NOT NULL,
  strokes_json TEXT NOT NULL DEFAULT '[]',
  signed_at    TEXT NOT NULL,
  UNIQUE (agreement_id, role_key)
) STRICT;

CREATE TABLE voids (
  agreement_id INTEGER PRIMARY KEY REFERENCES agreements(id),
  reason       TEXT NOT NULL,
  voided_at    TEXT NOT NULL,
  actor        TEXT NOT NULL
) STRICT;

-- Append-only, hash-chained: hash = sha256(prev_hash | seq | at | actor | event | subject | detail).
CREATE TABLE audit (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  event     TEXT NOT NULL,
  subject   TEXT NOT NULL DEFAULT '',
  detail    TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;

CREATE TRIGGER agreements_never_update BEFORE UPDATE ON agreements
BEGIN SELECT RAISE(ABORT, 'signed agreements are never modified'); END;
CREATE TRIGGER agreements_never_delete BEFORE DELETE ON agreements
BEGIN SELECT RAISE(ABORT, 'signed agreements are never deleted'); END;
CREATE TRIGGER signatures_never_update BEFORE UPDATE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are never modified'); END;
CREATE TRIGGER signatures_never_delete BEFORE DELETE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are never deleted'); END;
CREATE TRIGGER audit_never_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_never_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER template_version_frozen_when_used BEFORE UPDATE ON template_versions
WHEN EXISTS (SELECT 1 FROM agreements WHERE template_version_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'a template version used for signing is never changed'); END;
