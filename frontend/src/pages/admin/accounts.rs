//! 账号管理 (a unit's system administrator): the unit's 备案 to approve or
//! reject, and its accounts — staff with their roles within the unit, and
//! students — to disable, enable or give a one-time password. The account
//! table and its actions are the system administrator's 用户管理 too.

use crate::components::confirm::ConfirmDialog;
use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::data::{show_failure, Loaded, Mutation, Reload};
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::{
    account_unit, check_manage_account, GrantScope, Page, Role, RoleGrant, UNIT_GRANTABLE,
};
use shared::dto::account::{
    Account, AccountKind, AccountQuery, ActiveInput, OneTimePassword, Registration,
    RegistrationDecision, RegistrationQuery, RegistrationStatus, UnitRoles,
};
use shared::dto::Page as Rows;
use shared::ids::{UnitId, UserId};

pub const PER_PAGE: i64 = 20;

#[component]
pub fn UnitAccountsPage() -> impl IntoView {
    view! {
        <Guard page=Page::UnitAccounts>
            <UnitAccountsView />
        </Guard>
    }
}

#[component]
fn UnitAccountsView() -> impl IntoView {
    let app = use_app();
    // The units this user is the system administrator of.
    let units: Vec<(UnitId, String)> = app
        .session
        .get_untracked()
        .map(|s| {
            s.me.grants
                .iter()
                .filter(|g| g.role == Role::UnitSysadmin)
                .filter_map(|g| match g.scope {
                    GrantScope::Unit(u) => Some((u, g.scope_name.clone().unwrap_or_default())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let unit = RwSignal::new(units.first().map(|(u, _)| *u));
    let reload = Reload::new();
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let registrations = LocalResource::new(move || {
        reload.track();
        let u = unit.get();
        async move {
            match u {
                Some(u) => app
                    .client()
                    .registrations(u, &RegistrationQuery::default())
                    .await
                    .map(Some),
                None => Ok(None),
            }
        }
    });
    let kind = RwSignal::new(AccountKind::Staff);
    let q = RwSignal::new(String::new());
    let page = RwSignal::new(1_i64);
    let accounts = LocalResource::new(move || {
        reload.track();
        let u = unit.get();
        let query = AccountQuery {
            q: Some(q.get()).filter(|s| !s.trim().is_empty()),
            kind: Some(kind.get()),
            role: None,
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move {
            match u {
                Some(u) => app.client().unit_accounts(u, &query).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <h1>{Page::UnitAccounts.label()}</h1>
        <p class="hint">"审核本单位教育管理干部的备案；管理本单位的账号：停用、启用、重置密码（生成一次性密码，登录后须修改），以及教育管理干部、学位初审委员角色。"</p>
        {(units.len() > 1).then(|| view! {
            <div class="filterbar">
                <label for="accounts-unit">"培养单位"</label>
                <select id="accounts-unit" on:change=move |ev| unit.set(event_target_value(&ev).parse::<i64>().ok().map(UnitId))>
                    {units.iter().map(|(u, name)| view! { <option value=u.0.to_string()>{name.clone()}</option> }).collect_view()}
                </select>
            </div>
        })}
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="accounts-error">{e}</div> })}
        {move || done.get().map(|m| view! { <div class="notice" role="status" id="accounts-done">{m}</div> })}
        <section class="card" id="registrations">
            <h2>"备案审核"</h2>
            <Loaded data=crate::data::Loading::once_asked(registrations) let:list>
                <RegistrationTable list=list reload=reload error=error done=done />
            </Loaded>
        </section>
        <section class="card" id="unit-accounts">
            <h2>"本单位账号"</h2>
            <div class="filterbar" role="search">
                <label for="accounts-kind">"类别"</label>
                <select id="accounts-kind" on:change=move |ev| {
                    kind.set(if event_target_value(&ev) == "student" { AccountKind::Student } else { AccountKind::Staff });
                    page.set(1);
                }>
                    <option value="staff">"教职工"</option>
                    <option value="student">"学生"</option>
                </select>
                <label for="accounts-q">"用户名或姓名"</label>
                <input id="accounts-q" type="search" on:change=move |ev| { q.set(event_target_value(&ev)); page.set(1); } />
            </div>
            <Loaded data=crate::data::Loading::once_asked(accounts) let:data>
                <AccountTable data=data page=page reload=reload error=error done=done unit=unit.get_untracked() />
            </Loaded>
        </section>
    }
}

#[component]
fn RegistrationTable(
    list: Vec<Registration>,
    reload: Reload,
    error: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="empty" id="no-registrations">"暂无备案。"</p> }.into_any();
    }
    // The decision waiting for its confirmation: (id, name, decision).
    let asking = RwSignal::new(None::<(i64, String, RegistrationDecision)>);
    let decide = Mutation::new(
        |client, (id, d): (i64, RegistrationDecision)| async move {
            client.decide_registration(id, &d).await
        },
        move |r: Registration| {
            asking.set(None);
            error.set(None);
            done.set(Some(format!(
                "{}（{}）的备案{}。",
                r.name,
                r.username,
                r.status.label()
            )));
            reload.bump();
        },
        {
            let fail = show_failure(error);
            move |e| {
                asking.set(None);
                fail(e);
            }
        },
    );
    view! {
        {move || asking.get().map(|(id, name, d)| {
            let (title, message, label) = if d.approve {
                (format!("批准 {name} 的备案？"), "批准后该账号即可登录，并获得本单位“教育管理干部”权限。".to_owned(), "批准")
            } else {
                (format!("不批准 {name} 的备案？"), format!("不批准的原因：{}。申请人登录时将看到此原因；审核结果不能撤回。", d.reason.clone().unwrap_or_default()), "不批准")
            };
            view! {
                <ConfirmDialog title=title message=message confirm_label=label.to_owned()
                    busy=Signal::derive(move || decide.pending().get())
                    on_confirm=Callback::new(move |_| decide.run((id, d.clone())))
                    on_cancel=Callback::new(move |_| asking.set(None)) />
            }
        })}
        <table class="table" id="registration-table">
            <thead><tr>
                <th scope="col">"姓名"</th><th scope="col">"工号"</th><th scope="col">"用户名"</th>
                <th scope="col">"手机"</th><th scope="col">"电子邮箱"</th><th scope="col">"申请权限"</th>
                <th scope="col">"提交时间"</th><th scope="col">"状态"</th><th scope="col">"操作"</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|r| {
                    let id = r.id;
                    let reason = RwSignal::new(String::new());
                    let pending = r.status == RegistrationStatus::Pending;
                    let (n1, n2) = (r.name.clone(), r.name.clone());
                    view! {
                        <tr data-username=r.username.clone() data-status=r.status.as_str()>
                            <td>{r.name.clone()}</td><td>{r.staff_no.clone()}</td><td>{r.username.clone()}</td>
                            <td>{r.phone.clone()}</td><td>{r.email.clone()}</td><td>{r.role.label()}</td>
                            <td>{beijing(&r.created_at, false)}</td>
                            <td class="reg-status">{r.status.label()}{r.reason.clone().map(|x| format!("（{x}）"))}</td>
                            <td>{pending.then(|| view! {
                                <button class="btn btn-small btn-primary reg-approve" disabled=move || decide.pending().get()
                                    on:click=move |_| asking.set(Some((id, n1.clone(), RegistrationDecision { approve: true, reason: None })))>"批准"</button>
                                <label class="sr-only" for=format!("reg-reason-{id}")>"不批准的原因"</label>
                                <input class="reg-reason" id=format!("reg-reason-{id}") placeholder="不批准的原因"
                                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                                <button class="btn btn-small reg-reject" disabled=move || decide.pending().get() || reason.get().trim().is_empty()
                                    on:click=move |_| asking.set(Some((id, n2.clone(), RegistrationDecision { approve: false, reason: Some(reason.get_untracked()) })))>"不批准"</button>
                            })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// What a confirmation is about.
#[derive(Clone)]
enum Asking {
    Disable(UserId, String),
    Reset(UserId, String),
}

/// The accounts with their state and actions; with `unit`, each staff
/// account's roles within that unit can be changed.
#[component]
pub fn AccountTable(
    data: Rows<Account>,
    page: RwSignal<i64>,
    reload: Reload,
    error: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
    unit: Option<UnitId>,
) -> impl IntoView {
    if data.items.is_empty() {
        return view! { <p class="empty" id="no-accounts">"没有符合条件的账号。"</p> }.into_any();
    }
    let asking = RwSignal::new(None::<Asking>);
    let otp = RwSignal::new(None::<OneTimePassword>);
    let me = use_app().session.get_untracked().map(|s| s.me.actor());
    let fail = show_failure(error);
    let set_active = Mutation::new(
        |client, (id, active): (UserId, bool)| async move {
            client.set_active(id, &ActiveInput { active }).await
        },
        move |a: Account| {
            asking.set(None);
            error.set(None);
            done.set(Some(format!(
                "账号 {} 已{}。",
                a.username,
                if a.active { "启用" } else { "停用" }
            )));
            reload.bump();
        },
        move |e| {
            asking.set(None);
            fail(e);
        },
    );
    let reset = Mutation::new(
        |client, id: UserId| async move { client.reset_password(id).await },
        move |p: OneTimePassword| {
            asking.set(None);
            error.set(None);
            done.set(None);
            otp.set(Some(p));
        },
        move |e| {
            asking.set(None);
            fail(e);
        },
    );
    let roles = Mutation::new(
        |client, (unit, id, roles, version): (UnitId, UserId, Vec<Role>, i32)| async move {
            client
                .set_unit_roles(unit, id, &UnitRoles { roles, version })
                .await
        },
        move |a: Account| {
            error.set(None);
            done.set(Some(format!(
                "账号 {} 的角色已保存；其已登录的会话须重新登录。",
                a.username
            )));
            reload.bump();
        },
        show_failure(error),
    );
    let total = data.total;
    view! {
        {move || otp.get().map(|p| view! {
            <div class="notice" role="status">
                <p>{format!("账号 {} 的一次性密码：", p.username)}<strong id="one-time-password">{p.password}</strong></p>
                <p>"仅显示这一次，请告知本人；登录后须修改密码。该账号已登录的会话均已失效。"</p>
            </div>
        })}
        {move || asking.get().map(|a| {
            let (title, message, label) = match &a {
                Asking::Disable(_, name) => (format!("停用账号 {name}？"), "停用后该账号不能登录，已登录的会话立即失效；可随时重新启用。".to_owned(), "停用"),
                Asking::Reset(_, name) => (format!("重置账号 {name} 的密码？"), "将生成一次性密码，原密码失效，已登录的会话立即失效。".to_owned(), "重置密码"),
            };
            let a2 = a.clone();
            view! {
                <ConfirmDialog title=title message=message confirm_label=label.to_owned()
                    busy=Signal::derive(move || set_active.pending().get() || reset.pending().get())
                    on_confirm=Callback::new(move |_| match &a2 {
                        Asking::Disable(id, _) => set_active.run((*id, false)),
                        Asking::Reset(id, _) => reset.run(*id),
                    })
                    on_cancel=Callback::new(move |_| asking.set(None)) />
            }
        })}
        <table class="table" id="account-table">
            <thead><tr>
                <th scope="col">"用户名"</th><th scope="col">"姓名"</th><th scope="col">"工号"</th>
                <th scope="col">"角色"</th><th scope="col">"状态"</th><th scope="col">"操作"</th>
            </tr></thead>
            <tbody>
                {data.items.into_iter().map(|a| {
                    let id = a.user_id;
                    let version = a.version;
                    let name = a.username.clone();
                    // The actions the server would allow (never one's own
                    // account, never beyond the unit's roles).
                    let grants: Vec<RoleGrant> = a.grants.iter().map(|g| RoleGrant { role: g.role, scope: g.scope }).collect();
                    let manageable = me.as_ref().is_some_and(|actor| {
                        check_manage_account(actor, id, account_unit(&grants, unit, unit)).is_ok()
                    });
                    let (n1, n2) = (name.clone(), name.clone());
                    let is_student = a.grants.iter().any(|g| g.role == Role::Student);
                    let held: Vec<Role> = a.grants.iter()
                        .filter(|g| unit.is_some_and(|u| g.scope == GrantScope::Unit(u)))
                        .map(|g| g.role)
                        .collect();
                    let chosen = RwSignal::new(held);
                    let state = match (a.active, a.locked, a.must_change_password) {
                        (false, _, _) => "已停用",
                        (true, true, _) => "已锁定（登录失败过多）",
                        (true, false, true) => "待修改初始密码",
                        _ => "正常",
                    };
                    view! {
                        <tr data-username=a.username.clone() data-active=a.active.to_string()>
                            <td>{a.username.clone()}</td>
                            <td>{a.display_name.clone()}</td>
                            <td>{a.staff_no.clone().unwrap_or_default()}</td>
                            <td class="account-roles">{a.grants.iter().map(|g| match &g.scope_name {
                                Some(s) if g.role != Role::Student => format!("{}（{s}）", g.role.label()),
                                _ => g.role.label().to_owned(),
                            }).collect::<Vec<_>>().join("、")}</td>
                            <td class="account-state">{state}</td>
                            <td>{manageable.then(|| view! {
                                {if a.active {
                                    view! { <button class="btn btn-small account-disable" on:click=move |_| asking.set(Some(Asking::Disable(id, n1.clone())))>"停用"</button> }.into_any()
                                } else {
                                    view! { <button class="btn btn-small account-enable" disabled=move || set_active.pending().get() on:click=move |_| set_active.run((id, true))>"启用"</button> }.into_any()
                                }}
                                <button class="btn btn-small account-reset" on:click=move |_| asking.set(Some(Asking::Reset(id, n2.clone())))>"重置密码"</button>
                                {unit.filter(|_| !is_student).map(|u| view! {
                                    <span class="account-unit-roles">
                                        {UNIT_GRANTABLE.into_iter().map(|r| {
                                            let cid = format!("role-{}-{}", r.as_str(), id.0);
                                            view! {
                                                <input type="checkbox" id=cid.clone() class=format!("role-{}", r.as_str())
                                                    prop:checked=move || chosen.get().contains(&r)
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        chosen.update(|c| { c.retain(|x| *x != r); if on { c.push(r); } });
                                                    } />
                                                <label for=cid>{r.label()}</label>
                                            }
                                        }).collect_view()}
                                        <button class="btn btn-small account-roles-save" disabled=move || roles.pending().get()
                                            on:click=move |_| roles.run((u, id, chosen.get_untracked(), version))>"保存角色"</button>
                                    </span>
                                })}
                            })}{(!manageable).then(|| view! { <span class="muted">"—"</span> })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=page per_page=PER_PAGE on_page=Callback::new(move |p| page.set(p)) />
    }
    .into_any()
}
