//! 数据同步: start a unit-wide sync or a student-list refresh, and follow
//! every run with live progress and its failure list.

use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::data::{show_failure, Loaded, Mutation, Reload};
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::{check, GrantScope, Page, Permission, Role, Scope};
use shared::dto::sync::{SyncKind, SyncRun, SyncRunQuery, SyncStatus, SyncTrigger};
use shared::dto::Page as Rows;
use shared::ids::UnitId;
use std::time::Duration;

const PER_PAGE: i64 = 10;

#[component]
pub fn SyncPage() -> impl IntoView {
    view! {
        <Guard page=Page::Sync>
            <SyncView />
        </Guard>
    }
}

fn kind_label(k: SyncKind) -> &'static str {
    match k {
        SyncKind::Student => "单个学生",
        SyncKind::Unit => "单位全部学生",
        SyncKind::Applicants => "批次全部申请人",
        SyncKind::Roster => "全部学生列表",
    }
}

fn trigger_label(t: SyncTrigger) -> &'static str {
    match t {
        SyncTrigger::Manual => "手动",
        SyncTrigger::Filing => "开通填报",
        SyncTrigger::Scheduled => "定时",
    }
}

#[component]
fn SyncView() -> impl IntoView {
    let app = use_app();
    let actor = move || app.session.get().map(|s| s.me.actor());
    // Global admins see every unit; a unit admin only their own.
    let global =
        move || actor().is_some_and(|a| check(&a, Permission::ViewSyncRuns, Scope::Global).is_ok());
    let units = LocalResource::new(move || async move { app.client().units().await });
    let own_units = move || {
        actor()
            .map(|a| {
                a.grants_of(Role::UnitAdmin)
                    .filter_map(|g| match g.scope {
                        GrantScope::Unit(u) => Some(u),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let selected = RwSignal::new(None::<UnitId>);
    Effect::new(move |_| {
        if selected.get_untracked().is_none() && !global() {
            selected.set(own_units().first().copied());
        }
    });
    let page = RwSignal::new(1_i64);
    let reload = Reload::new();
    let error = RwSignal::new(None::<String>);
    let runs = LocalResource::new(move || {
        reload.track();
        let q = SyncRunQuery {
            unit_id: selected.get().map(|u| u.0),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move { app.client().sync_runs(&q).await }
    });
    // While a run is going, look again shortly.
    Effect::new(move |_| {
        if let Some(Ok(p)) = runs.get() {
            if p.items.iter().any(|r| r.status == SyncStatus::Running) {
                set_timeout(move || reload.bump(), Duration::from_millis(700));
            }
        }
    });
    let start = Mutation::new(
        |client, (unit, kind): (UnitId, SyncKind)| async move {
            match kind {
                SyncKind::Roster => client.sync_roster(unit).await,
                _ => client.sync_unit(unit).await,
            }
        },
        move |_| {
            error.set(None);
            page.set(1);
            reload.bump();
        },
        show_failure(error),
    );

    view! {
        <h1>{Page::Sync.label()}</h1>
        <section class="card">
            <h2>"手动同步"</h2>
            <p class="hint">
                "学位系统的学生基本信息、导师、课程成绩、科研成果与论文答辩信息来自学籍、教师、教务、培养系统。"
                "系统每天 1:00 和 12:00（北京时间）自动同步当前批次申请人的学籍信息；封网后停止一切同步。"
            </p>
            {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert">{e}</div> })}
            <div class="filterbar">
                <label for="sync-unit">"培养单位"</label>
                <select id="sync-unit" on:change=move |ev| {
                    selected.set(event_target_value(&ev).parse::<i64>().ok().map(UnitId));
                    page.set(1);
                }>
                    {move || global().then(|| view! { <option value="">"全部单位"</option> })}
                    {move || {
                        let mine = own_units();
                        let is_global = global();
                        units.get().and_then(Result::ok).unwrap_or_default().into_iter()
                            .filter(|u| is_global || mine.contains(&u.id))
                            .map(|u| {
                                let id = u.id;
                                view! { <option value=u.id.0.to_string() selected=move || selected.get() == Some(id)>{u.code} " " {u.name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <button class="btn" id="sync-roster"
                    disabled=move || { selected.get().is_none() || start.pending().get() }
                    on:click=move |_| if let Some(u) = selected.get_untracked() { start.run((u, SyncKind::Roster)); }>
                    "刷新全部学生列表"
                </button>
                <button class="btn btn-primary" id="sync-unit-start"
                    disabled=move || { selected.get().is_none() || start.pending().get() }
                    on:click=move |_| if let Some(u) = selected.get_untracked() { start.run((u, SyncKind::Unit)); }>
                    "同步本单位学生数据"
                </button>
            </div>
            <p class="hint">{move || selected.get().is_none().then_some("请选择培养单位后再同步。")}</p>
        </section>
        <section class="card">
            <h2>"同步记录"</h2>
            <Loaded data=runs let:data>
                <RunTable data=data page=page />
            </Loaded>
        </section>
    }
}

#[component]
fn RunTable(data: Rows<SyncRun>, page: RwSignal<i64>) -> impl IntoView {
    if data.items.is_empty() {
        return view! { <p class="empty">"还没有同步记录。"</p> }.into_any();
    }
    let total = data.total;
    view! {
        <table class="table" id="sync-runs">
            <thead>
                <tr>
                    <th scope="col">"开始时间"</th>
                    <th scope="col">"内容"</th>
                    <th scope="col">"方式"</th>
                    <th scope="col">"发起人"</th>
                    <th scope="col">"进度"</th>
                    <th scope="col">"状态"</th>
                    <th scope="col">"失败"</th>
                </tr>
            </thead>
            <tbody>
                {data.items.into_iter().map(|r| view! { <RunRow run=r /> }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=page per_page=PER_PAGE on_page=Callback::new(move |p| page.set(p)) />
    }
    .into_any()
}

#[component]
fn RunRow(run: SyncRun) -> impl IntoView {
    let systems = run
        .systems
        .iter()
        .map(|s| s.label())
        .collect::<Vec<_>>()
        .join("、");
    let failures = run.failures.clone();
    let status_class = match run.status {
        SyncStatus::Running => "badge phase-final_review",
        SyncStatus::Succeeded => "badge phase-open",
        SyncStatus::Partial | SyncStatus::Failed => "badge phase-sealed",
    };
    view! {
        <tr class="sync-run" data-status=format!("{:?}", run.status)>
            <td>{beijing(&run.started_at, true)}</td>
            <td>{kind_label(run.kind)}<br /><span class="hint">{systems}</span></td>
            <td>{trigger_label(run.trigger)}</td>
            <td>{run.started_by_name.clone()}</td>
            <td>
                <progress max=run.total.max(1) value=run.done aria-label="同步进度"></progress>
                " " {run.done} " / " {run.total}
            </td>
            <td><span class=status_class>{run.status.label()}</span></td>
            <td>
                {if failures.is_empty() {
                    view! { <span>"0"</span> }.into_any()
                } else {
                    view! {
                        <details>
                            <summary>{failures.len()} " 人"</summary>
                            <ul class="failures">
                                {failures.into_iter().map(|f| view! {
                                    <li>{f.student_no} "：" {f.reason}</li>
                                }).collect_view()}
                            </ul>
                        </details>
                    }.into_any()
                }}
            </td>
        </tr>
    }
}
