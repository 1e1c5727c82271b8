use degree_tests::TestApp;

#[tokio::test]
async fn health_answers_ok() {
    let app = TestApp::spawn().await;
    let h = app.anonymous().health().await.expect("health");
    assert_eq!(h.status, "ok");
}

#[tokio::test]
async fn ready_reports_the_database_in_use() {
    let app = TestApp::spawn().await;
    let r = app.anonymous().ready().await.expect("ready");
    assert_eq!(r.status, "ok");
    let expected = if app.db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(r.database.as_deref(), Some(expected));
}
