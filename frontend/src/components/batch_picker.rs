//! The review batch a page is about.

use crate::session::use_app;
use leptos::prelude::*;
use shared::dto::PageQuery;
use shared::ids::BatchId;

/// The batch a page is about: the newest by default, any earlier
/// (completed) one by choice; `changed` runs when the user picks another.
/// With `current_by_default` the first choice is “当前批次” (`None`, the
/// server's current batch), so the page loads once, not again when the list
/// of batches arrives.
#[component]
pub fn BatchPicker(
    selected: RwSignal<Option<BatchId>>,
    #[prop(optional)] changed: Option<Callback<()>>,
    #[prop(optional)] current_by_default: bool,
) -> impl IntoView {
    let app = use_app();
    let batches = LocalResource::new(move || async move {
        app.client()
            .list_batches(PageQuery {
                page: Some(1),
                per_page: Some(50),
            })
            .await
    });
    let list = move || {
        batches
            .get()
            .and_then(Result::ok)
            .map(|p| p.items)
            .unwrap_or_default()
    };
    Effect::new(move |_| {
        if !current_by_default && selected.get_untracked().is_none() {
            if let Some(b) = list().first() {
                selected.set(Some(b.id));
            }
        }
    });
    view! {
        <label for="batch-picker">"评审批次"</label>
        <select id="batch-picker" on:change=move |ev| {
            selected.set(event_target_value(&ev).parse::<i64>().ok().map(BatchId));
            if let Some(c) = changed {
                c.run(());
            }
        }>
            {current_by_default.then(|| view! { <option value="" selected=move || selected.get().is_none()>"当前批次"</option> })}
            {move || list().into_iter().map(|b| {
                let id = b.id;
                view! { <option value=b.id.0.to_string() selected=move || selected.get() == Some(id)>{format!("{}（{}）", b.name, b.phase.label())}</option> }
            }).collect_view()}
        </select>
    }
}
