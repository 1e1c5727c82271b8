//! 登录: user name and password, or 统一身份认证 (the portal) where it is
//! configured; 备案 for a unit's new staff. A signed-in user goes on to 首页.

use crate::data::Mutation;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::authz::Page;
use shared::dto::auth::LoginRequest;

#[component]
pub fn LoginPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let methods = LocalResource::new(move || async move { app.client().login_methods().await });

    let nav = navigate.clone();
    Effect::new(move |_| {
        if app.session.get().is_some() {
            nav(Page::Home.path(), Default::default());
        }
    });

    let login = Mutation::new(
        |client, req: LoginRequest| async move { client.login(&req).await },
        move |resp| {
            error.set(None);
            app.sign_in(resp);
        },
        // Not `app.failure`: there is no session to end yet.
        move |e| error.set(Some(e.user_message())),
    );

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (u, p) = (username.get_untracked(), password.get_untracked());
        if u.trim().is_empty() || p.is_empty() {
            error.set(Some("请输入用户名和密码".to_owned()));
            return;
        }
        login.run(LoginRequest {
            username: u.trim().to_owned(),
            password: p,
        });
    };

    view! {
        <div class="login-page">
            <form class="login-card" on:submit=submit aria-labelledby="login-title">
                <h1 id="login-title">"学位管理系统"</h1>
                <p class="login-sub">"中国科学院大学 · 学位办"</p>
                {move || app.notice.get().map(|n| view! { <div class="notice" role="status" id="login-notice">{n}</div> })}
                {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="login-error">{e}</div> })}
                <label for="username">"用户名"</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))
                />
                <label for="password">"密码"</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
                <button class="btn btn-primary btn-block" type="submit" id="login-submit" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "正在登录…" } else { "登录" }}
                </button>
                {move || methods.get().and_then(Result::ok).and_then(|m| m.portal_login_url).map(|url| view! {
                    <a class="btn btn-block" id="portal-login" href=url rel="external">"统一身份认证登录"</a>
                })}
                <p class="login-links">
                    <a href=crate::routes::REGISTER id="register-link">"培养单位教育管理干部备案"</a>
                </p>
            </form>
        </div>
    }
}
