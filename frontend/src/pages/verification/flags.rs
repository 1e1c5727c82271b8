//! 核查意见: the flags raised in 学位信息核查 — all of them for the degree
//! office (which resolves or dismisses each with a note, or reopens the
//! unit's submission in 上报情况), the group's for its secretariat, the
//! unit's for its admins.

use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::data::{show_failure, Loaded, Mutation, Reload};
use crate::format::beijing;
use crate::routes;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::{navigation, Page, Permission};
use shared::dto::verification::{Flag, FlagClose, FlagOutcome, FlagQuery};
use shared::dto::Page as ListPage;
use shared::ids::ApplicationId;
use shared::workflow::verification::FlagStatus;

const PER_PAGE: i64 = 50;

#[component]
pub fn FlagsPage() -> impl IntoView {
    view! {
        <Guard page=Page::Flags>
            <FlagsView />
        </Guard>
    }
}

/// Where a flag's student opens: 学位信息核查 for its reviewers, the unit's
/// 申请学位学生 for the unit.
pub fn dossier_href(id: ApplicationId) -> String {
    let reviewer = use_app()
        .session
        .get_untracked()
        .is_some_and(|s| navigation(&s.me.actor()).contains(&Page::Verification));
    if reviewer {
        routes::verification_href(id)
    } else {
        routes::application_href(id)
    }
}

#[component]
fn FlagsView() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let status = RwSignal::new(Some(FlagStatus::Open));
    let page = RwSignal::new(1_i64);
    let flags = LocalResource::new(move || {
        reload.track();
        let q = FlagQuery {
            status: status.get(),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
            ..Default::default()
        };
        async move { app.client().flags(&q).await }
    });
    let closing = RwSignal::new(None::<(Flag, FlagOutcome)>);
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let fail = show_failure(error);
    let close = Mutation::new(
        |client, (id, req): (i64, FlagClose)| async move { client.close_flag(id, &req).await },
        move |_| {
            closing.set(None);
            note.set(String::new());
            error.set(None);
            reload.bump();
        },
        fail,
    );
    let manages = app
        .session
        .get_untracked()
        .is_some_and(|s| s.me.actor().can_somewhere(Permission::ManageFlags));
    view! {
        <h1>{Page::Flags.label()}</h1>
        <p class="hint">{if manages {
            "国科大学位办可将核查意见标为已解决或驳回（需填写说明）；需要培养单位修改时，请在“上报情况”中退回，未处理的核查意见会附在退回原因中。"
        } else {
            "培养单位修改被提出意见的信息并重新上报后，相应核查意见自动标为已解决；综合意见由国科大学位办处理。"
        }}</p>
        <div class="filters">
            <label for="flag-status">"状态"</label>
            <select id="flag-status" on:change=move |ev| { status.set(FlagStatus::parse(&event_target_value(&ev))); page.set(1); }>
                {FlagStatus::ALL.map(|s| view! { <option value=s.as_str() selected=s == FlagStatus::Open>{s.label()}</option> }).collect_view()}
                <option value="">"全部"</option>
            </select>
        </div>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="flag-error">{e}</div> })}
        {move || closing.get().map(|(f, outcome)| {
            let title = match outcome { FlagOutcome::Resolved => "标为已解决", FlagOutcome::Dismissed => "驳回核查意见" };
            view! {
                <div class="modal-backdrop">
                    <div class="modal" role="dialog" aria-modal="true" aria-labelledby="flag-close-title" id="flag-close-dialog">
                        <h2 id="flag-close-title">{format!("{title}：{} {}「{}」", f.student_no, f.name, f.field_label)}</h2>
                        <p class="modal-message">{f.message.clone()}</p>
                        <label for="flag-note">"处理说明（必填，培养单位可见）"</label>
                        <textarea id="flag-note" rows="3" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        <div class="modal-actions">
                            <button class="btn" id="flag-close-cancel" on:click=move |_| closing.set(None)>"取消"</button>
                            <button class="btn btn-primary" id="flag-close-ok"
                                disabled=move || note.get().trim().is_empty() || close.pending().get()
                                on:click=move |_| close.run((f.id, FlagClose { outcome, note: note.get_untracked(), version: f.version }))>"确定"</button>
                        </div>
                    </div>
                </div>
            }
        })}
        <Loaded data=flags let:p>
            <FlagTable p=p page=page closing=closing manages=manages />
        </Loaded>
    }
}

#[component]
fn FlagTable(
    p: ListPage<Flag>,
    page: RwSignal<i64>,
    closing: RwSignal<Option<(Flag, FlagOutcome)>>,
    manages: bool,
) -> impl IntoView {
    let (total, per_page, current) = (p.total, p.per_page, p.page);
    if p.items.is_empty() {
        return view! { <p class="empty" id="flags-empty">"没有核查意见。"</p> }.into_any();
    }
    view! {
        <table class="table" id="flags">
            <thead><tr>
                <th scope="col">"学号"</th><th scope="col">"姓名"</th><th scope="col">"培养单位"</th>
                <th scope="col">"信息项"</th><th scope="col">"核查意见"</th><th scope="col">"提出"</th>
                <th scope="col">"状态"</th><th scope="col">"处理"</th>
            </tr></thead>
            <tbody>
                {p.items.into_iter().map(|f| {
                    let open = f.status == FlagStatus::Open;
                    let (a, b) = (f.clone(), f.clone());
                    view! {
                        <tr class="flag-row" data-flag=f.id.to_string() data-status=f.status.as_str() data-field=f.field.clone()>
                            <td>{f.student_no.clone()}</td>
                            <td><A href=dossier_href(f.application_id)>{f.name.clone()}</A></td>
                            <td>{f.unit_name.clone()}</td>
                            <td>{f.field_label.clone()}</td>
                            <td>{f.message.clone()}</td>
                            <td>{format!("{} {}", f.raised_by, beijing(&f.raised_at, false))}</td>
                            <td>{f.status.label()}</td>
                            <td>
                                {f.note.clone().map(|n| view! { <span class="hint">{format!("{}：{n}", f.closed_by.clone().unwrap_or_default())}</span> })}
                                {(open && manages).then(|| view! {
                                    <button class="btn btn-small flag-resolve" on:click=move |_| closing.set(Some((a.clone(), FlagOutcome::Resolved)))>"已解决"</button>
                                    <button class="btn btn-small flag-dismiss" on:click=move |_| closing.set(Some((b.clone(), FlagOutcome::Dismissed)))>"驳回"</button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=current per_page=per_page on_page=Callback::new(move |n| page.set(n)) />
    }
    .into_any()
}
