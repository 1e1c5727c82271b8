//! The queries of 用户权限管理: registrations (备案), the accounts of a
//! unit and of the university, and the changes that end a user's sessions.

use super::schema::{registrations, students, units, user_roles, users};
use super::{insert_returning_id, now, DbConn};
use diesel::prelude::*;
use shared::authz::{Role, RoleGrant};
use shared::dto::account::{AccountKind, AccountQuery, RegistrationStatus};
use shared::ids::{UnitId, UserId};
use std::collections::HashMap;

#[derive(Insertable)]
#[diesel(table_name = registrations)]
pub struct NewRegistrationRow<'a> {
    pub user_id: i64,
    pub unit_id: i64,
    pub name: &'a str,
    pub staff_no: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub role: &'a str,
    pub status: &'a str,
    pub address: &'a str,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = registrations)]
pub struct RegistrationRow {
    pub id: i64,
    pub user_id: i64,
    pub unit_id: i64,
    pub name: String,
    pub staff_no: String,
    pub phone: String,
    pub email: String,
    pub role: String,
    pub status: String,
    pub reason: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub decided_at: Option<chrono::NaiveDateTime>,
    pub decided_by_name: Option<String>,
}

pub fn insert_registration(conn: &mut DbConn, r: &NewRegistrationRow<'_>) -> QueryResult<i64> {
    insert_returning_id!(conn, registrations::table, r, registrations::id)
}

/// Registrations from this client address since `since`.
pub fn registrations_from(
    conn: &mut DbConn,
    address: &str,
    since: chrono::NaiveDateTime,
) -> QueryResult<i64> {
    registrations::table
        .filter(registrations::address.eq(address))
        .filter(registrations::created_at.gt(since))
        .count()
        .get_result(conn)
}

/// A registration with its unit's name.
pub fn registration(conn: &mut DbConn, id: i64) -> QueryResult<Option<(RegistrationRow, String)>> {
    registrations::table
        .inner_join(units::table)
        .filter(registrations::id.eq(id))
        .select((RegistrationRow::as_select(), units::name))
        .get_result(conn)
        .optional()
}

/// The registration an account was created by, if any.
pub fn registration_of(conn: &mut DbConn, user: UserId) -> QueryResult<Option<RegistrationRow>> {
    registrations::table
        .filter(registrations::user_id.eq(user.0))
        .select(RegistrationRow::as_select())
        .get_result(conn)
        .optional()
}

/// A unit's registrations, newest first, with the unit's name.
pub fn registrations_of_unit(
    conn: &mut DbConn,
    unit: UnitId,
    status: Option<RegistrationStatus>,
) -> QueryResult<Vec<(RegistrationRow, String)>> {
    let mut q = registrations::table
        .inner_join(units::table)
        .filter(registrations::unit_id.eq(unit.0))
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(registrations::status.eq(s.as_str()));
    }
    q.order(registrations::id.desc())
        .limit(500)
        .select((RegistrationRow::as_select(), units::name))
        .load(conn)
}

/// Record the decision on a pending registration; false when it is no
/// longer pending (decided meanwhile).
pub fn decide_registration(
    conn: &mut DbConn,
    id: i64,
    status: RegistrationStatus,
    reason: Option<&str>,
    by: &str,
) -> QueryResult<bool> {
    diesel::update(
        registrations::table
            .filter(registrations::id.eq(id))
            .filter(registrations::status.eq(RegistrationStatus::Pending.as_str())),
    )
    .set((
        registrations::status.eq(status.as_str()),
        registrations::reason.eq(reason),
        registrations::decided_at.eq(Some(now())),
        registrations::decided_by_name.eq(Some(by)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Whether `name` already names someone: an account's user name or staff
/// number, or a student's 学号 (whose account sync creates by that name).
/// User names and staff numbers share one namespace, as the portal names
/// an account by either.
pub fn name_taken(conn: &mut DbConn, name: &str) -> QueryResult<bool> {
    let accounts: i64 = users::table
        .filter(users::username.eq(name).or(users::staff_no.eq(name)))
        .count()
        .get_result(conn)?;
    if accounts > 0 {
        return Ok(true);
    }
    students::table
        .filter(students::student_no.eq(name))
        .count()
        .get_result::<i64>(conn)
        .map(|n| n > 0)
}

/// Set the account's staff number (工号, how the portal names staff).
pub fn set_staff_no(conn: &mut DbConn, id: UserId, staff_no: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set(users::staff_no.eq(Some(staff_no)))
        .execute(conn)
        .map(|_| ())
}

/// The accounts a portal user name names: by user name (学号 for
/// students) or by staff number. More than one is an ambiguity the
/// caller refuses.
pub fn find_portal_users(conn: &mut DbConn, name: &str) -> QueryResult<Vec<i64>> {
    users::table
        .filter(users::username.eq(name).or(users::staff_no.eq(name)))
        .select(users::id)
        .limit(2)
        .load(conn)
}

/// End every session of the user: tokens of the old version are refused.
pub fn end_sessions(conn: &mut DbConn, id: UserId) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set((
            users::token_version.eq(users::token_version + 1),
            users::updated_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The user's token version (what a token issued now carries).
pub fn token_version(conn: &mut DbConn, id: UserId) -> QueryResult<i32> {
    users::table
        .find(id.0)
        .select(users::token_version)
        .get_result(conn)
}

/// An account's row as its administrators list it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct AccountRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub staff_no: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
    pub locked_until: Option<chrono::NaiveDateTime>,
    pub token_version: i32,
}

pub fn account(conn: &mut DbConn, id: UserId) -> QueryResult<Option<AccountRow>> {
    users::table
        .find(id.0)
        .select(AccountRow::as_select())
        .get_result(conn)
        .optional()
}

/// The unit of a student account's student.
pub fn student_unit(conn: &mut DbConn, student: i64) -> QueryResult<Option<UnitId>> {
    students::table
        .find(student)
        .select(students::unit_id)
        .get_result::<i64>(conn)
        .optional()
        .map(|u| u.map(UnitId))
}

/// One page of accounts: of a unit (`unit`, its staff or its students), or
/// of the whole university (`None`, optionally those holding `q.role`).
pub fn accounts(
    conn: &mut DbConn,
    unit: Option<UnitId>,
    q: &AccountQuery,
    page: i64,
    per_page: i64,
) -> QueryResult<(Vec<AccountRow>, i64)> {
    let query = || {
        let mut b = users::table.into_boxed();
        match (unit, q.kind.unwrap_or_default()) {
            (Some(u), AccountKind::Staff) => {
                b = b.filter(
                    users::id.eq_any(
                        user_roles::table
                            .filter(user_roles::unit_id.eq(u.0))
                            .select(user_roles::user_id),
                    ),
                );
            }
            (Some(u), AccountKind::Student) => {
                b = b.filter(
                    users::id.eq_any(
                        user_roles::table
                            .filter(user_roles::role.eq(Role::Student.as_str()))
                            .filter(
                                user_roles::student_id.eq_any(
                                    students::table
                                        .filter(students::unit_id.eq(u.0))
                                        .select(students::id.nullable()),
                                ),
                            )
                            .select(user_roles::user_id),
                    ),
                );
            }
            (None, _) => {
                if let Some(r) = q.role {
                    b = b.filter(
                        users::id.eq_any(
                            user_roles::table
                                .filter(user_roles::role.eq(r.as_str()))
                                .select(user_roles::user_id),
                        ),
                    );
                }
            }
        }
        if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
            let pattern = super::application_lists::like_pattern(text);
            b = b.filter(
                users::username
                    .like(pattern.clone())
                    .escape('\\')
                    .or(users::display_name.like(pattern).escape('\\')),
            );
        }
        b
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order(users::username)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .select(AccountRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The grants of these users.
pub fn grants_of(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, Vec<RoleGrant>>> {
    let mut out: HashMap<i64, Vec<RoleGrant>> = HashMap::new();
    for id in ids {
        out.insert(*id, super::users::grants(conn, UserId(*id))?);
    }
    Ok(out)
}

/// Replace the user's grants of the unit-grantable roles for `unit` with
/// `roles`.
pub fn set_unit_roles(
    conn: &mut DbConn,
    id: UserId,
    unit: UnitId,
    roles: &[Role],
) -> QueryResult<()> {
    let grantable: Vec<&str> = shared::authz::UNIT_GRANTABLE
        .iter()
        .map(|r| r.as_str())
        .collect();
    diesel::delete(
        user_roles::table
            .filter(user_roles::user_id.eq(id.0))
            .filter(user_roles::unit_id.eq(unit.0))
            .filter(user_roles::role.eq_any(grantable)),
    )
    .execute(conn)?;
    for role in roles {
        super::users::add_grant(
            conn,
            id,
            RoleGrant {
                role: *role,
                scope: shared::authz::GrantScope::Unit(unit),
            },
        )?;
    }
    Ok(())
}

/// Replace every grant of the user.
pub fn set_grants(conn: &mut DbConn, id: UserId, grants: &[RoleGrant]) -> QueryResult<()> {
    diesel::delete(user_roles::table.filter(user_roles::user_id.eq(id.0))).execute(conn)?;
    for g in grants {
        super::users::add_grant(conn, id, *g)?;
    }
    Ok(())
}
