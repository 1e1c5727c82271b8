DROP TABLE submission_events;
DROP TABLE committee_rules;
DROP TABLE committee_results;
DROP TABLE committee_meetings;
DROP TABLE committee_opinions;
DROP TABLE committee_members;
DROP TABLE committees;
ALTER TABLE users DROP COLUMN must_change_password;
