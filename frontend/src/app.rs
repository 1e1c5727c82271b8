use crate::components::layout::Layout;
use crate::pages::{
    applications::{ApplicationDetailPage, ApplicationsPage},
    audit::AuditPage,
    batches::BatchesPage,
    confirm::ConfirmPage,
    home::HomePage,
    instructions::InstructionsPage,
    login::LoginPage,
    my_record::MyRecordPage,
    roster::RosterPage,
    sync::SyncPage,
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
                    <Route path=path!("confirm") view=ConfirmPage />
                    <Route path=path!("roster") view=RosterPage />
                    <Route path=path!("applications") view=ApplicationsPage />
                    <Route path=path!("applications/:id") view=ApplicationDetailPage />
                    <Route path=path!("instructions") view=InstructionsPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
