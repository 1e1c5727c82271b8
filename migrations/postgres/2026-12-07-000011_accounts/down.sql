ALTER TABLE discipline_groups DROP COLUMN version;
ALTER TABLE units DROP COLUMN version;
DROP TABLE registrations;
DROP INDEX users_staff_no;
ALTER TABLE users DROP COLUMN staff_no;
ALTER TABLE users DROP COLUMN token_version;
