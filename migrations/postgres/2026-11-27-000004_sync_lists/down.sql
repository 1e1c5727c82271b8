CREATE TABLE student_courses (
    id BIGSERIAL PRIMARY KEY,
    student_id BIGINT NOT NULL REFERENCES students(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    credits DOUBLE PRECISION NOT NULL,
    grade TEXT NOT NULL,
    term TEXT NOT NULL
);
CREATE INDEX student_courses_student ON student_courses(student_id);

CREATE TABLE student_outputs (
    id BIGSERIAL PRIMARY KEY,
    student_id BIGINT NOT NULL REFERENCES students(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    venue TEXT NOT NULL,
    year INTEGER NOT NULL
);
CREATE INDEX student_outputs_student ON student_outputs(student_id);

CREATE TABLE student_sync_sections (
    student_id BIGINT NOT NULL REFERENCES students(id),
    section TEXT NOT NULL,
    source TEXT NOT NULL,
    synced_at TIMESTAMP NOT NULL,
    PRIMARY KEY (student_id, section)
);

INSERT INTO student_courses (student_id, code, name, credits, grade, term)
SELECT s.student_id, e.v->>'code', e.v->>'name', (e.v->>'credits')::double precision,
       e.v->>'grade', e.v->>'term'
FROM student_sync s, jsonb_array_elements(s.courses::jsonb) WITH ORDINALITY AS e(v, n)
ORDER BY s.student_id, e.n;

INSERT INTO student_outputs (student_id, kind, title, venue, year)
SELECT s.student_id, e.v->>'kind', e.v->>'title', e.v->>'venue', (e.v->>'year')::integer
FROM student_sync s, jsonb_array_elements(s.outputs::jsonb) WITH ORDINALITY AS e(v, n)
ORDER BY s.student_id, e.n;

INSERT INTO student_sync_sections (student_id, section, source, synced_at)
SELECT id, 'identity', 'records', synced_at FROM students WHERE synced_at IS NOT NULL
UNION ALL SELECT id, 'programme', 'records', synced_at FROM students WHERE synced_at IS NOT NULL
UNION ALL SELECT student_id, 'advisor', 'teachers', teachers_at FROM student_sync WHERE teachers_at IS NOT NULL
UNION ALL SELECT student_id, 'courses', 'courses', courses_at FROM student_sync WHERE courses_at IS NOT NULL
UNION ALL SELECT student_id, 'outputs', 'training', training_at FROM student_sync WHERE training_at IS NOT NULL
UNION ALL SELECT student_id, 'thesis', 'training', training_at FROM student_sync WHERE training_at IS NOT NULL
UNION ALL SELECT student_id, 'defense', 'training', training_at FROM student_sync WHERE training_at IS NOT NULL;

DROP TABLE student_sync;
