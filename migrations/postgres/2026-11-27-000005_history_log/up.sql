-- The field history is an append-only log, like audit_log: no row is ever
-- changed or deleted, and like audit_log it keeps no foreign keys. Each of
-- its rows is written in the transaction that changed that very student, and
-- a first full sync writes ~8 rows per student, where a per-row foreign-key
-- trigger doubled the cost of writing them.
ALTER TABLE dossier_history DROP CONSTRAINT dossier_history_student_id_fkey;
ALTER TABLE dossier_history DROP CONSTRAINT dossier_history_application_id_fkey;

CREATE FUNCTION dossier_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'dossier_history is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER dossier_history_no_change BEFORE UPDATE OR DELETE ON dossier_history
FOR EACH STATEMENT EXECUTE FUNCTION dossier_history_append_only();
