//! The simulated university portal (统一身份认证, SEP) speaking CAS 3.0:
//! its sign-in page, service tickets (single use, bound to the service they
//! were issued for, valid for five minutes) and the `serviceValidate`
//! answer with the user's name (学号 or staff number). Any user name signs
//! in with the password [`PORTAL_PASSWORD`]: the portal knows everyone; the
//! degree system decides who has an account.

use super::SimState;
use actix_web::{http::header, web, HttpResponse};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The simulated portal's password for every user.
pub const PORTAL_PASSWORD: &str = "Demo@2026";

/// How long a ticket may wait for its validation.
const TICKET_LIFETIME: Duration = Duration::from_secs(300);

struct Ticket {
    user: String,
    service: String,
    issued: Instant,
}

/// The tickets issued and not yet validated.
#[derive(Default)]
pub struct Tickets {
    next: AtomicU64,
    open: Mutex<HashMap<String, Ticket>>,
}

impl Tickets {
    /// Issue a ticket for `user` at `service`.
    pub fn issue(&self, user: &str, service: &str) -> String {
        use rand::Rng;
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let salt: u64 = rand::thread_rng().gen();
        let id = format!("ST-{n}-{salt:016x}");
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.retain(|_, t| t.issued.elapsed() < TICKET_LIFETIME);
        open.insert(
            id.clone(),
            Ticket {
                user: user.to_owned(),
                service: service.to_owned(),
                issued: Instant::now(),
            },
        );
        id
    }

    /// Validate `id` for `service`: the user, or the CAS failure code. A
    /// ticket is gone after its first validation, good or not.
    fn validate(&self, id: &str, service: &str) -> Result<String, &'static str> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let t = open.remove(id).ok_or("INVALID_TICKET")?;
        if t.issued.elapsed() >= TICKET_LIFETIME {
            return Err("INVALID_TICKET");
        }
        if t.service != service {
            return Err("INVALID_SERVICE");
        }
        Ok(t.user)
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(service: &str, error: Option<&str>) -> HttpResponse {
    let error = error
        .map(|e| format!("<p id=\"cas-error\" style=\"color:#b00\">{}</p>", escape(e)))
        .unwrap_or_default();
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(format!(
            "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
             <title>统一身份认证（模拟）</title></head><body style=\"font-family:sans-serif;max-width:24em;margin:4em auto\">\
             <h1>统一身份认证（模拟门户）</h1>{error}\
             <form method=\"post\" action=\"login\">\
             <input type=\"hidden\" name=\"service\" value=\"{}\">\
             <p><label for=\"cas-username\">学号或工号</label><br><input id=\"cas-username\" name=\"username\" autocomplete=\"username\"></p>\
             <p><label for=\"cas-password\">密码</label><br><input id=\"cas-password\" name=\"password\" type=\"password\"></p>\
             <p><button id=\"cas-submit\" type=\"submit\">登录</button></p></form></body></html>",
            escape(service)
        ))
}

#[derive(Deserialize)]
struct LoginQuery {
    service: Option<String>,
}

async fn login_page(q: web::Query<LoginQuery>) -> HttpResponse {
    match q.service.as_deref() {
        Some(s) if !s.is_empty() => page(s, None),
        _ => HttpResponse::BadRequest().body("service is required"),
    }
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    service: String,
}

async fn login(sim: web::Data<Arc<SimState>>, form: web::Form<LoginForm>) -> HttpResponse {
    let user = form.username.trim();
    if user.is_empty() || form.password != PORTAL_PASSWORD {
        return page(&form.service, Some("学号（工号）或密码错误"));
    }
    let ticket = sim.cas.issue(user, &form.service);
    let sep = if form.service.contains('?') { '&' } else { '?' };
    HttpResponse::Found()
        .insert_header((
            header::LOCATION,
            format!("{}{sep}ticket={ticket}", form.service),
        ))
        .finish()
}

#[derive(Deserialize)]
struct ValidateQuery {
    ticket: Option<String>,
    service: Option<String>,
}

async fn service_validate(
    sim: web::Data<Arc<SimState>>,
    q: web::Query<ValidateQuery>,
) -> HttpResponse {
    let answer = match (q.ticket.as_deref(), q.service.as_deref()) {
        (Some(t), Some(s)) => sim.cas.validate(t, s),
        _ => Err("INVALID_REQUEST"),
    };
    let body = match answer {
        Ok(user) => format!(
            "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">\
             <cas:authenticationSuccess><cas:user>{}</cas:user></cas:authenticationSuccess>\
             </cas:serviceResponse>",
            escape(&user)
        ),
        Err(code) => format!(
            "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">\
             <cas:authenticationFailure code=\"{code}\">ticket not valid for this service</cas:authenticationFailure>\
             </cas:serviceResponse>"
        ),
    };
    HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .body(body)
}

/// The portal's routes, under `/cas`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/cas/login", web::get().to(login_page))
        .route("/cas/login", web::post().to(login))
        .route("/cas/p3/serviceValidate", web::get().to(service_validate));
}
