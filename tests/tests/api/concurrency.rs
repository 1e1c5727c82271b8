//! Writes at the same time: many students of different units saving their
//! dossiers at once lose nothing and fail nothing (no SQLITE_BUSY, no
//! deadlock), and two saves of the same version cannot both win.

use degree_tests::{Fixture, TestApp};
use shared::domain::StudentKind;
use shared::dossier::FilledField;
use shared::dto::application::DossierUpdate;
use shared::dto::PageQuery;
use shared::error::ErrorCode;

const SAVES: usize = 6;

fn address(version: i32, value: &str) -> DossierUpdate {
    DossierUpdate {
        version,
        fields: [("address".to_owned(), serde_json::json!(value))]
            .into_iter()
            .collect(),
    }
}

#[tokio::test]
async fn concurrent_saves_of_many_students_are_each_in_the_history_once() {
    let app = TestApp::spawn().await;
    let mut students = app.unit_with(0, 4, Fixture::Filing).await;
    students.extend(app.unit_with(1, 4, Fixture::Filing).await);
    let mut tasks = tokio::task::JoinSet::new();
    for s in students.clone() {
        tasks.spawn(async move {
            let mut version = s
                .client
                .dossier(s.application)
                .await
                .expect("dossier")
                .application
                .version;
            let start = version;
            let mut saved = Vec::new();
            for n in 0..SAVES {
                let value = format!("北京市海淀区{} 第{n}次", s.student_no);
                let d = s
                    .client
                    .update_dossier(s.application, &address(version, &value))
                    .await
                    .unwrap_or_else(|e| panic!("save {n} of {}: {e}", s.student_no));
                version = d.application.version;
                saved.push(value);
            }
            (s.application, start, saved)
        });
    }
    let office = app.staff(shared::authz::Role::DegreeOffice, 0).await;
    while let Some(done) = tasks.join_next().await {
        let (id, start, saved) = done.expect("task");
        let mut history: Vec<_> = office
            .history(
                id,
                PageQuery {
                    page: None,
                    per_page: Some(100),
                },
            )
            .await
            .expect("history")
            .items
            .into_iter()
            .filter(|c| c.field == "address")
            .collect();
        history.sort_by_key(|c| c.id);
        let values: Vec<String> = history.into_iter().filter_map(|c| c.new_value).collect();
        assert_eq!(values, saved, "application {id}: every save once, in order");
        let d = office.dossier(id).await.expect("dossier");
        assert_eq!(d.application.version, start + SAVES as i32);
        assert_eq!(d.filled.get(&FilledField::Address), saved.last());
    }
}

#[tokio::test]
async fn of_two_saves_of_the_same_version_one_wins_and_the_other_is_stale() {
    let app = TestApp::spawn().await;
    let s = app
        .application(0, StudentKind::AcademicMaster, Fixture::Filing)
        .await;
    let version = s
        .client
        .dossier(s.application)
        .await
        .expect("dossier")
        .application
        .version;
    let (a, b) = (address(version, "甲"), address(version, "乙"));
    let first = s.client.update_dossier(s.application, &a);
    let second = s.client.update_dossier(s.application, &b);
    let (first, second) = tokio::join!(first, second);
    let outcomes = [first.is_ok(), second.is_ok()];
    assert_eq!(
        outcomes.iter().filter(|ok| **ok).count(),
        1,
        "exactly one save wins"
    );
    let err = first.err().or(second.err()).expect("one refused");
    assert_eq!(err.code(), Some(ErrorCode::StaleVersion));
    let d = s.client.dossier(s.application).await.expect("dossier");
    assert_eq!(d.application.version, version + 1);
}
