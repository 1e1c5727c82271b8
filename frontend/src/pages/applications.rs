//! 申请学位学生: the unit's applications in the current batch with 已确认
//! and 已审核 (a reviewed student's 学号 in red), filters, paging, bulk
//! 已审核 / send back; and one application's dossier for the unit admin
//! (read-only for the degree office).

use crate::components::confirm::ConfirmDialog;
use crate::components::dossier::{DossierPanel, Notice, NoticeView};
use crate::components::filters::{SortSelect, StudentFilters, YesNoFilter};
use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::components::unit_picker::UnitPicker;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::authz::{check_role, Page, Permission, Role, Scope};
use shared::domain::StudentKind;
use shared::dto::application::{
    ApplicationQuery, ApplicationRow, BulkOutcome, BulkStep, StudentSort,
};
use shared::ids::{ApplicationId, UnitId};
use shared::workflow::Action as Step;
use std::collections::BTreeSet;

const PER_PAGE: i64 = 50;

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    view! {
        <Guard page=Page::Applications>
            <ApplicationsView />
        </Guard>
    }
}

fn bulk_label(a: Step) -> &'static str {
    match a {
        Step::MarkReviewed => "审核通过（已审核）",
        Step::UnmarkReviewed => "取消已审核",
        Step::SendBack => "退回学生修改",
        _ => "",
    }
}

#[component]
fn ApplicationsView() -> impl IntoView {
    let app = use_app();
    let unit = RwSignal::new(None::<UnitId>);
    let page = RwSignal::new(1_i64);
    let name = RwSignal::new(String::new());
    let student_no = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<StudentKind>);
    let confirmed = RwSignal::new(None::<bool>);
    let reviewed = RwSignal::new(None::<bool>);
    let sort = RwSignal::new(StudentSort::StudentNo);
    let reload = RwSignal::new(0_u32);
    let selected = RwSignal::new(BTreeSet::<ApplicationId>::new());
    let list = LocalResource::new(move || {
        reload.track();
        let unit = unit.get();
        let q = ApplicationQuery {
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
    let is_unit_admin = move || {
        let actor = app.session.get().map(|s| s.me.actor());
        match (actor, unit.get()) {
            (Some(a), Some(u)) => check_role(&a, Role::UnitAdmin, Scope::Unit(u)).is_ok(),
            _ => false,
        }
    };
    let outcome = RwSignal::new(None::<Result<BulkOutcome, String>>);
    let asking = RwSignal::new(None::<Step>);
    let bulk = Action::new_local(move |req: &(UnitId, BulkStep)| {
        let (unit, step) = req.clone();
        async move { app.client().bulk_step(unit, &step).await }
    });
    Effect::new(move |_| {
        if let Some(result) = bulk.value().get() {
            asking.set(None);
            match result {
                Ok(o) => {
                    selected.set(BTreeSet::new());
                    outcome.set(Some(Ok(o)));
                    reload.update(|n| *n += 1);
                }
                Err(e) => outcome.set(Some(Err(app.failure(&e)))),
            }
        }
    });
    let run_bulk = move |action: Step| {
        if let Some(u) = unit.get_untracked() {
            let ids = selected.get_untracked().into_iter().collect();
            bulk.dispatch_local((u, BulkStep { action, ids }));
        }
    };
    let filters_changed = move || {
        page.set(1);
        selected.set(BTreeSet::new());
    };
    view! {
        <h1>"申请学位学生"</h1>
        <div class="filterbar">
            <UnitPicker perm=Permission::ViewApplications selected=unit />
            <StudentFilters prefix="a" name=name student_no=student_no kind=kind changed=Callback::new(move |_| filters_changed()) />
            <YesNoFilter id="a-confirmed" label="已确认" yes="是" no="否" value=confirmed changed=Callback::new(move |_| filters_changed()) />
            <YesNoFilter id="a-reviewed" label="已审核" yes="是" no="否" value=reviewed changed=Callback::new(move |_| filters_changed()) />
            <SortSelect id="a-sort" sort=sort />
        </div>
        {move || is_unit_admin().then(|| view! {
            <div class="toolbar">
                <span class="hint">{move || format!("已选 {} 人", selected.with(|s| s.len()))}</span>
                {[Step::MarkReviewed, Step::UnmarkReviewed, Step::SendBack].map(|a| view! {
                    <button class="btn" id=format!("bulk-{}", format!("{a:?}").to_lowercase())
                        disabled=move || selected.with(|s| s.is_empty()) || bulk.pending().get()
                        on:click=move |_| if a == Step::SendBack { asking.set(Some(a)) } else { run_bulk(a) }>
                        {bulk_label(a)}
                    </button>
                }).collect_view()}
            </div>
        })}
        {move || asking.get().map(|a| view! {
            <ConfirmDialog
                title=bulk_label(a).to_owned()
                message=format!("将去除所选 {} 名学生的“已确认”和“已审核”，学生会收到消息，可以重新填写并确认。", selected.with(|s| s.len()))
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
        {move || match list.get() {
            None | Some(Ok(None)) => view! { <p class="loading">"正在加载…"</p> }.into_any(),
            Some(Err(e)) => view! { <div class="notice notice-error" role="alert">{app.failure(&e)}</div> }.into_any(),
            Some(Ok(Some(data))) if data.items.is_empty() => view! {
                <p class="empty">"本批次还没有符合条件的申请学位学生。请在“全部学生列表”中为学生勾选“申请学位”。"</p>
            }.into_any(),
            Some(Ok(Some(data))) => {
                let total = data.total;
                let ids: Vec<ApplicationId> = data.items.iter().map(|r| r.id).collect();
                let admin = is_unit_admin();
                view! {
                    <table class="table" id="applications">
                        <thead><tr>
                            {admin.then(|| view! {
                                <th scope="col"><input type="checkbox" id="select-page" aria-label="选择本页全部"
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.update(|s| for id in &ids { if on { s.insert(*id); } else { s.remove(id); } });
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
                }.into_any()
            }
        }}
    }
}

#[component]
fn AppRow(
    r: ApplicationRow,
    selected: RwSignal<BTreeSet<ApplicationId>>,
    admin: bool,
) -> impl IntoView {
    let id = r.id;
    view! {
        <tr data-student-no=r.student_no.clone() class:row-reviewed=r.reviewed>
            {admin.then(|| view! {
                <td><input type="checkbox" class="select-app" aria-label=format!("选择 {}", r.name)
                    prop:checked=move || selected.with(|s| s.contains(&id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                    } /></td>
            })}
            <td class="student-no" class:reviewed=r.reviewed>{r.student_no.clone()}</td>
            <td><A href=format!("/applications/{}", r.id.0)>{r.name.clone()}</A></td>
            <td>{r.kind.label()}</td>
            <td>{r.major_name.clone().unwrap_or_else(|| "—".into())}</td>
            <td class="col-confirmed">{if r.confirmed { "✔" } else { "—" }}</td>
            <td class="col-reviewed">{if r.reviewed { "✔" } else { "—" }}</td>
            <td><span class="badge">{r.state.label()}</span></td>
        </tr>
    }
}

/// One application's dossier, for the unit admin (edit on the student's
/// behalf, review, send back) and the degree office (read only).
#[component]
pub fn ApplicationDetailPage() -> impl IntoView {
    view! {
        <Guard page=Page::Applications>
            <DetailView />
        </Guard>
    }
}

#[component]
fn DetailView() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = move || {
        params
            .get()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .map(ApplicationId)
    };
    let reload = RwSignal::new(0_u32);
    let dossier = LocalResource::new(move || {
        reload.track();
        let id = id();
        async move {
            match id {
                Some(id) => app.client().dossier(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let refresh = Callback::new(move |_| reload.update(|n| *n += 1));
    let notice = RwSignal::new(None::<Notice>);
    view! {
        <p><A href="/applications">"← 返回申请学位学生"</A></p>
        <NoticeView notice=notice refresh=refresh />
        {move || match dossier.get() {
            None => view! { <p class="loading">"正在加载…"</p> }.into_any(),
            Some(Ok(None)) => view! { <p class="empty">"页面不存在"</p> }.into_any(),
            Some(Err(e)) => view! { <div class="notice notice-error" role="alert">{app.failure(&e)}</div> }.into_any(),
            Some(Ok(Some(d))) => view! {
                <h1>{d.synced.name.clone()} " " <span class="hint">{d.synced.student_no.clone()}</span></h1>
                <DossierPanel d=d refresh=refresh notice=notice />
            }.into_any(),
        }}
    }
}
