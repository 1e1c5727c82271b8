//! 首页: the user's roles, the current batch, the in-app messages and
//! links to the user's pages.

use crate::data::{Loaded, Mutation, Reload};
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::{navigation, Page};

#[component]
pub fn HomePage() -> impl IntoView {
    let app = use_app();
    move || {
        app.session.get().map(|s| {
            let pages: Vec<Page> = navigation(&s.me.actor())
                .into_iter()
                .filter(|p| *p != Page::Home)
                .collect();
            let grants = s.me.grants.clone();
            view! {
                <h1>"欢迎，" {s.me.display_name.clone()}</h1>
                <section class="card">
                    <h2>"我的角色"</h2>
                    <table class="table" id="my-roles">
                        <thead><tr><th scope="col">"角色"</th><th scope="col">"范围"</th></tr></thead>
                        <tbody>
                            {grants.into_iter().map(|g| view! {
                                <tr>
                                    <td>{g.role.label()}</td>
                                    <td>{g.scope_name.unwrap_or_else(|| "全校".to_owned())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
                <section class="card">
                    <h2>"当前评审批次"</h2>
                    {move || match app.current_batch.get() {
                        Some(b) => view! {
                            <p>
                                <strong>{b.name.clone()}</strong>" · " {b.phase.label()}
                                " · 学位大会召开时间：" {b.congress_date.format("%Y年%m月%d日").to_string()}
                            </p>
                        }.into_any(),
                        None => view! { <p class="empty">"当前没有进行中的评审批次。学位办开通批次后即可开始工作。"</p> }.into_any(),
                    }}
                </section>
                <Messages />
                {(!pages.is_empty()).then(|| view! {
                    <section class="card">
                        <h2>"我的工作"</h2>
                        <ul class="task-list">
                            {pages.into_iter().map(|p| view! { <li><A href=p.path()>{p.label()}</A></li> }).collect_view()}
                        </ul>
                    </section>
                })}
            }
        })
    }
}

/// The in-app messages (filing opened, dossier sent back …).
#[component]
fn Messages() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let list = LocalResource::new(move || {
        reload.track();
        async move { app.client().messages().await }
    });
    // Reload either way: a failure leaves the messages as they are.
    let mark = Mutation::new(
        |client, _: ()| async move { client.mark_messages_read().await },
        move |_| reload.bump(),
        move |_| reload.bump(),
    );
    view! {
        <section class="card" id="messages">
            <h2>"消息"</h2>
            <Loaded data=list let:items>
                {if items.is_empty() {
                    view! { <p class="empty">"暂无消息。"</p> }.into_any()
                } else {
                    let unread = items.iter().filter(|m| !m.read).count();
                    view! {
                        <ul class="messages">
                            {items.into_iter().map(|m| view! {
                                <li class:unread=!m.read>
                                    <span class="hint">{beijing(&m.created_at, true)}</span> " " {m.text}
                                </li>
                            }).collect_view()}
                        </ul>
                        {(unread > 0).then(|| view! {
                            <button class="btn btn-small" id="mark-read" on:click=move |_| mark.run(())>
                                {format!("全部标为已读（{unread} 条未读）")}
                            </button>
                        })}
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}
