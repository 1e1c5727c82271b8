//! 学位授予通知: a unit's conferred degrees with their certificate numbers,
//! as a printable A4 page and an `.xlsx` (the unit's own; the office picks
//! the unit). Any batch, completed ones included.

use super::BatchPicker;
use crate::components::download::save_file;
use crate::components::layout::Guard;
use crate::components::unit_picker::UnitPicker;
use crate::data::{Loaded, Loading};
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::{Page, Permission};
use shared::dto::degree_data::UnitNotice;
use shared::ids::{BatchId, UnitId};

#[component]
pub fn DegreeNoticePage() -> impl IntoView {
    view! {
        <Guard page=Page::DegreeNotice>
            <NoticeView />
        </Guard>
    }
}

#[component]
fn NoticeView() -> impl IntoView {
    let app = use_app();
    let batch = RwSignal::new(None::<BatchId>);
    let unit = RwSignal::new(None::<UnitId>);
    let units = LocalResource::new(move || async move { app.client().units().await });
    let notice = LocalResource::new(move || {
        let (b, u) = (batch.get(), unit.get());
        async move {
            match (b, u) {
                (Some(b), Some(u)) => app.client().unit_notice(b, u).await.map(Some),
                _ => Ok(None),
            }
        }
    });
    let error = RwSignal::new(None::<String>);
    let download = move |_| {
        let (Some(b), Some(u)) = (batch.get_untracked(), unit.get_untracked()) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match app.client().unit_notice_xlsx(b, u).await {
                Ok(bytes) => save_file(
                    &bytes,
                    &format!("学位授予通知-{}-{}.xlsx", b.0, u.0),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                Err(e) => error.set(Some(app.failure(&e))),
            }
        });
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="no-print">
            <h1>{Page::DegreeNotice.label()}</h1>
            <p class="hint">"学位终审后，国科大学位办发放学位证书编号并生成各培养单位的学位授予通知。可打印，也可下载 Excel 文件存档。"</p>
            <div class="filterbar">
                <BatchPicker selected=batch />
                <UnitPicker perm=Permission::ViewDegreeNotices units=Signal::derive(move || units.get().and_then(Result::ok).unwrap_or_default()) selected=unit />
                <button class="btn" id="notice-download" on:click=download>"下载 Excel"</button>
                <button class="btn btn-primary" id="print" on:click=print>"打印"</button>
            </div>
            {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert">{e}</div> })}
        </div>
        <Loaded data=Loading::once_asked(notice) let:n>
            <PrintedNotice n=n />
        </Loaded>
    }
}

#[component]
fn PrintedNotice(n: UnitNotice) -> impl IntoView {
    if n.rows.is_empty() {
        return view! { <p class="empty" id="notice-empty">"本单位在该批次没有授予学位的申请人（或学位终审尚未结束）。"</p> }.into_any();
    }
    let date = n.conferred_on.format("%Y年%m月%d日").to_string();
    view! {
        <article class="print-page" id="degree-notice">
            <h1 class="print-title">{format!("{}学位授予通知", n.batch_name)}</h1>
            <p class="print-info">{format!(
                "培养单位：{} {}　　获学位日期：{}　　决议编号：{}　　共 {} 人",
                n.unit_code, n.unit_name, date,
                n.resolution_no.clone().unwrap_or_else(|| "—".to_owned()), n.rows.len()
            )}</p>
            <table class="table print-table">
                <thead><tr>
                    <th>"序号"</th><th>"学号"</th><th>"姓名"</th><th>"学位"</th>
                    <th>"学科专业代码"</th><th>"学科专业"</th><th>"学位证书编号"</th><th>"获学位日期"</th>
                </tr></thead>
                <tbody>
                    {n.rows.iter().enumerate().map(|(i, r)| view! {
                        <tr data-student-no=r.student_no.clone()>
                            <td>{i + 1}</td><td>{r.student_no.clone()}</td><td>{r.name.clone()}</td>
                            <td>{r.degree.clone()}</td><td>{r.major_code.clone()}</td><td>{r.major_name.clone()}</td>
                            <td class="certificate-no">{r.certificate_no.clone().unwrap_or_else(|| "（未发放）".to_owned())}</td>
                            <td>{date.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="signatures">
                <p>"中国科学院大学学位评定委员会办公室（公章）"</p>
            </div>
        </article>
    }
    .into_any()
}
