//! 学位管理系统 single-page app (Leptos CSR). Talks to the server only
//! through `shared::client`; draws navigation and buttons from `shared::authz`.

mod app;
mod components;
mod data;
mod format;
mod pages;
mod routes;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
