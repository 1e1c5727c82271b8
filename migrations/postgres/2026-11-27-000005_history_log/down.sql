DROP TRIGGER dossier_history_no_change ON dossier_history;
DROP FUNCTION dossier_history_append_only();
ALTER TABLE dossier_history ADD CONSTRAINT dossier_history_student_id_fkey
    FOREIGN KEY (student_id) REFERENCES students(id);
ALTER TABLE dossier_history ADD CONSTRAINT dossier_history_application_id_fkey
    FOREIGN KEY (application_id) REFERENCES applications(id);
