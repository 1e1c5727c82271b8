//! Discipline groups (学科群) as the office manages them: their majors with
//! the current batch's submitted applicants, their secretariats, the
//! applicants whose major no group reviews, and the major → group mapping.

use super::schema::{
    applications, discipline_groups, major_groups, students, units, user_roles, users,
};
use super::verification::submitted_stages;
use super::DbConn;
use diesel::prelude::*;
use shared::authz::Role;
use shared::dto::final_review::{MajorRow, Unassigned};
use shared::ids::{ApplicationId, BatchId, GroupId};
use std::collections::HashMap;

/// Every group: id, code, name, by code.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<(GroupId, String, String)>> {
    Ok(discipline_groups::table
        .order(discipline_groups::code)
        .select((
            discipline_groups::id,
            discipline_groups::code,
            discipline_groups::name,
        ))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, code, name)| (GroupId(id), code, name))
        .collect())
}

/// Does the group exist?
pub fn exists(conn: &mut DbConn, id: GroupId) -> QueryResult<bool> {
    Ok(super::units::group_name(conn, id)?.is_some())
}

/// The mapping: major code → group.
pub fn mapping(conn: &mut DbConn) -> QueryResult<HashMap<String, GroupId>> {
    Ok(major_groups::table
        .select((major_groups::major_code, major_groups::group_id))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .map(|(m, g)| (m, GroupId(g)))
        .collect())
}

/// The majors of the batch's submitted applicants, with how many each.
pub fn submitted_majors(conn: &mut DbConn, batch: BatchId) -> QueryResult<Vec<MajorRow>> {
    let rows = applications::table
        .inner_join(students::table)
        .filter(applications::batch_id.eq(batch.0))
        .filter(applications::stage.eq_any(submitted_stages()))
        .group_by((students::major_code, students::major_name))
        .select((
            students::major_code,
            students::major_name,
            diesel::dsl::count_star(),
        ))
        .load::<(Option<String>, Option<String>, i64)>(conn)?;
    let mut by_code: std::collections::BTreeMap<String, MajorRow> = Default::default();
    for (code, name, n) in rows {
        let code = code.unwrap_or_default();
        let row = by_code.entry(code.clone()).or_insert(MajorRow {
            major_code: code,
            major_name: name.clone().unwrap_or_default(),
            applicants: 0,
        });
        row.applicants += n;
        if row.major_name.is_empty() {
            row.major_name = name.unwrap_or_default();
        }
    }
    Ok(by_code.into_values().collect())
}

/// The secretariat accounts of each group (display names).
pub fn secretaries(conn: &mut DbConn) -> QueryResult<HashMap<GroupId, Vec<String>>> {
    let rows = user_roles::table
        .inner_join(users::table)
        .filter(user_roles::role.eq(Role::Secretary.as_str()))
        .filter(users::active.eq(true))
        .select((user_roles::group_id, users::display_name))
        .load::<(Option<i64>, String)>(conn)?;
    let mut out: HashMap<GroupId, Vec<String>> = HashMap::new();
    for (g, name) in rows {
        if let Some(g) = g {
            out.entry(GroupId(g)).or_default().push(name);
        }
    }
    Ok(out)
}

/// The batch's submitted applicants whose major no group reviews: at most
/// `limit` of them, by unit and 学号, and how many in all.
pub fn unassigned(
    conn: &mut DbConn,
    batch: BatchId,
    limit: i64,
) -> QueryResult<(Vec<Unassigned>, i64)> {
    let filtered = || {
        applications::table
            .inner_join(students::table)
            .inner_join(units::table.on(units::id.eq(applications::unit_id)))
            .filter(applications::batch_id.eq(batch.0))
            .filter(applications::stage.eq_any(submitted_stages()))
            .filter(
                students::major_code.is_null().or(students::major_code
                    .ne_all(major_groups::table.select(major_groups::major_code.nullable()))),
            )
    };
    let total = filtered().count().get_result::<i64>(conn)?;
    let rows = filtered()
        .order((units::code, students::student_no))
        .limit(limit)
        .select((
            applications::id,
            students::student_no,
            students::name,
            units::name,
            students::major_code,
            students::major_name,
        ))
        .load::<(i64, String, String, String, Option<String>, Option<String>)>(conn)?;
    Ok((
        rows.into_iter()
            .map(|(id, no, name, unit, code, major)| Unassigned {
                application_id: ApplicationId(id),
                student_no: no,
                name,
                unit_name: unit,
                major_code: code,
                major_name: major,
            })
            .collect(),
        total,
    ))
}

/// Put the major into the group, or (none) into no group. The mapping's
/// previous group, if any.
pub fn assign(
    conn: &mut DbConn,
    major: &str,
    group: Option<GroupId>,
) -> QueryResult<Option<GroupId>> {
    let before = major_groups::table
        .find(major)
        .select(major_groups::group_id)
        .get_result::<i64>(conn)
        .optional()?
        .map(GroupId);
    diesel::delete(major_groups::table.find(major)).execute(conn)?;
    if let Some(g) = group {
        super::units::map_major_to_group(conn, major, g)?;
    }
    Ok(before)
}
