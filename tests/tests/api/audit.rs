use degree_tests::TestApp;
use shared::authz::Role;
use shared::dto::audit::AuditQuery;
use shared::error::ErrorCode;

#[tokio::test]
async fn only_global_admins_read_the_audit_log() {
    let app = TestApp::spawn().await;
    for role in [Role::Sysadmin, Role::DegreeOffice] {
        let page = app
            .as_role(role)
            .await
            .audit_log(&AuditQuery::default())
            .await
            .expect("allowed");
        assert!(page.total >= 1, "logins are recorded");
    }
    for role in Role::ALL
        .into_iter()
        .filter(|r| !matches!(r, Role::Sysadmin | Role::DegreeOffice))
    {
        let err = app
            .as_role(role)
            .await
            .audit_log(&AuditQuery::default())
            .await
            .expect_err("refused");
        assert_eq!(err.code(), Some(ErrorCode::Forbidden), "{role:?}");
    }
    // A unit's own system admin is not a global admin either.
    let err = app
        .as_role_in(Role::UnitSysadmin, 1)
        .await
        .audit_log(&AuditQuery::default())
        .await
        .expect_err("refused");
    assert_eq!(err.code(), Some(ErrorCode::Forbidden));
    let err = app
        .anonymous()
        .audit_log(&AuditQuery::default())
        .await
        .expect_err("401");
    assert_eq!(err.code(), Some(ErrorCode::Unauthenticated));
}

#[tokio::test]
async fn the_audit_log_is_append_only_in_the_database() {
    use diesel::prelude::*;
    let app = TestApp::spawn().await;
    app.as_role(Role::Sysadmin).await; // a login writes an entry
    let mut conn = app.conn();
    let update = diesel::update(backend::db::schema::audit_log::table)
        .set(backend::db::schema::audit_log::action.eq("tampered"))
        .execute(&mut *conn);
    assert!(update.is_err(), "update must be refused");
    let delete = diesel::delete(backend::db::schema::audit_log::table).execute(&mut *conn);
    assert!(delete.is_err(), "delete must be refused");
}
