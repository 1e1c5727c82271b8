//! The refusal matrix: every endpoint of `backend::routes::configure` ×
//! anonymous and every role in its own and the other scope, answered by the
//! real server. The expected table is the insta snapshot
//! `snapshots/api__matrix__endpoint_role_matrix.snap`: a rule change, or a
//! new endpoint, shows up as a reviewable diff.
//!
//! One line per endpoint × actor: `ok` (2xx) or `<status> <error code>`.
//! Writes are harmless: they change nothing (an empty dossier edit, a stale
//! batch version, a filing tick for an already-open student…), or they are
//! undone after each cell (a workflow step is put back with `set_stage`).
//! Rows on the submitted application come last: submitting it marks the
//! whole unit as submitted, which would change the unit admin's answers on
//! the other rows.
//!
//! To add an endpoint, add a [`Row`] to [`rows`] and re-run
//! `INSTA_UPDATE=always cargo test -p degree-tests --test api matrix`, then
//! review the new lines.

use degree_tests::{Applicant, Fixture, TestApp, PASSWORD};
use diesel::prelude::*;
use reqwest::Method;
use serde_json::json;
use shared::client::Client;
use shared::domain::StudentKind;
use shared::dto::sync::SyncRun;
use shared::workflow::{Action, BatchPhase};
use std::fmt::Write;

/// Which fixture application a row acts on; its student is the own student.
/// In this order: the submitted one's rows come after the others, then the
/// rows after 封网, then those after the final review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    /// Filing, complete dossier and photo (academic master).
    Filled,
    /// 信息确认 done (academic doctor).
    Confirmed,
    /// 数据上报 (professional master, major mapped to groups[0]).
    Submitted,
    /// The submitted one, the batch sealed (封网), with a pending 纸质修改申请
    /// and its scan.
    Sealed,
    /// The submitted one, the batch in 学科群分会评审; the own sub_member
    /// actor holds a seat on groups[0]'s subcommittee.
    SubReview,
    /// The batch in 学位终审, the submitted one's 分会 result 未通过 and a
    /// refusal proposed to its student (a hearing).
    FinalReview,
    /// The submitted one, the batch completed, the request approved.
    Completed,
}

enum Body {
    None,
    Json(serde_json::Value),
    Jpeg,
}

struct Req {
    method: Method,
    path: String,
    body: Body,
}

fn req(method: Method, path: impl Into<String>) -> Req {
    Req {
        method,
        path: path.into(),
        body: Body::None,
    }
}

fn with_json(method: Method, path: impl Into<String>, body: serde_json::Value) -> Req {
    Req {
        body: Body::Json(body),
        ..req(method, path)
    }
}

struct World {
    app: TestApp,
    batch: shared::dto::batch::Batch,
    /// A sync run of units[0].
    run: i64,
    filled: Applicant,
    confirmed: Applicant,
    submitted: Applicant,
    /// A member of units[0]'s 学位初审委员会, whose login is the own
    /// prelim_member actor.
    member: i64,
    /// A 核查意见 on the submitted application (once submitted).
    flag: std::sync::OnceLock<i64>,
    /// A 纸质修改申请 on it (once sealed).
    correction: std::sync::OnceLock<i64>,
    /// The own sub_member actor's seat on groups[0]'s subcommittee.
    sub_member: i64,
    /// The hearing proposed to the submitted one's student (in 学位终审).
    hearing: std::sync::OnceLock<i64>,
    /// An account of units[0] (教育管理干部) that no actor signs in as.
    target: i64,
    /// A pending 备案 of units[0].
    registration: i64,
    http: reqwest::Client,
}

impl World {
    fn applicant(&self, t: Target) -> &Applicant {
        match t {
            Target::Filled => &self.filled,
            Target::Confirmed => &self.confirmed,
            Target::Submitted
            | Target::Sealed
            | Target::SubReview
            | Target::FinalReview
            | Target::Completed => &self.submitted,
        }
    }

    fn unit(&self) -> i64 {
        self.app.units[0].0
    }

    fn group(&self) -> i64 {
        self.app.groups[0].0
    }
}

struct Row {
    /// What the snapshot shows: method, path template, and what is sent.
    label: &'static str,
    target: Target,
    build: fn(&World, &Applicant) -> Req,
}

const fn row(label: &'static str, target: Target, build: fn(&World, &Applicant) -> Req) -> Row {
    Row {
        label,
        target,
        build,
    }
}

fn step(w: &World, a: &Applicant, action: Action) -> Req {
    with_json(
        Method::POST,
        format!("/api/v1/applications/{}/steps", a.application),
        json!({ "version": w.app.version_of(a.application), "action": action }),
    )
}

/// Every registered endpoint, in `routes::configure` order; rows on the
/// submitted application last.
fn rows() -> Vec<Row> {
    use Target::*;
    vec![
        row("GET  /api/health", Filled, |_, _| {
            req(Method::GET, "/api/health")
        }),
        row("GET  /api/ready", Filled, |_, _| {
            req(Method::GET, "/api/ready")
        }),
        row("GET  /api/v1/groups", Filled, |_, _| {
            req(Method::GET, "/api/v1/groups")
        }),
        row(
            "PUT  /api/v1/groups/majors (an unknown group)",
            Filled,
            |_, _| {
                with_json(
                    Method::PUT,
                    "/api/v1/groups/majors",
                    json!({ "major_code": "MATRIX", "group_id": 999999 }),
                )
            },
        ),
        row(
            "POST /api/v1/auth/login (the office's credentials)",
            Filled,
            |_, _| {
                with_json(
                    Method::POST,
                    "/api/v1/auth/login",
                    json!({ "username": "degree_office_0", "password": PASSWORD }),
                )
            },
        ),
        row("GET  /api/v1/me", Filled, |_, _| {
            req(Method::GET, "/api/v1/me")
        }),
        row("GET  /api/v1/batches", Filled, |_, _| {
            req(Method::GET, "/api/v1/batches")
        }),
        row("GET  /api/v1/batches/current", Filled, |_, _| {
            req(Method::GET, "/api/v1/batches/current")
        }),
        row("GET  /api/v1/batches/{id}", Filled, |w, _| {
            req(Method::GET, format!("/api/v1/batches/{}", w.batch.id))
        }),
        row("POST /api/v1/batches (one is active)", Filled, |_, _| {
            with_json(
                Method::POST,
                "/api/v1/batches",
                json!(backend::demo::batch()),
            )
        }),
        row(
            "POST /api/v1/batches/{id}/advance (stale version)",
            Filled,
            |w, _| {
                with_json(
                    Method::POST,
                    format!("/api/v1/batches/{}/advance", w.batch.id),
                    json!({ "to": BatchPhase::Sealed, "version": w.batch.version + 1000 }),
                )
            },
        ),
        row("GET  /api/v1/audit", Filled, |_, _| {
            req(Method::GET, "/api/v1/audit")
        }),
        row(
            "POST /api/v1/students/{id}/sync [filled]",
            Filled,
            |_, a| req(Method::POST, format!("/api/v1/students/{}/sync", a.student)),
        ),
        row(
            "POST /api/v1/students/{id}/sync [confirmed]",
            Confirmed,
            |_, a| req(Method::POST, format!("/api/v1/students/{}/sync", a.student)),
        ),
        row("POST /api/v1/units/{id}/sync", Filled, |w, _| {
            req(Method::POST, format!("/api/v1/units/{}/sync", w.unit()))
        }),
        row("POST /api/v1/units/{id}/roster/sync", Filled, |w, _| {
            req(
                Method::POST,
                format!("/api/v1/units/{}/roster/sync", w.unit()),
            )
        }),
        row("GET  /api/v1/sync/runs", Filled, |_, _| {
            req(Method::GET, "/api/v1/sync/runs")
        }),
        row("GET  /api/v1/sync/runs?unit_id={id}", Filled, |w, _| {
            req(
                Method::GET,
                format!("/api/v1/sync/runs?unit_id={}", w.unit()),
            )
        }),
        row(
            "GET  /api/v1/sync/runs/{id} (a run of the unit)",
            Filled,
            |w, _| req(Method::GET, format!("/api/v1/sync/runs/{}", w.run)),
        ),
        row(
            "GET  /api/v1/students/{id}/synced [filled]",
            Filled,
            |_, a| {
                req(
                    Method::GET,
                    format!("/api/v1/students/{}/synced", a.student),
                )
            },
        ),
        row("GET  /api/v1/units", Filled, |_, _| {
            req(Method::GET, "/api/v1/units")
        }),
        row("GET  /api/v1/units/{id}/roster", Filled, |w, _| {
            req(Method::GET, format!("/api/v1/units/{}/roster", w.unit()))
        }),
        row(
            "POST /api/v1/units/{id}/filing (tick an open one)",
            Filled,
            |w, a| {
                with_json(
                    Method::POST,
                    format!("/api/v1/units/{}/filing", w.unit()),
                    json!({ "open": [a.student], "cancel": [] }),
                )
            },
        ),
        row("GET  /api/v1/units/{id}/applications", Filled, |w, _| {
            req(
                Method::GET,
                format!("/api/v1/units/{}/applications", w.unit()),
            )
        }),
        row(
            "POST /api/v1/units/{id}/applications/steps (no-op)",
            Filled,
            |w, a| {
                with_json(
                    Method::POST,
                    format!("/api/v1/units/{}/applications/steps", w.unit()),
                    json!({ "action": Action::UnmarkReviewed, "ids": [a.application] }),
                )
            },
        ),
        row("GET  /api/v1/me/application [filled]", Filled, |_, _| {
            req(Method::GET, "/api/v1/me/application")
        }),
        row("GET  /api/v1/applications/{id} [filled]", Filled, |_, a| {
            req(
                Method::GET,
                format!("/api/v1/applications/{}", a.application),
            )
        }),
        row(
            "GET  /api/v1/applications/{id} [confirmed]",
            Confirmed,
            |_, a| {
                req(
                    Method::GET,
                    format!("/api/v1/applications/{}", a.application),
                )
            },
        ),
        row(
            "PUT  /api/v1/applications/{id}/dossier [filled] (no change)",
            Filled,
            |w, a| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/applications/{}/dossier", a.application),
                    json!({ "version": w.app.version_of(a.application), "fields": {} }),
                )
            },
        ),
        row(
            "PUT  /api/v1/applications/{id}/photo [filled] (same photo)",
            Filled,
            |w, a| Req {
                body: Body::Jpeg,
                ..req(
                    Method::PUT,
                    format!(
                        "/api/v1/applications/{}/photo?version={}",
                        a.application,
                        w.app.version_of(a.application)
                    ),
                )
            },
        ),
        row(
            "GET  /api/v1/applications/{id}/photo [filled]",
            Filled,
            |_, a| {
                req(
                    Method::GET,
                    format!("/api/v1/applications/{}/photo", a.application),
                )
            },
        ),
        row(
            "POST /api/v1/applications/{id}/steps confirm [filled] (undone)",
            Filled,
            |w, a| step(w, a, Action::Confirm),
        ),
        row(
            "POST /api/v1/applications/{id}/steps mark_reviewed [confirmed] (undone)",
            Confirmed,
            |w, a| step(w, a, Action::MarkReviewed),
        ),
        row(
            "GET  /api/v1/applications/{id}/history [filled]",
            Filled,
            |_, a| {
                req(
                    Method::GET,
                    format!("/api/v1/applications/{}/history", a.application),
                )
            },
        ),
        row("GET  /api/v1/me/messages", Filled, |_, _| {
            req(Method::GET, "/api/v1/me/messages")
        }),
        row("POST /api/v1/me/messages/read", Filled, |_, _| {
            req(Method::POST, "/api/v1/me/messages/read")
        }),
        row("GET  /api/v1/instructions", Filled, |_, _| {
            req(Method::GET, "/api/v1/instructions")
        }),
        row(
            "PUT  /api/v1/instructions (the same text)",
            Filled,
            |w, _| {
                let now = backend::db::instructions::get(&mut w.app.conn()).expect("instructions");
                with_json(
                    Method::PUT,
                    "/api/v1/instructions",
                    json!({ "version": now.version, "markdown": now.markdown }),
                )
            },
        ),
        row("GET  /api/v1/auth/methods", Filled, |_, _| {
            req(Method::GET, "/api/v1/auth/methods")
        }),
        row("POST /api/v1/auth/portal (a forged ticket)", Filled, |_, _| {
            with_json(
                Method::POST,
                "/api/v1/auth/portal",
                json!({ "ticket": "ST-forged" }),
            )
        }),
        row("GET  /api/v1/public/units", Filled, |_, _| {
            req(Method::GET, "/api/v1/public/units")
        }),
        row("POST /api/v1/registrations (empty fields)", Filled, |w, _| {
            with_json(
                Method::POST,
                "/api/v1/registrations",
                json!({ "unit_id": w.unit(), "name": "", "staff_no": "", "phone": "",
                        "email": "", "username": "", "password": "", "role": "unit_admin" }),
            )
        }),
        row("GET  /api/v1/units/{id}/registrations", Filled, |w, _| {
            req(
                Method::GET,
                format!("/api/v1/units/{}/registrations", w.unit()),
            )
        }),
        row(
            "POST /api/v1/registrations/{id}/decision (a rejection without its reason)",
            Filled,
            |w, _| {
                with_json(
                    Method::POST,
                    format!("/api/v1/registrations/{}/decision", w.registration),
                    json!({ "approve": false }),
                )
            },
        ),
        row("GET  /api/v1/units/{id}/accounts", Filled, |w, _| {
            req(Method::GET, format!("/api/v1/units/{}/accounts", w.unit()))
        }),
        row(
            "PUT  /api/v1/units/{unit}/accounts/{id}/roles (a stale version)",
            Filled,
            |w, _| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/units/{}/accounts/{}/roles", w.unit(), w.target),
                    json!({ "roles": ["unit_admin"], "version": -1 }),
                )
            },
        ),
        row("GET  /api/v1/users", Filled, |_, _| {
            req(Method::GET, "/api/v1/users")
        }),
        row(
            "POST /api/v1/users/{id}/active (already active)",
            Filled,
            |w, _| {
                with_json(
                    Method::POST,
                    format!("/api/v1/users/{}/active", w.target),
                    json!({ "active": true }),
                )
            },
        ),
        row("POST /api/v1/users/{id}/password-reset", Filled, |w, _| {
            req(
                Method::POST,
                format!("/api/v1/users/{}/password-reset", w.target),
            )
        }),
        row(
            "PUT  /api/v1/users/{id}/grants (a stale version)",
            Filled,
            |w, _| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/users/{}/grants", w.target),
                    json!({ "grants": [{ "role": "unit_admin", "scope": { "kind": "unit", "id": w.unit() } }], "version": -1 }),
                )
            },
        ),
        row("GET  /api/v1/admin/units", Filled, |_, _| {
            req(Method::GET, "/api/v1/admin/units")
        }),
        row("POST /api/v1/admin/units (an invalid code)", Filled, |_, _| {
            with_json(
                Method::POST,
                "/api/v1/admin/units",
                json!({ "code": "x", "name": "矩阵", "head_name": "矩阵" }),
            )
        }),
        row(
            "PUT  /api/v1/admin/units/{id} (an invalid code)",
            Filled,
            |w, _| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/admin/units/{}", w.unit()),
                    json!({ "code": "x", "name": "矩阵", "head_name": "矩阵" }),
                )
            },
        ),
        row("GET  /api/v1/admin/groups", Filled, |_, _| {
            req(Method::GET, "/api/v1/admin/groups")
        }),
        row("POST /api/v1/admin/groups (an invalid code)", Filled, |_, _| {
            with_json(
                Method::POST,
                "/api/v1/admin/groups",
                json!({ "code": "", "name": "矩阵" }),
            )
        }),
        row(
            "PUT  /api/v1/admin/groups/{id} (an invalid code)",
            Filled,
            |w, _| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/admin/groups/{}", w.group()),
                    json!({ "code": "", "name": "矩阵" }),
                )
            },
        ),
        row("GET  /api/v1/admin/settings", Filled, |_, _| {
            req(Method::GET, "/api/v1/admin/settings")
        }),
        row(
            "POST /api/v1/me/password (wrong current password)",
            Filled,
            |_, _| {
                with_json(
                    Method::POST,
                    "/api/v1/me/password",
                    json!({ "current_password": "wrong", "new_password": "Another-Pass-2" }),
                )
            },
        ),
        row("GET  /api/v1/units/{id}/committee", Filled, |w, _| {
            req(Method::GET, format!("/api/v1/units/{}/committee", w.unit()))
        }),
        row(
            "POST /api/v1/units/{id}/committee/members (no name)",
            Filled,
            |w, _| {
                with_json(
                    Method::POST,
                    format!("/api/v1/units/{}/committee/members", w.unit()),
                    json!({ "name": "", "title": "教授", "affiliation": "所", "position": "member" }),
                )
            },
        ),
        row(
            "PUT  /api/v1/units/{id}/committee/members/{member} (stale version)",
            Filled,
            |w, _| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/units/{}/committee/members/{}", w.unit(), w.member),
                    json!({ "name": "委员", "title": "教授", "affiliation": "所", "position": "member", "version": 1000 }),
                )
            },
        ),
        row(
            "DELETE /api/v1/units/{id}/committee/members/{member} (stale version)",
            Filled,
            |w, _| {
                req(
                    Method::DELETE,
                    format!(
                        "/api/v1/units/{}/committee/members/{}?version=1000",
                        w.unit(),
                        w.member
                    ),
                )
            },
        ),
        row(
            "POST /api/v1/units/{id}/committee/members/{member}/portal (stale version)",
            Filled,
            |w, _| {
                with_json(
                    Method::POST,
                    format!(
                        "/api/v1/units/{}/committee/members/{}/portal",
                        w.unit(),
                        w.member
                    ),
                    json!({ "version": 1000 }),
                )
            },
        ),
        row(
            "DELETE /api/v1/units/{id}/committee/members/{member}/portal (stale version)",
            Filled,
            |w, _| {
                req(
                    Method::DELETE,
                    format!(
                        "/api/v1/units/{}/committee/members/{}/portal?version=1000",
                        w.unit(),
                        w.member
                    ),
                )
            },
        ),
        row(
            "GET  /api/v1/units/{id}/prelim/applicants",
            Filled,
            |w, _| {
                req(
                    Method::GET,
                    format!("/api/v1/units/{}/prelim/applicants", w.unit()),
                )
            },
        ),
        row(
            "PUT  /api/v1/applications/{id}/opinion [confirmed] (not reviewed)",
            Confirmed,
            |_, a| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/applications/{}/opinion", a.application),
                    json!({ "opinion": "agree", "comment": "" }),
                )
            },
        ),
        row("GET  /api/v1/units/{id}/prelim/meeting", Filled, |w, _| {
            req(
                Method::GET,
                format!("/api/v1/units/{}/prelim/meeting", w.unit()),
            )
        }),
        row(
            "PUT  /api/v1/units/{id}/prelim/meeting (no quorum)",
            Filled,
            |w, _| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/units/{}/prelim/meeting", w.unit()),
                    json!({ "held_on": "2026-11-20", "place": "会议室", "members_total": 9, "members_present": 3, "minutes": "" }),
                )
            },
        ),
        row(
            "POST /api/v1/units/{id}/prelim/results [confirmed] (no meeting)",
            Confirmed,
            |w, a| {
                with_json(
                    Method::POST,
                    format!("/api/v1/units/{}/prelim/results", w.unit()),
                    json!({
                        "result": { "votes": { "yes": 3, "no": 0, "abstain": 0 }, "decision": "passed" },
                        "applications": [{ "id": a.application, "version": w.app.version_of(a.application) }]
                    }),
                )
            },
        ),
        row(
            "GET  /api/v1/units/{id}/prelim/voting-list (results missing)",
            Filled,
            |w, _| {
                req(
                    Method::GET,
                    format!("/api/v1/units/{}/prelim/voting-list", w.unit()),
                )
            },
        ),
        row(
            "GET  /api/v1/units/{id}/prelim/voting-list.xlsx (results missing)",
            Filled,
            |w, _| {
                req(
                    Method::GET,
                    format!("/api/v1/units/{}/prelim/voting-list.xlsx", w.unit()),
                )
            },
        ),
        row("GET  /api/v1/committee-rules/{kind}", Filled, |_, _| {
            req(Method::GET, "/api/v1/committee-rules/prelim")
        }),
        row(
            "PUT  /api/v1/committee-rules/{kind} (stale version)",
            Filled,
            |_, _| {
                with_json(
                    Method::PUT,
                    "/api/v1/committee-rules/prelim",
                    json!({ "version": 1000, "rule": shared::workflow::committee::DecisionRule::default() }),
                )
            },
        ),
        row("GET  /api/v1/submissions", Filled, |_, _| {
            req(Method::GET, "/api/v1/submissions")
        }),
        row("GET  /api/v1/units/{id}/submission", Filled, |w, _| {
            req(
                Method::GET,
                format!("/api/v1/units/{}/submission", w.unit()),
            )
        }),
        row(
            "POST /api/v1/units/{id}/submission (stale version)",
            Filled,
            |w, _| {
                with_json(
                    Method::POST,
                    format!("/api/v1/units/{}/submission", w.unit()),
                    json!({ "version": 1000 }),
                )
            },
        ),
        row(
            "POST /api/v1/units/{id}/submission/reopen (stale version)",
            Filled,
            |w, _| {
                with_json(
                    Method::POST,
                    format!("/api/v1/units/{}/submission/reopen", w.unit()),
                    json!({ "version": 1000, "reason": "核查" }),
                )
            },
        ),
        // The unit has submitted from here on.
        row(
            "GET  /api/v1/me/application [submitted]",
            Submitted,
            |_, _| req(Method::GET, "/api/v1/me/application"),
        ),
        row(
            "GET  /api/v1/applications/{id} [submitted]",
            Submitted,
            |_, a| {
                req(
                    Method::GET,
                    format!("/api/v1/applications/{}", a.application),
                )
            },
        ),
        row(
            "GET  /api/v1/applications/{id}/photo [submitted]",
            Submitted,
            |_, a| {
                req(
                    Method::GET,
                    format!("/api/v1/applications/{}/photo", a.application),
                )
            },
        ),
        row(
            "GET  /api/v1/applications/{id}/history [submitted]",
            Submitted,
            |_, a| {
                req(
                    Method::GET,
                    format!("/api/v1/applications/{}/history", a.application),
                )
            },
        ),
        row(
            "GET  /api/v1/students/{id}/synced [submitted]",
            Submitted,
            |_, a| {
                req(
                    Method::GET,
                    format!("/api/v1/students/{}/synced", a.student),
                )
            },
        ),
        row(
            "PUT  /api/v1/applications/{id}/dossier [submitted] (no change)",
            Submitted,
            |w, a| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/applications/{}/dossier", a.application),
                    json!({ "version": w.app.version_of(a.application), "fields": {} }),
                )
            },
        ),
        row(
            "POST /api/v1/applications/{id}/steps send_back [submitted] (undone)",
            Submitted,
            |w, a| step(w, a, Action::SendBack),
        ),
        row(
            "POST /api/v1/students/{id}/sync [submitted]",
            Submitted,
            |_, a| req(Method::POST, format!("/api/v1/students/{}/sync", a.student)),
        ),
        row(
            "POST /api/v1/units/{id}/sync (unit submitted)",
            Submitted,
            |w, _| req(Method::POST, format!("/api/v1/units/{}/sync", w.unit())),
        ),
        row(
            "POST /api/v1/units/{id}/committee/members (unit submitted)",
            Submitted,
            |w, _| {
                with_json(
                    Method::POST,
                    format!("/api/v1/units/{}/committee/members", w.unit()),
                    json!({ "name": "新委员", "title": "教授", "affiliation": "所", "position": "member" }),
                )
            },
        ),
        row(
            "PUT  /api/v1/units/{id}/prelim/meeting (unit submitted)",
            Submitted,
            |w, _| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/units/{}/prelim/meeting", w.unit()),
                    json!({ "held_on": "2026-11-20", "place": "会议室", "members_total": 3, "members_present": 3, "minutes": "" }),
                )
            },
        ),
        row(
            "PUT  /api/v1/applications/{id}/opinion [submitted]",
            Submitted,
            |_, a| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/applications/{}/opinion", a.application),
                    json!({ "opinion": "agree", "comment": "" }),
                )
            },
        ),
        row(
            "GET  /api/v1/verification/applications",
            Submitted,
            |_, _| req(Method::GET, "/api/v1/verification/applications"),
        ),
        row(
            "GET  /api/v1/applications/{id}/review-record [submitted]",
            Submitted,
            |_, a| {
                req(
                    Method::GET,
                    format!("/api/v1/applications/{}/review-record", a.application),
                )
            },
        ),
        row(
            "POST /api/v1/applications/{id}/flags [submitted] (empty message)",
            Submitted,
            |_, a| {
                with_json(
                    Method::POST,
                    format!("/api/v1/applications/{}/flags", a.application),
                    json!({ "field": "email", "message": "" }),
                )
            },
        ),
        row("GET  /api/v1/flags", Submitted, |_, _| {
            req(Method::GET, "/api/v1/flags")
        }),
        row(
            "POST /api/v1/flags/{id}/close (stale version)",
            Submitted,
            |w, _| {
                with_json(
                    Method::POST,
                    format!("/api/v1/flags/{}/close", w.flag.get().copied().unwrap_or(0)),
                    json!({ "outcome": "dismissed", "note": "矩阵", "version": 1000 }),
                )
            },
        ),
        row(
            "POST /api/v1/applications/{id}/corrections [sealed] (not correctable)",
            Sealed,
            |_, a| {
                with_json(
                    Method::POST,
                    format!("/api/v1/applications/{}/corrections", a.application),
                    json!({ "field": "student_no", "current_value": null, "requested_value": "1", "explanation": "矩阵" }),
                )
            },
        ),
        row("GET  /api/v1/corrections [sealed]", Sealed, |_, _| {
            req(Method::GET, "/api/v1/corrections")
        }),
        row(
            "PUT  /api/v1/corrections/{id}/attachment [sealed] (stale version)",
            Sealed,
            |w, _| Req {
                body: Body::Jpeg,
                ..req(
                    Method::PUT,
                    format!(
                        "/api/v1/corrections/{}/attachment?version=1000",
                        w.correction.get().copied().unwrap_or(0)
                    ),
                )
            },
        ),
        row(
            "GET  /api/v1/corrections/{id}/attachment [sealed]",
            Sealed,
            |w, _| {
                req(
                    Method::GET,
                    format!(
                        "/api/v1/corrections/{}/attachment",
                        w.correction.get().copied().unwrap_or(0)
                    ),
                )
            },
        ),
        row(
            "POST /api/v1/corrections/{id}/decision [sealed] (stale version)",
            Sealed,
            |w, _| {
                with_json(
                    Method::POST,
                    format!(
                        "/api/v1/corrections/{}/decision",
                        w.correction.get().copied().unwrap_or(0)
                    ),
                    json!({ "approve": true, "note": "", "version": 1000 }),
                )
            },
        ),
        row(
            "POST /api/v1/corrections/{id}/apply [sealed] (before the final review)",
            Sealed,
            |w, _| {
                with_json(
                    Method::POST,
                    format!(
                        "/api/v1/corrections/{}/apply",
                        w.correction.get().copied().unwrap_or(0)
                    ),
                    json!({ "version": 1000 }),
                )
            },
        ),
        row(
            "GET  /api/v1/groups/{id}/committee [sub review]",
            SubReview,
            |w, _| req(Method::GET, format!("/api/v1/groups/{}/committee", w.group())),
        ),
        row(
            "POST /api/v1/groups/{id}/committee/members [sub review] (no name)",
            SubReview,
            |w, _| {
                with_json(
                    Method::POST,
                    format!("/api/v1/groups/{}/committee/members", w.group()),
                    json!({ "name": "", "title": "教授", "affiliation": "所", "position": "member" }),
                )
            },
        ),
        row(
            "PUT  /api/v1/groups/{id}/committee/members/{member} [sub review] (stale version)",
            SubReview,
            |w, _| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/groups/{}/committee/members/{}", w.group(), w.sub_member),
                    json!({ "name": "委员", "title": "教授", "affiliation": "所", "position": "member", "version": 1000 }),
                )
            },
        ),
        row(
            "DELETE /api/v1/groups/{id}/committee/members/{member} [sub review] (stale version)",
            SubReview,
            |w, _| {
                req(
                    Method::DELETE,
                    format!(
                        "/api/v1/groups/{}/committee/members/{}?version=1000",
                        w.group(),
                        w.sub_member
                    ),
                )
            },
        ),
        row(
            "POST /api/v1/groups/{id}/committee/members/{member}/portal [sub review] (stale version)",
            SubReview,
            |w, _| {
                with_json(
                    Method::POST,
                    format!(
                        "/api/v1/groups/{}/committee/members/{}/portal",
                        w.group(),
                        w.sub_member
                    ),
                    json!({ "version": 1000 }),
                )
            },
        ),
        row(
            "DELETE /api/v1/groups/{id}/committee/members/{member}/portal [sub review] (stale version)",
            SubReview,
            |w, _| {
                req(
                    Method::DELETE,
                    format!(
                        "/api/v1/groups/{}/committee/members/{}/portal?version=1000",
                        w.group(),
                        w.sub_member
                    ),
                )
            },
        ),
        row(
            "GET  /api/v1/groups/{id}/subcommittee/applicants [sub review]",
            SubReview,
            |w, _| {
                req(
                    Method::GET,
                    format!("/api/v1/groups/{}/subcommittee/applicants", w.group()),
                )
            },
        ),
        row(
            "GET  /api/v1/groups/{id}/subcommittee/meeting [sub review]",
            SubReview,
            |w, _| {
                req(
                    Method::GET,
                    format!("/api/v1/groups/{}/subcommittee/meeting", w.group()),
                )
            },
        ),
        row(
            "PUT  /api/v1/groups/{id}/subcommittee/meeting [sub review] (no place)",
            SubReview,
            |w, _| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/groups/{}/subcommittee/meeting", w.group()),
                    json!({ "held_on": "2026-12-10", "place": "", "members_total": 1, "members_present": 1, "minutes": "" }),
                )
            },
        ),
        row(
            "POST /api/v1/groups/{id}/subcommittee/results [sub review] (no meeting yet)",
            SubReview,
            |w, a| {
                with_json(
                    Method::POST,
                    format!("/api/v1/groups/{}/subcommittee/results", w.group()),
                    json!({
                        "result": { "votes": { "yes": 1, "no": 0, "abstain": 0 }, "decision": "passed" },
                        "applications": [{ "id": a.application, "version": w.app.version_of(a.application) }]
                    }),
                )
            },
        ),
        row(
            "POST /api/v1/groups/{id}/subcommittee/notice [sub review] (a past deadline)",
            SubReview,
            |w, _| {
                with_json(
                    Method::POST,
                    format!("/api/v1/groups/{}/subcommittee/notice", w.group()),
                    json!({ "deadline": "2020-01-01", "note": "" }),
                )
            },
        ),
        row(
            "PUT  /api/v1/applications/{id}/opinion [sub review]",
            SubReview,
            |_, a| {
                with_json(
                    Method::PUT,
                    format!("/api/v1/applications/{}/opinion", a.application),
                    json!({ "opinion": "agree", "comment": "" }),
                )
            },
        ),
        row("GET  /api/v1/final-review [final review]", FinalReview, |_, _| {
            req(Method::GET, "/api/v1/final-review")
        }),
        row(
            "GET  /api/v1/final-review/applicants [final review]",
            FinalReview,
            |_, _| req(Method::GET, "/api/v1/final-review/applicants"),
        ),
        row(
            "POST /api/v1/final-review/accept [final review] (an unknown unit)",
            FinalReview,
            |_, _| {
                with_json(
                    Method::POST,
                    "/api/v1/final-review/accept",
                    json!({ "unit_id": 999999 }),
                )
            },
        ),
        row(
            "POST /api/v1/applications/{id}/final-decision [final review] (stale version)",
            FinalReview,
            |_, a| {
                with_json(
                    Method::POST,
                    format!("/api/v1/applications/{}/final-decision", a.application),
                    json!({ "decision": "deferred", "reason": "矩阵", "version": 1000 }),
                )
            },
        ),
        row(
            "GET  /api/v1/congress/meeting [final review]",
            FinalReview,
            |_, _| req(Method::GET, "/api/v1/congress/meeting"),
        ),
        row(
            "PUT  /api/v1/congress/meeting [final review] (no place)",
            FinalReview,
            |_, _| {
                with_json(
                    Method::PUT,
                    "/api/v1/congress/meeting",
                    json!({ "held_on": "2026-12-20", "place": "", "members_total": 30, "members_present": 25, "minutes": "", "resolution_no": "矩阵" }),
                )
            },
        ),
        row(
            "POST /api/v1/applications/{id}/hearing [final review] (stale version)",
            FinalReview,
            |_, a| {
                with_json(
                    Method::POST,
                    format!("/api/v1/applications/{}/hearing", a.application),
                    json!({ "facts_and_reasons": "矩阵", "version": 1000 }),
                )
            },
        ),
        row("GET  /api/v1/hearings [final review]", FinalReview, |_, _| {
            req(Method::GET, "/api/v1/hearings")
        }),
        row(
            "POST /api/v1/hearings/{id}/answer [final review] (stale version)",
            FinalReview,
            |w, _| {
                with_json(
                    Method::POST,
                    format!(
                        "/api/v1/hearings/{}/answer",
                        w.hearing.get().copied().unwrap_or(0)
                    ),
                    json!({ "statement": "矩阵", "version": 1000 }),
                )
            },
        ),
        row(
            "POST /api/v1/hearings/{id}/record [final review] (awaiting the statement)",
            FinalReview,
            |w, _| {
                with_json(
                    Method::POST,
                    format!(
                        "/api/v1/hearings/{}/record",
                        w.hearing.get().copied().unwrap_or(0)
                    ),
                    json!({ "record": "矩阵", "version": 1 }),
                )
            },
        ),
        row(
            "GET  /api/v1/me/decision [final review]",
            FinalReview,
            |_, _| req(Method::GET, "/api/v1/me/decision"),
        ),
        row("GET  /api/v1/code-tables", FinalReview, |_, _| {
            req(Method::GET, "/api/v1/code-tables")
        }),
        row(
            "GET  /api/v1/batches/{id}/certificates [final review]",
            FinalReview,
            |w, _| req(Method::GET, format!("/api/v1/batches/{}/certificates", w.batch.id)),
        ),
        row(
            "POST /api/v1/batches/{id}/certificates [final review] (one undecided)",
            FinalReview,
            |w, _| req(Method::POST, format!("/api/v1/batches/{}/certificates", w.batch.id)),
        ),
        row(
            "GET  /api/v1/applications/{id}/certificates [final review]",
            FinalReview,
            |_, a| {
                req(
                    Method::GET,
                    format!("/api/v1/applications/{}/certificates", a.application),
                )
            },
        ),
        row(
            "POST /api/v1/applications/{id}/certificate/revoke [final review] (none issued)",
            FinalReview,
            |w, a| {
                with_json(
                    Method::POST,
                    format!("/api/v1/applications/{}/certificate/revoke", a.application),
                    json!({ "version": w.app.version_of(a.application), "reason": "矩阵" }),
                )
            },
        ),
        row(
            "GET  /api/v1/batches/{id}/notices [final review]",
            FinalReview,
            |w, _| req(Method::GET, format!("/api/v1/batches/{}/notices", w.batch.id)),
        ),
        row(
            "POST /api/v1/batches/{id}/notices/send [final review] (none conferred)",
            FinalReview,
            |w, _| req(Method::POST, format!("/api/v1/batches/{}/notices/send", w.batch.id)),
        ),
        row(
            "GET  /api/v1/batches/{id}/units/{unit}/notice [final review]",
            FinalReview,
            |w, _| {
                req(
                    Method::GET,
                    format!("/api/v1/batches/{}/units/{}/notice", w.batch.id, w.unit()),
                )
            },
        ),
        row(
            "GET  /api/v1/batches/{id}/units/{unit}/notice.xlsx [final review]",
            FinalReview,
            |w, _| {
                req(
                    Method::GET,
                    format!("/api/v1/batches/{}/units/{}/notice.xlsx", w.batch.id, w.unit()),
                )
            },
        ),
        row(
            "GET  /api/v1/batches/{id}/announcement [final review]",
            FinalReview,
            |w, _| req(Method::GET, format!("/api/v1/batches/{}/announcement", w.batch.id)),
        ),
        row(
            "POST /api/v1/batches/{id}/announcement [final review] (none conferred)",
            FinalReview,
            |w, _| {
                with_json(
                    Method::POST,
                    format!("/api/v1/batches/{}/announcement", w.batch.id),
                    json!({ "version": 0 }),
                )
            },
        ),
        row(
            "DELETE /api/v1/batches/{id}/announcement [final review] (none published)",
            FinalReview,
            |w, _| {
                req(
                    Method::DELETE,
                    format!("/api/v1/batches/{}/announcement?version=0", w.batch.id),
                )
            },
        ),
        row("GET  /api/v1/public/announcements", FinalReview, |_, _| {
            req(Method::GET, "/api/v1/public/announcements")
        }),
        row(
            "GET  /api/v1/public/announcements/{id} (not published)",
            FinalReview,
            |w, _| req(Method::GET, format!("/api/v1/public/announcements/{}", w.batch.id)),
        ),
        row(
            "GET  /api/v1/batches/{id}/report/check [final review]",
            FinalReview,
            |w, _| req(Method::GET, format!("/api/v1/batches/{}/report/check", w.batch.id)),
        ),
        row(
            "GET  /api/v1/batches/{id}/report [final review]",
            FinalReview,
            |w, _| req(Method::GET, format!("/api/v1/batches/{}/report", w.batch.id)),
        ),
        row(
            "POST /api/v1/batches/{id}/report [final review] (none conferred)",
            FinalReview,
            |w, _| {
                with_json(
                    Method::POST,
                    format!("/api/v1/batches/{}/report", w.batch.id),
                    json!({ "partial": false }),
                )
            },
        ),
        row(
            "GET  /api/v1/batches/{id}/report/files/{kind} [final review] (none produced)",
            FinalReview,
            |w, _| {
                req(
                    Method::GET,
                    format!("/api/v1/batches/{}/report/files/xlsx", w.batch.id),
                )
            },
        ),
        row(
            "POST /api/v1/corrections/{id}/apply [completed] (stale version)",
            Completed,
            |w, _| {
                with_json(
                    Method::POST,
                    format!(
                        "/api/v1/corrections/{}/apply",
                        w.correction.get().copied().unwrap_or(0)
                    ),
                    json!({ "version": 1000 }),
                )
            },
        ),
        row(
            "POST /api/v1/corrections/apply [completed] (an unknown request)",
            Completed,
            |_, _| {
                with_json(
                    Method::POST,
                    "/api/v1/corrections/apply",
                    json!({ "ids": [999999] }),
                )
            },
        ),
        row(
            "POST /api/v1/batches/{id}/certificates [completed] (read-only)",
            Completed,
            |w, _| req(Method::POST, format!("/api/v1/batches/{}/certificates", w.batch.id)),
        ),
        row(
            "GET  /api/v1/batches/{id}/units/{unit}/notice [completed]",
            Completed,
            |w, _| {
                req(
                    Method::GET,
                    format!("/api/v1/batches/{}/units/{}/notice", w.batch.id, w.unit()),
                )
            },
        ),
    ]
}

/// Send one cell's request as `client`: `ok` or `<status> <code>`. A sync
/// run started in the background is waited for, so that no cell overlaps
/// the previous one.
async fn answer(w: &World, client: &Client, req: Req) -> String {
    let mut rb = w.http.request(req.method, w.app.url(&req.path));
    if let Some(token) = client.token() {
        rb = rb.bearer_auth(token);
    }
    rb = match req.body {
        Body::None => rb,
        Body::Json(v) => rb.json(&v),
        Body::Jpeg => rb
            .header("content-type", "image/jpeg")
            .body(backend::demo::DEMO_PHOTO.to_vec()),
    };
    let resp = rb.send().await.expect("answer");
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.expect("body");
    if (200..300).contains(&status) {
        if status == 202 {
            if let Ok(run) = serde_json::from_slice::<SyncRun>(&bytes) {
                w.app.finished(run).await;
            }
        }
        return "ok".to_owned();
    }
    let code = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_owned))
        .unwrap_or_else(|| "(no error body)".to_owned());
    format!("{status} {code}")
}

/// A 纸质修改申请 on the submitted application by the own unit admin, with
/// its scan; its id.
async fn pending_correction(w: &World) -> i64 {
    use shared::dto::verification::CorrectionInput;
    let admin = w.app.staff(shared::authz::Role::UnitAdmin, 0).await;
    let d = admin
        .dossier(w.submitted.application)
        .await
        .expect("dossier");
    let c = admin
        .record_correction(
            w.submitted.application,
            &CorrectionInput {
                field: "name".into(),
                current_value: Some(d.synced.name.clone()),
                requested_value: Some("矩阵更正".into()),
                explanation: "矩阵".into(),
            },
        )
        .await
        .expect("a correction");
    admin
        .attach_scan(
            c.id,
            c.version,
            "image/jpeg",
            backend::demo::DEMO_PHOTO.to_vec(),
        )
        .await
        .expect("its scan");
    c.id
}

/// The office approves the request.
async fn approve_correction(w: &World) {
    use shared::dto::verification::{CorrectionDecision, CorrectionQuery};
    let office = w.app.office().await;
    let id = *w.correction.get().expect("the correction");
    let c = office
        .corrections(&CorrectionQuery::default())
        .await
        .expect("list")
        .items
        .into_iter()
        .find(|c| c.id == id)
        .expect("the correction");
    office
        .decide_correction(
            id,
            &CorrectionDecision {
                approve: true,
                note: String::new(),
                version: c.version,
            },
        )
        .await
        .expect("approve");
}

/// A member of units[0]'s committee whose login is the own prelim_member
/// actor's (`prelim_member_0`); its id.
async fn seat_the_prelim_member(app: &TestApp) -> i64 {
    use backend::db::committees;
    use shared::dto::committee::MemberInput;
    use shared::workflow::committee::Position;
    let admin = app.staff(shared::authz::Role::UnitAdmin, 0).await;
    let m = admin
        .add_member(
            app.units[0],
            &MemberInput {
                name: "矩阵委员".into(),
                title: "教授".into(),
                affiliation: "测试研究所".into(),
                position: Position::Chair,
                staff_no: None,
                contact: None,
                version: None,
            },
        )
        .await
        .expect("member");
    let mut conn = app.conn();
    let user = backend::db::users::find_by_username(&mut conn, "prelim_member_0")
        .expect("user")
        .expect("the prelim_member actor");
    assert!(
        committees::set_member_user(&mut conn, m.id, m.version, shared::ids::UserId(user.id))
            .expect("seat")
    );
    m.id
}

/// A member of groups[0]'s subcommittee whose login is the own sub_member
/// actor's (`sub_member_0`), seated by the secretariat; its id.
async fn seat_the_sub_member(app: &TestApp) -> i64 {
    use backend::db::committees;
    use shared::dto::committee::MemberInput;
    use shared::workflow::committee::Position;
    let secretary = app.staff(shared::authz::Role::Secretary, 0).await;
    let m = secretary
        .add_member(
            app.groups[0],
            &MemberInput {
                name: "矩阵分会委员".into(),
                title: "教授".into(),
                affiliation: "国科大".into(),
                position: Position::Chair,
                staff_no: None,
                contact: None,
                version: None,
            },
        )
        .await
        .expect("member");
    let mut conn = app.conn();
    let user = backend::db::users::find_by_username(&mut conn, "sub_member_0")
        .expect("user")
        .expect("the sub_member actor");
    assert!(
        committees::set_member_user(&mut conn, m.id, m.version, shared::ids::UserId(user.id))
            .expect("seat")
    );
    m.id
}

/// In 学位终审: the submitted one failed at the subcommittee, and the office
/// proposes the refusal to its student; the hearing's id.
async fn proposed_hearing(w: &World) -> i64 {
    use shared::dto::final_review::HearingProposal;
    use shared::workflow::{Decision, Stage};
    let a = w.submitted.application;
    w.app
        .set_stage(a, Stage::SubcommitteeDecided(Decision::Failed));
    w.app
        .office()
        .await
        .propose_refusal(
            a,
            &HearingProposal {
                facts_and_reasons: "矩阵：分会评审未通过".into(),
                days: None,
                version: w.app.version_of(a),
            },
        )
        .await
        .expect("a hearing")
        .id
}

#[tokio::test]
async fn endpoint_role_matrix() {
    let app = TestApp::spawn().await;
    let batch = app.open_batch().await;
    let filled = app
        .application(0, StudentKind::AcademicMaster, Fixture::Filled)
        .await;
    let confirmed = app
        .application(0, StudentKind::AcademicDoctor, Fixture::Confirmed)
        .await;
    let submitted = app
        .application(0, StudentKind::ProfessionalMaster, Fixture::Reviewed)
        .await;
    app.map_to_group(&submitted, 0);
    let run = {
        use backend::db::schema::sync_runs;
        sync_runs::table
            .filter(sync_runs::unit_id.eq(app.units[0].0))
            .order(sync_runs::id)
            .select(sync_runs::id)
            .first::<i64>(&mut *app.conn())
            .expect("a run of the unit")
    };
    let actors = app.actors().await;
    let member = seat_the_prelim_member(&app).await;
    let sub_member = seat_the_sub_member(&app).await;
    let target = app
        .create_user(
            "matrix_target",
            &[shared::authz::RoleGrant {
                role: shared::authz::Role::UnitAdmin,
                scope: shared::authz::GrantScope::Unit(app.units[0]),
            }],
        )
        .0;
    let registration = app
        .anonymous()
        .register(&shared::dto::account::NewRegistration {
            unit_id: app.units[0],
            name: "矩阵备案".into(),
            staff_no: "M0001".into(),
            phone: "13800000000".into(),
            email: "matrix@example.org".into(),
            username: "matrix_registered".into(),
            password: PASSWORD.into(),
            role: shared::authz::Role::UnitAdmin,
        })
        .await
        .expect("a registration")
        .id;
    let w = World {
        app,
        batch,
        run,
        filled,
        confirmed,
        submitted,
        member,
        flag: std::sync::OnceLock::new(),
        correction: std::sync::OnceLock::new(),
        sub_member,
        hearing: std::sync::OnceLock::new(),
        target,
        registration,
        http: reqwest::Client::new(),
    };

    let mut out = String::new();
    let mut reached = Target::Filled;
    for row in rows() {
        assert!(
            row.target >= reached || row.target < Target::Submitted && reached < Target::Submitted,
            "{}: rows come in the order of Target",
            row.label
        );
        if row.target >= Target::Submitted && reached < Target::Submitted {
            w.app.bring_to(&w.submitted, Fixture::Submitted).await;
            let flag = w
                .app
                .office()
                .await
                .raise_flag(
                    w.submitted.application,
                    &shared::dto::verification::FlagInput {
                        field: "general".into(),
                        message: "矩阵核查意见".into(),
                    },
                )
                .await
                .expect("a flag");
            let _ = w.flag.set(flag.id);
        }
        if row.target >= Target::Sealed && reached < Target::Sealed {
            w.app.set_phase(BatchPhase::Sealed);
            let _ = w.correction.set(pending_correction(&w).await);
        }
        if row.target >= Target::SubReview && reached < Target::SubReview {
            w.app.set_phase(BatchPhase::SubcommitteeReview);
        }
        if row.target >= Target::FinalReview && reached < Target::FinalReview {
            w.app.set_phase(BatchPhase::FinalReview);
            let _ = w.hearing.set(proposed_hearing(&w).await);
        }
        if row.target >= Target::Completed && reached < Target::Completed {
            approve_correction(&w).await;
            w.app.set_phase(BatchPhase::Completed);
        }
        reached = reached.max(row.target);
        let a = w.applicant(row.target);
        let stage = w.app.stage_of(a.application);
        for actor in actors.owned_by(a).iter() {
            let result = answer(&w, &actor.client, (row.build)(&w, a)).await;
            let _ = writeln!(out, "{:<72} {:<20} {result}", row.label, actor.label());
            if w.app.stage_of(a.application) != stage {
                w.app.set_stage(a.application, stage);
            }
        }
    }
    // Every registered endpoint has a row.
    let registered =
        std::fs::read_to_string(degree_tests::workspace_root().join("backend/src/routes/mod.rs"))
            .expect("routes");
    let endpoints = registered.matches(".service(").count();
    let methods_and_paths: std::collections::BTreeSet<(&str, &str)> = rows()
        .iter()
        .map(|r| {
            let mut parts = r.label.split_whitespace();
            let method = parts.next().unwrap_or_default();
            let path = parts.next().unwrap_or_default();
            (method, path.split('?').next().unwrap_or_default())
        })
        .collect();
    assert_eq!(
        methods_and_paths.len(),
        endpoints,
        "an endpoint was added to routes::configure without a row here: {methods_and_paths:#?}"
    );
    insta::assert_snapshot!(out);
}
