//! The router and the app's contexts. Every route's path comes from
//! [`crate::routes`], i.e. from `shared::authz::Page::path()`.

use crate::components::layout::Layout;
use crate::pages::{
    admin, common, degree_data, filing, final_review, prelim, student, verification,
};
use crate::routes;
use crate::session::AppCtx;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;
use shared::authz::Page;

#[component]
pub fn App() -> impl IntoView {
    let app = AppCtx::new();
    provide_context(app);
    // The current batch for the banner, whenever someone signs in.
    Effect::new(move |_| {
        if app.session.with(Option::is_some) {
            app.refresh_batch();
        }
    });
    view! {
        <Router>
            <Routes fallback=|| view! { <p class="empty">"页面不存在"</p> }>
                <Route path=routes::login() view=common::login::LoginPage />
                <Route path=routes::portal_return() view=common::portal::PortalReturnPage />
                <Route path=routes::register() view=common::register::RegisterPage />
                <Route path=routes::announcements() view=degree_data::announcement::AnnouncementsPage />
                <Route path=routes::announcement() view=degree_data::announcement::AnnouncementPage />
                <ParentRoute path=path!("") view=Layout>
                    <Route path=routes::page(Page::Home) view=common::home::HomePage />
                    <Route path=routes::page(Page::Instructions) view=common::instructions::InstructionsPage />
                    <Route path=routes::page(Page::MyRecord) view=student::my_record::MyRecordPage />
                    <Route path=routes::page(Page::Confirm) view=student::confirm::ConfirmPage />
                    <Route path=routes::page(Page::Roster) view=filing::roster::RosterPage />
                    <Route path=routes::page(Page::Applications) view=filing::applications::ApplicationsPage />
                    <Route path=routes::application() view=filing::application_detail::ApplicationDetailPage />
                    <Route path=routes::password() view=common::password::PasswordPage />
                    <Route path=routes::page(Page::Committee) view=prelim::committee::CommitteePage />
                    <Route path=routes::page(Page::PrelimReview) view=prelim::review::PrelimReviewPage />
                    <Route path=routes::review() view=filing::application_detail::ReviewDossierPage />
                    <Route path=routes::page(Page::PrelimMeeting) view=prelim::meeting::PrelimMeetingPage />
                    <Route path=routes::page(Page::PrelimResults) view=prelim::results::PrelimResultsPage />
                    <Route path=routes::voting_list() view=prelim::voting_list::VotingListPage />
                    <Route path=routes::page(Page::Submission) view=prelim::submission::SubmissionPage />
                    <Route path=routes::page(Page::FinalCheck) view=prelim::submission::FinalCheckPage />
                    <Route path=routes::page(Page::Submissions) view=prelim::office::SubmissionsPage />
                    <Route path=routes::page(Page::CommitteeRules) view=prelim::office::CommitteeRulesPage />
                    <Route path=routes::page(Page::Verification) view=verification::list::VerificationListPage />
                    <Route path=routes::verification() view=filing::application_detail::VerificationDossierPage />
                    <Route path=routes::page(Page::Flags) view=verification::flags::FlagsPage />
                    <Route path=routes::page(Page::Corrections) view=verification::corrections::CorrectionsPage />
                    <Route path=routes::page(Page::Groups) view=final_review::groups::GroupsPage />
                    <Route path=routes::page(Page::Subcommittee) view=prelim::committee::SubcommitteePage />
                    <Route path=routes::page(Page::SubReview) view=prelim::review::SubReviewPage />
                    <Route path=routes::dossier(Page::SubReview) view=filing::application_detail::SubReviewDossierPage />
                    <Route path=routes::page(Page::SubMeeting) view=prelim::meeting::SubMeetingPage />
                    <Route path=routes::page(Page::SubResults) view=prelim::results::SubResultsPage />
                    <Route path=routes::page(Page::FinalReview) view=final_review::overview::FinalReviewPage />
                    <Route path=routes::page(Page::Hearings) view=final_review::hearings::HearingsPage />
                    <Route path=routes::page(Page::MyDecision) view=final_review::my_decision::MyDecisionPage />
                    <Route path=routes::page(Page::DegreeData) view=degree_data::manage::DegreeDataPage />
                    <Route path=routes::page(Page::DegreeNotice) view=degree_data::notice::DegreeNoticePage />
                    <Route path=routes::page(Page::Batches) view=admin::batches::BatchesPage />
                    <Route path=routes::page(Page::Sync) view=admin::sync::SyncPage />
                    <Route path=routes::page(Page::Audit) view=admin::audit::AuditPage />
                    <Route path=routes::page(Page::UnitAccounts) view=admin::accounts::UnitAccountsPage />
                    <Route path=routes::page(Page::Users) view=admin::users::UsersPage />
                    <Route path=routes::page(Page::Units) view=admin::units::UnitsPage />
                    <Route path=routes::page(Page::Settings) view=admin::settings::SettingsPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
