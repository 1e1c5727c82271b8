DROP TABLE instructions;
DROP TABLE messages;
DROP TABLE dossier_history;
DROP INDEX students_unit_no;
DROP INDEX applications_unit_stage;
ALTER TABLE applications DROP COLUMN reviewed_at;
ALTER TABLE applications DROP COLUMN confirmed_at;
ALTER TABLE applications DROP COLUMN filled;
