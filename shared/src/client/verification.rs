//! The client calls of 学位信息核查, the 核查意见 and the 纸质修改申请.

use super::{Client, Result};
use crate::dto::verification::{
    AppliedCorrections, ApplyCorrections, Correction, CorrectionDecision, CorrectionInput,
    CorrectionQuery, Flag, FlagClose, FlagInput, FlagQuery, ReviewRecord, VerificationPage,
    VerificationQuery, VersionOnly,
};
use crate::dto::Page;
use crate::ids::ApplicationId;

impl Client {
    /// `GET /api/v1/verification/applications` (学位信息核查)
    pub async fn verification(&self, q: &VerificationQuery) -> Result<VerificationPage> {
        Self::send(self.get("/api/v1/verification/applications").query(q)).await
    }

    /// `GET /api/v1/applications/{id}/review-record`
    pub async fn review_record(&self, id: ApplicationId) -> Result<ReviewRecord> {
        Self::send(self.get(&format!("/api/v1/applications/{id}/review-record"))).await
    }

    /// `POST /api/v1/applications/{id}/flags` (提出核查意见)
    pub async fn raise_flag(&self, id: ApplicationId, f: &FlagInput) -> Result<Flag> {
        Self::send(
            self.post(&format!("/api/v1/applications/{id}/flags"))
                .json(f),
        )
        .await
    }

    /// `GET /api/v1/flags`
    pub async fn flags(&self, q: &FlagQuery) -> Result<Page<Flag>> {
        Self::send(self.get("/api/v1/flags").query(q)).await
    }

    /// `POST /api/v1/flags/{id}/close`
    pub async fn close_flag(&self, id: i64, req: &FlagClose) -> Result<Flag> {
        Self::send(self.post(&format!("/api/v1/flags/{id}/close")).json(req)).await
    }

    /// `POST /api/v1/applications/{id}/corrections` (纸质修改申请)
    pub async fn record_correction(
        &self,
        id: ApplicationId,
        c: &CorrectionInput,
    ) -> Result<Correction> {
        Self::send(
            self.post(&format!("/api/v1/applications/{id}/corrections"))
                .json(c),
        )
        .await
    }

    /// `GET /api/v1/corrections`
    pub async fn corrections(&self, q: &CorrectionQuery) -> Result<Page<Correction>> {
        Self::send(self.get("/api/v1/corrections").query(q)).await
    }

    /// `PUT /api/v1/corrections/{id}/attachment?version=…`: the scan's bytes
    /// (PDF or JPEG), sent with `content_type`.
    pub async fn attach_scan(
        &self,
        id: i64,
        version: i32,
        content_type: &str,
        data: Vec<u8>,
    ) -> Result<Correction> {
        Self::send(
            self.put(&format!("/api/v1/corrections/{id}/attachment"))
                .query(&[("version", version)])
                .header("content-type", content_type)
                .body(data),
        )
        .await
    }

    /// `GET /api/v1/corrections/{id}/attachment`: the scan's bytes.
    pub async fn scan(&self, id: i64) -> Result<Vec<u8>> {
        Self::body(self.get(&format!("/api/v1/corrections/{id}/attachment"))).await
    }

    /// `POST /api/v1/corrections/{id}/decision` (批准 / 不批准)
    pub async fn decide_correction(&self, id: i64, d: &CorrectionDecision) -> Result<Correction> {
        Self::send(
            self.post(&format!("/api/v1/corrections/{id}/decision"))
                .json(d),
        )
        .await
    }

    /// `POST /api/v1/corrections/{id}/apply` (执行修改)
    pub async fn apply_correction(&self, id: i64, version: i32) -> Result<Correction> {
        Self::send(
            self.post(&format!("/api/v1/corrections/{id}/apply"))
                .json(&VersionOnly { version }),
        )
        .await
    }

    /// `POST /api/v1/corrections/apply` (全部执行)
    pub async fn apply_corrections(&self, ids: Vec<i64>) -> Result<AppliedCorrections> {
        Self::send(
            self.post("/api/v1/corrections/apply")
                .json(&ApplyCorrections { ids }),
        )
        .await
    }
}
