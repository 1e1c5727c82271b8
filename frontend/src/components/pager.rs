//! Paging controls with the total count ("共 N 条").

use leptos::prelude::*;

#[component]
pub fn Pager(
    #[prop(into)] total: Signal<i64>,
    #[prop(into)] page: Signal<i64>,
    #[prop(into)] per_page: Signal<i64>,
    on_page: Callback<i64>,
) -> impl IntoView {
    let pages = move || {
        let per = per_page.get().max(1);
        ((total.get() + per - 1) / per).max(1)
    };
    view! {
        <div class="pager" role="navigation" aria-label="分页">
            <span class="pager-total">"共 " {move || total.get()} " 条"</span>
            <button class="btn btn-small" disabled=move || { page.get() <= 1 } on:click=move |_| on_page.run(page.get_untracked() - 1)>
                "上一页"
            </button>
            <span class="pager-pos">"第 " {move || page.get()} " / " {pages} " 页"</span>
            <button
                class="btn btn-small"
                disabled=move || { page.get() >= pages() }
                on:click=move |_| on_page.run(page.get_untracked() + 1)
            >
                "下一页"
            </button>
        </div>
    }
}
