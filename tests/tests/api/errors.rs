//! Bad input of every kind gets the right 4xx with a JSON body and a stable
//! code, never a 500, and changes nothing.

use degree_tests::TestApp;
use serde_json::{json, Value};
use shared::authz::Role;

async fn office_token(app: &TestApp) -> String {
    app.office().await.token().expect("token").to_owned()
}

async fn expect_error(resp: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(resp.status().as_u16(), status);
    let body: Value = resp.json().await.expect("a JSON error body");
    assert_eq!(body["code"], code, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    body
}

async fn no_batch_exists(app: &TestApp) {
    let current = app
        .as_role(Role::Student)
        .await
        .current_batch()
        .await
        .expect("current");
    assert!(current.batch.is_none(), "the bad request changed nothing");
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = TestApp::spawn().await;
    let token = office_token(&app).await;
    let resp = app
        .raw()
        .post(app.url("/api/v1/batches"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"name\": \"2026年冬季\", ")
        .send()
        .await
        .expect("send");
    expect_error(resp, 400, "malformed_json").await;
    no_batch_exists(&app).await;
}

#[tokio::test]
async fn wrong_types_missing_and_unknown_fields_are_422() {
    let app = TestApp::spawn().await;
    let token = office_token(&app).await;
    let bodies = [
        json!({"name": "x", "season": "winter", "year": "2026", "congress_date": "2026-12-20"}),
        json!({"name": "x", "season": "autumn", "year": 2026, "congress_date": "2026-12-20"}),
        json!({"name": "x", "season": "winter", "year": 2026}),
        json!({"name": "x", "season": "winter", "year": 2026, "congress_date": "2026-13-40"}),
        json!({"name": "x", "season": "winter", "year": 2026, "congress_date": "2026-12-20", "phase": "completed"}),
        json!([1, 2, 3]),
    ];
    for body in bodies {
        let resp = app
            .raw()
            .post(app.url("/api/v1/batches"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .expect("send");
        expect_error(resp, 422, "invalid_body").await;
    }
    no_batch_exists(&app).await;
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let app = TestApp::spawn().await;
    let token = office_token(&app).await;
    let huge = json!({"name": "x".repeat(400 * 1024), "season": "winter", "year": 2026, "congress_date": "2026-12-20"});
    let resp = app
        .raw()
        .post(app.url("/api/v1/batches"))
        .bearer_auth(&token)
        .json(&huge)
        .send()
        .await
        .expect("send");
    expect_error(resp, 413, "payload_too_large").await;
    no_batch_exists(&app).await;
}

#[tokio::test]
async fn a_non_json_content_type_is_400() {
    let app = TestApp::spawn().await;
    let token = office_token(&app).await;
    let resp = app
        .raw()
        .post(app.url("/api/v1/batches"))
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body("name=x")
        .send()
        .await
        .expect("send");
    expect_error(resp, 400, "bad_request").await;
}

#[tokio::test]
async fn bad_query_and_path_parameters_are_400() {
    let app = TestApp::spawn().await;
    let token = office_token(&app).await;
    let resp = app
        .raw()
        .get(app.url("/api/v1/batches?page=abc"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("send");
    expect_error(resp, 400, "bad_request").await;
    let resp = app
        .raw()
        .get(app.url("/api/v1/batches/not-a-number"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("send");
    expect_error(resp, 400, "bad_request").await;
}

#[tokio::test]
async fn unknown_api_paths_are_json_404() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/no-such-thing",
        "/api/v1/batches/",
        "/api/v1/batches/1/nothing",
    ] {
        let resp = app.raw().delete(app.url(path)).send().await.expect("send");
        expect_error(resp, 404, "not_found").await;
    }
    let resp = app
        .raw()
        .get(app.url("/api/v1/no-such-thing"))
        .send()
        .await
        .expect("send");
    expect_error(resp, 404, "not_found").await;
}

#[tokio::test]
async fn a_method_a_path_does_not_have_is_json_405_with_allow() {
    let app = TestApp::spawn().await;
    for (method, path, allow) in [
        (reqwest::Method::DELETE, "/api/v1/batches", "GET, POST"),
        (reqwest::Method::PUT, "/api/v1/batches/current", "GET"),
        (reqwest::Method::GET, "/api/v1/batches/7/advance", "POST"),
        (reqwest::Method::PATCH, "/api/v1/instructions", "GET, PUT"),
    ] {
        let resp = app
            .raw()
            .request(method.clone(), app.url(path))
            .send()
            .await
            .expect("send");
        let header = resp
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        assert_eq!(header.as_deref(), Some(allow), "{method} {path}");
        expect_error(resp, 405, "method_not_allowed").await;
    }
}

#[tokio::test]
async fn a_whole_number_written_as_a_float_is_read_as_the_integer() {
    // JSON Schema's `integer` admits `1.0`; the API reads it as `1`.
    let app = TestApp::spawn().await;
    let token = office_token(&app).await;
    let resp = app
        .raw()
        .put(app.url("/api/v1/instructions"))
        .bearer_auth(&token)
        .json(&json!({"version": 1.0, "markdown": "说明"}))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status().as_u16(), 200);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["version"], 2, "{body}");
    // A fraction is still not an integer.
    let resp = app
        .raw()
        .put(app.url("/api/v1/instructions"))
        .bearer_auth(&token)
        .json(&json!({"version": 2.5, "markdown": "说明"}))
        .send()
        .await
        .expect("send");
    expect_error(resp, 422, "invalid_body").await;
}

#[tokio::test]
async fn a_malformed_authorization_header_is_401() {
    let app = TestApp::spawn().await;
    for header in ["Basic abc", "Bearer", "Bearer  ", "token"] {
        let resp = app
            .raw()
            .get(app.url("/api/v1/me"))
            .header("authorization", header)
            .send()
            .await
            .expect("send");
        expect_error(resp, 401, "unauthenticated").await;
    }
}

#[tokio::test]
async fn a_malformed_login_body_is_refused_without_touching_accounts() {
    let app = TestApp::spawn().await;
    let resp = app
        .raw()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": 42}))
        .send()
        .await
        .expect("send");
    expect_error(resp, 422, "invalid_body").await;
}

#[tokio::test]
async fn the_largest_version_is_stale_not_a_server_error() {
    let app = TestApp::spawn().await;
    let office = app.office().await;
    let err = office
        .update_instructions(&shared::dto::application::InstructionsUpdate {
            version: i32::MAX,
            markdown: "0".into(),
        })
        .await
        .expect_err("no such version");
    assert_eq!(err.code(), Some(shared::error::ErrorCode::StaleVersion));
    let batch = office
        .create_batch(&backend::demo::batch())
        .await
        .expect("batch");
    let err = office
        .advance_batch(
            batch.id,
            &shared::dto::batch::AdvanceBatch {
                version: i32::MAX,
                to: shared::workflow::BatchPhase::Sealed,
            },
        )
        .await
        .expect_err("no such version");
    assert_eq!(err.code(), Some(shared::error::ErrorCode::StaleVersion));
}
