//! 修改记录: every change of a dossier field, who, when, from where.

use crate::components::pager::Pager;
use crate::format::beijing;
use leptos::prelude::*;
use shared::dossier::field_label;
use shared::dto::application::FieldChange;
use shared::dto::Page;

/// One page of the field history; `page` and `on_page` page through it.
#[component]
pub fn HistoryTable(
    changes: Page<FieldChange>,
    #[prop(into)] page: Signal<i64>,
    on_page: Callback<i64>,
) -> impl IntoView {
    if changes.items.is_empty() {
        return view! { <p class="empty">"还没有修改记录。"</p> }.into_any();
    }
    let (total, per_page) = (changes.total, changes.per_page);
    view! {
        <table class="table" id="history">
            <thead><tr>
                <th scope="col">"时间"</th><th scope="col">"信息项"</th><th scope="col">"来源"</th>
                <th scope="col">"修改人"</th><th scope="col">"原值"</th><th scope="col">"新值"</th>
            </tr></thead>
            <tbody>
                {changes.items.into_iter().map(|h| {
                    let source = match (h.system, h.correction) {
                        (_, Some(n)) => format!("{} #{n}", h.source.label()),
                        (Some(s), None) => format!("{}（{}）", h.source.label(), s.label()),
                        (None, None) => h.source.label().to_owned(),
                    };
                    view! {
                        <tr class="history-row" data-field=h.field.clone() data-source=h.source.as_str()>
                            <td>{beijing(&h.at, true)}</td>
                            <td>{field_label(&h.field)}</td>
                            <td>{source}</td>
                            <td>{h.actor_name}</td>
                            <td>{h.old_value.unwrap_or_else(|| "—".into())}</td>
                            <td>{h.new_value.unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=page per_page=per_page on_page=on_page />
    }
    .into_any()
}
