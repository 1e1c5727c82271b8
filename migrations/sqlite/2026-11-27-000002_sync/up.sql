-- Synced dossier data from the four campus systems, and sync run records.

ALTER TABLE students ADD COLUMN advisor_name TEXT;
ALTER TABLE students ADD COLUMN advisor_title TEXT;
ALTER TABLE students ADD COLUMN total_credits DOUBLE;
ALTER TABLE students ADD COLUMN thesis_title TEXT;
ALTER TABLE students ADD COLUMN thesis_keywords TEXT;      -- JSON array
ALTER TABLE students ADD COLUMN defense_date DATE;
ALTER TABLE students ADD COLUMN defense_result TEXT;
ALTER TABLE students ADD COLUMN defense_committee TEXT;    -- JSON array

CREATE TABLE student_courses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    student_id BIGINT NOT NULL REFERENCES students(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    credits DOUBLE NOT NULL,
    grade TEXT NOT NULL,
    term TEXT NOT NULL
);
CREATE INDEX student_courses_student ON student_courses(student_id);

CREATE TABLE student_outputs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    student_id BIGINT NOT NULL REFERENCES students(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    venue TEXT NOT NULL,
    year INTEGER NOT NULL
);
CREATE INDEX student_outputs_student ON student_outputs(student_id);

-- Which system each dossier section came from, and when.
CREATE TABLE student_sync_sections (
    student_id BIGINT NOT NULL REFERENCES students(id),
    section TEXT NOT NULL,
    source TEXT NOT NULL,
    synced_at TIMESTAMP NOT NULL,
    PRIMARY KEY (student_id, section)
);

CREATE TABLE sync_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,               -- student, unit, applicants, roster
    trigger TEXT NOT NULL,            -- manual, filing, scheduled
    systems TEXT NOT NULL,            -- comma-separated source systems
    started_by BIGINT,
    started_by_name TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    student_id BIGINT REFERENCES students(id),
    status TEXT NOT NULL,             -- running, succeeded, partial, failed
    total INTEGER NOT NULL,
    done INTEGER NOT NULL,
    succeeded INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    failures TEXT NOT NULL,           -- JSON array of {student_no, system, reason}
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX sync_runs_unit ON sync_runs(unit_id);

-- A scheduled slot (e.g. 2026-11-27T01:00+08:00) is claimed by exactly one
-- server instance: the primary key refuses the second claim.
CREATE TABLE sync_schedule_claims (
    slot TEXT NOT NULL PRIMARY KEY,
    claimed_at TIMESTAMP NOT NULL
);
