//! 学位信息核查: the submitted applications of the current batch (every one
//! for the degree office, those of its discipline group for a secretariat),
//! with filters, paging and counts; each row opens the dossier read-only.

use super::decision_label;
use crate::components::filters::YesNoFilter;
use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::data::Loaded;
use crate::routes;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::Page;
use shared::domain::StudentKind;
use shared::dto::verification::{VerificationPage, VerificationQuery};
use shared::ids::UnitId;
use shared::workflow::Decision;

const PER_PAGE: i64 = 50;

#[component]
pub fn VerificationListPage() -> impl IntoView {
    view! {
        <Guard page=Page::Verification>
            <ListView />
        </Guard>
    }
}

#[component]
fn ListView() -> impl IntoView {
    let app = use_app();
    let unit = RwSignal::new(None::<UnitId>);
    let kind = RwSignal::new(None::<StudentKind>);
    let major = RwSignal::new(String::new());
    let prelim = RwSignal::new(None::<Decision>);
    let flagged = RwSignal::new(None::<bool>);
    let page = RwSignal::new(1_i64);
    let units = LocalResource::new(move || async move { app.client().units().await });
    let list = LocalResource::new(move || {
        let q = VerificationQuery {
            unit_id: unit.get(),
            kind: kind.get(),
            major: Some(major.get()).filter(|m| !m.trim().is_empty()),
            prelim: prelim.get(),
            flagged: flagged.get(),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move { app.client().verification(&q).await }
    });
    let changed = Callback::new(move |_| page.set(1));
    view! {
        <h1>{Page::Verification.label()}</h1>
        <p class="hint">"培养单位完成数据上报后，国科大学位办与学科群分会秘书处在此核查上报数据；发现问题请在学生信息页中提出核查意见，由国科大学位办反馈培养单位。"</p>
        <div class="filters" role="search">
            <label for="verify-unit">"培养单位"</label>
            <select id="verify-unit" on:change=move |ev| {
                unit.set(event_target_value(&ev).parse::<i64>().ok().map(UnitId));
                changed.run(());
            }>
                <option value="">"全部"</option>
                {move || units.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|u| view! {
                    <option value=u.id.0.to_string()>{u.name}</option>
                }).collect_view()}
            </select>
            <label for="verify-kind">"学生类别"</label>
            <select id="verify-kind" on:change=move |ev| { kind.set(StudentKind::parse(&event_target_value(&ev))); changed.run(()); }>
                <option value="">"全部"</option>
                {StudentKind::ALL.map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
            </select>
            <label for="verify-major">"专业代码"</label>
            <input id="verify-major" type="search" on:change=move |ev| { major.set(event_target_value(&ev)); changed.run(()); } />
            <label for="verify-prelim">"初审结论"</label>
            <select id="verify-prelim" on:change=move |ev| { prelim.set(Decision::parse(&event_target_value(&ev))); changed.run(()); }>
                <option value="">"全部"</option>
                {Decision::ALL.map(|d| view! { <option value=d.as_str()>{d.label()}</option> }).collect_view()}
            </select>
            <YesNoFilter id="verify-flagged" label="核查意见" yes="有待处理意见" no="无待处理意见" value=flagged changed=changed />
        </div>
        <Loaded data=list let:p>
            <Table p=p page=page />
        </Loaded>
    }
}

#[component]
fn Table(p: VerificationPage, page: RwSignal<i64>) -> impl IntoView {
    let c = p.counts.clone();
    let (total, per_page, current) = (p.total, p.per_page, p.page);
    view! {
        <p class="hint" id="verify-counts">{format!(
            "共 {} 人：初审通过 {} 人，未通过 {} 人，缓议 {} 人；有待处理核查意见 {} 人",
            c.applications, c.passed, c.failed, c.deferred, c.flagged
        )}</p>
        {if p.items.is_empty() {
            view! { <p class="empty" id="verify-empty">"没有符合条件的已上报学生。"</p> }.into_any()
        } else {
            view! {
                <table class="table" id="verification">
                    <thead><tr>
                        <th scope="col">"学号"</th><th scope="col">"姓名"</th><th scope="col">"培养单位"</th>
                        <th scope="col">"学生类别"</th><th scope="col">"专业"</th><th scope="col">"初审结论"</th>
                        <th scope="col">"状态"</th><th scope="col">"待处理核查意见"</th>
                    </tr></thead>
                    <tbody>
                        {p.items.into_iter().map(|r| view! {
                            <tr class="verify-row" data-student-no=r.student_no.clone()>
                                <td>{r.student_no.clone()}</td>
                                <td><A href=routes::verification_href(r.application_id)>{r.name.clone()}</A></td>
                                <td>{r.unit_name.clone()}</td>
                                <td>{r.kind.label()}</td>
                                <td>{format!("{} {}", r.major_code.clone().unwrap_or_default(), r.major_name.clone().unwrap_or_default())}</td>
                                <td>{decision_label(r.prelim_decision)}</td>
                                <td>{r.state.label()}</td>
                                <td class:flagged={r.open_flags > 0}>{r.open_flags}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <Pager total=total page=current per_page=per_page on_page=Callback::new(move |n| page.set(n)) />
    }
}
