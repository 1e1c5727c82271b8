//! One application's dossier, for the student and for the unit admin:
//! state badges, the workflow buttons the page offers, the filled half as
//! a form (`form`), the degree photo, the synced half (read-only, with
//! sources) and the field history (`history`). Drawn from props; every
//! save, sync, step and upload is a callback into the page.

mod form;
mod history;

pub use history::HistoryTable;

use crate::components::photo::PhotoCard;
use crate::components::synced::SyncedView;
use form::FilledForm;
use leptos::prelude::*;
use shared::dossier::FilledValues;
use shared::dto::application::Dossier;
use shared::error::FieldError;
use shared::workflow::{Action, Stage};

/// The outcome of the last save, sync or step; kept by the page so it
/// survives the reload of the dossier that follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub ok: bool,
    pub text: String,
    /// Someone else changed the dossier meanwhile: offer to reload.
    pub stale: bool,
}

#[component]
pub fn NoticeView(notice: RwSignal<Option<Notice>>, refresh: Callback<()>) -> impl IntoView {
    move || {
        notice.get().map(|n| {
            view! {
                <div class=if n.ok { "notice" } else { "notice notice-error" } role="status" id="dossier-message">
                    {n.text}
                    {n.stale.then(|| view! {
                        " " <button class="btn btn-small" id="reload" on:click=move |_| { notice.set(None); refresh.run(()); }>"刷新"</button>
                    })}
                </div>
            }
        })
    }
}

/// Badges for where the application stands.
#[component]
pub fn StateBadges(state: Stage) -> impl IntoView {
    view! {
        <span class="badges" id="app-state" data-state=state.stage()>
            <span class="badge">{state.label()}</span>
            {state.is_confirmed().then(|| view! { <span class="badge badge-ok" id="badge-confirmed">"已确认"</span> })}
            {state.is_reviewed().then(|| view! { <span class="badge badge-ok" id="badge-reviewed">"已审核"</span> })}
        </span>
    }
}

/// The dossier's two tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Info,
    History,
}

/// What the page gives the dossier view besides the dossier: the
/// mutations it runs for it, how they are going, what the server refused,
/// and the photo it loaded.
#[derive(Clone, Copy)]
pub struct DossierHandles {
    /// Save the filled fields, all of them as typed.
    pub save: Callback<FilledValues>,
    /// 同步数据.
    pub sync: Callback<()>,
    /// A workflow step (the page asks first when the step warns).
    pub step: Callback<Action>,
    /// A chosen photo file's bytes.
    pub upload: Callback<Vec<u8>>,
    pub saving: Signal<bool>,
    pub syncing: Signal<bool>,
    pub stepping: Signal<bool>,
    pub uploading: Signal<bool>,
    /// The server's refusals, shown beside each field.
    pub field_errors: Signal<Vec<FieldError>>,
    /// Why the photo was refused (the photo card also says when a file
    /// cannot be read or is too large).
    pub photo_error: RwSignal<Option<String>>,
    /// The photo's bytes: `None` while loading; the failure's message.
    pub photo: Signal<Option<Result<Vec<u8>, String>>>,
}

/// Tabs 学位信息 / 修改记录, the toolbar (badges, 同步数据 when allowed, one
/// button per step in `steps`), the form, the photo and the synced record.
/// `history` draws the history tab; the page loads it when `tab` opens it.
#[component]
pub fn DossierView(
    d: Dossier,
    steps: Vec<Action>,
    handles: DossierHandles,
    tab: RwSignal<Tab>,
    #[prop(into)] history: ViewFn,
) -> impl IntoView {
    let can_sync = d.allowed_actions.contains(&Action::SyncManually);
    let syncing = handles.syncing;
    let stepping = handles.stepping;
    view! {
        <div class="tabs" role="tablist">
            <button role="tab" id="tab-info" class:active=move || tab.get() == Tab::Info
                aria-selected=move || (tab.get() == Tab::Info).to_string()
                on:click=move |_| tab.set(Tab::Info)>"学位信息"</button>
            <button role="tab" id="tab-history" class:active=move || tab.get() == Tab::History
                aria-selected=move || (tab.get() == Tab::History).to_string()
                on:click=move |_| tab.set(Tab::History)>"修改记录"</button>
        </div>
        <div hidden=move || tab.get() != Tab::Info>
            <div class="toolbar">
                <StateBadges state=d.application.state />
                {can_sync.then(|| view! {
                    <button class="btn" id="sync-now" disabled=move || syncing.get()
                        on:click=move |_| handles.sync.run(())>
                        {move || if syncing.get() { "正在同步…" } else { Action::SyncManually.label() }}
                    </button>
                })}
                {steps.into_iter().map(|a| view! {
                    <button class="btn" id=format!("step-{}", a.dom_id())
                        disabled=move || stepping.get()
                        on:click=move |_| handles.step.run(a)>
                        {a.label()}
                    </button>
                }).collect_view()}
            </div>
            <FilledForm d=d.clone() handles=handles />
            <PhotoCard
                info=d.photo.clone()
                editable=d.editable
                image=handles.photo
                uploading=handles.uploading
                error=handles.photo_error
                on_file=handles.upload
            />
            <SyncedView d=d.synced.clone() />
        </div>
        {move || (tab.get() == Tab::History).then(|| history.run())}
    }
}
