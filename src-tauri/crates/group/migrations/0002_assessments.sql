-- SignDesk group archive, schema 2: the year's assessment (考核) results and the
-- people's acknowledgements of them, as each site stored them — every version (a
-- correction is the next one), each matched on arrival to the audit entry that
-- recorded it, its digest recomputed.

CREATE TABLE assessments (
  site_id        integer NOT NULL REFERENCES sites(id),
  number         text NOT NULL,
  version        integer NOT NULL,
  scheme_json    text NOT NULL,
  values_json    text NOT NULL,
  adjustment     text,
  reason         text NOT NULL,
  score          text NOT NULL,             -- the exact decimal, as text
  score_value    double precision NOT NULL, -- the same, for the report
  reward_value   double precision,
  pass_value     double precision NOT NULL,
  lines_json     text NOT NULL,
  source         text NOT NULL,
  source_file    text,
  actor          text NOT NULL,
  assessed_at    text NOT NULL,
  content_sha256 text NOT NULL,
  audit_seq      bigint NOT NULL,
  PRIMARY KEY (site_id, number, version),
  FOREIGN KEY (site_id, number) REFERENCES agreements(site_id, number),
  FOREIGN KEY (site_id, audit_seq) REFERENCES audit(site_id, seq)
);

CREATE TABLE acknowledgements (
  site_id    integer NOT NULL REFERENCES sites(id),
  number     text NOT NULL,
  version    integer NOT NULL,
  signed_at  text NOT NULL,
  pdf_sha256 text NOT NULL REFERENCES pdfs(sha256),
  audit_seq  bigint NOT NULL,
  PRIMARY KEY (site_id, number, version),
  FOREIGN KEY (site_id, number, version) REFERENCES assessments(site_id, number, version),
  FOREIGN KEY (site_id, audit_seq) REFERENCES audit(site_id, seq)
);

CREATE TRIGGER assessments_never_changed BEFORE UPDATE OR DELETE ON assessments
  FOR EACH ROW EXECUTE FUNCTION signdesk_never_changed();
CREATE TRIGGER acknowledgements_never_changed BEFORE UPDATE OR DELETE ON acknowledgements
  FOR EACH ROW EXECUTE FUNCTION signdesk_never_changed();

REVOKE ALL ON assessments, acknowledgements FROM PUBLIC;
GRANT SELECT, INSERT ON assessments, acknowledgements TO signdesk_site;
GRANT SELECT ON assessments, acknowledgements TO signdesk_viewer;
ALTER TABLE assessments ENABLE ROW LEVEL SECURITY;
ALTER TABLE acknowledgements ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_site_insert ON assessments FOR INSERT TO signdesk_site WITH CHECK (site_id = signdesk_current_site());
CREATE POLICY own_site_read ON assessments FOR SELECT TO signdesk_site USING (site_id = signdesk_current_site());
CREATE POLICY own_site_insert ON acknowledgements FOR INSERT TO signdesk_site WITH CHECK (site_id = signdesk_current_site());
CREATE POLICY own_site_read ON acknowledgements FOR SELECT TO signdesk_site USING (site_id = signdesk_current_site());
CREATE POLICY viewer_read ON assessments FOR SELECT TO signdesk_viewer USING (true);
CREATE POLICY viewer_read ON acknowledgements FOR SELECT TO signdesk_viewer USING (true);
