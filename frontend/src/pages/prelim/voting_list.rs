//! 表决授予学位名单 as a printable A4 page: to be signed by the 学位评定委员会
//! 主席, stamped and filed with the 学位授予审核报告书.

use super::CommitteeUnit;
use crate::components::layout::Guard;
use crate::data::{Loaded, Loading};
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::Page;
use shared::dto::committee::VotingList;
use shared::ids::UnitId;
use shared::workflow::Decision;

#[component]
pub fn VotingListPage() -> impl IntoView {
    view! {
        <Guard page=Page::PrelimResults>
            <VotingListView />
        </Guard>
    }
}

#[component]
fn VotingListView() -> impl IntoView {
    let app = use_app();
    let unit = RwSignal::new(None::<UnitId>);
    let list = LocalResource::new(move || {
        let unit = unit.get();
        async move {
            match unit {
                Some(u) => app.client().voting_list(u).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="no-print">
            <p><A href=Page::PrelimResults.path()>"← 返回" {Page::PrelimResults.label()}</A></p>
            <div class="filterbar"><CommitteeUnit selected=unit />
                <button class="btn btn-primary" id="print" on:click=print>"打印"</button>
            </div>
        </div>
        <Loaded data=Loading::once_asked(list) let:l>
            <PrintedList l=l />
        </Loaded>
    }
}

fn conclusion(decision: Decision, resolution: Option<&str>) -> String {
    match (decision, resolution) {
        (Decision::Deferred, Some(r)) if !r.trim().is_empty() => format!("缓议（{}）", r.trim()),
        (d, _) => d.label().to_owned(),
    }
}

#[component]
fn PrintedList(l: VotingList) -> impl IntoView {
    view! {
        <article class="print-page" id="voting-list">
            <h1 class="print-title">{l.unit_name.clone()} " 表决授予学位名单"</h1>
            <p class="print-info">
                {format!(
                    "评审批次：{}　　会议日期：{}　　委员总数：{} 人　　出席人数：{} 人",
                    l.batch_name,
                    l.held_on.format("%Y年%m月%d日"),
                    l.attendance.members_total,
                    l.attendance.members_present
                )}
            </p>
            <table class="table print-table">
                <thead><tr>
                    <th>"序号"</th><th>"学号"</th><th>"姓名"</th><th>"学生类别"</th><th>"学科专业"</th>
                    <th>"论文题目"</th><th>"导师"</th><th>"同意"</th><th>"不同意"</th><th>"弃权"</th><th>"初审结论"</th>
                </tr></thead>
                <tbody>
                    {l.rows.into_iter().map(|r| view! {
                        <tr>
                            <td>{r.no}</td><td>{r.student_no.clone()}</td><td>{r.name.clone()}</td><td>{r.kind.label()}</td>
                            <td>{r.major.clone()}</td><td>{r.thesis_title.clone()}</td><td>{r.advisor_name.clone()}</td>
                            <td>{r.votes.yes}</td><td>{r.votes.no}</td><td>{r.votes.abstain}</td>
                            <td>{conclusion(r.decision, r.resolution.as_deref())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="signatures">
                <p>"学位评定委员会主席（签字）：" {l.chair.clone().unwrap_or_default()} "　________________"</p>
                <p>"学位评定委员会（公章）"</p>
                <p>"日期：　　　　年　　月　　日"</p>
            </div>
        </article>
    }
}
