//! Access tokens: HS256 JWTs naming the user and the user's token version
//! (bumped to end every session of the user), with an expiry.

use crate::error::ApiError;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{
    decode, encode, errors::ErrorKind, Algorithm, DecodingKey, EncodingKey, Header, Validation,
};
use serde::{Deserialize, Serialize};
use shared::error::ErrorCode;
use shared::ids::UserId;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    /// The user's token version when issued.
    #[serde(default)]
    ver: i32,
    iat: i64,
    exp: i64,
}

/// Signing keys and token lifetime.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl: Duration,
}

impl TokenKeys {
    pub fn new(secret: &[u8], ttl: Duration) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            ttl,
        }
    }

    /// A token for `user` at its current token `version`.
    pub fn issue(&self, user: UserId, version: i32) -> Result<(String, DateTime<Utc>), ApiError> {
        self.issue_at(user, version, Utc::now())
    }

    /// Issue a token as if it were `now` (tests make expired tokens this way).
    pub fn issue_at(
        &self,
        user: UserId,
        version: i32,
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>), ApiError> {
        let expires = now + self.ttl;
        let claims = Claims {
            sub: user.0.to_string(),
            ver: version,
            iat: now.timestamp(),
            exp: expires.timestamp(),
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)?;
        Ok((token, expires))
    }

    /// The user and token version of a well-signed, unexpired token.
    pub fn verify(&self, token: &str) -> Result<(UserId, i32), ApiError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let data =
            decode::<Claims>(token, &self.decoding, &validation).map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => ApiError::new(ErrorCode::TokenExpired),
                _ => ApiError::new(ErrorCode::InvalidToken),
            })?;
        let user = data
            .claims
            .sub
            .parse::<i64>()
            .map(UserId)
            .map_err(|_| ApiError::new(ErrorCode::InvalidToken))?;
        Ok((user, data.claims.ver))
    }
}
