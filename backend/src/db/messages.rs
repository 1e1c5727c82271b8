//! In-app messages to users (filing opened, dossier sent back …).

use super::schema::{messages, user_roles};
use super::{insert_many, now, DbConn};
use diesel::prelude::*;
use shared::dto::application::Message;
use shared::ids::{ApplicationId, StudentId};

/// Send the same text to the account of each student (those without an
/// account are skipped): (student id, application id).
pub fn to_students(
    conn: &mut DbConn,
    targets: &[(StudentId, ApplicationId)],
    text: &str,
) -> QueryResult<()> {
    let app_of: std::collections::HashMap<i64, i64> =
        targets.iter().map(|(s, a)| (s.0, a.0)).collect();
    let ids: Vec<i64> = app_of.keys().copied().collect();
    let at = now();
    for chunk in ids.chunks(500) {
        // A student's account is the one holding the student role for the record.
        let accounts: Vec<(i64, Option<i64>)> = user_roles::table
            .filter(user_roles::role.eq(shared::authz::Role::Student.as_str()))
            .filter(user_roles::student_id.eq_any(chunk))
            .select((user_roles::user_id, user_roles::student_id))
            .load(conn)?;
        let rows: Vec<_> = accounts
            .into_iter()
            .filter_map(|(user, student)| {
                let app = *app_of.get(&student?)?;
                Some((
                    messages::user_id.eq(user),
                    messages::text.eq(text),
                    messages::application_id.eq(Some(app)),
                    messages::created_at.eq(at),
                ))
            })
            .collect();
        insert_many!(conn, messages::table, rows);
    }
    Ok(())
}

/// Send the same text to these accounts (staff: a unit's admins).
pub fn to_users(conn: &mut DbConn, users: &[shared::ids::UserId], text: &str) -> QueryResult<()> {
    let at = now();
    let rows: Vec<_> = users
        .iter()
        .map(|u| {
            (
                messages::user_id.eq(u.0),
                messages::text.eq(text),
                messages::application_id.eq(None::<i64>),
                messages::created_at.eq(at),
            )
        })
        .collect();
    insert_many!(conn, messages::table, rows);
    Ok(())
}

/// A user's latest messages, newest first.
pub fn of_user(conn: &mut DbConn, user_id: i64, limit: i64) -> QueryResult<Vec<Message>> {
    let rows = messages::table
        .filter(messages::user_id.eq(user_id))
        .order(messages::id.desc())
        .limit(limit)
        .select((
            messages::id,
            messages::text,
            messages::created_at,
            messages::read_at,
        ))
        .load::<(
            i64,
            String,
            chrono::NaiveDateTime,
            Option<chrono::NaiveDateTime>,
        )>(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, text, at, read)| Message {
            id,
            text,
            created_at: at.and_utc(),
            read: read.is_some(),
        })
        .collect())
}

/// Mark all of a user's messages read; returns how many were unread.
pub fn mark_all_read(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    diesel::update(
        messages::table
            .filter(messages::user_id.eq(user_id))
            .filter(messages::read_at.is_null()),
    )
    .set(messages::read_at.eq(Some(now())))
    .execute(conn)
}
