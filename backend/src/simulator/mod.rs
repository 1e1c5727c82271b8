//! A faithful stand-in for the four campus systems, serving the contract of
//! [`crate::sync::contract`] from deterministic generated data, with
//! injectable faults for tests. Started by `scripts/run` for the demo
//! (`degree-server simulator`); production never starts it.

pub mod cas;
pub mod data;

use crate::sync::contract::{
    AdvisorRecord, SourceSystem, StudentRecord, TrainingRecord, TranscriptRecord, UnitRecord,
    UpstreamError, UpstreamPage,
};
use actix_web::{web, App, HttpResponse, HttpServer};
use data::Population;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

pub const MAX_PER_PAGE: i64 = 500;

/// What a system does wrong, for tests. Counters count that system's requests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Faults {
    /// Added to every answer.
    pub latency_ms: u64,
    /// Every n-th request answers HTTP 500 (0: never).
    pub error_every: u64,
    /// Every n-th request answers a body that is not JSON (0: never).
    pub malformed_every: u64,
    /// Every n-th request answers a record with a field of the wrong type.
    pub wrong_type_every: u64,
    /// Every n-th student record carries an ID number failing its checksum.
    pub bad_id_every: u64,
    /// Never answer (the client's timeout fires).
    pub hang: bool,
    /// Answer 503 to everything: the system is down.
    pub down: bool,
}

/// The simulator's state: the population, faults, and edits made by tests.
pub struct SimState {
    pub population: Population,
    faults: RwLock<HashMap<SourceSystem, Faults>>,
    counters: HashMap<SourceSystem, AtomicU64>,
    /// Student records changed after generation (e.g. a corrected name).
    overrides: RwLock<HashMap<String, StudentRecord>>,
    /// The simulated portal's open tickets (统一身份认证).
    pub cas: cas::Tickets,
}

impl SimState {
    pub fn new(population: Population) -> Arc<SimState> {
        Arc::new(SimState {
            population,
            faults: RwLock::new(HashMap::new()),
            counters: SourceSystem::ALL
                .into_iter()
                .map(|s| (s, AtomicU64::new(0)))
                .collect(),
            overrides: RwLock::new(HashMap::new()),
            cas: cas::Tickets::default(),
        })
    }

    pub fn set_faults(&self, system: SourceSystem, faults: Faults) {
        if let Ok(mut f) = self.faults.write() {
            f.insert(system, faults);
        }
        if let Some(c) = self.counters.get(&system) {
            c.store(0, Ordering::SeqCst);
        }
    }

    pub fn clear_faults(&self) {
        if let Ok(mut f) = self.faults.write() {
            f.clear();
        }
    }

    fn faults(&self, system: SourceSystem) -> Faults {
        self.faults
            .read()
            .ok()
            .and_then(|f| f.get(&system).cloned())
            .unwrap_or_default()
    }

    /// Requests answered so far by a system.
    pub fn requests(&self, system: SourceSystem) -> u64 {
        self.counters
            .get(&system)
            .map_or(0, |c| c.load(Ordering::SeqCst))
    }

    /// Change a student's record as the records office would.
    pub fn edit_record(&self, record: StudentRecord) {
        if let Ok(mut o) = self.overrides.write() {
            o.insert(record.student_no.clone(), record);
        }
    }

    fn record(&self, unit: usize, serial: usize) -> StudentRecord {
        let no = Population::student_no(unit, serial);
        self.overrides
            .read()
            .ok()
            .and_then(|o| o.get(&no).cloned())
            .unwrap_or_else(|| self.population.record(unit, serial))
    }

    fn json_for(&self, system: SourceSystem, unit: usize, serial: usize) -> serde_json::Value {
        let value = match system {
            SourceSystem::Records => serde_json::to_value(self.record(unit, serial)),
            SourceSystem::Teachers => serde_json::to_value(self.population.advisor(unit, serial)),
            SourceSystem::Courses => serde_json::to_value(self.population.transcript(unit, serial)),
            SourceSystem::Training => serde_json::to_value(self.population.training(unit, serial)),
        };
        value.unwrap_or(serde_json::Value::Null)
    }
}

/// One record of any system (the response of the shared paths).
#[derive(Serialize, utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code, clippy::large_enum_variant)] // only documents the schema
enum AnyRecord {
    Student(StudentRecord),
    Advisor(AdvisorRecord),
    Transcript(TranscriptRecord),
    Training(TrainingRecord),
}

#[derive(Deserialize, utoipa::IntoParams)]
struct PageParams {
    /// From 1.
    page: Option<i64>,
    /// 1 to 500 (default 100).
    per_page: Option<i64>,
}

#[derive(Deserialize, utoipa::IntoParams)]
struct ChangesParams {
    /// Only records changed after this time (RFC 3339).
    since: chrono::DateTime<chrono::Utc>,
    page: Option<i64>,
    per_page: Option<i64>,
}

fn error(status: u16, message: &str) -> HttpResponse {
    HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status)
            .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR),
    )
    .json(UpstreamError {
        error: message.to_owned(),
    })
}

/// Apply the system's faults; `Err` is the faulty answer to give instead.
async fn misbehave(sim: &SimState, system: SourceSystem) -> Result<Faults, HttpResponse> {
    let n = sim
        .counters
        .get(&system)
        .map_or(0, |c| c.fetch_add(1, Ordering::SeqCst) + 1);
    let f = sim.faults(system);
    if f.down {
        return Err(error(503, "system down"));
    }
    if f.hang {
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
    if f.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(f.latency_ms)).await;
    }
    if every(n, f.error_every) {
        return Err(error(500, "internal error"));
    }
    if every(n, f.malformed_every) {
        return Err(HttpResponse::Ok()
            .content_type("application/json")
            .body("{\"student_no\": \"2023800010000"));
    }
    Ok(f)
}

fn corrupt(mut v: serde_json::Value, n: u64, f: &Faults) -> serde_json::Value {
    if every(n, f.wrong_type_every) {
        v["updated_at"] = serde_json::json!(12345);
    }
    if every(n, f.bad_id_every) {
        if let Some(id) = v["id_number"].as_str() {
            let mut broken: Vec<char> = id.chars().collect();
            if let Some(last) = broken.last_mut() {
                *last = if *last == '0' { '1' } else { '0' };
            }
            v["id_number"] = serde_json::json!(broken.into_iter().collect::<String>());
        }
    }
    v
}

/// Is the n-th request one of every k-th (k = 0: never)?
fn every(n: u64, k: u64) -> bool {
    k > 0 && n.is_multiple_of(k)
}

/// One student's record in a system.
#[utoipa::path(
    get,
    path = "/{system}/v1/students/{student_no}",
    params(("system" = SourceSystem, Path), ("student_no" = String, Path)),
    responses(
        (status = 200, description = "StudentRecord (records), AdvisorRecord (teachers), TranscriptRecord (courses) or TrainingRecord (training)", body = AnyRecord),
        (status = 404, body = UpstreamError),
        (status = 503, body = UpstreamError)
    )
)]
async fn student(sim: web::Data<Arc<SimState>>, path: web::Path<(String, String)>) -> HttpResponse {
    let (system, no) = path.into_inner();
    let Some(system) = SourceSystem::parse(&system) else {
        return error(404, "no such system");
    };
    let faults = match misbehave(&sim, system).await {
        Ok(f) => f,
        Err(e) => return e,
    };
    let Some((unit, serial)) = sim.population.locate(&no) else {
        return error(404, "no such student");
    };
    let n = sim.requests(system);
    HttpResponse::Ok().json(corrupt(sim.json_for(system, unit, serial), n, &faults))
}

/// A page of a training unit's students, in 学号 order.
#[utoipa::path(
    get,
    path = "/{system}/v1/units/{unit_code}/students",
    params(("system" = SourceSystem, Path), ("unit_code" = String, Path), PageParams),
    responses((status = 200, body = UpstreamPage<AnyRecord>), (status = 404, body = UpstreamError))
)]
async fn unit_students(
    sim: web::Data<Arc<SimState>>,
    path: web::Path<(String, String)>,
    q: web::Query<PageParams>,
) -> HttpResponse {
    let (system, code) = path.into_inner();
    let Some(system) = SourceSystem::parse(&system) else {
        return error(404, "no such system");
    };
    let faults = match misbehave(&sim, system).await {
        Ok(f) => f,
        Err(e) => return e,
    };
    let Some(unit) = sim.population.unit_index(&code) else {
        return error(404, "no such unit");
    };
    let per_page = q.per_page.unwrap_or(100).clamp(1, MAX_PER_PAGE);
    let page = q.page.unwrap_or(1).max(1);
    let total = sim.population.students_per_unit as i64;
    let start = ((page - 1) * per_page).min(total);
    let end = (start + per_page).min(total);
    if faults.wrong_type_every == 0 && faults.bad_id_every == 0 {
        // The common case, serialized straight from the typed records.
        let serials = start as usize..end as usize;
        fn body<T: Serialize>(
            items: Vec<T>,
            total: i64,
            page: i64,
            per_page: i64,
        ) -> serde_json::Result<String> {
            serde_json::to_string(&UpstreamPage {
                items,
                total,
                page,
                per_page,
            })
        }
        let body = match system {
            SourceSystem::Records => body(
                serials.map(|s| sim.record(unit, s)).collect(),
                total,
                page,
                per_page,
            ),
            SourceSystem::Teachers => body(
                serials.map(|s| sim.population.advisor(unit, s)).collect(),
                total,
                page,
                per_page,
            ),
            SourceSystem::Courses => body(
                serials
                    .map(|s| sim.population.transcript(unit, s))
                    .collect(),
                total,
                page,
                per_page,
            ),
            SourceSystem::Training => body(
                serials.map(|s| sim.population.training(unit, s)).collect(),
                total,
                page,
                per_page,
            ),
        };
        return match body {
            Ok(body) => HttpResponse::Ok()
                .content_type("application/json")
                .body(body),
            Err(_) => error(500, "internal error"),
        };
    }
    let items: Vec<_> = (start..end)
        .map(|serial| {
            let serial = serial as usize;
            corrupt(
                sim.json_for(system, unit, serial),
                (serial + 1) as u64,
                &faults,
            )
        })
        .collect();
    HttpResponse::Ok().json(
        serde_json::json!({ "items": items, "total": total, "page": page, "per_page": per_page }),
    )
}

/// Records changed after a time, oldest change first.
#[utoipa::path(
    get,
    path = "/{system}/v1/changes",
    params(("system" = SourceSystem, Path), ChangesParams),
    responses((status = 200, body = UpstreamPage<AnyRecord>))
)]
async fn changes(
    sim: web::Data<Arc<SimState>>,
    path: web::Path<String>,
    q: web::Query<ChangesParams>,
) -> HttpResponse {
    let Some(system) = SourceSystem::parse(&path.into_inner()) else {
        return error(404, "no such system");
    };
    let faults = match misbehave(&sim, system).await {
        Ok(f) => f,
        Err(e) => return e,
    };
    let pop = sim.population;
    let mut changed: Vec<(chrono::DateTime<chrono::Utc>, usize, usize)> = (0..pop.units)
        .flat_map(|u| (0..pop.students_per_unit).map(move |s| (u, s)))
        .map(|(u, s)| (pop.updated_at(u, s), u, s))
        .filter(|(t, _, _)| *t > q.since)
        .collect();
    changed.sort();
    let per_page = q.per_page.unwrap_or(100).clamp(1, MAX_PER_PAGE);
    let page = q.page.unwrap_or(1).max(1);
    let total = changed.len() as i64;
    let items: Vec<_> = changed
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .map(|(_, u, s)| corrupt(sim.json_for(system, u, s), (s + 1) as u64, &faults))
        .collect();
    HttpResponse::Ok().json(
        serde_json::json!({ "items": items, "total": total, "page": page, "per_page": per_page }),
    )
}

/// The training units the student-records system knows.
#[utoipa::path(get, path = "/records/v1/units", responses((status = 200, body = Vec<UnitRecord>)))]
async fn units(sim: web::Data<Arc<SimState>>) -> HttpResponse {
    if let Err(e) = misbehave(&sim, SourceSystem::Records).await {
        return e;
    }
    let list: Vec<UnitRecord> = (0..sim.population.units)
        .filter_map(|i| sim.population.unit(i))
        .collect();
    HttpResponse::Ok().json(list)
}

/// Set a system's faults (simulator only; not part of the real systems).
async fn put_faults(
    sim: web::Data<Arc<SimState>>,
    path: web::Path<String>,
    body: web::Json<Faults>,
) -> HttpResponse {
    match SourceSystem::parse(&path.into_inner()) {
        Some(system) => {
            sim.set_faults(system, body.into_inner());
            HttpResponse::NoContent().finish()
        }
        None => error(404, "no such system"),
    }
}

async fn delete_faults(sim: web::Data<Arc<SimState>>) -> HttpResponse {
    sim.clear_faults();
    HttpResponse::NoContent().finish()
}

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Campus source systems (学籍 / 教师 / 教务 / 培养) — upstream contract",
        version = "1.0.0",
        description = "What the degree system reads from the four campus systems. `system` is `records` (学籍), `teachers` (教师), `courses` (教务) or `training` (培养); each answers the record type of its own. Errors are `{error}` with a 4xx/5xx status. The bundled simulator (`degree-server simulator`) serves exactly this."
    ),
    paths(student, unit_students, changes, units),
    components(schemas(
        StudentRecord,
        AdvisorRecord,
        TranscriptRecord,
        TrainingRecord,
        UnitRecord,
        UpstreamError,
        SourceSystem
    ))
)]
pub struct UpstreamDoc;

/// Register the simulator's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cas::configure(cfg);
    cfg.route("/records/v1/units", web::get().to(units))
        .route("/{system}/v1/students/{student_no}", web::get().to(student))
        .route(
            "/{system}/v1/units/{unit_code}/students",
            web::get().to(unit_students),
        )
        .route("/{system}/v1/changes", web::get().to(changes))
        .route("/_sim/faults/{system}", web::put().to(put_faults))
        .route("/_sim/faults", web::delete().to(delete_faults));
}

/// Start the simulator on `listener`; returns the running server. Stopped
/// (e.g. `kill`), it drops the requests in flight at once, as a crashing
/// campus system would, instead of finishing them first.
pub fn serve(sim: Arc<SimState>, listener: TcpListener) -> std::io::Result<actix_web::dev::Server> {
    let data = web::Data::new(sim);
    Ok(
        HttpServer::new(move || App::new().app_data(data.clone()).configure(configure))
            .shutdown_timeout(0)
            .listen(listener)?
            .run(),
    )
}
