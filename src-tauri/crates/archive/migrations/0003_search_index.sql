-- SignDesk archive, schema 3: a narrow covering index for ranking search hits.
-- Agreement rows are large (text + PDF in the row), so sorting thousands of hits by
-- date through the table means thousands of page reads; this index holds just what
-- ranking and filtering need, and only the page of hits shown touches the table.
CREATE INDEX agreements_hit ON agreements(id, signed_at, year, department, template_version_id);
