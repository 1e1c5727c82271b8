//! 学位终审: the results counted per discipline group and per unit, the
//! 学位评定委员会's meeting (with its 决议编号), and the final decision per
//! applicant: the recommendations accepted in bulk (after a confirmation),
//! or one at a time — accepting, overriding with a reason, or by the
//! congress's vote; a refusal is first proposed to the applicant (陈述申辩).

use super::{decision_label, final_label};
use crate::components::batch_picker::BatchPicker;
use crate::components::confirm::ConfirmDialog;
use crate::components::filters::YesNoFilter;
use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::data::{show_failure, Loaded, Loading, Mutation, Reload};
use crate::pages::prelim::meeting::MeetingForm;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::Page;
use shared::dto::application::BulkOutcome;
use shared::dto::final_review::{
    AcceptRecommendations, AggregateRow, FinalDecisionInput, FinalOverview, FinalPage, FinalQuery,
    FinalRow, HearingProposal,
};
use shared::ids::ApplicationId;
use shared::workflow::committee::{CommitteeOf, Votes};
use shared::workflow::final_review::DEFAULT_HEARING_DAYS;
use shared::workflow::{BatchPhase, FinalDecision};

const PER_PAGE: i64 = 50;

#[component]
pub fn FinalReviewPage() -> impl IntoView {
    view! {
        <Guard page=Page::FinalReview>
            <FinalView />
        </Guard>
    }
}

#[component]
fn FinalView() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    // The current batch by default; an earlier one to browse it.
    let batch = RwSignal::new(None::<shared::ids::BatchId>);
    let overview = LocalResource::new(move || {
        reload.track();
        let b = batch.get();
        async move { app.client().final_overview_of(b).await }
    });
    let congress = RwSignal::new(Some(CommitteeOf::University));
    let meeting = LocalResource::new(move || {
        reload.track();
        async move { app.client().congress_meeting().await.map(Some) }
    });
    let meeting_ok = RwSignal::new(false);
    let group = RwSignal::new(None::<i64>);
    let unit = RwSignal::new(None::<i64>);
    let decided = RwSignal::new(None::<bool>);
    let q = RwSignal::new(String::new());
    let page = RwSignal::new(1_i64);
    let list = LocalResource::new(move || {
        reload.track();
        let query = FinalQuery {
            batch_id: batch.get().map(|b| b.0),
            group_id: group.get(),
            unit_id: unit.get(),
            q: Some(q.get()).filter(|s| !s.trim().is_empty()),
            decided: decided.get(),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move { app.client().final_applicants(&query).await }
    });
    let changed = Callback::new(move |_| page.set(1));
    let browsing = move || {
        overview
            .get()
            .and_then(Result::ok)
            .is_some_and(|o| o.phase == BatchPhase::Completed)
    };
    // Kept above the reloading parts.
    let error = RwSignal::new(None::<String>);
    let outcome = RwSignal::new(None::<BulkOutcome>);
    let asking = RwSignal::new(false);
    let proposing = RwSignal::new(None::<FinalRow>);
    let fail = show_failure(error);
    let accept = Mutation::new(
        |client, r: AcceptRecommendations| async move { client.accept_recommendations(&r).await },
        move |o| {
            asking.set(false);
            error.set(None);
            outcome.set(Some(o));
            reload.bump();
        },
        move |e| {
            asking.set(false);
            fail(e);
        },
    );
    view! {
        <h1>{Page::FinalReview.label()}</h1>
        <p class="hint">"学科群分会评审结束后，国科大学位办在此汇总评审结果，记录学位评定委员会会议，并对每位申请人作出学位终审决定。不授予学位前须告知申请人并听取其陈述和申辩。"</p>
        <div class="filterbar"><BatchPicker selected=batch current_by_default=true changed=changed /></div>
        <Loaded data=overview let:o>
            <Aggregate o=o />
        </Loaded>
        // The meeting and the bulk acceptance are the current batch's work;
        // a completed batch is only read.
        {move || (!browsing()).then(|| view! {
            <section class="card" id="congress-meeting">
                <h2>"学位评定委员会会议"</h2>
                <Loaded data=Loading::once_asked(meeting) let:m>
                    <MeetingForm m=m unit=congress reload=reload ok=meeting_ok />
                </Loaded>
            </section>
        })}
        <section class="card" id="final-decisions">
            <h2>"学位终审决定"</h2>
            {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="final-error">{e}</div> })}
            {move || outcome.get().map(|o| view! {
                <div class="notice" role="status" id="accept-outcome">
                    <p>{format!("已采纳建议 {} 人。", o.done)}</p>
                    {(!o.skipped.is_empty()).then(|| view! {
                        <ul>{o.skipped.iter().map(|s| view! { <li>{format!("{} {}：{}", s.student_no, s.name, s.reason)}</li> }).collect_view()}</ul>
                    })}
                </div>
            })}
            {move || asking.get().then(|| view! {
                <ConfirmDialog title="采纳学科群分会的建议？".to_owned()
                    message="将为所有尚未作出学位终审决定、已有分会（或学位初审）结论的申请人记录与建议相同的决定；建议不授予学位而尚未完成陈述申辩的申请人将被跳过。".to_owned()
                    confirm_label="采纳建议".to_owned()
                    busy=accept.pending()
                    on_confirm=Callback::new(move |_| accept.run(AcceptRecommendations::default()))
                    on_cancel=Callback::new(move |_| asking.set(false)) />
            })}
            {move || proposing.get().map(|r| view! { <ProposeForm r=r proposing=proposing reload=reload error=error /> })}
            <div class="filterbar" role="search">
                <label for="final-q">"姓名或学号"</label>
                <input id="final-q" type="search" on:change=move |ev| { q.set(event_target_value(&ev)); changed.run(()); } />
                <Loaded data=overview let:o>
                    <label for="final-group">"学科群"</label>
                    <select id="final-group" on:change=move |ev| { group.set(event_target_value(&ev).parse().ok()); changed.run(()); }>
                        <option value="">"全部"</option>
                        {o.groups.iter().map(|g| view! { <option value=g.id.to_string()>{g.name.clone()}</option> }).collect_view()}
                    </select>
                    <label for="final-unit">"培养单位"</label>
                    <select id="final-unit" on:change=move |ev| { unit.set(event_target_value(&ev).parse().ok()); changed.run(()); }>
                        <option value="">"全部"</option>
                        {o.units.iter().map(|u| view! { <option value=u.id.to_string()>{u.name.clone()}</option> }).collect_view()}
                    </select>
                </Loaded>
                <YesNoFilter id="final-decided" label="终审决定" yes="已决定" no="未决定" value=decided changed=changed />
                {move || (!browsing()).then(|| view! {
                    <button class="btn btn-primary" id="accept-all" on:click=move |_| asking.set(true)>"采纳分会建议"</button>
                })}
            </div>
            <Loaded data=list let:data>
                <DecisionTable data=data page=page reload=reload error=error proposing=proposing />
            </Loaded>
        </section>
    }
}

fn count_cells(r: &AggregateRow) -> impl IntoView {
    let c = r.counts;
    view! {
        <td>{r.name.clone()}</td><td>{c.applicants}</td>
        <td>{c.prelim_failed}</td><td>{c.prelim_deferred}</td>
        <td>{c.sub_passed}</td><td>{c.sub_failed}</td><td>{c.sub_deferred}</td><td>{c.sub_missing}</td>
        <td>{c.conferred}</td><td>{c.not_conferred}</td><td>{c.deferred}</td><td>{c.undecided}</td>
    }
}

#[component]
fn Aggregate(o: FinalOverview) -> impl IntoView {
    let t = o.totals;
    let head = || {
        view! {
            <tr>
                <th scope="col">"名称"</th><th scope="col">"申请人"</th>
                <th scope="col">"初审未通过"</th><th scope="col">"初审缓议"</th>
                <th scope="col">"分会通过"</th><th scope="col">"分会未通过"</th><th scope="col">"分会缓议"</th><th scope="col">"分会未评审"</th>
                <th scope="col">"授予学位"</th><th scope="col">"不授予学位"</th><th scope="col">"终审缓议"</th><th scope="col">"未决定"</th>
            </tr>
        }
    };
    view! {
        <section class="card" id="final-aggregate">
            <h2>"评审结果汇总"</h2>
            <p class="hint" id="final-totals">{format!(
                "本批次共 {} 名申请人：授予学位 {} 人，不授予学位 {} 人，缓议 {} 人，尚未决定 {} 人；待处理的陈述申辩 {} 件。",
                t.applicants, t.conferred, t.not_conferred, t.deferred, t.undecided, o.open_hearings
            )}</p>
            <h3>"按学科群"</h3>
            <table class="table" id="aggregate-groups">
                <thead>{head()}</thead>
                <tbody>{o.groups.iter().map(|r| view! { <tr>{count_cells(r)}</tr> }).collect_view()}</tbody>
            </table>
            <h3>"按培养单位"</h3>
            <table class="table" id="aggregate-units">
                <thead>{head()}</thead>
                <tbody>{o.units.iter().map(|r| view! { <tr>{count_cells(r)}</tr> }).collect_view()}</tbody>
            </table>
        </section>
    }
}

#[component]
fn DecisionTable(
    data: FinalPage,
    page: RwSignal<i64>,
    reload: Reload,
    error: RwSignal<Option<String>>,
    proposing: RwSignal<Option<FinalRow>>,
) -> impl IntoView {
    if data.items.is_empty() {
        return view! { <p class="empty">"没有符合条件的申请人。"</p> }.into_any();
    }
    let total = data.total;
    view! {
        <table class="table" id="final-list">
            <thead><tr>
                <th scope="col">"学号"</th><th scope="col">"姓名"</th><th scope="col">"培养单位"</th>
                <th scope="col">"学科群"</th><th scope="col">"专业"</th>
                <th scope="col">"学位初审"</th><th scope="col">"分会评审"</th><th scope="col">"建议"</th>
                <th scope="col">"学位终审决定"</th><th scope="col">"陈述申辩"</th><th scope="col">"操作"</th>
            </tr></thead>
            <tbody>
                {data.items.into_iter().map(|r| view! { <DecisionLine r=r reload=reload error=error proposing=proposing /> }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=page per_page=PER_PAGE on_page=Callback::new(move |p| page.set(p)) />
    }
    .into_any()
}

#[component]
fn DecisionLine(
    r: FinalRow,
    reload: Reload,
    error: RwSignal<Option<String>>,
    proposing: RwSignal<Option<FinalRow>>,
) -> impl IntoView {
    let id: ApplicationId = r.application_id;
    let version = r.version;
    let choice = RwSignal::new(r.may_decide.first().copied());
    let reason = RwSignal::new(String::new());
    let yes = RwSignal::new(String::new());
    let no = RwSignal::new(String::new());
    let abstain = RwSignal::new(String::new());
    let fail = show_failure(error);
    let decide = Mutation::new(
        |client, (id, d): (ApplicationId, FinalDecisionInput)| async move {
            client.final_decision(id, &d).await
        },
        move |_| {
            error.set(None);
            reload.bump();
        },
        fail,
    );
    let decision = r.decision.clone().map(|d| {
        format!(
            "{}（{}{}）",
            d.decision.label(),
            d.basis.label(),
            d.reason.map(|x| format!("：{x}")).unwrap_or_default()
        )
    });
    let hearing = r.hearing.as_ref().map(|h| h.status.label()).unwrap_or("—");
    let may = r.may_decide.clone();
    let row = r.clone();
    let number = |v: RwSignal<String>, label: &'static str| {
        view! {
            <input type="number" min="0" class="vote" aria-label=label placeholder=label prop:value=move || v.get() on:input=move |ev| v.set(event_target_value(&ev)) />
        }
    };
    view! {
        <tr data-student-no=r.student_no.clone()>
            <td>{r.student_no.clone()}</td><td>{r.name.clone()}</td><td>{r.unit_name.clone()}</td>
            <td>{r.group_name.clone().unwrap_or_else(|| "—".into())}</td>
            <td>{r.major_name.clone().unwrap_or_else(|| "—".into())}</td>
            <td>{decision_label(r.prelim)}</td><td>{decision_label(r.subcommittee)}</td>
            <td class="col-recommendation">{final_label(r.recommendation)}</td>
            <td class="col-final">{decision.unwrap_or_else(|| "未决定".into())}</td>
            <td class="col-hearing">{hearing}</td>
            <td class="actions">
                {(!may.is_empty()).then(|| view! {
                    <select class="final-choice" aria-label="终审决定" on:change=move |ev| choice.set(FinalDecision::parse(&event_target_value(&ev)))>
                        {may.iter().map(|d| { let d = *d; view! { <option value=d.as_str() selected=move || choice.get() == Some(d)>{d.label()}</option> } }).collect_view()}
                    </select>
                    <input type="text" class="final-reason" placeholder="理由（改变建议或缓议时必填）" aria-label="理由"
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                    <details class="votes">
                        <summary>"逐人表决票数"</summary>
                        {number(yes, "同意")}{number(no, "不同意")}{number(abstain, "弃权")}
                    </details>
                    <button class="btn btn-small final-record" disabled=move || choice.get().is_none() || decide.pending().get()
                        on:click=move |_| if let Some(d) = choice.get_untracked() {
                            let n = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().ok();
                            let votes = match (n(yes), n(no), n(abstain)) {
                                (None, None, None) => None,
                                (y, n_, a) => Some(Votes { yes: y.unwrap_or(0), no: n_.unwrap_or(0), abstain: a.unwrap_or(0) }),
                            };
                            decide.run((id, FinalDecisionInput {
                                decision: d,
                                reason: Some(reason.get_untracked()).filter(|s| !s.trim().is_empty()),
                                votes,
                                version,
                            }));
                        }>"记录决定"</button>
                })}
                {row.may_propose_hearing.then(|| {
                    let row = row.clone();
                    view! { <button class="btn btn-small btn-danger propose-refusal" on:click=move |_| proposing.set(Some(row.clone()))>"拟不授予学位"</button> }
                })}
            </td>
        </tr>
    }
}

/// 拟不授予学位: the facts and reasons the applicant is told, and the
/// period for a statement.
#[component]
fn ProposeForm(
    r: FinalRow,
    proposing: RwSignal<Option<FinalRow>>,
    reload: Reload,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let facts = RwSignal::new(String::new());
    let days = RwSignal::new(DEFAULT_HEARING_DAYS.to_string());
    let fail = show_failure(error);
    let propose = Mutation::new(
        |client, (id, p): (ApplicationId, HearingProposal)| async move {
            client.propose_refusal(id, &p).await
        },
        move |_| {
            error.set(None);
            proposing.set(None);
            reload.bump();
        },
        fail,
    );
    let id = r.application_id;
    let version = r.version;
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="propose-title" id="propose-dialog">
                <h2 id="propose-title">{format!("拟不授予 {} {} 学位", r.student_no, r.name)}</h2>
                <p class="modal-message">"申请人将在系统中收到告知，可在期限内提交陈述和申辩或放弃；期满或收到答复后，请在“陈述申辩”中记录听取情况，然后才能作出不授予学位的决定。"</p>
                <label for="propose-facts">"拟不授予学位的事实和理由（必填）"</label>
                <textarea id="propose-facts" rows="4" prop:value=move || facts.get() on:input=move |ev| facts.set(event_target_value(&ev))></textarea>
                <label for="propose-days">"陈述申辩期限（天）"</label>
                <input id="propose-days" type="number" min="1" max="60" prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev)) />
                <div class="form-actions">
                    <button class="btn btn-danger" id="propose-send" disabled=move || facts.get().trim().is_empty() || propose.pending().get()
                        on:click=move |_| propose.run((id, HearingProposal {
                            facts_and_reasons: facts.get_untracked(),
                            days: days.get_untracked().trim().parse().ok(),
                            version,
                        }))>"告知申请人"</button>
                    <button class="btn" on:click=move |_| proposing.set(None)>"取消"</button>
                </div>
            </div>
        </div>
    }
}
