//! 陈述申辩 (the office): each refusal proposed in the current batch, what
//! the applicant was told, their statement or its waiver, and the record
//! of the hearing, after which 不授予学位 may be decided.

use crate::components::layout::Guard;
use crate::data::{show_failure, Loaded, Mutation, Reload};
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::Page;
use shared::dto::final_review::{HearingRecordInput, HearingRow};
use shared::workflow::final_review::HearingStatus;

#[component]
pub fn HearingsPage() -> impl IntoView {
    view! {
        <Guard page=Page::Hearings>
            <HearingsView />
        </Guard>
    }
}

#[component]
fn HearingsView() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let list = LocalResource::new(move || {
        reload.track();
        async move { app.client().hearings().await }
    });
    let error = RwSignal::new(None::<String>);
    view! {
        <h1>{Page::Hearings.label()}</h1>
        <p class="hint">"依《学位法》第三十九条，作出不授予学位决定前应告知申请人拟作出的决定及事实、理由，听取其陈述和申辩。在“学位终审”中提出拟不授予学位后，申请人的答复显示在这里。"</p>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="hearing-error">{e}</div> })}
        <Loaded data=list let:rows>
            {if rows.is_empty() {
                view! { <p class="empty" id="no-hearings">"本批次还没有拟不授予学位的申请人。"</p> }.into_any()
            } else {
                rows.into_iter().map(|r| view! { <HearingCard r=r reload=reload error=error /> }).collect_view().into_any()
            }}
        </Loaded>
    }
}

#[component]
fn HearingCard(r: HearingRow, reload: Reload, error: RwSignal<Option<String>>) -> impl IntoView {
    let h = r.hearing.clone();
    let record = RwSignal::new(String::new());
    let fail = show_failure(error);
    let save = Mutation::new(
        |client, (id, input): (i64, HearingRecordInput)| async move {
            client.record_hearing(id, &input).await
        },
        move |_| {
            error.set(None);
            reload.bump();
        },
        fail,
    );
    let recordable = match h.status {
        HearingStatus::Stated | HearingStatus::Waived => true,
        HearingStatus::Notified => h.period_over,
        HearingStatus::Recorded => false,
    };
    let (id, version) = (h.id, h.version);
    view! {
        <section class="card hearing" data-student-no=r.student_no.clone()>
            <h2>{format!("{} {}（{}）", r.student_no, r.name, r.unit_name)}</h2>
            <p class="hearing-status"><strong>{h.status.label()}</strong>
                {format!("　告知于 {}（{}），期限至 {}", beijing(&h.proposed_at, false), h.proposed_by, beijing(&h.deadline, false))}</p>
            <p><strong>"拟不授予学位的事实和理由："</strong>{h.facts_and_reasons.clone()}</p>
            <p class="hearing-statement"><strong>"申请人陈述和申辩："</strong>{match (h.status, h.statement.clone()) {
                (_, Some(s)) => s,
                (HearingStatus::Waived, None) => "申请人已放弃陈述和申辩".to_owned(),
                _ if h.period_over => "期限内未提交".to_owned(),
                _ => "尚未提交".to_owned(),
            }}</p>
            {h.record.clone().map(|rec| view! {
                <p class="hearing-record"><strong>"听取情况记录："</strong>{rec}
                    {format!("（{}）", h.recorded_by.clone().unwrap_or_default())}</p>
            })}
            {recordable.then(|| view! {
                <div class="field field-wide">
                    <label for=format!("hearing-record-{id}")>"听取情况记录（必填）"</label>
                    <textarea id=format!("hearing-record-{id}") class="hearing-record-input" rows="3"
                        prop:value=move || record.get() on:input=move |ev| record.set(event_target_value(&ev))></textarea>
                </div>
                <button class="btn btn-primary hearing-record-save" disabled=move || record.get().trim().is_empty() || save.pending().get()
                    on:click=move |_| save.run((id, HearingRecordInput { record: record.get_untracked(), version }))>"记录陈述申辩情况"</button>
            })}
        </section>
    }
}
