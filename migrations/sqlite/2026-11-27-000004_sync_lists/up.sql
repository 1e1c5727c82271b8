-- One row per synced student instead of a row per course, per output and per
-- section: the course and output lists are always replaced whole by the sync
-- and read whole by the dossier, and each section's provenance follows from
-- its system (shared::dossier::DossierSection::source). The student-records
-- time stays in students.synced_at.
CREATE TABLE student_sync (
    student_id BIGINT NOT NULL PRIMARY KEY REFERENCES students(id),
    teachers_at TIMESTAMP,     -- 教师系统: advisor
    courses_at TIMESTAMP,      -- 教务系统: courses, total credits
    training_at TIMESTAMP,     -- 培养系统: outputs, thesis, defence
    courses TEXT,              -- JSON array of {code, name, credits, grade, term}
    outputs TEXT               -- JSON array of {kind, title, venue, year}
);

INSERT INTO student_sync (student_id, teachers_at, courses_at, training_at, courses, outputs)
SELECT s.id,
       (SELECT synced_at FROM student_sync_sections x WHERE x.student_id = s.id AND x.section = 'advisor'),
       (SELECT synced_at FROM student_sync_sections x WHERE x.student_id = s.id AND x.section = 'courses'),
       (SELECT max(synced_at) FROM student_sync_sections x WHERE x.student_id = s.id
            AND x.section IN ('outputs', 'thesis', 'defense')),
       (SELECT json_group_array(json_object('code', c.code, 'name', c.name, 'credits', c.credits,
                                            'grade', c.grade, 'term', c.term) ORDER BY c.id)
          FROM student_courses c WHERE c.student_id = s.id),
       (SELECT json_group_array(json_object('kind', o.kind, 'title', o.title, 'venue', o.venue,
                                            'year', o.year) ORDER BY o.id)
          FROM student_outputs o WHERE o.student_id = s.id)
FROM students s
WHERE EXISTS (SELECT 1 FROM student_sync_sections x WHERE x.student_id = s.id
                AND x.section NOT IN ('identity', 'programme'));

DROP TABLE student_sync_sections;
DROP TABLE student_outputs;
DROP TABLE student_courses;
