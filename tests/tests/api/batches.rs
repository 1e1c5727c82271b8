use chrono::NaiveDate;
use degree_tests::TestApp;
use shared::authz::Role;
use shared::dto::audit::AuditQuery;
use shared::dto::batch::{AdvanceBatch, NewBatch, Season};
use shared::dto::PageQuery;
use shared::error::ErrorCode;
use shared::ids::BatchId;
use shared::workflow::BatchPhase;

fn winter(year: i32) -> NewBatch {
    NewBatch {
        name: format!("{year}年冬季"),
        season: Season::Winter,
        year,
        congress_date: NaiveDate::from_ymd_opt(year, 12, 20).expect("date"),
    }
}

#[tokio::test]
async fn degree_office_opens_a_batch_and_everyone_sees_it_as_current() {
    let app = TestApp::spawn().await;
    let office = app.office().await;
    let batch = office.create_batch(&winter(2026)).await.expect("open");
    assert_eq!(batch.phase, BatchPhase::Open);
    assert_eq!(batch.name, "2026年冬季");
    for role in Role::ALL {
        let client = app.as_role(role).await;
        let current = client.current_batch().await.expect("current");
        assert_eq!(current.batch.map(|b| b.id), Some(batch.id), "{role:?}");
        let one = client.get_batch(batch.id).await.expect("get");
        assert_eq!(one.congress_date, batch.congress_date);
        let list = client
            .list_batches(PageQuery {
                page: None,
                per_page: None,
            })
            .await
            .expect("list");
        assert_eq!(list.total, 1);
    }
}

#[tokio::test]
async fn no_batch_means_current_is_null() {
    let app = TestApp::spawn().await;
    let current = app
        .as_role(Role::Student)
        .await
        .current_batch()
        .await
        .expect("current");
    assert!(current.batch.is_none());
}

#[tokio::test]
async fn a_second_active_batch_is_refused_with_a_stable_code() {
    let app = TestApp::spawn().await;
    let office = app.office().await;
    office.create_batch(&winter(2026)).await.expect("first");
    let err = office
        .create_batch(&winter(2027))
        .await
        .expect_err("second");
    assert_eq!(err.code(), Some(ErrorCode::BatchAlreadyActive));
    assert!(matches!(
        err,
        shared::client::ClientError::Api { status: 409, .. }
    ));
    let list = office
        .list_batches(PageQuery {
            page: None,
            per_page: None,
        })
        .await
        .expect("list");
    assert_eq!(list.total, 1, "nothing was created");
}

#[tokio::test]
async fn concurrent_openers_get_exactly_one_batch() {
    let app = TestApp::spawn().await;
    let office = app.office().await;
    let attempts = (0..6).map(|i| {
        let office = office.clone();
        async move { office.create_batch(&winter(2026 + i % 2)).await }
    });
    let results = futures_join_all(attempts).await;
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1);
    for r in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(r.code(), Some(ErrorCode::BatchAlreadyActive));
    }
}

async fn futures_join_all<F: std::future::Future + Send + 'static>(
    futs: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futs.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

#[tokio::test]
async fn phases_advance_one_step_forward_until_completed_then_a_new_batch_opens() {
    let app = TestApp::spawn().await;
    let office = app.office().await;
    let mut batch = office.create_batch(&winter(2026)).await.expect("open");
    // Skipping a phase or going back is refused.
    for to in [
        BatchPhase::SubcommitteeReview,
        BatchPhase::Open,
        BatchPhase::Completed,
    ] {
        let err = office
            .advance_batch(
                batch.id,
                &AdvanceBatch {
                    to,
                    version: batch.version,
                },
            )
            .await
            .expect_err("not the next phase");
        assert_eq!(err.code(), Some(ErrorCode::InvalidTransition), "{to:?}");
    }
    for to in [
        BatchPhase::Sealed,
        BatchPhase::SubcommitteeReview,
        BatchPhase::FinalReview,
        BatchPhase::Completed,
    ] {
        batch = office
            .advance_batch(
                batch.id,
                &AdvanceBatch {
                    to,
                    version: batch.version,
                },
            )
            .await
            .expect("advance");
        assert_eq!(batch.phase, to);
    }
    assert!(batch.completed_at.is_some());
    let err = office
        .advance_batch(
            batch.id,
            &AdvanceBatch {
                to: BatchPhase::Completed,
                version: batch.version,
            },
        )
        .await
        .expect_err("completed is final");
    assert_eq!(err.code(), Some(ErrorCode::InvalidTransition));
    assert!(office
        .current_batch()
        .await
        .expect("current")
        .batch
        .is_none());
    let next = office
        .create_batch(&NewBatch {
            season: Season::Summer,
            ..winter(2027)
        })
        .await
        .expect("next");
    assert_eq!(
        office
            .current_batch()
            .await
            .expect("current")
            .batch
            .map(|b| b.id),
        Some(next.id)
    );
}

#[tokio::test]
async fn a_stale_version_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let office = app.office().await;
    let batch = office.create_batch(&winter(2026)).await.expect("open");
    office
        .advance_batch(
            batch.id,
            &AdvanceBatch {
                to: BatchPhase::Sealed,
                version: batch.version,
            },
        )
        .await
        .expect("first writer");
    let err = office
        .advance_batch(
            batch.id,
            &AdvanceBatch {
                to: BatchPhase::Sealed,
                version: batch.version,
            },
        )
        .await
        .expect_err("second writer with the old version");
    assert_eq!(err.code(), Some(ErrorCode::StaleVersion));
    let now = office.get_batch(batch.id).await.expect("get");
    assert_eq!(now.phase, BatchPhase::Sealed);
    assert_eq!(now.version, batch.version + 1);
}

#[tokio::test]
async fn every_batch_change_is_in_the_audit_log_with_before_and_after() {
    let app = TestApp::spawn().await;
    let office = app.office().await;
    let batch = office.create_batch(&winter(2026)).await.expect("open");
    office
        .advance_batch(
            batch.id,
            &AdvanceBatch {
                to: BatchPhase::Sealed,
                version: batch.version,
            },
        )
        .await
        .expect("advance");
    let log = office
        .audit_log(&AuditQuery {
            entity: Some("batch".into()),
            entity_id: Some(batch.id.0),
            ..Default::default()
        })
        .await
        .expect("audit");
    let actions: Vec<_> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["advance_phase", "open"]);
    let advance = &log.items[0];
    assert_eq!(
        advance.before.as_ref().and_then(|b| b["phase"].as_str()),
        Some("open")
    );
    assert_eq!(
        advance.after.as_ref().and_then(|a| a["phase"].as_str()),
        Some("sealed")
    );
    assert_eq!(advance.actor_name, "degree_office_0");
}

#[tokio::test]
async fn invalid_batch_fields_are_all_reported_and_nothing_is_created() {
    let app = TestApp::spawn().await;
    let office = app.office().await;
    let bad = NewBatch {
        name: "  ".into(),
        season: Season::Winter,
        year: 1990,
        congress_date: NaiveDate::from_ymd_opt(2030, 1, 1).expect("date"),
    };
    let err = office.create_batch(&bad).await.expect_err("invalid");
    let shared::client::ClientError::Api { status, body } = err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(status, 422);
    assert_eq!(body.code, ErrorCode::ValidationFailed);
    let fields: Vec<_> = body.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["name", "year", "congress_date"]);
    assert!(office
        .current_batch()
        .await
        .expect("current")
        .batch
        .is_none());
}

#[tokio::test]
async fn only_the_degree_office_opens_and_advances_batches() {
    let app = TestApp::spawn().await;
    let office = app.office().await;
    let batch = office.create_batch(&winter(2026)).await.expect("open");
    for role in Role::ALL.into_iter().filter(|r| *r != Role::DegreeOffice) {
        let client = app.as_role(role).await;
        let err = client
            .create_batch(&winter(2027))
            .await
            .expect_err("create refused");
        assert_eq!(err.code(), Some(ErrorCode::Forbidden), "{role:?} create");
        let err = client
            .advance_batch(
                batch.id,
                &AdvanceBatch {
                    to: BatchPhase::Sealed,
                    version: batch.version,
                },
            )
            .await
            .expect_err("advance refused");
        assert_eq!(err.code(), Some(ErrorCode::Forbidden), "{role:?} advance");
    }
    // Unit- and group-scoped roles of the other unit/group are refused alike.
    for role in [Role::UnitAdmin, Role::UnitSysadmin, Role::Secretary] {
        let client = app.as_role_in(role, 1).await;
        assert_eq!(
            client
                .create_batch(&winter(2027))
                .await
                .expect_err("refused")
                .code(),
            Some(ErrorCode::Forbidden)
        );
    }
    let now = office.get_batch(batch.id).await.expect("get");
    assert_eq!(now.phase, BatchPhase::Open, "nothing changed");
}

#[tokio::test]
async fn batch_endpoints_need_a_signed_in_user() {
    let app = TestApp::spawn().await;
    let anon = app.anonymous();
    let paging = PageQuery {
        page: None,
        per_page: None,
    };
    assert_eq!(
        anon.list_batches(paging).await.expect_err("401").code(),
        Some(ErrorCode::Unauthenticated)
    );
    assert_eq!(
        anon.current_batch().await.expect_err("401").code(),
        Some(ErrorCode::Unauthenticated)
    );
    assert_eq!(
        anon.get_batch(BatchId(1)).await.expect_err("401").code(),
        Some(ErrorCode::Unauthenticated)
    );
    assert_eq!(
        anon.create_batch(&winter(2026))
            .await
            .expect_err("401")
            .code(),
        Some(ErrorCode::Unauthenticated)
    );
    assert_eq!(
        anon.advance_batch(
            BatchId(1),
            &AdvanceBatch {
                to: BatchPhase::Sealed,
                version: 1
            }
        )
        .await
        .expect_err("401")
        .code(),
        Some(ErrorCode::Unauthenticated)
    );
}

#[tokio::test]
async fn unknown_batch_is_404() {
    let app = TestApp::spawn().await;
    let office = app.office().await;
    assert_eq!(
        office
            .get_batch(BatchId(999))
            .await
            .expect_err("404")
            .code(),
        Some(ErrorCode::NotFound)
    );
    let err = office
        .advance_batch(
            BatchId(999),
            &AdvanceBatch {
                to: BatchPhase::Sealed,
                version: 1,
            },
        )
        .await
        .expect_err("404");
    assert_eq!(err.code(), Some(ErrorCode::NotFound));
}

#[tokio::test]
async fn batch_list_pages() {
    let app = TestApp::spawn().await;
    let office = app.office().await;
    for year in 2020..2025 {
        let b = office.create_batch(&winter(year)).await.expect("open");
        let mut v = b.version;
        for to in [
            BatchPhase::Sealed,
            BatchPhase::SubcommitteeReview,
            BatchPhase::FinalReview,
            BatchPhase::Completed,
        ] {
            v = office
                .advance_batch(b.id, &AdvanceBatch { to, version: v })
                .await
                .expect("advance")
                .version;
        }
    }
    let page = office
        .list_batches(PageQuery {
            page: Some(2),
            per_page: Some(2),
        })
        .await
        .expect("page");
    assert_eq!(page.total, 5);
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.page_count(), 3);
    assert_eq!(page.items[0].year, 2022, "newest first");
}
