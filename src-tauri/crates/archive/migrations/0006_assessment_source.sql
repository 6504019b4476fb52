-- SignDesk archive, schema 6: where an assessment came from, as a closed set.
--
-- `assessments.source` is from now on one of the names of signdesk_base's
-- AssessmentSource (`grid`, `import`, `cli`), and an import's file name is kept in
-- `source_file`. Rows stored before keep what they were stored with — '录入', '命令行'
-- or the imported file's name, and no source_file: they are never changed, and their
-- digest covers that text. The core reads them as the same sources.

ALTER TABLE assessments ADD COLUMN source_file TEXT;
