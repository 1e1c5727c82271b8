//! 信息确认 (student): seal the own dossier once every required field is
//! valid. Says what gets locked, and lists what is missing otherwise.

use crate::components::confirm::ConfirmDialog;
use crate::components::dossier::StateBadges;
use crate::components::layout::Guard;
use crate::data::{Loaded, Mutation, Reload};
use crate::format::beijing;
use crate::pages::student::my_record::NotOpened;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::Page;
use shared::client::ClientError;
use shared::dto::application::{ApplicationStep, Dossier};
use shared::error::{ErrorCode, FieldError};
use shared::ids::ApplicationId;
use shared::workflow::Action;

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
    let reload = Reload::new();
    let dossier = LocalResource::new(move || {
        reload.track();
        async move { app.client().my_application().await }
    });
    let asking = RwSignal::new(false);
    let refused = RwSignal::new(None::<(String, Vec<FieldError>)>);
    let confirm = Mutation::new(
        move |client, (id, version): (ApplicationId, i32)| async move {
            let step = ApplicationStep {
                version,
                action: Action::Confirm,
            };
            client.step(id, &step).await
        },
        move |_| {
            asking.set(false);
            refused.set(None);
            reload.bump();
        },
        move |e| {
            asking.set(false);
            match e {
                ClientError::Api { body, .. } if body.code == ErrorCode::DossierIncomplete => {
                    refused.set(Some((body.message, body.fields)));
                }
                e => refused.set(Some((app.failure(&e), Vec::new()))),
            }
        },
    );
    let not_opened = Callback::new(|e: ClientError| {
        (e.code() == Some(ErrorCode::FilingNotOpened)).then(|| view! { <NotOpened /> }.into_any())
    });
    view! {
        <h1>{Page::Confirm.label()}</h1>
        <Loaded data=dossier on_error=not_opened let:d>
            <ConfirmCard d=d refused=refused asking=asking confirm=confirm />
        </Loaded>
    }
}

/// Where the dossier stands, what 信息确认 locks or what is still missing,
/// the server's refusal, and the button (asking first) when the server
/// allows it.
#[component]
fn ConfirmCard(
    d: Dossier,
    refused: RwSignal<Option<(String, Vec<FieldError>)>>,
    asking: RwSignal<bool>,
    confirm: Mutation<(ApplicationId, i32), Dossier>,
) -> impl IntoView {
    let (id, version) = (d.application.id, d.application.version);
    let state = d.application.state;
    let can = d.allowed_actions.contains(&Action::Confirm);
    view! {
        <section class="card">
            <p>"当前状态：" <StateBadges state=state /></p>
            {match (state.is_confirmed(), d.application.confirmed_at) {
                (true, at) => view! {
                    <div class="notice" id="confirmed-note" role="status">
                        "你已确认学位信息" {at.map(|t| format!("（{}）", beijing(&t, true)))}
                        "，现在只能查看，不能修改。如发现错误，请联系培养单位教育管理干部代为修改或重新开放填报。"
                    </div>
                }.into_any(),
                (false, _) => view! {
                    <p>"确认后，你的学位信息将封存，" <strong>"你将不能再修改"</strong>
                       "；之后由培养单位教育管理干部审核，进入学位初审。请先在“" <A href=Page::MyRecord.path()>{Page::MyRecord.label()}</A> "”中核对并保存全部信息。"</p>
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
                <button class="btn btn-primary" id="confirm-dossier" on:click=move |_| asking.set(true)>{Action::Confirm.label()}</button>
            })}
        </section>
        {move || asking.get().then(|| view! {
            <ConfirmDialog
                title=Action::Confirm.label().to_owned()
                message=Action::Confirm.confirm_warning().unwrap_or_default().to_owned()
                confirm_label="确认".to_owned()
                busy=confirm.pending()
                on_confirm=Callback::new(move |_| confirm.run((id, version)))
                on_cancel=Callback::new(move |_| asking.set(false))
            />
        })}
    }
}
