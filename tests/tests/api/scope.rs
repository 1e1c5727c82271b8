//! Scope beyond the unit: the discipline group's reviewers and submitted
//! dossiers; and the actions the list rows offer each caller.

use degree_tests::{Fixture, TestApp};
use shared::authz::Role;
use shared::domain::StudentKind;
use shared::dto::application::{ApplicationQuery, RosterQuery};
use shared::error::ErrorCode;
use shared::workflow::{Action, Stage};

#[tokio::test]
async fn secretary_of_the_students_group_reads_the_submitted_dossier_and_no_other_group_does() {
    let app = TestApp::spawn().await;
    let a = app
        .application(0, StudentKind::AcademicMaster, Fixture::Reviewed)
        .await;
    app.map_to_group(&a, 0);
    // Submitted too, but of a major no group has.
    let unmapped = app
        .application(0, StudentKind::ProfessionalDoctor, Fixture::Reviewed)
        .await;
    assert_ne!(a.major_code, unmapped.major_code);
    let secretary = app.staff(Role::Secretary, 0).await;
    let member = app.staff(Role::SubMember, 0).await;
    let other_secretary = app.staff(Role::Secretary, 1).await;
    let forbidden = Some(ErrorCode::Forbidden);

    // Before 数据上报 the dossier is the unit's alone.
    for (who, c) in [("secretary", &secretary), ("member", &member)] {
        let err = c.dossier(a.application).await.expect_err(who);
        assert_eq!(err.code(), forbidden, "{who} before submission");
    }

    app.bring_to(&a, Fixture::Submitted).await;
    app.bring_to(&unmapped, Fixture::Submitted).await;
    for (who, c) in [("secretary", &secretary), ("member", &member)] {
        let d = c.dossier(a.application).await.expect(who);
        assert_eq!(
            d.application.state,
            Stage::Submitted(shared::workflow::Decision::Passed)
        );
        assert!(!d.editable, "{who} reads only");
        assert!(
            d.allowed_actions.is_empty(),
            "{who}: {:?}",
            d.allowed_actions
        );
        assert_eq!(
            c.dossier(unmapped.application)
                .await
                .expect_err("not the group's")
                .code(),
            forbidden,
            "{who}: a dossier outside the group"
        );
    }
    assert_eq!(
        other_secretary
            .dossier(a.application)
            .await
            .expect_err("other group")
            .code(),
        forbidden
    );
    // Reading is all: no edit.
    let d = secretary.dossier(a.application).await.expect("read");
    let edit = shared::dto::application::DossierUpdate {
        version: d.application.version,
        fields: serde_json::Map::new(),
    };
    assert_eq!(
        secretary
            .update_dossier(a.application, &edit)
            .await
            .expect_err("edit")
            .code(),
        forbidden
    );
}

#[tokio::test]
async fn list_rows_offer_each_caller_the_steps_it_may_take_now() {
    let app = TestApp::spawn().await;
    let confirmed = app
        .application(0, StudentKind::AcademicMaster, Fixture::Confirmed)
        .await;
    let reviewed = app
        .application(0, StudentKind::AcademicDoctor, Fixture::Reviewed)
        .await;
    let filing = app
        .application(0, StudentKind::EquivalentMaster, Fixture::Filing)
        .await;
    let not_applied = app
        .students(0)
        .await
        .into_iter()
        .find(|s| ![confirmed.student, reviewed.student, filing.student].contains(&s.id))
        .expect("a student without an application");
    let admin = app.staff(Role::UnitAdmin, 0).await;
    let office = app.staff(Role::DegreeOffice, 0).await;

    // 申请学位学生: the unit admin reviews or sends back a confirmed one,
    // un-reviews a reviewed one; the office only looks.
    let rows = |student_no: &str| ApplicationQuery {
        student_no: Some(student_no.to_owned()),
        ..Default::default()
    };
    let row = admin
        .applications(app.units[0], &rows(&confirmed.student_no))
        .await
        .expect("list");
    let actions = &row.items[0].allowed_actions;
    for expected in [
        Action::MarkReviewed,
        Action::SendBack,
        Action::ReopenForStudent,
    ] {
        assert!(actions.contains(&expected), "{expected:?} in {actions:?}");
    }
    assert!(!actions.contains(&Action::Confirm), "{actions:?}");
    let row = admin
        .applications(app.units[0], &rows(&reviewed.student_no))
        .await
        .expect("list");
    let actions = &row.items[0].allowed_actions;
    assert!(actions.contains(&Action::UnmarkReviewed), "{actions:?}");
    assert!(!actions.contains(&Action::MarkReviewed), "{actions:?}");
    let all = office
        .applications(app.units[0], &ApplicationQuery::default())
        .await
        .expect("office list");
    assert_eq!(all.total, 3);
    assert!(all.items.iter().all(|r| r.allowed_actions.is_empty()));

    // 全部学生列表: tick for a student without an application, untick for
    // one filing, neither once confirmed.
    let roster_row = |student_no: &str| RosterQuery {
        student_no: Some(student_no.to_owned()),
        ..Default::default()
    };
    let offered = |c: shared::client::Client, no: String| async move {
        let page = c
            .roster(app.units[0], &roster_row(&no))
            .await
            .expect("roster");
        assert_eq!(page.total, 1, "{no}");
        page.items[0].allowed_actions.clone()
    };
    assert_eq!(
        offered(admin.clone(), not_applied.student_no.clone()).await,
        vec![Action::OpenFiling]
    );
    let actions = offered(admin.clone(), filing.student_no.clone()).await;
    assert!(actions.contains(&Action::CancelFiling), "{actions:?}");
    assert!(!actions.contains(&Action::OpenFiling), "{actions:?}");
    let actions = offered(admin.clone(), confirmed.student_no.clone()).await;
    assert!(!actions.contains(&Action::CancelFiling), "{actions:?}");
    assert!(offered(office.clone(), not_applied.student_no.clone())
        .await
        .is_empty());
    assert!(offered(office, filing.student_no.clone()).await.is_empty());
}

#[tokio::test]
async fn nobody_syncs_what_a_unit_has_submitted() {
    let app = TestApp::spawn().await;
    let a = app
        .application(0, StudentKind::AcademicMaster, Fixture::Reviewed)
        .await;
    let unit_admin = app.staff(Role::UnitAdmin, 0).await;
    let office = app.staff(Role::DegreeOffice, 0).await;
    // Until 数据上报 the unit admin and the office sync the applicant.
    for (who, c) in [("unit admin", &unit_admin), ("office", &office)] {
        c.sync_student(a.student)
            .await
            .unwrap_or_else(|e| panic!("{who} syncs before submission: {e}"));
    }
    app.bring_to(&a, Fixture::Submitted).await;
    let refused = Some(ErrorCode::InvalidTransition);
    for (who, c) in [("unit admin", &unit_admin), ("office", &office)] {
        let err = c.sync_student(a.student).await.expect_err(who);
        assert_eq!(err.code(), refused, "{who}: one student after submission");
        let err = c.sync_unit(a.unit).await.expect_err(who);
        assert_eq!(err.code(), refused, "{who}: the unit after submission");
        let err = c.sync_roster(a.unit).await.expect_err(who);
        assert_eq!(err.code(), refused, "{who}: the roster after submission");
    }
    // Another unit, not submitted, still syncs.
    office.sync_unit(app.units[1]).await.expect("unit 2");
}
