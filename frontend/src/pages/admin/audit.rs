//! 审计日志: every change, who, when, before and after.

use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::data::Loaded;
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::Page;
use shared::dto::audit::{AuditEntry, AuditQuery};
use shared::dto::Page as Rows;

const PER_PAGE: i64 = 20;

const ENTITIES: [(&str, &str); 4] = [
    ("", "全部"),
    ("batch", "评审批次"),
    ("user", "用户"),
    ("system", "系统"),
];

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Guard page=Page::Audit>
            <AuditView />
        </Guard>
    }
}

#[component]
fn AuditView() -> impl IntoView {
    let app = use_app();
    let page = RwSignal::new(1_i64);
    let entity = RwSignal::new(String::new());
    let log = LocalResource::new(move || {
        let q = AuditQuery {
            entity: Some(entity.get()).filter(|e| !e.is_empty()),
            entity_id: None,
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move { app.client().audit_log(&q).await }
    });
    view! {
        <h1>{Page::Audit.label()}</h1>
        <div class="filterbar">
            <label for="audit-entity">"对象"</label>
            <select id="audit-entity" on:change=move |ev| {
                entity.set(event_target_value(&ev));
                page.set(1);
            }>
                {ENTITIES.map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
            </select>
        </div>
        <Loaded data=log let:data>
            <AuditTable data=data page=page />
        </Loaded>
    }
}

#[component]
fn AuditTable(data: Rows<AuditEntry>, page: RwSignal<i64>) -> impl IntoView {
    if data.items.is_empty() {
        return view! { <p class="empty">"没有符合条件的记录。"</p> }.into_any();
    }
    let total = data.total;
    view! {
        <table class="table" id="audit-table">
            <thead>
                <tr>
                    <th scope="col">"时间"</th>
                    <th scope="col">"操作人"</th>
                    <th scope="col">"对象"</th>
                    <th scope="col">"操作"</th>
                    <th scope="col">"修改前"</th>
                    <th scope="col">"修改后"</th>
                </tr>
            </thead>
            <tbody>
                {data.items.into_iter().map(|e| view! {
                    <tr>
                        <td>{beijing(&e.at, true)}</td>
                        <td>{e.actor_name}</td>
                        <td>{e.entity} {e.entity_id.map(|id| format!(" #{id}"))}</td>
                        <td>{e.action}</td>
                        <td><code>{e.before.map(|v| v.to_string()).unwrap_or_default()}</code></td>
                        <td><code>{e.after.map(|v| v.to_string()).unwrap_or_default()}</code></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=page per_page=PER_PAGE on_page=Callback::new(move |p| page.set(p)) />
    }
    .into_any()
}
