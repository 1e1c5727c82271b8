-- 学位信息核查 (核查意见 on submitted applications), and the 纸质修改申请
-- recorded after 封网 and applied by the network center (SPEC §2.7).

-- A 核查意见: raised by the degree office or a group's secretariat on one
-- application and one field (or 'general'); closed by the unit's
-- resubmission with the field changed, or by the office.
CREATE TABLE verification_flags (
    id BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    batch_id BIGINT NOT NULL REFERENCES batches(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    field TEXT NOT NULL,
    message TEXT NOT NULL,
    value_then TEXT,                      -- the field's value when raised
    raised_by_id BIGINT REFERENCES users(id),
    raised_by_name TEXT NOT NULL,
    raised_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL,                 -- open, resolved, dismissed
    note TEXT,
    closed_by_name TEXT,
    closed_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX verification_flags_application ON verification_flags(application_id, id);
CREATE INDEX verification_flags_unit ON verification_flags(batch_id, unit_id, status);

-- A 纸质修改申请 on one field of a sealed application.
CREATE TABLE correction_requests (
    id BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    batch_id BIGINT NOT NULL REFERENCES batches(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    field TEXT NOT NULL,
    current_value TEXT,
    requested_value TEXT,
    explanation TEXT NOT NULL,
    status TEXT NOT NULL,                 -- pending, approved, rejected, applied
    recorded_by_id BIGINT REFERENCES users(id),
    recorded_by_name TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    decided_by_name TEXT,
    decided_at TIMESTAMP,
    decision_note TEXT,
    applied_by_name TEXT,
    applied_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX correction_requests_application ON correction_requests(application_id, id);
CREATE INDEX correction_requests_status ON correction_requests(batch_id, status, unit_id);

-- The scanned paper of a request (PDF or JPEG, checked by its magic bytes).
CREATE TABLE correction_attachments (
    request_id BIGINT NOT NULL PRIMARY KEY REFERENCES correction_requests(id),
    content_type TEXT NOT NULL,
    data BYTEA NOT NULL,
    bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_at TIMESTAMP NOT NULL
);

-- Which request a field-history row came from (修改申请 #n).
ALTER TABLE dossier_history ADD COLUMN correction_id BIGINT REFERENCES correction_requests(id);
