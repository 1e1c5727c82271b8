//! The public 公告 of conferred degrees: the list of published ones and one
//! of them as a printable page, reachable without login at
//! `/announcements/{batch}` (姓名, 培养单位, 学位, 学科专业 only).

use crate::data::{Loaded, Loading};
use crate::format::beijing;
use crate::routes;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::dto::degree_data::Announcement;
use shared::ids::BatchId;

#[component]
pub fn AnnouncementsPage() -> impl IntoView {
    let app = use_app();
    let list = LocalResource::new(move || async move { app.client().public_announcements().await });
    view! {
        <main class="public-page">
            <h1>"学位授予公告"</h1>
            <Loaded data=list let:items>
                {if items.is_empty() {
                    view! { <p class="empty" id="no-announcements">"目前没有已发布的学位授予公告。"</p> }.into_any()
                } else {
                    view! {
                        <ul id="announcements">
                            {items.into_iter().map(|a| view! {
                                <li><A href=routes::announcement_href(a.batch_id)>{a.title.clone()}</A>
                                    {format!("（{} 人，发布于 {}）", a.count, beijing(&a.published_at, false))}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loaded>
        </main>
    }
}

#[component]
pub fn AnnouncementPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get(routes::BATCH_ID)
            .and_then(|s| s.parse::<i64>().ok())
            .map(BatchId)
    };
    let one = LocalResource::new(move || {
        let id = id();
        async move {
            match id {
                Some(b) => app.client().public_announcement(b).await.map(Some),
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
        <main class="public-page">
            <div class="no-print filterbar">
                <A href=routes::ANNOUNCEMENTS>"← 全部公告"</A>
                <button class="btn btn-primary" id="print" on:click=print>"打印"</button>
            </div>
            <Loaded data=Loading::once_asked(one) let:a>
                <Printed a=a />
            </Loaded>
        </main>
    }
}

#[component]
fn Printed(a: Announcement) -> impl IntoView {
    view! {
        <article class="print-page" id="announcement">
            <h1 class="print-title">{a.title.clone()}</h1>
            <p class="print-info">{format!(
                "经中国科学院大学学位评定委员会审议，决定授予下列 {} 人学位（获学位日期 {}）。特此公告。",
                a.rows.len(), a.conferred_on.format("%Y年%m月%d日")
            )}</p>
            <table class="table print-table">
                <thead><tr><th>"序号"</th><th>"姓名"</th><th>"培养单位"</th><th>"学位"</th><th>"学科专业"</th></tr></thead>
                <tbody>
                    {a.rows.iter().enumerate().map(|(i, r)| view! {
                        <tr><td>{i + 1}</td><td>{r.name.clone()}</td><td>{r.unit_name.clone()}</td><td>{r.degree.clone()}</td><td>{r.major_name.clone()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="print-info">{format!("中国科学院大学学位评定委员会　{}", beijing(&a.published_at, false))}</p>
        </article>
    }
}
