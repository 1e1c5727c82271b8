//! 网上学位初审: a committee member reads each 已审核 applicant's dossier
//! (read-only) and gives an opinion (同意 / 不同意 / 弃权 and a comment),
//! changeable until the unit records the result. The unit admin and the
//! degree office see, per applicant, the tally and who has not given one.

use super::CommitteeUnit;
use crate::components::filters::YesNoFilter;
use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::data::{Loaded, Loading, Mutation, Reload};
use crate::routes;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::Page;
use shared::dto::committee::{OpinionInput, ReviewPage, ReviewQuery, ReviewRow};
use shared::ids::{ApplicationId, UnitId};
use shared::workflow::committee::Opinion;

pub const PER_PAGE: i64 = 50;

#[component]
pub fn PrelimReviewPage() -> impl IntoView {
    view! {
        <Guard page=Page::PrelimReview>
            <ReviewView />
        </Guard>
    }
}

#[component]
fn ReviewView() -> impl IntoView {
    let app = use_app();
    let unit = RwSignal::new(None::<UnitId>);
    let page = RwSignal::new(1_i64);
    let q = RwSignal::new(String::new());
    let decided = RwSignal::new(None::<bool>);
    let reload = Reload::new();
    let list = LocalResource::new(move || {
        reload.track();
        let unit = unit.get();
        let query = ReviewQuery {
            q: Some(q.get()).filter(|s| !s.trim().is_empty()),
            kind: None,
            decided: decided.get(),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move {
            match unit {
                Some(u) => app.client().committee_applicants(u, &query).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let changed = Callback::new(move |_| page.set(1));
    view! {
        <h1>{Page::PrelimReview.label()}</h1>
        <div class="filterbar">
            <CommitteeUnit selected=unit />
            <label for="r-q">"姓名或学号"</label>
            <input id="r-q" type="search" on:change=move |ev| { q.set(event_target_value(&ev)); changed.run(()); } />
            <YesNoFilter id="r-decided" label="初审结果" yes="已填写" no="未填写" value=decided changed=changed />
        </div>
        <Loaded data=Loading::once_asked(list) let:data>
            <ReviewTable data=data page=page reload=reload />
        </Loaded>
    }
}

#[component]
fn ReviewTable(data: ReviewPage, page: RwSignal<i64>, reload: Reload) -> impl IntoView {
    if data.items.is_empty() {
        return view! { <p class="empty">"本批次还没有已审核、待学位初审的申请人。"</p> }
            .into_any();
    }
    let manager = data.items.iter().any(|r| r.tally.is_some());
    let total = data.total;
    view! {
        <p class="hint">{format!("尚未填写学位初审结果：{} 人", data.undecided)}</p>
        <table class="table" id="prelim-review">
            <thead><tr>
                <th scope="col">"学号"</th><th scope="col">"姓名"</th><th scope="col">"学生类别"</th>
                <th scope="col">"专业"</th><th scope="col">"论文题目"</th><th scope="col">"导师"</th>
                {if manager {
                    view! { <th scope="col">"同意"</th><th scope="col">"不同意"</th><th scope="col">"弃权"</th><th scope="col">"未提交意见的委员"</th> }.into_any()
                } else {
                    view! { <th scope="col">"我的意见"</th> }.into_any()
                }}
                <th scope="col">"初审结果"</th>
            </tr></thead>
            <tbody>
                {data.items.into_iter().map(|r| view! { <ReviewLine r=r manager=manager reload=reload /> }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=page per_page=PER_PAGE on_page=Callback::new(move |p| page.set(p)) />
    }
    .into_any()
}

#[component]
fn ReviewLine(r: ReviewRow, manager: bool, reload: Reload) -> impl IntoView {
    let result = r
        .result
        .as_ref()
        .map(|res| res.decision.label())
        .unwrap_or("—");
    let opinion_cells = if manager {
        let t = r.tally.clone().unwrap_or_default();
        view! {
            <td class="tally-agree">{t.agree}</td><td class="tally-disagree">{t.disagree}</td><td class="tally-abstain">{t.abstain}</td>
            <td class="tally-missing">{if t.missing.is_empty() { "—".to_owned() } else { t.missing.join("、") }}</td>
        }
        .into_any()
    } else {
        view! { <td><OpinionCell r=r.clone() reload=reload /></td> }.into_any()
    };
    view! {
        <tr data-student-no=r.student_no.clone()>
            <td>{r.student_no.clone()}</td>
            <td><A href=routes::review_href(r.application_id)>{r.name.clone()}</A></td>
            <td>{r.kind.label()}</td>
            <td>{r.major_name.clone().unwrap_or_else(|| "—".into())}</td>
            <td>{r.thesis_title.clone().unwrap_or_else(|| "—".into())}</td>
            <td>{r.advisor_name.clone().unwrap_or_else(|| "—".into())}</td>
            {opinion_cells}
            <td>{result}</td>
        </tr>
    }
}

/// The member's own opinion: a choice, a comment and 提交.
#[component]
fn OpinionCell(r: ReviewRow, reload: Reload) -> impl IntoView {
    let id: ApplicationId = r.application_id;
    let mine = r.my_opinion.clone();
    let opinion = RwSignal::new(mine.as_ref().map(|o| o.opinion));
    let comment = RwSignal::new(mine.as_ref().map(|o| o.comment.clone()).unwrap_or_default());
    let message = RwSignal::new(None::<(bool, String)>);
    let app = use_app();
    let give = Mutation::new(
        |client, (id, input): (ApplicationId, OpinionInput)| async move {
            client.give_opinion(id, &input).await
        },
        move |_| {
            message.set(Some((true, "已提交".to_owned())));
            reload.bump();
        },
        move |e| message.set(Some((false, app.failure(&e)))),
    );
    if !r.may_give_opinion {
        return view! {
            <span class="my-opinion">{mine.map(|o| o.opinion.label()).unwrap_or("未提交")}</span>
        }
        .into_any();
    }
    let name = format!("opinion-{}", id.0);
    view! {
        <div class="opinion" data-application=id.0.to_string()>
            <div role="radiogroup" aria-label=format!("{} 的意见", r.name)>
                {Opinion::ALL.map(|o| {
                    let name = name.clone();
                    view! {
                        <label class="radio">
                            <input type="radio" name=name value=o.as_str() class=format!("opinion-{}", o.as_str())
                                prop:checked=move || opinion.get() == Some(o)
                                on:change=move |_| opinion.set(Some(o)) />
                            {o.label()}
                        </label>
                    }
                }).collect_view()}
            </div>
            <input type="text" class="opinion-comment" placeholder="意见（选填）" aria-label="意见"
                prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev)) />
            <button class="btn btn-small opinion-submit" disabled=move || opinion.get().is_none() || give.pending().get()
                on:click=move |_| if let Some(o) = opinion.get_untracked() {
                    give.run((id, OpinionInput { opinion: o, comment: comment.get_untracked() }));
                }>
                {if mine.is_some() { "修改意见" } else { "提交意见" }}
            </button>
            {move || message.get().map(|(ok, text)| view! { <span class=if ok { "hint" } else { "field-error" } role="status">{text}</span> })}
        </div>
    }
    .into_any()
}
