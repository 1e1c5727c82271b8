//! 数据上报: the unit submits every application of its 申请学位学生 at once,
//! after a confirmation; refused with the students in the way. 终审审核: the
//! unit's read-only view of what it submitted, with every submission and
//! reopening.

use super::review::PER_PAGE;
use crate::components::confirm::ConfirmDialog;
use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::components::unit_picker::UnitPicker;
use crate::data::{Loaded, Loading, Mutation, Reload};
use crate::format::beijing;
use crate::routes;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::{Page, Permission};
use shared::client::ClientError;
use shared::dto::committee::{ReviewQuery, SubmissionStatus};
use shared::ids::UnitId;
use shared::workflow::Action;

#[component]
pub fn SubmissionPage() -> impl IntoView {
    view! {
        <Guard page=Page::Submission>
            <SubmissionView />
        </Guard>
    }
}

#[component]
pub fn FinalCheckPage() -> impl IntoView {
    view! {
        <Guard page=Page::FinalCheck>
            <FinalCheckView />
        </Guard>
    }
}

/// The unit picker of the unit's own pages, and the submission status.
fn status_resource(
    unit: RwSignal<Option<UnitId>>,
    reload: Reload,
) -> LocalResource<Result<Option<SubmissionStatus>, ClientError>> {
    let app = use_app();
    LocalResource::new(move || {
        reload.track();
        let unit = unit.get();
        async move {
            match unit {
                Some(u) => app.client().submission(u).await.map(Some),
                None => Ok(None),
            }
        }
    })
}

#[component]
fn Picker(unit: RwSignal<Option<UnitId>>) -> impl IntoView {
    let app = use_app();
    let units = LocalResource::new(move || async move { app.client().units().await });
    view! {
        <div class="filterbar">
            <UnitPicker perm=Permission::ManageCommittee units=Signal::derive(move || units.get().and_then(Result::ok).unwrap_or_default()) selected=unit />
        </div>
    }
}

#[component]
fn SubmissionView() -> impl IntoView {
    let app = use_app();
    let unit = RwSignal::new(None::<UnitId>);
    let reload = Reload::new();
    let status = status_resource(unit, reload);
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<(String, Vec<String>)>);
    let submit = Mutation::new(
        |client, (u, version): (UnitId, i32)| async move { client.submit_unit(u, version).await },
        move |_| {
            asking.set(false);
            error.set(None);
            reload.bump();
        },
        move |e: ClientError| {
            asking.set(false);
            let fields = match &e {
                ClientError::Api { body, .. } => {
                    body.fields.iter().map(|f| f.message.clone()).collect()
                }
                _ => Vec::new(),
            };
            error.set(Some((app.failure(&e), fields)));
            reload.bump();
        },
    );
    view! {
        <h1>{Page::Submission.label()}</h1>
        <Picker unit=unit />
        {move || error.get().map(|(e, fields)| view! {
            <div class="notice notice-error" role="alert" id="submit-error">
                <p>{e}</p>
                <ul>{fields.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
            </div>
        })}
        <Loaded data=Loading::once_asked(status) let:s>
            <StatusCard s=s.clone() />
            {(!s.submitted).then(|| view! {
                <section class="card">
                    <p>"上报后，“申请学位学生”列表中的所有学生（学位初审通过、未通过及缓议人员）的信息将上报至国科大学位办。"</p>
                    {(!s.blockers.is_empty()).then(|| view! {
                        <div class="notice notice-error" role="status" id="blockers">
                            <p>{format!("以下 {} 名学生尚不符合上报条件：", s.blockers.len())}</p>
                            <ul>{s.blockers.iter().map(|b| view! { <li>{format!("{} {}：{}", b.student_no, b.name, b.reason)}</li> }).collect_view()}</ul>
                        </div>
                    })}
                    <button class="btn btn-primary" id="submit-unit" disabled=move || submit.pending().get()
                        on:click=move |_| asking.set(true)>
                        {Action::Submit.label()}
                    </button>
                </section>
            })}
            {
                let version = s.version;
                let n = s.counts.applications;
                move || asking.get().then(|| view! {
                    <ConfirmDialog
                        title="确认数据上报？".to_owned()
                        message=format!("将上报本单位 {n} 名申请学位学生的信息。{}", Action::Submit.confirm_warning().unwrap_or_default())
                        confirm_label="确认上报".to_owned()
                        busy=submit.pending()
                        on_confirm=Callback::new(move |_| if let Some(u) = unit.get_untracked() { submit.run((u, version)) })
                        on_cancel=Callback::new(move |_| asking.set(false)) />
                })
            }
        </Loaded>
    }
}

/// Whether the unit has submitted, its counts, a reopening's reason, and
/// every submission and reopening.
#[component]
pub fn StatusCard(s: SubmissionStatus) -> impl IntoView {
    view! {
        {s.reopen_reason.clone().map(|r| view! {
            <div class="notice notice-error" role="alert" id="reopen-reason">
                "国科大学位办已退回本单位的上报数据，请修改后重新上报。退回原因：" {r}
            </div>
        })}
        <section class="card" id="submission-status">
            <h2>{s.unit_name.clone()} " · " {s.batch_name.clone()}</h2>
            <dl class="facts">
                <dt>"上报状态"</dt>
                <dd id="submission-state">{if s.submitted { "已上报" } else { "未上报" }}</dd>
                <dt>"上报时间"</dt>
                <dd>{s.submitted_at.as_ref().map(|t| beijing(t, false)).unwrap_or_else(|| "—".into())}</dd>
                <dt>"申请学位学生"</dt>
                <dd id="submission-counts">{format!(
                    "共 {} 人：通过 {} 人，未通过 {} 人，缓议 {} 人，尚无初审结果 {} 人",
                    s.counts.applications, s.counts.passed, s.counts.failed, s.counts.deferred, s.counts.undecided
                )}</dd>
            </dl>
            {(!s.history.is_empty()).then(|| view! {
                <h3>"上报记录"</h3>
                <table class="table" id="submission-history">
                    <thead><tr><th scope="col">"时间"</th><th scope="col">"操作"</th><th scope="col">"操作人"</th><th scope="col">"说明"</th></tr></thead>
                    <tbody>
                        {s.history.iter().map(|e| view! {
                            <tr>
                                <td>{beijing(&e.at, false)}</td>
                                <td>{e.kind.label()}</td>
                                <td>{e.by.clone()}</td>
                                <td>{e.reason.clone().or_else(|| e.applications.map(|n| format!("上报 {n} 人"))).unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}

#[component]
fn FinalCheckView() -> impl IntoView {
    let app = use_app();
    let unit = RwSignal::new(None::<UnitId>);
    let reload = Reload::new();
    let status = status_resource(unit, reload);
    let page = RwSignal::new(1_i64);
    let list = LocalResource::new(move || {
        let unit = unit.get();
        let q = ReviewQuery {
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
            ..ReviewQuery::default()
        };
        async move {
            match unit {
                Some(u) => app.client().committee_applicants(u, &q).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <h1>{Page::FinalCheck.label()}</h1>
        <Picker unit=unit />
        <Loaded data=Loading::once_asked(status) let:s>
            <StatusCard s=s.clone() />
            {(!s.submitted).then(|| view! { <p class="empty">"本单位尚未上报数据。上报后可在此复核已上报的学生信息。"</p> })}
        </Loaded>
        <Loaded data=Loading::once_asked(list) let:data>
            <table class="table" id="final-check">
                <thead><tr>
                    <th scope="col">"学号"</th><th scope="col">"姓名"</th><th scope="col">"学生类别"</th><th scope="col">"专业"</th>
                    <th scope="col">"状态"</th><th scope="col">"同意 / 不同意 / 弃权"</th><th scope="col">"初审结论"</th>
                </tr></thead>
                <tbody>
                    {data.items.clone().into_iter().map(|r| view! {
                        <tr>
                            <td>{r.student_no.clone()}</td>
                            <td><A href=routes::application_href(r.application_id)>{r.name.clone()}</A></td>
                            <td>{r.kind.label()}</td>
                            <td>{r.major_name.clone().unwrap_or_else(|| "—".into())}</td>
                            <td><span class="badge">{r.state.label()}</span></td>
                            <td>{r.result.as_ref().map(|x| format!("{} / {} / {}", x.votes.yes, x.votes.no, x.votes.abstain)).unwrap_or_else(|| "—".into())}</td>
                            <td>{r.result.as_ref().map(|x| x.decision.label()).unwrap_or("—")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <Pager total=data.total page=page per_page=PER_PAGE on_page=Callback::new(move |p| page.set(p)) />
        </Loaded>
    }
}
