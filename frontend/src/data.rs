//! How route pages talk to the server: [`Loaded`] draws data that is
//! loading, failed or there; [`Mutation`] runs a change and hands its
//! outcome to the page (which then refreshes through a [`Reload`]).

use crate::session::use_app;
use leptos::prelude::*;
use shared::client::{Client, ClientError};
use std::future::Future;

/// Data a page loads: `None` while the answer has not come (or there is
/// nothing to ask for yet), then the server's answer.
pub struct Loading<T: Send + Sync + 'static>(Signal<Option<Result<T, ClientError>>>);

impl<T: Send + Sync + 'static> Clone for Loading<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loading<T> {}

impl<T> From<LocalResource<Result<T, ClientError>>> for Loading<T>
where
    T: Clone + Send + Sync + 'static,
{
    fn from(resource: LocalResource<Result<T, ClientError>>) -> Self {
        Loading(Signal::derive(move || resource.get()))
    }
}

impl<T> Loading<T>
where
    T: Clone + Send + Sync + 'static,
{
    /// A resource that answers `Ok(None)` while it has nothing to ask for
    /// (no training unit chosen yet): shown as loading until it has.
    pub fn once_asked(resource: LocalResource<Result<Option<T>, ClientError>>) -> Self {
        Loading(Signal::derive(move || {
            resource.get().and_then(Result::transpose)
        }))
    }
}

/// Draws “正在加载…” while `data` loads, the failure (as an alert, in the
/// words of [`crate::session::AppCtx::failure`]) if it failed, and
/// `children` with the data once it is there. `on_error` may draw a failure
/// the page expects instead (e.g. 尚未开通 for `filing_not_opened`); when it
/// answers `None` the usual alert is shown.
#[component]
pub fn Loaded<T, F, V>(
    #[prop(into)] data: Loading<T>,
    #[prop(optional)] on_error: Option<Callback<ClientError, Option<AnyView>>>,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let app = use_app();
    move || match data.0.get() {
        None => view! { <p class="loading">"正在加载…"</p> }.into_any(),
        Some(Err(e)) => on_error.and_then(|f| f.run(e.clone())).unwrap_or_else(|| {
            view! { <div class="notice notice-error" role="alert">{app.failure(&e)}</div> }
                .into_any()
        }),
        Some(Ok(d)) => children(d).into_any(),
    }
}

/// A counter that a page's resources track: bump it to load them again.
#[derive(Clone, Copy)]
pub struct Reload(RwSignal<u32>);

impl Reload {
    pub fn new() -> Self {
        Reload(RwSignal::new(0))
    }

    /// Call inside a resource's fetcher: it loads again on every bump.
    pub fn track(self) {
        self.0.track();
    }

    pub fn bump(self) {
        self.0.update(|n| *n = n.wrapping_add(1));
    }

    /// The bump as a callback, for components that ask for a refresh.
    pub fn callback(self) -> Callback<()> {
        Callback::new(move |_| self.bump())
    }
}

/// A change the user starts (save, step, upload …): `call` sends it with a
/// client signed in as the user; when the server has answered, `on_ok` gets
/// the result (typically: say so and [`Reload::bump`]) or `on_err` the
/// failure (typically: show [`crate::session::AppCtx::failure`]).
pub struct Mutation<I: 'static, O: 'static> {
    action: Action<I, Result<O, ClientError>>,
}

impl<I: 'static, O: 'static> Clone for Mutation<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static, O: 'static> Copy for Mutation<I, O> {}

impl<I, O> Mutation<I, O>
where
    I: Clone + 'static,
    O: Clone + 'static,
{
    pub fn new<Fu>(
        call: impl Fn(Client, I) -> Fu + 'static,
        on_ok: impl Fn(O) + 'static,
        on_err: impl Fn(ClientError) + 'static,
    ) -> Self
    where
        Fu: Future<Output = Result<O, ClientError>> + 'static,
    {
        let app = use_app();
        let action = Action::new_local(move |input: &I| call(app.client(), input.clone()));
        Effect::new(move |_| {
            if let Some(result) = action.value().get() {
                match result {
                    Ok(o) => on_ok(o),
                    Err(e) => on_err(e),
                }
            }
        });
        Mutation { action }
    }

    pub fn run(self, input: I) {
        self.action.dispatch_local(input);
    }

    /// Sent and not yet answered (buttons are disabled meanwhile).
    pub fn pending(self) -> Signal<bool> {
        self.action.pending().into()
    }
}

/// The usual `on_err`: the failure's message into `error`.
pub fn show_failure(error: RwSignal<Option<String>>) -> impl Fn(ClientError) + Copy + 'static {
    let app = use_app();
    move |e| error.set(Some(app.failure(&e)))
}
