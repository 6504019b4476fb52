-- SignDesk archive, schema 4: signing ceremonies.
--
-- A ceremony is one round of signing (this year's agreement for a department): a
-- template version, the year, the blanks that are the same for everyone, the roster,
-- and how the organisation countersigns:
--   'adopt' — the organisation's signer signs once; that signature goes on every
--             agreement of the ceremony as it is signed (complete at once);
--   'each'  — the organisation's signer signs each agreement; the person's signature
--             waits in ceremony_signatures until then, and the agreement is rendered
--             and archived when the countersignature is given.
-- Per person the state is derived, never stored twice: signed = agreement_id set
-- (voided when that agreement is in `voids`), awaiting countersignature = a waiting
-- signature row, absent = the flag, else pending.

CREATE TABLE ceremonies (
  id                  INTEGER PRIMARY KEY,
  title               TEXT NOT NULL,
  template_version_id INTEGER NOT NULL REFERENCES template_versions(id),
  year                INTEGER NOT NULL,
  values_json         TEXT NOT NULL DEFAULT '{}',  -- blank key → value, the same for all
  bindings_json       TEXT NOT NULL DEFAULT '{}',  -- blank key → roster column
  org_signers_json    TEXT NOT NULL DEFAULT '{}',  -- organisation role key → who signs
  countersign         TEXT NOT NULL CHECK (countersign IN ('adopt', 'each')),
  renewed_from        INTEGER REFERENCES ceremonies(id),
  created_at          TEXT NOT NULL,
  closed_at           TEXT
) STRICT;

CREATE TABLE ceremony_people (
  ceremony_id  INTEGER NOT NULL REFERENCES ceremonies(id),
  person_id    INTEGER NOT NULL REFERENCES people(id),
  seq          INTEGER NOT NULL,                    -- roster order
  absent       INTEGER NOT NULL DEFAULT 0,
  agreement_id INTEGER UNIQUE REFERENCES agreements(id),
  PRIMARY KEY (ceremony_id, person_id)
) STRICT;

-- Signatures captured in a ceremony but not yet part of an archived agreement:
-- the organisation's adopted signature (person_id NULL) and, in 'each' mode, a
-- person's signature waiting for the countersignature. Removed when the agreement
-- that embeds them is archived (in the same transaction).
CREATE TABLE ceremony_signatures (
  id           INTEGER PRIMARY KEY,
  ceremony_id  INTEGER NOT NULL REFERENCES ceremonies(id),
  person_id    INTEGER REFERENCES people(id),
  role_key     TEXT NOT NULL,
  signer_name  TEXT NOT NULL,
  png          BLOB NOT NULL,
  strokes_json TEXT NOT NULL DEFAULT '[]',
  signed_at    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX ceremony_signatures_one
  ON ceremony_signatures(ceremony_id, ifnull(person_id, 0), role_key);
