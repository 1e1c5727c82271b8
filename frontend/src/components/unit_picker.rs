//! The training-unit selector of the unit lists: of the `units` the page
//! loaded, those the actor may see with `perm` (every unit for a global
//! role, the own unit(s) otherwise), as `shared::authz` decides.

use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::{check, Permission, Scope};
use shared::dto::unit::Unit;
use shared::ids::UnitId;

#[component]
pub fn UnitPicker(
    perm: Permission,
    #[prop(into)] units: Signal<Vec<Unit>>,
    selected: RwSignal<Option<UnitId>>,
) -> impl IntoView {
    let app = use_app();
    let visible = move || {
        let actor = app.session.get().map(|s| s.me.actor());
        units
            .get()
            .into_iter()
            .filter(|u| {
                actor
                    .as_ref()
                    .is_some_and(|a| check(a, perm, Scope::Unit(u.id)).is_ok())
            })
            .collect::<Vec<_>>()
    };
    // Start with the first unit the actor may see.
    Effect::new(move |_| {
        if selected.get_untracked().is_none() {
            if let Some(u) = visible().first() {
                selected.set(Some(u.id));
            }
        }
    });
    view! {
        <label for="unit-picker">"培养单位"</label>
        <select id="unit-picker" on:change=move |ev| {
            selected.set(event_target_value(&ev).parse::<i64>().ok().map(UnitId));
        }>
            {move || visible().into_iter().map(|u| {
                let id = u.id;
                view! { <option value=u.id.0.to_string() selected=move || selected.get() == Some(id)>{u.code} " " {u.name}</option> }
            }).collect_view()}
        </select>
    }
}
