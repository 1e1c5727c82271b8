//! 纸质修改申请 after 封网: the unit's requests (recorded beside the dossier),
//! the degree office's 批准 / 不批准, and — once the final review has
//! ended — the network center's 执行修改, one by one or all at once.

use super::flags::dossier_href;
use crate::components::confirm::ConfirmDialog;
use crate::components::download::save_file;
use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::data::{show_failure, Loaded, Mutation, Reload};
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::{Page, Role};
use shared::dto::verification::{Correction, CorrectionDecision, CorrectionQuery};
use shared::dto::Page as ListPage;
use shared::workflow::verification::{corrections_applicable, CorrectionStatus};

const PER_PAGE: i64 = 50;

#[component]
pub fn CorrectionsPage() -> impl IntoView {
    view! {
        <Guard page=Page::Corrections>
            <CorrectionsView />
        </Guard>
    }
}

/// Download a request's scan with the session's token.
pub fn download_scan(c: &Correction) {
    let app = use_app();
    let (id, mime) = (
        c.id,
        c.attachment
            .as_ref()
            .map(|a| a.content_type.clone())
            .unwrap_or_default(),
    );
    let ext = if mime == "application/pdf" {
        "pdf"
    } else {
        "jpg"
    };
    leptos::task::spawn_local(async move {
        if let Ok(bytes) = app.client().scan(id).await {
            save_file(&bytes, &format!("修改申请{id}扫描件.{ext}"), &mime);
        }
    });
}

#[component]
fn CorrectionsView() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let status = RwSignal::new(None::<CorrectionStatus>);
    let page = RwSignal::new(1_i64);
    let list = LocalResource::new(move || {
        reload.track();
        let q = CorrectionQuery {
            status: status.get(),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
            ..Default::default()
        };
        async move { app.client().corrections(&q).await }
    });
    let me = app.session.get_untracked().map(|s| s.me.actor());
    let office = me.as_ref().is_some_and(|a| a.has_role(Role::DegreeOffice));
    let network = me.as_ref().is_some_and(|a| a.has_role(Role::NetworkCenter));
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let fail = show_failure(error);
    let after = move |text: String| {
        error.set(None);
        done.set(Some(text));
        reload.bump();
    };
    let deciding = RwSignal::new(None::<(Correction, bool)>);
    let note = RwSignal::new(String::new());
    let decide = Mutation::new(
        |client, (id, d): (i64, CorrectionDecision)| async move {
            client.decide_correction(id, &d).await
        },
        move |c| {
            deciding.set(None);
            note.set(String::new());
            after(format!("修改申请 #{} {}", c.id, c.status.label()));
        },
        fail,
    );
    let applying = RwSignal::new(None::<Correction>);
    let apply = Mutation::new(
        |client, (id, version): (i64, i32)| async move { client.apply_correction(id, version).await },
        move |c| {
            applying.set(None);
            after(format!(
                "修改申请 #{} 已执行，学生信息已更新并记入修改记录。",
                c.id
            ));
        },
        move |e| {
            applying.set(None);
            fail(e);
        },
    );
    let all_asked = RwSignal::new(None::<Vec<i64>>);
    let apply_all = Mutation::new(
        |client, ids: Vec<i64>| async move { client.apply_corrections(ids).await },
        move |r| {
            all_asked.set(None);
            let skipped = r
                .skipped
                .iter()
                .map(|s| format!("#{} {}：{}", s.id, s.student_no, s.reason))
                .collect::<Vec<_>>()
                .join("；");
            after(if skipped.is_empty() {
                format!("已执行 {} 条修改申请。", r.applied)
            } else {
                format!(
                    "已执行 {} 条修改申请；未执行（需人工核对）：{skipped}",
                    r.applied
                )
            });
        },
        move |e| {
            all_asked.set(None);
            fail(e);
        },
    );
    let can_apply = move || {
        network
            && app
                .current_batch
                .get()
                .is_none_or(|b| corrections_applicable(b.phase))
    };
    view! {
        <h1>{Page::Corrections.label()}</h1>
        <p class="hint">"封网后如需修改学位信息，由培养单位在学生信息页提交纸质修改申请（附扫描件），国科大学位办审批，供学科群分会评审及学位终审查阅；学位终审结束后由网络中心统一执行修改。"</p>
        <div class="filters">
            <label for="correction-status">"状态"</label>
            <select id="correction-status" on:change=move |ev| { status.set(CorrectionStatus::parse(&event_target_value(&ev))); page.set(1); }>
                <option value="">"全部"</option>
                {CorrectionStatus::ALL.map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
            </select>
        </div>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="correction-error">{e}</div> })}
        {move || done.get().map(|t| view! { <div class="notice" role="status" id="correction-done">{t}</div> })}
        {move || deciding.get().map(|(c, approve)| view! {
            <div class="modal-backdrop">
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="decide-title" id="decide-dialog">
                    <h2 id="decide-title">{format!("{}修改申请 #{}", if approve { "批准" } else { "不批准" }, c.id)}</h2>
                    <p class="modal-message">{format!("{} {}「{}」：{} → {}", c.student_no, c.name, c.field_label,
                        c.current_value.clone().unwrap_or_else(|| "（空）".into()), c.requested_value.clone().unwrap_or_else(|| "（空）".into()))}</p>
                    <label for="decide-note">{if approve { "说明（可选）" } else { "不批准的原因（必填）" }}</label>
                    <textarea id="decide-note" rows="3" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <div class="modal-actions">
                        <button class="btn" id="decide-cancel" on:click=move |_| deciding.set(None)>"取消"</button>
                        <button class="btn btn-primary" id="decide-ok"
                            disabled=move || (!approve && note.get().trim().is_empty()) || decide.pending().get()
                            on:click=move |_| decide.run((c.id, CorrectionDecision { approve, note: note.get_untracked(), version: c.version }))>"确定"</button>
                    </div>
                </div>
            </div>
        })}
        {move || applying.get().map(|c| view! {
            <ConfirmDialog
                title=format!("执行修改申请 #{}", c.id)
                message=format!("将把 {} {} 的“{}”由“{}”改为“{}”，写入修改记录和审计日志，不能撤销。",
                    c.student_no, c.name, c.field_label,
                    c.current_value.clone().unwrap_or_else(|| "（空）".into()), c.requested_value.clone().unwrap_or_else(|| "（空）".into()))
                confirm_label="执行修改".to_owned()
                busy=apply.pending()
                on_confirm=Callback::new(move |_| apply.run((c.id, c.version)))
                on_cancel=Callback::new(move |_| applying.set(None))
            />
        })}
        {move || all_asked.get().map(|ids| view! {
            <ConfirmDialog
                title="全部执行".to_owned()
                message=format!("将执行本页 {} 条已批准的修改申请；当前值与系统记录不一致的将不执行并列出，需人工核对。", ids.len())
                confirm_label="全部执行".to_owned()
                busy=apply_all.pending()
                on_confirm=Callback::new(move |_| apply_all.run(ids.clone()))
                on_cancel=Callback::new(move |_| all_asked.set(None))
            />
        })}
        <Loaded data=list let:p>
            <CorrectionTable p=p page=page office=office can_apply=Signal::derive(can_apply) deciding=deciding applying=applying all_asked=all_asked />
        </Loaded>
    }
}

#[component]
fn CorrectionTable(
    p: ListPage<Correction>,
    page: RwSignal<i64>,
    office: bool,
    can_apply: Signal<bool>,
    deciding: RwSignal<Option<(Correction, bool)>>,
    applying: RwSignal<Option<Correction>>,
    all_asked: RwSignal<Option<Vec<i64>>>,
) -> impl IntoView {
    let (total, per_page, current) = (p.total, p.per_page, p.page);
    if p.items.is_empty() {
        return view! { <p class="empty" id="corrections-empty">"没有纸质修改申请。"</p> }
            .into_any();
    }
    let approved: Vec<i64> = p
        .items
        .iter()
        .filter(|c| c.status == CorrectionStatus::Approved)
        .map(|c| c.id)
        .collect();
    view! {
        {(!approved.is_empty()).then(|| view! {
            <Show when=move || can_apply.get()>
                <p><button class="btn btn-primary" id="apply-all" on:click={
                    let ids = approved.clone();
                    move |_| all_asked.set(Some(ids.clone()))
                }>"全部执行"</button></p>
            </Show>
        })}
        <table class="table" id="corrections">
            <thead><tr>
                <th scope="col">"编号"</th><th scope="col">"学号"</th><th scope="col">"姓名"</th><th scope="col">"培养单位"</th>
                <th scope="col">"信息项"</th><th scope="col">"当前值"</th><th scope="col">"申请修改为"</th>
                <th scope="col">"情况说明"</th><th scope="col">"扫描件"</th><th scope="col">"状态"</th><th scope="col">"操作"</th>
            </tr></thead>
            <tbody>
                {p.items.into_iter().map(|c| view! { <CorrectionRow c=c office=office can_apply=can_apply deciding=deciding applying=applying /> }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=current per_page=per_page on_page=Callback::new(move |n| page.set(n)) />
    }
    .into_any()
}

#[component]
fn CorrectionRow(
    c: Correction,
    office: bool,
    can_apply: Signal<bool>,
    deciding: RwSignal<Option<(Correction, bool)>>,
    applying: RwSignal<Option<Correction>>,
) -> impl IntoView {
    let pending = c.status == CorrectionStatus::Pending;
    let approved = c.status == CorrectionStatus::Approved;
    let (for_yes, for_no, for_apply, for_scan) = (c.clone(), c.clone(), c.clone(), c.clone());
    let trail = [
        c.decided_by
            .as_ref()
            .zip(c.decided_at.as_ref())
            .map(|(by, at)| {
                format!(
                    "{by} 审批于 {}{}",
                    beijing(at, false),
                    c.decision_note
                        .as_ref()
                        .map(|n| format!("：{n}"))
                        .unwrap_or_default()
                )
            }),
        c.applied_by
            .as_ref()
            .zip(c.applied_at.as_ref())
            .map(|(by, at)| format!("{by} 执行于 {}", beijing(at, false))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("；");
    view! {
        <tr class="correction-row" data-correction=c.id.to_string() data-status=c.status.as_str()>
            <td>{format!("#{}", c.id)}</td>
            <td>{c.student_no.clone()}</td>
            <td><A href=dossier_href(c.application_id)>{c.name.clone()}</A></td>
            <td>{c.unit_name.clone()}</td>
            <td>{c.field_label.clone()}</td>
            <td>{c.current_value.clone().unwrap_or_else(|| "（空）".into())}</td>
            <td>{c.requested_value.clone().unwrap_or_else(|| "（空）".into())}</td>
            <td>{c.explanation.clone()}<br /><span class="hint">{format!("{} 提交于 {}", c.recorded_by, beijing(&c.recorded_at, false))}</span></td>
            <td>{c.attachment.clone().map(|a| view! {
                <button class="btn btn-link scan-download" on:click=move |_| download_scan(&for_scan)>
                    {format!("{}（{} KB）", if a.content_type == "application/pdf" { "PDF" } else { "JPEG" }, (a.bytes + 1023) / 1024)}
                </button>
            })}</td>
            <td>
                {c.status.label()}
                {(!c.still_current && c.status != CorrectionStatus::Applied).then(|| view! {
                    <br /><span class="badge badge-warn stale-value">"当前值已变化，需人工核对"</span>
                })}
                {(!trail.is_empty()).then(|| view! { <br /><span class="hint">{trail.clone()}</span> })}
            </td>
            <td>
                {(office && pending).then(|| view! {
                    <button class="btn btn-small correction-approve" on:click=move |_| deciding.set(Some((for_yes.clone(), true)))>"批准"</button>
                    <button class="btn btn-small correction-reject" on:click=move |_| deciding.set(Some((for_no.clone(), false)))>"不批准"</button>
                })}
                {approved.then(|| view! {
                    <Show when=move || can_apply.get()>
                        <button class="btn btn-small correction-apply" on:click={
                            let c = for_apply.clone();
                            move |_| applying.set(Some(c.clone()))
                        }>"执行修改"</button>
                    </Show>
                })}
            </td>
        </tr>
    }
}
