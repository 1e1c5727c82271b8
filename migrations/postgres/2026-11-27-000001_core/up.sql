-- Core schema of the degree management system (PostgreSQL).
-- Every timestamp is UTC.

CREATE TABLE units (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,            -- 培养单位码
    name TEXT NOT NULL,
    head_name TEXT NOT NULL DEFAULT '',   -- unit head, as printed on certificates
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE discipline_groups (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,                   -- 学科群
    created_at TIMESTAMP NOT NULL
);

-- Which discipline groups a unit's applicants go to.
CREATE TABLE unit_groups (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    group_id BIGINT NOT NULL REFERENCES discipline_groups(id),
    PRIMARY KEY (unit_id, group_id)
);

-- Which discipline group reviews a major (专业代码, 2022 catalogue).
CREATE TABLE major_groups (
    major_code TEXT NOT NULL PRIMARY KEY,
    group_id BIGINT NOT NULL REFERENCES discipline_groups(id)
);

-- Student master data; the synced fields are filled by the sync engine.
CREATE TABLE students (
    id BIGSERIAL PRIMARY KEY,
    student_no TEXT NOT NULL UNIQUE,      -- 学号
    name TEXT NOT NULL,
    name_pinyin TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,                   -- one of the six student kinds
    unit_id BIGINT NOT NULL REFERENCES units(id),
    gender TEXT,
    birth_date DATE,
    id_type TEXT,
    id_number TEXT,
    ethnicity TEXT,
    political_status TEXT,
    nationality TEXT,
    discipline_category TEXT,             -- 学科门类
    first_level_discipline TEXT,          -- 一级学科
    major_code TEXT,
    major_name TEXT,
    study_mode TEXT,                      -- 学习方式
    entry_month TEXT,                     -- 入学年月 YYYYMM
    synced_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX students_unit ON students(unit_id);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT,                   -- argon2id PHC string; NULL: no password login
    active BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    student_id BIGINT UNIQUE REFERENCES students(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- One role of a user, limited to a unit, a discipline group or a student record
-- (all NULL: global).
CREATE TABLE user_roles (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    group_id BIGINT REFERENCES discipline_groups(id),
    student_id BIGINT REFERENCES students(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX user_roles_user ON user_roles(user_id);

CREATE TABLE batches (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    season TEXT NOT NULL,
    year INTEGER NOT NULL,
    congress_date DATE NOT NULL,          -- 学位大会召开时间
    phase TEXT NOT NULL,
    -- 1 while the batch is not completed, NULL afterwards: the unique
    -- constraint makes "at most one active batch" hold under races too.
    active_slot INTEGER UNIQUE,
    version INTEGER NOT NULL DEFAULT 1,
    opened_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP
);

CREATE TABLE applications (
    id BIGSERIAL PRIMARY KEY,
    batch_id BIGINT NOT NULL REFERENCES batches(id),
    student_id BIGINT NOT NULL REFERENCES students(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    stage TEXT NOT NULL,
    prelim_decision TEXT,
    subcommittee_decision TEXT,
    final_decision TEXT,
    certificate_no TEXT UNIQUE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (batch_id, student_id)
);
CREATE INDEX applications_unit ON applications(batch_id, unit_id);

-- 数据上报 of one unit in one batch.
CREATE TABLE unit_submissions (
    batch_id BIGINT NOT NULL REFERENCES batches(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    submitted BOOLEAN NOT NULL,
    submitted_at TIMESTAMP,
    reopened_at TIMESTAMP,
    reopen_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (batch_id, unit_id)
);

-- Append-only: who, when, what, before, after.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor_id BIGINT,                      -- NULL: the system
    actor_name TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
