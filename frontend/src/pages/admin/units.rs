//! 培养单位与学科群 (the system administrator): add and rename training units
//! (code, name, the head the national report names) and discipline groups.
//! Neither is ever deleted: records refer to them. Which majors a group
//! reviews is 学科群管理's.

use crate::components::confirm::ConfirmDialog;
use crate::components::layout::Guard;
use crate::data::{show_failure, Loaded, Mutation, Reload};
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::Page;
use shared::dto::account::{GroupDetail, GroupInput, UnitDetail, UnitInput};
use shared::ids::{GroupId, UnitId};

#[component]
pub fn UnitsPage() -> impl IntoView {
    view! {
        <Guard page=Page::Units>
            <UnitsView />
        </Guard>
    }
}

#[component]
fn UnitsView() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let units = LocalResource::new(move || {
        reload.track();
        async move { app.client().admin_units().await }
    });
    let groups = LocalResource::new(move || {
        reload.track();
        async move { app.client().admin_groups().await }
    });
    // A unit's code being changed, waiting for its confirmation.
    let recode = RwSignal::new(None::<(UnitId, UnitInput, String)>);
    let save_unit = Mutation::new(
        |client, (id, u): (Option<UnitId>, UnitInput)| async move {
            match id {
                Some(id) => client.update_unit(id, &u).await,
                None => client.create_unit(&u).await,
            }
        },
        move |u: UnitDetail| {
            recode.set(None);
            error.set(None);
            done.set(Some(format!("培养单位 {} {} 已保存。", u.code, u.name)));
            reload.bump();
        },
        {
            let fail = show_failure(error);
            move |e| {
                recode.set(None);
                fail(e);
            }
        },
    );
    let save_group = Mutation::new(
        |client, (id, g): (Option<GroupId>, GroupInput)| async move {
            match id {
                Some(id) => client.update_group(id, &g).await,
                None => client.create_group(&g).await,
            }
        },
        move |g: GroupDetail| {
            error.set(None);
            done.set(Some(format!("学科群 {} {} 已保存。", g.code, g.name)));
            reload.bump();
        },
        show_failure(error),
    );
    let (code, name, head) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (gcode, gname) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    view! {
        <h1>{Page::Units.label()}</h1>
        <p class="hint">"培养单位和学科群只能新增和修改，不能删除（已有记录引用它们）。学科群评审哪些专业在“学科群管理”中设置。"</p>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="units-error">{e}</div> })}
        {move || done.get().map(|m| view! { <div class="notice" role="status" id="units-done">{m}</div> })}
        {move || recode.get().map(|(id, u, old)| view! {
            <ConfirmDialog title=format!("将培养单位代码 {old} 改为 {}？", u.code)
                message="各业务系统同步来的数据按单位代码对应培养单位，上报国家的数据也使用此代码；请确认各业务系统已同时修改。".to_owned()
                confirm_label="修改代码".to_owned()
                busy=Signal::derive(move || save_unit.pending().get())
                on_confirm=Callback::new(move |_| save_unit.run((Some(id), u.clone())))
                on_cancel=Callback::new(move |_| recode.set(None)) />
        })}
        <section class="card" id="units">
            <h2>"培养单位"</h2>
            <Loaded data=units let:list>
                <table class="table" id="unit-table">
                    <thead><tr><th scope="col">"代码"</th><th scope="col">"名称"</th><th scope="col">"单位负责人"</th><th scope="col">"操作"</th></tr></thead>
                    <tbody>
                        {list.is_empty().then(|| view! { <tr><td colspan="4" class="empty" id="no-units">"还没有培养单位，请在下方新增。"</td></tr> })}
                        {list.into_iter().map(|u| {
                            let (c, n, h) = (RwSignal::new(u.code.clone()), RwSignal::new(u.name.clone()), RwSignal::new(u.head_name.clone()));
                            let id = u.id;
                            let (version, old) = (u.version, u.code.clone());
                            view! {
                                <tr data-code=u.code.clone()>
                                    <td><input aria-label="代码" size="6" prop:value=move || c.get() on:input=move |ev| c.set(event_target_value(&ev)) /></td>
                                    <td><input aria-label="名称" prop:value=move || n.get() on:input=move |ev| n.set(event_target_value(&ev)) /></td>
                                    <td><input aria-label="单位负责人" size="8" prop:value=move || h.get() on:input=move |ev| h.set(event_target_value(&ev)) /></td>
                                    <td><button class="btn btn-small unit-save" disabled=move || save_unit.pending().get()
                                        on:click=move |_| {
                                            let input = UnitInput { code: c.get_untracked(), name: n.get_untracked(), head_name: h.get_untracked(), version: Some(version) };
                                            if input.code.trim() == old { save_unit.run((Some(id), input)) } else { recode.set(Some((id, input, old.clone()))) }
                                        }>"保存"</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </Loaded>
            <div class="filterbar">
                <label for="unit-code">"代码"</label>
                <input id="unit-code" size="6" prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
                <label for="unit-name">"名称"</label>
                <input id="unit-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <label for="unit-head">"单位负责人"</label>
                <input id="unit-head" size="8" prop:value=move || head.get() on:input=move |ev| head.set(event_target_value(&ev)) />
                <button class="btn btn-primary" id="unit-add" disabled=move || save_unit.pending().get()
                    on:click=move |_| save_unit.run((None, UnitInput { code: code.get_untracked(), name: name.get_untracked(), head_name: head.get_untracked(), version: None }))>"新增培养单位"</button>
            </div>
        </section>
        <section class="card" id="groups">
            <h2>"学科群"</h2>
            <Loaded data=groups let:list>
                <table class="table" id="group-table">
                    <thead><tr><th scope="col">"代码"</th><th scope="col">"名称"</th><th scope="col">"操作"</th></tr></thead>
                    <tbody>
                        {list.is_empty().then(|| view! { <tr><td colspan="3" class="empty" id="no-groups">"还没有学科群，请在下方新增。"</td></tr> })}
                        {list.into_iter().map(|g| {
                            let (c, n) = (RwSignal::new(g.code.clone()), RwSignal::new(g.name.clone()));
                            let id = g.id;
                            let version = g.version;
                            view! {
                                <tr data-code=g.code.clone()>
                                    <td><input aria-label="代码" size="6" prop:value=move || c.get() on:input=move |ev| c.set(event_target_value(&ev)) /></td>
                                    <td><input aria-label="名称" prop:value=move || n.get() on:input=move |ev| n.set(event_target_value(&ev)) /></td>
                                    <td><button class="btn btn-small group-save" disabled=move || save_group.pending().get()
                                        on:click=move |_| save_group.run((Some(id), GroupInput { code: c.get_untracked(), name: n.get_untracked(), version: Some(version) }))>"保存"</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </Loaded>
            <div class="filterbar">
                <label for="group-code">"代码"</label>
                <input id="group-code" size="6" prop:value=move || gcode.get() on:input=move |ev| gcode.set(event_target_value(&ev)) />
                <label for="group-name">"名称"</label>
                <input id="group-name" prop:value=move || gname.get() on:input=move |ev| gname.set(event_target_value(&ev)) />
                <button class="btn btn-primary" id="group-add" disabled=move || save_group.pending().get()
                    on:click=move |_| save_group.run((None, GroupInput { code: gcode.get_untracked(), name: gname.get_untracked(), version: None }))>"新增学科群"</button>
            </div>
        </section>
    }
}
