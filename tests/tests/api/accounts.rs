//! 用户权限管理: 备案 and its approval across units, registration floods,
//! unit account management, sessions that end, the password policy, the
//! administration of units and groups, and 统一身份认证 (CAS) with forged,
//! replayed and misdirected tickets.

use degree_tests::{TestApp, PASSWORD};
use shared::authz::{GrantScope, Role, RoleGrant};
use shared::client::{Client, ClientError};
use shared::dto::account::*;
use shared::dto::auth::LoginRequest;
use shared::dto::committee::PasswordChange;
use shared::error::ErrorCode;

fn code<T: std::fmt::Debug>(r: Result<T, ClientError>) -> ErrorCode {
    r.expect_err("refused")
        .code()
        .unwrap_or(ErrorCode::Internal)
}

fn form(app: &TestApp, unit: usize, username: &str, staff_no: &str) -> NewRegistration {
    NewRegistration {
        unit_id: app.units[unit],
        name: "李备案".into(),
        staff_no: staff_no.into(),
        phone: "13912345678".into(),
        email: "li@example.org".into(),
        username: username.into(),
        password: PASSWORD.into(),
        role: Role::UnitAdmin,
    }
}

async fn sign_in(app: &TestApp, username: &str, password: &str) -> Result<Client, ClientError> {
    let r = app
        .anonymous()
        .login(&LoginRequest {
            username: username.into(),
            password: password.into(),
        })
        .await?;
    Ok(app.anonymous().with_token(r.token))
}

#[tokio::test]
async fn a_registration_is_approved_by_its_own_units_sysadmin_only() {
    let app = TestApp::spawn().await;
    let anon = app.anonymous();
    let units = anon.public_units().await.expect("units without login");
    assert_eq!(units.len(), 2);

    // Every bad field is named; nothing is created.
    let mut bad = form(&app, 0, "x", "bad no!");
    bad.phone = "12345".into();
    bad.email = "no-at-sign".into();
    bad.password = "password123".into();
    bad.role = Role::Sysadmin;
    let e = anon.register(&bad).await.expect_err("invalid");
    let fields: Vec<String> = e
        .body()
        .map(|b| b.fields.iter().map(|f| f.field.clone()).collect())
        .unwrap_or_default();
    for f in ["username", "staff_no", "phone", "email", "password", "role"] {
        assert!(fields.contains(&f.to_owned()), "{f} in {fields:?}");
    }

    let receipt = anon
        .register(&form(&app, 0, "li_beian", "S1001"))
        .await
        .expect("registered");
    assert_eq!(receipt.status, RegistrationStatus::Pending);
    // No sign-in before the approval; the same user name or staff number
    // cannot register twice.
    assert_eq!(
        code(sign_in(&app, "li_beian", PASSWORD).await),
        ErrorCode::RegistrationPending
    );
    assert_eq!(
        code(anon.register(&form(&app, 0, "li_beian", "S1002")).await),
        ErrorCode::ValidationFailed
    );
    assert_eq!(
        code(anon.register(&form(&app, 0, "li_other", "S1001")).await),
        ErrorCode::ValidationFailed
    );
    // User names and staff numbers are one namespace (the portal names an
    // account by either), and a user name never takes a 学号 (digits).
    assert_eq!(
        code(anon.register(&form(&app, 0, "S1001", "S1003")).await),
        ErrorCode::ValidationFailed
    );
    assert_eq!(
        code(anon.register(&form(&app, 0, "li_third", "li_beian")).await),
        ErrorCode::ValidationFailed
    );
    assert_eq!(
        code(
            anon.register(&form(&app, 0, "20268000100999", "S1004"))
                .await
        ),
        ErrorCode::ValidationFailed
    );
    // Nobody enables a pending account or gives it a role past the decision.
    let root = app.as_role(Role::Sysadmin).await;
    let pending_id = root
        .users(&AccountQuery {
            q: Some("li_beian".into()),
            ..AccountQuery::default()
        })
        .await
        .expect("users")
        .items[0]
        .user_id;
    assert_eq!(
        code(
            root.set_active(pending_id, &ActiveInput { active: true })
                .await
        ),
        ErrorCode::InvalidTransition
    );

    // Another unit's sysadmin, a unit admin and a student are refused.
    let other = app.as_role_in(Role::UnitSysadmin, 1).await;
    let approve = RegistrationDecision {
        approve: true,
        reason: None,
    };
    assert_eq!(
        code(
            other
                .registrations(app.units[0], &RegistrationQuery::default())
                .await
        ),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(other.decide_registration(receipt.id, &approve).await),
        ErrorCode::Forbidden
    );
    for role in [Role::UnitAdmin, Role::Student, Role::DegreeOffice] {
        let c = app.as_role(role).await;
        assert_eq!(
            code(c.decide_registration(receipt.id, &approve).await),
            ErrorCode::Forbidden,
            "{role:?}"
        );
    }

    let own = app.as_role(Role::UnitSysadmin).await;
    let pending = own
        .registrations(
            app.units[0],
            &RegistrationQuery {
                status: Some(RegistrationStatus::Pending),
            },
        )
        .await
        .expect("pending");
    assert_eq!(pending.len(), 1);
    assert_eq!(
        (pending[0].username.as_str(), pending[0].staff_no.as_str()),
        ("li_beian", "S1001")
    );
    let done = own
        .decide_registration(receipt.id, &approve)
        .await
        .expect("approved");
    assert_eq!(done.status, RegistrationStatus::Approved);
    assert_eq!(
        code(own.decide_registration(receipt.id, &approve).await),
        ErrorCode::InvalidTransition
    );
    let admin = sign_in(&app, "li_beian", PASSWORD).await.expect("signs in");
    let me = admin.me().await.expect("me");
    assert!(me
        .grants
        .iter()
        .any(|g| g.role == Role::UnitAdmin && g.scope == GrantScope::Unit(app.units[0])));

    // A rejection needs its reason, which the applicant reads at sign-in.
    let second = anon
        .register(&form(&app, 0, "wang_beian", "S2001"))
        .await
        .expect("registered");
    let no_reason = RegistrationDecision {
        approve: false,
        reason: Some("  ".into()),
    };
    assert_eq!(
        code(own.decide_registration(second.id, &no_reason).await),
        ErrorCode::ValidationFailed
    );
    own.decide_registration(
        second.id,
        &RegistrationDecision {
            approve: false,
            reason: Some("非本单位教育管理干部".into()),
        },
    )
    .await
    .expect("rejected");
    let refused = sign_in(&app, "wang_beian", PASSWORD)
        .await
        .expect_err("rejected");
    assert_eq!(refused.code(), Some(ErrorCode::RegistrationRejected));
    assert!(refused
        .body()
        .is_some_and(|b| b.message.contains("非本单位教育管理干部")));
}

#[tokio::test]
async fn registrations_are_throttled_per_address() {
    let app = TestApp::spawn_with(|c| c.registrations_per_hour = 2).await;
    let anon = app.anonymous();
    for i in 0..2 {
        anon.register(&form(&app, 0, &format!("flood_{i}"), &format!("F{i}")))
            .await
            .expect("within the limit");
    }
    assert_eq!(
        code(anon.register(&form(&app, 0, "flood_9", "F9")).await),
        ErrorCode::TooManyAttempts
    );
    // Refused submissions count too (ten for each registration allowed):
    // the form is no oracle for taken names at speed.
    for _ in 3..20 {
        assert_eq!(
            code(anon.register(&form(&app, 0, "flood_0", "F0")).await),
            ErrorCode::ValidationFailed
        );
    }
    assert_eq!(
        code(anon.register(&form(&app, 0, "flood_0", "F0")).await),
        ErrorCode::TooManyAttempts
    );
    let own = app.as_role(Role::UnitSysadmin).await;
    assert_eq!(
        own.registrations(app.units[0], &RegistrationQuery::default())
            .await
            .expect("list")
            .len(),
        2
    );
}

#[tokio::test]
async fn a_unit_sysadmin_manages_their_units_accounts_and_sessions_end() {
    let app = TestApp::spawn().await;
    let staff = app.create_user(
        "staff_a",
        &[RoleGrant {
            role: Role::UnitAdmin,
            scope: GrantScope::Unit(app.units[0]),
        }],
    );
    let session = app.login("staff_a").await;
    let own = app.as_role(Role::UnitSysadmin).await;
    let other = app.as_role_in(Role::UnitSysadmin, 1).await;
    let unit_admin = app.as_role(Role::UnitAdmin).await;

    let list = own
        .unit_accounts(app.units[0], &AccountQuery::default())
        .await
        .expect("accounts");
    assert!(list.items.iter().any(|a| a.username == "staff_a"));
    assert_eq!(
        code(
            other
                .unit_accounts(app.units[0], &AccountQuery::default())
                .await
        ),
        ErrorCode::Forbidden
    );
    let off = ActiveInput { active: false };
    assert_eq!(
        code(other.set_active(staff, &off).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(unit_admin.set_active(staff, &off).await),
        ErrorCode::Forbidden
    );

    // Roles within the unit only: never more than the unit's own, never
    // none, against the version the administrator saw; the user's open
    // session ends with the change.
    let version = list
        .items
        .iter()
        .find(|a| a.username == "staff_a")
        .expect("listed")
        .version;
    let both = own
        .set_unit_roles(
            app.units[0],
            staff,
            &UnitRoles {
                roles: vec![Role::UnitAdmin, Role::PrelimMember],
                version,
            },
        )
        .await
        .expect("roles");
    assert_eq!(both.grants.len(), 2);
    assert_eq!(code(session.me().await), ErrorCode::InvalidToken);
    let session = app.login("staff_a").await;
    assert_eq!(
        code(
            own.set_unit_roles(
                app.units[0],
                staff,
                &UnitRoles {
                    roles: vec![Role::UnitAdmin],
                    version,
                }
            )
            .await
        ),
        ErrorCode::StaleVersion
    );
    for roles in [vec![Role::DegreeOffice], vec![]] {
        assert_eq!(
            code(
                own.set_unit_roles(
                    app.units[0],
                    staff,
                    &UnitRoles {
                        roles: roles.clone(),
                        version: both.version,
                    }
                )
                .await
            ),
            ErrorCode::ValidationFailed,
            "{roles:?}"
        );
    }
    // Another unit's account, the office's and one's own are out of reach.
    let office = app.as_role(Role::DegreeOffice).await;
    let office_id = office.me().await.expect("me").user_id;
    assert_eq!(
        code(own.reset_password(office_id).await),
        ErrorCode::Forbidden
    );
    let own_id = own.me().await.expect("me").user_id;
    assert_eq!(
        code(own.set_active(own_id, &off).await),
        ErrorCode::Forbidden
    );

    // A reset ends the open session; the one-time password must be changed.
    let otp = own.reset_password(staff).await.expect("reset");
    assert_eq!(code(session.me().await), ErrorCode::InvalidToken);
    let fresh = sign_in(&app, "staff_a", &otp.password)
        .await
        .expect("the one-time password");
    assert!(fresh.me().await.expect("me").must_change_password);
    assert_eq!(
        code(fresh.dossier(shared::ids::ApplicationId(1)).await),
        ErrorCode::PasswordChangeRequired
    );
    // Changing it ends every other session too; this one goes on with the
    // fresh token the change answers with.
    let other_session = sign_in(&app, "staff_a", &otp.password)
        .await
        .expect("a second session");
    let changed = fresh
        .change_password(&PasswordChange {
            current_password: otp.password.clone(),
            new_password: "Another-Pass-7".into(),
        })
        .await
        .expect("changed");
    assert_eq!(code(other_session.me().await), ErrorCode::InvalidToken);
    assert_eq!(code(fresh.me().await), ErrorCode::InvalidToken);
    let fresh = fresh.with_token(changed.token);
    assert!(!fresh.me().await.expect("me").must_change_password);

    // Disabling ends the session at its next request, and sign-in.
    own.set_active(staff, &off).await.expect("disabled");
    assert_eq!(code(fresh.me().await), ErrorCode::AccountDisabled);
    assert_eq!(
        code(sign_in(&app, "staff_a", "Another-Pass-7").await),
        ErrorCode::AccountDisabled
    );
    // Enabled again, the old session stays ended.
    own.set_active(staff, &ActiveInput { active: true })
        .await
        .expect("enabled");
    assert_eq!(code(fresh.me().await), ErrorCode::InvalidToken);
    sign_in(&app, "staff_a", "Another-Pass-7")
        .await
        .expect("signs in again");

    // The unit sets a password for one of its students; another unit cannot.
    let student = app.create_student(app.units[0], "20268000100999");
    let students = own
        .unit_accounts(
            app.units[0],
            &AccountQuery {
                kind: Some(AccountKind::Student),
                q: Some("20268000100999".into()),
                ..AccountQuery::default()
            },
        )
        .await
        .expect("students");
    assert_eq!(students.total, 1, "{student:?}");
    let sid = students.items[0].user_id;
    assert_eq!(code(other.reset_password(sid).await), ErrorCode::Forbidden);
    own.reset_password(sid).await.expect("the unit sets it");
}

#[tokio::test]
async fn the_password_policy_holds_for_every_change() {
    let app = TestApp::spawn().await;
    app.create_user("zhangsan", &[]);
    let c = app.login("zhangsan").await;
    for weak in ["short1", "onlyletters", "zhangsan2026", "Password123"] {
        let e = c
            .change_password(&PasswordChange {
                current_password: PASSWORD.into(),
                new_password: weak.into(),
            })
            .await
            .expect_err(weak);
        assert_eq!(e.code(), Some(ErrorCode::ValidationFailed), "{weak}");
    }
}

#[tokio::test]
async fn the_sysadmin_administers_units_groups_users_and_reads_the_settings() {
    let app = TestApp::spawn().await;
    let root = app.as_role(Role::Sysadmin).await;
    let unit = root
        .create_unit(&UnitInput {
            code: "80009".into(),
            name: "新设研究所".into(),
            head_name: "丙所长".into(),
            version: None,
        })
        .await
        .expect("unit");
    assert_eq!(
        code(
            root.create_unit(&UnitInput {
                code: "80009".into(),
                name: "重复".into(),
                head_name: "丁".into(),
                version: None,
            })
            .await
        ),
        ErrorCode::Conflict
    );
    let rename = |version| UnitInput {
        code: "80009".into(),
        name: "新设研究所（更名）".into(),
        head_name: "丙所长".into(),
        version,
    };
    assert_eq!(
        code(root.update_unit(unit.id, &rename(None)).await),
        ErrorCode::ValidationFailed
    );
    let renamed = root
        .update_unit(unit.id, &rename(Some(unit.version)))
        .await
        .expect("renamed");
    assert_eq!(renamed.name, "新设研究所（更名）");
    // A change made from what another administrator has since changed.
    assert_eq!(
        code(root.update_unit(unit.id, &rename(Some(unit.version))).await),
        ErrorCode::StaleVersion
    );
    let group = root
        .create_group(&GroupInput {
            code: "G9".into(),
            name: "新学科群".into(),
            version: None,
        })
        .await
        .expect("group");
    assert!(root
        .admin_groups()
        .await
        .expect("groups")
        .iter()
        .any(|g| g.id == group.id));
    let office = app.as_role(Role::DegreeOffice).await;
    assert_eq!(code(office.admin_units().await), ErrorCode::Forbidden);
    assert_eq!(code(office.settings().await), ErrorCode::Forbidden);

    let admins = root
        .users(&AccountQuery {
            role: Some(Role::DegreeOffice),
            ..AccountQuery::default()
        })
        .await
        .expect("users");
    assert_eq!(admins.total, 1);
    let id = admins.items[0].user_id;
    let changed = root
        .set_grants(
            id,
            &Grants {
                grants: vec![
                    RoleGrant {
                        role: Role::DegreeOffice,
                        scope: GrantScope::Global,
                    },
                    RoleGrant {
                        role: Role::UnitSysadmin,
                        scope: GrantScope::Unit(unit.id),
                    },
                ],
                version: admins.items[0].version,
            },
        )
        .await
        .expect("grants");
    assert_eq!(changed.grants.len(), 2);
    assert_eq!(
        code(
            root.set_grants(
                id,
                &Grants {
                    grants: vec![],
                    version: admins.items[0].version,
                },
            )
            .await
        ),
        ErrorCode::StaleVersion
    );
    assert_eq!(
        code(
            root.set_grants(
                id,
                &Grants {
                    grants: vec![RoleGrant {
                        role: Role::UnitAdmin,
                        scope: GrantScope::Global,
                    }],
                    version: changed.version,
                },
            )
            .await
        ),
        ErrorCode::ValidationFailed
    );
    let s = root.settings().await.expect("settings");
    assert_eq!(s.sync_times, vec!["01:00", "12:00"]);
    assert!(s.next_sync_at.is_some() && s.portal_url.is_some());
}

/// A ticket the simulated portal issued for `user` at `service`.
fn ticket(app: &TestApp, user: &str, service: &str) -> String {
    app.sim.cas.issue(user, service)
}

#[tokio::test]
async fn the_portal_signs_in_known_users_once_per_ticket_for_this_service_only() {
    let app = TestApp::spawn().await;
    let anon = app.anonymous();
    let url = anon
        .login_methods()
        .await
        .expect("methods")
        .portal_login_url
        .expect("the portal is configured");
    let service = format!("{}/login/portal", app.address);
    assert!(url.contains("/cas/login?service="), "{url}");
    let student = "20268000100777";
    app.create_student(app.units[0], student);

    let t = ticket(&app, student, &service);
    let signed = anon
        .portal_login(&PortalLogin { ticket: t.clone() })
        .await
        .expect("signed in");
    assert_eq!(signed.me.username, student);
    // Replayed, forged, or issued for another service: refused.
    assert_eq!(
        code(anon.portal_login(&PortalLogin { ticket: t }).await),
        ErrorCode::InvalidTicket
    );
    assert_eq!(
        code(
            anon.portal_login(&PortalLogin {
                ticket: "ST-1-forged".into()
            })
            .await
        ),
        ErrorCode::InvalidTicket
    );
    let elsewhere = ticket(&app, student, "https://evil.example/login/portal");
    assert_eq!(
        code(anon.portal_login(&PortalLogin { ticket: elsewhere }).await),
        ErrorCode::InvalidTicket
    );
    // A portal user without an account here is refused, not created.
    let unknown = ticket(&app, "20990000000001", &service);
    assert_eq!(
        code(anon.portal_login(&PortalLogin { ticket: unknown }).await),
        ErrorCode::PortalAccountMissing
    );
    assert!(
        backend::db::users::find_by_username(&mut app.conn(), "20990000000001")
            .expect("query")
            .is_none()
    );
    // Staff are found by their staff number; a pending registration does
    // not sign in through the portal either.
    anon.register(&form(&app, 0, "zhao_beian", "T3001"))
        .await
        .expect("registered");
    let pending = ticket(&app, "T3001", &service);
    assert_eq!(
        code(anon.portal_login(&PortalLogin { ticket: pending }).await),
        ErrorCode::RegistrationPending
    );
    // A name that is one account's user name and another's staff number
    // (made outside registration, which keeps them apart) signs in
    // neither.
    app.create_user("T3001", &[]);
    let ambiguous = ticket(&app, "T3001", &service);
    let e = anon
        .portal_login(&PortalLogin { ticket: ambiguous })
        .await
        .expect_err("ambiguous");
    assert_eq!(e.code(), Some(ErrorCode::PortalAccountMissing));
    assert!(e.body().is_some_and(|b| b.message.contains("多个")));
}

#[tokio::test]
async fn without_a_portal_only_passwords_sign_in() {
    let app = TestApp::spawn_with(|c| c.portal_url = None).await;
    let anon = app.anonymous();
    assert_eq!(
        anon.login_methods()
            .await
            .expect("methods")
            .portal_login_url,
        None
    );
    assert_eq!(
        code(
            anon.portal_login(&PortalLogin {
                ticket: "ST-1".into()
            })
            .await
        ),
        ErrorCode::PortalNotConfigured
    );
}
