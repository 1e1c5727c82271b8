//! 用户管理 (the system administrator): every account, searched by name and
//! role, to disable, enable or give a one-time password; and one account's
//! roles with their scopes.

use super::accounts::{AccountTable, PER_PAGE};
use crate::components::layout::Guard;
use crate::data::{show_failure, Loaded, Mutation, Reload};
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::{GrantScope, Page, Role, RoleGrant, ScopeKind};
use shared::dto::account::{Account, AccountQuery, Grants};
use shared::ids::{GroupId, UnitId};

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <Guard page=Page::Users>
            <UsersView />
        </Guard>
    }
}

#[component]
fn UsersView() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let q = RwSignal::new(String::new());
    let role = RwSignal::new(None::<Role>);
    let page = RwSignal::new(1_i64);
    let users = LocalResource::new(move || {
        reload.track();
        let query = AccountQuery {
            q: Some(q.get()).filter(|s| !s.trim().is_empty()),
            kind: None,
            role: role.get(),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move { app.client().users(&query).await }
    });
    view! {
        <h1>{Page::Users.label()}</h1>
        <p class="hint">"查找全校账号，停用、启用或重置密码；编辑账号的角色及其范围。停用、重置密码和取消角色在该用户的下一次请求时生效。"</p>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="users-error">{e}</div> })}
        {move || done.get().map(|m| view! { <div class="notice" role="status" id="users-done">{m}</div> })}
        <div class="filterbar" role="search">
            <label for="users-q">"用户名或姓名"</label>
            <input id="users-q" type="search" on:change=move |ev| { q.set(event_target_value(&ev)); page.set(1); } />
            <label for="users-role">"角色"</label>
            <select id="users-role" on:change=move |ev| {
                role.set(Role::parse(&event_target_value(&ev)));
                page.set(1);
            }>
                <option value="">"全部"</option>
                {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
            </select>
        </div>
        <Loaded data=users let:data>
            <AccountTable data=data page=page reload=reload error=error done=done unit=None />
        </Loaded>
        <GrantEditor reload=reload error=error done=done />
    }
}

/// One account's roles and scopes, found by user name.
#[component]
fn GrantEditor(
    reload: Reload,
    error: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let username = RwSignal::new(String::new());
    let account = RwSignal::new(None::<Account>);
    let grants = RwSignal::new(Vec::<RoleGrant>::new());
    let units = LocalResource::new(move || async move { app.client().admin_units().await });
    let groups = LocalResource::new(move || async move { app.client().admin_groups().await });
    let new_role = RwSignal::new(Role::UnitAdmin);
    let new_scope = RwSignal::new(None::<i64>);
    let find = move |_| {
        let name = username.get_untracked().trim().to_owned();
        leptos::task::spawn_local(async move {
            let q = AccountQuery {
                q: Some(name.clone()),
                ..AccountQuery::default()
            };
            match app.client().users(&q).await {
                Ok(p) => match p.items.into_iter().find(|a| a.username == name) {
                    Some(a) => {
                        grants.set(
                            a.grants
                                .iter()
                                .map(|g| RoleGrant {
                                    role: g.role,
                                    scope: g.scope,
                                })
                                .collect(),
                        );
                        account.set(Some(a));
                        error.set(None);
                    }
                    None => {
                        account.set(None);
                        error.set(Some(format!("没有用户名为 {name} 的账号")));
                    }
                },
                Err(e) => error.set(Some(app.failure(&e))),
            }
        });
    };
    let save = Mutation::new(
        |client, (id, g, version): (shared::ids::UserId, Vec<RoleGrant>, i32)| async move {
            client.set_grants(id, &Grants { grants: g, version }).await
        },
        move |a: Account| {
            error.set(None);
            done.set(Some(format!(
                "账号 {} 的角色已保存；其已登录的会话须重新登录。",
                a.username
            )));
            account.set(Some(a));
            reload.bump();
        },
        show_failure(error),
    );
    let scope_name = move |g: &RoleGrant| -> String {
        match g.scope {
            GrantScope::Global => "全校".to_owned(),
            GrantScope::Unit(u) => units
                .get()
                .and_then(Result::ok)
                .and_then(|l| l.into_iter().find(|x| x.id == u).map(|x| x.name))
                .unwrap_or_else(|| format!("单位 {}", u.0)),
            GrantScope::Group(gr) => groups
                .get()
                .and_then(Result::ok)
                .and_then(|l| l.into_iter().find(|x| x.id == gr).map(|x| x.name))
                .unwrap_or_else(|| format!("学科群 {}", gr.0)),
            GrantScope::Student(_) => "本人".to_owned(),
        }
    };
    let add = move |_| {
        let role = new_role.get_untracked();
        let scope = match (role.scope_kind(), new_scope.get_untracked()) {
            (ScopeKind::Global, _) => GrantScope::Global,
            (ScopeKind::Unit, Some(id)) => GrantScope::Unit(UnitId(id)),
            (ScopeKind::Group, Some(id)) => GrantScope::Group(GroupId(id)),
            _ => {
                error.set(Some("请选择角色的范围".to_owned()));
                return;
            }
        };
        let g = RoleGrant { role, scope };
        grants.update(|l| {
            if !l.contains(&g) {
                l.push(g);
            }
        });
    };
    view! {
        <section class="card" id="grant-editor">
            <h2>"编辑角色"</h2>
            <div class="filterbar">
                <label for="grant-username">"用户名"</label>
                <input id="grant-username" prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev)) />
                <button class="btn" id="grant-find" on:click=find>"查找"</button>
            </div>
            {move || account.get().map(|a| {
                let id = a.user_id;
                let version = a.version;
                view! {
                    <p>{format!("{}（{}）", a.display_name, a.username)}</p>
                    {move || grants.with(Vec::is_empty).then(|| view! { <p class="empty" id="no-grants">"该账号暂无角色，登录后看不到任何功能。"</p> })}
                    <ul id="grant-list">
                        // A student's own grant comes with their record and
                        // is not taken away here.
                        {move || grants.get().into_iter().map(|g| view! {
                            <li>{format!("{}：{}", g.role.label(), scope_name(&g))}
                                {(g.role != Role::Student).then(|| view! {
                                    <button class="btn btn-small grant-remove" on:click=move |_| grants.update(|l| l.retain(|x| *x != g))>"取消"</button>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                    <div class="filterbar">
                        <label for="grant-role">"添加角色"</label>
                        <select id="grant-role" on:change=move |ev| {
                            if let Some(r) = Role::parse(&event_target_value(&ev)) { new_role.set(r); new_scope.set(None); }
                        }>
                            {Role::ALL.into_iter().filter(|r| *r != Role::Student).map(|r| view! {
                                <option value=r.as_str() selected=r == Role::UnitAdmin>{r.label()}</option>
                            }).collect_view()}
                        </select>
                        {move || match new_role.get().scope_kind() {
                            ScopeKind::Unit => view! {
                                <label for="grant-scope">"培养单位"</label>
                                <select id="grant-scope" on:change=move |ev| new_scope.set(event_target_value(&ev).parse().ok())>
                                    <option value="">"请选择"</option>
                                    {units.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|u| view! { <option value=u.id.0.to_string()>{u.name}</option> }).collect_view()}
                                </select>
                            }.into_any(),
                            ScopeKind::Group => view! {
                                <label for="grant-scope">"学科群"</label>
                                <select id="grant-scope" on:change=move |ev| new_scope.set(event_target_value(&ev).parse().ok())>
                                    <option value="">"请选择"</option>
                                    {groups.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|g| view! { <option value=g.id.0.to_string()>{g.name}</option> }).collect_view()}
                                </select>
                            }.into_any(),
                            _ => ().into_any(),
                        }}
                        <button class="btn" id="grant-add" on:click=add>"添加"</button>
                        <button class="btn btn-primary" id="grant-save" disabled=move || save.pending().get()
                            on:click=move |_| save.run((id, grants.get_untracked(), version))>"保存角色"</button>
                    </div>
                }
            })}
        </section>
    }
}
