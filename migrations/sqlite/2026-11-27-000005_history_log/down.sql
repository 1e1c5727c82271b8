CREATE TABLE dossier_history_fk (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    student_id BIGINT NOT NULL REFERENCES students(id),
    application_id BIGINT REFERENCES applications(id),
    field TEXT NOT NULL,
    source TEXT NOT NULL,
    system TEXT,
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    at TIMESTAMP NOT NULL
);
INSERT INTO dossier_history_fk (id, student_id, application_id, field, source, system, actor_id, actor_name, old_value, new_value, at)
SELECT id, student_id, application_id, field, source, system, actor_id, actor_name, old_value, new_value, at
FROM dossier_history ORDER BY id;
DROP TABLE dossier_history;
ALTER TABLE dossier_history_fk RENAME TO dossier_history;
CREATE INDEX dossier_history_student ON dossier_history(student_id, id);
