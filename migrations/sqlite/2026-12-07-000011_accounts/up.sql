-- 用户权限管理 (SPEC §1, §4): the staff's 备案 awaiting their unit's
-- approval, a staff number to find a portal user by, and a per-user token
-- version that ends the user's sessions (a password reset, disabling, a
-- change of roles) and is the account's version against stale edits; a
-- version on units and discipline groups against stale edits.

ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN staff_no TEXT;
CREATE UNIQUE INDEX users_staff_no ON users(staff_no);

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    staff_no TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL,                -- the right asked for: unit_admin
    status TEXT NOT NULL,              -- pending, approved, rejected
    reason TEXT,
    address TEXT NOT NULL,             -- the client address it came from
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    decided_by_name TEXT
);
CREATE UNIQUE INDEX registrations_user ON registrations(user_id);
CREATE INDEX registrations_unit ON registrations(unit_id, status);
CREATE INDEX registrations_address ON registrations(address, created_at);

ALTER TABLE units ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE discipline_groups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
