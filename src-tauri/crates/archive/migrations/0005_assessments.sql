-- SignDesk archive, schema 5: the year's assessment (考核) of signed agreements.
--
-- An assessment is evidence like the agreement it scores: rows are never updated or
-- deleted. A correction is the next version of the same agreement's assessment, with
-- its reason; the current result is the highest version. Each row keeps everything
-- needed to recompute and check it (the scheme it was scored against, the values, the
-- adjustment) and its SHA-256, which the audit entry that recorded it repeats.

CREATE TABLE assessments (
  id             INTEGER PRIMARY KEY,
  agreement_id   INTEGER NOT NULL REFERENCES agreements(id),
  version        INTEGER NOT NULL,             -- 1, then one more per correction
  scheme_json    TEXT NOT NULL,                -- signdesk_assess::Scheme scored against
  values_json    TEXT NOT NULL,                -- item key → signdesk_assess::Value
  adjustment     TEXT,                         -- manual adjustment (decimal text), or NULL
  reason         TEXT NOT NULL DEFAULT '',     -- why: required for an adjustment or a correction
  score          TEXT NOT NULL,                -- the exact decimal, as text
  score_value    REAL NOT NULL,                -- the same, for filters, sorting and the report only
  reward_value   REAL,                         -- the scheme's reward line (90), if it has one
  pass_value     REAL NOT NULL,                -- the scheme's pass line (60)
  lines_json     TEXT NOT NULL,                -- each item's points and the rule behind them
  source         TEXT NOT NULL,                -- '录入' or the imported file's name
  actor          TEXT NOT NULL,
  assessed_at    TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  UNIQUE (agreement_id, version)
) STRICT;

-- A person's acknowledgement of their result (「本人已知悉考核结果」), signed at the
-- kiosk: the signature and the sealed result page it was put on.
CREATE TABLE assessment_acks (
  assessment_id INTEGER PRIMARY KEY REFERENCES assessments(id),
  png           BLOB NOT NULL,
  strokes_json  TEXT NOT NULL DEFAULT '[]',
  signed_at     TEXT NOT NULL,
  pdf           BLOB NOT NULL,
  pdf_sha256    TEXT NOT NULL
) STRICT;

CREATE TRIGGER assessments_never_update BEFORE UPDATE ON assessments
BEGIN SELECT RAISE(ABORT, 'an assessment is never modified; correct it with a new version'); END;
CREATE TRIGGER assessments_never_delete BEFORE DELETE ON assessments
BEGIN SELECT RAISE(ABORT, 'an assessment is never deleted'); END;
CREATE TRIGGER assessment_acks_never_update BEFORE UPDATE ON assessment_acks
BEGIN SELECT RAISE(ABORT, 'an acknowledgement is never modified'); END;
CREATE TRIGGER assessment_acks_never_delete BEFORE DELETE ON assessment_acks
BEGIN SELECT RAISE(ABORT, 'an acknowledgement is never deleted'); END;
