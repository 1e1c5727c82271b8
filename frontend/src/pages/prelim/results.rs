//! 学位初审结果 and 分会评审结果: per applicant the ballot's yes / no /
//! abstain counts and the decision (通过 / 未通过 / 缓议 with its 缓议决议),
//! for one or, with the same counts, for many selected applicants; for the
//! unit then the 表决授予学位名单 to print or download.

use super::{count_of, is_manager, SeatPicker};
use crate::components::filters::YesNoFilter;
use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::data::{show_failure, Loaded, Loading, Mutation, Reload};
use crate::routes;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::Page;
use shared::client::ClientError;
use shared::dto::application::BulkOutcome;
use shared::dto::committee::{
    ApplicationVersion, ResultInput, ResultsRequest, ReviewPage, ReviewQuery,
};
use shared::ids::ApplicationId;
use shared::workflow::committee::{CommitteeKind, CommitteeOf, Votes};
use shared::workflow::Decision;
use std::collections::BTreeMap;

const PER_PAGE: i64 = 100;

/// The selected applicants (across pages) with the version read.
type Selected = RwSignal<BTreeMap<ApplicationId, i32>>;

#[component]
pub fn PrelimResultsPage() -> impl IntoView {
    view! {
        <Guard page=Page::PrelimResults>
            <ResultsView kind=CommitteeKind::Prelim page=Page::PrelimResults dossier=Page::PrelimReview />
        </Guard>
    }
}

/// 分会评审结果: the subcommittee's results.
#[component]
pub fn SubResultsPage() -> impl IntoView {
    view! {
        <Guard page=Page::SubResults>
            <ResultsView kind=CommitteeKind::Subcommittee page=Page::SubResults dossier=Page::SubReview />
        </Guard>
    }
}

#[component]
fn ResultsView(kind: CommitteeKind, page: Page, dossier: Page) -> impl IntoView {
    let app = use_app();
    let unit = RwSignal::new(None::<CommitteeOf>);
    let this_page = page;
    let page = RwSignal::new(1_i64);
    let decided = RwSignal::new(None::<bool>);
    let reload = Reload::new();
    let selected: Selected = RwSignal::new(BTreeMap::new());
    let list = LocalResource::new(move || {
        reload.track();
        let unit = unit.get();
        let q = ReviewQuery {
            q: None,
            kind: None,
            decided: decided.get(),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move {
            match unit {
                Some(u) => app.client().committee_applicants(u, &q).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // The form and the ticks only while results may be recorded (the unit
    // admin, before 数据上报), as the server says with the list.
    // Kept from the last answer, so that a reload does not take the form
    // (and what it says) away meanwhile.
    let may_record = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(Some(p))) = list.get() {
            may_record.set(p.may_record);
        }
    });
    let admin = Memo::new(move |_| is_manager(unit.get()) && may_record.get());
    let download_error = RwSignal::new(None::<String>);
    let download = move |_| {
        let Some(CommitteeOf::Unit(u)) = unit.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match app.client().voting_list_xlsx(u).await {
                Ok(bytes) => {
                    download_error.set(None);
                    crate::components::download::save_file(
                        &bytes,
                        "表决授予学位名单.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    );
                }
                Err(e) => download_error.set(Some(app.failure(&e))),
            }
        });
    };
    let changed = Callback::new(move |_| {
        page.set(1);
        selected.set(BTreeMap::new());
    });
    view! {
        <h1>{this_page.label()}</h1>
        <div class="filterbar">
            <SeatPicker kind=kind selected=unit />
            <YesNoFilter id="res-decided" label="评审结果" yes="已填写" no="未填写" value=decided changed=changed />
        </div>
        {(kind == CommitteeKind::Prelim).then(|| view! {
            <div class="toolbar">
                <A href=routes::VOTING_LIST attr:id="voting-list-print" attr:class="btn">"打印表决授予学位名单"</A>
                <button class="btn" id="voting-list-xlsx" on:click=download>"下载表决授予学位名单（.xlsx）"</button>
            </div>
        })}
        {move || download_error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="download-error">{e}</div> })}
        {move || admin.get().then(|| view! { <ResultForm unit=unit selected=selected reload=reload kind=kind /> })}
        <Loaded data=Loading::once_asked(list) let:data>
            <ResultTable data=data page=page selected=selected admin=admin.get() kind=kind dossier=dossier />
        </Loaded>
    }
}

#[component]
fn ResultForm(
    unit: RwSignal<Option<CommitteeOf>>,
    selected: Selected,
    reload: Reload,
    kind: CommitteeKind,
) -> impl IntoView {
    let yes = RwSignal::new(String::new());
    let no = RwSignal::new(String::from("0"));
    let abstain = RwSignal::new(String::from("0"));
    let decision = RwSignal::new(Decision::Passed);
    let resolution = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let problems = RwSignal::new(Vec::<String>::new());
    let outcome = RwSignal::new(None::<BulkOutcome>);
    let fail = show_failure(error);
    let record = Mutation::new(
        |client, (u, req): (CommitteeOf, ResultsRequest)| async move {
            client.record_committee_results(u, &req).await
        },
        move |o| {
            outcome.set(Some(o));
            error.set(None);
            problems.set(Vec::new());
            selected.set(BTreeMap::new());
            reload.bump();
        },
        move |e: ClientError| {
            outcome.set(None);
            if let ClientError::Api { body, .. } = &e {
                problems.set(body.fields.iter().map(|f| f.message.clone()).collect());
            }
            fail(e);
        },
    );
    let count = move || selected.with(BTreeMap::len);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(u) = unit.get_untracked() else {
            return;
        };
        let text = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        record.run((
            u,
            ResultsRequest {
                result: ResultInput {
                    votes: Votes {
                        yes: count_of(&yes.get_untracked()),
                        no: count_of(&no.get_untracked()),
                        abstain: count_of(&abstain.get_untracked()),
                    },
                    decision: decision.get_untracked(),
                    resolution: text(resolution),
                    reason: text(reason),
                },
                applications: selected
                    .get_untracked()
                    .into_iter()
                    .map(|(id, version)| ApplicationVersion { id, version })
                    .collect(),
            },
        ));
    };
    let number = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field field-narrow">
                <label for=id>{label}</label>
                <input id=id type="number" min="0" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </div>
        }
    };
    view! {
        <section class="card" id="result-form">
            <h2>{format!("填写{}结果", kind.review_label())}</h2>
            <p class="hint">"在下表中勾选学生（全体一致时可一次选择多人），填写表决票数和评审结论。"</p>
            <form on:submit=submit class="field-grid">
                {number("votes-yes", "同意票", yes)}
                {number("votes-no", "不同意票", no)}
                {number("votes-abstain", "弃权票", abstain)}
                <div class="field field-narrow">
                    <label for="decision">"评审结论"</label>
                    <select id="decision" on:change=move |ev| if let Some(d) = Decision::parse(&event_target_value(&ev)) { decision.set(d) }>
                        {Decision::ALL.map(|d| view! { <option value=d.as_str() selected=move || decision.get() == d>{d.label()}</option> }).collect_view()}
                    </select>
                </div>
                <Show when=move || decision.get() == Decision::Deferred>
                    <div class="field field-wide">
                        <label for="resolution">"缓议决议（必填）"</label>
                        <textarea id="resolution" rows="2" prop:value=move || resolution.get() on:input=move |ev| resolution.set(event_target_value(&ev))></textarea>
                    </div>
                </Show>
                <div class="field field-wide">
                    <label for="reason">"理由（票数达到通过要求而结论为未通过或缓议时必填）"</label>
                    <input id="reason" type="text" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                </div>
                {move || error.get().map(|e| view! {
                    <div class="notice notice-error" role="alert" id="result-error">
                        <p>{e}</p>
                        <ul>{problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                })}
                {move || outcome.get().map(|o| view! { <div class="notice" role="status" id="result-outcome">{format!("已为 {} 人记录{}结果。", o.done, kind.review_label())}</div> })}
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" id="record-results" disabled=move || count() == 0 || record.pending().get()>
                        "记录结果" {move || (count() > 0).then(|| format!("（{} 人）", count()))}
                    </button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn ResultTable(
    data: ReviewPage,
    page: RwSignal<i64>,
    selected: Selected,
    admin: bool,
    kind: CommitteeKind,
    dossier: Page,
) -> impl IntoView {
    if data.items.is_empty() {
        return view! { <p class="empty">"没有符合条件的申请人。"</p> }.into_any();
    }
    let total = data.total;
    let open: Vec<(ApplicationId, i32)> = data
        .items
        .iter()
        .filter(|r| r.may_record)
        .map(|r| (r.application_id, r.version))
        .collect();
    view! {
        <p class="hint" id="undecided-count">{format!("尚未填写{}结果：{} 人", kind.review_label(), data.undecided)}</p>
        <table class="table" id="prelim-results">
            <thead><tr>
                {admin.then(|| view! {
                    <th scope="col"><input type="checkbox" id="select-all-results" aria-label="选择本页全部"
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| for (id, v) in &open { if on { s.insert(*id, *v); } else { s.remove(id); } });
                        } /></th>
                })}
                <th scope="col">"学号"</th><th scope="col">"姓名"</th><th scope="col">"学生类别"</th>
                <th scope="col">"同意"</th><th scope="col">"不同意"</th><th scope="col">"弃权"</th>
                <th scope="col">"评审结论"</th><th scope="col">"缓议决议 / 理由"</th>
            </tr></thead>
            <tbody>
                {data.items.into_iter().map(|r| {
                    let id = r.application_id;
                    let version = r.version;
                    let can = r.may_record;
                    let res = r.result.clone();
                    view! {
                        <tr data-student-no=r.student_no.clone()>
                            {admin.then(|| view! {
                                <td>{can.then(|| view! {
                                    <input type="checkbox" class="select-result" aria-label=format!("选择 {}", r.name)
                                        prop:checked=move || selected.with(|s| s.contains_key(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            selected.update(|s| { if on { s.insert(id, version); } else { s.remove(&id); } });
                                        } />
                                })}</td>
                            })}
                            <td>{r.student_no.clone()}</td>
                            <td><A href=routes::dossier_href(dossier, id)>{r.name.clone()}</A></td>
                            <td>{r.kind.label()}</td>
                            <td>{res.as_ref().map(|x| x.votes.yes.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td>{res.as_ref().map(|x| x.votes.no.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td>{res.as_ref().map(|x| x.votes.abstain.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td class="col-decision">{res.as_ref().map(|x| x.decision.label()).unwrap_or("未填写")}</td>
                            <td>{res.as_ref().and_then(|x| x.resolution.clone().or_else(|| x.reason.clone())).unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=page per_page=PER_PAGE on_page=Callback::new(move |p| page.set(p)) />
    }
    .into_any()
}
