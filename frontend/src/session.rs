//! The signed-in session (token and user), kept in localStorage, and the
//! current batch shown in the banner. Both are contexts.

use leptos::prelude::*;
use shared::client::{Client, ClientError};
use shared::dto::auth::{LoginResponse, Me};
use shared::dto::batch::Batch;
use shared::error::ErrorCode;

const STORAGE_KEY: &str = "degree.session";

#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct Session {
    pub token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub me: Me,
}

/// Shared state of the app.
#[derive(Clone, Copy)]
pub struct AppCtx {
    pub session: RwSignal<Option<Session>>,
    /// A message for the login page (e.g. the session expired).
    pub notice: RwSignal<Option<String>>,
    pub current_batch: RwSignal<Option<Batch>>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

impl AppCtx {
    pub fn new() -> Self {
        let saved = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|json| serde_json::from_str::<Session>(&json).ok());
        let ctx = Self {
            session: RwSignal::new(None),
            notice: RwSignal::new(None),
            current_batch: RwSignal::new(None),
        };
        match saved {
            Some(s) if s.expires_at > chrono::Utc::now() => ctx.session.set(Some(s)),
            Some(_) => ctx.sign_out(Some(ErrorCode::TokenExpired.default_message().to_owned())),
            None => {}
        }
        ctx
    }

    pub fn sign_in(&self, resp: LoginResponse) {
        let session = Session {
            token: resp.token,
            expires_at: resp.expires_at,
            me: resp.me,
        };
        if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(&session)) {
            let _ = s.set_item(STORAGE_KEY, &json);
        }
        self.notice.set(None);
        self.session.set(Some(session));
    }

    pub fn sign_out(&self, notice: Option<String>) {
        if let Some(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
        self.notice.set(notice);
        self.current_batch.set(None);
        self.session.set(None);
    }

    /// A client for the server this page came from, signed in if possible.
    pub fn client(&self) -> Client {
        let client = Client::new(origin());
        match self.session.get_untracked() {
            Some(s) => client.with_token(s.token),
            None => client,
        }
    }

    /// The message to show for a failed call. A dead session signs out and
    /// returns to the login page with the reason.
    pub fn failure(&self, err: &ClientError) -> String {
        let msg = err.user_message();
        if matches!(
            err.code(),
            Some(
                ErrorCode::TokenExpired
                    | ErrorCode::InvalidToken
                    | ErrorCode::Unauthenticated
                    | ErrorCode::AccountDisabled
            )
        ) {
            self.sign_out(Some(msg.clone()));
        }
        msg
    }

    /// Reload the current batch for the banner.
    pub fn refresh_batch(&self) {
        let ctx = *self;
        leptos::task::spawn_local(async move {
            match ctx.client().current_batch().await {
                Ok(c) => ctx.current_batch.set(c.batch),
                Err(e) => {
                    ctx.failure(&e);
                }
            }
        });
    }
}

pub fn use_app() -> AppCtx {
    expect_context::<AppCtx>()
}
