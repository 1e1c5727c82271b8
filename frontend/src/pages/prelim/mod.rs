//! 学位初审 and 数据上报 (SPEC §2.5–2.6): 学位初审委员会, 网上学位初审,
//! 学位初审信息, 学位初审结果 with the 表决授予学位名单, 数据上报 and 终审审核
//! for the unit; 上报情况 and 表决规则 for the degree office. The committee
//! pages serve the 学科群分会 too (SPEC §2.8), by their `CommitteeKind`.

pub mod committee;
pub mod meeting;
pub mod office;
pub mod results;
pub mod review;
pub mod submission;
pub mod voting_list;

use crate::components::unit_picker::UnitPicker;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::{GrantScope, Permission, Role};
use shared::ids::{GroupId, UnitId};
use shared::workflow::committee::{CommitteeKind, CommitteeOf};

/// The unit a committee page is about: a member's own unit (from their
/// grant), else the one picked among the units the actor may see.
#[component]
pub fn CommitteeUnit(selected: RwSignal<Option<UnitId>>) -> impl IntoView {
    let app = use_app();
    let member_unit = move || {
        app.session.get().and_then(|s| {
            s.me.grants.iter().find_map(|g| match (g.role, g.scope) {
                (Role::PrelimMember, GrantScope::Unit(u)) => Some(u),
                _ => None,
            })
        })
    };
    let is_staff = move || {
        app.session
            .get()
            .is_some_and(|s| s.me.actor().can_somewhere(Permission::ViewCommittee))
    };
    Effect::new(move |_| {
        if !is_staff() {
            if let Some(u) = member_unit() {
                selected.set(Some(u));
            }
        }
    });
    move || {
        is_staff().then(|| {
            let units = LocalResource::new(move || async move { app.client().units().await });
            view! {
                <UnitPicker perm=Permission::ViewCommittee units=Signal::derive(move || units.get().and_then(Result::ok).unwrap_or_default()) selected=selected />
            }
        })
    }
}

/// The committee a page is about: for the 学位初审 pages the unit
/// ([`CommitteeUnit`]), for the 学科群分会 pages the group: a secretariat's or
/// member's own (from their grant), else one picked among all (the office).
#[component]
pub fn SeatPicker(kind: CommitteeKind, selected: RwSignal<Option<CommitteeOf>>) -> impl IntoView {
    match kind {
        CommitteeKind::Subcommittee => view! { <GroupPicker selected=selected /> }.into_any(),
        _ => {
            let unit = RwSignal::new(None::<UnitId>);
            Effect::new(move |_| selected.set(unit.get().map(CommitteeOf::Unit)));
            view! { <CommitteeUnit selected=unit /> }.into_any()
        }
    }
}

#[component]
fn GroupPicker(selected: RwSignal<Option<CommitteeOf>>) -> impl IntoView {
    let app = use_app();
    let own = move || {
        app.session.get().and_then(|s| {
            s.me.grants.iter().find_map(|g| match (g.role, g.scope) {
                (Role::Secretary | Role::SubMember, GrantScope::Group(g)) => Some(g),
                _ => None,
            })
        })
    };
    let picks = move || {
        app.session
            .get()
            .is_some_and(|s| s.me.actor().can_somewhere(Permission::ManageGroups))
    };
    Effect::new(move |_| {
        if !picks() {
            if let Some(g) = own() {
                selected.set(Some(CommitteeOf::Group(g)));
            }
        }
    });
    move || {
        picks().then(|| {
            let groups = LocalResource::new(move || async move { app.client().groups().await });
            let list = move || {
                groups
                    .get()
                    .and_then(Result::ok)
                    .map(|o| o.groups)
                    .unwrap_or_default()
            };
            Effect::new(move |_| {
                if selected.get_untracked().is_none() {
                    if let Some(g) = list().first() {
                        selected.set(Some(CommitteeOf::Group(g.id)));
                    }
                }
            });
            view! {
                <label for="group-picker">"学科群"</label>
                <select id="group-picker" on:change=move |ev| {
                    selected.set(event_target_value(&ev).parse::<i64>().ok().map(|g| CommitteeOf::Group(GroupId(g))));
                }>
                    {move || list().into_iter().map(|g| {
                        let id = CommitteeOf::Group(g.id);
                        view! { <option value=g.id.0.to_string() selected=move || selected.get() == Some(id)>{g.code} " " {g.name}</option> }
                    }).collect_view()}
                </select>
            }
        })
    }
}

/// Does the actor manage this committee (the unit admin of the unit, the
/// secretariat of the group)?
pub fn is_manager(of: Option<CommitteeOf>) -> bool {
    let app = use_app();
    match (app.session.get().map(|s| s.me.actor()), of) {
        (Some(a), Some(of)) => {
            shared::authz::check_role(&a, of.kind().manager(), of.scope()).is_ok()
        }
        _ => false,
    }
}

/// A number typed into a count field (empty or invalid: 0).
pub fn count_of(s: &str) -> u32 {
    s.trim().parse().unwrap_or(0)
}
