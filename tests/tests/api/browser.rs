//! The SPA in a real headless Chromium against the real server. Ignored by a
//! plain `cargo test` (they need Chromium and a built SPA); `scripts/test`
//! runs them with `--include-ignored`.

use degree_tests::browser::Browser;
use degree_tests::{TestApp, PASSWORD};
use shared::authz::{GrantScope, Role, RoleGrant};

async fn app_with_spa() -> TestApp {
    let app = TestApp::spawn().await;
    let index = degree_tests::workspace_root().join("frontend/dist/index.html");
    assert!(
        index.exists(),
        "build the SPA first: scripts/build-frontend"
    );
    app
}

async fn log_in(b: &Browser, app: &TestApp, username: &str) {
    b.goto(&app.url("/login")).await;
    b.fill("#username", username).await;
    b.fill("#password", PASSWORD).await;
    b.click("#login-submit").await;
    b.find(".topbar").await;
}

#[tokio::test]
#[ignore = "needs Chromium and a built SPA; run by scripts/test"]
async fn degree_office_opens_a_batch_sees_it_in_the_banner_and_advances_it() {
    let app = app_with_spa().await;
    app.create_user(
        "office",
        &[RoleGrant {
            role: Role::DegreeOffice,
            scope: GrantScope::Global,
        }],
    );
    let b = Browser::start().await;
    log_in(&b, &app, "office").await;
    b.wait_text("#batch-banner", "当前没有进行中的评审批次")
        .await;
    b.click("nav a[href='/batches']").await;
    b.wait_path("/batches").await;
    b.find("#open-batch").await;
    b.screenshot("batches-empty").await;

    // A missing congress date is reported beside its input, nothing is sent.
    b.fill("#batch-year", "2026").await;
    b.find("#batch-season")
        .await
        .select_by_value("winter")
        .await
        .expect("season");
    b.click("#open-batch-submit").await;
    b.wait_text("#open-batch", "请选择学位大会召开时间").await;

    b.set_value("#batch-congress", "2026-12-20").await;
    b.click("#open-batch-submit").await;
    b.wait_text("#current-batch", "2026年冬季").await;
    let banner = b.wait_text("#batch-banner", "2026年冬季").await;
    assert!(banner.contains("填报与初审"), "{banner}");
    assert!(banner.contains("2026年12月20日"), "{banner}");
    b.wait_text("#batch-table", "2026年冬季").await;
    b.screenshot("batches-open").await;

    // Advancing asks for confirmation, says what is locked, and cancel keeps the phase.
    b.click("#advance-phase").await;
    let dialog = b.wait_text("#confirm-dialog", "已封网").await;
    assert!(dialog.contains("不可撤销"), "{dialog}");
    b.screenshot("advance-confirm").await;
    b.click("#confirm-cancel").await;
    assert!(!b.exists("#confirm-dialog").await);
    assert!(b.text("#batch-banner").await.contains("填报与初审"));
    b.click("#advance-phase").await;
    b.click("#confirm-ok").await;
    b.wait_text("#batch-banner", "已封网").await;

    let current = app
        .office()
        .await
        .current_batch()
        .await
        .expect("current")
        .batch
        .expect("a batch");
    assert_eq!(current.phase, shared::workflow::BatchPhase::Sealed);

    // Logging out returns to the login page.
    b.click("#logout").await;
    b.wait_path("/login").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and a built SPA; run by scripts/test"]
async fn a_student_sees_the_batch_but_no_batch_administration() {
    let app = app_with_spa().await;
    app.office()
        .await
        .create_batch(&shared::dto::batch::NewBatch {
            name: "2026年冬季".into(),
            season: shared::dto::batch::Season::Winter,
            year: 2026,
            congress_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 20).expect("date"),
        })
        .await
        .expect("open");
    app.create_student(app.units[0], "2023000001");
    let b = Browser::start().await;
    log_in(&b, &app, "2023000001").await;
    b.wait_text("#batch-banner", "2026年冬季").await;
    let nav = b.text("nav.sidenav").await;
    assert!(nav.contains("首页"), "{nav}");
    assert!(!nav.contains("评审批次"), "{nav}");
    assert!(!nav.contains("审计日志"), "{nav}");
    b.screenshot("student-home").await;
    // Typing the address does not help: the page refuses, and so would the API.
    b.goto(&app.url("/batches")).await;
    b.wait_text("#main", "您没有访问此页面的权限").await;
    assert!(!b.exists("#open-batch").await);
    assert!(!b.exists("#advance-phase").await);
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and a built SPA; run by scripts/test"]
async fn an_expired_session_returns_to_the_login_page_with_a_message() {
    let app = app_with_spa().await;
    let id = app.create_user(
        "admin",
        &[RoleGrant {
            role: Role::Sysadmin,
            scope: GrantScope::Global,
        }],
    );
    let b = Browser::start().await;
    log_in(&b, &app, "admin").await;
    b.wait_text("#batch-banner", "评审批次").await;
    let (expired, _) = app
        .app
        .keys
        .issue_at(id, chrono::Utc::now() - chrono::Duration::days(1))
        .expect("token");
    b.client
        .execute(
            "const s = JSON.parse(localStorage.getItem('degree.session')); s.token = arguments[0]; \
             localStorage.setItem('degree.session', JSON.stringify(s));",
            vec![expired.into()],
        )
        .await
        .expect("swap token");
    b.goto(&app.url("/audit")).await;
    b.wait_path("/login").await;
    b.wait_text("#login-notice", "登录已过期").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and a built SPA; run by scripts/test"]
async fn the_openapi_explorer_renders_offline() {
    let app = app_with_spa().await;
    let b = Browser::start().await;
    b.goto(&app.url("/api/docs/")).await;
    b.wait_text(".swagger-ui .info", "学位管理系统 API").await;
    b.wait_text(".swagger-ui", "/api/v1/batches/{id}/advance")
        .await;
    b.screenshot("openapi-explorer").await;
    b.close().await;
}
