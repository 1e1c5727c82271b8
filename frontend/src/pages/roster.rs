//! 全部学生列表 (unit admin): every student of the unit from student
//! records; tick 申请学位 for some and “保存” opens their filing in the
//! current batch (and syncs them at once, with progress); unticking is
//! possible until the student confirms.

use crate::components::filters::{SortSelect, StudentFilters, YesNoFilter};
use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::components::unit_picker::UnitPicker;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::{Page, Permission, Role};
use shared::domain::StudentKind;
use shared::dto::application::{
    FilingChange, FilingOutcome, RosterEntry, RosterQuery, StudentSort,
};
use shared::dto::sync::{SyncRun, SyncStatus};
use shared::ids::{StudentId, UnitId};
use shared::workflow::application::apply;
use shared::workflow::{Action as Step, BatchPhase, Facts, Stage};
use std::collections::BTreeMap;
use std::time::Duration;

const PER_PAGE: i64 = 50;

#[component]
pub fn RosterPage() -> impl IntoView {
    view! {
        <Guard page=Page::Roster>
            <RosterView />
        </Guard>
    }
}

#[component]
fn RosterView() -> impl IntoView {
    let app = use_app();
    let unit = RwSignal::new(None::<UnitId>);
    let page = RwSignal::new(1_i64);
    let name = RwSignal::new(String::new());
    let student_no = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<StudentKind>);
    let applying = RwSignal::new(None::<bool>);
    let sort = RwSignal::new(StudentSort::StudentNo);
    let reload = RwSignal::new(0_u32);
    // The ticks the user changed and has not saved: student → 申请学位.
    let pending = RwSignal::new(BTreeMap::<StudentId, bool>::new());
    let list = LocalResource::new(move || {
        reload.track();
        let unit = unit.get();
        let q = RosterQuery {
            name: Some(name.get()).filter(|s| !s.is_empty()),
            student_no: Some(student_no.get()).filter(|s| !s.is_empty()),
            kind: kind.get(),
            applying: applying.get(),
            sort: Some(sort.get()),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move {
            match unit {
                Some(u) => app.client().roster(u, &q).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let batch_open = move || {
        app.current_batch
            .get()
            .is_some_and(|b| b.phase == BatchPhase::Open)
    };
    let outcome = RwSignal::new(None::<Result<FilingOutcome, String>>);
    let run = RwSignal::new(None::<SyncRun>);
    let save = Action::new_local(move |req: &(UnitId, FilingChange)| {
        let (unit, change) = req.clone();
        async move { app.client().save_filing(unit, &change).await }
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(o) => {
                    pending.set(BTreeMap::new());
                    run.set(o.sync_run.clone());
                    outcome.set(Some(Ok(o)));
                    reload.update(|n| *n += 1);
                }
                Err(e) => outcome.set(Some(Err(app.failure(&e)))),
            }
        }
    });
    // Follow the sync of the newly opened students until it ends.
    Effect::new(move |_| {
        if let Some(r) = run.get() {
            if r.status == SyncStatus::Running {
                set_timeout(
                    move || {
                        leptos::task::spawn_local(async move {
                            if let Ok(next) = app.client().sync_run(r.id).await {
                                run.set(Some(next));
                            }
                        });
                    },
                    Duration::from_millis(600),
                );
            }
        }
    });
    // Only differences are kept in `pending` (a row removes its entry when
    // ticked back), so the change spans pages.
    let changes = move || {
        pending.with(|p| FilingChange {
            open: p
                .iter()
                .filter(|(_, want)| **want)
                .map(|(id, _)| *id)
                .collect(),
            cancel: p
                .iter()
                .filter(|(_, want)| !**want)
                .map(|(id, _)| *id)
                .collect(),
        })
    };
    let change_count = move || {
        let c = changes();
        c.open.len() + c.cancel.len()
    };
    let filters_changed = move || {
        page.set(1);
        pending.set(BTreeMap::new());
    };
    view! {
        <h1>"全部学生列表"</h1>
        <p class="hint">"勾选“申请学位”并点击左下角“保存”，为学生开通本批次的学位填报；开通后立即从学籍系统同步该学生的数据。学生确认信息后不能再取消。"</p>
        {move || (!batch_open()).then(|| view! {
            <div class="notice notice-error" role="alert" id="no-batch">"当前没有可开通填报的评审批次（学位办开通评审批次后才能为学生开通学位申请）。"</div>
        })}
        <div class="filterbar">
            <UnitPicker perm=Permission::ViewApplications selected=unit />
            <StudentFilters prefix="f" name=name student_no=student_no kind=kind changed=Callback::new(move |_| filters_changed()) />
            <YesNoFilter id="f-applying" label="申请学位" yes="已申请" no="未申请" value=applying changed=Callback::new(move |_| filters_changed()) />
            <SortSelect id="f-sort" sort=sort />
        </div>
        {move || match list.get() {
            None | Some(Ok(None)) => view! { <p class="loading">"正在加载…"</p> }.into_any(),
            Some(Err(e)) => view! { <div class="notice notice-error" role="alert">{app.failure(&e)}</div> }.into_any(),
            Some(Ok(Some(data))) if data.items.is_empty() => view! {
                <p class="empty">"没有符合条件的学生。如本单位学生尚未导入，请在“数据同步”中刷新全部学生列表。"</p>
            }.into_any(),
            Some(Ok(Some(data))) => {
                let total = data.total;
                let rows = data.items.clone();
                let open_ids: Vec<StudentId> = rows.iter().filter(|r| r.state == Stage::NotApplied).map(|r| r.student_id).collect();
                view! {
                    <table class="table" id="roster">
                        <thead><tr>
                            <th scope="col">
                                <label class="check">
                                    <input type="checkbox" id="tick-page" disabled=move || !batch_open()
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            pending.update(|p| for id in &open_ids { if on { p.insert(*id, true); } else { p.remove(id); } });
                                        } />
                                    "申请学位"
                                </label>
                            </th>
                            <th scope="col">"学号"</th><th scope="col">"姓名"</th><th scope="col">"学生类别"</th>
                            <th scope="col">"专业"</th><th scope="col">"状态"</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! { <RosterRow r=r pending=pending batch_open=Signal::derive(batch_open) /> }).collect_view()}
                        </tbody>
                    </table>
                    <Pager total=total page=page per_page=PER_PAGE on_page=Callback::new(move |p| page.set(p)) />
                }.into_any()
            }
        }}
        <div class="toolbar toolbar-bottom">
            <button class="btn btn-primary" id="save-filing"
                disabled=move || { change_count() == 0 || save.pending().get() || unit.get().is_none() }
                on:click=move |_| if let Some(u) = unit.get_untracked() { save.dispatch_local((u, changes())); }>
                {move || match change_count() { 0 => "保存".to_owned(), n => format!("保存（{n} 项更改）") }}
            </button>
        </div>
        {move || outcome.get().map(|o| match o {
            Ok(o) => view! {
                <div class="notice" role="status" id="filing-outcome">
                    <p>{format!("已开通 {} 人，已取消 {} 人。", o.opened, o.cancelled)}</p>
                    {(!o.skipped.is_empty()).then(|| view! {
                        <p>"未处理："</p>
                        <ul>{o.skipped.into_iter().map(|s| view! { <li>{s.student_no} " " {s.name} "：" {s.reason}</li> }).collect_view()}</ul>
                    })}
                </div>
            }.into_any(),
            Err(e) => view! { <div class="notice notice-error" role="alert" id="filing-outcome">{e}</div> }.into_any(),
        })}
        {move || run.get().map(|r| view! {
            <div class="card" id="filing-sync" data-status=format!("{:?}", r.status)>
                <p>"从学籍系统同步新开通的学生：" {r.status.label()}</p>
                <progress max=r.total.max(1) value=r.done aria-label="同步进度"></progress>
                " " {r.done} " / " {r.total}
                {(!r.failures.is_empty()).then(|| view! {
                    <ul class="failures">{r.failures.into_iter().map(|f| view! { <li>{f.student_no} "：" {f.reason}</li> }).collect_view()}</ul>
                })}
            </div>
        })}
    }
}

#[component]
fn RosterRow(
    r: RosterEntry,
    pending: RwSignal<BTreeMap<StudentId, bool>>,
    batch_open: Signal<bool>,
) -> impl IntoView {
    let id = r.student_id;
    let applying = r.state != Stage::NotApplied;
    // Unticking is 取消申请学位, which the workflow allows only before 信息确认.
    let locked = applying
        && apply(
            r.state,
            Step::CancelFiling,
            Role::UnitAdmin,
            Facts {
                phase: BatchPhase::Open,
                unit_submitted: false,
                dossier_complete: true,
            },
        )
        .is_err();
    let checked = move || pending.with(|p| p.get(&id).copied()).unwrap_or(applying);
    let reason = if locked {
        "学生已确认信息，不能取消申请学位"
    } else {
        ""
    };
    view! {
        <tr data-student-no=r.student_no.clone()>
            <td>
                <input type="checkbox" class="tick-apply" aria-label=format!("申请学位：{}", r.name)
                    title=reason
                    prop:checked=checked
                    disabled=move || !batch_open.get() || locked
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        pending.update(|p| { if on == applying { p.remove(&id); } else { p.insert(id, on); } });
                    } />
            </td>
            <td>{r.student_no.clone()}</td>
            <td>{r.name.clone()}</td>
            <td>{r.kind.label()}</td>
            <td>{r.major_name.clone().unwrap_or_else(|| "—".into())}</td>
            <td><span class="badge">{r.state.label()}</span></td>
        </tr>
    }
}
