//! Where each page lives. The addresses of the navigation pages are
//! `shared::authz::Page::path()`; the router's segments and every link are
//! built from them here. Two addresses are not navigation pages: the login
//! page and one application's dossier (below 申请学位学生).

use leptos_router::{ParamSegment, StaticSegment};
use shared::authz::Page;
use shared::ids::ApplicationId;

/// The login page.
pub const LOGIN: &str = "/login";

/// 修改密码 (from the user menu; forced at a first sign-in).
pub const PASSWORD: &str = "/password";

/// The printable 表决授予学位名单 (below 学位初审结果).
pub const VOTING_LIST: &str = "/prelim-results/voting-list";

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

/// The router's segment of 修改密码.
pub fn password() -> StaticSegment<&'static str> {
    segment(PASSWORD)
}

/// The router's segments of the printable voting list.
pub fn voting_list() -> (StaticSegment<&'static str>, StaticSegment<&'static str>) {
    (page(Page::PrelimResults), StaticSegment("voting-list"))
}

/// The router's segments of a dossier read in 网上学位初审.
pub fn review() -> (StaticSegment<&'static str>, ParamSegment) {
    (page(Page::PrelimReview), ParamSegment(APPLICATION_ID))
}

/// The router's segments of a dossier read in 学位信息核查.
pub fn verification() -> (StaticSegment<&'static str>, ParamSegment) {
    (page(Page::Verification), ParamSegment(APPLICATION_ID))
}

/// The link to a dossier read in 学位信息核查 (read-only).
pub fn verification_href(id: ApplicationId) -> String {
    format!("{}/{}", Page::Verification.path(), id.0)
}

/// The router's segments of a dossier read from a review page (`/{page}/{id}`).
pub fn dossier(of: Page) -> (StaticSegment<&'static str>, ParamSegment) {
    (page(of), ParamSegment(APPLICATION_ID))
}

/// The link to a dossier read from a review page (网上学位初审, 学科群分会评审).
pub fn dossier_href(of: Page, id: ApplicationId) -> String {
    format!("{}/{}", of.path(), id.0)
}

/// The public list of 公告 (no login).
pub const ANNOUNCEMENTS: &str = "/announcements";

/// The route parameter holding a batch's id.
pub const BATCH_ID: &str = "batch";

/// The router's segment of the public list of 公告.
pub fn announcements() -> StaticSegment<&'static str> {
    segment(ANNOUNCEMENTS)
}

/// The router's segments of one public 公告.
pub fn announcement() -> (StaticSegment<&'static str>, ParamSegment) {
    (segment(ANNOUNCEMENTS), ParamSegment(BATCH_ID))
}

/// The stable public address of a batch's 公告 (the server's
/// `national::public_path`).
pub fn announcement_href(id: shared::ids::BatchId) -> String {
    format!("{ANNOUNCEMENTS}/{}", id.0)
}

/// 备案: a unit's staff member registers (no login).
pub const REGISTER: &str = "/register";

/// The router's segment of 备案.
pub fn register() -> StaticSegment<&'static str> {
    segment(REGISTER)
}

/// The router's segments of `/login/portal`, where the portal (统一身份认证)
/// sends the browser back with its ticket: the server's CAS service address
/// (`backend::accounts::portal`).
pub fn portal_return() -> (StaticSegment<&'static str>, StaticSegment<&'static str>) {
    (segment(LOGIN), StaticSegment("portal"))
}
