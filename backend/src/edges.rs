//! The edges of the HTTP surface that no handler sees: answers for paths
//! and methods the API does not have (JSON 404 / 405 with `Allow`, the
//! SPA's index.html for client-side routes), and JSON bodies normalised
//! before the extractors read them.

use crate::error::ApiError;
use crate::state::AppState;
use actix_files::NamedFile;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use futures_util::StreamExt;
use shared::error::ErrorCode;

/// The methods of every documented `/api` path, to tell a wrong method on a
/// known path (`405` with `Allow`) from an unknown path (`404`).
pub struct ApiMethods(Vec<(Vec<String>, Vec<Method>)>);

impl ApiMethods {
    pub fn of(doc: &utoipa::openapi::OpenApi) -> Self {
        let methods = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path.split('/').map(str::to_owned).collect();
                let methods = [
                    (Method::GET, item.get.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, present)| present.then_some(m))
                .collect();
                (segments, methods)
            })
            .collect();
        Self(methods)
    }

    /// The methods some documented path matching `path` has (`{param}`
    /// segments match any non-empty segment), in a stable order.
    pub fn allowed(&self, path: &str) -> Vec<Method> {
        let segments: Vec<&str> = path.split('/').collect();
        let mut allowed = Vec::new();
        for (template, methods) in &self.0 {
            let matches = template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| {
                    if t.starts_with('{') && t.ends_with('}') {
                        !s.is_empty()
                    } else {
                        t == s
                    }
                });
            if matches {
                allowed.extend(methods.iter().cloned());
            }
        }
        let order = [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ];
        allowed.sort_by_key(|m| order.iter().position(|o| o == m));
        allowed.dedup();
        allowed
    }
}

/// `405 method_not_allowed` with the `Allow` header.
fn method_not_allowed(allowed: &[Method]) -> actix_web::HttpResponse {
    let mut res = ApiError::new(ErrorCode::MethodNotAllowed).error_response();
    let allow = allowed
        .iter()
        .map(Method::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if let Ok(v) = HeaderValue::from_str(&allow) {
        res.headers_mut().insert(header::ALLOW, v);
    }
    res
}

/// Unknown `/api` paths answer with a JSON 404, a known one with another
/// method with a JSON 405; every other GET gets the SPA's index.html so
/// client-side routes survive a reload.
pub async fn fallback(req: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        let allowed = req
            .app_data::<web::Data<ApiMethods>>()
            .map(|m| m.allowed(path))
            .unwrap_or_default();
        if allowed.is_empty() || allowed.contains(req.method()) {
            return Err(ApiError::not_found());
        }
        return Ok(method_not_allowed(&allowed));
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Ok(method_not_allowed(&[Method::GET, Method::HEAD]));
    }
    // A file the build does not have (crate::spa serves the ones it has).
    if path.starts_with("/pkg/") || path.starts_with("/assets/") {
        return Err(ApiError::not_found());
    }
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return Err(ApiError::internal("application state missing"));
    };
    let index = state.config.dist_dir.join("index.html");
    match NamedFile::open_async(&index).await {
        Ok(file) => {
            // The page names the hashed assets of the current build: always
            // revalidated, so a new build is picked up at once.
            let mut res = file.use_last_modified(true).into_response(&req);
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            Ok(res)
        }
        Err(_) => Err(ApiError::with_message(
            ErrorCode::NotFound,
            "前端尚未构建：请先运行 scripts/build-frontend",
        )),
    }
}

/// JSON does not tell `2` from `2.0`, and JSON Schema's `integer` admits
/// both, but serde refuses `2.0` for an integer field. So a JSON request
/// body (within the size limit) is read here once and, if it has a whole
/// number written as a float, rewritten with it as an integer: every
/// handler then accepts the integers the OpenAPI document admits. Bodies
/// that are not JSON, too large or malformed pass unchanged to the
/// extractor, which answers as before.
pub async fn whole_numbers(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    limit: usize,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let is_json = req.mime_type().ok().flatten().is_some_and(|m| {
        m.subtype() == actix_web::mime::JSON || m.suffix() == Some(actix_web::mime::JSON)
    });
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if !is_json || declared.is_some_and(|n| n > limit) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        match chunk {
            Ok(chunk) if body.len() + chunk.len() > limit => {
                return Ok(req.error_response(ApiError::new(ErrorCode::PayloadTooLarge)));
            }
            Ok(chunk) => body.extend_from_slice(&chunk),
            Err(e) => {
                return Ok(req.error_response(ApiError::with_message(
                    ErrorCode::BadRequest,
                    format!("请求内容读取失败：{e}"),
                )));
            }
        }
    }
    let mut body = body.freeze();
    if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&body) {
        if integral_floats_to_integers(&mut value) {
            if let Ok(rewritten) = serde_json::to_vec(&value) {
                req.headers_mut()
                    .insert(header::CONTENT_LENGTH, HeaderValue::from(rewritten.len()));
                body = web::Bytes::from(rewritten);
            }
        }
    }
    req.set_payload(Payload::from(body));
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}

/// Rewrite every float with no fractional part (and exactly an integer,
/// |x| ≤ 2^53) as that integer; whether any was.
fn integral_floats_to_integers(value: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
            match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() <= EXACT => {
                    // Exact: a whole f64 within ±2^53 is an i64.
                    *value = Value::from(f as i64);
                    true
                }
                _ => false,
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |any, v| integral_floats_to_integers(v) | any),
        Value::Object(map) => map
            .values_mut()
            .fold(false, |any, v| integral_floats_to_integers(v) | any),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_floats_become_integers_and_nothing_else_changes() {
        let mut v =
            serde_json::json!({"a": 2.0, "b": [1.5, -0.0, 3], "c": {"d": 1e300, "e": "2.0"}});
        assert!(integral_floats_to_integers(&mut v));
        assert_eq!(
            v,
            serde_json::json!({"a": 2, "b": [1.5, 0, 3], "c": {"d": 1e300, "e": "2.0"}})
        );
        let mut v = serde_json::json!({"a": 2, "b": "x"});
        assert!(!integral_floats_to_integers(&mut v));
    }

    #[test]
    fn a_known_path_with_another_method_lists_the_allowed_ones() {
        let methods = ApiMethods::of(&crate::openapi::document());
        assert_eq!(
            methods.allowed("/api/v1/batches"),
            [Method::GET, Method::POST]
        );
        assert_eq!(methods.allowed("/api/v1/batches/current"), [Method::GET]);
        assert_eq!(methods.allowed("/api/v1/batches/7/advance"), [Method::POST]);
        assert!(methods.allowed("/api/v1/batches/").is_empty());
        assert!(methods.allowed("/api/v1/nothing").is_empty());
    }
}
