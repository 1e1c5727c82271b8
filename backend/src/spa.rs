//! The SPA's files (`/pkg`, `/assets`), as scripts/build-frontend leaves
//! them: names carrying a content hash, each with a brotli (`.br`) and a
//! gzip (`.gz`) twin made once at build time. A browser gets the smallest
//! variant it accepts, and hashed files are cached for a year: a new build
//! has new names. Unhashed files and `index.html` are revalidated.

use actix_files::NamedFile;
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use std::path::{Path, PathBuf};

/// Serve `/pkg/{file}` and `/assets/{file}` from `dist`.
pub fn configure(cfg: &mut web::ServiceConfig, dist: &Path) {
    for dir in ["pkg", "assets"] {
        let root = dist.join(dir);
        if root.is_dir() {
            cfg.service(
                web::resource(format!("/{dir}/{{file}}"))
                    .app_data(web::Data::new(AssetDir(root)))
                    .route(web::get().to(asset))
                    .route(web::head().to(asset)),
            );
        }
    }
}

struct AssetDir(PathBuf);

/// A built file's name: letters, digits, `.`, `-`, `_`, not starting with a dot.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// `name-0123456789ab.ext`: a content hash of 12 hex digits before the extension.
fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 12 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Does the request accept this coding (a token of Accept-Encoding, not `q=0`)?
fn accepts(req: &HttpRequest, coding: &str) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            parts.next().is_some_and(|c| c.eq_ignore_ascii_case(coding))
                && parts.all(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_none_or(|q| q > 0.0)
                })
        })
}

async fn asset(
    req: HttpRequest,
    dir: web::Data<AssetDir>,
    file: web::Path<String>,
) -> actix_web::Result<HttpResponse> {
    let name = file.into_inner();
    if !plain_name(&name) {
        return Err(actix_web::error::ErrorNotFound("no such file"));
    }
    let original = dir.0.join(&name);
    let mime = actix_files::file_extension_to_mime(
        original.extension().and_then(|e| e.to_str()).unwrap_or(""),
    );
    let variants = [
        ("br", ContentEncoding::Brotli),
        ("gz", ContentEncoding::Gzip),
    ];
    let mut chosen = None;
    for (ext, coding) in variants {
        let coded = dir.0.join(format!("{name}.{ext}"));
        if accepts(&req, coding.as_str()) && coded.is_file() {
            chosen = Some((coded, coding));
            break;
        }
    }
    let file = match chosen {
        Some((path, coding)) => NamedFile::open_async(&path)
            .await?
            .set_content_encoding(coding),
        // Only for a client that takes neither: nothing will compress it.
        None => NamedFile::open_async(&original).await?,
    };
    let mut res = file
        .set_content_type(mime)
        .disable_content_disposition()
        .into_response(&req);
    let cache = if is_hashed(&name) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(plain_name("degree_bg-0123456789ab.wasm"));
        assert!(!plain_name("../secret"));
        assert!(!plain_name(".env"));
        assert!(is_hashed("degree_bg-0123456789ab.wasm"));
        assert!(is_hashed("style-a1b2c3d4e5f6.css"));
        assert!(!is_hashed("style.css"));
        assert!(!is_hashed("degree_bg.wasm"));
    }

    #[test]
    fn accept_encoding() {
        let req = actix_web::test::TestRequest::default()
            .insert_header((header::ACCEPT_ENCODING, "gzip, deflate, br;q=0.0"))
            .to_http_request();
        assert!(accepts(&req, "gzip"));
        assert!(!accepts(&req, "br"));
        let req = actix_web::test::TestRequest::default()
            .insert_header((header::ACCEPT_ENCODING, "br, gzip"))
            .to_http_request();
        assert!(accepts(&req, "br"));
    }
}
