//! The client calls of 学位终审数据管理: certificate numbers, the 学位授予
//! 通知, the 公告 (the public ones without login), the national report and
//! the code tables.

use super::{Client, Result};
use crate::dto::degree_data::*;
use crate::ids::{ApplicationId, BatchId, UnitId};
use crate::national::codes::NationalData;

impl Client {
    /// `GET /api/v1/code-tables`
    pub async fn code_tables(&self) -> Result<NationalData> {
        Self::send(self.get("/api/v1/code-tables")).await
    }

    /// `GET /api/v1/batches/{id}/certificates`
    pub async fn certificates(&self, batch: BatchId) -> Result<CertificateOverview> {
        Self::send(self.get(&format!("/api/v1/batches/{batch}/certificates"))).await
    }

    /// `POST /api/v1/batches/{id}/certificates` (发放学位证书编号)
    pub async fn issue_certificates(&self, batch: BatchId) -> Result<IssueOutcome> {
        Self::send(self.post(&format!("/api/v1/batches/{batch}/certificates"))).await
    }

    /// `GET /api/v1/applications/{id}/certificates`
    pub async fn certificate_numbers(&self, id: ApplicationId) -> Result<Vec<CertificateRecord>> {
        Self::send(self.get(&format!("/api/v1/applications/{id}/certificates"))).await
    }

    /// `POST /api/v1/applications/{id}/certificate/revoke` (作废学位证书编号)
    pub async fn revoke_certificate(
        &self,
        id: ApplicationId,
        r: &RevokeInput,
    ) -> Result<Vec<CertificateRecord>> {
        Self::send(
            self.post(&format!("/api/v1/applications/{id}/certificate/revoke"))
                .json(r),
        )
        .await
    }

    /// `GET /api/v1/batches/{id}/notices`
    pub async fn notices(&self, batch: BatchId) -> Result<NoticesOverview> {
        Self::send(self.get(&format!("/api/v1/batches/{batch}/notices"))).await
    }

    /// `POST /api/v1/batches/{id}/notices/send` (发送学位授予通知)
    pub async fn send_notices(&self, batch: BatchId) -> Result<NoticesSent> {
        Self::send(self.post(&format!("/api/v1/batches/{batch}/notices/send"))).await
    }

    /// `GET /api/v1/batches/{id}/units/{unit}/notice` (学位授予通知)
    pub async fn unit_notice(&self, batch: BatchId, unit: UnitId) -> Result<UnitNotice> {
        Self::send(self.get(&format!("/api/v1/batches/{batch}/units/{unit}/notice"))).await
    }

    /// `GET /api/v1/batches/{id}/units/{unit}/notice.xlsx`
    pub async fn unit_notice_xlsx(&self, batch: BatchId, unit: UnitId) -> Result<Vec<u8>> {
        Self::body(self.get(&format!("/api/v1/batches/{batch}/units/{unit}/notice.xlsx"))).await
    }

    /// `GET /api/v1/batches/{id}/announcement`
    pub async fn announcement(&self, batch: BatchId) -> Result<AnnouncementStatus> {
        Self::send(self.get(&format!("/api/v1/batches/{batch}/announcement"))).await
    }

    /// `POST /api/v1/batches/{id}/announcement` (发布公告)
    pub async fn publish_announcement(
        &self,
        batch: BatchId,
        a: &AnnouncementInput,
    ) -> Result<AnnouncementStatus> {
        Self::send(
            self.post(&format!("/api/v1/batches/{batch}/announcement"))
                .json(a),
        )
        .await
    }

    /// `DELETE /api/v1/batches/{id}/announcement?version=` (撤销公告)
    pub async fn unpublish_announcement(
        &self,
        batch: BatchId,
        version: i32,
    ) -> Result<AnnouncementStatus> {
        Self::send(
            self.delete(&format!("/api/v1/batches/{batch}/announcement"))
                .query(&[("version", version)]),
        )
        .await
    }

    /// `GET /api/v1/public/announcements` (no login)
    pub async fn public_announcements(&self) -> Result<Vec<AnnouncementSummary>> {
        Self::send(self.get("/api/v1/public/announcements")).await
    }

    /// `GET /api/v1/public/announcements/{id}` (no login)
    pub async fn public_announcement(&self, batch: BatchId) -> Result<Announcement> {
        Self::send(self.get(&format!("/api/v1/public/announcements/{batch}"))).await
    }

    /// `GET /api/v1/batches/{id}/report/check` (校验)
    pub async fn check_report(&self, batch: BatchId) -> Result<ReportCheck> {
        Self::send(self.get(&format!("/api/v1/batches/{batch}/report/check"))).await
    }

    /// `GET /api/v1/batches/{id}/report`
    pub async fn report(&self, batch: BatchId) -> Result<Option<ReportView>> {
        Self::send(self.get(&format!("/api/v1/batches/{batch}/report"))).await
    }

    /// `POST /api/v1/batches/{id}/report` (生成上报文件)
    pub async fn produce_report(&self, batch: BatchId, r: &ReportRequest) -> Result<ReportView> {
        Self::send(
            self.post(&format!("/api/v1/batches/{batch}/report"))
                .json(r),
        )
        .await
    }

    /// `GET /api/v1/batches/{id}/report/files/{kind}`
    pub async fn report_file(&self, batch: BatchId, kind: ReportFileKind) -> Result<Vec<u8>> {
        Self::body(self.get(&format!(
            "/api/v1/batches/{batch}/report/files/{}",
            kind.as_str()
        )))
        .await
    }
}
