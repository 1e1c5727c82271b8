//! 信息确认 (student): seal the own dossier once every required field is
//! valid. Says what gets locked, and lists what is missing otherwise.

use crate::components::confirm::ConfirmDialog;
use crate::components::dossier::StateBadges;
use crate::components::layout::Guard;
use crate::format::beijing;
use crate::pages::my_record::NotOpened;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::Page;
use shared::client::ClientError;
use shared::dto::application::ApplicationStep;
use shared::error::{ErrorCode, FieldError};
use shared::ids::ApplicationId;
use shared::workflow::Action as Step;

#[component]
pub fn ConfirmPage() -> impl IntoView {
    view! {
        <Guard page=Page::Confirm>
            <ConfirmView />
        </Guard>
    }
}

#[component]
fn ConfirmView() -> impl IntoView {
    let app = use_app();
    let reload = RwSignal::new(0_u32);
    let dossier = LocalResource::new(move || {
        reload.track();
        async move { app.client().my_application().await }
    });
    let asking = RwSignal::new(false);
    let refused = RwSignal::new(None::<(String, Vec<FieldError>)>);
    let confirm = Action::new_local(move |req: &(ApplicationId, i32)| {
        let (id, version) = *req;
        async move {
            app.client()
                .step(
                    id,
                    &ApplicationStep {
                        version,
                        action: Step::Confirm,
                    },
                )
                .await
        }
    });
    Effect::new(move |_| {
        if let Some(result) = confirm.value().get() {
            asking.set(false);
            match result {
                Ok(_) => {
                    refused.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(ClientError::Api { body, .. }) if body.code == ErrorCode::DossierIncomplete => {
                    refused.set(Some((body.message, body.fields)));
                }
                Err(e) => refused.set(Some((app.failure(&e), Vec::new()))),
            }
        }
    });
    view! {
        <h1>"信息确认"</h1>
        {move || match dossier.get() {
            None => view! { <p class="loading">"正在加载…"</p> }.into_any(),
            Some(Err(e)) if e.code() == Some(ErrorCode::FilingNotOpened) => view! { <NotOpened /> }.into_any(),
            Some(Err(e)) => view! { <div class="notice notice-error" role="alert">{app.failure(&e)}</div> }.into_any(),
            Some(Ok(d)) => {
                let state = d.application.state;
                let can = d.allowed_actions.contains(&Step::Confirm);
                let version = d.application.version;
                let id = d.application.id;
                let confirmed_at = d.application.confirmed_at;
                view! {
                    <section class="card">
                        <p>"当前状态：" <StateBadges state=state /></p>
                        {match (state.is_confirmed(), confirmed_at) {
                            (true, at) => view! {
                                <div class="notice" id="confirmed-note" role="status">
                                    "你已确认学位信息" {at.map(|t| format!("（{}）", beijing(&t, true)))}
                                    "，现在只能查看，不能修改。如发现错误，请联系培养单位教育管理干部代为修改或重新开放填报。"
                                </div>
                            }.into_any(),
                            (false, _) => view! {
                                <p>"确认后，你的学位信息将封存，" <strong>"你将不能再修改"</strong>
                                   "；之后由培养单位教育管理干部审核，进入学位初审。请先在“" <A href="/my-record">"学位信息"</A> "”中核对并保存全部信息。"</p>
                                {(!d.problems.is_empty()).then(|| view! {
                                    <div class="notice" id="pending-problems">
                                        "尚未完成：" {d.problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("；")}
                                    </div>
                                })}
                            }.into_any(),
                        }}
                        {move || refused.get().map(|(msg, fields)| view! {
                            <div class="notice notice-error" role="alert" id="confirm-refused">
                                <p>{msg}</p>
                                <ul>{fields.into_iter().map(|f| view! { <li data-field=f.field.clone()>{f.message}</li> }).collect_view()}</ul>
                            </div>
                        })}
                        {can.then(|| view! {
                            <button class="btn btn-primary" id="confirm-dossier" on:click=move |_| asking.set(true)>"信息确认"</button>
                        })}
                    </section>
                    {move || asking.get().then(|| view! {
                        <ConfirmDialog
                            title="信息确认".to_owned()
                            message="确认后你的学位信息将封存，你将不能再修改。确定要确认吗？".to_owned()
                            confirm_label="确认".to_owned()
                            busy=confirm.pending()
                            on_confirm=Callback::new(move |_| { confirm.dispatch_local((id, version)); })
                            on_cancel=Callback::new(move |_| asking.set(false))
                        />
                    })}
                }.into_any()
            }
        }}
    }
}
