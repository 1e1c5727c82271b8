//! The degree photo (学位照片) of a dossier: shown from the server, and
//! uploaded (JPEG, checked by `shared::dossier::check_photo` on the server)
//! while the dossier may be edited.

use crate::components::dossier::Notice;
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::client::ClientError;
use shared::dossier::{photo_rule_text, PHOTO_FIELD, PHOTO_MAX_BYTES};
use shared::dto::application::{Dossier, PhotoInfo};
use shared::ids::ApplicationId;
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
async fn chosen_file(input: web_sys::HtmlInputElement) -> Option<Vec<u8>> {
    let file = input.files()?.get(0)?;
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

#[component]
fn PhotoImage(id: ApplicationId, info: PhotoInfo) -> impl IntoView {
    let app = use_app();
    let image = LocalResource::new(move || async move { app.client().photo(id).await });
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
                Some(Err(e)) => view! { <p class="notice notice-error">{app.failure(&e)}</p> }.into_any(),
                Some(Ok(bytes)) => match object_url(&bytes) {
                    Some(url) => view! { <img id="photo-image" src=url alt="学位照片" width="150" /> }.into_any(),
                    None => view! { <p class="notice notice-error">"照片无法显示。"</p> }.into_any(),
                },
            }}
            <figcaption class="hint" id="photo-info">{text}</figcaption>
        </figure>
    }
}

#[component]
pub fn PhotoCard(
    d: Dossier,
    refresh: Callback<()>,
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let app = use_app();
    let id = d.application.id;
    let version = d.application.version;
    let editable = d.editable;
    let error = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    let upload = Action::new_local(move |bytes: &Vec<u8>| {
        let bytes = bytes.clone();
        async move { app.client().upload_photo(id, version, bytes).await }
    });
    Effect::new(move |_| {
        if let Some(result) = upload.value().get() {
            match result {
                Ok(_) => {
                    error.set(None);
                    notice.set(Some(Notice {
                        ok: true,
                        text: "学位照片已上传。".to_owned(),
                        stale: false,
                    }));
                    refresh.run(());
                }
                Err(e) => {
                    let field = match &e {
                        ClientError::Api { body, .. } => body
                            .fields
                            .iter()
                            .find(|f| f.field == PHOTO_FIELD)
                            .map(|f| f.message.clone()),
                        _ => None,
                    };
                    let stale = e.code() == Some(shared::error::ErrorCode::StaleVersion);
                    error.set(Some(field.unwrap_or_else(|| app.failure(&e))));
                    if stale {
                        notice.set(Some(Notice {
                            ok: false,
                            text: app.failure(&e),
                            stale,
                        }));
                    }
                }
            }
        }
    });
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
                Some(bytes) => {
                    upload.dispatch_local(bytes);
                }
            }
        });
    };
    view! {
        <section class="card" id="photo">
            <h2>"学位照片" {editable.then_some(" *")}</h2>
            {match d.photo.clone() {
                Some(info) => view! { <PhotoImage id=id info=info /> }.into_any(),
                None => view! { <p class="empty" id="photo-missing">"尚未上传学位照片。"</p> }.into_any(),
            }}
            {editable.then(|| view! {
                <div class="form-row">
                    <label for="photo-file">{if d.photo.is_some() { "更换照片" } else { "上传照片" }}</label>
                    <input type="file" id="photo-file" accept="image/jpeg,.jpg,.jpeg" node_ref=input
                        disabled=move || upload.pending().get() on:change=on_change />
                    <span class="hint">{photo_rule_text()}</span>
                    {move || upload.pending().get().then(|| view! { <span class="loading">"正在上传…"</span> })}
                    {move || error.get().map(|e| view! { <span class="field-error" role="alert" id="photo-error">{e}</span> })}
                </div>
            })}
        </section>
    }
}
