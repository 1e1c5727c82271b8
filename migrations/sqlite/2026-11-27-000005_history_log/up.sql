-- The field history is an append-only log, like audit_log: no row is ever
-- changed or deleted, and like audit_log it keeps no foreign keys. Each of
-- its rows is written in the transaction that changed that very student, and
-- a first full sync writes ~8 rows per student. (SQLite cannot drop a
-- constraint: the table is rebuilt.)
CREATE TABLE dossier_history_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    student_id BIGINT NOT NULL,
    application_id BIGINT,
    field TEXT NOT NULL,
    source TEXT NOT NULL,             -- student, unit, sync
    system TEXT,                      -- for a sync: the campus system
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    at TIMESTAMP NOT NULL
);
INSERT INTO dossier_history_log (id, student_id, application_id, field, source, system, actor_id, actor_name, old_value, new_value, at)
SELECT id, student_id, application_id, field, source, system, actor_id, actor_name, old_value, new_value, at
FROM dossier_history ORDER BY id;
DROP TABLE dossier_history;
ALTER TABLE dossier_history_log RENAME TO dossier_history;
CREATE INDEX dossier_history_student ON dossier_history(student_id, id);

CREATE TRIGGER dossier_history_no_update BEFORE UPDATE ON dossier_history
BEGIN SELECT RAISE(ABORT, 'dossier_history is append-only'); END;
CREATE TRIGGER dossier_history_no_delete BEFORE DELETE ON dossier_history
BEGIN SELECT RAISE(ABORT, 'dossier_history is append-only'); END;
