//! 学位初审委员会 and 学科群分会, one page for any committee: its manager (the
//! unit admin; the group's secretariat) adds, edits and removes members (one
//! 主席), grants and withdraws their 信息门户 rights; the degree office reads.

use super::SeatPicker;
use crate::components::confirm::ConfirmDialog;
use crate::components::layout::Guard;
use crate::data::{show_failure, Loaded, Loading, Mutation, Reload};
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::Page;
use shared::client::ClientError;
use shared::dto::committee::{Committee, Member, MemberInput, PortalGrant};
use shared::error::FieldError;
use shared::workflow::committee::{CommitteeKind, CommitteeOf, Position};

#[component]
pub fn CommitteePage() -> impl IntoView {
    view! {
        <Guard page=Page::Committee>
            <CommitteeView kind=CommitteeKind::Prelim page=Page::Committee />
        </Guard>
    }
}

/// 学科群分会: the group's subcommittee.
#[component]
pub fn SubcommitteePage() -> impl IntoView {
    view! {
        <Guard page=Page::Subcommittee>
            <CommitteeView kind=CommitteeKind::Subcommittee page=Page::Subcommittee />
        </Guard>
    }
}

/// What the admin is about to do to a member, asked first.
#[derive(Clone)]
enum Asking {
    Remove(Member),
    Withdraw(Member),
}

#[component]
fn CommitteeView(kind: CommitteeKind, page: Page) -> impl IntoView {
    let app = use_app();
    let unit = RwSignal::new(None::<CommitteeOf>);
    let reload = Reload::new();
    let committee = LocalResource::new(move || {
        reload.track();
        let unit = unit.get();
        async move {
            match unit {
                Some(u) => app.client().committee(u).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let editing = RwSignal::new(None::<Member>);
    let granted = RwSignal::new(None::<PortalGrant>);
    let asking = RwSignal::new(None::<Asking>);
    let error = RwSignal::new(None::<String>);
    let fail = show_failure(error);
    let done = move || {
        asking.set(None);
        error.set(None);
        reload.bump();
    };
    let remove = Mutation::new(
        |client, (u, m): (CommitteeOf, Member)| async move {
            client.remove_member(u, m.id, m.version).await
        },
        move |_| done(),
        move |e| {
            asking.set(None);
            fail(e);
        },
    );
    let withdraw = Mutation::new(
        |client, (u, m): (CommitteeOf, Member)| async move {
            client.withdraw_portal(u, m.id, m.version).await
        },
        move |_| done(),
        move |e| {
            asking.set(None);
            fail(e);
        },
    );
    let grant = Mutation::new(
        |client, (u, m): (CommitteeOf, Member)| async move {
            client.grant_portal(u, m.id, m.version).await
        },
        move |g| {
            granted.set(Some(g));
            done();
        },
        fail,
    );
    view! {
        <h1>{page.label()}</h1>
        <div class="filterbar"><SeatPicker kind=kind selected=unit /></div>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="committee-error">{e}</div> })}
        {move || granted.get().map(|g| view! {
            <div class="notice" role="status" id="portal-granted">
                <p>{format!("已为 {} 授予信息门户权限。", g.member.name)}</p>
                <p>"登录名：" <strong id="portal-username">{g.username.clone()}</strong>
                   "　初始密码：" <strong id="portal-password">{g.initial_password.clone()}</strong></p>
                <p class="hint">"初始密码只显示这一次，请转告委员；委员首次登录后须修改密码。"</p>
                <button class="btn btn-small" on:click=move |_| granted.set(None)>"我已记下"</button>
            </div>
        })}
        {move || asking.get().map(|a| {
            let (title, message, label) = match &a {
                Asking::Remove(m) => (format!("删除委员 {}？", m.name), "删除后该委员的信息门户账号立即停用，其网上评审意见不再计入。".to_owned(), "删除"),
                Asking::Withdraw(m) => (format!("取消 {} 的信息门户权限？", m.name), format!("该委员的账号立即停用，不能再登录进行{}。", kind.review_label()), "取消权限"),
            };
            view! {
                <ConfirmDialog title=title message=message confirm_label=label.to_owned()
                    busy=Signal::derive(move || remove.pending().get() || withdraw.pending().get())
                    on_confirm=Callback::new(move |_| {
                        if let Some(u) = unit.get_untracked() {
                            match a.clone() {
                                Asking::Remove(m) => remove.run((u, m)),
                                Asking::Withdraw(m) => withdraw.run((u, m)),
                            }
                        }
                    })
                    on_cancel=Callback::new(move |_| asking.set(None)) />
            }
        })}
        <Loaded data=Loading::once_asked(committee) let:c>
            <MemberTable c=c.clone() editing=editing asking=asking
                on_grant=Callback::new(move |m: Member| if let Some(u) = unit.get_untracked() { grant.run((u, m)) }) />
            {c.editable.then(|| view! {
                <MemberForm unit=unit editing=editing on_saved=Callback::new(move |_| done()) />
            })}
        </Loaded>
    }
}

#[component]
fn MemberTable(
    c: Committee,
    editing: RwSignal<Option<Member>>,
    asking: RwSignal<Option<Asking>>,
    on_grant: Callback<Member>,
) -> impl IntoView {
    let editable = c.editable;
    view! {
        {c.locked_reason.clone().map(|r| view! { <div class="notice" role="status">{r} "，委员会信息只读。"</div> })}
        <p class="hint">{format!("{}：共 {} 人", c.owner_name, c.members.len())}</p>
        {if c.members.is_empty() {
            view! { <p class="empty" id="no-members">"还没有委员。请在下方添加委员会成员，并为需要网上评审的委员授予信息门户权限。"</p> }.into_any()
        } else {
            view! {
                <table class="table" id="members">
                    <thead><tr>
                        <th scope="col">"姓名"</th><th scope="col">"职称"</th><th scope="col">"工作单位"</th>
                        <th scope="col">"职务"</th><th scope="col">"工号"</th><th scope="col">"联系方式"</th>
                        <th scope="col">"信息门户"</th>
                        {editable.then(|| view! { <th scope="col">"操作"</th> })}
                    </tr></thead>
                    <tbody>
                        {c.members.into_iter().map(|m| {
                            let (m1, m2, m3, m4) = (m.clone(), m.clone(), m.clone(), m.clone());
                            view! {
                                <tr data-member=m.name.clone()>
                                    <td>{m.name.clone()}</td><td>{m.title.clone()}</td><td>{m.affiliation.clone()}</td>
                                    <td>{m.position.label()}</td>
                                    <td>{m.staff_no.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td>{m.contact.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td class="col-portal">{match (&m.username, m.portal_enabled) {
                                        (Some(u), true) => format!("已授予（{u}）"),
                                        (Some(_), false) => "已取消".to_owned(),
                                        (None, _) => "未授予".to_owned(),
                                    }}</td>
                                    {editable.then(|| view! {
                                        <td class="actions">
                                            <button class="btn btn-small" on:click=move |_| editing.set(Some(m1.clone()))>"编辑"</button>
                                            {if m.portal_enabled {
                                                view! { <button class="btn btn-small withdraw-portal" on:click=move |_| asking.set(Some(Asking::Withdraw(m2.clone())))>"取消信息门户权限"</button> }.into_any()
                                            } else {
                                                view! { <button class="btn btn-small grant-portal" on:click=move |_| on_grant.run(m3.clone())>"授予信息门户权限"</button> }.into_any()
                                            }}
                                            <button class="btn btn-small btn-danger" on:click=move |_| asking.set(Some(Asking::Remove(m4.clone())))>"删除"</button>
                                        </td>
                                    })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

#[component]
fn MemberForm(
    unit: RwSignal<Option<CommitteeOf>>,
    editing: RwSignal<Option<Member>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let affiliation = RwSignal::new(String::new());
    let position = RwSignal::new(Position::Member);
    let staff_no = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<String>);
    let fail = show_failure(error);
    let clear = move || {
        for s in [name, title, affiliation, staff_no, contact] {
            s.set(String::new());
        }
        position.set(Position::Member);
        errors.set(Vec::new());
        error.set(None);
        editing.set(None);
    };
    // Editing fills the form with the member.
    Effect::new(move |_| {
        if let Some(m) = editing.get() {
            name.set(m.name.clone());
            title.set(m.title.clone());
            affiliation.set(m.affiliation.clone());
            position.set(m.position);
            staff_no.set(m.staff_no.clone().unwrap_or_default());
            contact.set(m.contact.clone().unwrap_or_default());
        }
    });
    let save = Mutation::new(
        |client, (u, id, input): (CommitteeOf, Option<i64>, MemberInput)| async move {
            match id {
                Some(id) => client.edit_member(u, id, &input).await,
                None => client.add_member(u, &input).await,
            }
        },
        move |_| {
            clear();
            on_saved.run(());
        },
        move |e: ClientError| {
            if let ClientError::Api { body, .. } = &e {
                errors.set(body.fields.clone());
            }
            fail(e);
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(u) = unit.get_untracked() else {
            return;
        };
        let editing_now = editing.get_untracked();
        let opt = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        save.run((
            u,
            editing_now.as_ref().map(|m| m.id),
            MemberInput {
                name: name.get_untracked(),
                title: title.get_untracked(),
                affiliation: affiliation.get_untracked(),
                position: position.get_untracked(),
                staff_no: opt(staff_no),
                contact: opt(contact),
                version: editing_now.map(|m| m.version),
            },
        ));
    };
    let field_error = move |field: &'static str| {
        move || {
            errors
                .get()
                .into_iter()
                .find(|e| e.field == field)
                .map(|e| view! { <span class="field-error">{e.message}</span> })
        }
    };
    let text = |id: &'static str, label: &'static str, value: RwSignal<String>, required: bool| {
        view! {
            <div class="field">
                <label for=id>{label}{required.then_some("（必填）")}</label>
                <input id=id type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </div>
        }
    };
    view! {
        <section class="card" id="member-form">
            <h2>{move || if editing.get().is_some() { "编辑委员" } else { "添加委员" }}</h2>
            <form on:submit=submit class="field-grid">
                {text("member-name", "姓名", name, true)}
                {field_error("name")}
                {text("member-title", "职称", title, true)}
                {field_error("title")}
                {text("member-affiliation", "工作单位", affiliation, true)}
                {field_error("affiliation")}
                <div class="field">
                    <label for="member-position">"职务"</label>
                    <select id="member-position" on:change=move |ev| if let Some(p) = Position::parse(&event_target_value(&ev)) { position.set(p) }>
                        {Position::ALL.map(|p| view! { <option value=p.as_str() selected=move || position.get() == p>{p.label()}</option> }).collect_view()}
                    </select>
                </div>
                {text("member-staff-no", "工号", staff_no, false)}
                {text("member-contact", "联系方式", contact, false)}
                {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert">{e}</div> })}
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" id="member-save" disabled=move || save.pending().get()>
                        {move || if editing.get().is_some() { "保存修改" } else { "添加委员" }}
                    </button>
                    {move || editing.get().is_some().then(|| view! { <button class="btn" type="button" on:click=move |_| clear()>"取消编辑"</button> })}
                </div>
            </form>
        </section>
    }
}
