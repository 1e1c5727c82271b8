//! 学位信息 (student): the own dossier of the current batch: synced
//! sections read-only with their sources, the filled fields, “同步数据”,
//! and the field history. Before the unit opens filing: a clear notice and
//! the synced record.

use crate::components::dossier::{Notice, NoticeView};
use crate::components::layout::Guard;
use crate::components::synced::SyncedView;
use crate::data::{Loaded, Reload};
use crate::pages::dossier::ApplicationDossier;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::{GrantScope, Page, Role};
use shared::client::ClientError;
use shared::error::ErrorCode;
use shared::workflow::Action;

#[component]
pub fn MyRecordPage() -> impl IntoView {
    view! {
        <Guard page=Page::MyRecord>
            <MyRecordView />
        </Guard>
    }
}

/// The signed-in student's record id.
fn own_student() -> Option<shared::ids::StudentId> {
    let app = use_app();
    app.session.get().and_then(|s| {
        s.me.actor()
            .grants_of(Role::Student)
            .find_map(|g| match g.scope {
                GrantScope::Student(id) => Some(id),
                _ => None,
            })
    })
}

/// Shown while the unit has not opened filing for the student.
#[component]
pub fn NotOpened() -> impl IntoView {
    view! {
        <div class="notice" id="not-opened" role="status">
            "培养单位尚未为你开通本批次的学位申请（申请学位）。开通后你会在首页收到消息，届时可在此同步数据、填写并确认学位信息。"
        </div>
    }
}

#[component]
fn MyRecordView() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let dossier = LocalResource::new(move || {
        reload.track();
        async move { app.client().my_application().await }
    });
    let synced = LocalResource::new(move || {
        let id = own_student();
        async move {
            match id {
                Some(id) => app.client().synced_dossier(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // Before filing is opened: the notice, and the synced record if any.
    let not_opened = Callback::new(move |e: ClientError| {
        (e.code() == Some(ErrorCode::FilingNotOpened)).then(|| {
            view! {
                <NotOpened />
                {move || match synced.get() {
                    Some(Ok(Some(d))) => view! { <SyncedView d=d /> }.into_any(),
                    _ => ().into_any(),
                }}
            }
            .into_any()
        })
    });
    let refresh = reload.callback();
    let notice = RwSignal::new(None::<Notice>);
    view! {
        <h1>{Page::MyRecord.label()}</h1>
        <div class="notice" role="note">
            "同步的数据来自学籍、教师、教务、培养等系统，不能在学位系统中修改；如需修改请到相应系统修改后点击“同步数据”。其他注意事项请见“"
            <A href=Page::Instructions.path()>{Page::Instructions.label()}</A>"”。"
        </div>
        <NoticeView notice=notice refresh=refresh />
        <Loaded data=dossier on_error=not_opened let:d>
            {d.allowed_actions.contains(&Action::Confirm).then(|| view! {
                <p class="hint">"填写并保存全部必填项后，请到左侧导航栏“" <A href=Page::Confirm.path()>{Page::Confirm.label()}</A> "”确认信息。"</p>
            })}
            <ApplicationDossier d=d refresh=refresh notice=notice />
        </Loaded>
    }
}
