use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::routes::MAX_BULK;
use crate::state::AppState;
use crate::verification::corrections;
use actix_web::{get, post, put, web, HttpResponse};
use futures_util::StreamExt;
use shared::dto::verification::{
    AppliedCorrections, ApplyCorrections, Correction, CorrectionDecision, CorrectionInput,
    CorrectionQuery, VersionOnly,
};
use shared::dto::Page;
use shared::error::ErrorCode;
use shared::ids::ApplicationId;
use shared::workflow::verification::ATTACHMENT_MAX_BYTES;

/// A scanned attachment (PDF or JPEG), as the body of a request or answer.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ScanFile(pub Vec<u8>);

/// Where the attachment upload starts from.
#[derive(Debug, Clone, serde::Deserialize, utoipa::IntoParams)]
pub struct AttachmentQuery {
    /// The request's version the upload is based on.
    pub version: i32,
}

/// Record a 纸质修改申请 (the unit admin, after 封网, on a submitted
/// application): the field, its current value as the record holds it (it
/// must match), the requested value and the explanation.
#[utoipa::path(
    tag = "verification",
    params(("id" = i64, Path, description = "application id")),
    request_body = CorrectionInput,
    responses(
        (status = 201, body = Correction),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition (before 封网, or not submitted)", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed (field, current_value, requested_value, explanation)", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/applications/{id}/corrections")]
pub async fn record(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<CorrectionInput>,
) -> Result<HttpResponse, ApiError> {
    let id = ApplicationId(id.into_inner());
    let input = body.into_inner();
    let c = state
        .write(&user, move |conn, actor| {
            corrections::record(conn, actor, id, &input)
        })
        .await?;
    Ok(HttpResponse::Created().json(c))
}

/// The 纸质修改申请 the caller sees (all: the degree office and the network
/// center; the unit's; the group's), newest first, each saying whether the
/// record still holds its "current value".
#[utoipa::path(
    tag = "verification",
    params(CorrectionQuery),
    responses(
        (status = 200, body = Page<Correction>),
        (status = 403, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/corrections")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<CorrectionQuery>,
) -> Result<web::Json<Page<Correction>>, ApiError> {
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| corrections::list(conn, actor, &q))
        .await?;
    Ok(web::Json(page))
}

/// Attach (or replace) the scanned paper of a pending request: the body is
/// the file itself, a PDF or a JPEG as its first bytes say (whatever the
/// Content-Type claims), at most 5 MiB (else 413 `payload_too_large`).
#[utoipa::path(
    tag = "verification",
    params(("id" = i64, Path, description = "request id"), AttachmentQuery),
    request_body(content = ScanFile, content_type = "application/octet-stream", description = "the PDF or JPEG file (any Content-Type: the bytes decide)"),
    responses(
        (status = 200, body = Correction),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition (decided already)", body = shared::error::ApiErrorBody),
        (status = 413, description = "payload_too_large", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed (field `attachment`: not a PDF or JPEG)", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/corrections/{id}/attachment")]
pub async fn attach(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<AttachmentQuery>,
    mut payload: web::Payload,
) -> Result<web::Json<Correction>, ApiError> {
    let id = id.into_inner();
    let version = query.version;
    // Read at most one byte more than allowed: enough to say it is too big.
    let mut data = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::new(ErrorCode::InvalidBody))?;
        data.extend_from_slice(&chunk);
        if data.len() > ATTACHMENT_MAX_BYTES {
            break;
        }
    }
    let c = state
        .write(&user, move |conn, actor| {
            corrections::attach(conn, actor, id, version, &data)
        })
        .await?;
    Ok(web::Json(c))
}

/// The scanned paper of a request, for those who see the request; served
/// as a download with the type its bytes were checked to be.
#[utoipa::path(
    tag = "verification",
    params(("id" = i64, Path, description = "request id")),
    responses(
        (status = 200, content_type = "application/pdf", body = ScanFile),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/corrections/{id}/attachment")]
pub async fn attachment(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (content_type, data) = state
        .read(&user, move |conn, actor| {
            corrections::attachment(conn, actor, id)
        })
        .await?;
    let ext = if content_type == "application/pdf" {
        "pdf"
    } else {
        "jpg"
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("cache-control", "private, no-store"))
        .insert_header(("x-content-type-options", "nosniff"))
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"correction-{id}.{ext}\""),
        ))
        .body(data))
}

/// The degree office approves or rejects a pending request (a note is
/// required to reject); the unit's admins get a message.
#[utoipa::path(
    tag = "verification",
    params(("id" = i64, Path, description = "request id")),
    request_body = CorrectionDecision,
    responses(
        (status = 200, body = Correction),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed (note)", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/corrections/{id}/decision")]
pub async fn decide(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<CorrectionDecision>,
) -> Result<web::Json<Correction>, ApiError> {
    let id = id.into_inner();
    let req = body.into_inner();
    let c = state
        .write(&user, move |conn, actor| {
            corrections::decide(conn, actor, id, &req)
        })
        .await?;
    Ok(web::Json(c))
}

/// The network center applies an approved request, once the final review
/// has ended: the new value, the field history ("修改申请 #n") and the audit
/// entry in one transaction. A request whose "current value" the record no
/// longer holds is refused with `correction_stale` and left as it is.
#[utoipa::path(
    tag = "verification",
    params(("id" = i64, Path, description = "request id")),
    request_body = VersionOnly,
    responses(
        (status = 200, body = Correction),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "correction_stale, stale_version, invalid_transition (not approved, applied already, or before the end of the final review)", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/corrections/{id}/apply")]
pub async fn apply(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<VersionOnly>,
) -> Result<web::Json<Correction>, ApiError> {
    let id = id.into_inner();
    let version = body.version;
    let c = state
        .write(&user, move |conn, actor| {
            crate::verification::applying::apply(conn, actor, id, version)
        })
        .await?;
    Ok(web::Json(c))
}

/// Apply many approved requests at once (the network center); each as the
/// single apply does, those refused listed with the reason and left as
/// they are.
#[utoipa::path(
    tag = "verification",
    request_body = ApplyCorrections,
    responses(
        (status = 200, body = AppliedCorrections),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed (ids)", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/corrections/apply")]
pub async fn apply_many(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<ApplyCorrections>,
) -> Result<web::Json<AppliedCorrections>, ApiError> {
    let ids = body.into_inner().ids;
    if ids.is_empty() || ids.len() > MAX_BULK {
        return Err(ApiError::validation(vec![shared::error::FieldError::new(
            "ids",
            "count",
            format!("请选择 1 至 {MAX_BULK} 条修改申请"),
        )]));
    }
    let r = state
        .write(&user, move |conn, actor| {
            shared::authz::check_role(
                actor,
                shared::authz::Role::NetworkCenter,
                shared::authz::Scope::Global,
            )
            .map_err(|_| ApiError::new(ErrorCode::Forbidden))?;
            crate::verification::applying::apply_many(conn, actor, &ids)
        })
        .await?;
    Ok(web::Json(r))
}
