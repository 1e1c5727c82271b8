-- Filing, the student dossier, confirmation and unit review (SPEC §2.2–2.4).

-- The filled half of the dossier, as a JSON object {field: value}; the
-- synced half lives on students. Kept when filing is unticked, so nothing
-- typed is lost.
ALTER TABLE applications ADD COLUMN filled TEXT NOT NULL DEFAULT '{}';
ALTER TABLE applications ADD COLUMN confirmed_at TIMESTAMP;
ALTER TABLE applications ADD COLUMN reviewed_at TIMESTAMP;
CREATE INDEX applications_unit_stage ON applications(unit_id, batch_id, stage);
CREATE INDEX students_unit_no ON students(unit_id, student_no);

-- Every change of a dossier field: by the student, by the unit on their
-- behalf, or by a sync. Written in the transaction of the change.
CREATE TABLE dossier_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    student_id BIGINT NOT NULL REFERENCES students(id),
    application_id BIGINT REFERENCES applications(id),
    field TEXT NOT NULL,
    source TEXT NOT NULL,             -- student, unit, sync
    system TEXT,                      -- for a sync: the campus system
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX dossier_history_student ON dossier_history(student_id, id);

-- In-app messages (filing opened, dossier sent back …).
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id),
    text TEXT NOT NULL,
    application_id BIGINT REFERENCES applications(id),
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX messages_user ON messages(user_id, id);

-- 填报说明: one document, edited by the degree office.
CREATE TABLE instructions (
    id INTEGER PRIMARY KEY,           -- always 1
    markdown TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_by_name TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO instructions (id, markdown, version, updated_by_name, updated_at) VALUES (1,
'## 填报说明

1. 学生信息大部分来自学籍、教师、教务、培养等系统，请先点击“同步数据”导入。
2. 同步的数据不可在学位系统中修改；如有错误，请到相关系统中修改后再次同步。
3. 填写完所有必填项并保存后，点击左侧导航栏“信息确认”。确认后学生不能再修改；如需修改，请联系培养单位教育管理干部。
', 1, '系统', CURRENT_TIMESTAMP);
