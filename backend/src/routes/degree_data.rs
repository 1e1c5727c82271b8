//! 学位终审数据管理 (SPEC §2.10): certificate numbers, the 学位授予通知, the
//! 公告 (published ones readable without login), the national report, and
//! the code tables it is checked against. Batches are named in the path, so
//! that a completed batch stays browsable; changes need the active batch in
//! 学位终审.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::national::{self, Download};
use crate::routes::prelim::voting_list::XlsxFile;
use crate::state::AppState;
use actix_web::{delete, get, post, web, HttpResponse};
use shared::authz::{check, Permission, Scope};
use shared::dto::degree_data::*;
use shared::ids::{ApplicationId, BatchId, UnitId};
use shared::national::codes::NationalData;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn attachment(content_type: &str, name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type.to_owned())
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header(("cache-control", "private, no-store"))
        .body(body)
}

/// The national code tables, the 2022 discipline catalogue, the degree
/// categories and the report's column template, as loaded.
#[utoipa::path(
    tag = "degree_data",
    responses((status = 200, body = NationalData), (status = 401, body = shared::error::ApiErrorBody))
)]
#[get("/v1/code-tables")]
pub async fn code_tables(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<NationalData>, ApiError> {
    let data = state.national.clone();
    state
        .read(&user, move |_, actor| {
            check(actor, Permission::ViewBatches, Scope::Shared)?;
            Ok(())
        })
        .await?;
    Ok(web::Json(data.data.clone()))
}

/// The batch's numbering: the rule, the counts, whether numbers may be
/// issued now and why not.
#[utoipa::path(
    tag = "degree_data",
    params(("id" = i64, Path, description = "batch id")),
    responses(
        (status = 200, body = CertificateOverview),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/batches/{id}/certificates")]
pub async fn certificates(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<CertificateOverview>, ApiError> {
    let (id, n) = (BatchId(id.into_inner()), state.national.clone());
    let o = state
        .read(&user, move |conn, actor| {
            national::certificates(conn, actor, &n, id)
        })
        .await?;
    Ok(web::Json(o))
}

/// 发放学位证书编号: numbers for every 授予学位 applicant without one, in
/// one transaction, in the order unit code then 学号; a re-run issues
/// nothing. The issue date is the congress's.
#[utoipa::path(
    tag = "degree_data",
    params(("id" = i64, Path, description = "batch id")),
    responses(
        (status = 200, body = IssueOutcome),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition, numbering_failed, stale_version", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/batches/{id}/certificates")]
pub async fn issue(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<IssueOutcome>, ApiError> {
    let (id, n) = (BatchId(id.into_inner()), state.national.clone());
    let o = state
        .write(&user, move |conn, actor| {
            national::issue(conn, actor, &n, id)
        })
        .await?;
    Ok(web::Json(o))
}

/// Every number ever issued to the applicant, void ones with the reason.
#[utoipa::path(
    tag = "degree_data",
    params(("id" = i64, Path, description = "application id")),
    responses(
        (status = 200, body = [CertificateRecord]),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/applications/{id}/certificates")]
pub async fn numbers_of(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<Vec<CertificateRecord>>, ApiError> {
    let id = ApplicationId(id.into_inner());
    let v = state
        .read(&user, move |conn, actor| {
            national::numbers_of(conn, actor, id)
        })
        .await?;
    Ok(web::Json(v))
}

/// 作废学位证书编号: the number stays recorded, void, never reused; the
/// next numbering gives the applicant a new one.
#[utoipa::path(
    tag = "degree_data",
    params(("id" = i64, Path, description = "application id")),
    request_body = RevokeInput,
    responses(
        (status = 200, body = [CertificateRecord]),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition, stale_version", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/applications/{id}/certificate/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<RevokeInput>,
) -> Result<web::Json<Vec<CertificateRecord>>, ApiError> {
    let id = ApplicationId(id.into_inner());
    let input = body.into_inner();
    let v = state
        .write(&user, move |conn, actor| {
            national::revoke(conn, actor, id, &input)
        })
        .await?;
    Ok(web::Json(v))
}

/// The units with conferred degrees and whether they were told.
#[utoipa::path(
    tag = "degree_data",
    params(("id" = i64, Path, description = "batch id")),
    responses(
        (status = 200, body = NoticesOverview),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/batches/{id}/notices")]
pub async fn notices(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<NoticesOverview>, ApiError> {
    let id = BatchId(id.into_inner());
    let o = state
        .read(&user, move |conn, actor| national::notices(conn, actor, id))
        .await?;
    Ok(web::Json(o))
}

/// 发送学位授予通知: a message to each unit's admins that its notice is
/// ready (once every conferred applicant has a number).
#[utoipa::path(
    tag = "degree_data",
    params(("id" = i64, Path, description = "batch id")),
    responses(
        (status = 200, body = NoticesSent),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/batches/{id}/notices/send")]
pub async fn send_notices(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<NoticesSent>, ApiError> {
    let id = BatchId(id.into_inner());
    let o = state
        .write(&user, move |conn, actor| {
            national::send_notices(conn, actor, id)
        })
        .await?;
    Ok(web::Json(o))
}

/// 学位授予通知 of one unit (the office, or the unit's own admins).
#[utoipa::path(
    tag = "degree_data",
    params(
        ("id" = i64, Path, description = "batch id"),
        ("unit" = i64, Path, description = "unit id")
    ),
    responses(
        (status = 200, body = UnitNotice),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/batches/{id}/units/{unit}/notice")]
pub async fn unit_notice(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
) -> Result<web::Json<UnitNotice>, ApiError> {
    let (id, unit) = path.into_inner();
    let n = state.national.clone();
    let o = state
        .read(&user, move |conn, actor| {
            national::unit_notice(conn, actor, &n, BatchId(id), UnitId(unit))
        })
        .await?;
    Ok(web::Json(o))
}

/// The same notice as an `.xlsx` (A4 landscape, headings on every page).
#[utoipa::path(
    tag = "degree_data",
    params(
        ("id" = i64, Path, description = "batch id"),
        ("unit" = i64, Path, description = "unit id")
    ),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = XlsxFile),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/batches/{id}/units/{unit}/notice.xlsx")]
pub async fn unit_notice_xlsx(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (id, unit) = path.into_inner();
    let n = state.national.clone();
    let notice = state
        .read(&user, move |conn, actor| {
            national::unit_notice(conn, actor, &n, BatchId(id), UnitId(unit))
        })
        .await?;
    let name = format!("degree-notice-{}-{}.xlsx", id, notice.unit_code);
    let bytes = web::block(move || national::files::notice_xlsx(&notice)).await??;
    Ok(attachment(XLSX, &name, bytes))
}

/// The office's view of the batch's 公告.
#[utoipa::path(
    tag = "degree_data",
    params(("id" = i64, Path, description = "batch id")),
    responses(
        (status = 200, body = AnnouncementStatus),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/batches/{id}/announcement")]
pub async fn announcement(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<AnnouncementStatus>, ApiError> {
    let id = BatchId(id.into_inner());
    let o = state
        .read(&user, move |conn, actor| {
            national::announcement_status(conn, actor, id)
        })
        .await?;
    Ok(web::Json(o))
}

/// 发布公告: the list of conferred degrees as it stands (姓名, 培养单位, 学位,
/// 学科专业), readable without login at `public_path`. Publishing again
/// replaces the list.
#[utoipa::path(
    tag = "degree_data",
    params(("id" = i64, Path, description = "batch id")),
    request_body = AnnouncementInput,
    responses(
        (status = 200, body = AnnouncementStatus),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition, stale_version", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/batches/{id}/announcement")]
pub async fn publish(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<AnnouncementInput>,
) -> Result<web::Json<AnnouncementStatus>, ApiError> {
    let (id, n) = (BatchId(id.into_inner()), state.national.clone());
    let input = body.into_inner();
    let o = state
        .write(&user, move |conn, actor| {
            national::publish(conn, actor, &n, id, &input)
        })
        .await?;
    Ok(web::Json(o))
}

/// 撤销公告, as of the version read; the withdrawal is recorded.
#[utoipa::path(
    tag = "degree_data",
    params(
        ("id" = i64, Path, description = "batch id"),
        ("version" = i32, Query, description = "the announcement's version as read")
    ),
    responses(
        (status = 200, body = AnnouncementStatus),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version", body = shared::error::ApiErrorBody)
    )
)]
#[delete("/v1/batches/{id}/announcement")]
pub async fn unpublish(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<VersionQuery>,
) -> Result<web::Json<AnnouncementStatus>, ApiError> {
    let id = BatchId(id.into_inner());
    let version = query.version;
    let o = state
        .write(&user, move |conn, actor| {
            national::unpublish(conn, actor, id, version)
        })
        .await?;
    Ok(web::Json(o))
}

/// The published 公告, newest first. No login.
#[utoipa::path(
    tag = "public",
    security(()),
    responses((status = 200, body = [AnnouncementSummary]))
)]
#[get("/v1/public/announcements")]
pub async fn public_list(
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<AnnouncementSummary>>, ApiError> {
    let v = state.db(national::published).await?;
    Ok(web::Json(v))
}

/// One published 公告. No login; not found unless published.
#[utoipa::path(
    tag = "public",
    security(()),
    params(("id" = i64, Path, description = "batch id")),
    responses(
        (status = 200, body = Announcement),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/public/announcements/{id}")]
pub async fn public_one(
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Result<web::Json<Announcement>, ApiError> {
    let id = BatchId(id.into_inner());
    let a = state
        .db(move |conn| national::public_announcement(conn, id))
        .await?;
    Ok(web::Json(a))
}

/// 校验: every failing field of every conferred record, against the code
/// tables, the catalogue and the rules of NATIONAL.md.
#[utoipa::path(
    tag = "degree_data",
    params(("id" = i64, Path, description = "batch id")),
    responses(
        (status = 200, body = ReportCheck),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/batches/{id}/report/check")]
pub async fn check_report(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<ReportCheck>, ApiError> {
    let (id, n) = (BatchId(id.into_inner()), state.national.clone());
    let o = state
        .read(&user, move |conn, actor| {
            national::check_report(conn, actor, &n, id)
        })
        .await?;
    Ok(web::Json(o))
}

/// The batch's latest produced report (`null`: none yet).
#[utoipa::path(
    tag = "degree_data",
    params(("id" = i64, Path, description = "batch id")),
    responses(
        (status = 200, body = Option<ReportView>),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/batches/{id}/report")]
pub async fn report(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<Option<ReportView>>, ApiError> {
    let (id, n) = (BatchId(id.into_inner()), state.national.clone());
    let o = state
        .read(&user, move |conn, actor| {
            national::report_view(conn, actor, &n, id)
        })
        .await?;
    Ok(web::Json(o))
}

/// 生成上报文件 (.xlsx, .csv, photos .zip) after validating every record:
/// refused with every failing field (`report_invalid`) unless `partial`,
/// which writes the valid records and lists the others.
#[utoipa::path(
    tag = "degree_data",
    params(("id" = i64, Path, description = "batch id")),
    request_body = ReportRequest,
    responses(
        (status = 200, body = ReportView),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "report_invalid, invalid_transition", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/batches/{id}/report")]
pub async fn produce(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<ReportRequest>,
) -> Result<web::Json<ReportView>, ApiError> {
    let (id, n) = (BatchId(id.into_inner()), state.national.clone());
    let req = body.into_inner();
    let o = state
        .write(&user, move |conn, actor| {
            national::produce(conn, actor, &n, id, &req)
        })
        .await?;
    Ok(web::Json(o))
}

/// One file of the latest report: `xlsx`, `csv` or `photos`. Its SHA-256
/// is in the `x-content-sha256` header and in the report's view.
#[utoipa::path(
    tag = "degree_data",
    params(
        ("id" = i64, Path, description = "batch id"),
        ("kind" = ReportFileKind, Path, description = "xlsx, csv or photos")
    ),
    responses(
        (status = 200, description = "the file", content(
            (XlsxFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (XlsxFile = "text/csv"),
            (XlsxFile = "application/zip")
        )),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version: the data changed since", body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/batches/{id}/report/files/{kind}")]
pub async fn download(
    state: web::Data<AppState>,
    user: AuthUser,
    req: actix_web::HttpRequest,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, kind) = path.into_inner();
    let kind = ReportFileKind::parse(&kind).ok_or_else(ApiError::not_found)?;
    let n = state.national.clone();
    let (name, body) = state
        .read(&user, move |conn, actor| {
            national::download(conn, actor, &n, BatchId(id), kind)
        })
        .await?;
    let content_type = match kind {
        ReportFileKind::Xlsx => XLSX,
        ReportFileKind::Csv => "text/csv; charset=utf-8",
        ReportFileKind::Photos => "application/zip",
    };
    let (mut r, sha) = match body {
        Download::Bytes(bytes) => {
            let sha = national::files::sha256(&bytes);
            (attachment(content_type, &name, bytes), sha)
        }
        // The photos' archive can be large: streamed from its file, never
        // held in memory whole.
        Download::File(file, sha) => {
            use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
            let named = actix_files::NamedFile::from_file(file, &name)
                .map_err(ApiError::internal)?
                .set_content_type(content_type.parse().map_err(ApiError::internal)?)
                .set_content_disposition(ContentDisposition {
                    disposition: DispositionType::Attachment,
                    parameters: vec![DispositionParam::Filename(name.clone())],
                })
                .use_etag(false)
                .use_last_modified(false);
            let mut r = named.into_response(&req);
            r.headers_mut().insert(
                actix_web::http::header::CACHE_CONTROL,
                actix_web::http::header::HeaderValue::from_static("private, no-store"),
            );
            (r, sha)
        }
    };
    r.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("x-content-sha256"),
        actix_web::http::header::HeaderValue::from_str(&sha).map_err(ApiError::internal)?,
    );
    Ok(r)
}

/// The version of the record to change, as read.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct VersionQuery {
    pub version: i32,
}
