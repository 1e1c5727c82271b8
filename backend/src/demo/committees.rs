//! The demo units' 学位初审委员会, built by each unit's admin as a user
//! would, with the meeting of the open batch recorded.

use crate::db::{self, DbConn};
use crate::error::ApiError;
use shared::authz::Role;
use shared::ids::UnitId;

pub(super) fn actor_of(
    conn: &mut DbConn,
    username: &str,
) -> Result<shared::authz::Actor, ApiError> {
    let user = db::users::find_by_username(conn, username)?.ok_or_else(ApiError::not_found)?;
    Ok(db::users::actor(conn, shared::ids::UserId(user.id))?
        .ok_or_else(ApiError::not_found)?
        .1)
}

const MEMBER_NAMES: [&str; 7] = [
    "赵明远",
    "钱学文",
    "孙立群",
    "李静怡",
    "周海涛",
    "吴振华",
    "郑晓岚",
];

/// The unit's 学位初审委员会 of `size` (the first its 主席), by the unit's
/// admin, with the meeting of the open batch recorded (all present); the
/// demo logins in `logins` take the seats after the chair (their names).
pub(super) fn seat_committee(
    conn: &mut DbConn,
    unit: UnitId,
    size: usize,
    logins: &[&str],
) -> Result<(), ApiError> {
    use shared::workflow::committee::Position;
    // The unit's demo admin builds it, as a user would.
    let admin_id = db::users::holding_unit_role(conn, Role::UnitAdmin, unit)?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::internal("a demo unit without an admin"))?;
    let admin = db::users::actor(conn, admin_id)?
        .ok_or_else(ApiError::not_found)?
        .1;
    let seat = crate::committee::Seat::prelim(unit);
    for (i, name) in MEMBER_NAMES.iter().take(size).enumerate() {
        let login = i.checked_sub(1).and_then(|j| logins.get(j));
        let display = match login {
            Some(l) => db::users::find_by_username(conn, l)?
                .map(|u| u.display_name)
                .unwrap_or_else(|| (*name).to_owned()),
            None => (*name).to_owned(),
        };
        let member = crate::committee::add_member(
            conn,
            &admin,
            seat,
            &shared::dto::committee::MemberInput {
                name: display,
                title: if i < 3 { "研究员" } else { "副研究员" }.into(),
                affiliation: "中国科学院大学".into(),
                position: match i {
                    0 => Position::Chair,
                    1 => Position::ViceChair,
                    _ => Position::Member,
                },
                staff_no: Some(format!("{:04}", 1000 + i)),
                contact: None,
                version: None,
            },
        )?;
        if let Some(l) = login {
            let user = db::users::find_by_username(conn, l)?.ok_or_else(ApiError::not_found)?;
            db::committees::set_member_user(
                conn,
                member.id,
                member.version,
                shared::ids::UserId(user.id),
            )?;
        }
    }
    let n = u32::try_from(size).unwrap_or(0);
    crate::committee::save_meeting(
        conn,
        &admin,
        seat,
        &shared::dto::committee::MeetingInput {
            resolution_no: None,
            held_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default(),
            place: "学术报告厅".into(),
            attendance: shared::workflow::committee::Attendance {
                members_total: n,
                members_present: n,
            },
            minutes: "会议审议了本单位学位申请人的学位初审事项，以无记名投票方式进行表决。".into(),
            version: None,
        },
    )?;
    Ok(())
}
