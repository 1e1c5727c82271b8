//! Filing (全部学生列表), the dossier, 信息确认 and unit review (申请学位学生):
//! the rules, stale writes, the field history, and every wrong-role and
//! wrong-unit attempt.

use degree_tests::TestApp;
use diesel::prelude::*;
use shared::authz::Role;
use shared::client::Client;
use shared::dto::application::{
    ApplicationQuery, ApplicationStep, BulkStep, ChangeSource, Dossier, DossierUpdate,
    FilingChange, InstructionsUpdate, RosterQuery,
};
use shared::dto::sync::{SyncRunQuery, SyncStatus};
use shared::dto::PageQuery;
use shared::error::ErrorCode;
use shared::ids::{ApplicationId, StudentId};
use shared::workflow::{Action, Stage};

/// The first unit's students from student records: (id, 学号), with a
/// password on each student account so the tests can sign in as them.
async fn students(app: &TestApp) -> Vec<(StudentId, String)> {
    let office = app.office().await;
    let mut run = office.sync_roster(app.units[0]).await.expect("roster");
    while run.status == SyncStatus::Running {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        run = office.sync_run(run.id).await.expect("run");
    }
    assert_eq!(run.status, SyncStatus::Succeeded, "{run:?}");
    use backend::db::schema::{students, users};
    let mut conn = app.conn();
    let numbers = students::table.select(students::student_no);
    diesel::update(users::table.filter(users::username.eq_any(numbers)))
        .set(users::password_hash.eq(Some(degree_tests::password_hash())))
        .execute(&mut *conn)
        .expect("passwords");
    students::table
        .filter(students::unit_id.eq(app.units[0].0))
        .order(students::student_no)
        .select((students::id, students::student_no))
        .load::<(i64, String)>(&mut *conn)
        .expect("students")
        .into_iter()
        .map(|(id, no)| (StudentId(id), no))
        .collect()
}

async fn open_batch(app: &TestApp) {
    app.office()
        .await
        .create_batch(&backend::demo::batch())
        .await
        .expect("batch");
}

fn open(ids: &[StudentId]) -> FilingChange {
    FilingChange {
        open: ids.to_vec(),
        cancel: vec![],
    }
}

fn update(version: i32, pairs: &[(&str, serde_json::Value)]) -> DossierUpdate {
    DossierUpdate {
        version,
        fields: pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    }
}

/// Fill every required field validly, and upload the photo.
async fn fill_all(client: &Client, d: &Dossier) -> Dossier {
    let pairs: Vec<(&str, serde_json::Value)> = d
        .required
        .iter()
        .map(|f| (f.as_str(), serde_json::json!(f.sample_value())))
        .collect();
    let filled = client
        .update_dossier(d.application.id, &update(d.application.version, &pairs))
        .await
        .expect("fill");
    client
        .upload_photo(
            d.application.id,
            filled.application.version,
            backend::demo::DEMO_PHOTO.to_vec(),
        )
        .await
        .expect("photo")
}

fn step(d: &Dossier, action: Action) -> ApplicationStep {
    ApplicationStep {
        version: d.application.version,
        action,
    }
}

#[tokio::test]
async fn filing_needs_an_open_batch_and_a_unit_admin() {
    let app = TestApp::spawn().await;
    let list = students(&app).await;
    let admin = app.as_role(Role::UnitAdmin).await;
    let roster = admin
        .roster(app.units[0], &RosterQuery::default())
        .await
        .expect("roster");
    assert_eq!(roster.total, 12);
    assert!(roster.items.iter().all(|r| r.state == Stage::NotApplied));
    // Filters and sorting are the server's.
    let kind = roster.items[0].kind;
    let of_kind = admin
        .roster(
            app.units[0],
            &RosterQuery {
                kind: Some(kind),
                ..Default::default()
            },
        )
        .await
        .expect("by kind");
    assert!(of_kind.total >= 1 && of_kind.items.iter().all(|r| r.kind == kind));
    let first_name: String = roster.items[0].name.chars().take(1).collect();
    let by_name = admin
        .roster(
            app.units[0],
            &RosterQuery {
                name: Some(first_name.clone()),
                ..Default::default()
            },
        )
        .await
        .expect("by name");
    assert!(by_name.total >= 1 && by_name.items.iter().all(|r| r.name.contains(&first_name)));
    for wildcard in ["%", "_"] {
        let none = admin
            .roster(
                app.units[0],
                &RosterQuery {
                    name: Some(wildcard.into()),
                    ..Default::default()
                },
            )
            .await
            .expect("escaped");
        assert_eq!(none.total, 0, "{wildcard} is matched literally");
    }
    let newest_first = admin
        .roster(
            app.units[0],
            &RosterQuery {
                sort: Some(shared::dto::application::StudentSort::StudentNoDesc),
                ..Default::default()
            },
        )
        .await
        .expect("sorted");
    let max = roster.items.iter().map(|r| r.student_no.clone()).max();
    assert_eq!(Some(newest_first.items[0].student_no.clone()), max);
    let err = admin
        .save_filing(app.units[0], &open(&[list[0].0]))
        .await
        .expect_err("no batch");
    assert_eq!(err.code(), Some(ErrorCode::NoActiveBatch));
    assert!(err.user_message().contains("评审批次"));
    // Without a batch the list of applications is empty, not an error.
    let apps = admin
        .applications(app.units[0], &ApplicationQuery::default())
        .await
        .expect("empty");
    assert_eq!(apps.total, 0);
}

#[tokio::test]
async fn opening_filing_lists_syncs_and_notifies_the_students() {
    let app = TestApp::spawn().await;
    let list = students(&app).await;
    open_batch(&app).await;
    let admin = app.as_role(Role::UnitAdmin).await;
    let outcome = admin
        .save_filing(app.units[0], &open(&[list[0].0, list[1].0]))
        .await
        .expect("filing");
    assert_eq!((outcome.opened, outcome.cancelled), (2, 0), "{outcome:?}");
    assert!(outcome.skipped.is_empty());
    // Many students: the sync runs in the background; the run is there to follow.
    let mut run = outcome.sync_run.expect("sync started");
    while run.status == SyncStatus::Running {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        run = admin.sync_run(run.id).await.expect("run");
    }
    assert_eq!(
        (run.status, run.total, run.succeeded),
        (SyncStatus::Succeeded, 2, 2)
    );
    // Opening and withdrawing the same student at once is refused, changing nothing.
    let both = admin
        .save_filing(
            app.units[0],
            &FilingChange {
                open: vec![list[3].0],
                cancel: vec![list[3].0],
            },
        )
        .await
        .expect_err("both");
    assert_eq!(both.code(), Some(ErrorCode::ValidationFailed));
    // Ticking again changes nothing and says why.
    let again = admin
        .save_filing(app.units[0], &open(&[list[0].0]))
        .await
        .expect("again");
    assert_eq!(again.opened, 0);
    assert_eq!(again.skipped[0].reason, "已在申请学位学生列表中");

    let applying = admin
        .roster(
            app.units[0],
            &RosterQuery {
                applying: Some(true),
                ..Default::default()
            },
        )
        .await
        .expect("applying");
    assert_eq!(applying.total, 2);
    let not_applying = admin
        .roster(
            app.units[0],
            &RosterQuery {
                applying: Some(false),
                student_no: Some(list[5].1.clone()),
                ..Default::default()
            },
        )
        .await
        .expect("not applying");
    assert_eq!(not_applying.total, 1);
    let apps = admin
        .applications(app.units[0], &ApplicationQuery::default())
        .await
        .expect("applications");
    assert_eq!(apps.total, 2);
    assert!(apps.items.iter().all(|a| !a.confirmed && !a.reviewed));

    let student = app.login(&list[0].1).await;
    let messages = student.messages().await.expect("messages");
    assert_eq!(messages.len(), 1);
    assert!(messages[0].text.contains("开通") && !messages[0].read);
    student.mark_messages_read().await.expect("read");
    assert!(student.messages().await.expect("messages")[0].read);
    let mine = student.my_application().await.expect("mine");
    assert_eq!(mine.application.state, Stage::Filing);
    assert!(mine.editable);
    assert!(mine.allowed_actions.contains(&Action::Confirm));
    // A student whose filing is not opened sees "not opened", not an error page.
    let other = app.login(&list[2].1).await;
    // Messages are each user's own.
    assert!(other.messages().await.expect("messages").is_empty());
    assert_eq!(
        other.my_application().await.expect_err("not opened").code(),
        Some(ErrorCode::FilingNotOpened)
    );
    // Unticking before confirmation withdraws the application.
    let cancelled = admin
        .save_filing(
            app.units[0],
            &FilingChange {
                open: vec![],
                cancel: vec![list[1].0],
            },
        )
        .await
        .expect("cancel");
    assert_eq!(cancelled.cancelled, 1);
    assert_eq!(
        app.login(&list[1].1)
            .await
            .my_application()
            .await
            .expect_err("withdrawn")
            .code(),
        Some(ErrorCode::FilingNotOpened)
    );
}

#[tokio::test]
async fn fill_confirm_review_and_send_back() {
    let app = TestApp::spawn().await;
    let list = students(&app).await;
    open_batch(&app).await;
    let admin = app.as_role(Role::UnitAdmin).await;
    admin
        .save_filing(app.units[0], &open(&[list[0].0]))
        .await
        .expect("filing");
    let student = app.login(&list[0].1).await;
    let d = student.my_application().await.expect("dossier");
    let id = d.application.id;

    // Every malformed field at once; nothing saved.
    let err = student
        .update_dossier(
            id,
            &update(
                d.application.version,
                &[
                    ("mobile_phone", serde_json::json!("12345")),
                    ("email", serde_json::json!("no-at-sign")),
                    ("nonsense", serde_json::json!("x")),
                    ("research_direction", serde_json::json!(42)),
                ],
            ),
        )
        .await
        .expect_err("invalid");
    assert_eq!(err.code(), Some(ErrorCode::ValidationFailed));
    let shared::client::ClientError::Api { status, body } = err else {
        panic!("api error expected");
    };
    assert_eq!(status, 422);
    let mut fields: Vec<_> = body.fields.iter().map(|f| f.field.as_str()).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        ["email", "mobile_phone", "nonsense", "research_direction"]
    );
    // Synced fields are read-only, with a stable code.
    let err = student
        .update_dossier(
            id,
            &update(
                d.application.version,
                &[("name", serde_json::json!("别人"))],
            ),
        )
        .await
        .expect_err("synced");
    assert_eq!(err.code(), Some(ErrorCode::SyncedFieldReadOnly));
    let again = student.my_application().await.expect("dossier");
    assert_eq!(again.application.version, d.application.version);
    assert!(again.filled.is_empty());

    // Confirming with missing fields lists them.
    let err = student
        .step(id, &step(&again, Action::Confirm))
        .await
        .expect_err("incomplete");
    assert_eq!(err.code(), Some(ErrorCode::DossierIncomplete));
    let shared::client::ClientError::Api { body, .. } = err else {
        panic!("api error expected");
    };
    assert!(body.fields.iter().any(|f| f.field == "mobile_phone"));
    assert!(body.fields.iter().any(|f| f.field == "photo"));

    let filled = fill_all(&student, &again).await;
    assert!(filled.problems.is_empty(), "{:?}", filled.problems);
    // A save based on the old version is refused, not merged.
    let stale = student
        .update_dossier(
            id,
            &update(
                again.application.version,
                &[("remarks", serde_json::json!("x"))],
            ),
        )
        .await
        .expect_err("stale");
    assert_eq!(stale.code(), Some(ErrorCode::StaleVersion));

    let confirmed = student
        .step(id, &step(&filled, Action::Confirm))
        .await
        .expect("confirm");
    assert_eq!(confirmed.application.state, Stage::Confirmed);
    assert!(!confirmed.editable);
    let err = student
        .update_dossier(
            id,
            &update(
                confirmed.application.version,
                &[("remarks", serde_json::json!("改"))],
            ),
        )
        .await
        .expect_err("locked");
    assert_eq!(err.code(), Some(ErrorCode::InvalidTransition));
    // Once confirmed the student cannot sync any more either.
    assert_eq!(
        student
            .sync_student(list[0].0)
            .await
            .expect_err("confirmed")
            .code(),
        Some(ErrorCode::InvalidTransition)
    );

    // The unit admin sees 已确认, edits on the student's behalf, reviews.
    let rows = admin
        .applications(
            app.units[0],
            &ApplicationQuery {
                confirmed: Some(true),
                ..Default::default()
            },
        )
        .await
        .expect("list");
    assert_eq!(rows.total, 1);
    let by_admin = admin.dossier(id).await.expect("dossier");
    assert!(by_admin.editable);
    let edited = admin
        .update_dossier(
            id,
            &update(
                by_admin.application.version,
                &[("remarks", serde_json::json!("由培养单位补充"))],
            ),
        )
        .await
        .expect("edit on behalf");
    let history = admin
        .history(id, PageQuery::default())
        .await
        .expect("history");
    let latest = &history.items[0];
    assert_eq!(
        (
            latest.field.as_str(),
            latest.source,
            latest.new_value.as_deref()
        ),
        ("remarks", ChangeSource::Unit, Some("由培养单位补充"))
    );
    assert!(history
        .items
        .iter()
        .any(|h| h.field == "mobile_phone" && h.source == ChangeSource::Student));
    // Unticking 申请学位 is refused once the student has confirmed.
    let cancel = admin
        .save_filing(
            app.units[0],
            &FilingChange {
                open: vec![],
                cancel: vec![list[0].0],
            },
        )
        .await
        .expect("answer");
    assert_eq!(cancel.cancelled, 0);
    assert!(cancel.skipped[0].reason.contains("已确认"));

    let reviewed = admin
        .step(id, &step(&edited, Action::MarkReviewed))
        .await
        .expect("review");
    assert_eq!(reviewed.application.state, Stage::Reviewed);
    let rows = admin
        .applications(
            app.units[0],
            &ApplicationQuery {
                reviewed: Some(true),
                ..Default::default()
            },
        )
        .await
        .expect("list");
    assert_eq!(rows.items[0].student_no, list[0].1);

    // Sending back unticks both; the student is told and can edit again.
    let back = admin
        .step(id, &step(&reviewed, Action::SendBack))
        .await
        .expect("send back");
    assert_eq!(back.application.state, Stage::Filing);
    let messages = student.messages().await.expect("messages");
    assert!(messages[0].text.contains("退回"));
    let mine = student.my_application().await.expect("mine");
    assert!(mine.editable);
    student
        .update_dossier(
            id,
            &update(
                mine.application.version,
                &[("remarks", serde_json::json!("已修改"))],
            ),
        )
        .await
        .expect("edit again");
}

#[tokio::test]
async fn bulk_review_takes_each_application_from_its_own_state() {
    let app = TestApp::spawn().await;
    let list = students(&app).await;
    open_batch(&app).await;
    let admin = app.as_role(Role::UnitAdmin).await;
    admin
        .save_filing(app.units[0], &open(&[list[0].0, list[1].0, list[2].0]))
        .await
        .expect("filing");
    let mut ids = Vec::new();
    for (_, no) in list.iter().take(3) {
        let student = app.login(no).await;
        let d = student.my_application().await.expect("mine");
        ids.push(d.application.id);
        if no != &list[2].1 {
            let d = fill_all(&student, &d).await;
            student
                .step(d.application.id, &step(&d, Action::Confirm))
                .await
                .expect("confirm");
        }
    }
    let outcome = admin
        .bulk_step(
            app.units[0],
            &BulkStep {
                action: Action::MarkReviewed,
                ids: ids.clone(),
            },
        )
        .await
        .expect("bulk");
    assert_eq!(outcome.done, 2);
    assert_eq!(outcome.skipped.len(), 1);
    assert_eq!(outcome.skipped[0].student_no, list[2].1);
    let reviewed = admin
        .applications(
            app.units[0],
            &ApplicationQuery {
                reviewed: Some(true),
                ..Default::default()
            },
        )
        .await
        .expect("list");
    assert_eq!(reviewed.total, 2);
}

#[tokio::test]
async fn another_unit_or_student_or_role_is_refused_everywhere() {
    let app = TestApp::spawn().await;
    let list = students(&app).await;
    open_batch(&app).await;
    let admin = app.as_role(Role::UnitAdmin).await;
    admin
        .save_filing(app.units[0], &open(&[list[0].0]))
        .await
        .expect("filing");
    let d = app
        .login(&list[0].1)
        .await
        .my_application()
        .await
        .expect("mine");
    let id = d.application.id;
    let forbidden = Some(ErrorCode::Forbidden);
    let edit = update(
        d.application.version,
        &[("remarks", serde_json::json!("x"))],
    );

    let other_admin = app.as_role_in(Role::UnitAdmin, 1).await;
    let other_student = app.login(&list[1].1).await;
    let office = app.office().await;
    let secretary = app.as_role(Role::Secretary).await;
    let unit_sysadmin = app.as_role(Role::UnitSysadmin).await;
    for (who, c) in [
        ("other unit admin", &other_admin),
        ("secretary", &secretary),
        ("unit sysadmin", &unit_sysadmin),
        ("other student", &other_student),
    ] {
        assert_eq!(
            c.roster(app.units[0], &RosterQuery::default())
                .await
                .expect_err(who)
                .code(),
            forbidden,
            "{who} roster"
        );
        assert_eq!(
            c.applications(app.units[0], &ApplicationQuery::default())
                .await
                .expect_err(who)
                .code(),
            forbidden,
            "{who} list"
        );
        assert_eq!(
            c.dossier(id).await.expect_err(who).code(),
            forbidden,
            "{who} get"
        );
        assert_eq!(
            c.update_dossier(id, &edit).await.expect_err(who).code(),
            forbidden,
            "{who} edit"
        );
        assert_eq!(
            c.step(id, &step(&d, Action::Confirm))
                .await
                .expect_err(who)
                .code(),
            forbidden,
            "{who} step"
        );
        assert_eq!(
            c.history(id, PageQuery::default())
                .await
                .expect_err(who)
                .code(),
            forbidden,
            "{who} history"
        );
    }
    for (who, c) in [
        ("other unit admin", &other_admin),
        ("office", &office),
        ("other student", &other_student),
    ] {
        assert_eq!(
            c.save_filing(app.units[0], &open(&[list[3].0]))
                .await
                .expect_err(who)
                .code(),
            forbidden,
            "{who} filing"
        );
        assert_eq!(
            c.bulk_step(
                app.units[0],
                &BulkStep {
                    action: Action::MarkReviewed,
                    ids: vec![id],
                },
            )
            .await
            .expect_err(who)
            .code(),
            forbidden,
            "{who} bulk"
        );
    }
    // The other unit's admin cannot reach this unit's students through their own unit either.
    assert_eq!(
        other_admin
            .save_filing(app.units[1], &open(&[list[3].0]))
            .await
            .expect_err("foreign student")
            .code(),
        forbidden
    );
    assert_eq!(
        other_admin
            .bulk_step(
                app.units[1],
                &BulkStep {
                    action: Action::MarkReviewed,
                    ids: vec![id],
                },
            )
            .await
            .expect_err("foreign application")
            .code(),
        forbidden
    );
    // The degree office reads every dossier but does not edit or confirm.
    let read = office.dossier(id).await.expect("office reads");
    assert!(!read.editable && read.allowed_actions.is_empty());
    assert_eq!(
        office
            .update_dossier(id, &edit)
            .await
            .expect_err("office")
            .code(),
        forbidden
    );
    assert_eq!(
        office
            .step(id, &step(&d, Action::MarkReviewed))
            .await
            .expect_err("office")
            .code(),
        forbidden
    );
    // A unit admin cannot confirm for the student; a student cannot review.
    assert_eq!(
        admin
            .step(id, &step(&d, Action::Confirm))
            .await
            .expect_err("admin")
            .code(),
        forbidden
    );
    let me = app.login(&list[0].1).await;
    assert_eq!(
        me.step(id, &step(&d, Action::MarkReviewed))
            .await
            .expect_err("student")
            .code(),
        forbidden
    );
    assert_eq!(
        admin
            .dossier(ApplicationId(99_999))
            .await
            .expect_err("404")
            .code(),
        Some(ErrorCode::NotFound)
    );
    // Only students have "my application".
    assert_eq!(
        admin.my_application().await.expect_err("admin").code(),
        forbidden
    );
    // Nothing of the refused attempts changed anything.
    let after = admin.dossier(id).await.expect("dossier");
    assert_eq!(after.application.version, d.application.version);
    let runs = office
        .sync_runs(&SyncRunQuery::default())
        .await
        .expect("runs");
    assert_eq!(runs.total, 2, "roster refresh and the one filing sync");
}

#[tokio::test]
async fn the_degree_photo_is_a_checked_jpeg_with_the_rights_of_the_dossier() {
    let app = TestApp::spawn().await;
    let list = students(&app).await;
    open_batch(&app).await;
    let admin = app.as_role(Role::UnitAdmin).await;
    admin
        .save_filing(app.units[0], &open(&[list[0].0, list[1].0]))
        .await
        .expect("filing");
    let student = app.login(&list[0].1).await;
    let d = student.my_application().await.expect("dossier");
    let (id, version) = (d.application.id, d.application.version);
    assert_eq!(d.photo, None);
    assert!(d.problems.iter().any(|p| p.field == "photo"));
    let photo = backend::demo::DEMO_PHOTO;

    // Not a JPEG, cut off, too big, too small in pixels: 422 on `photo`.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.resize(20_000, 0);
    let mut huge = photo.to_vec();
    huge.resize(shared::dossier::PHOTO_MAX_BYTES + 1, 0);
    let refused = [
        (png, "not_jpeg"),
        (photo[..photo.len() - 100].to_vec(), "not_jpeg"),
        (huge, "too_large"),
    ];
    for (bytes, expected) in refused {
        let err = student
            .upload_photo(id, version, bytes)
            .await
            .expect_err("refused");
        let shared::client::ClientError::Api { status, body } = err else {
            panic!("api error expected");
        };
        assert_eq!((status, body.code), (422, ErrorCode::ValidationFailed));
        assert_eq!(body.fields[0].field, "photo");
        assert_eq!(body.fields[0].code, expected);
    }
    // A stale version is refused; nothing was stored by any refusal.
    let err = student
        .upload_photo(id, version - 1, photo.to_vec())
        .await
        .expect_err("stale");
    assert_eq!(err.code(), Some(ErrorCode::StaleVersion));
    assert_eq!(
        student.photo(id).await.expect_err("none yet").code(),
        Some(ErrorCode::NotFound)
    );

    let saved = student
        .upload_photo(id, version, photo.to_vec())
        .await
        .expect("upload");
    assert_eq!(saved.application.version, version + 1);
    let info = saved.photo.clone().expect("photo info");
    assert_eq!((info.width, info.height), (300, 400));
    assert_eq!(info.bytes as usize, photo.len());
    assert!(!saved.problems.iter().any(|p| p.field == "photo"));
    assert_eq!(student.photo(id).await.expect("bytes"), photo);
    let history = student
        .history(id, PageQuery::default())
        .await
        .expect("history");
    assert_eq!(history.items[0].field, "photo");
    assert_eq!(history.items[0].source, ChangeSource::Student);
    assert!(history.items[0]
        .new_value
        .as_deref()
        .is_some_and(|v| v.contains("300×400")));

    // The unit admin reads it and replaces it on the student's behalf.
    assert_eq!(admin.photo(id).await.expect("admin reads"), photo);
    let replaced = admin
        .upload_photo(id, saved.application.version, photo.to_vec())
        .await
        .expect("on behalf");
    let history = admin.history(id, PageQuery::default()).await.expect("h");
    assert_eq!(history.items[0].source, ChangeSource::Unit);

    // Nobody else: another student, another unit's admin, the degree office
    // (reads only), the secretary.
    let other_student = app.login(&list[1].1).await;
    let other_admin = app.as_role_in(Role::UnitAdmin, 1).await;
    let office = app.office().await;
    let secretary = app.as_role(Role::Secretary).await;
    let v = replaced.application.version;
    for (who, client) in [
        ("another student", &other_student),
        ("another unit", &other_admin),
        ("office", &office),
        ("secretary", &secretary),
    ] {
        let err = client
            .upload_photo(id, v, photo.to_vec())
            .await
            .expect_err(who);
        assert_eq!(err.code(), Some(ErrorCode::Forbidden), "{who}");
    }
    for (who, client) in [
        ("another student", &other_student),
        ("another unit", &other_admin),
    ] {
        let err = client.photo(id).await.expect_err(who);
        assert_eq!(err.code(), Some(ErrorCode::Forbidden), "{who}");
    }
    assert_eq!(office.photo(id).await.expect("office reads"), photo);
    assert_eq!(
        student
            .upload_photo(ApplicationId(999_999), 1, photo.to_vec())
            .await
            .expect_err("unknown")
            .code(),
        Some(ErrorCode::NotFound)
    );

    // After 信息确认 the photo is sealed with the rest of the dossier.
    let filled = fill_all(&student, &replaced).await;
    let confirmed = student
        .step(id, &step(&filled, Action::Confirm))
        .await
        .expect("confirm");
    let err = student
        .upload_photo(id, confirmed.application.version, photo.to_vec())
        .await
        .expect_err("sealed");
    assert_eq!(err.code(), Some(ErrorCode::InvalidTransition));
}

#[tokio::test]
async fn filling_instructions_are_edited_by_the_office_and_rendered_safely() {
    let app = TestApp::spawn().await;
    let student = app.as_role(Role::Student).await;
    let first = student.instructions().await.expect("instructions");
    assert!(first.html.contains("<h2>填报说明</h2>"), "{}", first.html);
    let office = app.office().await;
    let text = "## 注意\n\n- 第一条\n- [学位办](https://example.edu.cn)\n\n[坏链接](javascript:alert(1))\n\n<script>alert(1)</script><img src=x onerror=alert(1)>";
    let saved = office
        .update_instructions(&InstructionsUpdate {
            version: first.version,
            markdown: text.into(),
        })
        .await
        .expect("save");
    assert_eq!(saved.markdown, text);
    assert!(saved.html.contains("<li>第一条</li>"));
    assert!(saved.html.contains("href=\"https://example.edu.cn\""));
    for bad in ["<script", "onerror", "href=\"javascript"] {
        assert!(!saved.html.contains(bad), "{bad} in {}", saved.html);
    }
    let stale = office
        .update_instructions(&InstructionsUpdate {
            version: first.version,
            markdown: "旧版本".into(),
        })
        .await
        .expect_err("stale");
    assert_eq!(stale.code(), Some(ErrorCode::StaleVersion));
    let empty = office
        .update_instructions(&InstructionsUpdate {
            version: saved.version,
            markdown: "  ".into(),
        })
        .await
        .expect_err("empty");
    assert_eq!(empty.code(), Some(ErrorCode::ValidationFailed));
    for role in [Role::UnitAdmin, Role::Student, Role::Sysadmin] {
        let c = app.as_role(role).await;
        assert_eq!(
            c.update_instructions(&InstructionsUpdate {
                version: saved.version,
                markdown: "x".into(),
            })
            .await
            .expect_err("refused")
            .code(),
            Some(ErrorCode::Forbidden),
            "{role:?}"
        );
    }
    assert_eq!(
        student.instructions().await.expect("read").version,
        saved.version
    );
    assert!(app
        .anonymous()
        .instructions()
        .await
        .expect_err("anonymous")
        .code()
        .is_some());
}

#[tokio::test]
async fn a_synced_change_upstream_lands_in_the_field_history_with_old_and_new() {
    let app = TestApp::spawn().await;
    let list = students(&app).await;
    open_batch(&app).await;
    let admin = app.as_role(Role::UnitAdmin).await;
    admin
        .save_filing(app.units[0], &open(&[list[0].0]))
        .await
        .expect("filing");
    let population = backend::simulator::data::Population {
        seed: 1,
        units: 2,
        students_per_unit: 12,
    };
    let (unit, serial) = population.locate(&list[0].1).expect("simulated student");
    let mut record = population.record(unit, serial);
    let old_pinyin = record.name_pinyin.clone();
    record.name_pinyin = "Gai Le".into();
    app.sim.edit_record(record);
    let run = admin.sync_student(list[0].0).await.expect("sync");
    assert_eq!(run.status, SyncStatus::Succeeded);
    let d = admin
        .applications(app.units[0], &ApplicationQuery::default())
        .await
        .expect("list")
        .items[0]
        .id;
    let history = admin
        .history(d, PageQuery::default())
        .await
        .expect("history");
    let change = history
        .items
        .iter()
        .find(|h| h.field == "name_pinyin")
        .expect("the change is recorded");
    assert_eq!(change.source, ChangeSource::Sync);
    assert_eq!(
        change.system,
        Some(shared::dto::sync::SourceSystem::Records)
    );
    assert_eq!(change.old_value.as_deref(), Some(old_pinyin.as_str()));
    assert_eq!(change.new_value.as_deref(), Some("Gai Le"));
    // A sync that brings nothing new writes no history.
    let before = history.total;
    admin.sync_student(list[0].0).await.expect("again");
    let after = admin
        .history(d, PageQuery::default())
        .await
        .expect("history");
    assert_eq!(after.total, before);
}
