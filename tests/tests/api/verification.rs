//! 学位信息核查, 封网 and the 纸质修改申请 through the API alone (SPEC §2.7):
//! flags reach the unit and close by its resubmission or by the office, the
//! seal waits for every unit and then stops syncs, reopening and unit
//! writes, and a correction is recorded, decided and applied exactly once.

use degree_tests::{Applicant, Fixture, TestApp};
use shared::authz::Role;
use shared::client::{Client, ClientError};
use shared::dto::application::{ChangeSource, DossierUpdate};
use shared::dto::verification::{
    CorrectionDecision, CorrectionInput, CorrectionQuery, FlagClose, FlagInput, FlagOutcome,
    FlagQuery, VerificationQuery,
};
use shared::dto::PageQuery;
use shared::error::ErrorCode;
use shared::workflow::verification::{CorrectionStatus, FlagStatus};
use shared::workflow::{BatchPhase, Decision, Stage};

fn code<T: std::fmt::Debug>(r: Result<T, ClientError>) -> ErrorCode {
    r.expect_err("refused")
        .code()
        .unwrap_or(ErrorCode::Internal)
}

fn flag(field: &str, message: &str) -> FlagInput {
    FlagInput {
        field: field.into(),
        message: message.into(),
    }
}

/// `n` applicants of unit 0, mapped to group 0, passed at the 学位初审 and
/// submitted by the unit for real.
async fn submitted_unit(app: &TestApp, n: usize) -> Vec<Applicant> {
    app.open_batch().await;
    let apps = app.unit_with(0, n, Fixture::Reviewed).await;
    for a in &apps {
        app.map_to_group(a, 0);
    }
    app.prelim_committee(0, 3).await;
    let refs: Vec<&Applicant> = apps.iter().collect();
    app.record_prelim(&refs, Decision::Passed).await;
    submit(app).await;
    apps
}

async fn submit(app: &TestApp) {
    let admin = app.staff(Role::UnitAdmin, 0).await;
    let status = admin.submission(app.units[0]).await.expect("status");
    admin
        .submit_unit(app.units[0], status.version)
        .await
        .expect("submit");
}

fn set_email(version: i32, email: &str) -> DossierUpdate {
    let mut fields = serde_json::Map::new();
    fields.insert("email".into(), email.into());
    DossierUpdate { version, fields }
}

#[tokio::test]
async fn flags_reach_the_unit_and_close_by_its_resubmission_or_by_the_office() {
    let app = TestApp::spawn().await;
    let apps = submitted_unit(&app, 2).await;
    let unit = app.units[0];
    let office = app.office().await;
    let secretary = app.staff(Role::Secretary, 0).await;
    let other_secretary = app.staff(Role::Secretary, 1).await;
    let admin = app.staff(Role::UnitAdmin, 0).await;
    let other_admin = app.staff(Role::UnitAdmin, 1).await;

    // The lists: all for the office, the group's for its secretariat.
    let all = office
        .verification(&VerificationQuery::default())
        .await
        .expect("office list");
    assert_eq!(all.counts.applications, 2);
    assert_eq!(all.counts.passed, 2);
    assert!(all.items.iter().all(|r| r.may_flag));
    let mine = secretary
        .verification(&VerificationQuery::default())
        .await
        .expect("secretary list");
    assert_eq!(mine.total, 2);
    let theirs = other_secretary
        .verification(&VerificationQuery::default())
        .await
        .expect("other group");
    assert_eq!(theirs.total, 0);
    assert_eq!(
        code(admin.verification(&VerificationQuery::default()).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(
            apps[0]
                .client
                .verification(&VerificationQuery::default())
                .await
        ),
        ErrorCode::Forbidden
    );

    // Flags: bad ones refused, another group's secretariat refused.
    let target = apps[0].application;
    assert_eq!(
        code(office.raise_flag(target, &flag("nope", "x")).await),
        ErrorCode::ValidationFailed
    );
    assert_eq!(
        code(office.raise_flag(target, &flag("email", "  ")).await),
        ErrorCode::ValidationFailed
    );
    assert_eq!(
        code(
            other_secretary
                .raise_flag(target, &flag("email", "x"))
                .await
        ),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(admin.raise_flag(target, &flag("email", "x")).await),
        ErrorCode::Forbidden
    );
    let email_flag = office
        .raise_flag(target, &flag("email", "邮箱与学籍不符"))
        .await
        .expect("office flags");
    assert_eq!(email_flag.status, FlagStatus::Open);
    assert!(email_flag.value_then.is_some());
    let general = secretary
        .raise_flag(apps[1].application, &flag("general", "论文题目需复核"))
        .await
        .expect("secretary flags");

    // The unit sees both, another unit none; the admins got a message.
    let seen = admin
        .flags(&FlagQuery::default())
        .await
        .expect("unit flags");
    assert_eq!(seen.total, 2);
    assert_eq!(
        other_admin
            .flags(&FlagQuery::default())
            .await
            .expect("other unit")
            .total,
        0
    );
    assert_eq!(
        code(apps[0].client.flags(&FlagQuery::default()).await),
        ErrorCode::Forbidden
    );
    let messages = admin.messages().await.expect("messages");
    assert!(
        messages.iter().any(|m| m.text.contains("邮箱与学籍不符")),
        "{messages:?}"
    );
    let flagged = office
        .verification(&VerificationQuery {
            flagged: Some(true),
            ..Default::default()
        })
        .await
        .expect("flagged");
    assert_eq!(flagged.total, 2);
    let record = secretary.review_record(target).await.expect("record");
    assert!(record.prelim.is_some(), "the 初审 record");
    assert_eq!(record.flags.len(), 1);

    // The office reopens with the flags as feedback.
    let status = office.submission(unit).await.expect("status");
    let reopened = office
        .reopen_unit(unit, status.version, "")
        .await
        .expect("reopen with the flags");
    let reason = reopened.reopen_reason.expect("reason");
    assert!(
        reason.contains("邮箱与学籍不符") && reason.contains(&apps[0].student_no),
        "{reason}"
    );

    // The unit fixes the e-mail and resubmits: that flag is resolved.
    let d = admin.dossier(target).await.expect("dossier");
    admin
        .update_dossier(
            target,
            &set_email(d.application.version, "fixed@example.cn"),
        )
        .await
        .expect("unit fixes");
    submit(&app).await;
    let after = office.flags(&FlagQuery::default()).await.expect("flags");
    let status_of = |id: i64| after.items.iter().find(|f| f.id == id).map(|f| f.status);
    assert_eq!(status_of(email_flag.id), Some(FlagStatus::Resolved));
    assert_eq!(status_of(general.id), Some(FlagStatus::Open));

    // The office dismisses the other, with a note; only once, only it.
    let close = FlagClose {
        outcome: FlagOutcome::Dismissed,
        note: "经核对无误".into(),
        version: general.version,
    };
    assert_eq!(
        code(secretary.close_flag(general.id, &close).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(
            office
                .close_flag(
                    general.id,
                    &FlagClose {
                        note: String::new(),
                        ..close.clone()
                    }
                )
                .await
        ),
        ErrorCode::ValidationFailed
    );
    let dismissed = office
        .close_flag(general.id, &close)
        .await
        .expect("dismiss");
    assert_eq!(dismissed.status, FlagStatus::Dismissed);
    assert_eq!(dismissed.note.as_deref(), Some("经核对无误"));
    assert_eq!(
        code(
            office
                .close_flag(
                    general.id,
                    &FlagClose {
                        version: dismissed.version,
                        ..close
                    }
                )
                .await
        ),
        ErrorCode::InvalidTransition
    );
    let open = office
        .verification(&VerificationQuery {
            flagged: Some(true),
            ..Default::default()
        })
        .await
        .expect("flagged");
    assert_eq!(open.total, 0);
    // Both stay on the record.
    assert_eq!(
        office
            .review_record(apps[1].application)
            .await
            .expect("r")
            .flags
            .len(),
        1
    );
}

#[tokio::test]
async fn the_seal_waits_for_every_unit_then_stops_syncs_reopening_and_unit_writes() {
    let app = TestApp::spawn().await;
    let apps = submitted_unit(&app, 1).await;
    let late = app
        .application(
            1,
            shared::domain::StudentKind::AcademicMaster,
            Fixture::Confirmed,
        )
        .await;
    let office = app.office().await;
    let admin = app.staff(Role::UnitAdmin, 0).await;

    // Refused, naming the unit that has not submitted.
    let e = app.advance(BatchPhase::Sealed).await.expect_err("blocked");
    assert_eq!(e.code(), Some(ErrorCode::SealBlocked));
    if let ClientError::Api { body, .. } = &e {
        assert_eq!(body.fields.len(), 1, "{:?}", body.fields);
        assert_eq!(body.fields[0].field, "80002");
    }
    assert_eq!(
        office
            .current_batch()
            .await
            .expect("b")
            .batch
            .expect("b")
            .phase,
        BatchPhase::Open
    );
    // The late student's filing is withdrawn: now nothing stands in the way.
    app.set_stage(late.application, Stage::NotApplied);
    app.advance(BatchPhase::Sealed).await.expect("sealed");

    let a = &apps[0];
    assert_eq!(
        code(admin.sync_student(a.student).await),
        ErrorCode::SyncSealed
    );
    assert_eq!(
        code(office.sync_unit(app.units[0]).await),
        ErrorCode::SyncSealed
    );
    let status = office.submission(app.units[0]).await.expect("status");
    assert_eq!(
        code(
            office
                .reopen_unit(app.units[0], status.version, "再改")
                .await
        ),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        code(office.raise_flag(a.application, &flag("email", "x")).await),
        ErrorCode::InvalidTransition
    );
    let d = admin.dossier(a.application).await.expect("dossier");
    assert_eq!(
        code(
            admin
                .update_dossier(a.application, &set_email(d.application.version, "x@y.cn"))
                .await
        ),
        ErrorCode::InvalidTransition
    );
    let record = admin.review_record(a.application).await.expect("record");
    assert!(record.may_request_correction && !record.may_flag);
}

fn correction(field: &str, current: Option<&str>, requested: &str) -> CorrectionInput {
    CorrectionInput {
        field: field.into(),
        current_value: current.map(str::to_owned),
        requested_value: Some(requested.into()),
        explanation: "学籍系统录入有误，附情况说明。".into(),
    }
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

#[tokio::test]
async fn a_correction_is_recorded_after_the_seal_decided_and_applied_once_after_the_final_review() {
    let app = TestApp::spawn().await;
    let apps = submitted_unit(&app, 1).await;
    let a = &apps[0];
    let office = app.office().await;
    let admin = app.staff(Role::UnitAdmin, 0).await;
    let other_admin = app.staff(Role::UnitAdmin, 1).await;
    let network = app.staff(Role::NetworkCenter, 0).await;
    let member = app.staff(Role::SubMember, 0).await;
    let other_member = app.staff(Role::SubMember, 1).await;
    let name = admin
        .dossier(a.application)
        .await
        .expect("d")
        .synced
        .name
        .clone();

    // Before the seal: flags, not corrections.
    assert_eq!(
        code(
            admin
                .record_correction(a.application, &correction("name", Some(&name), "新名字"))
                .await
        ),
        ErrorCode::InvalidTransition
    );
    app.advance(BatchPhase::Sealed).await.expect("sealed");

    // Bad requests change nothing.
    assert_eq!(
        code(
            admin
                .record_correction(a.application, &correction("student_no", None, "1"))
                .await
        ),
        ErrorCode::ValidationFailed
    );
    assert_eq!(
        code(
            admin
                .record_correction(a.application, &correction("name", Some("别人"), "新名字"))
                .await
        ),
        ErrorCode::ValidationFailed
    );
    assert_eq!(
        code(
            admin
                .record_correction(a.application, &correction("birth_date", None, "1999-02-30"))
                .await
        ),
        ErrorCode::ValidationFailed
    );
    assert_eq!(
        code(
            other_admin
                .record_correction(a.application, &correction("name", Some(&name), "新名字"))
                .await
        ),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(
            office
                .record_correction(a.application, &correction("name", Some(&name), "新名字"))
                .await
        ),
        ErrorCode::Forbidden
    );
    let first = admin
        .record_correction(
            a.application,
            &correction("name", Some(&name), "更正后姓名"),
        )
        .await
        .expect("recorded");
    assert_eq!(first.status, CorrectionStatus::Pending);
    let second = admin
        .record_correction(
            a.application,
            &correction("name", Some(&name), "另一个姓名"),
        )
        .await
        .expect("a second on the same field");
    let email = admin.dossier(a.application).await.expect("d").filled
        [&shared::dossier::FilledField::Email]
        .clone();
    let third = admin
        .record_correction(
            a.application,
            &correction("email", Some(&email), "new@example.cn"),
        )
        .await
        .expect("a third");

    // The scan: checked by its bytes and size, served to those who see it.
    let html = b"<html>not a pdf</html>".to_vec();
    let e = admin
        .attach_scan(first.id, first.version, "application/pdf", html)
        .await
        .expect_err("a lie");
    assert_eq!(e.code(), Some(ErrorCode::ValidationFailed));
    let mut big = PDF.to_vec();
    big.resize(
        shared::workflow::verification::ATTACHMENT_MAX_BYTES + 1,
        b' ',
    );
    assert_eq!(
        code(
            admin
                .attach_scan(first.id, first.version, "application/pdf", big)
                .await
        ),
        ErrorCode::PayloadTooLarge
    );
    let first = admin
        .attach_scan(first.id, first.version, "image/jpeg", PDF.to_vec())
        .await
        .expect("attached");
    let info = first.attachment.clone().expect("info");
    assert_eq!(
        info.content_type, "application/pdf",
        "by its bytes, not its claim"
    );
    assert_eq!(info.sha256.len(), 64);
    assert_eq!(
        member.scan(first.id).await.expect("the group's member"),
        PDF
    );
    assert_eq!(code(other_member.scan(first.id).await), ErrorCode::NotFound);
    assert_eq!(code(other_admin.scan(first.id).await), ErrorCode::NotFound);
    assert_eq!(code(a.client.scan(first.id).await), ErrorCode::Forbidden);
    let seen = member
        .review_record(a.application)
        .await
        .expect("members read the requests on the dossier");
    assert_eq!(seen.corrections.len(), 3);

    // The office decides; a rejection needs a note.
    let approve = |c: &shared::dto::verification::Correction| CorrectionDecision {
        approve: true,
        note: String::new(),
        version: c.version,
    };
    assert_eq!(
        code(admin.decide_correction(first.id, &approve(&first)).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(
            office
                .decide_correction(
                    first.id,
                    &CorrectionDecision {
                        approve: false,
                        ..approve(&first)
                    }
                )
                .await
        ),
        ErrorCode::ValidationFailed
    );
    let first = office
        .decide_correction(first.id, &approve(&first))
        .await
        .expect("approved");
    assert_eq!(first.status, CorrectionStatus::Approved);
    assert_eq!(
        code(office.decide_correction(first.id, &approve(&first)).await),
        ErrorCode::InvalidTransition
    );
    let second = office
        .decide_correction(second.id, &approve(&second))
        .await
        .expect("approved");
    let third = office
        .decide_correction(third.id, &approve(&third))
        .await
        .expect("approved");
    assert_eq!(
        code(
            admin
                .attach_scan(first.id, first.version, "application/pdf", PDF.to_vec())
                .await
        ),
        ErrorCode::InvalidTransition
    );

    // Not before the end of the final review, and only the network center.
    assert_eq!(
        code(network.apply_correction(first.id, first.version).await),
        ErrorCode::InvalidTransition
    );
    // The reviews in between are `final_review.rs`'s: the congress has
    // decided on the applicant in 学位终审.
    app.set_phase(BatchPhase::FinalReview);
    app.set_stage(
        a.application,
        Stage::FinalDecided(shared::workflow::FinalDecision::Conferred),
    );
    assert_eq!(
        code(office.apply_correction(first.id, first.version).await),
        ErrorCode::Forbidden
    );
    let applied = network
        .apply_correction(first.id, first.version)
        .await
        .expect("applied");
    assert_eq!(applied.status, CorrectionStatus::Applied);
    assert!(applied.applied_by.is_some() && applied.applied_at.is_some());
    assert_eq!(
        admin.dossier(a.application).await.expect("d").synced.name,
        "更正后姓名"
    );
    let history = admin
        .history(a.application, PageQuery::default())
        .await
        .expect("history");
    let row = history
        .items
        .iter()
        .find(|c| c.source == ChangeSource::Correction)
        .expect("the history row");
    assert_eq!(row.correction, Some(first.id));
    assert_eq!(row.old_value.as_deref(), Some(name.as_str()));
    assert_eq!(row.new_value.as_deref(), Some("更正后姓名"));
    // Twice: refused. The stale one: refused and left approved.
    assert_eq!(
        code(network.apply_correction(first.id, applied.version).await),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        code(network.apply_correction(second.id, second.version).await),
        ErrorCode::CorrectionStale
    );
    let listed = network
        .corrections(&CorrectionQuery {
            status: Some(CorrectionStatus::Approved),
            ..Default::default()
        })
        .await
        .expect("approved ones");
    assert_eq!(listed.total, 2);
    let stale = listed
        .items
        .iter()
        .find(|c| c.id == second.id)
        .expect("still there");
    assert!(!stale.still_current);
    let bulk = network
        .apply_corrections(vec![second.id, third.id])
        .await
        .expect("bulk");
    assert_eq!(bulk.applied, 1);
    assert_eq!(bulk.skipped.len(), 1);
    assert_eq!(bulk.skipped[0].id, second.id);
    let _ = third;
    assert_eq!(
        admin.dossier(a.application).await.expect("d").filled[&shared::dossier::FilledField::Email],
        "new@example.cn"
    );
    let log = office
        .audit_log(&shared::dto::audit::AuditQuery::default())
        .await
        .expect("audit");
    assert!(log.items.iter().any(|e| e.action == "apply_correction"));
    let _: &Client = &network;
}
