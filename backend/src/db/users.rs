//! User accounts and their role grants.

use super::schema::{students, user_roles, users};
use super::{insert_many, insert_returning_all, insert_returning_id, now, DbConn};
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use shared::authz::{Actor, GrantScope, Role, RoleGrant};
use shared::ids::{GroupId, StudentId, UnitId, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub active: bool,
    pub failed_logins: i32,
    pub locked_until: Option<chrono::NaiveDateTime>,
    pub student_id: Option<i64>,
    pub token_version: i32,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub active: bool,
    pub failed_logins: i32,
    pub student_id: Option<i64>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

impl<'a> NewUser<'a> {
    pub fn new(username: &'a str, display_name: &'a str, password_hash: Option<&'a str>) -> Self {
        let at = now();
        Self {
            username,
            display_name,
            password_hash,
            active: true,
            failed_logins: 0,
            student_id: None,
            created_at: at,
            updated_at: at,
        }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = user_roles)]
struct GrantRow {
    role: String,
    unit_id: Option<i64>,
    group_id: Option<i64>,
    student_id: Option<i64>,
}

impl GrantRow {
    fn into_grant(self) -> QueryResult<RoleGrant> {
        let role = Role::parse(&self.role).ok_or_else(|| {
            DieselError::DeserializationError(format!("unknown role {:?}", self.role).into())
        })?;
        let scope = match (self.unit_id, self.group_id, self.student_id) {
            (None, None, None) => GrantScope::Global,
            (Some(u), None, None) => GrantScope::Unit(UnitId(u)),
            (None, Some(g), None) => GrantScope::Group(GroupId(g)),
            (None, None, Some(s)) => GrantScope::Student(StudentId(s)),
            _ => {
                return Err(DieselError::DeserializationError(
                    "a role grant has more than one scope".into(),
                ))
            }
        };
        let grant = RoleGrant { role, scope };
        if grant.is_well_formed() {
            Ok(grant)
        } else {
            Err(DieselError::DeserializationError(
                format!("grant {grant:?} has the wrong kind of scope").into(),
            ))
        }
    }
}

pub fn find_by_username(conn: &mut DbConn, username: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .get_result(conn)
        .optional()
}

pub fn grants(conn: &mut DbConn, id: UserId) -> QueryResult<Vec<RoleGrant>> {
    user_roles::table
        .filter(user_roles::user_id.eq(id.0))
        .order(user_roles::id)
        .select(GrantRow::as_select())
        .load(conn)?
        .into_iter()
        .map(GrantRow::into_grant)
        .collect()
}

/// Whether an account may act now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountState {
    pub active: bool,
    /// A one-time initial password is still to be changed.
    pub must_change_password: bool,
    /// Tokens issued at another version are no longer accepted.
    pub token_version: i32,
}

/// The signed-in actor as of now, in one statement: whether the account is
/// active, and its grants; `None` for an unknown user.
pub fn actor(conn: &mut DbConn, id: UserId) -> QueryResult<Option<(AccountState, Actor)>> {
    let rows: Vec<(String, String, bool, bool, i32, Option<GrantRow>)> = users::table
        .left_join(user_roles::table)
        .filter(users::id.eq(id.0))
        .order(user_roles::id.nullable())
        .select((
            users::username,
            users::display_name,
            users::active,
            users::must_change_password,
            users::token_version,
            Option::<GrantRow>::as_select(),
        ))
        .load(conn)?;
    let Some((username, display_name, state)) = rows.first().map(|(u, d, a, m, v, _)| {
        (
            u.clone(),
            d.clone(),
            AccountState {
                active: *a,
                must_change_password: *m,
                token_version: *v,
            },
        )
    }) else {
        return Ok(None);
    };
    let grants = rows
        .into_iter()
        .filter_map(|(.., grant)| grant)
        .map(GrantRow::into_grant)
        .collect::<QueryResult<Vec<_>>>()?;
    Ok(Some((
        state,
        Actor {
            user_id: id,
            username,
            display_name,
            grants,
        },
    )))
}

pub fn insert(conn: &mut DbConn, new: &NewUser<'_>) -> QueryResult<UserId> {
    insert_returning_id!(conn, users::table, new, users::id).map(UserId)
}

/// A student account (user name = 学号, no password yet) for each new
/// student: (student id, 学号, name), in few statements.
pub fn insert_student_accounts(
    conn: &mut DbConn,
    students: &[(shared::ids::StudentId, &str, &str)],
) -> QueryResult<()> {
    // 8 bound values per user, 6 per grant: well within SQLite's limit.
    for chunk in students.chunks(2000) {
        let rows: Vec<NewUser<'_>> = chunk
            .iter()
            .map(|(_, no, name)| NewUser::new(no, name, None))
            .collect();
        let created: std::collections::HashMap<String, i64> = insert_returning_all!(
            conn,
            users::table,
            &rows,
            (users::id, users::username),
            (i64, String)
        )?
        .into_iter()
        .map(|(id, username)| (username, id))
        .collect();
        let at = now();
        let grants: Vec<_> = chunk
            .iter()
            .filter_map(|(student, no, _)| {
                Some((
                    user_roles::user_id.eq(*created.get(*no)?),
                    user_roles::role.eq(Role::Student.as_str()),
                    user_roles::student_id.eq(Some(student.0)),
                    user_roles::created_at.eq(at),
                ))
            })
            .collect();
        if grants.len() != chunk.len() {
            return Err(diesel::result::Error::NotFound);
        }
        insert_many!(conn, user_roles::table, grants);
    }
    Ok(())
}

pub fn add_grant(conn: &mut DbConn, user: UserId, grant: RoleGrant) -> QueryResult<()> {
    let (unit_id, group_id, student_id) = match grant.scope {
        GrantScope::Global => (None, None, None),
        GrantScope::Unit(u) => (Some(u.0), None, None),
        GrantScope::Group(g) => (None, Some(g.0), None),
        GrantScope::Student(s) => (None, None, Some(s.0)),
    };
    diesel::insert_into(user_roles::table)
        .values((
            user_roles::user_id.eq(user.0),
            user_roles::role.eq(grant.role.as_str()),
            user_roles::unit_id.eq(unit_id),
            user_roles::group_id.eq(group_id),
            user_roles::student_id.eq(student_id),
            user_roles::created_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Count a failed login; lock the account until `lock_until` when given.
pub fn record_failed_login(
    conn: &mut DbConn,
    id: UserId,
    failed_logins: i32,
    lock_until: Option<chrono::NaiveDateTime>,
) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set((
            users::failed_logins.eq(failed_logins),
            users::locked_until.eq(lock_until),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn reset_failed_logins(conn: &mut DbConn, id: UserId) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set((
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<chrono::NaiveDateTime>),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

/// The student's name, for a student-scoped grant.
pub fn student_name(conn: &mut DbConn, id: i64) -> QueryResult<Option<String>> {
    students::table
        .find(id)
        .select(students::name)
        .get_result(conn)
        .optional()
}

/// Enable or disable an account (a committee member's portal rights).
pub fn set_active(conn: &mut DbConn, id: UserId, active: bool) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set((users::active.eq(active), users::updated_at.eq(now())))
        .execute(conn)
        .map(|_| ())
}

/// Set a new password hash; `must_change`: it is a one-time initial one.
pub fn set_password(
    conn: &mut DbConn,
    id: UserId,
    hash: &str,
    must_change: bool,
) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set((
            users::password_hash.eq(Some(hash)),
            users::must_change_password.eq(must_change),
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<chrono::NaiveDateTime>),
            users::updated_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The stored password hash of a user.
pub fn password_hash(conn: &mut DbConn, id: UserId) -> QueryResult<Option<String>> {
    users::table
        .find(id.0)
        .select(users::password_hash)
        .get_result::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}

/// Does the user hold a grant of `role` for this unit?
pub fn has_unit_grant(
    conn: &mut DbConn,
    id: UserId,
    role: Role,
    unit: shared::ids::UnitId,
) -> QueryResult<bool> {
    user_roles::table
        .filter(user_roles::user_id.eq(id.0))
        .filter(user_roles::role.eq(role.as_str()))
        .filter(user_roles::unit_id.eq(unit.0))
        .count()
        .get_result::<i64>(conn)
        .map(|n| n > 0)
}

/// The users holding `role` for this unit (the unit's admins, to tell).
pub fn holding_unit_role(
    conn: &mut DbConn,
    role: Role,
    unit: shared::ids::UnitId,
) -> QueryResult<Vec<UserId>> {
    user_roles::table
        .inner_join(users::table)
        .filter(user_roles::role.eq(role.as_str()))
        .filter(user_roles::unit_id.eq(unit.0))
        .filter(users::active.eq(true))
        .select(users::id)
        .distinct()
        .load::<i64>(conn)
        .map(|ids| ids.into_iter().map(UserId).collect())
}

/// Withdraw the user's grant of `role` for this unit or group (a committee
/// member's portal rights).
pub fn remove_grant(conn: &mut DbConn, id: UserId, grant: RoleGrant) -> QueryResult<()> {
    let target = user_roles::table
        .filter(user_roles::user_id.eq(id.0))
        .filter(user_roles::role.eq(grant.role.as_str()))
        .into_boxed();
    let target = match grant.scope {
        GrantScope::Unit(u) => target.filter(user_roles::unit_id.eq(u.0)),
        GrantScope::Group(g) => target.filter(user_roles::group_id.eq(g.0)),
        GrantScope::Student(s) => target.filter(user_roles::student_id.eq(s.0)),
        GrantScope::Global => target,
    };
    let ids: Vec<i64> = target.select(user_roles::id).load(conn)?;
    diesel::delete(user_roles::table.filter(user_roles::id.eq_any(ids)))
        .execute(conn)
        .map(|_| ())
}
