//! A modal confirmation for irreversible steps: says what will be locked.

use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    title: String,
    message: String,
    confirm_label: String,
    #[prop(into)] busy: Signal<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title" id="confirm-dialog">
                <h2 id="confirm-title">{title}</h2>
                <p class="modal-message">{message}</p>
                <div class="modal-actions">
                    <button class="btn" id="confirm-cancel" on:click=move |_| on_cancel.run(())>"取消"</button>
                    <button
                        class="btn btn-primary"
                        id="confirm-ok"
                        disabled=move || busy.get()
                        on:click=move |_| on_confirm.run(())
                    >
                        {confirm_label}
                    </button>
                </div>
            </div>
        </div>
    }
}
