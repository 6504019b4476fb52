-- SignDesk group archive, schema 1 (issue 25). Run by the group's owner role
-- (`signdesk-cli group init`); sites connect as their own login roles, members of
-- signdesk_site, and may only insert rows of their own site and read those back.
-- Nothing here is ever updated or deleted: a correction is a new row at the desk,
-- sent like any other.

CREATE TABLE sites (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name             text NOT NULL UNIQUE,
  root_der         bytea NOT NULL,
  root_fingerprint text NOT NULL UNIQUE,   -- SHA-256 (hex) of root_der
  db_role          text NOT NULL UNIQUE,   -- the login role the site's desks use
  registered_at    timestamptz NOT NULL DEFAULT now()
);

-- The site a session writes for: the site whose role is logged in (NULL otherwise).
CREATE FUNCTION signdesk_current_site() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id FROM sites WHERE db_role = session_user $$;

-- Each site's audit chain, entry by entry, exactly as the desk wrote it.
CREATE TABLE audit (
  site_id     integer NOT NULL REFERENCES sites(id),
  seq         bigint NOT NULL,
  at          text NOT NULL,
  actor       text NOT NULL,
  event       text NOT NULL,
  subject     text NOT NULL,
  detail      text NOT NULL,
  prev_hash   text NOT NULL,
  hash        text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, seq)
);
CREATE INDEX audit_subject ON audit(site_id, event, subject);

-- PDFs once per content hash; the row says which site sent it first.
CREATE TABLE pdfs (
  sha256  text PRIMARY KEY,
  bytes   bytea NOT NULL,
  site_id integer NOT NULL REFERENCES sites(id)
);

CREATE TABLE agreements (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id          integer NOT NULL REFERENCES sites(id),
  number           text NOT NULL,
  year             integer NOT NULL,
  template_slug    text NOT NULL,
  template_version integer NOT NULL,
  title            text NOT NULL,
  signer           text NOT NULL,
  department       text NOT NULL,
  employee_no      text,
  signed_at        text NOT NULL,          -- RFC 3339 as the desk wrote it
  content_sha256   text NOT NULL,
  pdf_sha256       text NOT NULL REFERENCES pdfs(sha256),
  pages            integer NOT NULL,
  copies           integer NOT NULL,
  audit_seq        bigint NOT NULL,        -- the chain position of its signing
  -- Search at group scale (names are 2–3 characters, below trigrams): every
  -- character and every pair of the signer's name, and each pinyin reading.
  name_grams       text[] NOT NULL,
  pinyin           text[] NOT NULL,
  initials         text[] NOT NULL,
  received_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, number),
  FOREIGN KEY (site_id, audit_seq) REFERENCES audit(site_id, seq)
);
CREATE INDEX agreements_name_grams ON agreements USING gin (name_grams);
CREATE INDEX agreements_pinyin ON agreements USING gin (pinyin);
CREATE INDEX agreements_initials ON agreements USING gin (initials);
CREATE INDEX agreements_employee_no ON agreements(employee_no);
CREATE INDEX agreements_year_site ON agreements(year, site_id, department);
CREATE INDEX agreements_department ON agreements(department, year);
-- A page in the search's order (newest first) without sorting every hit: what a
-- surname (张, a tenth of all agreements) or a whole year across sites needs
-- (BENCHMARKS.md, "The group archive at scale": 263 → 72 ms and 114 → 7 ms p95 at 1M).
CREATE INDEX agreements_signed_order ON agreements(signed_at, id);
CREATE INDEX agreements_year_order ON agreements(year, signed_at, id);

CREATE TABLE voids (
  site_id   integer NOT NULL REFERENCES sites(id),
  number    text NOT NULL,
  reason    text NOT NULL,
  voided_at text NOT NULL,
  actor     text NOT NULL,
  audit_seq bigint NOT NULL,
  PRIMARY KEY (site_id, number),
  FOREIGN KEY (site_id, number) REFERENCES agreements(site_id, number),
  FOREIGN KEY (site_id, audit_seq) REFERENCES audit(site_id, seq)
);

-- Who was on a site's rosters in a year (签订率 = signed / on the roster).
CREATE TABLE rosters (
  site_id     integer NOT NULL REFERENCES sites(id),
  year        integer NOT NULL,
  person_key  text NOT NULL,               -- 'no:' || employee_no, or 'name:' || name || '/' || department
  name        text NOT NULL,
  department  text NOT NULL,
  employee_no text,
  PRIMARY KEY (site_id, year, person_key)
);

-- Every arrival: which way, up to which head, what it added.
CREATE TABLE arrivals (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id     integer NOT NULL REFERENCES sites(id),
  via         text NOT NULL CHECK (via IN ('sync', 'bundle')),
  head_seq    bigint NOT NULL,
  head_hash   text NOT NULL,
  added       integer NOT NULL,
  unchanged   integer NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- The chain continues, or nothing is stored: checked by the database itself, for
-- every role, so a desk that skipped its own checks still cannot leave a gap.
CREATE FUNCTION signdesk_audit_continues() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE last_seq bigint; last_hash text;
BEGIN
  SELECT seq, hash INTO last_seq, last_hash FROM audit
   WHERE site_id = NEW.site_id ORDER BY seq DESC LIMIT 1;
  IF last_seq IS NULL THEN
    last_seq := 0;
    last_hash := repeat('0', 64);
  END IF;
  IF NEW.seq <> last_seq + 1 THEN
    RAISE EXCEPTION 'chain_gap: entry % after %', NEW.seq, last_seq;
  END IF;
  IF NEW.prev_hash <> last_hash THEN
    RAISE EXCEPTION 'chain_rewritten: entry % does not link to %', NEW.seq, last_seq;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_continues BEFORE INSERT ON audit
  FOR EACH ROW EXECUTE FUNCTION signdesk_audit_continues();

CREATE FUNCTION signdesk_pdf_hash_holds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.sha256 <> encode(sha256(NEW.bytes), 'hex') THEN
    RAISE EXCEPTION 'seal_invalid: PDF bytes do not hash to %', NEW.sha256;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER pdfs_hash_holds BEFORE INSERT ON pdfs
  FOR EACH ROW EXECUTE FUNCTION signdesk_pdf_hash_holds();

CREATE FUNCTION signdesk_never_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'group archive rows are never changed or deleted (%)', TG_TABLE_NAME;
END $$;
CREATE TRIGGER audit_never_changed BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION signdesk_never_changed();
CREATE TRIGGER pdfs_never_changed BEFORE UPDATE OR DELETE ON pdfs
  FOR EACH ROW EXECUTE FUNCTION signdesk_never_changed();
CREATE TRIGGER agreements_never_changed BEFORE UPDATE OR DELETE ON agreements
  FOR EACH ROW EXECUTE FUNCTION signdesk_never_changed();
CREATE TRIGGER voids_never_changed BEFORE UPDATE OR DELETE ON voids
  FOR EACH ROW EXECUTE FUNCTION signdesk_never_changed();

-- Least privilege. signdesk_site: insert and read back the own site's rows only.
-- signdesk_viewer: read everything, write nothing.
-- Roles belong to the whole server (several group archives may share one), and two
-- archives may be initialised at once: create each unless another did.
DO $$ BEGIN
  CREATE ROLE signdesk_site NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  CREATE ROLE signdesk_viewer NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT SELECT ON sites, signdesk_schema TO signdesk_site, signdesk_viewer;
GRANT EXECUTE ON FUNCTION signdesk_current_site() TO signdesk_site, signdesk_viewer;
GRANT SELECT, INSERT ON audit, pdfs, agreements, voids, rosters, arrivals TO signdesk_site;
GRANT SELECT ON audit, pdfs, agreements, voids, rosters, arrivals TO signdesk_viewer;

ALTER TABLE audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE pdfs ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreements ENABLE ROW LEVEL SECURITY;
ALTER TABLE voids ENABLE ROW LEVEL SECURITY;
ALTER TABLE rosters ENABLE ROW LEVEL SECURITY;
ALTER TABLE arrivals ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_site_insert ON audit FOR INSERT TO signdesk_site WITH CHECK (site_id = signdesk_current_site());
CREATE POLICY own_site_read ON audit FOR SELECT TO signdesk_site USING (site_id = signdesk_current_site());
CREATE POLICY own_site_insert ON pdfs FOR INSERT TO signdesk_site WITH CHECK (site_id = signdesk_current_site());
CREATE POLICY own_site_read ON pdfs FOR SELECT TO signdesk_site USING (site_id = signdesk_current_site());
CREATE POLICY own_site_insert ON agreements FOR INSERT TO signdesk_site WITH CHECK (site_id = signdesk_current_site());
CREATE POLICY own_site_read ON agreements FOR SELECT TO signdesk_site USING (site_id = signdesk_current_site());
CREATE POLICY own_site_insert ON voids FOR INSERT TO signdesk_site WITH CHECK (site_id = signdesk_current_site());
CREATE POLICY own_site_read ON voids FOR SELECT TO signdesk_site USING (site_id = signdesk_current_site());
CREATE POLICY own_site_insert ON rosters FOR INSERT TO signdesk_site WITH CHECK (site_id = signdesk_current_site());
CREATE POLICY own_site_read ON rosters FOR SELECT TO signdesk_site USING (site_id = signdesk_current_site());
CREATE POLICY own_site_insert ON arrivals FOR INSERT TO signdesk_site WITH CHECK (site_id = signdesk_current_site());
CREATE POLICY own_site_read ON arrivals FOR SELECT TO signdesk_site USING (site_id = signdesk_current_site());
CREATE POLICY viewer_read ON audit FOR SELECT TO signdesk_viewer USING (true);
CREATE POLICY viewer_read ON pdfs FOR SELECT TO signdesk_viewer USING (true);
CREATE POLICY viewer_read ON agreements FOR SELECT TO signdesk_viewer USING (true);
CREATE POLICY viewer_read ON voids FOR SELECT TO signdesk_viewer USING (true);
CREATE POLICY viewer_read ON rosters FOR SELECT TO signdesk_viewer USING (true);
CREATE POLICY viewer_read ON arrivals FOR SELECT TO signdesk_viewer USING (true);
