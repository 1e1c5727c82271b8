//! The one API error type: a stable code from `shared`, mapped to its HTTP
//! status in one place. Internal causes are logged, never sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use shared::authz::Denied;
use shared::error::{ApiErrorBody, ErrorCode, FieldError};
use shared::workflow::TransitionError;
use std::fmt;

#[derive(Debug)]
pub struct ApiError {
    pub body: ApiErrorBody,
}

impl ApiError {
    pub fn new(code: ErrorCode) -> Self {
        Self {
            body: ApiErrorBody::new(code),
        }
    }

    pub fn with_message(code: ErrorCode, message: impl Into<String>) -> Self {
        let mut e = Self::new(code);
        e.body.message = message.into();
        e
    }

    pub fn validation(fields: Vec<FieldError>) -> Self {
        let mut e = Self::new(ErrorCode::ValidationFailed);
        e.body.fields = fields;
        e
    }

    /// Log the cause, answer with a bare `internal` error.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(ErrorCode::Internal)
    }

    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound)
    }

    pub fn code(&self) -> ErrorCode {
        self.body.code
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.body.code, self.body.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.body.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(&self.body)
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => Self::not_found(),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Self::new(ErrorCode::Conflict)
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                Self::new(ErrorCode::StaleVersion)
            }
            other => Self::internal(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        tracing::error!(cause = %e, "database pool");
        Self::new(ErrorCode::Unavailable)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::internal(e)
    }
}

impl From<Denied> for ApiError {
    fn from(d: Denied) -> Self {
        tracing::debug!(denied = %d, "forbidden");
        Self::new(ErrorCode::Forbidden)
    }
}

impl From<TransitionError> for ApiError {
    fn from(e: TransitionError) -> Self {
        let code = match e {
            TransitionError::BatchAlreadyActive => ErrorCode::BatchAlreadyActive,
            _ => ErrorCode::InvalidTransition,
        };
        Self::with_message(code, e.message())
    }
}

/// Error handlers for actix's extractors, so bad input never reaches a
/// handler and always answers in the JSON error format.
pub mod extractors {
    use super::ApiError;
    use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
    use actix_web::HttpRequest;
    use shared::error::ErrorCode;

    pub fn json(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
        let e = match &err {
            JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
                ApiError::new(ErrorCode::PayloadTooLarge)
            }
            JsonPayloadError::ContentType => ApiError::with_message(
                ErrorCode::BadRequest,
                "请求的 Content-Type 应为 application/json",
            ),
            JsonPayloadError::Deserialize(de) if de.is_data() => ApiError::with_message(
                ErrorCode::InvalidBody,
                format!("请求内容的字段类型或结构有误：{de}"),
            ),
            JsonPayloadError::Deserialize(_) => ApiError::new(ErrorCode::MalformedJson),
            _ => ApiError::new(ErrorCode::BadRequest),
        };
        e.into()
    }

    pub fn query(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
        ApiError::with_message(ErrorCode::BadRequest, format!("查询参数有误：{err}")).into()
    }

    pub fn path(err: PathError, _req: &HttpRequest) -> actix_web::Error {
        ApiError::with_message(ErrorCode::BadRequest, format!("路径参数有误：{err}")).into()
    }
}
