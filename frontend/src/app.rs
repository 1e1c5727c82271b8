use crate::components::layout::Layout;
use crate::pages::{
    audit::AuditPage, batches::BatchesPage, home::HomePage, login::LoginPage,
    my_record::MyRecordPage, sync::SyncPage,
};
use crate::session::AppCtx;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    provide_context(AppCtx::new());
    view! {
        <Router>
            <Routes fallback=|| view! { <p class="empty">"页面不存在"</p> }>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=Layout>
                    <Route path=path!("") view=HomePage />
                    <Route path=path!("batches") view=BatchesPage />
                    <Route path=path!("audit") view=AuditPage />
                    <Route path=path!("sync") view=SyncPage />
                    <Route path=path!("my-record") view=MyRecordPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
