ALTER TABLE batches DROP COLUMN notices_sent_at;
DROP TABLE announcements;
DROP TABLE national_reports;
DROP INDEX applications_certificate_no;
DROP TABLE certificate_numbers;
