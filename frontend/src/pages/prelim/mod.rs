//! 学位初审 and 数据上报 (SPEC §2.5–2.6): 学位初审委员会, 网上学位初审,
//! 学位初审信息, 学位初审结果 with the 表决授予学位名单, 数据上报 and 终审审核
//! for the unit; 上报情况 and 表决规则 for the degree office.

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
use shared::ids::UnitId;

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

/// Does the actor act as the unit admin of `unit`?
pub fn is_unit_admin(unit: Option<UnitId>) -> bool {
    let app = use_app();
    match (app.session.get().map(|s| s.me.actor()), unit) {
        (Some(a), Some(u)) => {
            shared::authz::check_role(&a, Role::UnitAdmin, shared::authz::Scope::Unit(u)).is_ok()
        }
        _ => false,
    }
}

/// A number typed into a count field (empty or invalid: 0).
pub fn count_of(s: &str) -> u32 {
    s.trim().parse().unwrap_or(0)
}
