//! One module per resource, one handler per endpoint:
//! parse → authorize → database → DTO.

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod batches;
pub mod degree_data;
pub mod filing;
pub mod final_review;
pub mod groups;
pub mod health;
pub mod instructions;
pub mod messages;
pub mod prelim;
pub mod students;
pub mod subcommittee;
pub mod sync;
pub mod verification;

use utoipa_actix_web::service_config::ServiceConfig;

/// Most students or applications one bulk request may name.
pub const MAX_BULK: usize = 2000;

/// Every API endpoint, registered under `/api`. The OpenAPI document is
/// collected from exactly these registrations.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::health)
        .service(health::ready)
        .service(auth::login)
        .service(auth::current_user)
        .service(auth::change_password)
        .service(batches::list)
        .service(batches::current)
        .service(batches::get)
        .service(batches::create)
        .service(batches::advance)
        .service(audit::list)
        .service(sync::sync_student)
        .service(sync::sync_unit)
        .service(sync::sync_roster)
        .service(sync::list_runs)
        .service(sync::get_run)
        .service(students::synced)
        .service(students::units)
        .service(filing::roster::roster)
        .service(filing::save::save_filing)
        .service(filing::list::list)
        .service(filing::steps::bulk_step)
        .service(filing::dossier::mine)
        .service(filing::dossier::get)
        .service(filing::dossier::update_dossier)
        .service(filing::photo::upload_photo)
        .service(filing::photo::photo)
        .service(filing::steps::take_step)
        .service(filing::history::history)
        .service(messages::list)
        .service(messages::mark_read)
        .service(instructions::get)
        .service(instructions::update)
        .service(prelim::committee::get)
        .service(prelim::committee::add_member)
        .service(prelim::committee::edit_member)
        .service(prelim::committee::remove_member)
        .service(prelim::committee::grant_portal)
        .service(prelim::committee::withdraw_portal)
        .service(prelim::review::list)
        .service(prelim::review::give_opinion)
        .service(prelim::meeting::get)
        .service(prelim::meeting::save)
        .service(prelim::results::record)
        .service(prelim::voting_list::get)
        .service(prelim::voting_list::xlsx)
        .service(prelim::rules::get)
        .service(prelim::rules::update)
        .service(prelim::submission::overview)
        .service(prelim::submission::status)
        .service(prelim::submission::submit)
        .service(prelim::submission::reopen)
        .service(verification::list::list)
        .service(verification::list::review_record)
        .service(verification::flags::raise)
        .service(verification::flags::list)
        .service(verification::flags::close)
        .service(verification::corrections::record)
        .service(verification::corrections::list)
        .service(verification::corrections::attach)
        .service(verification::corrections::attachment)
        .service(verification::corrections::decide)
        .service(verification::corrections::apply_many)
        .service(verification::corrections::apply)
        .service(subcommittee::committee::get)
        .service(subcommittee::committee::add_member)
        .service(subcommittee::committee::edit_member)
        .service(subcommittee::committee::remove_member)
        .service(subcommittee::committee::grant_portal)
        .service(subcommittee::committee::withdraw_portal)
        .service(subcommittee::review::applicants)
        .service(subcommittee::review::meeting)
        .service(subcommittee::review::save_meeting)
        .service(subcommittee::review::results)
        .service(subcommittee::review::notify)
        .service(groups::overview)
        .service(groups::assign_major)
        .service(final_review::decisions::overview)
        .service(final_review::decisions::applicants)
        .service(final_review::decisions::accept)
        .service(final_review::decisions::decide)
        .service(final_review::decisions::meeting)
        .service(final_review::decisions::save_meeting)
        .service(final_review::hearings::propose)
        .service(final_review::hearings::list)
        .service(final_review::hearings::answer)
        .service(final_review::hearings::record)
        .service(final_review::hearings::mine)
        .service(degree_data::code_tables)
        .service(degree_data::certificates)
        .service(degree_data::issue)
        .service(degree_data::numbers_of)
        .service(degree_data::revoke)
        .service(degree_data::notices)
        .service(degree_data::send_notices)
        .service(degree_data::unit_notice)
        .service(degree_data::unit_notice_xlsx)
        .service(degree_data::announcement)
        .service(degree_data::publish)
        .service(degree_data::unpublish)
        .service(degree_data::public_list)
        .service(degree_data::public_one)
        .service(degree_data::check_report)
        .service(degree_data::report)
        .service(degree_data::produce)
        .service(degree_data::download)
        .service(auth::methods)
        .service(auth::portal_login)
        .service(accounts::public_units)
        .service(accounts::register)
        .service(accounts::registrations)
        .service(accounts::decide)
        .service(accounts::unit_accounts)
        .service(accounts::set_unit_roles)
        .service(accounts::users)
        .service(accounts::set_active)
        .service(accounts::reset_password)
        .service(accounts::set_grants)
        .service(admin::units)
        .service(admin::create_unit)
        .service(admin::update_unit)
        .service(admin::groups)
        .service(admin::create_group)
        .service(admin::update_group)
        .service(admin::settings);
}
