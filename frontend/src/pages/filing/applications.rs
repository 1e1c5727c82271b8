//! 申请学位学生: the unit's applications in the current batch with 已确认
//! and 已审核 (a reviewed student's 学号 in red), filters, paging, and bulk
//! 已审核 / 取消已审核 / 退回 for the selected rows that allow it (each row's
//! `allowed_actions` is the server's answer).

use crate::components::batch_picker::BatchPicker;
use crate::components::confirm::ConfirmDialog;
use crate::components::filters::{SortSelect, StudentFilters, YesNoFilter};
use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::components::unit_picker::UnitPicker;
use crate::data::{Loaded, Loading, Mutation, Reload};
use crate::routes;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::{check_role, Page, Permission, Role, Scope};
use shared::domain::StudentKind;
use shared::dto::application::{
    ApplicationQuery, ApplicationRow, BulkOutcome, BulkStep, StudentSort,
};
use shared::dto::Page as Rows;
use shared::ids::{ApplicationId, UnitId};
use shared::workflow::Action;
use std::collections::BTreeMap;

const PER_PAGE: i64 = 50;

/// The steps offered for the selected rows.
const BULK: [Action; 3] = [
    Action::MarkReviewed,
    Action::UnmarkReviewed,
    Action::SendBack,
];

/// The selected applications (across pages), with what each allows.
type Selected = RwSignal<BTreeMap<ApplicationId, Vec<Action>>>;

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    view! {
        <Guard page=Page::Applications>
            <ApplicationsView />
        </Guard>
    }
}

#[component]
fn ApplicationsView() -> impl IntoView {
    let app = use_app();
    let units = LocalResource::new(move || async move { app.client().units().await });
    let unit = RwSignal::new(None::<UnitId>);
    let page = RwSignal::new(1_i64);
    let batch = RwSignal::new(None::<shared::ids::BatchId>);
    let name = RwSignal::new(String::new());
    let student_no = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<StudentKind>);
    let confirmed = RwSignal::new(None::<bool>);
    let reviewed = RwSignal::new(None::<bool>);
    let sort = RwSignal::new(StudentSort::StudentNo);
    let reload = Reload::new();
    let selected: Selected = RwSignal::new(BTreeMap::new());
    let list = LocalResource::new(move || {
        reload.track();
        let unit = unit.get();
        let q = ApplicationQuery {
            batch_id: batch.get().map(|b| b.0),
            name: Some(name.get()).filter(|s| !s.is_empty()),
            student_no: Some(student_no.get()).filter(|s| !s.is_empty()),
            kind: kind.get(),
            confirmed: confirmed.get(),
            reviewed: reviewed.get(),
            sort: Some(sort.get()),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move {
            match unit {
                Some(u) => app.client().applications(u, &q).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // Bulk steps are the unit admin's: the office only reads.
    let is_unit_admin = Signal::derive(move || {
        let actor = app.session.get().map(|s| s.me.actor());
        match (actor, unit.get()) {
            (Some(a), Some(u)) => check_role(&a, Role::UnitAdmin, Scope::Unit(u)).is_ok(),
            _ => false,
        }
    });
    let outcome = RwSignal::new(None::<Result<BulkOutcome, String>>);
    let asking = RwSignal::new(None::<Action>);
    let bulk = Mutation::new(
        |client, (unit, step): (UnitId, BulkStep)| async move { client.bulk_step(unit, &step).await },
        move |o| {
            asking.set(None);
            selected.set(BTreeMap::new());
            outcome.set(Some(Ok(o)));
            reload.bump();
        },
        move |e| {
            asking.set(None);
            outcome.set(Some(Err(app.failure(&e))));
        },
    );
    // The selected rows that allow `action`.
    let eligible = move |action: Action| -> Vec<ApplicationId> {
        selected.with(|s| {
            s.iter()
                .filter(|(_, allowed)| allowed.contains(&action))
                .map(|(id, _)| *id)
                .collect()
        })
    };
    let run_bulk = move |action: Action| {
        if let Some(u) = unit.get_untracked() {
            let ids = eligible(action);
            bulk.run((u, BulkStep { action, ids }));
        }
    };
    let filters_changed = Callback::new(move |_| {
        page.set(1);
        selected.set(BTreeMap::new());
    });
    view! {
        <h1>{Page::Applications.label()}</h1>
        <div class="filterbar">
            <BatchPicker selected=batch current_by_default=true changed=Callback::new(move |_| {
                page.set(1);
                selected.set(BTreeMap::new());
            }) />
            <UnitPicker perm=Permission::ViewApplications units=Signal::derive(move || units.get().and_then(Result::ok).unwrap_or_default()) selected=unit />
            <StudentFilters prefix="a" name=name student_no=student_no kind=kind changed=filters_changed />
            <YesNoFilter id="a-confirmed" label="已确认" yes="是" no="否" value=confirmed changed=filters_changed />
            <YesNoFilter id="a-reviewed" label="已审核" yes="是" no="否" value=reviewed changed=filters_changed />
            <SortSelect id="a-sort" sort=sort />
        </div>
        {move || is_unit_admin.get().then(|| view! {
            <div class="toolbar">
                <span class="hint">{move || format!("已选 {} 人", selected.with(|s| s.len()))}</span>
                {BULK.map(|a| {
                    let count = move || eligible(a).len();
                    view! {
                        <button class="btn" id=format!("bulk-{}", a.dom_id())
                            disabled=move || count() == 0 || bulk.pending().get()
                            on:click=move |_| if a.confirm_warning().is_some() { asking.set(Some(a)) } else { run_bulk(a) }>
                            {a.label()} {move || (count() > 0).then(|| format!("（{} 人）", count()))}
                        </button>
                    }
                }).collect_view()}
            </div>
        })}
        {move || asking.get().map(|a| view! {
            <ConfirmDialog
                title=a.label().to_owned()
                message=format!("所选学生中的 {} 人。{}", eligible(a).len(), a.confirm_warning().unwrap_or_default())
                confirm_label="确定".to_owned()
                busy=bulk.pending()
                on_confirm=Callback::new(move |_| run_bulk(a))
                on_cancel=Callback::new(move |_| asking.set(None))
            />
        })}
        {move || outcome.get().map(|o| match o {
            Ok(o) => view! {
                <div class="notice" role="status" id="bulk-outcome">
                    <p>{format!("已处理 {} 人。", o.done)}</p>
                    {(!o.skipped.is_empty()).then(|| view! {
                        <ul>{o.skipped.into_iter().map(|s| view! { <li>{s.student_no} " " {s.name} "：" {s.reason}</li> }).collect_view()}</ul>
                    })}
                </div>
            }.into_any(),
            Err(e) => view! { <div class="notice notice-error" role="alert" id="bulk-outcome">{e}</div> }.into_any(),
        })}
        <Loaded data=Loading::once_asked(list) let:data>
            <ApplicationTable data=data page=page selected=selected admin=is_unit_admin.get() />
        </Loaded>
    }
}

#[component]
fn ApplicationTable(
    data: Rows<ApplicationRow>,
    page: RwSignal<i64>,
    selected: Selected,
    admin: bool,
) -> impl IntoView {
    if data.items.is_empty() {
        return view! {
            <p class="empty">"本批次还没有符合条件的申请学位学生。请在“全部学生列表”中为学生勾选“申请学位”。"</p>
        }
        .into_any();
    }
    let total = data.total;
    let rows: Vec<(ApplicationId, Vec<Action>)> = data
        .items
        .iter()
        .map(|r| (r.id, r.allowed_actions.clone()))
        .collect();
    view! {
        <table class="table" id="applications">
            <thead><tr>
                {admin.then(|| view! {
                    <th scope="col"><input type="checkbox" id="select-page" aria-label="选择本页全部"
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| for (id, allowed) in &rows {
                                if on { s.insert(*id, allowed.clone()); } else { s.remove(id); }
                            });
                        } /></th>
                })}
                <th scope="col">"学号"</th><th scope="col">"姓名"</th><th scope="col">"学生类别"</th>
                <th scope="col">"专业"</th><th scope="col">"已确认"</th><th scope="col">"已审核"</th><th scope="col">"状态"</th>
            </tr></thead>
            <tbody>
                {data.items.into_iter().map(|r| view! { <AppRow r=r selected=selected admin=admin /> }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=page per_page=PER_PAGE on_page=Callback::new(move |p| page.set(p)) />
    }
    .into_any()
}

#[component]
fn AppRow(r: ApplicationRow, selected: Selected, admin: bool) -> impl IntoView {
    let id = r.id;
    let allowed = r.allowed_actions.clone();
    view! {
        <tr data-student-no=r.student_no.clone() class:row-reviewed=r.reviewed>
            {admin.then(|| view! {
                <td><input type="checkbox" class="select-app" aria-label=format!("选择 {}", r.name)
                    prop:checked=move || selected.with(|s| s.contains_key(&id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|s| { if on { s.insert(id, allowed.clone()); } else { s.remove(&id); } });
                    } /></td>
            })}
            <td class="student-no" class:reviewed=r.reviewed>{r.student_no.clone()}</td>
            <td><A href=routes::application_href(r.id)>{r.name.clone()}</A></td>
            <td>{r.kind.label()}</td>
            <td>{r.major_name.clone().unwrap_or_else(|| "—".into())}</td>
            <td class="col-confirmed">{if r.confirmed { "✔" } else { "—" }}</td>
            <td class="col-reviewed">{if r.reviewed { "✔" } else { "—" }}</td>
            <td><span class="badge">{r.state.label()}</span></td>
        </tr>
    }
}
