//! The degree photo (学位照片) of a dossier: shown from the bytes the page
//! loaded, and a file input while the dossier may be edited (the page
//! uploads the chosen JPEG, checked by `shared::dossier::check_photo` on
//! the server).

use crate::format::beijing;
use leptos::prelude::*;
use shared::dossier::{photo_rule_text, PHOTO_MAX_BYTES};
use shared::dto::application::PhotoInfo;
use wasm_bindgen::JsCast;

/// A `blob:` URL for JPEG bytes, released when the view goes away.
fn object_url(bytes: &[u8]) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/jpeg");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let release = url.clone();
    on_cleanup(move || {
        let _ = web_sys::Url::revoke_object_url(&release);
    });
    Some(url)
}

/// The bytes of the file chosen in a file input.
pub(crate) async fn chosen_file(input: web_sys::HtmlInputElement) -> Option<Vec<u8>> {
    let file = input.files()?.get(0)?;
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

#[component]
fn PhotoImage(info: PhotoInfo, image: Signal<Option<Result<Vec<u8>, String>>>) -> impl IntoView {
    let text = format!(
        "{}×{} 像素，{} KB，上传于 {}",
        info.width,
        info.height,
        (info.bytes + 1023) / 1024,
        beijing(&info.uploaded_at, true)
    );
    view! {
        <figure class="photo">
            {move || match image.get() {
                None => view! { <p class="loading">"正在加载照片…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="notice notice-error">{e}</p> }.into_any(),
                Some(Ok(bytes)) => match object_url(&bytes) {
                    Some(url) => view! { <img id="photo-image" src=url alt="学位照片" width="150" /> }.into_any(),
                    None => view! { <p class="notice notice-error">"照片无法显示。"</p> }.into_any(),
                },
            }}
            <figcaption class="hint" id="photo-info">{text}</figcaption>
        </figure>
    }
}

/// `image` is the uploaded photo's bytes (`None` while loading);
/// `on_file` gets a chosen file that is small enough to send; `error` is
/// shown beside the input (the page sets the server's refusal, this card
/// an unreadable or too large file).
#[component]
pub fn PhotoCard(
    info: Option<PhotoInfo>,
    editable: bool,
    image: Signal<Option<Result<Vec<u8>, String>>>,
    uploading: Signal<bool>,
    error: RwSignal<Option<String>>,
    on_file: Callback<Vec<u8>>,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let on_change = move |_| {
        let Some(element) = input.get() else {
            return;
        };
        let element: web_sys::HtmlInputElement = element.unchecked_into();
        leptos::task::spawn_local(async move {
            match chosen_file(element).await {
                None => error.set(Some("无法读取所选文件。".to_owned())),
                // Say so at once rather than send a file the server refuses.
                Some(bytes) if bytes.len() > PHOTO_MAX_BYTES => error.set(Some(format!(
                    "照片文件不能超过 {} KB",
                    PHOTO_MAX_BYTES / 1024
                ))),
                Some(bytes) => on_file.run(bytes),
            }
        });
    };
    let has_photo = info.is_some();
    view! {
        <section class="card" id="photo">
            <h2>"学位照片" {editable.then_some(" *")}</h2>
            {match info {
                Some(info) => view! { <PhotoImage info=info image=image /> }.into_any(),
                None => view! { <p class="empty" id="photo-missing">"尚未上传学位照片。"</p> }.into_any(),
            }}
            {editable.then(|| view! {
                <div class="form-row">
                    <label for="photo-file">{if has_photo { "更换照片" } else { "上传照片" }}</label>
                    <input type="file" id="photo-file" accept="image/jpeg,.jpg,.jpeg" node_ref=input
                        disabled=move || uploading.get() on:change=on_change />
                    <span class="hint">{photo_rule_text()}</span>
                    {move || uploading.get().then(|| view! { <span class="loading">"正在上传…"</span> })}
                    {move || error.get().map(|e| view! { <span class="field-error" role="alert" id="photo-error">{e}</span> })}
                </div>
            })}
        </section>
    }
}
