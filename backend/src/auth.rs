//! The `AuthUser` extractor: a bearer token (see [`crate::token`]) turned
//! into the shared `Actor`.

use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{web, FromRequest, HttpRequest};
use shared::authz::Actor;
use shared::error::ErrorCode;
use std::future::Future;
use std::pin::Pin;

/// The signed-in actor, loaded fresh from the database on every request so a
/// disabled account or a revoked role takes effect at once.
pub struct AuthUser(pub Actor);

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let header = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let token = header
                .as_deref()
                .and_then(|h| h.strip_prefix("Bearer "))
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| ApiError::new(ErrorCode::Unauthenticated))?
                .to_owned();
            let user_id = state.keys.verify(&token)?;
            let found = state
                .db(move |conn| Ok(db::users::actor(conn, user_id)?))
                .await?;
            match found {
                Some((user, actor)) if user.active => Ok(AuthUser(actor)),
                Some(_) => Err(ApiError::new(ErrorCode::AccountDisabled)),
                None => Err(ApiError::new(ErrorCode::InvalidToken)),
            }
        })
    }
}
