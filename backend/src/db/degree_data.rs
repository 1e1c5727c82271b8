//! 学位终审数据管理's records: the conferred applicants as the certificate,
//! the notices and the national report read them; every certificate number
//! ever issued; the produced reports; the published 公告.

use super::applications::{kind_of, parse_filled};
use super::bulk::insert_json_rows;
use super::schema::{
    announcements, application_photos, applications, batches, certificate_numbers,
    national_reports, students, units,
};
use super::{insert_returning_id, now, DbConn};
use diesel::prelude::*;
use shared::dossier::FilledField;
use shared::ids::{ApplicationId, BatchId, UnitId};
use shared::national::report::Source;
use shared::workflow::{FinalDecision, Stage};
use std::collections::{BTreeSet, HashSet};

/// The stages of a conferred applicant (with or without a number).
fn conferred_stages() -> [&'static str; 2] {
    [
        Stage::FinalDecided(FinalDecision::Conferred).stage(),
        Stage::CertificateIssued.stage(),
    ]
}

type SourceColumns = (
    (i64, String, String, String, String),
    (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
    (Option<chrono::NaiveDate>, Option<String>, Option<String>),
    (String, String, String, i64),
    (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
    (Option<String>, Option<String>, Option<String>),
    (Option<String>, Option<String>, Option<String>, String),
);

/// The batch's conferred applicants (of one unit, if given), in the
/// numbering order: unit code, then 学号. The batch-wide values (the
/// congress's date and 决议编号) are the caller's.
pub fn conferred(
    conn: &mut DbConn,
    batch: BatchId,
    unit: Option<UnitId>,
) -> QueryResult<Vec<(Source, UnitId)>> {
    let mut q = applications::table
        .inner_join(students::table)
        .inner_join(units::table.on(units::id.eq(applications::unit_id)))
        .filter(applications::batch_id.eq(batch.0))
        .filter(applications::stage.eq_any(conferred_stages()))
        .filter(applications::final_decision.eq(FinalDecision::Conferred.as_str()))
        .into_boxed();
    if let Some(u) = unit {
        q = q.filter(applications::unit_id.eq(u.0));
    }
    let rows = q
        .order((units::code, students::student_no))
        .select((
            (
                applications::id,
                students::kind,
                students::student_no,
                students::name,
                students::name_pinyin,
            ),
            (
                students::gender,
                students::nationality,
                students::ethnicity,
                students::political_status,
            ),
            (students::birth_date, students::id_type, students::id_number),
            (units::code, units::name, units::head_name, units::id),
            (
                students::discipline_category,
                students::first_level_discipline,
                students::major_code,
                students::major_name,
            ),
            (
                students::study_mode,
                students::entry_month,
                applications::certificate_no,
            ),
            (
                students::advisor_name,
                students::thesis_title,
                students::thesis_keywords,
                applications::filled,
            ),
        ))
        .load::<SourceColumns>(conn)?;
    let photos: HashSet<i64> = {
        let ids: Vec<i64> = rows.iter().map(|r| r.0 .0).collect();
        let mut set = HashSet::new();
        for chunk in ids.chunks(500) {
            set.extend(
                application_photos::table
                    .filter(application_photos::application_id.eq_any(chunk))
                    .select(application_photos::application_id)
                    .load::<i64>(conn)?,
            );
        }
        set
    };
    rows.into_iter()
        .map(|(a, p, id, u, m, s, t)| {
            let filled = parse_filled(&t.3);
            let get = |f: FilledField| filled.get(&f).cloned().filter(|v| !v.trim().is_empty());
            let kind = kind_of(&a.1)?;
            // Synced keywords are stored as a JSON list.
            let synced_keywords =
                t.2.and_then(|k| serde_json::from_str::<Vec<String>>(&k).ok())
                    .filter(|k| !k.is_empty())
                    .map(|k| k.join(","));
            Ok((
                Source {
                    application_id: a.0,
                    kind: Some(kind),
                    student_no: a.2,
                    name: a.3,
                    name_pinyin: a.4,
                    gender: p.0,
                    nationality: p.1,
                    ethnicity: p.2,
                    political_status: p.3,
                    birth_date: id.0,
                    id_type: id.1,
                    id_number: id.2,
                    unit_code: u.0,
                    unit_name: u.1,
                    unit_head: u.2,
                    discipline_category: m.0,
                    first_level: m.1,
                    major_code: m.2,
                    major_name: m.3,
                    professional_category: get(FilledField::ProfessionalCategory),
                    study_mode: s.0,
                    entry_month: s.1,
                    conferred_on: None,
                    certificate_no: s.2,
                    resolution_no: None,
                    advisor_name: t.0,
                    thesis_title: t.1,
                    keywords: synced_keywords.or_else(|| get(FilledField::ThesisKeywords)),
                    thesis_type: get(FilledField::ThesisType),
                    thesis_source: get(FilledField::ThesisSource),
                    thesis_language: get(FilledField::ThesisLanguage),
                    research_direction: get(FilledField::ResearchDirection),
                    has_photo: photos.contains(&a.0),
                },
                UnitId(u.3),
            ))
        })
        .collect()
}

/// How many of the batch's applicants have no final decision yet.
pub fn undecided(conn: &mut DbConn, batch: BatchId) -> QueryResult<i64> {
    let decided = [
        Stage::FinalDecided(FinalDecision::Conferred).stage(),
        Stage::CertificateIssued.stage(),
    ];
    let submitted = super::verification::submitted_stages();
    applications::table
        .filter(applications::batch_id.eq(batch.0))
        .filter(applications::stage.eq_any(submitted))
        .filter(applications::stage.ne_all(decided))
        .count()
        .get_result(conn)
}

/// Every number ever issued, void ones included.
pub fn ever_issued(conn: &mut DbConn) -> QueryResult<BTreeSet<String>> {
    Ok(certificate_numbers::table
        .select(certificate_numbers::number)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

/// One number to record.
pub struct NewNumber<'a> {
    pub number: &'a str,
    pub application: ApplicationId,
    pub student_no: &'a str,
    pub level: &'a str,
    pub year: i32,
}

/// Record the numbers and put each on its application (moving it to
/// 已发证书编号), in few statements. `false` when an application was no
/// longer waiting (a concurrent change): the caller rolls back.
pub fn issue(
    conn: &mut DbConn,
    batch: BatchId,
    issued_on: chrono::NaiveDate,
    by: &str,
    numbers: &[NewNumber<'_>],
) -> QueryResult<bool> {
    if numbers.is_empty() {
        return Ok(true);
    }
    let at = now();
    let rows: Vec<serde_json::Value> = numbers
        .iter()
        .map(|n| {
            serde_json::json!({
                "number": n.number,
                "application_id": n.application.0,
                "batch_id": batch.0,
                "student_no": n.student_no,
                "level": n.level,
                "year": n.year,
                "issued_on": issued_on.to_string(),
                "issued_by_name": by,
                "issued_at": at.format("%Y-%m-%d %H:%M:%S%.6f").to_string(),
            })
        })
        .collect();
    insert_json_rows(
        conn,
        "certificate_numbers",
        &[
            ("number", "text"),
            ("application_id", "bigint"),
            ("batch_id", "bigint"),
            ("student_no", "text"),
            ("level", "text"),
            ("year", "integer"),
            ("issued_on", "date"),
            ("issued_by_name", "text"),
            ("issued_at", "timestamp"),
        ],
        &rows,
        "",
    )?;
    let waiting = Stage::FinalDecided(FinalDecision::Conferred).stage();
    let moved = diesel::sql_query(
        "UPDATE applications SET \
           certificate_no = (SELECT c.number FROM certificate_numbers c \
              WHERE c.application_id = applications.id AND c.revoked_at IS NULL), \
           stage = $1, version = version + 1, updated_at = $2 \
         WHERE batch_id = $3 AND stage = $4 AND certificate_no IS NULL AND id IN \
           (SELECT application_id FROM certificate_numbers \
              WHERE batch_id = $3 AND revoked_at IS NULL)",
    )
    .bind::<diesel::sql_types::Text, _>(Stage::CertificateIssued.stage())
    .bind::<diesel::sql_types::Timestamp, _>(at)
    .bind::<diesel::sql_types::BigInt, _>(batch.0)
    .bind::<diesel::sql_types::Text, _>(waiting)
    .execute(conn)?;
    Ok(moved == numbers.len())
}

/// Void the live number of `app` (it stays recorded, never reused) and
/// take it off the application, back to 授予学位 without a number.
pub fn revoke(
    conn: &mut DbConn,
    app: ApplicationId,
    version: i32,
    by: &str,
    reason: &str,
) -> QueryResult<Option<String>> {
    let at = now();
    let Some(number) = certificate_numbers::table
        .filter(certificate_numbers::application_id.eq(app.0))
        .filter(certificate_numbers::revoked_at.is_null())
        .select(certificate_numbers::number)
        .get_result::<String>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let moved = diesel::update(
        applications::table
            .find(app.0)
            .filter(applications::version.eq(version))
            .filter(applications::stage.eq(Stage::CertificateIssued.stage())),
    )
    .set((
        applications::certificate_no.eq(None::<String>),
        applications::stage.eq(Stage::FinalDecided(FinalDecision::Conferred).stage()),
        applications::version.eq(applications::version + 1),
        applications::updated_at.eq(at),
    ))
    .execute(conn)?;
    if moved == 0 {
        return Ok(None);
    }
    diesel::update(certificate_numbers::table.find(&number))
        .set((
            certificate_numbers::revoked_at.eq(Some(at)),
            certificate_numbers::revoked_by_name.eq(Some(by)),
            certificate_numbers::revoked_reason.eq(Some(reason)),
        ))
        .execute(conn)?;
    Ok(Some(number))
}

/// The numbers of a batch: (live, void).
pub fn batch_counts(conn: &mut DbConn, batch: BatchId) -> QueryResult<(i64, i64)> {
    let live = certificate_numbers::table
        .filter(certificate_numbers::batch_id.eq(batch.0))
        .filter(certificate_numbers::revoked_at.is_null())
        .count()
        .get_result::<i64>(conn)?;
    let void = certificate_numbers::table
        .filter(certificate_numbers::batch_id.eq(batch.0))
        .filter(certificate_numbers::revoked_at.is_not_null())
        .count()
        .get_result::<i64>(conn)?;
    Ok((live, void))
}

/// The first and last live numbers of a batch.
pub fn batch_range(
    conn: &mut DbConn,
    batch: BatchId,
) -> QueryResult<(Option<String>, Option<String>)> {
    let q = || {
        certificate_numbers::table
            .filter(certificate_numbers::batch_id.eq(batch.0))
            .filter(certificate_numbers::revoked_at.is_null())
            .select(certificate_numbers::number)
    };
    let first = q()
        .order(certificate_numbers::number.asc())
        .first::<String>(conn)
        .optional()?;
    let last = q()
        .order(certificate_numbers::number.desc())
        .first::<String>(conn)
        .optional()?;
    Ok((first, last))
}

/// Every number ever issued to these applications, newest first.
pub fn numbers_of(
    conn: &mut DbConn,
    app: ApplicationId,
) -> QueryResult<Vec<shared::dto::degree_data::CertificateRecord>> {
    Ok(certificate_numbers::table
        .filter(certificate_numbers::application_id.eq(app.0))
        .order(certificate_numbers::issued_at.desc())
        .select((
            certificate_numbers::number,
            certificate_numbers::student_no,
            certificate_numbers::issued_on,
            certificate_numbers::issued_at,
            certificate_numbers::revoked_at,
            certificate_numbers::revoked_reason,
        ))
        .load::<(
            String,
            String,
            chrono::NaiveDate,
            chrono::NaiveDateTime,
            Option<chrono::NaiveDateTime>,
            Option<String>,
        )>(conn)?
        .into_iter()
        .map(|(number, student_no, on, at, rev, reason)| {
            shared::dto::degree_data::CertificateRecord {
                number,
                application_id: app,
                student_no,
                issued_on: on,
                issued_at: at.and_utc(),
                revoked_at: rev.map(|r| r.and_utc()),
                revoked_reason: reason,
            }
        })
        .collect())
}

/// Mark the batch's notices as sent now.
pub fn mark_notices_sent(conn: &mut DbConn, batch: BatchId) -> QueryResult<()> {
    diesel::update(batches::table.find(batch.0))
        .set(batches::notices_sent_at.eq(Some(now())))
        .execute(conn)
        .map(|_| ())
}

pub fn notices_sent_at(
    conn: &mut DbConn,
    batch: BatchId,
) -> QueryResult<Option<chrono::NaiveDateTime>> {
    batches::table
        .find(batch.0)
        .select(batches::notices_sent_at)
        .get_result(conn)
}

/// A produced report, as stored.
pub struct StoredReport {
    pub id: i64,
    pub partial: bool,
    pub records: i32,
    pub rejected_json: String,
    pub xlsx_sha256: String,
    pub xlsx_bytes: i64,
    pub csv_sha256: String,
    pub csv_bytes: i64,
    pub photos_bytes: i64,
    pub photos_sha256: String,
    pub produced_by: String,
    pub produced_at: chrono::NaiveDateTime,
}

/// A report to store.
pub struct NewReport<'a> {
    pub partial: bool,
    pub records: i32,
    pub rejected_json: &'a str,
    pub xlsx: &'a [u8],
    pub xlsx_sha256: &'a str,
    pub csv: &'a [u8],
    pub csv_sha256: &'a str,
    pub photos_bytes: i64,
    pub photos_sha256: &'a str,
    pub by: &'a str,
}

pub fn insert_report(conn: &mut DbConn, batch: BatchId, r: &NewReport<'_>) -> QueryResult<i64> {
    insert_returning_id!(
        conn,
        national_reports::table,
        (
            national_reports::batch_id.eq(batch.0),
            national_reports::partial.eq(r.partial),
            national_reports::records.eq(r.records),
            national_reports::rejected_json.eq(r.rejected_json),
            national_reports::xlsx.eq(r.xlsx),
            national_reports::xlsx_sha256.eq(r.xlsx_sha256),
            national_reports::csv.eq(r.csv),
            national_reports::csv_sha256.eq(r.csv_sha256),
            national_reports::photos_bytes.eq(r.photos_bytes),
            national_reports::photos_sha256.eq(r.photos_sha256),
            national_reports::produced_by_name.eq(r.by),
            national_reports::produced_at.eq(now()),
        ),
        national_reports::id
    )
}

/// The batch's latest report.
pub fn latest_report(conn: &mut DbConn, batch: BatchId) -> QueryResult<Option<StoredReport>> {
    use diesel::dsl::sql;
    use diesel::sql_types::BigInt;
    national_reports::table
        .filter(national_reports::batch_id.eq(batch.0))
        .order(national_reports::id.desc())
        .select((
            national_reports::id,
            national_reports::partial,
            national_reports::records,
            national_reports::rejected_json,
            national_reports::xlsx_sha256,
            sql::<BigInt>("CAST(length(xlsx) AS BIGINT)"),
            national_reports::csv_sha256,
            sql::<BigInt>("CAST(length(csv) AS BIGINT)"),
            national_reports::photos_bytes,
            national_reports::photos_sha256,
            national_reports::produced_by_name,
            national_reports::produced_at,
        ))
        .first::<(
            i64,
            bool,
            i32,
            String,
            String,
            i64,
            String,
            i64,
            i64,
            String,
            String,
            chrono::NaiveDateTime,
        )>(conn)
        .optional()
        .map(|r| {
            r.map(|r| StoredReport {
                id: r.0,
                partial: r.1,
                records: r.2,
                rejected_json: r.3,
                xlsx_sha256: r.4,
                xlsx_bytes: r.5,
                csv_sha256: r.6,
                csv_bytes: r.7,
                photos_bytes: r.8,
                photos_sha256: r.9,
                produced_by: r.10,
                produced_at: r.11,
            })
        })
}

/// The stored bytes of a report's .xlsx or .csv.
pub fn report_bytes(conn: &mut DbConn, id: i64, xlsx: bool) -> QueryResult<Vec<u8>> {
    if xlsx {
        national_reports::table
            .find(id)
            .select(national_reports::xlsx)
            .get_result(conn)
    } else {
        national_reports::table
            .find(id)
            .select(national_reports::csv)
            .get_result(conn)
    }
}

/// The JPEGs of these applications (a few hundred at a time).
pub fn photos(
    conn: &mut DbConn,
    apps: &[i64],
) -> QueryResult<std::collections::HashMap<i64, Vec<u8>>> {
    Ok(application_photos::table
        .filter(application_photos::application_id.eq_any(apps))
        .select((application_photos::application_id, application_photos::jpeg))
        .load::<(i64, Vec<u8>)>(conn)?
        .into_iter()
        .collect())
}

/// A 公告 as stored.
pub struct StoredAnnouncement {
    pub title: String,
    pub rows_json: String,
    pub count: i32,
    pub published: bool,
    pub published_at: chrono::NaiveDateTime,
    pub unpublished_at: Option<chrono::NaiveDateTime>,
    pub version: i32,
}

type AnnouncementColumns = (
    String,
    String,
    i32,
    bool,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
    i32,
);

fn announcement_columns() -> (
    announcements::title,
    announcements::rows_json,
    announcements::count,
    announcements::published,
    announcements::published_at,
    announcements::unpublished_at,
    announcements::version,
) {
    (
        announcements::title,
        announcements::rows_json,
        announcements::count,
        announcements::published,
        announcements::published_at,
        announcements::unpublished_at,
        announcements::version,
    )
}

fn stored(r: AnnouncementColumns) -> StoredAnnouncement {
    StoredAnnouncement {
        title: r.0,
        rows_json: r.1,
        count: r.2,
        published: r.3,
        published_at: r.4,
        unpublished_at: r.5,
        version: r.6,
    }
}

pub fn announcement(conn: &mut DbConn, batch: BatchId) -> QueryResult<Option<StoredAnnouncement>> {
    Ok(announcements::table
        .find(batch.0)
        .select(announcement_columns())
        .get_result::<AnnouncementColumns>(conn)
        .optional()?
        .map(stored))
}

/// The published 公告, newest first: (batch, title, published_at, count).
pub fn published(conn: &mut DbConn) -> QueryResult<Vec<(i64, String, chrono::NaiveDateTime, i32)>> {
    announcements::table
        .filter(announcements::published.eq(true))
        .order(announcements::published_at.desc())
        .select((
            announcements::batch_id,
            announcements::title,
            announcements::published_at,
            announcements::count,
        ))
        .load(conn)
}

/// Publish (a new snapshot) as of `version` (0: never published).
pub fn publish(
    conn: &mut DbConn,
    batch: BatchId,
    version: i32,
    title: &str,
    rows_json: &str,
    count: i32,
    by: &str,
) -> QueryResult<bool> {
    let at = now();
    if version == 0 {
        let exists = announcements::table
            .find(batch.0)
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if exists {
            return Ok(false);
        }
        diesel::insert_into(announcements::table)
            .values((
                announcements::batch_id.eq(batch.0),
                announcements::title.eq(title),
                announcements::rows_json.eq(rows_json),
                announcements::count.eq(count),
                announcements::published.eq(true),
                announcements::published_at.eq(at),
                announcements::published_by_name.eq(by),
                announcements::version.eq(1),
            ))
            .execute(conn)?;
        return Ok(true);
    }
    let n = diesel::update(
        announcements::table
            .find(batch.0)
            .filter(announcements::version.eq(version)),
    )
    .set((
        announcements::title.eq(title),
        announcements::rows_json.eq(rows_json),
        announcements::count.eq(count),
        announcements::published.eq(true),
        announcements::published_at.eq(at),
        announcements::published_by_name.eq(by),
        announcements::unpublished_at.eq(None::<chrono::NaiveDateTime>),
        announcements::unpublished_by_name.eq(None::<String>),
        announcements::version.eq(announcements::version + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Withdraw the 公告 as of `version`.
pub fn unpublish(conn: &mut DbConn, batch: BatchId, version: i32, by: &str) -> QueryResult<bool> {
    let n = diesel::update(
        announcements::table
            .find(batch.0)
            .filter(announcements::version.eq(version))
            .filter(announcements::published.eq(true)),
    )
    .set((
        announcements::published.eq(false),
        announcements::unpublished_at.eq(Some(now())),
        announcements::unpublished_by_name.eq(Some(by)),
        announcements::version.eq(announcements::version + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
