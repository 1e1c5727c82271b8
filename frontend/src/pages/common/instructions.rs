//! 填报说明: everyone reads it; the degree office edits it (Markdown; the
//! server renders and sanitizes the HTML shown here).

use crate::components::layout::Guard;
use crate::data::{show_failure, Loaded, Mutation, Reload};
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::{check, Page, Permission, Scope};
use shared::dto::application::{Instructions, InstructionsUpdate};

#[component]
pub fn InstructionsPage() -> impl IntoView {
    view! {
        <Guard page=Page::Instructions>
            <InstructionsView />
        </Guard>
    }
}

#[component]
fn InstructionsView() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let doc = LocalResource::new(move || {
        reload.track();
        async move { app.client().instructions().await }
    });
    let editing = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let save = Mutation::new(
        |client, req: InstructionsUpdate| async move { client.update_instructions(&req).await },
        move |_| {
            error.set(None);
            editing.set(false);
            reload.bump();
        },
        show_failure(error),
    );
    view! {
        <h1>{Page::Instructions.label()}</h1>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert">{e}</div> })}
        <Loaded data=doc let:d>
            <InstructionsCard d=d editing=editing save=save />
        </Loaded>
    }
}

/// The text, or the editor for those who may edit it.
#[component]
fn InstructionsCard(
    d: Instructions,
    editing: RwSignal<bool>,
    save: Mutation<InstructionsUpdate, Instructions>,
) -> impl IntoView {
    let app = use_app();
    let can_edit = move || {
        app.session.get().is_some_and(|s| {
            check(&s.me.actor(), Permission::ManageInstructions, Scope::Global).is_ok()
        })
    };
    let draft = RwSignal::new(String::new());
    let version = d.version;
    let markdown = d.markdown.clone();
    view! {
        {move || (!editing.get()).then(|| view! {
            <article class="card prose" id="instructions" inner_html=d.html.clone()></article>
            <p class="hint">"最近修改：" {d.updated_by.clone()} " · " {beijing(&d.updated_at, true)}</p>
        })}
        {move || (can_edit() && !editing.get()).then(|| {
            let markdown = markdown.clone();
            view! {
                <button class="btn" id="edit-instructions" on:click=move |_| { draft.set(markdown.clone()); editing.set(true); }>"编辑填报说明"</button>
            }
        })}
        {move || editing.get().then(|| view! {
            <section class="card">
                <label for="instructions-text">"填报说明（Markdown：# 标题，- 列表，[文字](https://链接)）"</label>
                <textarea id="instructions-text" rows="18" class="wide" prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                <div class="toolbar">
                    <button class="btn btn-primary" id="save-instructions" disabled=move || save.pending().get()
                        on:click=move |_| save.run(InstructionsUpdate { version, markdown: draft.get_untracked() })>"保存"</button>
                    <button class="btn" on:click=move |_| editing.set(false)>"取消"</button>
                </div>
            </section>
        })}
    }
}
