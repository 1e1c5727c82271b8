//! Where each page lives. The addresses of the navigation pages are
//! `shared::authz::Page::path()`; the router's segments and every link are
//! built from them here. Two addresses are not navigation pages: the login
//! page and one application's dossier (below 申请学位学生).

use leptos_router::{ParamSegment, StaticSegment};
use shared::authz::Page;
use shared::ids::ApplicationId;

/// The login page.
pub const LOGIN: &str = "/login";

/// The route parameter holding an application's id.
pub const APPLICATION_ID: &str = "id";

/// A path as one static router segment (`"/batches"` → `batches`,
/// `"/"` → the empty segment).
fn segment(path: &'static str) -> StaticSegment<&'static str> {
    StaticSegment(path.trim_start_matches('/'))
}

/// The router's segment of a navigation page.
pub fn page(page: Page) -> StaticSegment<&'static str> {
    segment(page.path())
}

/// The router's segment of the login page.
pub fn login() -> StaticSegment<&'static str> {
    segment(LOGIN)
}

/// The router's segments of one application's dossier:
/// 申请学位学生's path, then the id.
pub fn application() -> (StaticSegment<&'static str>, ParamSegment) {
    (page(Page::Applications), ParamSegment(APPLICATION_ID))
}

/// The link to one application's dossier.
pub fn application_href(id: ApplicationId) -> String {
    format!("{}/{}", Page::Applications.path(), id.0)
}
