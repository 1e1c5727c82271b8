//! 全部学生列表 (unit admin): every student of the unit from student
//! records; tick 申请学位 for some and “保存” opens their filing in the
//! current batch (and syncs them at once, with progress); unticking is
//! possible until the student confirms. Which box may change is the
//! server's answer (`allowed_actions` of each row).

use crate::components::confirm::ConfirmDialog;
use crate::components::filters::{SortSelect, StudentFilters, YesNoFilter};
use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::components::unit_picker::UnitPicker;
use crate::data::{Loaded, Loading, Mutation, Reload};
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::{Page, Permission};
use shared::domain::StudentKind;
use shared::dto::application::{
    FilingChange, FilingOutcome, RosterEntry, RosterQuery, StudentSort,
};
use shared::dto::sync::{SyncRun, SyncStatus};
use shared::dto::Page as Rows;
use shared::ids::{StudentId, UnitId};
use shared::workflow::{Action, BatchPhase, Stage};
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

/// The ticks the user changed and has not saved: student → 申请学位.
/// Only differences are kept (a row removes its entry when ticked back),
/// so the change spans pages.
type Pending = RwSignal<BTreeMap<StudentId, bool>>;

#[component]
fn RosterView() -> impl IntoView {
    let app = use_app();
    let units = LocalResource::new(move || async move { app.client().units().await });
    let unit = RwSignal::new(None::<UnitId>);
    let page = RwSignal::new(1_i64);
    let name = RwSignal::new(String::new());
    let student_no = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<StudentKind>);
    let applying = RwSignal::new(None::<bool>);
    let sort = RwSignal::new(StudentSort::StudentNo);
    let reload = Reload::new();
    let pending: Pending = RwSignal::new(BTreeMap::new());
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
    let asking = RwSignal::new(false);
    let save = Mutation::new(
        |client, (unit, change): (UnitId, FilingChange)| async move {
            client.save_filing(unit, &change).await
        },
        move |o: FilingOutcome| {
            asking.set(false);
            pending.set(BTreeMap::new());
            run.set(o.sync_run.clone());
            outcome.set(Some(Ok(o)));
            reload.bump();
        },
        move |e| {
            asking.set(false);
            outcome.set(Some(Err(app.failure(&e))));
        },
    );
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
    let changes = move || {
        pending.with(|p| FilingChange {
            open: p.iter().filter(|(_, on)| **on).map(|(id, _)| *id).collect(),
            cancel: p
                .iter()
                .filter(|(_, on)| !**on)
                .map(|(id, _)| *id)
                .collect(),
        })
    };
    let change_count = move || pending.with(|p| p.len());
    let send = move || {
        if let Some(u) = unit.get_untracked() {
            save.run((u, changes()));
        }
    };
    // Unticking is 取消申请学位, which warns before it is saved.
    let on_save = move || match Action::CancelFiling.confirm_warning() {
        Some(_) if !changes().cancel.is_empty() => asking.set(true),
        _ => send(),
    };
    let filters_changed = Callback::new(move |_| {
        page.set(1);
        pending.set(BTreeMap::new());
    });
    view! {
        <h1>{Page::Roster.label()}</h1>
        <p class="hint">"勾选“申请学位”并点击左下角“保存”，为学生开通本批次的学位填报；开通后立即从学籍系统同步该学生的数据。学生确认信息后不能再取消。"</p>
        {move || (!batch_open()).then(|| view! {
            <div class="notice notice-error" role="alert" id="no-batch">"当前没有可开通填报的评审批次（学位办开通评审批次后才能为学生开通学位申请）。"</div>
        })}
        <div class="filterbar">
            <UnitPicker perm=Permission::ViewApplications units=Signal::derive(move || units.get().and_then(Result::ok).unwrap_or_default()) selected=unit />
            <StudentFilters prefix="f" name=name student_no=student_no kind=kind changed=filters_changed />
            <YesNoFilter id="f-applying" label="申请学位" yes="已申请" no="未申请" value=applying changed=filters_changed />
            <SortSelect id="f-sort" sort=sort />
        </div>
        <Loaded data=Loading::once_asked(list) let:data>
            <RosterTable data=data page=page pending=pending />
        </Loaded>
        <div class="toolbar toolbar-bottom">
            <button class="btn btn-primary" id="save-filing"
                disabled=move || { change_count() == 0 || save.pending().get() || unit.get().is_none() }
                on:click=move |_| on_save()>
                {move || match change_count() { 0 => "保存".to_owned(), n => format!("保存（{n} 项更改）") }}
            </button>
        </div>
        {move || asking.get().then(|| view! {
            <ConfirmDialog
                title=Action::CancelFiling.label().to_owned()
                message=format!("取消 {} 名学生的申请学位。{}", changes().cancel.len(), Action::CancelFiling.confirm_warning().unwrap_or_default())
                confirm_label="确定".to_owned()
                busy=save.pending()
                on_confirm=Callback::new(move |_| send())
                on_cancel=Callback::new(move |_| asking.set(false))
            />
        })}
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
fn RosterTable(data: Rows<RosterEntry>, page: RwSignal<i64>, pending: Pending) -> impl IntoView {
    if data.items.is_empty() {
        return view! {
            <p class="empty">"没有符合条件的学生。如本单位学生尚未导入，请在“数据同步”中刷新全部学生列表。"</p>
        }
        .into_any();
    }
    let total = data.total;
    // “全选” ticks the rows the server lets open.
    let openable: Vec<StudentId> = data
        .items
        .iter()
        .filter(|r| r.allowed_actions.contains(&Action::OpenFiling))
        .map(|r| r.student_id)
        .collect();
    let none_openable = openable.is_empty();
    view! {
        <table class="table" id="roster">
            <thead><tr>
                <th scope="col">
                    <label class="check">
                        <input type="checkbox" id="tick-page" disabled=none_openable
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                pending.update(|p| for id in &openable { if on { p.insert(*id, true); } else { p.remove(id); } });
                            } />
                        {Action::OpenFiling.label()}
                    </label>
                </th>
                <th scope="col">"学号"</th><th scope="col">"姓名"</th><th scope="col">"学生类别"</th>
                <th scope="col">"专业"</th><th scope="col">"状态"</th>
            </tr></thead>
            <tbody>
                {data.items.into_iter().map(|r| view! { <RosterRow r=r pending=pending /> }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=page per_page=PER_PAGE on_page=Callback::new(move |p| page.set(p)) />
    }
    .into_any()
}

#[component]
fn RosterRow(r: RosterEntry, pending: Pending) -> impl IntoView {
    let id = r.student_id;
    let applying = r.state != Stage::NotApplied;
    // Ticking is 申请学位, unticking 取消申请学位: the box may change
    // when the server allows that action for this row.
    let change = if applying {
        Action::CancelFiling
    } else {
        Action::OpenFiling
    };
    let locked = !r.allowed_actions.contains(&change);
    let reason = if locked {
        format!("{}：当前不能{}", r.state.label(), change.label())
    } else {
        String::new()
    };
    let checked = move || pending.with(|p| p.get(&id).copied()).unwrap_or(applying);
    view! {
        <tr data-student-no=r.student_no.clone()>
            <td>
                <input type="checkbox" class="tick-apply" aria-label=format!("{}：{}", Action::OpenFiling.label(), r.name)
                    title=reason
                    prop:checked=checked
                    disabled=locked
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
