//! HTTP connectors to the campus systems (reqwest): timeouts, bounded
//! retries with backoff, and a clear reason for every failure.

use super::contract::{SourceSystem, UnitRecord, UpstreamPage};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::time::Duration;

/// Where the systems are and how patiently to ask them.
#[derive(Debug, Clone)]
pub struct UpstreamConfig {
    pub bases: HashMap<SourceSystem, String>,
    pub timeout: Duration,
    /// Extra attempts after a failure that may pass (timeouts, 5xx, refused).
    pub retries: u32,
}

impl UpstreamConfig {
    /// All four systems behind one base URL (as the simulator serves them).
    pub fn single(base: &str, timeout: Duration, retries: u32) -> Self {
        Self {
            bases: SourceSystem::ALL
                .into_iter()
                .map(|s| (s, base.trim_end_matches('/').to_owned()))
                .collect(),
            timeout,
            retries,
        }
    }
}

/// Why a fetch failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("{0} 未配置地址")]
    NotConfigured(&'static str),
    #[error("{system} 无法连接：{detail}")]
    Unreachable {
        system: &'static str,
        detail: String,
    },
    #[error("{0} 响应超时")]
    Timeout(&'static str),
    #[error("{system} 返回错误状态 HTTP {status}")]
    Status { system: &'static str, status: u16 },
    #[error("{0} 中没有该记录")]
    NotFound(&'static str),
    #[error("{system} 返回的数据无法识别：{detail}")]
    Garbage {
        system: &'static str,
        detail: String,
    },
}

impl FetchError {
    /// Worth another attempt?
    fn transient(&self) -> bool {
        matches!(
            self,
            FetchError::Unreachable { .. }
                | FetchError::Timeout(_)
                | FetchError::Status {
                    status: 500..=599,
                    ..
                }
        )
    }
}

#[derive(Debug, Clone)]
pub struct Upstream {
    http: reqwest::Client,
    config: UpstreamConfig,
}

impl Upstream {
    pub fn new(config: UpstreamConfig) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .pool_max_idle_per_host(32)
            .build()?;
        Ok(Self { http, config })
    }

    fn url(&self, system: SourceSystem, path: &str) -> Result<String, FetchError> {
        self.config
            .bases
            .get(&system)
            .map(|base| format!("{base}/{}/v1{path}", system.as_str()))
            .ok_or(FetchError::NotConfigured(system.label()))
    }

    async fn get<T: DeserializeOwned>(
        &self,
        system: SourceSystem,
        url: &str,
        query: &[(&str, String)],
    ) -> Result<T, FetchError> {
        let mut attempt = 0;
        loop {
            match self.get_once(system, url, query).await {
                Err(e) if e.transient() && attempt < self.config.retries => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100 * 2u64.pow(attempt))).await;
                }
                other => return other,
            }
        }
    }

    async fn get_once<T: DeserializeOwned>(
        &self,
        system: SourceSystem,
        url: &str,
        query: &[(&str, String)],
    ) -> Result<T, FetchError> {
        let label = system.label();
        let transport = |e: reqwest::Error| {
            if e.is_timeout() {
                FetchError::Timeout(label)
            } else {
                FetchError::Unreachable {
                    system: label,
                    detail: e.to_string(),
                }
            }
        };
        let resp = self
            .http
            .get(url)
            .query(query)
            .send()
            .await
            .map_err(transport)?;
        let status = resp.status().as_u16();
        if status == 404 {
            return Err(FetchError::NotFound(label));
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status {
                system: label,
                status,
            });
        }
        let bytes = resp.bytes().await.map_err(transport)?;
        serde_json::from_slice(&bytes).map_err(|e| FetchError::Garbage {
            system: label,
            detail: e.to_string(),
        })
    }

    /// One student's record of a system.
    pub async fn student<T: DeserializeOwned>(
        &self,
        system: SourceSystem,
        student_no: &str,
    ) -> Result<T, FetchError> {
        let url = self.url(system, &format!("/students/{student_no}"))?;
        self.get(system, &url, &[]).await
    }

    /// One page of a unit's students in a system.
    pub async fn unit_page<T: DeserializeOwned>(
        &self,
        system: SourceSystem,
        unit_code: &str,
        page: i64,
        per_page: i64,
    ) -> Result<UpstreamPage<T>, FetchError> {
        let url = self.url(system, &format!("/units/{unit_code}/students"))?;
        self.get(
            system,
            &url,
            &[
                ("page", page.to_string()),
                ("per_page", per_page.to_string()),
            ],
        )
        .await
    }

    /// Every page of a unit's students in a system.
    pub async fn unit_all<T: DeserializeOwned>(
        &self,
        system: SourceSystem,
        unit_code: &str,
    ) -> Result<Vec<T>, FetchError> {
        const PER_PAGE: i64 = 500;
        let mut items = Vec::new();
        let mut page = 1;
        loop {
            let p: UpstreamPage<T> = self.unit_page(system, unit_code, page, PER_PAGE).await?;
            let got = p.items.len() as i64;
            items.extend(p.items);
            if got < PER_PAGE || (items.len() as i64) >= p.total {
                return Ok(items);
            }
            page += 1;
        }
    }

    /// The training units known to student records.
    pub async fn units(&self) -> Result<Vec<UnitRecord>, FetchError> {
        let url = self.url(SourceSystem::Records, "/units")?;
        self.get(SourceSystem::Records, &url, &[]).await
    }
}
