//! The portal's return (统一身份认证): the ticket in the address is handed
//! to the server, which asks the portal and signs the user in.

use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::authz::Page;
use shared::dto::account::PortalLogin;

#[component]
pub fn PortalReturnPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let query = use_query_map();
    let error = RwSignal::new(None::<String>);
    let ticket = query.with_untracked(|q| q.get("ticket"));
    match ticket {
        Some(ticket) if !ticket.is_empty() => {
            leptos::task::spawn_local(async move {
                match app.client().portal_login(&PortalLogin { ticket }).await {
                    Ok(resp) => {
                        app.sign_in(resp);
                        navigate(Page::Home.path(), Default::default());
                    }
                    Err(e) => error.set(Some(e.user_message())),
                }
            });
        }
        _ => error.set(Some("统一身份认证没有返回登录票据，请重新登录".to_owned())),
    }
    view! {
        <div class="login-page">
            <div class="login-card">
                <h1>"统一身份认证"</h1>
                {move || match error.get() {
                    None => view! { <p class="loading" id="portal-wait">"正在登录…"</p> }.into_any(),
                    Some(e) => view! {
                        <div class="notice notice-error" role="alert" id="portal-error">{e}</div>
                        <a class="btn btn-block" href=crate::routes::LOGIN>"返回登录页"</a>
                    }.into_any(),
                }}
            </div>
        </div>
    }
}
