//! The SPA in a real headless Chromium against the real server. Ignored by a
//! plain `cargo test` (they need Chromium and a built SPA); `scripts/test`
//! runs them with `--include-ignored`.

use degree_tests::browser::Browser;
use degree_tests::{TestApp, PASSWORD};
use shared::authz::{GrantScope, Page, Role, RoleGrant};

async fn app_with_spa() -> TestApp {
    let app = TestApp::spawn().await;
    let index = degree_tests::workspace_root().join("frontend/dist/index.html");
    assert!(
        index.exists(),
        "build the SPA first: scripts/build-frontend"
    );
    app
}

/// Open the current batch (if none) and the student's filing, by API.
async fn open_filing(app: &TestApp, office: &shared::client::Client, student: i64) {
    if office.current_batch().await.expect("batch").batch.is_none() {
        office
            .create_batch(&backend::demo::batch())
            .await
            .expect("batch");
    }
    app.as_role(Role::UnitAdmin)
        .await
        .save_filing(
            app.units[0],
            &shared::dto::application::FilingChange {
                open: vec![shared::ids::StudentId(student)],
                cancel: vec![],
            },
        )
        .await
        .expect("filing");
}

/// The navigation link to a page, at `Page::path()` as the SPA draws it.
fn nav_link(page: Page) -> String {
    format!("nav a[href='{}']", page.path())
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
    b.click(&nav_link(Page::Batches)).await;
    b.wait_path(Page::Batches.path()).await;
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
        .create_batch(&backend::demo::batch())
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
    b.goto(&app.url(Page::Batches.path())).await;
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
        .issue_at(id, 0, chrono::Utc::now() - chrono::Duration::days(1))
        .expect("token");
    b.client
        .execute(
            "const s = JSON.parse(localStorage.getItem('degree.session')); s.token = arguments[0]; \
             localStorage.setItem('degree.session', JSON.stringify(s));",
            vec![expired.into()],
        )
        .await
        .expect("swap token");
    b.goto(&app.url(Page::Audit.path())).await;
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

#[tokio::test]
#[ignore = "needs Chromium and a built SPA; run by scripts/test"]
async fn a_unit_admin_refreshes_the_student_list_and_syncs_the_unit_with_live_progress() {
    let app = app_with_spa().await;
    app.create_user(
        "wu",
        &[RoleGrant {
            role: Role::UnitAdmin,
            scope: GrantScope::Unit(app.units[0]),
        }],
    );
    let b = Browser::start().await;
    log_in(&b, &app, "wu").await;
    b.click(&nav_link(Page::Sync)).await;
    b.wait_path(Page::Sync.path()).await;
    b.wait_text("#sync-unit", "数学与系统科学研究院").await;
    // Only their own unit is offered.
    assert!(!b.text("#sync-unit").await.contains("物理研究所"));
    b.wait_text("main", "还没有同步记录").await;
    b.click("#sync-roster").await;
    let table = b.wait_text("#sync-runs", "12 / 12").await;
    assert!(table.contains("全部学生列表"), "{table}");
    b.wait_text("#sync-runs", "成功").await;
    // One bad record in four: the run says partial and lists who and why.
    app.sim.set_faults(
        backend::sync::contract::SourceSystem::Records,
        backend::simulator::Faults {
            bad_id_every: 4,
            ..Default::default()
        },
    );
    b.click("#sync-unit-start").await;
    b.wait_text("#sync-runs", "部分失败").await;
    b.click("#sync-runs details summary").await;
    let failures = b.wait_text("#sync-runs details", "证件号码无效").await;
    assert!(failures.contains("3 人"), "{failures}");
    assert!(b.exists("#sync-runs progress").await);
    b.screenshot("sync-runs").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and a built SPA; run by scripts/test"]
async fn a_student_syncs_and_sees_each_section_with_its_source() {
    let app = app_with_spa().await;
    let office = app.office().await;
    let run = office.sync_roster(app.units[0]).await.expect("roster");
    for _ in 0..100 {
        if office.sync_run(run.id).await.expect("run").status
            != shared::dto::sync::SyncStatus::Running
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let no = backend::simulator::data::Population::student_no(0, 0);
    let sid = {
        let mut conn = app.conn();
        backend::db::students::find_by_no(&mut conn, &no)
            .expect("query")
            .expect("student")
            .id
    };
    app.create_user(
        "stu",
        &[RoleGrant {
            role: Role::Student,
            scope: GrantScope::Student(sid),
        }],
    );
    let b = Browser::start().await;
    log_in(&b, &app, "stu").await;
    // Before the unit opens filing: a plain notice and the synced record.
    b.click(&nav_link(Page::MyRecord)).await;
    b.wait_text("#not-opened", "尚未为你开通").await;
    b.wait_text("#f-student-no", &no).await;
    assert!(!b.exists("#sync-now").await);
    open_filing(&app, &office, sid.0).await;
    b.goto(&app.url(Page::MyRecord.path())).await;
    b.wait_text("#f-student-no", &no).await;
    let advisor = b
        .find("[data-section='advisor']")
        .await
        .text()
        .await
        .expect("text");
    assert!(
        advisor.contains("来源：教师系统") && advisor.contains("尚未同步"),
        "{advisor}"
    );
    b.click("#sync-now").await;
    b.wait_text("#dossier-message", "同步完成").await;
    let advisor = b.wait_text("[data-section='advisor']", "最近同步").await;
    assert!(!advisor.contains("尚未同步"), "{advisor}");
    let identity = b.text("[data-section='identity']").await;
    assert!(identity.contains("来源：学籍管理系统"), "{identity}");
    b.screenshot("my-record").await;
    // The upstream being down is said plainly, and nothing changes.
    app.sim.set_faults(
        backend::sync::contract::SourceSystem::Courses,
        backend::simulator::Faults {
            down: true,
            ..Default::default()
        },
    );
    b.click("#sync-now").await;
    b.wait_text("#dossier-message", "同步失败，数据未改变")
        .await;
    b.close().await;
}

/// Issue 4's walk through filing, confirmation and review, as the two users
/// would do it in the browser.
#[tokio::test]
#[ignore = "needs Chromium and a built SPA; run by scripts/test"]
async fn filing_confirmation_review_and_send_back_in_the_browser() {
    use diesel::prelude::*;
    let app = app_with_spa().await;
    let office = app.office().await;
    let run = office.sync_roster(app.units[0]).await.expect("roster");
    for _ in 0..100 {
        if office.sync_run(run.id).await.expect("run").status
            != shared::dto::sync::SyncStatus::Running
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    office
        .create_batch(&backend::demo::batch())
        .await
        .expect("batch");
    let no = backend::simulator::data::Population::student_no(0, 0);
    {
        // The student's own account (created with the student list) gets a password.
        use backend::db::schema::users;
        diesel::update(users::table.filter(users::username.eq(&no)))
            .set(users::password_hash.eq(Some(degree_tests::password_hash())))
            .execute(&mut *app.conn())
            .expect("password");
    }
    app.create_user(
        "wu",
        &[RoleGrant {
            role: Role::UnitAdmin,
            scope: GrantScope::Unit(app.units[0]),
        }],
    );
    let b = Browser::start().await;

    // The unit admin ticks 申请学位 and saves.
    log_in(&b, &app, "wu").await;
    b.click(&nav_link(Page::Roster)).await;
    let row = format!("#roster tr[data-student-no='{no}']");
    b.find(&row).await;
    b.click(&format!("{row} .tick-apply")).await;
    b.wait_text("#save-filing", "1 项更改").await;
    b.click("#save-filing").await;
    b.wait_text("#filing-outcome", "已开通 1 人").await;
    b.wait_text("#filing-sync", "成功").await;
    b.wait_text(&row, "填报中").await;
    b.screenshot("roster").await;
    b.click("#logout").await;

    // The student is told, syncs, fills everything but the phone number.
    log_in(&b, &app, &no).await;
    b.wait_text("#messages", "开通").await;
    b.click(&nav_link(Page::MyRecord)).await;
    b.click("#sync-now").await;
    b.wait_text("#dossier-message", "同步完成").await;
    let required = app
        .login(&no)
        .await
        .my_application()
        .await
        .expect("dossier")
        .required;
    for f in &required {
        if *f == shared::dossier::FilledField::MobilePhone {
            continue;
        }
        let css = format!("#field-{}", f.as_str());
        let value = match f.choices() {
            Some(c) => c[0].0.to_owned(),
            None => f.sample_value().to_owned(),
        };
        b.find(&css).await;
        b.set_value(&css, &value).await;
    }
    b.click("#save-dossier").await;
    b.wait_text("#dossier-message", "已保存").await;
    // The degree photo: a file that is no JPEG is refused beside the input,
    // then the real one is shown with its size.
    let saved = app
        .login(&no)
        .await
        .my_application()
        .await
        .expect("dossier");
    // (The dossier is shown anew after the save: use the new one's input.)
    b.find(&format!(
        "#filled[data-version='{}']",
        saved.application.version
    ))
    .await;
    let dir = std::env::temp_dir();
    let bad = dir.join(format!("not-a-photo-{}.jpg", std::process::id()));
    std::fs::write(&bad, "这不是照片，只是一个文本文件。").expect("write");
    b.wait_text("#photo-missing", "尚未上传").await;
    b.upload("#photo-file", &bad).await;
    b.wait_text("#photo-error", "JPEG").await;
    let good = dir.join(format!("photo-{}.jpg", std::process::id()));
    std::fs::write(&good, backend::demo::DEMO_PHOTO).expect("write");
    b.upload("#photo-file", &good).await;
    b.wait_text("#dossier-message", "照片已上传").await;
    b.find("#photo-image").await;
    b.wait_text("#photo-info", "300×400").await;
    let _ = std::fs::remove_file(&bad);
    let _ = std::fs::remove_file(&good);
    b.client
        .execute("document.querySelector('#photo').scrollIntoView();", vec![])
        .await
        .expect("scroll");
    b.screenshot("photo").await;
    // Confirming now is refused, naming the missing field.
    b.click(&nav_link(Page::Confirm)).await;
    b.click("#confirm-dossier").await;
    b.click("#confirm-ok").await;
    b.wait_text("#confirm-refused", "手机号码").await;
    b.screenshot("confirm-refused").await;
    b.click(&nav_link(Page::MyRecord)).await;
    b.fill("#field-mobile_phone", "138001").await;
    b.click("#save-dossier").await;
    // A malformed value is shown beside its input.
    b.wait_text("[data-field='mobile_phone'] .field-error", "11 位")
        .await;
    b.fill("#field-mobile_phone", "13800138000").await;
    b.click("#save-dossier").await;
    b.wait_text("#dossier-message", "已保存").await;
    b.click(&nav_link(Page::Confirm)).await;
    b.click("#confirm-dossier").await;
    b.click("#confirm-ok").await;
    b.wait_text("#confirmed-note", "你已确认学位信息").await;
    b.click(&nav_link(Page::MyRecord)).await;
    b.wait_text("#read-only-note", "不能修改").await;
    b.click("#logout").await;

    // The unit admin sees 已确认, reviews, and the 学号 turns red.
    log_in(&b, &app, "wu").await;
    b.click(&nav_link(Page::Applications)).await;
    let row = format!("#applications tr[data-student-no='{no}']");
    b.wait_text(&format!("{row} .col-confirmed"), "✔").await;
    // Selecting the row offers the bulk steps it allows, with the count.
    b.click(&format!("{row} .select-app")).await;
    b.wait_text("#bulk-mark-reviewed", "1 人").await;
    b.click(&format!("{row} .select-app")).await;
    b.wait_text(".toolbar .hint", "已选 0 人").await;
    b.click(&format!("{row} a")).await;
    b.click("#step-mark-reviewed").await;
    b.find("#badge-reviewed").await;
    b.click(&format!("a[href='{}']", Page::Applications.path()))
        .await;
    b.find(&format!("{row} td.student-no.reviewed")).await;
    let color = b
        .client
        .execute(
            "return getComputedStyle(document.querySelector(arguments[0])).color;",
            vec![format!("{row} td.student-no").into()],
        )
        .await
        .expect("color");
    assert_eq!(color.as_str(), Some("rgb(198, 40, 40)"));
    b.screenshot("applications-reviewed").await;
    // The filters are applied by the server.
    b.set_value("#a-reviewed", "false").await;
    b.wait_text("main", "还没有符合条件的申请学位学生").await;
    b.set_value("#a-reviewed", "true").await;
    b.find(&format!("{row} td.student-no.reviewed")).await;
    // … and sends it back.
    b.click(&format!("{row} a")).await;
    b.click("#step-send-back").await;
    b.click("#confirm-ok").await;
    b.wait_text("#app-state", "填报中").await;
    b.click("#logout").await;

    // The student can edit again and is told why.
    log_in(&b, &app, &no).await;
    b.wait_text("#messages", "退回").await;
    b.click(&nav_link(Page::MyRecord)).await;
    b.fill("#field-remarks", "已按要求修改").await;
    b.click("#save-dossier").await;
    b.wait_text("#dossier-message", "已保存").await;
    b.click("#tab-history").await;
    b.wait_text("#history", "已按要求修改").await;
    b.close().await;
}

/// The SPA's files as a browser fetches them: the page revalidated, its
/// hashed assets cached for a year, brotli where accepted, gzip otherwise,
/// the same bytes once decoded.
#[tokio::test]
#[ignore = "needs a built SPA; run by scripts/test"]
async fn the_spa_is_served_compressed_with_hashed_assets_cached_for_a_year() {
    let app = app_with_spa().await;
    let http = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .expect("client");
    let page = http.get(app.url("/")).send().await.expect("index");
    assert_eq!(page.headers()["cache-control"], "no-cache");
    let html = page.text().await.expect("html");
    let wasm_path = {
        let js = html
            .split('"')
            .find(|s| s.starts_with("/pkg/degree-") && s.ends_with(".js"))
            .expect("the page names the hashed module");
        let boot = html
            .split('"')
            .find(|s| s.starts_with("/assets/boot-"))
            .expect("the page names the hashed boot script");
        let boot_js = http
            .get(app.url(boot))
            .send()
            .await
            .expect("boot")
            .text()
            .await
            .expect("text");
        assert!(
            boot_js.contains(js),
            "boot.js imports the module the page preloads"
        );
        boot_js
            .split('"')
            .find(|s| s.starts_with("/pkg/degree_bg-") && s.ends_with(".wasm"))
            .expect("boot.js names the hashed wasm")
            .to_owned()
    };
    let get = |coding: &'static str| {
        http.get(app.url(&wasm_path))
            .header("accept-encoding", coding)
            .send()
    };
    let br = get("gzip, br").await.expect("br");
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["content-type"], "application/wasm");
    assert_eq!(
        br.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(br.headers()["vary"], "accept-encoding");
    let br_len = br.bytes().await.expect("bytes").len();
    let gz = get("gzip").await.expect("gzip");
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let gz_len = gz.bytes().await.expect("bytes").len();
    let raw = get("identity").await.expect("raw");
    assert!(raw
        .headers()
        .get("content-encoding")
        .is_none_or(|v| v == "identity"));
    let raw = raw.bytes().await.expect("bytes");
    assert_eq!(&raw[..4], b"\0asm", "the module itself");
    assert!(
        br_len < gz_len && gz_len < raw.len(),
        "br {br_len} < gzip {gz_len} < raw {}",
        raw.len()
    );
    let missing = http
        .get(app.url("/pkg/nothing-here.js"))
        .send()
        .await
        .expect("404");
    assert_eq!(missing.status(), 404);
}

/// 学位初审 and 数据上报 from end to end, as its three users would do it.
#[tokio::test]
#[ignore = "needs Chromium and a built SPA; run by scripts/test"]
async fn the_unit_runs_its_preliminary_review_submits_and_the_office_reopens() {
    let app = app_with_spa().await;
    let apps = app.unit_with(0, 2, degree_tests::Fixture::Reviewed).await;
    let (first, second) = (&apps[0], &apps[1]);
    app.staff(Role::DegreeOffice, 0).await;
    let admin = format!("{}_0", Role::UnitAdmin.as_str());
    let office = format!("{}_0", Role::DegreeOffice.as_str());
    let code = backend::db::units::code_of(&mut app.conn(), app.units[0])
        .expect("code")
        .expect("a unit code");
    let b = Browser::start().await;

    // The unit admin builds the committee: a chair and two members.
    log_in(&b, &app, &admin).await;
    b.click(&nav_link(Page::Committee)).await;
    b.wait_text("main", "还没有委员").await;
    for (name, position) in [
        ("张主席", "chair"),
        ("李委员", "member"),
        ("王委员", "member"),
    ] {
        b.fill("#member-name", name).await;
        b.fill("#member-title", "研究员").await;
        b.fill("#member-affiliation", "数学研究所").await;
        b.set_value("#member-position", position).await;
        b.click("#member-save").await;
        b.wait_text("#members", name).await;
    }
    // Portal rights for 李委员: a user name and a one-time password, once.
    b.click("#members tr[data-member='李委员'] .grant-portal")
        .await;
    let username = b.find("#portal-username").await.text().await.expect("name");
    let password = b
        .find("#portal-password")
        .await
        .text()
        .await
        .expect("password");
    b.wait_text("#members tr[data-member='李委员'] .col-portal", "已授予")
        .await;
    b.screenshot("committee").await;
    b.click("#logout").await;

    // The member signs in, must change the password first, then agrees.
    b.goto(&app.url("/login")).await;
    b.fill("#username", &username).await;
    b.fill("#password", &password).await;
    b.click("#login-submit").await;
    b.wait_path("/password").await;
    b.find("#must-change").await;
    b.fill("#current-password", &password).await;
    b.fill("#new-password", "Member-Pass-1").await;
    b.fill("#repeat-password", "Member-Pass-1").await;
    b.click("#password-save").await;
    b.wait_path("/").await;
    b.click(&nav_link(Page::PrelimReview)).await;
    let row = format!("#prelim-review tr[data-student-no='{}']", first.student_no);
    b.click(&format!("{row} .opinion-agree")).await;
    b.fill(&format!("{row} .opinion-comment"), "论文工作扎实")
        .await;
    b.click(&format!("{row} .opinion-submit")).await;
    b.wait_text(&format!("{row} .opinion-submit"), "修改意见")
        .await;
    // The dossier is there to read, without a save button.
    b.click(&format!("{row} a")).await;
    b.find("#app-state").await;
    assert!(!b.exists("#save-dossier").await, "a member does not edit");
    b.click("#logout").await;

    // The admin sees the tally, records the meeting and the results.
    log_in(&b, &app, &admin).await;
    b.click(&nav_link(Page::PrelimReview)).await;
    b.wait_text(&format!("{row} .tally-agree"), "1").await;
    b.click(&nav_link(Page::PrelimMeeting)).await;
    b.set_value("#meeting-date", "2026-11-20").await;
    b.fill("#meeting-place", "学术会议室").await;
    b.fill("#meeting-total", "3").await;
    b.fill("#meeting-present", "3").await;
    b.click("#meeting-save").await;
    b.wait_text("#meeting-saved", "已保存").await;
    b.click(&nav_link(Page::PrelimResults)).await;
    let result_row = |a: &degree_tests::Applicant| {
        format!("#prelim-results tr[data-student-no='{}']", a.student_no)
    };
    b.click(&format!("{} .select-result", result_row(first)))
        .await;
    b.fill("#votes-yes", "3").await;
    b.click("#record-results").await;
    b.wait_text("#result-outcome", "已为 1 人").await;
    b.wait_text(&format!("{} .col-decision", result_row(first)), "通过")
        .await;

    // 数据上报 is refused while the second has no result.
    b.click(&nav_link(Page::Submission)).await;
    b.wait_text("#blockers", &second.student_no).await;
    b.click("#submit-unit").await;
    b.click("#confirm-ok").await;
    b.wait_text("#submit-error", &second.student_no).await;

    // 缓议 with its resolution; then the voting list, printable.
    b.click(&nav_link(Page::PrelimResults)).await;
    b.click(&format!("{} .select-result", result_row(second)))
        .await;
    b.fill("#votes-yes", "1").await;
    b.fill("#votes-no", "2").await;
    b.set_value("#decision", "deferred").await;
    b.fill("#resolution", "补充实验数据后再议").await;
    b.click("#record-results").await;
    b.wait_text(&format!("{} .col-decision", result_row(second)), "缓议")
        .await;
    b.click("#voting-list-xlsx").await;
    assert!(!b.exists("#download-error").await);
    b.click("#voting-list-print").await;
    b.wait_text("#voting-list", "表决授予学位名单").await;
    b.wait_text("#voting-list", "缓议（补充实验数据后再议）")
        .await;
    b.wait_text("#voting-list", "学位评定委员会主席（签字）：张主席")
        .await;
    b.screenshot("voting-list").await;

    // Now it submits; the dossier is read-only.
    b.click(&nav_link(Page::Submission)).await;
    b.click("#submit-unit").await;
    b.wait_text("#confirm-dialog", "只读").await;
    b.click("#confirm-ok").await;
    b.wait_text("#submission-state", "已上报").await;
    b.goto(&app.url(&format!("/applications/{}", first.application)))
        .await;
    b.find("#app-state").await;
    assert!(!b.exists("#save-dossier").await, "read-only after 数据上报");
    b.click("#logout").await;

    // The office reopens it with a reason.
    log_in(&b, &app, &office).await;
    b.click(&nav_link(Page::Submissions)).await;
    let unit_row = format!("#submissions tr[data-unit='{code}']");
    b.wait_text(&unit_row, "已上报").await;
    b.click(&format!("{unit_row} .reopen-unit")).await;
    b.fill("#reopen-reason-input", "请核对论文题目").await;
    b.click("#reopen-ok").await;
    b.wait_text(&unit_row, "已退回（请核对论文题目）").await;
    b.click("#logout").await;

    // The unit sees why, and can change the dossier again.
    log_in(&b, &app, &admin).await;
    b.wait_text("#reopen-banner", "请核对论文题目").await;
    b.goto(&app.url(&format!("/applications/{}", first.application)))
        .await;
    b.find("#save-dossier").await;
    b.click(&nav_link(Page::Submission)).await;
    b.wait_text("#submission-history", "退回培养单位修改").await;
    b.close().await;
}

/// 学位信息核查 → 退回 → 重新上报 → 封网 → 纸质修改申请 → 执行, in the SPA,
/// each role in its own session (SPEC §2.7).
#[tokio::test]
#[ignore = "needs Chromium and a built SPA; run by scripts/test"]
async fn verification_flags_the_seal_and_a_paper_correction_applied_after_the_final_review() {
    use shared::workflow::{BatchPhase, Decision, Stage};
    let app = app_with_spa().await;
    app.open_batch().await;
    let apps = app.unit_with(0, 2, degree_tests::Fixture::Reviewed).await;
    for a in &apps {
        app.map_to_group(a, 0);
    }
    app.prelim_committee(0, 3).await;
    app.record_prelim(&[&apps[0], &apps[1]], Decision::Passed)
        .await;
    let admin_api = app.staff(Role::UnitAdmin, 0).await;
    let status = admin_api.submission(app.units[0]).await.expect("status");
    admin_api
        .submit_unit(app.units[0], status.version)
        .await
        .expect("submitted");
    let late = app
        .application(
            1,
            shared::domain::StudentKind::AcademicMaster,
            degree_tests::Fixture::Confirmed,
        )
        .await;
    let (first, second) = (&apps[0], &apps[1]);
    app.office().await;
    app.staff(Role::Secretary, 0).await;
    app.staff(Role::NetworkCenter, 0).await;
    let [admin, office, secretary, network] = [
        Role::UnitAdmin,
        Role::DegreeOffice,
        Role::Secretary,
        Role::NetworkCenter,
    ]
    .map(|r| format!("{}_0", r.as_str()));
    let code = backend::db::units::code_of(&mut app.conn(), app.units[0])
        .expect("code")
        .expect("a unit code");
    let b = Browser::start().await;

    // The office flags the first student's e-mail.
    log_in(&b, &app, &office).await;
    b.click(&nav_link(Page::Verification)).await;
    b.wait_text("#verify-counts", "共 2 人").await;
    b.click(&format!(
        "#verification tr[data-student-no='{}'] a",
        first.student_no
    ))
    .await;
    b.find("#flag-form").await;
    b.set_value("#flag-field", "email").await;
    b.fill("#flag-message", "电子邮箱无法联系，请核实").await;
    b.click("#flag-submit").await;
    b.wait_text("#record-flags", "电子邮箱无法联系").await;
    b.click("#logout").await;

    // The group's secretariat flags the second, in general.
    log_in(&b, &app, &secretary).await;
    b.click(&nav_link(Page::Verification)).await;
    b.click(&format!(
        "#verification tr[data-student-no='{}'] a",
        second.student_no
    ))
    .await;
    b.fill("#flag-message", "答辩委员会组成需说明").await;
    b.click("#flag-submit").await;
    b.wait_text("#record-flags", "答辩委员会组成需说明").await;
    b.click("#logout").await;

    // The office reopens the unit with the flags as its feedback.
    log_in(&b, &app, &office).await;
    b.click(&nav_link(Page::Submissions)).await;
    let unit_row = format!("#submissions tr[data-unit='{code}']");
    b.click(&format!("{unit_row} .reopen-unit")).await;
    b.click("#reopen-ok").await;
    b.wait_text(&unit_row, "电子邮箱无法联系").await;
    b.click("#logout").await;

    // The unit sees the flags, fixes the e-mail and submits again.
    log_in(&b, &app, &admin).await;
    b.wait_text("#flags-banner", "2 条核查意见").await;
    b.wait_text("#reopen-banner", "答辩委员会组成需说明").await;
    b.goto(&app.url(&format!("/applications/{}", first.application)))
        .await;
    b.fill("#field-email", "checked@example.cn").await;
    b.click("#save-dossier").await;
    b.wait_text("#dossier-message", "已保存").await;
    b.click(&nav_link(Page::Submission)).await;
    b.click("#submit-unit").await;
    b.click("#confirm-ok").await;
    b.wait_text("#submission-state", "已上报").await;
    b.click("#logout").await;

    // The office finds the e-mail flag resolved, dismisses the other, and
    // seals — first refused while the second unit has not submitted.
    log_in(&b, &app, &office).await;
    b.click(&nav_link(Page::Flags)).await;
    let open_flag = "#flags tr[data-status='open']";
    b.wait_text(open_flag, "答辩委员会组成需说明").await;
    assert!(
        !b.text("#flags").await.contains("电子邮箱无法联系"),
        "resolved"
    );
    b.click(&format!("{open_flag} .flag-dismiss")).await;
    b.fill("#flag-note", "已核对答辩记录，无误").await;
    b.click("#flag-close-ok").await;
    b.wait_text("#flags-empty", "没有核查意见").await;
    b.click(&nav_link(Page::Batches)).await;
    b.click("#advance-phase").await;
    b.click("#confirm-ok").await;
    b.wait_text("#advance-error", "80002").await;
    // The second unit withdraws its only applicant's filing.
    app.set_stage(late.application, Stage::NotApplied);
    b.click(&nav_link(Page::Home)).await;
    b.click(&nav_link(Page::Batches)).await;
    b.click("#advance-phase").await;
    b.wait_text("#confirm-dialog", "数据同步停止").await;
    b.click("#confirm-ok").await;
    b.wait_text("#batch-banner", "已封网").await;
    b.click("#logout").await;

    // The unit: sealed, no sync; a paper correction with its scan.
    log_in(&b, &app, &admin).await;
    b.wait_text("#sealed-banner", "系统已封网").await;
    assert!(app
        .office()
        .await
        .sync_student(first.student)
        .await
        .is_err());
    b.goto(&app.url(&format!("/applications/{}", first.application)))
        .await;
    assert!(!b.exists("#sync-now").await, "no 同步数据 after the seal");
    let name = admin_api
        .dossier(first.application)
        .await
        .expect("d")
        .synced
        .name;
    b.find("#correction-form").await;
    b.set_value("#correction-field", "name").await;
    b.fill("#correction-current", &name).await;
    b.fill("#correction-requested", "更正后的姓名").await;
    b.fill(
        "#correction-explanation",
        "身份证姓名与学籍不一致，附公安机关证明",
    )
    .await;
    b.click("#correction-submit").await;
    b.wait_text("#record-corrections", "更正后的姓名").await;
    let scan = std::env::temp_dir().join(format!("scan-{}.pdf", std::process::id()));
    std::fs::write(&scan, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").expect("pdf");
    b.upload("#record-corrections .scan-file", &scan).await;
    b.wait_text("#record-done", "扫描件已上传").await;
    b.find("#record-corrections .scan-download").await;
    b.click("#logout").await;

    // The office approves it.
    log_in(&b, &app, &office).await;
    b.click(&nav_link(Page::Corrections)).await;
    b.click("#corrections tr[data-status='pending'] .correction-approve")
        .await;
    b.click("#decide-ok").await;
    b.wait_text("#corrections tr[data-status='approved']", "已批准")
        .await;
    b.click("#logout").await;

    // Once the congress has decided on the applicant (the reviews in
    // between are the next test's) the network center applies it.
    app.set_phase(BatchPhase::FinalReview);
    app.set_stage(
        first.application,
        shared::workflow::Stage::FinalDecided(shared::workflow::FinalDecision::Conferred),
    );
    log_in(&b, &app, &network).await;
    b.click(&nav_link(Page::Corrections)).await;
    b.click("#corrections tr[data-status='approved'] .correction-apply")
        .await;
    b.click("#confirm-ok").await;
    b.wait_text("#correction-done", "已执行").await;
    b.wait_text("#corrections tr[data-status='applied']", "已执行修改")
        .await;
    b.screenshot("corrections-applied").await;
    b.click("#logout").await;

    // The field history shows it, by its number.
    log_in(&b, &app, &admin).await;
    b.goto(&app.url(&format!("/applications/{}", first.application)))
        .await;
    b.click("#tab-history").await;
    b.wait_text("#history tr[data-source='correction']", "更正后的姓名")
        .await;
    b.wait_text("#history tr[data-source='correction']", "修改申请 #")
        .await;
    let _ = std::fs::remove_file(&scan);
    b.close().await;
}

/// Sign in with another password than the fixtures' (a member's own).
async fn log_in_as(b: &Browser, app: &TestApp, username: &str, password: &str) {
    b.goto(&app.url("/login")).await;
    b.fill("#username", username).await;
    b.fill("#password", password).await;
    b.click("#login-submit").await;
    b.find(".topbar").await;
}

#[tokio::test]
#[ignore = "needs Chromium and a built SPA; run by scripts/test"]
async fn a_subcommittee_reviews_the_congress_decides_and_a_refusal_is_heard_first() {
    use shared::dto::committee::{MemberInput, PasswordChange};
    use shared::workflow::committee::Position;
    use shared::workflow::{BatchPhase, Decision};
    let app = app_with_spa().await;
    app.open_batch().await;
    let apps = app.unit_with(0, 3, degree_tests::Fixture::Reviewed).await;
    for a in &apps {
        app.map_to_group(a, 0);
    }
    app.prelim_committee(0, 3).await;
    app.record_prelim(&apps.iter().collect::<Vec<_>>(), Decision::Passed)
        .await;
    let unit_admin = app.staff(Role::UnitAdmin, 0).await;
    let status = unit_admin.submission(app.units[0]).await.expect("status");
    unit_admin
        .submit_unit(app.units[0], status.version)
        .await
        .expect("submit");
    app.set_phase(BatchPhase::SubcommitteeReview);
    // The secretariat has seated its subcommittee; two members hold portal
    // logins and have chosen their passwords.
    let secretary = app.staff(Role::Secretary, 0).await;
    let group = app.groups[0];
    let mut logins = Vec::new();
    for (name, position) in [
        ("张主席", Position::Chair),
        ("李委员", Position::Member),
        ("王委员", Position::Member),
    ] {
        let m = secretary
            .add_member(
                group,
                &MemberInput {
                    name: name.into(),
                    title: "教授".into(),
                    affiliation: "国科大".into(),
                    position,
                    staff_no: None,
                    contact: None,
                    version: None,
                },
            )
            .await
            .expect("member");
        if position == Position::Member && name == "王委员" {
            continue;
        }
        let g = secretary
            .grant_portal(group, m.id, m.version)
            .await
            .expect("grant");
        let anon = app.anonymous();
        let login = anon
            .login(&shared::dto::auth::LoginRequest {
                username: g.username.clone(),
                password: g.initial_password.clone(),
            })
            .await
            .expect("login");
        anon.with_token(login.token)
            .change_password(&PasswordChange {
                current_password: g.initial_password,
                new_password: "Member-Pass-1".into(),
            })
            .await
            .expect("password");
        logins.push(g.username);
    }
    app.staff(Role::DegreeOffice, 0).await;
    let secretary_login = format!("{}_0", Role::Secretary.as_str());
    let office = format!("{}_0", Role::DegreeOffice.as_str());
    let row = |a: &degree_tests::Applicant, table: &str| {
        format!("#{table} tr[data-student-no='{}']", a.student_no)
    };
    let b = Browser::start().await;

    // The secretariat notifies the two members with portal rights.
    log_in(&b, &app, &secretary_login).await;
    b.click(&nav_link(Page::SubReview)).await;
    b.set_value("#notice-deadline", "2099-12-31").await;
    b.click("#notice-send").await;
    b.wait_text("#notice-result", "已通知 2 位委员").await;
    b.wait_text("#review-notice", "2099-12-31").await;
    b.click("#logout").await;

    // Each member reads the list and gives opinions.
    for (login, opinion) in logins.iter().zip(["agree", "disagree"]) {
        log_in_as(&b, &app, login, "Member-Pass-1").await;
        b.click(&nav_link(Page::SubReview)).await;
        b.wait_text("#review-notice", "2099-12-31").await;
        let r = row(&apps[0], "prelim-review");
        b.click(&format!("{r} .opinion-{opinion}")).await;
        b.click(&format!("{r} .opinion-submit")).await;
        b.wait_text(&format!("{r} .opinion-submit"), "修改意见")
            .await;
        b.click("#logout").await;
    }

    // The secretariat sees the tally, records the meeting and the results.
    log_in(&b, &app, &secretary_login).await;
    b.click(&nav_link(Page::SubReview)).await;
    b.wait_text(
        &format!("{} .tally-agree", row(&apps[0], "prelim-review")),
        "1",
    )
    .await;
    b.wait_text(
        &format!("{} .tally-disagree", row(&apps[0], "prelim-review")),
        "1",
    )
    .await;
    b.click(&nav_link(Page::SubMeeting)).await;
    b.set_value("#meeting-date", "2026-12-10").await;
    b.fill("#meeting-place", "学术会堂").await;
    b.fill("#meeting-total", "3").await;
    b.fill("#meeting-present", "3").await;
    b.click("#meeting-save").await;
    b.wait_text("#meeting-saved", "已保存").await;
    b.click(&nav_link(Page::SubResults)).await;
    for a in &apps[..2] {
        b.click(&format!("{} .select-result", row(a, "prelim-results")))
            .await;
    }
    b.fill("#votes-yes", "3").await;
    b.click("#record-results").await;
    b.wait_text("#result-outcome", "已为 2 人").await;
    b.click(&format!(
        "{} .select-result",
        row(&apps[2], "prelim-results")
    ))
    .await;
    b.fill("#votes-yes", "0").await;
    b.fill("#votes-no", "3").await;
    b.set_value("#decision", "failed").await;
    b.click("#record-results").await;
    b.wait_text(
        &format!("{} .col-decision", row(&apps[2], "prelim-results")),
        "未通过",
    )
    .await;
    b.screenshot("subcommittee-results").await;
    b.click("#logout").await;

    // The office advances to 学位终审 and accepts the recommendations: the
    // refusal waits for its hearing.
    log_in(&b, &app, &office).await;
    b.click(&nav_link(Page::Batches)).await;
    b.click("#advance-phase").await;
    b.wait_text("#confirm-dialog", "学位终审").await;
    b.click("#confirm-ok").await;
    b.wait_text("#batch-banner", "学位终审").await;
    b.click(&nav_link(Page::FinalReview)).await;
    b.wait_text("#final-totals", "共 3 名申请人").await;
    b.click("#accept-all").await;
    b.click("#confirm-ok").await;
    let outcome = b.wait_text("#accept-outcome", "已采纳建议 2 人").await;
    assert!(outcome.contains(&apps[2].student_no), "{outcome}");
    b.wait_text(
        &format!("{} .col-final", row(&apps[0], "final-list")),
        "授予学位",
    )
    .await;
    b.click(&format!("{} .propose-refusal", row(&apps[2], "final-list")))
        .await;
    b.fill("#propose-facts", "学科群分会评审未通过：论文创新性不足")
        .await;
    b.click("#propose-send").await;
    b.wait_text(
        &format!("{} .col-hearing", row(&apps[2], "final-list")),
        "待申请人陈述申辩",
    )
    .await;
    b.screenshot("final-review").await;
    b.click("#logout").await;

    // The applicant is told and states their case.
    log_in(&b, &app, &apps[2].student_no).await;
    b.click(&nav_link(Page::MyDecision)).await;
    b.wait_text("#hearing-facts", "论文创新性不足").await;
    b.fill(
        "#hearing-statement",
        "本人已补充实验数据，请委员会重新考虑。",
    )
    .await;
    b.click("#hearing-submit").await;
    b.wait_text("#answer-sent", "已提交").await;
    b.click("#logout").await;

    // The office records the hearing, then the refusal.
    log_in(&b, &app, &office).await;
    b.click(&nav_link(Page::Hearings)).await;
    let card = format!(".hearing[data-student-no='{}']", apps[2].student_no);
    b.wait_text(&card, "本人已补充实验数据").await;
    b.fill(
        &format!("{card} .hearing-record-input"),
        "已听取申请人陈述，维持分会意见。",
    )
    .await;
    b.click(&format!("{card} .hearing-record-save")).await;
    b.wait_text(&card, "已记录陈述申辩情况").await;
    b.click(&nav_link(Page::FinalReview)).await;
    let r = row(&apps[2], "final-list");
    b.set_value(&format!("{r} .final-choice"), "not_conferred")
        .await;
    b.click(&format!("{r} .final-record")).await;
    b.wait_text(&format!("{r} .col-final"), "不授予学位").await;
    b.click("#logout").await;

    // The applicant sees the decision and its reasons.
    log_in(&b, &app, &apps[2].student_no).await;
    b.click(&nav_link(Page::MyDecision)).await;
    b.wait_text("#decision-outcome", "不授予学位").await;
    b.wait_text("#decision-reasons", "创新性").await;
    b.screenshot("my-decision").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and a built SPA; run by scripts/test"]
async fn the_office_numbers_fixes_reports_and_publishes_then_closes_the_batch() {
    use backend::db::schema::students;
    use diesel::prelude::*;
    use shared::dto::verification::CorrectionInput;
    let app = app_with_spa().await;
    app.open_batch().await;
    let apps = app.conferred(&[(0, 3)]).await;
    // One record came with a wrong check digit in its ID number; the unit
    // has recorded the 纸质修改申请 (the office approves it below).
    let typo_of = &apps[1];
    let good: String = students::table
        .find(typo_of.student.0)
        .select(students::id_number)
        .first::<Option<String>>(&mut *app.conn())
        .expect("id")
        .expect("an id number");
    let typo = format!(
        "{}{}",
        &good[..17],
        if good.ends_with('0') { '1' } else { '0' }
    );
    diesel::update(students::table.find(typo_of.student.0))
        .set(students::id_number.eq(Some(&typo)))
        .execute(&mut *app.conn())
        .expect("typo");
    let unit_admin = app.staff(Role::UnitAdmin, 0).await;
    let c = unit_admin
        .record_correction(
            typo_of.application,
            &CorrectionInput {
                field: "id_number".into(),
                current_value: Some(typo.clone()),
                requested_value: Some(good.clone()),
                explanation: "身份证号码末位录入有误".into(),
            },
        )
        .await
        .expect("correction");
    unit_admin
        .attach_scan(
            c.id,
            c.version,
            "image/jpeg",
            backend::demo::DEMO_PHOTO.to_vec(),
        )
        .await
        .expect("scan");
    app.staff(Role::NetworkCenter, 0).await;
    let office = format!("{}_0", Role::DegreeOffice.as_str());
    let admin = format!("{}_0", Role::UnitAdmin.as_str());
    let network = format!("{}_0", Role::NetworkCenter.as_str());
    let b = Browser::start().await;

    // The office issues the numbers, after the confirmation.
    log_in(&b, &app, &office).await;
    b.click(&nav_link(Page::DegreeData)).await;
    b.wait_text("#conferred-count", "3").await;
    b.click("#issue-certificates").await;
    b.wait_text("#confirm-dialog", "不能收回或重复使用").await;
    b.click("#confirm-ok").await;
    b.wait_text("#degree-done", "已发放学位证书编号 3 个").await;
    b.wait_text("#numbered-count", "3").await;
    // One number voided (a reason, a confirmation); the next numbering
    // gives that applicant a new one.
    b.click("#revoke-certificate summary").await;
    b.fill("#revoke-student-no", &apps[2].student_no).await;
    b.click("#revoke-find").await;
    b.wait_text("#revoke-numbers", "有效").await;
    b.fill("#revoke-reason", "证书信息更正").await;
    b.click("#revoke-submit").await;
    b.click("#confirm-ok").await;
    b.wait_text("#revoke-message", "编号已作废").await;
    b.wait_text("#revoke-numbers", "已作废").await;
    b.click("#issue-certificates").await;
    b.click("#confirm-ok").await;
    b.wait_text("#degree-done", "已发放学位证书编号 1 个").await;
    b.click("#send-notices").await;
    b.click("#confirm-ok").await;
    b.wait_text("#degree-done", "已通知 1 个培养单位").await;
    // The validation names the bad record and field; the export is refused.
    b.click("#report-check").await;
    b.wait_text("#check-result", "1 条未通过").await;
    b.wait_text(
        &format!(
            "#check-problems tr[data-student-no='{}'][data-field='ZJHM']",
            typo_of.student_no
        ),
        "校验码不符",
    )
    .await;
    b.click("#report-produce").await;
    b.click("#confirm-ok").await;
    b.wait_text("#degree-error", "未通过校验").await;
    b.screenshot("degree-data-rejected").await;
    // The fix is the unit's 纸质修改申请, which the office approves.
    b.click(&nav_link(Page::Corrections)).await;
    b.click("#corrections tr[data-status='pending'] .correction-approve")
        .await;
    b.click("#decide-ok").await;
    b.wait_text("#corrections tr[data-status='approved']", "已批准")
        .await;
    b.click("#logout").await;

    // The unit reads and downloads its notice.
    log_in(&b, &app, &admin).await;
    b.click(&nav_link(Page::DegreeNotice)).await;
    b.wait_text("#degree-notice", "学位授予通知").await;
    b.wait_text(
        &format!(
            "#degree-notice tr[data-student-no='{}'] .certificate-no",
            apps[0].student_no
        ),
        "14430",
    )
    .await;
    b.click("#notice-download").await;
    b.screenshot("degree-notice").await;
    b.click("#logout").await;

    // The network center applies the correction.
    log_in(&b, &app, &network).await;
    b.click(&nav_link(Page::Corrections)).await;
    b.click("#corrections tr[data-status='approved'] .correction-apply")
        .await;
    b.click("#confirm-ok").await;
    b.wait_text("#correction-done", "已执行").await;
    b.click("#logout").await;

    // Now the report passes and is produced, with its digests; the 公告 is
    // published.
    log_in(&b, &app, &office).await;
    b.click(&nav_link(Page::DegreeData)).await;
    b.click("#report-check").await;
    b.wait_text("#check-result", "3 条通过校验").await;
    b.click("#report-produce").await;
    b.click("#confirm-ok").await;
    b.wait_text("#degree-done", "已生成上报文件：3 条记录")
        .await;
    b.find("#report-files tr[data-kind='xlsx'] .sha256").await;
    let sha = b.text("#report-files tr[data-kind='xlsx'] .sha256").await;
    assert_eq!(sha.trim().len(), 64, "{sha}");
    b.click("#report-files tr[data-kind='csv'] .report-download")
        .await;
    b.click("#publish-announcement").await;
    b.wait_text("#confirm-dialog", "不含证件号码").await;
    b.click("#confirm-ok").await;
    b.wait_text("#announcement-status", "已发布").await;
    b.screenshot("degree-data-done").await;
    b.click("#logout").await;

    // A visitor without login opens the 公告.
    let batch = backend::db::batches::active(&mut app.conn())
        .expect("batch")
        .expect("active");
    b.goto(&app.url(&format!("/announcements/{}", batch.id.0)))
        .await;
    b.wait_text("#announcement", "特此公告").await;
    let text = b.text("#announcement").await;
    assert!(!text.contains(&good), "no ID numbers in the 公告");
    b.screenshot("announcement").await;

    // The office completes the batch.
    log_in(&b, &app, &office).await;
    b.click(&nav_link(Page::Batches)).await;
    b.click("#advance-phase").await;
    b.click("#confirm-ok").await;
    b.wait_text("#batch-table", "已完成").await;
    b.find("#open-batch").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and a built SPA; run by scripts/test"]
async fn a_staff_member_registers_is_approved_and_disabled_and_a_student_signs_in_through_the_portal(
) {
    let app = app_with_spa().await;
    let sysadmin = format!("{}_0", Role::UnitSysadmin.as_str());
    app.staff(Role::UnitSysadmin, 0).await;
    app.staff(Role::Sysadmin, 0).await;
    let root_name = format!("{}_0", Role::Sysadmin.as_str());
    let b = Browser::start().await;

    // 备案, from the login page.
    b.goto(&app.url("/login")).await;
    b.click("#register-link").await;
    b.wait_path("/register").await;
    b.wait_text("#reg-unit", "数学与系统科学研究院").await;
    b.set_value("#reg-unit", &app.units[0].0.to_string()).await;
    b.fill("#reg-name", "陈新人").await;
    b.fill("#reg-staff-no", "E2026001").await;
    b.fill("#reg-phone", "13700001111").await;
    b.fill("#reg-email", "chen@example.org").await;
    b.fill("#reg-username", "chen_xinren").await;
    b.fill("#reg-password", "password1").await;
    b.click("#reg-submit").await;
    b.wait_text("#reg-error", "未通过校验").await;
    b.fill("#reg-password", "Xinren-2026").await;
    b.click("#reg-submit").await;
    b.wait_text("#reg-done", "等待本单位系统管理员审核").await;
    b.screenshot("registration").await;
    // Not before the approval.
    log_in_try(&b, &app, "chen_xinren", "Xinren-2026").await;
    b.wait_text("#login-error", "等待本单位系统管理员审核")
        .await;

    // The unit's system administrator approves it.
    log_in(&b, &app, &sysadmin).await;
    b.click(&nav_link(Page::UnitAccounts)).await;
    let reg = "#registration-table tr[data-username='chen_xinren']";
    b.wait_text(reg, "待审核").await;
    b.click(&format!("{reg} .reg-approve")).await;
    b.wait_text("#confirm-dialog", "教育管理干部").await;
    b.click("#confirm-ok").await;
    b.wait_text("#accounts-done", "已批准").await;
    b.wait_text("#account-table", "chen_xinren").await;
    b.screenshot("unit-accounts").await;
    b.click("#logout").await;

    // The new unit admin signs in and sees the unit.
    log_in_as(&b, &app, "chen_xinren", "Xinren-2026").await;
    b.wait_text("#my-roles", "教育管理干部").await;
    b.wait_text("#my-roles", "数学与系统科学研究院").await;
    b.find(&nav_link(Page::Applications)).await;
    // An open session of theirs (an integrator's token, say).
    let open = app.login_with("chen_xinren", "Xinren-2026").await;
    open.me().await.expect("signed in");
    b.click("#logout").await;

    // The system administrator disables them: the open session ends.
    log_in(&b, &app, &root_name).await;
    b.click(&nav_link(Page::Users)).await;
    b.fill("#users-q", "chen_xinren").await;
    b.click("h1").await;
    let row = "#account-table tr[data-username='chen_xinren']";
    b.click(&format!("{row} .account-disable")).await;
    b.wait_text("#confirm-dialog", "已登录的会话立即失效").await;
    b.click("#confirm-ok").await;
    b.wait_text("#users-done", "已停用").await;
    assert_eq!(
        open.me().await.expect_err("ended").code(),
        Some(shared::error::ErrorCode::AccountDisabled)
    );
    b.click("#logout").await;
    log_in_try(&b, &app, "chen_xinren", "Xinren-2026").await;
    b.wait_text("#login-error", "账号已停用").await;

    // A student signs in through 统一身份认证 (the simulated portal).
    let student = "20268000100555";
    app.create_student(app.units[0], student);
    b.goto(&app.url("/login")).await;
    b.click("#portal-login").await;
    b.fill("#cas-username", student).await;
    b.fill("#cas-password", backend::simulator::cas::PORTAL_PASSWORD)
        .await;
    b.screenshot("portal").await;
    b.click("#cas-submit").await;
    b.wait_text("#my-roles", "学生").await;
    b.find(&nav_link(Page::MyRecord)).await;
    b.close().await;
}

/// Sign in without waiting for the app (the sign-in is expected to fail).
async fn log_in_try(b: &Browser, app: &TestApp, username: &str, password: &str) {
    b.goto(&app.url("/login")).await;
    b.fill("#username", username).await;
    b.fill("#password", password).await;
    b.click("#login-submit").await;
}
