use degree_tests::{workspace_root, TestApp};

const REGENERATE: &str = "cargo run -p degree-backend -- openapi openapi/openapi.json";

#[test]
fn the_committed_openapi_document_equals_the_generated_one() {
    let generated = backend::openapi::document_json().expect("render");
    let path = workspace_root().join("openapi/openapi.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date; regenerate it with `{REGENERATE}`"
    );
}

#[test]
fn the_document_is_openapi_3_1_and_covers_every_endpoint() {
    let doc: serde_json::Value =
        serde_json::from_str(&backend::openapi::document_json().expect("render")).expect("json");
    assert!(doc["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
    for path in [
        "/api/health",
        "/api/ready",
        "/api/v1/auth/login",
        "/api/v1/me",
        "/api/v1/batches",
        "/api/v1/batches/current",
        "/api/v1/batches/{id}",
        "/api/v1/batches/{id}/advance",
        "/api/v1/audit",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    // Protected operations declare 401 and 403; the login does not need a token.
    assert!(doc["paths"]["/api/v1/batches"]["post"]["responses"]["403"].is_object());
    assert!(doc["paths"]["/api/v1/auth/login"]["post"]["responses"]["403"].is_object());
    assert_eq!(
        doc["paths"]["/api/v1/auth/login"]["post"]["security"],
        serde_json::json!([{}])
    );
}

#[tokio::test]
async fn the_server_serves_the_same_document_and_an_offline_explorer() {
    let app = TestApp::spawn().await;
    let served: serde_json::Value = app
        .raw()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    let generated: serde_json::Value =
        serde_json::from_str(&backend::openapi::document_json().expect("render")).expect("json");
    assert_eq!(served, generated);

    let page = app
        .raw()
        .get(app.url("/api/docs/"))
        .send()
        .await
        .expect("send");
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("swagger-ui"), "{html}");
    // Every script and stylesheet the page names is served locally.
    for asset in [
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "swagger-initializer.js",
    ] {
        let resp = app
            .raw()
            .get(app.url(&format!("/api/docs/{asset}")))
            .send()
            .await
            .expect("send");
        assert_eq!(resp.status().as_u16(), 200, "{asset}");
    }
    assert!(
        !html.contains("https://"),
        "no asset comes from the internet"
    );
}
