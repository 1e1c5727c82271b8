//! 填报说明: written by the degree office in Markdown, shown to everyone as
//! sanitized HTML (no scripts, no event handlers, safe links only).

use crate::auth::AuthUser;
use crate::db::{self, audit::Change};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, put, web};
use shared::authz::{check, Permission, Scope};
use shared::dto::application::{Instructions, InstructionsUpdate, MAX_INSTRUCTIONS_LEN};
use shared::error::{ErrorCode, FieldError};

/// Markdown → HTML → sanitized HTML. Raw HTML in the source is passed to the
/// sanitizer, which keeps only harmless tags and attributes.
pub fn render(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer"))
        .clean(&html)
        .to_string()
}

/// Not empty, not longer than the limit.
fn check_markdown(markdown: &str) -> Result<(), ApiError> {
    let len = markdown.chars().count();
    if markdown.trim().is_empty() || len > MAX_INSTRUCTIONS_LEN {
        return Err(ApiError::validation(vec![FieldError::new(
            "markdown",
            if len > MAX_INSTRUCTIONS_LEN {
                "too_long"
            } else {
                "required"
            },
            format!("填报说明不能为空，且不能超过 {MAX_INSTRUCTIONS_LEN} 个字符"),
        )]));
    }
    Ok(())
}

fn to_dto(stored: db::instructions::Stored) -> Instructions {
    Instructions {
        html: render(&stored.markdown),
        markdown: stored.markdown,
        version: stored.version,
        updated_by: stored.updated_by,
        updated_at: stored.updated_at.and_utc(),
    }
}

/// The filling instructions (填报说明).
#[utoipa::path(tag = "instructions", responses((status = 200, body = Instructions)))]
#[get("/v1/instructions")]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Instructions>, ApiError> {
    let stored = state
        .read(&user, |conn, actor| {
            check(actor, Permission::ViewInstructions, Scope::Shared)?;
            Ok(db::instructions::get(conn)?)
        })
        .await?;
    Ok(web::Json(to_dto(stored)))
}

/// Replace the filling instructions (degree office). A stale `version` gets 409.
#[utoipa::path(
    tag = "instructions",
    request_body = InstructionsUpdate,
    responses(
        (status = 200, body = Instructions),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version", body = shared::error::ApiErrorBody),
        (status = 422, body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/instructions")]
pub async fn update(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<InstructionsUpdate>,
) -> Result<web::Json<Instructions>, ApiError> {
    let req = body.into_inner();
    let stored = state
        .write(&user, move |conn, actor| {
            check(actor, Permission::ManageInstructions, Scope::Global)?;
            check_markdown(&req.markdown)?;
            let before = db::instructions::get(conn)?;
            if !db::instructions::put(conn, req.version, &req.markdown, &actor.display_name)? {
                return Err(ApiError::new(ErrorCode::StaleVersion));
            }
            db::audit::record(
                conn,
                Change {
                    actor: Some(actor),
                    entity: "instructions",
                    entity_id: Some(1),
                    action: "edit",
                    before: Some(serde_json::json!({ "version": before.version, "markdown": before.markdown })),
                    after: Some(serde_json::json!({ "version": req.version + 1, "markdown": req.markdown })),
                },
            )?;
            Ok(db::instructions::get(conn)?)
        })
        .await?;
    Ok(web::Json(to_dto(stored)))
}
