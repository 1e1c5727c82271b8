//! Benchmark of 学位初审 and 数据上报 (a documented command, not a test):
//! on top of N applications over 100 units (the `bench-lists` data), one
//! unit of 600 reviewed applicants with a committee of 15 whose members
//! have given their opinions. Times, through the real HTTP API, the bulk
//! result entry for all 600, the voting list `.xlsx`, and 数据上报; and the
//! server time of a page of 50 of the members' applicant list (and the
//! admin's, with the tally) before the results. Prints each against its
//! target (1 s; p99 25 ms).
//!
//! `cargo run --release -p degree-backend --bin degree-bench-prelim -- [APPLICATIONS] [DATABASE_URL]`
//! (see scripts/bench-prelim, which runs both backends).

use actix_web::web;
use degree_backend::benchdata::{self, percentile, server_ms, verdict, UNITS};
use degree_backend::db::{self, committees};
use degree_backend::error::ApiError;
use degree_backend::simulator::data::Population;
use degree_backend::{Application, Config};
use shared::authz::{GrantScope, Role, RoleGrant};
use shared::dto::committee::{
    ApplicationVersion, MeetingInput, Member, MemberInput, PortalGrant, ResultInput,
    ResultsRequest, SubmissionStatus,
};
use shared::ids::{ApplicationId, StudentId, UnitId, UserId};
use shared::workflow::committee::{Attendance, Opinion, Position, Votes};
use shared::workflow::{Decision, Stage};
use std::process::ExitCode;
use std::time::Instant;

const APPLICANTS: usize = 600;
const MEMBERS: u32 = 15;
const REQUESTS: usize = 400;

#[actix_web::main]
async fn main() -> ExitCode {
    benchdata::exit(bench().await)
}

struct Api {
    http: reqwest::Client,
    address: String,
}

impl Api {
    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        rb: reqwest::RequestBuilder,
    ) -> Result<(T, f64), String> {
        let started = Instant::now();
        let resp = rb
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(|e| e.to_string())?;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        if !status.is_success() {
            return Err(format!(
                "HTTP {status}: {}",
                String::from_utf8_lossy(&bytes)
            ));
        }
        let body = if bytes.is_empty() {
            b"null".to_vec()
        } else {
            bytes.to_vec()
        };
        Ok((
            serde_json::from_slice(&body).map_err(|e| e.to_string())?,
            ms,
        ))
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }
}

/// Seed the big unit: 600 students with reviewed applications in the open
/// batch, its admin; returns (unit, admin, applications).
fn seed_unit(
    conn: &mut db::DbConn,
    batch: shared::ids::BatchId,
) -> Result<(UnitId, UserId, Vec<ApplicationId>), ApiError> {
    let population = Population {
        seed: 11,
        units: UNITS + 1,
        students_per_unit: APPLICANTS,
    };
    db::transaction(conn, |conn| {
        let record = population.unit(UNITS).ok_or_else(ApiError::not_found)?;
        let unit = db::units::insert_unit(conn, &record.code, &record.name, "所长")?;
        for serial in 0..APPLICANTS {
            db::students::insert_from_record(conn, unit, &population.record(UNITS, serial))?;
        }
        let students: Vec<(StudentId, UnitId)> = db::students::targets_of_unit(conn, unit)?
            .into_iter()
            .map(|t| (t.id, t.unit_id))
            .collect();
        db::applications::open_filing_bulk(conn, batch, &students)?;
        use db::schema::applications as a;
        use diesel::prelude::*;
        diesel::update(a::table.filter(a::unit_id.eq(unit.0)))
            .set(a::stage.eq(Stage::Reviewed.stage()))
            .execute(conn)?;
        let apps: Vec<ApplicationId> = a::table
            .filter(a::unit_id.eq(unit.0))
            .order(a::id)
            .select(a::id)
            .load::<i64>(conn)?
            .into_iter()
            .map(ApplicationId)
            .collect();
        let admin = db::users::insert(
            conn,
            &db::users::NewUser::new("bench_admin", "教育干部", None),
        )?;
        db::users::add_grant(
            conn,
            admin,
            RoleGrant {
                role: Role::UnitAdmin,
                scope: GrantScope::Unit(unit),
            },
        )?;
        Ok::<_, ApiError>((unit, admin, apps))
    })
}

async fn bench() -> Result<usize, String> {
    let (applications, url, tmp) = benchdata::args("bench-prelim")?;
    let mut config = Config::for_database(&url);
    config.db_pool = 8;
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    let api = Api {
        http: reqwest::Client::new(),
        address: format!("http://127.0.0.1:{}", app.port()),
    };
    let state: web::Data<_> = app.state.clone();
    let backend = state.backend.as_str();
    tokio::spawn(app.run_until_stopped());

    let seeding = Instant::now();
    let seeded = state
        .db(move |conn| benchdata::seed(conn, applications, 0))
        .await
        .map_err(|e| e.to_string())?;
    let batch = seeded.batch;
    let (unit, admin, apps) = state
        .db(move |conn| seed_unit(conn, batch))
        .await
        .map_err(|e| e.to_string())?;
    let (admin_token, _) = state.keys.issue(admin, 0).map_err(|e| e.to_string())?;
    let u = unit.0;

    // The committee of 15 and its meeting, through the API.
    let mut members: Vec<Member> = Vec::new();
    for i in 0..MEMBERS {
        let (m, _) = api
            .call::<Member>(
                &admin_token,
                api.http
                    .post(api.url(&format!("/api/v1/units/{u}/committee/members")))
                    .json(&MemberInput {
                        name: format!("委员{:02}", i + 1),
                        title: "研究员".into(),
                        affiliation: "中国科学院".into(),
                        position: if i == 0 {
                            Position::Chair
                        } else {
                            Position::Member
                        },
                        staff_no: None,
                        contact: None,
                        version: None,
                    }),
            )
            .await?;
        members.push(m);
    }
    let (grant, _) = api
        .call::<PortalGrant>(
            &admin_token,
            api.http
                .post(api.url(&format!(
                    "/api/v1/units/{u}/committee/members/{}/portal",
                    members[1].id
                )))
                .json(&serde_json::json!({ "version": members[1].version })),
        )
        .await?;
    api.call::<serde_json::Value>(
        &admin_token,
        api.http
            .put(api.url(&format!("/api/v1/units/{u}/prelim/meeting")))
            .json(&MeetingInput {
                resolution_no: None,
                held_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
                place: "学术报告厅".into(),
                attendance: Attendance {
                    members_total: MEMBERS,
                    members_present: 12,
                },
                minutes: String::new(),
                version: None,
            }),
    )
    .await?;
    // Every member's opinion on every applicant, written directly; the
    // member with a login may use it without the first password change.
    let member_ids: Vec<i64> = members.iter().map(|m| m.id).collect();
    let opinion_apps = apps.clone();
    let username = grant.username.clone();
    let member_user = state
        .tx(move |conn| {
            let user =
                db::users::find_by_username(conn, &username)?.ok_or_else(ApiError::not_found)?;
            let id = UserId(user.id);
            db::users::set_password(conn, id, user.password_hash.as_deref().unwrap_or(""), false)?;
            for (i, app) in opinion_apps.iter().enumerate() {
                for (j, m) in member_ids.iter().enumerate() {
                    let o = if (i + j) % 7 == 0 {
                        Opinion::Abstain
                    } else {
                        Opinion::Agree
                    };
                    committees::put_opinion(conn, *app, *m, o, "")?;
                }
            }
            Ok(id)
        })
        .await
        .map_err(|e| e.to_string())?;
    let (member_token, _) = state
        .keys
        .issue(member_user, 0)
        .map_err(|e| e.to_string())?;
    let refresh = state.db(|conn| Ok(db::refresh_statistics(conn)?)).await;
    refresh.map_err(|e| e.to_string())?;
    println!(
        "学位初审 benchmark: {} applications over {UNITS} units + a unit of {APPLICANTS} reviewed applicants, a committee of {MEMBERS}, {backend}; seeded in {:.1} s",
        seeded.applications.len(),
        seeding.elapsed().as_secs_f64()
    );

    let mut missed = 0;
    // The applicant list, a page of 50, for a member and for the admin.
    for (who, token) in [
        ("委员 网上学位初审", &member_token),
        ("教育干部 网上学位初审（含意见统计）", &admin_token),
    ] {
        let mut times = Vec::with_capacity(REQUESTS);
        for i in 0..REQUESTS + 20 {
            let page = 1 + i % (APPLICANTS / 50);
            let resp = api
                .http
                .get(api.url(&format!(
                    "/api/v1/units/{u}/prelim/applicants?per_page=50&page={page}"
                )))
                .bearer_auth(token)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !resp.status().is_success() {
                return Err(format!("list: HTTP {}", resp.status()));
            }
            let ms = server_ms(&resp)?;
            resp.bytes().await.map_err(|e| e.to_string())?;
            if i >= 20 {
                times.push(ms);
            }
        }
        times.sort_by(f64::total_cmp);
        let p99 = percentile(&times, 99.0);
        missed += usize::from(p99 > 25.0);
        println!(
            "  {who:<24} page of 50: median {:>6.2} ms  p99 {:>6.2} ms  (target p99 < 25 ms: {})",
            percentile(&times, 50.0),
            p99,
            verdict(p99, 25.0)
        );
    }

    // Bulk result entry for all 600: one request, the same counts.
    let versions: Vec<ApplicationVersion> = apps
        .iter()
        .map(|id| ApplicationVersion {
            id: *id,
            version: 1,
        })
        .collect();
    let (_, ms) = api
        .call::<serde_json::Value>(
            &admin_token,
            api.http
                .post(api.url(&format!("/api/v1/units/{u}/prelim/results")))
                .json(&ResultsRequest {
                    result: ResultInput {
                        votes: Votes {
                            yes: 12,
                            no: 0,
                            abstain: 0,
                        },
                        decision: Decision::Passed,
                        resolution: None,
                        reason: None,
                    },
                    applications: versions,
                }),
        )
        .await?;
    missed += usize::from(ms > 1000.0);
    println!(
        "  学位初审结果 批量填写 {APPLICANTS} 人            {ms:>8.1} ms  (target < 1 s: {})",
        verdict(ms, 1000.0)
    );

    let started = Instant::now();
    let resp = api
        .http
        .get(api.url(&format!("/api/v1/units/{u}/prelim/voting-list.xlsx")))
        .bearer_auth(&admin_token)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let ok = resp.status().is_success();
    let bytes = resp.bytes().await.map_err(|e| e.to_string())?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if !ok {
        return Err(format!("voting list: {}", String::from_utf8_lossy(&bytes)));
    }
    missed += usize::from(ms > 1000.0);
    println!(
        "  表决授予学位名单 .xlsx（{APPLICANTS} 行，{} KB）    {ms:>8.1} ms  (target < 1 s: {})",
        bytes.len() / 1024,
        verdict(ms, 1000.0)
    );

    let (status, _) = api
        .call::<SubmissionStatus>(
            &admin_token,
            api.http
                .get(api.url(&format!("/api/v1/units/{u}/submission"))),
        )
        .await?;
    let (after, ms) = api
        .call::<SubmissionStatus>(
            &admin_token,
            api.http
                .post(api.url(&format!("/api/v1/units/{u}/submission")))
                .json(&serde_json::json!({ "version": status.version })),
        )
        .await?;
    if !after.submitted || after.counts.passed != APPLICANTS as i64 {
        return Err(format!("submission: {after:?}"));
    }
    missed += usize::from(ms > 1000.0);
    println!(
        "  数据上报 {APPLICANTS} 人                         {ms:>8.1} ms  (target < 1 s: {})",
        verdict(ms, 1000.0)
    );

    benchdata::remove_sqlite(&tmp);
    Ok(missed)
}
