use degree_tests::{TestApp, PASSWORD};
use shared::authz::{GrantScope, Permission, Role, RoleGrant};
use shared::dto::audit::AuditQuery;
use shared::dto::auth::LoginRequest;
use shared::error::ErrorCode;

fn creds(username: &str, password: &str) -> LoginRequest {
    LoginRequest {
        username: username.to_owned(),
        password: password.to_owned(),
    }
}

#[tokio::test]
async fn login_gives_a_token_and_me_shows_roles_and_scopes() {
    let app = TestApp::spawn().await;
    app.create_user(
        "wu",
        &[
            RoleGrant {
                role: Role::UnitAdmin,
                scope: GrantScope::Unit(app.units[0]),
            },
            RoleGrant {
                role: Role::PrelimMember,
                scope: GrantScope::Unit(app.units[0]),
            },
        ],
    );
    let resp = app
        .anonymous()
        .login(&creds("wu", PASSWORD))
        .await
        .expect("login");
    assert!(resp.expires_at > chrono::Utc::now());
    assert_eq!(resp.me.username, "wu");
    let me = app
        .anonymous()
        .with_token(resp.token)
        .me()
        .await
        .expect("me");
    let roles: Vec<_> = me.grants.iter().map(|g| g.role).collect();
    assert_eq!(roles, [Role::UnitAdmin, Role::PrelimMember]);
    assert_eq!(
        me.grants[0].scope_name.as_deref(),
        Some("数学与系统科学研究院")
    );
    assert!(me.permissions.contains(&Permission::ViewBatches));
    assert!(!me.permissions.contains(&Permission::ManageBatches));
}

#[tokio::test]
async fn wrong_password_and_unknown_user_are_refused_alike() {
    let app = TestApp::spawn().await;
    app.create_user(
        "li",
        &[RoleGrant {
            role: Role::DegreeOffice,
            scope: GrantScope::Global,
        }],
    );
    for (user, pw) in [("li", "wrong-password"), ("nobody", PASSWORD)] {
        let err = app
            .anonymous()
            .login(&creds(user, pw))
            .await
            .expect_err("refused");
        assert_eq!(err.code(), Some(ErrorCode::InvalidCredentials));
        assert!(matches!(
            err,
            shared::client::ClientError::Api { status: 401, .. }
        ));
    }
}

#[tokio::test]
async fn repeated_failed_logins_lock_the_account_for_a_while() {
    let app = TestApp::spawn().await;
    app.create_user(
        "zhao",
        &[RoleGrant {
            role: Role::Sysadmin,
            scope: GrantScope::Global,
        }],
    );
    for _ in 0..4 {
        let err = app
            .anonymous()
            .login(&creds("zhao", "bad"))
            .await
            .expect_err("bad");
        assert_eq!(err.code(), Some(ErrorCode::InvalidCredentials));
    }
    let err = app
        .anonymous()
        .login(&creds("zhao", "bad"))
        .await
        .expect_err("fifth");
    assert_eq!(err.code(), Some(ErrorCode::TooManyAttempts));
    // Even the right password waits out the lock.
    let err = app
        .anonymous()
        .login(&creds("zhao", PASSWORD))
        .await
        .expect_err("locked");
    assert_eq!(err.code(), Some(ErrorCode::TooManyAttempts));
    // Another account is not affected.
    app.create_user(
        "qian",
        &[RoleGrant {
            role: Role::Sysadmin,
            scope: GrantScope::Global,
        }],
    );
    let qian = app.login("qian").await;
    let log = qian
        .audit_log(&AuditQuery {
            entity: Some("user".into()),
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(log.items.iter().any(|e| e.action == "account_locked"));
}

#[tokio::test]
async fn a_successful_login_resets_the_failure_count() {
    let app = TestApp::spawn().await;
    app.create_user(
        "sun",
        &[RoleGrant {
            role: Role::Sysadmin,
            scope: GrantScope::Global,
        }],
    );
    for _ in 0..4 {
        app.anonymous()
            .login(&creds("sun", "bad"))
            .await
            .expect_err("bad");
    }
    app.login("sun").await;
    for _ in 0..4 {
        let err = app
            .anonymous()
            .login(&creds("sun", "bad"))
            .await
            .expect_err("bad");
        assert_eq!(err.code(), Some(ErrorCode::InvalidCredentials));
    }
}

#[tokio::test]
async fn me_needs_a_valid_unexpired_token() {
    let app = TestApp::spawn().await;
    let id = app.create_user(
        "zhou",
        &[RoleGrant {
            role: Role::Student,
            scope: GrantScope::Global,
        }],
    );
    let anon = app.anonymous();
    assert_eq!(
        anon.me().await.expect_err("no token").code(),
        Some(ErrorCode::Unauthenticated)
    );
    assert_eq!(
        anon.with_token("not.a.jwt")
            .me()
            .await
            .expect_err("garbage")
            .code(),
        Some(ErrorCode::InvalidToken)
    );
    let (expired, _) = app
        .app
        .keys
        .issue_at(id, 0, chrono::Utc::now() - chrono::Duration::days(2))
        .expect("token");
    let err = anon.with_token(expired).me().await.expect_err("expired");
    assert_eq!(err.code(), Some(ErrorCode::TokenExpired));
    assert!(matches!(
        err,
        shared::client::ClientError::Api { status: 401, .. }
    ));
    // A token signed with another secret is not accepted.
    let other = backend::token::TokenKeys::new(&[7u8; 32], chrono::Duration::hours(1));
    let (forged, _) = other.issue(id, 0).expect("token");
    assert_eq!(
        anon.with_token(forged)
            .me()
            .await
            .expect_err("forged")
            .code(),
        Some(ErrorCode::InvalidToken)
    );
}

#[tokio::test]
async fn a_withdrawn_role_is_refused_at_the_next_request() {
    use diesel::prelude::*;
    let app = TestApp::spawn().await;
    let id = app.create_user(
        "wei",
        &[RoleGrant {
            role: Role::DegreeOffice,
            scope: GrantScope::Global,
        }],
    );
    let client = app.login("wei").await;
    client
        .list_batches(shared::dto::PageQuery::default())
        .await
        .expect("the office reads batches");
    {
        let mut conn = app.conn();
        diesel::delete(
            backend::db::schema::user_roles::table
                .filter(backend::db::schema::user_roles::user_id.eq(id.0)),
        )
        .execute(&mut *conn)
        .expect("withdraw");
    }
    assert_eq!(
        client
            .list_batches(shared::dto::PageQuery::default())
            .await
            .expect_err("withdrawn")
            .code(),
        Some(ErrorCode::Forbidden)
    );
}

#[tokio::test]
async fn a_disabled_account_can_neither_log_in_nor_use_its_token() {
    use diesel::prelude::*;
    let app = TestApp::spawn().await;
    let id = app.create_user(
        "feng",
        &[RoleGrant {
            role: Role::Sysadmin,
            scope: GrantScope::Global,
        }],
    );
    let client = app.login("feng").await;
    {
        let mut conn = app.conn();
        diesel::update(backend::db::schema::users::table.find(id.0))
            .set(backend::db::schema::users::active.eq(false))
            .execute(&mut *conn)
            .expect("disable");
    }
    assert_eq!(
        client.me().await.expect_err("disabled").code(),
        Some(ErrorCode::AccountDisabled)
    );
    let err = app
        .anonymous()
        .login(&creds("feng", PASSWORD))
        .await
        .expect_err("disabled");
    assert_eq!(err.code(), Some(ErrorCode::AccountDisabled));
}
