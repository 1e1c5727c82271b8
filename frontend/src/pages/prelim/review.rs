//! 网上学位初审 and 学科群分会评审: a committee member reads each applicant's
//! dossier (read-only) and gives an opinion (同意 / 不同意 / 弃权 and a
//! comment), changeable until the result is recorded. The manager (the unit
//! admin; the group's secretariat) and the degree office see, per
//! applicant, the tally and who has not given one; the secretariat notifies
//! the members (通知委员) with a deadline.

use super::{is_manager, SeatPicker};
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
use shared::dto::final_review::NoticeInput;
use shared::ids::ApplicationId;
use shared::workflow::committee::{CommitteeKind, CommitteeOf, Opinion};

pub const PER_PAGE: i64 = 50;

#[component]
pub fn PrelimReviewPage() -> impl IntoView {
    view! {
        <Guard page=Page::PrelimReview>
            <ReviewView kind=CommitteeKind::Prelim page=Page::PrelimReview />
        </Guard>
    }
}

/// 学科群分会评审: the group's applicants who passed the 学位初审.
#[component]
pub fn SubReviewPage() -> impl IntoView {
    view! {
        <Guard page=Page::SubReview>
            <ReviewView kind=CommitteeKind::Subcommittee page=Page::SubReview />
        </Guard>
    }
}

#[component]
fn ReviewView(kind: CommitteeKind, page: Page) -> impl IntoView {
    let app = use_app();
    let unit = RwSignal::new(None::<CommitteeOf>);
    let this_page = page;
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
        <h1>{this_page.label()}</h1>
        <div class="filterbar">
            <SeatPicker kind=kind selected=unit />
            <label for="r-q">"姓名或学号"</label>
            <input id="r-q" type="search" on:change=move |ev| { q.set(event_target_value(&ev)); changed.run(()); } />
            <YesNoFilter id="r-decided" label="评审结果" yes="已填写" no="未填写" value=decided changed=changed />
        </div>
        {move || (kind == CommitteeKind::Subcommittee && is_manager(unit.get())).then(|| view! { <NoticeForm seat=unit reload=reload /> })}
        <Loaded data=Loading::once_asked(list) let:data>
            <ReviewTable data=data page=page reload=reload kind=kind dossier=this_page />
        </Loaded>
    }
}

#[component]
fn ReviewTable(
    data: ReviewPage,
    page: RwSignal<i64>,
    reload: Reload,
    kind: CommitteeKind,
    dossier: Page,
) -> impl IntoView {
    let notice = data.notice.clone().map(|n| {
        view! {
            <p class="notice" role="status" id="review-notice">
                {format!("{} 已通知 {} 位委员，请于 {} 前提出评审意见。", n.sent_by, n.recipients, n.deadline)}
                {(!n.note.is_empty()).then(|| format!("（{}）", n.note))}
            </p>
        }
    });
    if data.items.is_empty() {
        let empty = match kind {
            CommitteeKind::Prelim => "本批次还没有已审核、待学位初审的申请人。",
            _ => "本学科群还没有学位初审通过、待分会评审的申请人。",
        };
        return view! { {notice} <p class="empty">{empty}</p> }.into_any();
    }
    let manager = data.items.iter().any(|r| r.tally.is_some());
    let total = data.total;
    view! {
        {notice}
        <p class="hint">{format!("尚未填写{}结果：{} 人", kind.review_label(), data.undecided)}</p>
        <table class="table" id="prelim-review">
            <thead><tr>
                <th scope="col">"学号"</th><th scope="col">"姓名"</th><th scope="col">"学生类别"</th>
                <th scope="col">"专业"</th><th scope="col">"论文题目"</th><th scope="col">"导师"</th>
                {if manager {
                    view! { <th scope="col">"同意"</th><th scope="col">"不同意"</th><th scope="col">"弃权"</th><th scope="col">"未提交意见的委员"</th> }.into_any()
                } else {
                    view! { <th scope="col">"我的意见"</th> }.into_any()
                }}
                <th scope="col">{format!("{}结果", kind.review_label())}</th>
            </tr></thead>
            <tbody>
                {data.items.into_iter().map(|r| view! { <ReviewLine r=r manager=manager reload=reload dossier=dossier /> }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=page per_page=PER_PAGE on_page=Callback::new(move |p| page.set(p)) />
    }
    .into_any()
}

#[component]
fn ReviewLine(r: ReviewRow, manager: bool, reload: Reload, dossier: Page) -> impl IntoView {
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
            <td><A href=routes::dossier_href(dossier, r.application_id)>{r.name.clone()}</A></td>
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

/// 通知委员: an in-app message with the deadline to every member with
/// portal rights.
#[component]
fn NoticeForm(seat: RwSignal<Option<CommitteeOf>>, reload: Reload) -> impl IntoView {
    let deadline = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let app = use_app();
    let send = Mutation::new(
        |client, (of, input): (CommitteeOf, NoticeInput)| async move {
            match of {
                CommitteeOf::Group(g) => client.notify_members(g, &input).await,
                _ => Err(shared::client::ClientError::Decode(
                    "只有学科群分会可以通知委员".into(),
                )),
            }
        },
        move |n: shared::dto::final_review::Notice| {
            message.set(Some((true, format!("已通知 {} 位委员。", n.recipients))));
            reload.bump();
        },
        move |e| message.set(Some((false, app.failure(&e)))),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(of), Ok(d)) = (
            seat.get_untracked(),
            chrono::NaiveDate::parse_from_str(&deadline.get_untracked(), "%Y-%m-%d"),
        ) else {
            message.set(Some((false, "请选择截止日期".to_owned())));
            return;
        };
        send.run((
            of,
            NoticeInput {
                deadline: d,
                note: note.get_untracked(),
            },
        ));
    };
    view! {
        <form class="card filterbar" id="notice-form" on:submit=submit>
            <strong>"通知委员"</strong>
            <label for="notice-deadline">"评审截止日期"</label>
            <input id="notice-deadline" type="date" prop:value=move || deadline.get() on:input=move |ev| deadline.set(event_target_value(&ev)) />
            <label for="notice-note">"附言"</label>
            <input id="notice-note" type="text" placeholder="选填" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
            <button class="btn btn-primary" type="submit" id="notice-send" disabled=move || send.pending().get()>"发送通知"</button>
            {move || message.get().map(|(ok, text)| view! { <span class=if ok { "hint" } else { "field-error" } role="status" id="notice-result">{text}</span> })}
        </form>
    }
}
