//! The write half: concurrent dossier saves, checked against the history.

use super::CONNECTIONS;
use degree_backend::db::{self, schema};
use degree_backend::token::TokenKeys;
use diesel::prelude::*;
use shared::ids::{ApplicationId, UserId};
use std::collections::HashMap;
use std::time::{Duration, Instant};

pub(crate) struct Writes {
    /// Per application: the values saved, in order.
    pub saved: HashMap<ApplicationId, Vec<String>>,
    pub errors: u64,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl Writes {
    pub fn saves(&self) -> usize {
        self.saved.values().map(Vec::len).sum()
    }
}

/// Every writer's own task saves their 通讯地址 again and again, each time
/// a new value with the version the last save answered; 64 tasks at once.
pub(crate) async fn write_load(
    address: &str,
    keys: &TokenKeys,
    writers: &[(UserId, ApplicationId)],
    seconds: u64,
) -> Result<Writes, String> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()
        .map_err(|e| e.to_string())?;
    let mut owned: Vec<Vec<(String, ApplicationId)>> = vec![Vec::new(); CONNECTIONS];
    for (i, (user, app)) in writers.iter().enumerate() {
        let (token, _) = keys.issue(*user, 0).map_err(|e| e.to_string())?;
        owned[i % CONNECTIONS].push((token, *app));
    }
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for mine in owned {
        let http = http.clone();
        let address = address.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut versions: HashMap<ApplicationId, i64> = HashMap::new();
            let mut saved: HashMap<ApplicationId, Vec<String>> = HashMap::new();
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            let mut n = 0usize;
            while Instant::now() < until && !mine.is_empty() {
                let (token, app) = &mine[n % mine.len()];
                n += 1;
                let url = format!("{address}/api/v1/applications/{}", app.0);
                let version = match versions.get(app) {
                    Some(v) => *v,
                    None => {
                        let r = http.get(&url).bearer_auth(token).send().await;
                        let body: serde_json::Value = match r {
                            Ok(r) if r.status().is_success() => r.json().await.unwrap_or_default(),
                            _ => {
                                errors += 1;
                                continue;
                            }
                        };
                        body["application"]["version"].as_i64().unwrap_or(0)
                    }
                };
                let value = format!("北京市海淀区中关村南二条{}号 第{n}次", app.0);
                let body =
                    serde_json::json!({ "version": version, "fields": { "address": value } });
                let at = Instant::now();
                let r = http
                    .put(format!("{url}/dossier"))
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().is_success() => {
                        latencies.push(at.elapsed().as_secs_f64() * 1000.0);
                        let body: serde_json::Value = r.json().await.unwrap_or_default();
                        versions.insert(*app, body["application"]["version"].as_i64().unwrap_or(0));
                        saved.entry(*app).or_default().push(value);
                    }
                    Ok(r) => {
                        errors += 1;
                        let status = r.status();
                        let text = r.text().await.unwrap_or_default();
                        eprintln!("  save of {}: HTTP {status} {text}", app.0);
                        versions.remove(app);
                    }
                    Err(e) => {
                        errors += 1;
                        eprintln!("  save of {}: {e}", app.0);
                        versions.remove(app);
                    }
                }
            }
            (saved, latencies, errors)
        }));
    }
    let mut out = Writes {
        saved: HashMap::new(),
        errors: 0,
        seconds: 0.0,
        p50_ms: f64::NAN,
        p99_ms: f64::NAN,
    };
    let mut latencies = Vec::new();
    for t in tasks {
        let (saved, lat, errors) = t.await.map_err(|e| e.to_string())?;
        out.saved.extend(saved);
        latencies.extend(lat);
        out.errors += errors;
    }
    out.seconds = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let pick = |p: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    out.p50_ms = pick(0.5);
    out.p99_ms = pick(0.99);
    Ok(out)
}

/// Saves missing from, or doubled in, the field history: each application's
/// 通讯地址 history must be exactly the values saved, in order.
pub(crate) async fn check_history(
    url: &str,
    saved: &HashMap<ApplicationId, Vec<String>>,
) -> Result<usize, String> {
    let url = url.to_owned();
    let saved = saved.clone();
    tokio::task::spawn_blocking(move || {
        use schema::dossier_history as h;
        let pool = db::connect(&url, 1).map_err(|e| e.to_string())?;
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let mut wrong = 0;
        for (app, values) in &saved {
            let history: Vec<Option<String>> = h::table
                .filter(h::application_id.eq(app.0))
                .filter(h::field.eq("address"))
                .order(h::id)
                .select(h::new_value)
                .load(&mut *conn)
                .map_err(|e| e.to_string())?;
            let history: Vec<String> = history.into_iter().flatten().collect();
            if &history != values {
                wrong += history.len().abs_diff(values.len()).max(1);
                eprintln!(
                    "  application {}: {} saves answered, {} in the history",
                    app.0,
                    values.len(),
                    history.len()
                );
            }
        }
        Ok(wrong)
    })
    .await
    .map_err(|e| e.to_string())?
}
