//! 修改密码: any signed-in user; a committee member's login must do it at
//! the first sign-in (the server refuses everything else until then).

use crate::data::Mutation;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::client::ClientError;
use shared::dto::committee::PasswordChange;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let must = move || app.session.get().is_some_and(|s| s.me.must_change_password);
    let change = Mutation::new(
        |client, req: PasswordChange| async move { client.change_password(&req).await },
        move |signed_in| {
            // The other sessions ended; this one goes on with its new token.
            app.sign_in(signed_in);
            error.set(None);
            navigate("/", Default::default());
        },
        move |e: ClientError| {
            let msg = match &e {
                ClientError::Api { body, .. } if !body.fields.is_empty() => body
                    .fields
                    .iter()
                    .map(|f| f.message.clone())
                    .collect::<Vec<_>>()
                    .join("；"),
                _ => app.failure(&e),
            };
            error.set(Some(msg));
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if new.get_untracked() != repeat.get_untracked() {
            error.set(Some("两次输入的新密码不一致".to_owned()));
            return;
        }
        change.run(PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        });
    };
    let field = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="password" autocomplete="off" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </div>
        }
    };
    view! {
        <h1>"修改密码"</h1>
        {move || must().then(|| view! {
            <div class="notice" role="status" id="must-change">"这是您首次使用初始密码登录，请先设置新密码。"</div>
        })}
        <section class="card">
            <form on:submit=submit id="password-form">
                {field("current-password", "当前密码", current)}
                {field("new-password", "新密码（至少 8 位，须同时包含字母和数字）", new)}
                {field("repeat-password", "再次输入新密码", repeat)}
                {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="password-error">{e}</div> })}
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" id="password-save" disabled=move || change.pending().get()>"保存新密码"</button>
                </div>
            </form>
        </section>
    }
}
