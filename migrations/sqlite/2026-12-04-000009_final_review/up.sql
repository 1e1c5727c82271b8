-- 学科群分会评审 and 学位终审 (SPEC §2.8–2.9): the notices to a committee's
-- members, the congress's 决议编号, the final decisions, and the hearing
-- before a refusal (学位法 art. 39).

-- 决议编号 of the meeting (the congress's, carried by the national report as JYBH).
ALTER TABLE committee_meetings ADD COLUMN resolution_no TEXT;

-- Each time a committee's members were told to review, with the deadline.
CREATE TABLE committee_notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    committee_id BIGINT NOT NULL REFERENCES committees(id),
    batch_id BIGINT NOT NULL REFERENCES batches(id),
    deadline DATE NOT NULL,
    note TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    sent_by_name TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL
);
CREATE INDEX committee_notices_committee ON committee_notices(committee_id, batch_id, id);

-- The 学位终审 decision on an application and what it rests on.
CREATE TABLE final_decisions (
    application_id BIGINT NOT NULL PRIMARY KEY REFERENCES applications(id),
    batch_id BIGINT NOT NULL REFERENCES batches(id),
    decision TEXT NOT NULL,               -- conferred, not_conferred, deferred
    basis TEXT NOT NULL,                  -- recommendation, override, vote
    reason TEXT,                          -- an override's reason, a deferral's resolution
    yes INTEGER,
    no INTEGER,
    abstain INTEGER,
    recorded_by_name TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX final_decisions_batch ON final_decisions(batch_id);

-- The hearing before a refusal: what the applicant was told, their
-- statement (or its waiver), and the office's record of it.
CREATE TABLE hearings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL UNIQUE REFERENCES applications(id),
    batch_id BIGINT NOT NULL REFERENCES batches(id),
    status TEXT NOT NULL,                 -- notified, stated, waived, recorded
    facts_and_reasons TEXT NOT NULL,
    deadline TIMESTAMP NOT NULL,
    statement TEXT,
    answered_at TIMESTAMP,
    record TEXT,
    proposed_by_name TEXT NOT NULL,
    proposed_at TIMESTAMP NOT NULL,
    recorded_by_name TEXT,
    recorded_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX hearings_batch ON hearings(batch_id, status);
