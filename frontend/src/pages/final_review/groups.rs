//! 学科群管理: each discipline group with its majors, applicants and
//! secretariat; the majors and applicants of the current batch in no group;
//! putting a major into a group (or taking it out).

use crate::components::layout::Guard;
use crate::data::{show_failure, Loaded, Mutation, Reload};
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::Page;
use shared::dto::final_review::{GroupsOverview, MajorAssignment};
use shared::ids::GroupId;

#[component]
pub fn GroupsPage() -> impl IntoView {
    view! {
        <Guard page=Page::Groups>
            <GroupsView />
        </Guard>
    }
}

#[component]
fn GroupsView() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let overview = LocalResource::new(move || {
        reload.track();
        async move { app.client().groups().await }
    });
    // Kept here, above the reloading list.
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    view! {
        <h1>{Page::Groups.label()}</h1>
        <p class="hint">"每个专业只归入一个学科群，由该学科群分会评审其申请人。学科群分会评审开始后对应关系不能再修改。"</p>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="groups-error">{e}</div> })}
        {move || saved.get().map(|s| view! { <div class="notice" role="status" id="groups-saved">{s}</div> })}
        <Loaded data=overview let:o>
            <GroupsBody o=o reload=reload error=error saved=saved />
        </Loaded>
    }
}

#[component]
fn GroupsBody(
    o: GroupsOverview,
    reload: Reload,
    error: RwSignal<Option<String>>,
    saved: RwSignal<Option<String>>,
) -> impl IntoView {
    let fail = show_failure(error);
    let assign = Mutation::new(
        |client, a: MajorAssignment| async move { client.assign_major(&a).await.map(|_| a) },
        move |a: MajorAssignment| {
            error.set(None);
            saved.set(Some(match a.group_id {
                Some(_) => format!("已将专业 {} 归入学科群。", a.major_code),
                None => format!("已将专业 {} 移出学科群。", a.major_code),
            }));
            reload.bump();
        },
        fail,
    );
    let groups = o.groups.clone();
    let choices: Vec<(GroupId, String)> = groups
        .iter()
        .map(|g| (g.id, format!("{} {}", g.code, g.name)))
        .collect();
    let major = RwSignal::new(String::new());
    let target = RwSignal::new(choices.first().map(|c| c.0));
    let editable = o.editable;
    view! {
        {o.locked_reason.clone().map(|r| view! { <div class="notice" role="status">{r}</div> })}
        <table class="table" id="groups">
            <thead><tr>
                <th scope="col">"代码"</th><th scope="col">"学科群"</th><th scope="col">"秘书处"</th>
                <th scope="col">"专业（本批次已上报人数）"</th><th scope="col">"申请人"</th>
            </tr></thead>
            <tbody>
                {groups.into_iter().map(|g| view! {
                    <tr data-group=g.code.clone()>
                        <td>{g.code.clone()}</td>
                        <td>{g.name.clone()}</td>
                        <td>{if g.secretaries.is_empty() { "未设置".to_owned() } else { g.secretaries.join("、") }}</td>
                        <td>{if g.majors.is_empty() { "—".to_owned() } else {
                            g.majors.iter().map(|m| format!("{} {}（{}）", m.major_code, m.major_name, m.applicants)).collect::<Vec<_>>().join("；")
                        }}</td>
                        <td>{g.applicants}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <section class="card" id="unassigned">
            <h2>"未归入学科群的申请人"</h2>
            {if o.unassigned_total == 0 {
                view! { <p class="empty" id="no-unassigned">"本批次已上报的申请人都已归入学科群。"</p> }.into_any()
            } else {
                view! {
                    <p class="hint" id="unassigned-count">{format!("共 {} 人的专业未归入任何学科群（进入学科群分会评审前须全部归入）。", o.unassigned_total)}</p>
                    <p class="hint">{format!("未归入的专业：{}", o.unmapped_majors.iter().map(|m| format!("{} {}（{} 人）", m.major_code, m.major_name, m.applicants)).collect::<Vec<_>>().join("；"))}</p>
                    <table class="table">
                        <thead><tr><th scope="col">"学号"</th><th scope="col">"姓名"</th><th scope="col">"培养单位"</th><th scope="col">"专业"</th></tr></thead>
                        <tbody>
                            {o.unassigned.clone().into_iter().map(|u| view! {
                                <tr><td>{u.student_no}</td><td>{u.name}</td><td>{u.unit_name}</td>
                                <td>{format!("{} {}", u.major_code.unwrap_or_default(), u.major_name.unwrap_or_default())}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        {editable.then(|| view! {
            <form class="card filterbar" id="assign-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                assign.run(MajorAssignment { major_code: major.get_untracked().trim().to_owned(), group_id: target.get_untracked() });
            }>
                <strong>"专业归入学科群"</strong>
                <label for="assign-major">"专业代码"</label>
                <input id="assign-major" type="text" prop:value=move || major.get() on:input=move |ev| major.set(event_target_value(&ev)) />
                <label for="assign-group">"学科群"</label>
                <select id="assign-group" on:change=move |ev| target.set(event_target_value(&ev).parse::<i64>().ok().map(GroupId))>
                    {choices.clone().into_iter().map(|(id, label)| view! { <option value=id.0.to_string()>{label}</option> }).collect_view()}
                    <option value="">"（移出学科群）"</option>
                </select>
                <button class="btn btn-primary" type="submit" id="assign-save" disabled=move || assign.pending().get() || major.get().trim().is_empty()>"保存"</button>
            </form>
        })}
    }
}
