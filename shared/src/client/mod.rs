//! Typed API client: one async function per endpoint. Used by the black-box
//! tests and by the SPA, so both exercise the same calls. The endpoints of
//! 学位初审 and 数据上报 are in `committee`.

mod account;
mod committee;
mod degree_data;
mod final_review;
mod verification;

use crate::dto::application::{
    ApplicationQuery, ApplicationRow, ApplicationStep, BulkOutcome, BulkStep, Dossier,
    DossierUpdate, FieldChange, FilingChange, FilingOutcome, Instructions, InstructionsUpdate,
    Message, RosterEntry, RosterQuery,
};
use crate::dto::audit::{AuditEntry, AuditQuery};
use crate::dto::auth::{LoginRequest, LoginResponse, Me};
use crate::dto::batch::{AdvanceBatch, Batch, CurrentBatch, NewBatch};
use crate::dto::health::Health;
use crate::dto::sync::{SyncRun, SyncRunQuery, SyncedDossier};
use crate::dto::unit::Unit;
use crate::dto::{Page, PageQuery};
use crate::error::{ApiErrorBody, ErrorCode};
use crate::ids::{ApplicationId, BatchId, StudentId, UnitId};
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ClientError {
    /// The server answered with an error body.
    #[error("HTTP {status}: {} ({:?})", body.message, body.code)]
    Api { status: u16, body: ApiErrorBody },
    /// The request did not reach the server or the answer did not arrive.
    #[error("network error: {0}")]
    Transport(String),
    /// The answer was not what the API documents.
    #[error("unexpected response: {0}")]
    Decode(String),
}

impl ClientError {
    /// The API error code, if the server answered with one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api { body, .. } => Some(body.code),
            _ => None,
        }
    }

    /// The error body, if the server answered with one.
    pub fn body(&self) -> Option<&ApiErrorBody> {
        match self {
            ClientError::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    /// A message fit for the user (Chinese).
    pub fn user_message(&self) -> String {
        match self {
            ClientError::Api { body, .. } => body.message.clone(),
            ClientError::Transport(_) => "无法连接服务器，请检查网络后重试".to_owned(),
            ClientError::Decode(_) => "服务器返回了无法识别的数据".to_owned(),
        }
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// A client for one server, optionally signed in.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl Client {
    /// `base` is the server's origin, e.g. `http://127.0.0.1:8080`.
    pub fn new(base: impl Into<String>) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: base.into().trim_end_matches('/').to_owned(),
            token: None,
        }
    }

    /// The same client, sending this bearer token.
    pub fn with_token(&self, token: impl Into<String>) -> Self {
        Self {
            token: Some(token.into()),
            ..self.clone()
        }
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub(crate) fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.authorized(self.http.get(self.url(path)))
    }

    pub(crate) fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.authorized(self.http.post(self.url(path)))
    }

    pub(crate) fn put(&self, path: &str) -> reqwest::RequestBuilder {
        self.authorized(self.http.put(self.url(path)))
    }

    pub(crate) fn delete(&self, path: &str) -> reqwest::RequestBuilder {
        self.authorized(self.http.delete(self.url(path)))
    }

    fn authorized(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    /// The body of a 2xx answer, or the API error.
    pub(crate) async fn body(rb: reqwest::RequestBuilder) -> Result<Vec<u8>> {
        let resp = rb
            .send()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        let status = resp.status().as_u16();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        if (200..300).contains(&status) {
            Ok(bytes.to_vec())
        } else {
            let body = serde_json::from_slice::<ApiErrorBody>(&bytes)
                .map_err(|e| ClientError::Decode(format!("HTTP {status}: {e}")))?;
            Err(ClientError::Api { status, body })
        }
    }

    pub(crate) async fn send<T: DeserializeOwned>(rb: reqwest::RequestBuilder) -> Result<T> {
        let bytes = Self::body(rb).await?;
        serde_json::from_slice(&bytes).map_err(|e| ClientError::Decode(e.to_string()))
    }

    /// For answers without a body (204).
    pub(crate) async fn send_empty(rb: reqwest::RequestBuilder) -> Result<()> {
        Self::body(rb).await.map(|_| ())
    }

    /// `GET /api/health`
    pub async fn health(&self) -> Result<Health> {
        Self::send(self.get("/api/health")).await
    }

    /// `GET /api/ready`
    pub async fn ready(&self) -> Result<Health> {
        Self::send(self.get("/api/ready")).await
    }

    /// `POST /api/v1/auth/login`
    pub async fn login(&self, req: &LoginRequest) -> Result<LoginResponse> {
        Self::send(self.post("/api/v1/auth/login").json(req)).await
    }

    /// `GET /api/v1/me`
    pub async fn me(&self) -> Result<Me> {
        Self::send(self.get("/api/v1/me")).await
    }

    /// `GET /api/v1/batches`
    pub async fn list_batches(&self, q: PageQuery) -> Result<Page<Batch>> {
        Self::send(self.get("/api/v1/batches").query(&q)).await
    }

    /// `GET /api/v1/batches/current`
    pub async fn current_batch(&self) -> Result<CurrentBatch> {
        Self::send(self.get("/api/v1/batches/current")).await
    }

    /// `GET /api/v1/batches/{id}`
    pub async fn get_batch(&self, id: BatchId) -> Result<Batch> {
        Self::send(self.get(&format!("/api/v1/batches/{id}"))).await
    }

    /// `POST /api/v1/batches`
    pub async fn create_batch(&self, new: &NewBatch) -> Result<Batch> {
        Self::send(self.post("/api/v1/batches").json(new)).await
    }

    /// `POST /api/v1/batches/{id}/advance`
    pub async fn advance_batch(&self, id: BatchId, req: &AdvanceBatch) -> Result<Batch> {
        Self::send(
            self.post(&format!("/api/v1/batches/{id}/advance"))
                .json(req),
        )
        .await
    }

    /// `GET /api/v1/audit`
    pub async fn audit_log(&self, q: &AuditQuery) -> Result<Page<AuditEntry>> {
        Self::send(self.get("/api/v1/audit").query(q)).await
    }

    /// `POST /api/v1/students/{id}/sync`
    pub async fn sync_student(&self, id: StudentId) -> Result<SyncRun> {
        Self::send(self.post(&format!("/api/v1/students/{id}/sync"))).await
    }

    /// `POST /api/v1/units/{id}/sync`
    pub async fn sync_unit(&self, id: UnitId) -> Result<SyncRun> {
        Self::send(self.post(&format!("/api/v1/units/{id}/sync"))).await
    }

    /// `POST /api/v1/units/{id}/roster/sync`
    pub async fn sync_roster(&self, id: UnitId) -> Result<SyncRun> {
        Self::send(self.post(&format!("/api/v1/units/{id}/roster/sync"))).await
    }

    /// `GET /api/v1/sync/runs`
    pub async fn sync_runs(&self, q: &SyncRunQuery) -> Result<Page<SyncRun>> {
        Self::send(self.get("/api/v1/sync/runs").query(q)).await
    }

    /// `GET /api/v1/sync/runs/{id}`
    pub async fn sync_run(&self, id: i64) -> Result<SyncRun> {
        Self::send(self.get(&format!("/api/v1/sync/runs/{id}"))).await
    }

    /// `GET /api/v1/students/{id}/synced`
    pub async fn synced_dossier(&self, id: StudentId) -> Result<SyncedDossier> {
        Self::send(self.get(&format!("/api/v1/students/{id}/synced"))).await
    }

    /// `GET /api/v1/units`
    pub async fn units(&self) -> Result<Vec<Unit>> {
        Self::send(self.get("/api/v1/units")).await
    }

    /// `GET /api/v1/units/{id}/roster` (全部学生列表)
    pub async fn roster(&self, unit: UnitId, q: &RosterQuery) -> Result<Page<RosterEntry>> {
        Self::send(self.get(&format!("/api/v1/units/{unit}/roster")).query(q)).await
    }

    /// `POST /api/v1/units/{id}/filing` (申请学位 “保存”)
    pub async fn save_filing(&self, unit: UnitId, change: &FilingChange) -> Result<FilingOutcome> {
        Self::send(
            self.post(&format!("/api/v1/units/{unit}/filing"))
                .json(change),
        )
        .await
    }

    /// `GET /api/v1/units/{id}/applications` (申请学位学生)
    pub async fn applications(
        &self,
        unit: UnitId,
        q: &ApplicationQuery,
    ) -> Result<Page<ApplicationRow>> {
        Self::send(
            self.get(&format!("/api/v1/units/{unit}/applications"))
                .query(q),
        )
        .await
    }

    /// `POST /api/v1/units/{id}/applications/steps`
    pub async fn bulk_step(&self, unit: UnitId, step: &BulkStep) -> Result<BulkOutcome> {
        Self::send(
            self.post(&format!("/api/v1/units/{unit}/applications/steps"))
                .json(step),
        )
        .await
    }

    /// `GET /api/v1/me/application`
    pub async fn my_application(&self) -> Result<Dossier> {
        Self::send(self.get("/api/v1/me/application")).await
    }

    /// `GET /api/v1/applications/{id}`
    pub async fn dossier(&self, id: ApplicationId) -> Result<Dossier> {
        Self::send(self.get(&format!("/api/v1/applications/{id}"))).await
    }

    /// `PUT /api/v1/applications/{id}/dossier`
    pub async fn update_dossier(
        &self,
        id: ApplicationId,
        update: &DossierUpdate,
    ) -> Result<Dossier> {
        Self::send(
            self.put(&format!("/api/v1/applications/{id}/dossier"))
                .json(update),
        )
        .await
    }

    /// `PUT /api/v1/applications/{id}/photo?version=…`: the degree photo
    /// (JPEG bytes), based on the application's `version`.
    pub async fn upload_photo(
        &self,
        id: ApplicationId,
        version: i32,
        jpeg: Vec<u8>,
    ) -> Result<Dossier> {
        Self::send(
            self.put(&format!("/api/v1/applications/{id}/photo"))
                .query(&[("version", version)])
                .header("content-type", "image/jpeg")
                .body(jpeg),
        )
        .await
    }

    /// `GET /api/v1/applications/{id}/photo`: the JPEG bytes.
    pub async fn photo(&self, id: ApplicationId) -> Result<Vec<u8>> {
        Self::body(self.get(&format!("/api/v1/applications/{id}/photo"))).await
    }

    /// `POST /api/v1/applications/{id}/steps`
    pub async fn step(&self, id: ApplicationId, step: &ApplicationStep) -> Result<Dossier> {
        Self::send(
            self.post(&format!("/api/v1/applications/{id}/steps"))
                .json(step),
        )
        .await
    }

    /// `GET /api/v1/applications/{id}/history`
    pub async fn history(&self, id: ApplicationId, q: PageQuery) -> Result<Page<FieldChange>> {
        Self::send(
            self.get(&format!("/api/v1/applications/{id}/history"))
                .query(&q),
        )
        .await
    }

    /// `GET /api/v1/me/messages`
    pub async fn messages(&self) -> Result<Vec<Message>> {
        Self::send(self.get("/api/v1/me/messages")).await
    }

    /// `POST /api/v1/me/messages/read`
    pub async fn mark_messages_read(&self) -> Result<()> {
        Self::send_empty(self.post("/api/v1/me/messages/read")).await
    }

    /// `GET /api/v1/instructions` (填报说明)
    pub async fn instructions(&self) -> Result<Instructions> {
        Self::send(self.get("/api/v1/instructions")).await
    }

    /// `PUT /api/v1/instructions`
    pub async fn update_instructions(&self, update: &InstructionsUpdate) -> Result<Instructions> {
        Self::send(self.put("/api/v1/instructions").json(update)).await
    }
}
