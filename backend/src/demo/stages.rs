//! `--demo-stage`: the demo batch taken on to 学科群分会评审, 学位终审, or
//! 学位终审数据管理 (学位终审 with every decision made), so that a new user
//! reaches those stages without playing every earlier role.
//! Every step is the real one, taken by the demo user whose work it is: the
//! units' admins record the 学位初审 results and submit, the office seals and
//! advances, each group's secretariat (`secretary1` … `secretary3`) seats its
//! subcommittee and records its results — except 数理学科群's, left to
//! `secretary1` with `member1` on it when the batch stops at 学科群分会评审.

use super::committees::actor_of;
use crate::committee::{self, Seat};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use shared::authz::Actor;
use shared::dto::committee::{
    ApplicationVersion, MeetingInput, MemberInput, ResultInput, ResultsRequest, ReviewQuery,
};
use shared::ids::{GroupId, UnitId, UserId};
use shared::workflow::committee::{Attendance, Position, Votes};
use shared::workflow::{BatchPhase, Decision, Stage};

/// Where `--demo-stage` takes the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoStage {
    SubcommitteeReview,
    FinalReview,
    /// 学位终审 with the congress's meeting recorded and every applicant
    /// decided (the one refusal heard first): 学位终审数据管理 is next.
    DegreeData,
}

impl DemoStage {
    pub const ALL: [DemoStage; 3] = [
        DemoStage::SubcommitteeReview,
        DemoStage::FinalReview,
        DemoStage::DegreeData,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DemoStage::SubcommitteeReview => "subcommittee_review",
            DemoStage::FinalReview => "final_review",
            DemoStage::DegreeData => "degree_data",
        }
    }

    /// The batch's phase at this stage.
    pub fn phase(self) -> BatchPhase {
        match self {
            DemoStage::SubcommitteeReview => BatchPhase::SubcommitteeReview,
            DemoStage::FinalReview | DemoStage::DegreeData => BatchPhase::FinalReview,
        }
    }
}

/// The stages `--demo-stage` takes the batch to.
pub fn parse(s: &str) -> Option<DemoStage> {
    DemoStage::ALL.into_iter().find(|d| d.as_str() == s)
}

fn versions(
    conn: &mut DbConn,
    ids: &[shared::ids::ApplicationId],
) -> Result<Vec<ApplicationVersion>, ApiError> {
    ids.iter()
        .map(|id| {
            Ok(ApplicationVersion {
                id: *id,
                version: db::applications::find(conn, *id)?
                    .ok_or_else(ApiError::not_found)?
                    .version,
            })
        })
        .collect()
}

fn unanimous(present: u32, decision: Decision) -> ResultInput {
    ResultInput {
        votes: match decision {
            Decision::Passed => Votes {
                yes: present,
                no: 0,
                abstain: 0,
            },
            _ => Votes {
                yes: 0,
                no: present,
                abstain: 0,
            },
        },
        decision,
        resolution: None,
        reason: None,
    }
}

/// Record every open 学位初审 (unanimously passed) and submit each unit;
/// applications still being filled are withdrawn (申请学位 unticked).
fn submit_units(conn: &mut DbConn, units: &[UnitId]) -> Result<(), ApiError> {
    let batch = db::batches::active(conn)?.ok_or_else(ApiError::not_found)?;
    for (i, unit) in units.iter().enumerate() {
        let apps = db::submissions::applicants(
            conn,
            db::submissions::Pool::Unit(*unit),
            shared::workflow::committee::CommitteeKind::Prelim,
            batch.id,
        )?;
        if apps.is_empty() {
            continue;
        }
        for a in apps
            .iter()
            .filter(|a| matches!(a.state, Stage::Filing | Stage::Confirmed))
        {
            let stored = db::applications::find(conn, a.id)?.ok_or_else(ApiError::not_found)?;
            db::applications::set_state(conn, &stored, stored.version, Stage::NotApplied)?;
        }
        let admin = actor_of(conn, &format!("unit{}_admin", i + 1))?;
        let seat = Seat::prelim(*unit);
        let open: Vec<_> = apps
            .iter()
            .filter(|a| a.state == Stage::Reviewed)
            .map(|a| a.id)
            .collect();
        if !open.is_empty() {
            let present = committee::meeting(conn, &admin, seat)?
                .meeting
                .map_or(0, |m| m.attendance.members_present);
            let req = ResultsRequest {
                result: unanimous(present, Decision::Passed),
                applications: versions(conn, &open)?,
            };
            committee::record_results(conn, &admin, seat, &req)?;
        }
        if !db::applications::unit_submitted(conn, batch.id, *unit)? {
            let version = db::submissions::status(conn, batch.id, *unit)?.version;
            crate::workflow::submission::submit(conn, &admin, *unit, version)?;
        }
    }
    Ok(())
}

fn advance(
    conn: &mut DbConn,
    national: &crate::national::Loaded,
    to: BatchPhase,
) -> Result<(), ApiError> {
    let batch = db::batches::active(conn)?.ok_or_else(ApiError::not_found)?;
    if to == BatchPhase::Sealed {
        crate::verification::check_seal(conn, batch.id)?;
    }
    crate::final_review::phases::check_advance(conn, national, batch.id, batch.phase)?;
    db::batches::set_phase(conn, batch.id, batch.version, to)?;
    Ok(())
}

const SUB_MEMBERS: [&str; 5] = ["冯教授", "陈院士", "褚研究员", "卫教授", "蒋研究员"];

/// The group's subcommittee of five by its secretariat, with `login` (a demo
/// sub_member account) in the chair; the meeting recorded; the results
/// recorded for every applicant when `decide` (all passed, or with
/// `refuse_one` the last failed).
fn seat_subcommittee(
    conn: &mut DbConn,
    group: GroupId,
    secretary: &Actor,
    login: Option<&str>,
    decide: bool,
    refuse_one: bool,
) -> Result<(), ApiError> {
    let seat = Seat::subcommittee(group);
    for (i, name) in SUB_MEMBERS.iter().enumerate() {
        let member = committee::add_member(
            conn,
            secretary,
            seat,
            &MemberInput {
                name: (*name).to_owned(),
                title: "教授".into(),
                affiliation: "中国科学院大学".into(),
                position: match i {
                    0 => Position::Chair,
                    1 => Position::ViceChair,
                    _ => Position::Member,
                },
                staff_no: None,
                contact: None,
                version: None,
            },
        )?;
        if let (0, Some(l)) = (i, login) {
            let user = db::users::find_by_username(conn, l)?.ok_or_else(ApiError::not_found)?;
            db::committees::set_member_user(conn, member.id, member.version, UserId(user.id))?;
        }
    }
    if !decide {
        return Ok(());
    }
    committee::save_meeting(
        conn,
        secretary,
        seat,
        &MeetingInput {
            held_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 12).unwrap_or_default(),
            place: "学术会堂".into(),
            attendance: Attendance {
                members_total: 5,
                members_present: 5,
            },
            minutes: "分会审议了本学科群学位申请人的学位授予事项，以无记名投票方式进行表决。"
                .into(),
            resolution_no: None,
            version: None,
        },
    )?;
    let page = committee::review_page(
        conn,
        secretary,
        seat,
        &ReviewQuery {
            per_page: Some(200),
            ..ReviewQuery::default()
        },
    )?;
    let ids: Vec<_> = page
        .items
        .iter()
        .filter(|r| r.may_record)
        .map(|r| r.application_id)
        .collect();
    // One refusal to hear, where a group has several applicants.
    let (failed, passed) = match ids.split_last() {
        Some((last, rest)) if !rest.is_empty() && refuse_one => (vec![*last], rest.to_vec()),
        _ => (Vec::new(), ids),
    };
    for (apps, decision) in [(passed, Decision::Passed), (failed, Decision::Failed)] {
        if apps.is_empty() {
            continue;
        }
        let req = ResultsRequest {
            result: unanimous(5, decision),
            applications: versions(conn, &apps)?,
        };
        committee::record_results(conn, secretary, seat, &req)?;
    }
    Ok(())
}

/// After 封网: a 纸质修改申请 by `unit3_admin` (an applicant's e-mail, with
/// its scan), approved by the office; the network center applies it once
/// the congress has decided on the applicant.
fn paper_correction(conn: &mut DbConn, unit: UnitId) -> Result<(), ApiError> {
    use shared::dossier::FilledField;
    use shared::dto::verification::{CorrectionDecision, CorrectionInput};
    let batch = db::batches::active(conn)?.ok_or_else(ApiError::not_found)?;
    let apps = db::submissions::applicants(
        conn,
        db::submissions::Pool::Unit(unit),
        shared::workflow::committee::CommitteeKind::Prelim,
        batch.id,
    )?;
    let Some(first) = apps.first() else {
        return Ok(());
    };
    let stored = db::applications::find(conn, first.id)?.ok_or_else(ApiError::not_found)?;
    let admin = actor_of(conn, "unit3_admin")?;
    let c = crate::verification::corrections::record(
        conn,
        &admin,
        first.id,
        &CorrectionInput {
            field: FilledField::Email.as_str().to_owned(),
            current_value: stored.filled.get(&FilledField::Email).cloned(),
            requested_value: Some("corrected@example.cn".to_owned()),
            explanation: "学生本人邮箱已停用，附学生签字的情况说明。".to_owned(),
        },
    )?;
    let c =
        crate::verification::corrections::attach(conn, &admin, c.id, c.version, super::DEMO_PHOTO)?;
    let office = actor_of(conn, "office")?;
    crate::verification::corrections::decide(
        conn,
        &office,
        c.id,
        &CorrectionDecision {
            approve: true,
            note: String::new(),
            version: c.version,
        },
    )?;
    Ok(())
}

/// 学科群管理 as the office would do it: each major no group reviews goes
/// to the group of its applicant's unit.
fn map_majors(conn: &mut DbConn, unit_groups: &[(UnitId, GroupId)]) -> Result<(), ApiError> {
    let batch = db::batches::active(conn)?.ok_or_else(ApiError::not_found)?;
    let office = actor_of(conn, "office")?;
    let (unassigned, _) = db::groups::unassigned(conn, batch.id, 10_000)?;
    for u in unassigned {
        let Some(major) = u.major_code else { continue };
        let app =
            db::applications::find(conn, u.application_id)?.ok_or_else(ApiError::not_found)?;
        let group = unit_groups
            .iter()
            .find(|(unit, _)| *unit == app.unit_id)
            .map(|(_, g)| *g);
        if db::groups::mapping(conn)?.contains_key(&major) {
            continue;
        }
        crate::final_review::assign_major(
            conn,
            &office,
            &shared::dto::final_review::MajorAssignment {
                major_code: major,
                group_id: group,
            },
        )?;
    }
    Ok(())
}

/// Take the demo batch to `to` (学科群分会评审 or 学位终审).
pub fn fast_forward(
    conn: &mut DbConn,
    national: &crate::national::Loaded,
    units: &[UnitId],
    groups: &[GroupId],
    unit_groups: &[(UnitId, GroupId)],
    stage: DemoStage,
) -> Result<(), ApiError> {
    let to = stage.phase();
    submit_units(conn, units)?;
    advance(conn, national, BatchPhase::Sealed)?;
    paper_correction(conn, units[2])?;
    map_majors(conn, unit_groups)?;
    advance(conn, national, BatchPhase::SubcommitteeReview)?;
    let secretary1 = actor_of(conn, "secretary1")?;
    let decide_first = to == BatchPhase::FinalReview;
    seat_subcommittee(
        conn,
        groups[0],
        &secretary1,
        Some("member1"),
        decide_first,
        false,
    )?;
    for (i, group) in groups.iter().enumerate().skip(1) {
        let secretariat = actor_of(conn, &format!("secretary{}", i + 1))?;
        let login = (i == 2).then_some("member3");
        seat_subcommittee(conn, *group, &secretariat, login, true, i == 2)?;
    }
    if to == BatchPhase::FinalReview {
        advance(conn, national, BatchPhase::FinalReview)?;
    }
    if stage == DemoStage::DegreeData {
        decide_all(conn)?;
        id_number_typo(conn, units[2])?;
    }
    Ok(())
}

/// The congress's meeting, the hearing of each recommended refusal (the
/// applicant waives it), and every recommendation accepted: each step the
/// real one, by the office and the applicant.
fn decide_all(conn: &mut DbConn) -> Result<(), ApiError> {
    use crate::final_review::{self, decisions, hearings};
    use shared::dto::final_review::{
        AcceptRecommendations, FinalQuery, HearingAnswer, HearingProposal, HearingRecordInput,
    };
    let office = actor_of(conn, "office")?;
    let batch = db::batches::active(conn)?
        .ok_or_else(|| ApiError::new(shared::error::ErrorCode::NoActiveBatch))?;
    committee::save_meeting(
        conn,
        &office,
        Seat::congress(),
        &MeetingInput {
            held_on: batch.congress_date,
            place: "中国科学院大学玉泉路校区学术会堂".into(),
            attendance: Attendance {
                members_total: 25,
                members_present: 21,
            },
            minutes: "审议各学科群分会的评审结果，表决通过授予学位名单。".into(),
            resolution_no: Some(format!("国科大学位〔{}〕1号", batch.year)),
            version: None,
        },
    )?;
    let undecided = final_review::list(
        conn,
        &office,
        &FinalQuery {
            decided: Some(false),
            per_page: Some(200),
            ..FinalQuery::default()
        },
    )?;
    let refusals = undecided.items.iter().filter(|r| {
        r.may_propose_hearing
            && r.recommendation == Some(shared::workflow::FinalDecision::NotConferred)
    });
    for row in refusals {
        let h = hearings::propose(
            conn,
            &office,
            row.application_id,
            &HearingProposal {
                facts_and_reasons:
                    "学科群分会评审未通过：学位论文的创新性和工作量未达到学位授予要求。".into(),
                days: None,
                version: row.version,
            },
        )?;
        let student = actor_of(conn, &row.student_no)?;
        let h = hearings::answer(
            conn,
            &student,
            h.id,
            &HearingAnswer {
                statement: None,
                waive: true,
                version: h.version,
            },
        )?;
        hearings::record(
            conn,
            &office,
            h.id,
            &HearingRecordInput {
                record: "申请人放弃陈述和申辩，维持不授予学位的建议。".into(),
                version: h.version,
            },
        )?;
    }
    decisions::accept_all(conn, &office, &AcceptRecommendations::default())?;
    Ok(())
}

/// One conferred applicant of the unit whose ID number came with a wrong
/// check digit (the report's validation names it), and the unit's approved
/// 纸质修改申请 that corrects it, for the network center to apply.
fn id_number_typo(conn: &mut DbConn, unit: UnitId) -> Result<(), ApiError> {
    use crate::db::schema::{applications, students};
    use diesel::prelude::*;
    use shared::dto::verification::{CorrectionDecision, CorrectionInput};
    let Some((app, student, id)) = applications::table
        .inner_join(students::table)
        .filter(applications::unit_id.eq(unit.0))
        .filter(
            applications::final_decision.eq(shared::workflow::FinalDecision::Conferred.as_str()),
        )
        .order(students::student_no.desc())
        .select((applications::id, students::id, students::id_number))
        .first::<(i64, i64, Option<String>)>(conn)
        .optional()?
    else {
        return Ok(());
    };
    let Some(good) = id.filter(|i| i.len() == 18) else {
        return Ok(());
    };
    let last = if good.ends_with('0') { '1' } else { '0' };
    let typo = format!("{}{last}", &good[..17]);
    diesel::update(students::table.find(student))
        .set(students::id_number.eq(Some(&typo)))
        .execute(conn)?;
    let admin = actor_of(conn, "unit3_admin")?;
    let c = crate::verification::corrections::record(
        conn,
        &admin,
        shared::ids::ApplicationId(app),
        &CorrectionInput {
            field: "id_number".to_owned(),
            current_value: Some(typo),
            requested_value: Some(good),
            explanation: "学籍系统中身份证号码末位录入有误，附身份证复印件。".to_owned(),
        },
    )?;
    let c =
        crate::verification::corrections::attach(conn, &admin, c.id, c.version, super::DEMO_PHOTO)?;
    let office = actor_of(conn, "office")?;
    crate::verification::corrections::decide(
        conn,
        &office,
        c.id,
        &CorrectionDecision {
            approve: true,
            note: String::new(),
            version: c.version,
        },
    )?;
    Ok(())
}
