use degree_tests::{workspace_root, TestApp};

const REGENERATE: &str =
    "cargo run -p degree-backend --bin degree-server -- openapi openapi/openapi.json";

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

fn document() -> serde_json::Value {
    serde_json::from_str(&backend::openapi::document_json().expect("render")).expect("json")
}

fn operations(doc: &serde_json::Value) -> Vec<(String, &serde_json::Value)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            ops.push((format!("{} {path}", method.to_uppercase()), op));
        }
    }
    ops
}

fn collect_refs<'a>(value: &'a serde_json::Value, refs: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", serde_json::Value::String(r)) => refs.push(r),
                    _ => collect_refs(v, refs),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
        _ => {}
    }
}

#[test]
fn every_reference_of_the_document_resolves() {
    let doc = document();
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{r} is local"));
        assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
    }
}

#[test]
fn answers_that_can_happen_are_declared() {
    let doc = document();
    for (name, op) in operations(&doc) {
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        if params.iter().any(|p| p["in"] == "path") {
            assert!(op["responses"]["404"].is_object(), "{name} declares 404");
        }
        if !params.is_empty() || op["requestBody"].is_object() {
            assert!(op["responses"]["400"].is_object(), "{name} declares 400");
        }
        if op["requestBody"].is_object() {
            assert!(op["responses"]["422"].is_object(), "{name} declares 422");
        }
    }
    assert!(doc["paths"]["/api/v1/auth/login"]["post"]["responses"]["429"].is_object());
}

#[test]
fn query_parameters_never_admit_null() {
    let doc = document();
    for (name, op) in operations(&doc) {
        for p in op["parameters"].as_array().into_iter().flatten() {
            if p["in"] != "query" {
                continue;
            }
            let text = p["schema"].to_string();
            assert!(!text.contains("\"null\""), "{name} ?{}: {text}", p["name"]);
        }
    }
}
