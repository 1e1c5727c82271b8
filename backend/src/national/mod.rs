//! 学位终审数据管理 (SPEC §2.10, NATIONAL.md): the batch's work made
//! permanent. 学位证书编号 issued in one transaction by the configured rule
//! and never reused; the 学位授予通知 of each unit; the public 公告; the
//! national report, validated field by field before any file is made; and
//! what closing the batch waits for. Reads work on any batch (a completed
//! one stays browsable); writes only on the active batch in 学位终审.

pub mod data;
pub mod files;

use crate::db::degree_data::{self as store, NewNumber, NewReport};
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use shared::authz::{check, Actor, Permission, Role, Scope};
use shared::domain::DegreeLevel;
use shared::dto::batch::Batch;
use shared::dto::degree_data::*;
use shared::error::{ErrorCode, FieldError};
use shared::ids::{ApplicationId, BatchId, UnitId};
use shared::national::certificate::{self, Candidate};
use shared::national::report::{self, FieldProblem, Source};
use shared::workflow::application::apply;
use shared::workflow::{Action, BatchPhase, Facts, Stage};
use std::collections::HashSet;

pub use data::Loaded;

fn batch(conn: &mut DbConn, id: BatchId) -> Result<Batch, ApiError> {
    db::batches::find(conn, id)?.ok_or_else(ApiError::not_found)
}

/// The batch for a change: the active one, held (PostgreSQL), in 学位终审.
fn batch_for_change(conn: &mut DbConn, id: BatchId) -> Result<Batch, ApiError> {
    db::batches::lock_active(conn)?;
    let b = batch(conn, id)?;
    if b.phase != BatchPhase::FinalReview {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            match b.phase {
                BatchPhase::Completed => "该评审批次已完成，只能查阅，不能修改".to_owned(),
                p => format!(
                    "评审批次处于“{}”阶段，学位终审数据管理只在学位终审阶段进行",
                    p.label()
                ),
            },
        ));
    }
    Ok(b)
}

/// The congress's date (its meeting's, else the batch's planned one) and
/// its 决议编号: the certificates' issue date and 获学位日期, and JYBH.
fn congress(conn: &mut DbConn, b: &Batch) -> Result<(chrono::NaiveDate, Option<String>), ApiError> {
    let seat = crate::committee::Seat::congress();
    let meeting = match db::committees::find(conn, seat.kind, seat.owner)? {
        Some(id) => db::committee_records::meeting(conn, id, b.id)?,
        None => None,
    };
    Ok(match meeting {
        Some(m) => (m.held_on, m.resolution_no),
        None => (b.congress_date, None),
    })
}

/// The batch's conferred applicants as the report reads them.
fn sources(
    conn: &mut DbConn,
    b: &Batch,
    unit: Option<UnitId>,
) -> Result<Vec<(Source, UnitId)>, ApiError> {
    let (on, resolution) = congress(conn, b)?;
    let mut v = store::conferred(conn, b.id, unit)?;
    for (s, _) in &mut v {
        s.conferred_on = Some(on);
        s.resolution_no.clone_from(&resolution);
    }
    Ok(v)
}

// ---------------------------------------------------------------- numbers

/// The batch's numbering.
pub fn certificates(
    conn: &mut DbConn,
    actor: &Actor,
    national: &Loaded,
    id: BatchId,
) -> Result<CertificateOverview, ApiError> {
    check(actor, Permission::ManageDegreeData, Scope::Global)?;
    let b = batch(conn, id)?;
    let (issue_date, _) = congress(conn, &b)?;
    let conferred = store::conferred(conn, b.id, None)?.len() as i64;
    let (numbered, revoked) = store::batch_counts(conn, b.id)?;
    let undecided = store::undecided(conn, b.id)?;
    let (first, last) = store::batch_range(conn, b.id)?;
    let blocked = if b.phase != BatchPhase::FinalReview {
        Some(format!("评审批次处于“{}”阶段", b.phase.label()))
    } else if undecided > 0 {
        Some(format!("尚有 {undecided} 名申请人未作出学位终审决定"))
    } else if conferred == numbered {
        Some("全部授予学位的申请人均已发放学位证书编号".to_owned())
    } else {
        None
    };
    Ok(CertificateOverview {
        batch_id: b.id,
        batch_name: b.name,
        phase: b.phase,
        unit_code: national.data.university.code.clone(),
        pattern: national.pattern.to_string(),
        issue_date,
        conferred,
        numbered,
        revoked,
        undecided,
        may_issue: blocked.is_none(),
        blocked,
        first,
        last,
    })
}

fn level_str(l: DegreeLevel) -> &'static str {
    match l {
        DegreeLevel::Doctor => "doctor",
        DegreeLevel::Master => "master",
    }
}

/// 发放学位证书编号: every 授予学位 applicant of the batch without a live
/// number gets one, in one transaction, in the order unit code then 学号.
/// A re-run issues nothing.
pub fn issue(
    conn: &mut DbConn,
    actor: &Actor,
    national: &Loaded,
    id: BatchId,
) -> Result<IssueOutcome, ApiError> {
    check(actor, Permission::ManageDegreeData, Scope::Global)?;
    let b = batch_for_change(conn, id)?;
    let undecided = store::undecided(conn, b.id)?;
    if undecided > 0 {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            format!("尚有 {undecided} 名申请人未作出学位终审决定，全部决定后才能发放学位证书编号"),
        ));
    }
    let (issue_date, _) = congress(conn, &b)?;
    let year = chrono::Datelike::year(&issue_date);
    let all = store::conferred(conn, b.id, None)?;
    let already = all
        .iter()
        .filter(|(s, _)| s.certificate_no.is_some())
        .count() as i64;
    let facts = Facts {
        phase: b.phase,
        unit_submitted: true,
        dossier_complete: true,
        refusal_heard: false,
    };
    let waiting = Stage::FinalDecided(shared::workflow::FinalDecision::Conferred);
    let mut candidates = Vec::new();
    for (s, _) in all.iter().filter(|(s, _)| s.certificate_no.is_none()) {
        apply(waiting, Action::IssueCertificate, Role::DegreeOffice, facts)
            .map_err(|e| ApiError::with_message(ErrorCode::InvalidTransition, e.message()))?;
        let kind = s.kind.ok_or_else(|| ApiError::internal("no kind"))?;
        candidates.push(Candidate {
            key: (
                ApplicationId(s.application_id),
                s.student_no.clone(),
                kind.level(),
            ),
            unit_code: s.unit_code.clone(),
            student_no: s.student_no.clone(),
            level: kind.level(),
            type_code: national.certificate_type(kind, s.study_mode.as_deref()),
        });
    }
    let ever = store::ever_issued(conn)?;
    let numbers = certificate::assign(
        &national.data.university.code,
        year,
        &national.pattern,
        &candidates,
        &ever,
    )
    .map_err(|e| ApiError::with_message(ErrorCode::NumberingFailed, e.to_string()))?;
    let rows: Vec<NewNumber<'_>> = numbers
        .iter()
        .map(|((app, no, level), number)| NewNumber {
            number,
            application: *app,
            student_no: no,
            level: level_str(*level),
            year,
        })
        .collect();
    if !store::issue(conn, b.id, issue_date, &actor.display_name, &rows)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let first = numbers.iter().map(|(_, n)| n).min().cloned();
    let last = numbers.iter().map(|(_, n)| n).max().cloned();
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "batch",
            entity_id: Some(b.id.0),
            action: "issue_certificates",
            before: None,
            after: Some(serde_json::json!({
                "issued": numbers.len(),
                "already": already,
                "first": first,
                "last": last,
                "issue_date": issue_date,
                "pattern": national.pattern.to_string(),
            })),
        },
    )?;
    Ok(IssueOutcome {
        issued: numbers.len() as i64,
        already,
        first,
        last,
    })
}

/// 作废学位证书编号 of one applicant: the number stays recorded, void; the
/// next numbering gives them a new one.
pub fn revoke(
    conn: &mut DbConn,
    actor: &Actor,
    app: ApplicationId,
    input: &RevokeInput,
) -> Result<Vec<CertificateRecord>, ApiError> {
    check(actor, Permission::ManageDegreeData, Scope::Global)?;
    let reason = input.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ApiError::validation(vec![FieldError::new(
            "reason",
            "invalid",
            "请填写作废原因（不超过 500 字）",
        )]));
    }
    let stored = db::applications::find(conn, app)?.ok_or_else(ApiError::not_found)?;
    let b = batch_for_change(conn, stored.batch_id)?;
    let facts = Facts {
        phase: b.phase,
        unit_submitted: true,
        dossier_complete: true,
        refusal_heard: false,
    };
    apply(
        stored.state,
        Action::RevokeCertificate,
        Role::DegreeOffice,
        facts,
    )
    .map_err(|e| ApiError::with_message(ErrorCode::InvalidTransition, e.message()))?;
    if stored.version != input.version {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let number = store::revoke(conn, app, input.version, &actor.display_name, reason)?
        .ok_or_else(|| ApiError::new(ErrorCode::StaleVersion))?;
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "application",
            entity_id: Some(app.0),
            action: "revoke_certificate",
            before: Some(serde_json::json!({ "certificate_no": number })),
            after: Some(serde_json::json!({ "certificate_no": null, "reason": reason })),
        },
    )?;
    Ok(store::numbers_of(conn, app)?)
}

/// Every number ever issued to one applicant.
pub fn numbers_of(
    conn: &mut DbConn,
    actor: &Actor,
    app: ApplicationId,
) -> Result<Vec<CertificateRecord>, ApiError> {
    let stored = db::applications::find(conn, app)?.ok_or_else(ApiError::not_found)?;
    check(actor, Permission::ViewDegreeNotices, stored.scope())?;
    Ok(store::numbers_of(conn, app)?)
}

// ---------------------------------------------------------------- notices

fn notice_rows(national: &Loaded, sources: &[(Source, UnitId)]) -> Vec<NoticeRow> {
    sources
        .iter()
        .map(|(s, _)| {
            let r = report::build(s, &national.data);
            NoticeRow {
                application_id: ApplicationId(s.application_id),
                student_no: s.student_no.clone(),
                name: s.name.clone(),
                kind: s
                    .kind
                    .unwrap_or(shared::domain::StudentKind::AcademicMaster),
                degree: r.get("XWLB").to_owned(),
                major_code: r.get("ZYDM").to_owned(),
                major_name: s
                    .major_name
                    .clone()
                    .unwrap_or_else(|| r.get("ZYMC").to_owned()),
                certificate_no: s.certificate_no.clone(),
            }
        })
        .collect()
}

/// 学位授予通知 of one unit: its conferred applicants with their numbers.
pub fn unit_notice(
    conn: &mut DbConn,
    actor: &Actor,
    national: &Loaded,
    id: BatchId,
    unit: UnitId,
) -> Result<UnitNotice, ApiError> {
    check(actor, Permission::ViewDegreeNotices, Scope::Unit(unit))?;
    let b = batch(conn, id)?;
    let u = db::units::find(conn, unit)?.ok_or_else(ApiError::not_found)?;
    let (on, resolution) = congress(conn, &b)?;
    let src = sources(conn, &b, Some(unit))?;
    Ok(UnitNotice {
        batch_id: b.id,
        batch_name: b.name,
        unit_id: unit,
        unit_code: u.code,
        unit_name: u.name,
        conferred_on: on,
        resolution_no: resolution,
        rows: notice_rows(national, &src),
    })
}

/// The office's list of the units' notices.
pub fn notices(conn: &mut DbConn, actor: &Actor, id: BatchId) -> Result<NoticesOverview, ApiError> {
    check(actor, Permission::ManageDegreeData, Scope::Global)?;
    let b = batch(conn, id)?;
    let mut units: Vec<NoticeSummary> = Vec::new();
    for (s, unit) in store::conferred(conn, b.id, None)? {
        match units.last_mut() {
            Some(u) if u.unit_id == unit => {
                u.conferred += 1;
                u.numbered += i64::from(s.certificate_no.is_some());
            }
            _ => units.push(NoticeSummary {
                unit_id: unit,
                unit_code: s.unit_code,
                unit_name: s.unit_name,
                conferred: 1,
                numbered: i64::from(s.certificate_no.is_some()),
            }),
        }
    }
    Ok(NoticesOverview {
        batch_id: b.id,
        units,
        sent_at: store::notices_sent_at(conn, b.id)?.map(|t| t.and_utc()),
    })
}

/// Tell each unit with conferred degrees that its 学位授予通知 is ready
/// (once every conferred applicant has a number).
pub fn send_notices(
    conn: &mut DbConn,
    actor: &Actor,
    id: BatchId,
) -> Result<NoticesSent, ApiError> {
    check(actor, Permission::ManageDegreeData, Scope::Global)?;
    let b = batch_for_change(conn, id)?;
    let overview = notices(conn, actor, id)?;
    let waiting: i64 = overview
        .units
        .iter()
        .map(|u| u.conferred - u.numbered)
        .sum();
    if waiting > 0 || overview.units.is_empty() {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            if overview.units.is_empty() {
                "本批次没有授予学位的申请人".to_owned()
            } else {
                format!("尚有 {waiting} 名授予学位的申请人未发放学位证书编号，请先发放")
            },
        ));
    }
    let mut messages = 0;
    for u in &overview.units {
        let users = db::users::holding_unit_role(conn, Role::UnitAdmin, u.unit_id)?;
        let text = format!(
            "{}：本单位 {} 人获授学位，学位授予通知（含学位证书编号）已生成，请在“学位授予通知”中查看、打印和下载。",
            b.name, u.conferred
        );
        db::messages::to_users(conn, &users, &text)?;
        messages += users.len() as i64;
    }
    store::mark_notices_sent(conn, b.id)?;
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "batch",
            entity_id: Some(b.id.0),
            action: "send_degree_notices",
            before: None,
            after: Some(serde_json::json!({ "units": overview.units.len(), "messages": messages })),
        },
    )?;
    Ok(NoticesSent {
        units: overview.units.len() as i64,
        messages,
    })
}

// ----------------------------------------------------------- announcement

/// The stable public address of a batch's 公告.
pub fn public_path(id: BatchId) -> String {
    format!("/announcements/{}", id.0)
}

pub fn announcement_status(
    conn: &mut DbConn,
    actor: &Actor,
    id: BatchId,
) -> Result<AnnouncementStatus, ApiError> {
    check(actor, Permission::ManageDegreeData, Scope::Global)?;
    let b = batch(conn, id)?;
    let a = store::announcement(conn, b.id)?;
    Ok(AnnouncementStatus {
        batch_id: b.id,
        published: a.as_ref().is_some_and(|a| a.published),
        title: a.as_ref().map(|a| a.title.clone()),
        published_at: a.as_ref().map(|a| a.published_at.and_utc()),
        unpublished_at: a
            .as_ref()
            .and_then(|a| a.unpublished_at)
            .map(|t| t.and_utc()),
        count: a.as_ref().map_or(0, |a| i64::from(a.count)),
        public_path: public_path(b.id),
        version: a.map_or(0, |a| a.version),
    })
}

/// Publish the list of conferred degrees as it stands now (a snapshot):
/// 姓名, 培养单位, 学位, 学科专业 — no ID numbers, no birth dates.
pub fn publish(
    conn: &mut DbConn,
    actor: &Actor,
    national: &Loaded,
    id: BatchId,
    input: &AnnouncementInput,
) -> Result<AnnouncementStatus, ApiError> {
    check(actor, Permission::ManageDegreeData, Scope::Global)?;
    let b = batch_for_change(conn, id)?;
    let title = input
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| format!("{}学位授予公告", b.name), str::to_owned);
    if title.chars().count() > 200 {
        return Err(ApiError::validation(vec![FieldError::new(
            "title",
            "too_long",
            "标题不能超过 200 字",
        )]));
    }
    let src = sources(conn, &b, None)?;
    if src.iter().any(|(s, _)| s.certificate_no.is_none()) || src.is_empty() {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            "全部授予学位的申请人发放学位证书编号后才能发布公告",
        ));
    }
    let rows: Vec<AnnouncementRow> = notice_rows(national, &src)
        .into_iter()
        .zip(&src)
        .map(|(r, (s, _))| AnnouncementRow {
            name: r.name,
            unit_name: s.unit_name.clone(),
            degree: r.degree,
            major_name: r.major_name,
        })
        .collect();
    let json = serde_json::to_string(&rows).map_err(ApiError::internal)?;
    let count = i32::try_from(rows.len()).unwrap_or(i32::MAX);
    if !store::publish(
        conn,
        b.id,
        input.version,
        &title,
        &json,
        count,
        &actor.display_name,
    )? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "announcement",
            entity_id: Some(b.id.0),
            action: "publish",
            before: None,
            after: Some(serde_json::json!({ "title": title, "count": count })),
        },
    )?;
    announcement_status(conn, actor, id)
}

/// Withdraw the 公告; the withdrawal is recorded.
pub fn unpublish(
    conn: &mut DbConn,
    actor: &Actor,
    id: BatchId,
    version: i32,
) -> Result<AnnouncementStatus, ApiError> {
    check(actor, Permission::ManageDegreeData, Scope::Global)?;
    let b = batch_for_change(conn, id)?;
    if !store::unpublish(conn, b.id, version, &actor.display_name)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "announcement",
            entity_id: Some(b.id.0),
            action: "unpublish",
            before: Some(serde_json::json!({ "published": true })),
            after: Some(serde_json::json!({ "published": false })),
        },
    )?;
    announcement_status(conn, actor, id)
}

/// The published 公告 (no login).
pub fn published(conn: &mut DbConn) -> Result<Vec<AnnouncementSummary>, ApiError> {
    Ok(store::published(conn)?
        .into_iter()
        .map(|(batch, title, at, count)| AnnouncementSummary {
            batch_id: BatchId(batch),
            title,
            published_at: at.and_utc(),
            count: i64::from(count),
        })
        .collect())
}

/// One published 公告 (no login); not found unless published.
pub fn public_announcement(conn: &mut DbConn, id: BatchId) -> Result<Announcement, ApiError> {
    let a = store::announcement(conn, id)?
        .filter(|a| a.published)
        .ok_or_else(ApiError::not_found)?;
    let b = batch(conn, id)?;
    let (on, _) = congress(conn, &b)?;
    Ok(Announcement {
        batch_id: id,
        title: a.title,
        conferred_on: on,
        published_at: a.published_at.and_utc(),
        rows: serde_json::from_str(&a.rows_json).map_err(ApiError::internal)?,
    })
}

// ----------------------------------------------------------------- report

/// The conferred records as read, as written, and every failing field.
type Validated = (Vec<Source>, Vec<report::Record>, Vec<FieldProblem>);

/// Validate every conferred record of the batch.
fn validated(conn: &mut DbConn, national: &Loaded, b: &Batch) -> Result<Validated, ApiError> {
    let src: Vec<Source> = sources(conn, b, None)?
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let (records, problems) = report::validate(&src, &national.data);
    Ok((src, records, problems))
}

fn rejected_ids(problems: &[FieldProblem]) -> HashSet<i64> {
    problems.iter().map(|p| p.application_id).collect()
}

/// 校验: every failing field of every record.
pub fn check_report(
    conn: &mut DbConn,
    actor: &Actor,
    national: &Loaded,
    id: BatchId,
) -> Result<ReportCheck, ApiError> {
    check(actor, Permission::ManageDegreeData, Scope::Global)?;
    let b = batch(conn, id)?;
    let (_, records, problems) = validated(conn, national, &b)?;
    let rejected = rejected_ids(&problems).len() as i64;
    Ok(ReportCheck {
        batch_id: b.id,
        records: records.len() as i64,
        valid: records.len() as i64 - rejected,
        rejected,
        problems,
    })
}

/// The header: the template's field codes.
fn header(national: &Loaded) -> Vec<String> {
    national
        .data
        .columns
        .iter()
        .map(|c| c.code.clone())
        .collect()
}

/// One record as written, in the header's order.
fn row(national: &Loaded, header: &[String], r: &report::Record) -> Vec<String> {
    let written = report::written(r, &national.data);
    header
        .iter()
        .map(|h| {
            written
                .iter()
                .find(|(c, _)| c == h)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
        .collect()
}

/// Write the photos' archive of these records to a temporary file (the
/// valid records with a photo, in report order), rewound.
fn photos_file(
    conn: &mut DbConn,
    sources: &[Source],
    rejected: &HashSet<i64>,
    date: chrono::NaiveDate,
) -> Result<std::fs::File, ApiError> {
    use std::io::Seek;
    let file = tempfile_in_temp()?;
    let list: Vec<(i64, String)> = sources
        .iter()
        .filter(|s| s.has_photo && !rejected.contains(&s.application_id))
        .filter_map(|s| Some((s.application_id, s.id_number.clone()?)))
        .collect();
    let mut chunks = list.chunks(200);
    let mut pending: std::collections::VecDeque<(String, Vec<u8>)> = Default::default();
    let photos = std::iter::from_fn(move || loop {
        if let Some(p) = pending.pop_front() {
            return Some(Ok(p));
        }
        let chunk = chunks.next()?;
        let ids: Vec<i64> = chunk.iter().map(|(app, _)| *app).collect();
        match store::photos(conn, &ids) {
            Ok(mut found) => pending.extend(
                chunk
                    .iter()
                    .filter_map(|(app, id_no)| Some((id_no.clone(), found.remove(app)?))),
            ),
            Err(e) => return Some(Err(ApiError::from(e))),
        }
    });
    let mut file = files::photos_zip(file, photos, date)?;
    file.rewind().map_err(ApiError::internal)?;
    Ok(file)
}

/// An anonymous temporary file (unlinked at once on Unix).
fn tempfile_in_temp() -> Result<std::fs::File, ApiError> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let path = std::env::temp_dir().join(format!(
        "degree-photos-{}-{}.zip",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(ApiError::internal)?;
    std::fs::remove_file(&path).ok();
    Ok(file)
}

fn file_sha256(file: &mut std::fs::File) -> Result<(String, i64), ApiError> {
    use sha2::Digest;
    use std::io::{Read, Seek};
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0i64;
    loop {
        let k = file.read(&mut buf).map_err(ApiError::internal)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as i64;
    }
    file.rewind().map_err(ApiError::internal)?;
    Ok((h.finalize().iter().map(|b| format!("{b:02x}")).collect(), n))
}

fn file_names(b: &Batch, national: &Loaded) -> [(ReportFileKind, String); 3] {
    let stem = format!(
        "{}_{}_{}",
        national.data.university.code,
        b.year,
        b.season.as_str()
    );
    [
        (ReportFileKind::Xlsx, format!("XWSYXX_{stem}.xlsx")),
        (ReportFileKind::Csv, format!("XWSYXX_{stem}.csv")),
        (ReportFileKind::Photos, format!("ZP_{stem}.zip")),
    ]
}

/// 生成上报文件: refused (`report_invalid`, every failing field named)
/// while any record fails, unless `partial`; then the valid records are
/// written and the rejected ones listed beside.
pub fn produce(
    conn: &mut DbConn,
    actor: &Actor,
    national: &Loaded,
    id: BatchId,
    req: &ReportRequest,
) -> Result<ReportView, ApiError> {
    check(actor, Permission::ManageDegreeData, Scope::Global)?;
    let b = batch_for_change(conn, id)?;
    let (src, records, problems) = validated(conn, national, &b)?;
    if records.is_empty() {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            "本批次没有授予学位的记录，无需上报",
        ));
    }
    if src.iter().any(|s| s.certificate_no.is_none()) {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            "尚有授予学位的申请人未发放学位证书编号，请先发放",
        ));
    }
    let rejected = rejected_ids(&problems);
    if !rejected.is_empty() && !req.partial {
        let mut e = ApiError::with_message(
            ErrorCode::ReportInvalid,
            format!(
                "{} 条记录中有 {} 条未通过校验（共 {} 处），不能生成上报文件；请修正，或选择只导出通过校验的记录",
                records.len(),
                rejected.len(),
                problems.len()
            ),
        );
        e.body.fields = problems
            .iter()
            .take(500)
            .map(|p| {
                FieldError::new(
                    &format!("{}.{}", p.student_no, p.field),
                    "invalid",
                    format!(
                        "{} {} {}：{}",
                        p.student_no, p.name, p.field_name, p.problem
                    ),
                )
            })
            .collect();
        return Err(e);
    }
    if rejected.len() == records.len() {
        return Err(ApiError::with_message(
            ErrorCode::ReportInvalid,
            "没有通过校验的记录，不能生成上报文件",
        ));
    }
    let (date, _) = congress(conn, &b)?;
    let header = header(national);
    let rows = || {
        records
            .iter()
            .filter(|r| !rejected.contains(&r.application_id))
            .map(|r| row(national, &header, r))
    };
    let written = records
        .iter()
        .filter(|r| !rejected.contains(&r.application_id))
        .count();
    let xlsx = files::report_xlsx(&header, rows(), date)?;
    let csv = files::report_csv(&header, rows())?;
    let mut zip = photos_file(conn, &src, &rejected, date)?;
    let (photos_sha256, photos_bytes) = file_sha256(&mut zip)?;
    let rejected_list: Vec<&FieldProblem> = problems
        .iter()
        .filter(|p| rejected.contains(&p.application_id))
        .collect();
    let rejected_json = serde_json::to_string(&rejected_list).map_err(ApiError::internal)?;
    let (xlsx_sha256, csv_sha256) = (files::sha256(&xlsx), files::sha256(&csv));
    store::insert_report(
        conn,
        b.id,
        &NewReport {
            partial: !rejected.is_empty(),
            records: i32::try_from(written).unwrap_or(i32::MAX),
            rejected_json: &rejected_json,
            xlsx: &xlsx,
            xlsx_sha256: &xlsx_sha256,
            csv: &csv,
            csv_sha256: &csv_sha256,
            photos_bytes,
            photos_sha256: &photos_sha256,
            by: &actor.display_name,
        },
    )?;
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "batch",
            entity_id: Some(b.id.0),
            action: "produce_national_report",
            before: None,
            after: Some(serde_json::json!({
                "records": written,
                "rejected": rejected.len(),
                "xlsx_sha256": xlsx_sha256,
                "csv_sha256": csv_sha256,
                "photos_sha256": photos_sha256,
            })),
        },
    )?;
    report_view(conn, actor, national, id)?.ok_or_else(|| ApiError::internal("report not stored"))
}

/// The batch's latest produced report, if any.
pub fn report_view(
    conn: &mut DbConn,
    actor: &Actor,
    national: &Loaded,
    id: BatchId,
) -> Result<Option<ReportView>, ApiError> {
    check(actor, Permission::ManageDegreeData, Scope::Global)?;
    let b = batch(conn, id)?;
    let Some(r) = store::latest_report(conn, b.id)? else {
        return Ok(None);
    };
    let names = file_names(&b, national);
    let name = |k: ReportFileKind| {
        names
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    };
    Ok(Some(ReportView {
        batch_id: b.id,
        produced_at: r.produced_at.and_utc(),
        produced_by: r.produced_by,
        records: i64::from(r.records),
        partial: r.partial,
        files: vec![
            ReportFile {
                kind: ReportFileKind::Xlsx,
                file_name: name(ReportFileKind::Xlsx),
                bytes: r.xlsx_bytes,
                sha256: r.xlsx_sha256,
            },
            ReportFile {
                kind: ReportFileKind::Csv,
                file_name: name(ReportFileKind::Csv),
                bytes: r.csv_bytes,
                sha256: r.csv_sha256,
            },
            ReportFile {
                kind: ReportFileKind::Photos,
                file_name: name(ReportFileKind::Photos),
                bytes: r.photos_bytes,
                sha256: r.photos_sha256,
            },
        ],
        rejected: serde_json::from_str(&r.rejected_json).map_err(ApiError::internal)?,
    }))
}

/// A downloaded report file: kept bytes, or a rebuilt temporary file (the
/// photos' archive, streamed) with its SHA-256.
pub enum Download {
    Bytes(Vec<u8>),
    File(std::fs::File, String),
}

/// One file of the latest report, with its name. The photos' archive is
/// rebuilt from the same records and checked against its recorded digest.
pub fn download(
    conn: &mut DbConn,
    actor: &Actor,
    national: &Loaded,
    id: BatchId,
    kind: ReportFileKind,
) -> Result<(String, Download), ApiError> {
    let view = report_view(conn, actor, national, id)?.ok_or_else(ApiError::not_found)?;
    let file = view
        .files
        .iter()
        .find(|f| f.kind == kind)
        .ok_or_else(ApiError::not_found)?;
    let b = batch(conn, id)?;
    let r = store::latest_report(conn, b.id)?.ok_or_else(ApiError::not_found)?;
    let body = match kind {
        ReportFileKind::Xlsx => Download::Bytes(store::report_bytes(conn, r.id, true)?),
        ReportFileKind::Csv => Download::Bytes(store::report_bytes(conn, r.id, false)?),
        ReportFileKind::Photos => {
            let (src, _, _) = validated(conn, national, &b)?;
            let left_out: HashSet<i64> = view.rejected.iter().map(|p| p.application_id).collect();
            let (date, _) = congress(conn, &b)?;
            let mut zip = photos_file(conn, &src, &left_out, date)?;
            let (sha, _) = file_sha256(&mut zip)?;
            if sha != file.sha256 {
                return Err(ApiError::with_message(
                    ErrorCode::StaleVersion,
                    "上报文件生成后数据已有变化，请重新生成上报文件",
                ));
            }
            Download::File(zip, sha)
        }
    };
    Ok((file.file_name.clone(), body))
}

// ------------------------------------------------------------ completion

/// What leaving 学位终审 waits for beyond the final decisions: every
/// conferred applicant numbered, and a report with every record in it that
/// is the data as it is now: a number issued or revoked, or a correction
/// applied, after it was produced makes it out of date (its `.csv`, made
/// again from today's records, would differ).
pub fn check_complete(
    conn: &mut DbConn,
    national: &Loaded,
    id: BatchId,
) -> Result<Option<String>, ApiError> {
    let b = batch(conn, id)?;
    let (src, records, problems) = validated(conn, national, &b)?;
    let waiting = src.iter().filter(|s| s.certificate_no.is_none()).count();
    if waiting > 0 {
        return Ok(Some(format!(
            "尚有 {waiting} 名授予学位的申请人未发放学位证书编号，请在“学位终审数据管理”中发放"
        )));
    }
    if src.is_empty() {
        return Ok(None);
    }
    let Some(r) = store::latest_report(conn, id)? else {
        return Ok(Some(
            "尚未生成学位授予信息上报文件，请在“学位终审数据管理”中校验并生成".to_owned(),
        ));
    };
    if r.partial || r.records as usize != src.len() {
        return Ok(Some(format!(
            "最近一次生成的上报文件只含 {} 条记录（共 {} 名授予学位），请修正未通过校验的记录后重新生成",
            r.records,
            src.len()
        )));
    }
    let header = header(national);
    let now = files::report_csv(&header, records.iter().map(|r| row(national, &header, r)))?;
    if !problems.is_empty() || files::sha256(&now) != r.csv_sha256 {
        return Ok(Some(
            "上报文件生成后数据已有变化（学位证书编号或纸质修改），请重新校验并生成上报文件"
                .to_owned(),
        ));
    }
    Ok(None)
}
