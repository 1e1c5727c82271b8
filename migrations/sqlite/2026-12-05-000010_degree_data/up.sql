-- 学位终审数据管理 (SPEC §2.10): every certificate number ever issued, the
-- produced national reports, and the published 公告.

-- Every 学位证书编号 ever issued: never deleted, so never issued twice,
-- not even after a revocation (the number stays, void).
CREATE TABLE certificate_numbers (
    number TEXT NOT NULL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    batch_id BIGINT NOT NULL REFERENCES batches(id),
    student_no TEXT NOT NULL,
    level TEXT NOT NULL,                  -- doctor, master
    year INTEGER NOT NULL,
    issued_on DATE NOT NULL,              -- the congress's date
    issued_by_name TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_by_name TEXT,
    revoked_reason TEXT,
    CHECK (length(number) = 16)
);
-- At most one live number per application.
CREATE UNIQUE INDEX certificate_numbers_live ON certificate_numbers(application_id) WHERE revoked_at IS NULL;
CREATE INDEX certificate_numbers_batch ON certificate_numbers(batch_id);
-- The number on the application is one of them, and on one application only.
CREATE UNIQUE INDEX applications_certificate_no ON applications(certificate_no);

-- The national report as produced: its .xlsx and .csv kept byte for byte,
-- the photos' archive by its digest (rebuilt from the same data on download).
CREATE TABLE national_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id BIGINT NOT NULL REFERENCES batches(id),
    partial BOOLEAN NOT NULL,
    records INTEGER NOT NULL,
    rejected_json TEXT NOT NULL,
    xlsx BLOB NOT NULL,
    xlsx_sha256 TEXT NOT NULL,
    csv BLOB NOT NULL,
    csv_sha256 TEXT NOT NULL,
    photos_bytes BIGINT NOT NULL,
    photos_sha256 TEXT NOT NULL,
    produced_by_name TEXT NOT NULL,
    produced_at TIMESTAMP NOT NULL
);
CREATE INDEX national_reports_batch ON national_reports(batch_id, id);

-- The 公告 of a batch: the list as published (a snapshot), and its withdrawal.
CREATE TABLE announcements (
    batch_id BIGINT NOT NULL PRIMARY KEY REFERENCES batches(id),
    title TEXT NOT NULL,
    rows_json TEXT NOT NULL,
    count INTEGER NOT NULL,
    published BOOLEAN NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by_name TEXT NOT NULL,
    unpublished_at TIMESTAMP,
    unpublished_by_name TEXT,
    version INTEGER NOT NULL
);

-- When the units were last sent their 学位授予通知.
ALTER TABLE batches ADD COLUMN notices_sent_at TIMESTAMP;
