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

CREATE TABLE student_sync_sections (
    student_id BIGINT NOT NULL REFERENCES students(id),
    section TEXT NOT NULL,
    source TEXT NOT NULL,
    synced_at TIMESTAMP NOT NULL,
    PRIMARY KEY (student_id, section)
);

INSERT INTO student_courses (student_id, code, name, credits, grade, term)
SELECT s.student_id, json_extract(c.value, '$.code'), json_extract(c.value, '$.name'),
       json_extract(c.value, '$.credits'), json_extract(c.value, '$.grade'), json_extract(c.value, '$.term')
FROM student_sync s, json_each(s.courses) c ORDER BY s.student_id, c.key;

INSERT INTO student_outputs (student_id, kind, title, venue, year)
SELECT s.student_id, json_extract(o.value, '$.kind'), json_extract(o.value, '$.title'),
       json_extract(o.value, '$.venue'), json_extract(o.value, '$.year')
FROM student_sync s, json_each(s.outputs) o ORDER BY s.student_id, o.key;

INSERT INTO student_sync_sections (student_id, section, source, synced_at)
SELECT id, 'identity', 'records', synced_at FROM students WHERE synced_at IS NOT NULL
UNION ALL SELECT id, 'programme', 'records', synced_at FROM students WHERE synced_at IS NOT NULL
UNION ALL SELECT student_id, 'advisor', 'teachers', teachers_at FROM student_sync WHERE teachers_at IS NOT NULL
UNION ALL SELECT student_id, 'courses', 'courses', courses_at FROM student_sync WHERE courses_at IS NOT NULL
UNION ALL SELECT student_id, 'outputs', 'training', training_at FROM student_sync WHERE training_at IS NOT NULL
UNION ALL SELECT student_id, 'thesis', 'training', training_at FROM student_sync WHERE training_at IS NOT NULL
UNION ALL SELECT student_id, 'defense', 'training', training_at FROM student_sync WHERE training_at IS NOT NULL;

DROP TABLE student_sync;
