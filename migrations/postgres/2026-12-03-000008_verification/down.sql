ALTER TABLE dossier_history DROP COLUMN correction_id;
DROP TABLE correction_attachments;
DROP TABLE correction_requests;
DROP TABLE verification_flags;
