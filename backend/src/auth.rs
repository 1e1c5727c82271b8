//! Who is asking: the `AuthUser` extractor checks the bearer token (see
//! [`crate::token`]) without touching the database; the actor behind it is
//! loaded fresh, in one statement, inside the request's one blocking hop
//! ([`AppState::read`](crate::state::AppState::read) and
//! [`write`](crate::state::AppState::write)), so a disabled account or a
//! withdrawn role takes effect at the very next request.

use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{web, FromRequest, HttpRequest};
use shared::authz::Actor;
use shared::error::ErrorCode;
use shared::ids::UserId;
use std::future::{ready, Ready};

/// A request with a valid token: the user it was issued to.
#[derive(Debug, Clone, Copy)]
pub struct AuthUser {
    pub id: UserId,
    /// The user's token version the token was issued at.
    pub version: i32,
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(verify(req))
    }
}

fn verify(req: &HttpRequest) -> Result<AuthUser, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    let token = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthenticated))?;
    let (id, version) = state.keys.verify(token)?;
    Ok(AuthUser { id, version })
}

/// The actor of a verified token as the database has it now: refused when
/// the account has been disabled or removed since the token was issued, or
/// its sessions ended (a password reset), or while its one-time initial
/// password is still to be changed.
pub fn load_actor(conn: &mut DbConn, user: AuthUser) -> Result<Actor, ApiError> {
    match load_account(conn, user)? {
        (actor, false) => Ok(actor),
        (_, true) => Err(ApiError::new(ErrorCode::PasswordChangeRequired)),
    }
}

/// The same for the account's own pages (`/me`, the password change): a
/// pending password change is allowed, and returned.
pub fn load_account(conn: &mut DbConn, user: AuthUser) -> Result<(Actor, bool), ApiError> {
    match db::users::actor(conn, user.id)? {
        Some((state, _)) if state.active && state.token_version != user.version => {
            Err(ApiError::with_message(
                ErrorCode::InvalidToken,
                "登录已失效（密码已重置或账号已变更），请重新登录",
            ))
        }
        Some((state, actor)) if state.active => Ok((actor, state.must_change_password)),
        Some(_) => Err(ApiError::new(ErrorCode::AccountDisabled)),
        None => Err(ApiError::new(ErrorCode::InvalidToken)),
    }
}
