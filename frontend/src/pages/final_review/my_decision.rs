//! 学位评定结果 (the applicant): the final decision once recorded, with its
//! reasons for a refusal or a deferral; a proposed refusal with its facts
//! and reasons and the period, and the statement (陈述、申辩) or its waiver.

use crate::components::confirm::ConfirmDialog;
use crate::components::layout::Guard;
use crate::data::{show_failure, Loaded, Mutation, Reload};
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::Page;
use shared::dto::final_review::{HearingAnswer, MyDecision};
use shared::error::ErrorCode;
use shared::workflow::FinalDecision;

#[component]
pub fn MyDecisionPage() -> impl IntoView {
    view! {
        <Guard page=Page::MyDecision>
            <DecisionView />
        </Guard>
    }
}

#[component]
fn DecisionView() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let mine = LocalResource::new(move || {
        reload.track();
        async move { app.client().my_decision().await }
    });
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let not_opened = Callback::new(|e: shared::client::ClientError| {
        (e.code() == Some(ErrorCode::FilingNotOpened)).then(|| {
            view! { <p class="empty" id="no-application">"你在当前评审批次中没有学位申请。"</p> }.into_any()
        })
    });
    view! {
        <h1>{Page::MyDecision.label()}</h1>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="answer-error">{e}</div> })}
        {move || sent.get().then(|| view! { <div class="notice" role="status" id="answer-sent">"你的答复已提交。"</div> })}
        <Loaded data=mine on_error=not_opened let:d>
            <DecisionBody d=d reload=reload error=error sent=sent />
        </Loaded>
    }
}

#[component]
fn DecisionBody(
    d: MyDecision,
    reload: Reload,
    error: RwSignal<Option<String>>,
    sent: RwSignal<bool>,
) -> impl IntoView {
    let statement = RwSignal::new(String::new());
    let asking = RwSignal::new(false);
    let fail = show_failure(error);
    let answer = Mutation::new(
        |client, (id, a): (i64, HearingAnswer)| async move { client.answer_hearing(id, &a).await },
        move |_| {
            asking.set(false);
            error.set(None);
            sent.set(true);
            reload.bump();
        },
        move |e| {
            asking.set(false);
            fail(e);
        },
    );
    let outcome = match d.decision {
        Some(FinalDecision::Conferred) => "学位评定委员会决定：授予学位。".to_owned(),
        Some(FinalDecision::NotConferred) => "学位评定委员会决定：不授予学位。".to_owned(),
        Some(FinalDecision::Deferred) => "学位评定委员会决定：缓议。".to_owned(),
        None => format!(
            "当前状态：{}。学位终审决定作出后将在此显示。",
            d.state.label()
        ),
    };
    let hearing = d.hearing.clone();
    let may_answer = d.may_answer;
    view! {
        <section class="card" id="my-decision">
            <h2>{d.batch_name.clone()}</h2>
            <p id="decision-outcome"><strong>{outcome}</strong></p>
            {d.reasons.clone().map(|r| view! { <p id="decision-reasons">"理由：" {r}</p> })}
            {d.certificate_no.clone().map(|n| view! { <p id="decision-certificate">"学位证书编号：" <strong>{n}</strong></p> })}
        </section>
        {hearing.map(|h| {
            let (id, version) = (h.id, h.version);
            view! {
                <section class="card" id="my-hearing">
                    <h2>"拟不授予学位告知"</h2>
                    <p>{format!("学位评定委员会拟对你作出不授予学位的决定（{} 告知）。", beijing(&h.proposed_at, false))}</p>
                    <p id="hearing-facts"><strong>"事实和理由："</strong>{h.facts_and_reasons.clone()}</p>
                    <p><strong>"状态："</strong>{h.status.label()}{format!("；陈述申辩期限至 {}", beijing(&h.deadline, false))}</p>
                    {h.statement.clone().map(|s| view! { <p><strong>"你的陈述和申辩："</strong>{s}</p> })}
                    {may_answer.then(|| view! {
                        <div class="field field-wide">
                            <label for="hearing-statement">"陈述和申辩"</label>
                            <textarea id="hearing-statement" rows="6" prop:value=move || statement.get() on:input=move |ev| statement.set(event_target_value(&ev))></textarea>
                        </div>
                        <div class="form-actions">
                            <button class="btn btn-primary" id="hearing-submit" disabled=move || statement.get().trim().is_empty() || answer.pending().get()
                                on:click=move |_| answer.run((id, HearingAnswer { statement: Some(statement.get_untracked()), waive: false, version }))>"提交陈述和申辩"</button>
                            <button class="btn" id="hearing-waive" on:click=move |_| asking.set(true)>"放弃陈述和申辩"</button>
                        </div>
                    })}
                    {move || asking.get().then(|| view! {
                        <ConfirmDialog title="放弃陈述和申辩？".to_owned()
                            message="放弃后不能再提交陈述和申辩，学位评定委员会将据已有材料作出决定。".to_owned()
                            confirm_label="确认放弃".to_owned()
                            busy=answer.pending()
                            on_confirm=Callback::new(move |_| answer.run((id, HearingAnswer { statement: None, waive: true, version })))
                            on_cancel=Callback::new(move |_| asking.set(false)) />
                    })}
                </section>
            }
        })}
    }
}
