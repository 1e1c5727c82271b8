//! Not a route: one application's dossier with what it needs from the
//! server — the field history, the photo, and the save, sync, step and
//! upload mutations — drawn by `components::dossier`. Used by 学位信息
//! (the student) and the unit's detail page below 申请学位学生.

use crate::components::confirm::ConfirmDialog;
use crate::components::dossier::{DossierHandles, DossierView, HistoryTable, Notice, Tab};
use crate::data::{Loaded, Mutation};
use crate::session::use_app;
use leptos::prelude::*;
use shared::client::ClientError;
use shared::dossier::{FilledField, FilledValues, PHOTO_FIELD};
use shared::dto::application::{ApplicationStep, Dossier, DossierUpdate};
use shared::dto::sync::SyncStatus;
use shared::dto::PageQuery;
use shared::error::{ErrorCode, FieldError};
use shared::workflow::Action;

/// The workflow steps this page offers as buttons, when the server allows
/// them (filling and 信息确认 have their own controls).
const STEPS: [Action; 4] = [
    Action::ReopenForStudent,
    Action::MarkReviewed,
    Action::UnmarkReviewed,
    Action::SendBack,
];

const HISTORY_PER_PAGE: i64 = 20;

/// The dossier `d`; after each change the page's `refresh` loads it anew,
/// and `notice` says what happened.
#[component]
pub fn ApplicationDossier(
    d: Dossier,
    refresh: Callback<()>,
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let app = use_app();
    let id = d.application.id;
    let version = d.application.version;
    let student = d.synced.student_id;

    let tab = RwSignal::new(Tab::Info);
    let history_page = RwSignal::new(1_i64);
    let history = LocalResource::new(move || {
        let open = tab.get() == Tab::History;
        let q = PageQuery {
            page: Some(history_page.get()),
            per_page: Some(HISTORY_PER_PAGE),
        };
        async move {
            match open {
                true => app.client().history(id, q).await.map(Some),
                false => Ok(None),
            }
        }
    });
    let has_photo = d.photo.is_some();
    let photo = LocalResource::new(move || async move {
        match has_photo {
            true => app.client().photo(id).await.map(Some),
            false => Ok(None),
        }
    });

    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let photo_error = RwSignal::new(None::<String>);
    let say = move |ok: bool, text: String| {
        notice.set(Some(Notice {
            ok,
            text,
            stale: false,
        }))
    };
    let succeeded = move |text: String| {
        field_errors.set(Vec::new());
        photo_error.set(None);
        say(true, text);
        refresh.run(());
    };
    let failed = move |e: ClientError| {
        let mut stale = false;
        if let ClientError::Api { body, .. } = &e {
            field_errors.set(body.fields.clone());
            stale = body.code == ErrorCode::StaleVersion;
        }
        notice.set(Some(Notice {
            ok: false,
            text: app.failure(&e),
            stale,
        }));
    };

    let save = Mutation::new(
        move |client, values: FilledValues| {
            let fields = FilledField::all()
                .map(|f| {
                    let v = values.get(&f).cloned().unwrap_or_default();
                    (f.as_str().to_owned(), serde_json::Value::String(v))
                })
                .collect();
            async move {
                client
                    .update_dossier(id, &DossierUpdate { version, fields })
                    .await
            }
        },
        move |_| succeeded("已保存。".to_owned()),
        failed,
    );
    let sync = Mutation::new(
        move |client, _: ()| async move { client.sync_student(student).await },
        move |run| match run.status {
            SyncStatus::Succeeded => {
                succeeded("同步完成：已从学籍、教师、教务、培养系统导入最新数据。".to_owned())
            }
            _ => {
                let reasons = run
                    .failures
                    .iter()
                    .map(|f| f.reason.clone())
                    .collect::<Vec<_>>()
                    .join("；");
                say(false, format!("同步失败，数据未改变：{reasons}"));
            }
        },
        failed,
    );
    let asking = RwSignal::new(None::<Action>);
    let step = Mutation::new(
        move |client, action: Action| async move {
            client.step(id, &ApplicationStep { version, action }).await
        },
        move |d| {
            asking.set(None);
            succeeded(format!("已完成。当前状态：{}", d.application.state.label()));
        },
        move |e| {
            asking.set(None);
            failed(e);
        },
    );
    let upload = Mutation::new(
        move |client, bytes: Vec<u8>| async move { client.upload_photo(id, version, bytes).await },
        move |_| succeeded("学位照片已上传。".to_owned()),
        move |e| {
            // A refused photo is said beside the input; a stale version
            // also above, with the offer to reload.
            let refusal = match &e {
                ClientError::Api { body, .. } => body
                    .fields
                    .iter()
                    .find(|f| f.field == PHOTO_FIELD)
                    .map(|f| f.message.clone()),
                _ => None,
            };
            if e.code() == Some(ErrorCode::StaleVersion) {
                failed(e.clone());
            }
            photo_error.set(Some(refusal.unwrap_or_else(|| app.failure(&e))));
        },
    );

    let handles = DossierHandles {
        save: Callback::new(move |values| save.run(values)),
        sync: Callback::new(move |_| sync.run(())),
        step: Callback::new(move |a: Action| match a.confirm_warning() {
            Some(_) => asking.set(Some(a)),
            None => step.run(a),
        }),
        upload: Callback::new(move |bytes| upload.run(bytes)),
        saving: save.pending(),
        syncing: sync.pending(),
        stepping: step.pending(),
        uploading: upload.pending(),
        field_errors: field_errors.into(),
        photo_error,
        photo: Signal::derive(move || {
            photo
                .get()
                .and_then(Result::transpose)
                .map(|r| r.map_err(|e| app.failure(&e)))
        }),
    };
    let steps: Vec<Action> = STEPS
        .into_iter()
        .filter(|a| d.allowed_actions.contains(a))
        .collect();
    view! {
        <DossierView d=d steps=steps handles=handles tab=tab history=move || view! {
            <Loaded data=crate::data::Loading::once_asked(history) let:changes>
                <HistoryTable changes=changes page=history_page on_page=Callback::new(move |p| history_page.set(p)) />
            </Loaded>
        } />
        {move || asking.get().map(|a| view! {
            <ConfirmDialog
                title=a.label().to_owned()
                message=a.confirm_warning().unwrap_or_default().to_owned()
                confirm_label="确定".to_owned()
                busy=step.pending()
                on_confirm=Callback::new(move |_| step.run(a))
                on_cancel=Callback::new(move |_| asking.set(None))
            />
        })}
    }
}
