//! 填报说明: everyone reads it; the degree office edits it (Markdown; the
//! server renders and sanitizes the HTML shown here).

use crate::components::layout::Guard;
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::{check, Page, Permission, Scope};
use shared::dto::application::InstructionsUpdate;

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
    let reload = RwSignal::new(0_u32);
    let doc = LocalResource::new(move || {
        reload.track();
        async move { app.client().instructions().await }
    });
    let can_edit = move || {
        app.session.get().is_some_and(|s| {
            check(&s.me.actor(), Permission::ManageInstructions, Scope::Global).is_ok()
        })
    };
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let save = Action::new_local(move |req: &InstructionsUpdate| {
        let req = req.clone();
        async move { app.client().update_instructions(&req).await }
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(_) => {
                    error.set(None);
                    editing.set(false);
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(app.failure(&e))),
            }
        }
    });
    view! {
        <h1>"填报说明"</h1>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert">{e}</div> })}
        {move || match doc.get() {
            None => view! { <p class="loading">"正在加载…"</p> }.into_any(),
            Some(Err(e)) => view! { <div class="notice notice-error" role="alert">{app.failure(&e)}</div> }.into_any(),
            Some(Ok(d)) => {
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
                                    on:click=move |_| { save.dispatch_local(InstructionsUpdate { version, markdown: draft.get_untracked() }); }>"保存"</button>
                                <button class="btn" on:click=move |_| editing.set(false)>"取消"</button>
                            </div>
                        </section>
                    })}
                }.into_any()
            }
        }}
    }
}
