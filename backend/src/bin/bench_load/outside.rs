//! The outside of the benchmark: the server processes and wrk.

use super::{CONNECTIONS, THREADS, WARM_UP_SECONDS};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// What wrk measured.
#[derive(serde::Deserialize, Clone, Copy)]
pub(crate) struct Measured {
    pub requests: u64,
    pub duration_us: u64,
    pub p50_us: f64,
    pub p99_us: f64,
    pub errors: u64,
}

impl Measured {
    pub fn rate(&self) -> f64 {
        self.requests as f64 / (self.duration_us as f64 / 1e6)
    }
}

pub(crate) fn binary(name: &str) -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let path = exe.with_file_name(name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("{} is not built", path.display()))
    }
}

pub(crate) fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// A server process, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    pub address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) async fn start(
    mut command: Command,
    ready_path: &str,
    log: &Path,
) -> Result<Server, String> {
    let port = free_port()?;
    let address = format!("127.0.0.1:{port}");
    let log = std::fs::File::create(log).map_err(|e| e.to_string())?;
    command
        .env("DEGREE_BIND", &address)
        .arg(&address)
        .stdout(Stdio::null())
        .stderr(log);
    let child = command.spawn().map_err(|e| e.to_string())?;
    let server = Server {
        child,
        address: format!("http://{address}"),
    };
    let http = reqwest::Client::new();
    for _ in 0..600 {
        if let Ok(r) = http
            .get(format!("{}{ready_path}", server.address))
            .send()
            .await
        {
            if r.status().is_success() {
                return Ok(server);
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("{:?} did not become ready", command.get_program()))
}

/// Run wrk over `paths` with `token`; the Lua script sends them in turn
/// and prints the summary as one JSON line.
pub(crate) fn wrk(
    address: &str,
    paths: &[String],
    token: Option<&str>,
    seconds: u64,
    dir: &Path,
) -> Result<Measured, String> {
    let list: Vec<String> = paths.iter().map(|p| format!("{p:?}")).collect();
    let header = token.map_or(String::new(), |t| {
        format!("wrk.headers[\"Authorization\"] = \"Bearer {t}\"\n")
    });
    let script = format!(
        r#"{header}local paths = {{{list}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{{"requests":%d,"duration_us":%d,"p50_us":%f,"p99_us":%f,"errors":%d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"#,
        list = list.join(",")
    );
    let file = dir.join("bench-load.lua");
    std::fs::write(&file, script).map_err(|e| e.to_string())?;
    let out = Command::new("wrk")
        .args([
            format!("-t{THREADS}"),
            format!("-c{CONNECTIONS}"),
            format!("-d{seconds}s"),
            "--timeout".into(),
            "10s".into(),
            "-s".into(),
            file.display().to_string(),
            address.to_owned(),
        ])
        .output()
        .map_err(|e| format!("wrk: {e} (scripts/bench-load installs it)"))?;
    if !out.status.success() {
        return Err(format!("wrk: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .ok_or_else(|| format!("wrk printed no summary: {stdout}"))?;
    serde_json::from_str(line).map_err(|e| format!("wrk summary {line}: {e}"))
}

pub(crate) fn measure(
    address: &str,
    paths: &[String],
    token: Option<&str>,
    seconds: u64,
    dir: &Path,
) -> Result<Measured, String> {
    wrk(address, paths, token, WARM_UP_SECONDS, dir)?;
    wrk(address, paths, token, seconds, dir)
}
