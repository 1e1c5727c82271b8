-- Committees, their members, online opinions, meetings and results; the
-- decision rules; the unit's submissions and reopenings (SPEC §2.5–2.6).

-- A member's login must change its one-time initial password first.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT 0;

-- One committee per owner: a unit's 学位初审委员会 (kind prelim, unit_id),
-- a group's 学科群分会 (subcommittee, group_id), the 学位评定委员会 (congress).
CREATE TABLE committees (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    group_id BIGINT REFERENCES discipline_groups(id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX committees_owner ON committees(kind, COALESCE(unit_id, 0), COALESCE(group_id, 0));

-- Members; a removed member is kept (removed_at) for the record.
CREATE TABLE committee_members (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    committee_id BIGINT NOT NULL REFERENCES committees(id),
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    affiliation TEXT NOT NULL,
    position TEXT NOT NULL,               -- chair, vice_chair, member
    staff_no TEXT,
    contact TEXT,
    user_id BIGINT REFERENCES users(id),  -- the portal login, once granted
    removed_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX committee_members_committee ON committee_members(committee_id, id);
CREATE UNIQUE INDEX committee_members_user ON committee_members(user_id);
-- Exactly one 主席: at most one here, at least one checked where it counts.
CREATE UNIQUE INDEX committee_members_one_chair ON committee_members(committee_id)
    WHERE position = 'chair' AND removed_at IS NULL;

-- A member's online opinion on an applicant (网上学位初审).
CREATE TABLE committee_opinions (
    application_id BIGINT NOT NULL REFERENCES applications(id),
    member_id BIGINT NOT NULL REFERENCES committee_members(id),
    opinion TEXT NOT NULL,                -- agree, disagree, abstain
    comment TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, member_id)
);

-- The meeting record of a committee in a batch (学位初审信息).
CREATE TABLE committee_meetings (
    committee_id BIGINT NOT NULL REFERENCES committees(id),
    batch_id BIGINT NOT NULL REFERENCES batches(id),
    held_on DATE NOT NULL,
    place TEXT NOT NULL,
    members_total INTEGER NOT NULL,
    members_present INTEGER NOT NULL,
    minutes TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_by_name TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (committee_id, batch_id)
);

-- The ballot's counts and the decision on an applicant (学位初审结果).
CREATE TABLE committee_results (
    application_id BIGINT NOT NULL REFERENCES applications(id),
    committee_id BIGINT NOT NULL REFERENCES committees(id),
    yes INTEGER NOT NULL,
    no INTEGER NOT NULL,
    abstain INTEGER NOT NULL,
    decision TEXT NOT NULL,
    resolution TEXT,                      -- 缓议决议
    reason TEXT,                          -- against passing counts
    recorded_by_name TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, committee_id)
);

-- The rule that turns a ballot into a decision, per committee kind.
CREATE TABLE committee_rules (
    kind TEXT PRIMARY KEY,
    quorum_num INTEGER NOT NULL,
    quorum_den INTEGER NOT NULL,
    pass_num INTEGER NOT NULL,
    pass_den INTEGER NOT NULL,
    pass_base TEXT NOT NULL,              -- all_members, present
    version INTEGER NOT NULL DEFAULT 1,
    updated_by_name TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO committee_rules VALUES ('prelim', 2, 3, 1, 2, 'all_members', 1, '系统', CURRENT_TIMESTAMP);
INSERT INTO committee_rules VALUES ('subcommittee', 2, 3, 1, 2, 'all_members', 1, '系统', CURRENT_TIMESTAMP);
INSERT INTO committee_rules VALUES ('congress', 2, 3, 1, 2, 'all_members', 1, '系统', CURRENT_TIMESTAMP);

-- Every 数据上报 of a unit and every reopening, kept.
CREATE TABLE submission_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id BIGINT NOT NULL REFERENCES batches(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,                   -- submitted, reopened
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    reason TEXT,
    applications BIGINT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX submission_events_unit ON submission_events(batch_id, unit_id, id);
