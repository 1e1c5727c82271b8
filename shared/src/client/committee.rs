//! The client calls of 学位初审 and 数据上报: the committee, its members'
//! portal rights, opinions, the meeting, results, the voting list, the
//! decision rules, the submission and its reopening; and the password change.

use super::{Client, Result};
use crate::dto::application::BulkOutcome;
use crate::dto::auth::LoginResponse;
use crate::dto::committee::{
    Committee, MeetingInput, MeetingView, Member, MemberInput, MemberVersion, OpinionInput,
    PasswordChange, PortalGrant, ResultsRequest, ReviewPage, ReviewQuery, RuleUpdate, RuleView,
    SubmissionChange, SubmissionOverview, SubmissionStatus, VotingList,
};
use crate::ids::{ApplicationId, UnitId};
use crate::workflow::committee::{CommitteeKind, CommitteeOf};

impl Client {
    /// `POST /api/v1/me/password`: every other session ends; the answer
    /// carries a fresh token for this one.
    pub async fn change_password(&self, req: &PasswordChange) -> Result<LoginResponse> {
        Self::send(self.post("/api/v1/me/password").json(req)).await
    }

    /// `GET /api/v1/units/{id}/committee` (学位初审委员会)
    pub async fn committee(&self, of: impl Into<CommitteeOf>) -> Result<Committee> {
        Self::send(self.get(&of.into().committee_path())).await
    }

    /// `POST /api/v1/units/{id}/committee/members`
    pub async fn add_member(&self, of: impl Into<CommitteeOf>, m: &MemberInput) -> Result<Member> {
        Self::send(
            self.post(&format!("{}/members", of.into().committee_path()))
                .json(m),
        )
        .await
    }

    /// `PUT /api/v1/units/{id}/committee/members/{member}`
    pub async fn edit_member(
        &self,
        of: impl Into<CommitteeOf>,
        member: i64,
        m: &MemberInput,
    ) -> Result<Member> {
        Self::send(
            self.put(&format!("{}/members/{member}", of.into().committee_path()))
                .json(m),
        )
        .await
    }

    /// `DELETE /api/v1/units/{id}/committee/members/{member}?version=…`
    pub async fn remove_member(
        &self,
        of: impl Into<CommitteeOf>,
        member: i64,
        version: i32,
    ) -> Result<()> {
        Self::send_empty(
            self.delete(&format!("{}/members/{member}", of.into().committee_path()))
                .query(&[("version", version)]),
        )
        .await
    }

    /// `POST /api/v1/units/{id}/committee/members/{member}/portal` (授予信息门户权限)
    pub async fn grant_portal(
        &self,
        of: impl Into<CommitteeOf>,
        member: i64,
        version: i32,
    ) -> Result<PortalGrant> {
        Self::send(
            self.post(&format!(
                "{}/members/{member}/portal",
                of.into().committee_path()
            ))
            .json(&MemberVersion { version }),
        )
        .await
    }

    /// `DELETE /api/v1/units/{id}/committee/members/{member}/portal?version=…`
    pub async fn withdraw_portal(
        &self,
        of: impl Into<CommitteeOf>,
        member: i64,
        version: i32,
    ) -> Result<Member> {
        Self::send(
            self.delete(&format!(
                "{}/members/{member}/portal",
                of.into().committee_path()
            ))
            .query(&[("version", version)]),
        )
        .await
    }

    /// `GET /api/v1/units/{id}/prelim/applicants` (网上学位初审),
    /// `GET /api/v1/groups/{id}/subcommittee/applicants` (学科群分会评审)
    pub async fn committee_applicants(
        &self,
        of: impl Into<CommitteeOf>,
        q: &ReviewQuery,
    ) -> Result<ReviewPage> {
        Self::send(
            self.get(&format!("{}/applicants", of.into().review_path()))
                .query(q),
        )
        .await
    }

    /// `PUT /api/v1/applications/{id}/opinion`
    pub async fn give_opinion(&self, id: ApplicationId, o: &OpinionInput) -> Result<()> {
        Self::send_empty(
            self.put(&format!("/api/v1/applications/{id}/opinion"))
                .json(o),
        )
        .await
    }

    /// `GET …/meeting`: 学位初审信息 (`/api/v1/units/{id}/prelim`), 分会评审信息
    /// (`/api/v1/groups/{id}/subcommittee`), the congress's (`/api/v1/congress`)
    pub async fn committee_meeting(&self, of: impl Into<CommitteeOf>) -> Result<MeetingView> {
        Self::send(self.get(&format!("{}/meeting", of.into().review_path()))).await
    }

    /// `PUT …/meeting`
    pub async fn save_committee_meeting(
        &self,
        of: impl Into<CommitteeOf>,
        m: &MeetingInput,
    ) -> Result<MeetingView> {
        Self::send(
            self.put(&format!("{}/meeting", of.into().review_path()))
                .json(m),
        )
        .await
    }

    /// `POST …/results`: 学位初审结果, 分会评审结果
    pub async fn record_committee_results(
        &self,
        of: impl Into<CommitteeOf>,
        r: &ResultsRequest,
    ) -> Result<BulkOutcome> {
        Self::send(
            self.post(&format!("{}/results", of.into().review_path()))
                .json(r),
        )
        .await
    }

    /// `GET /api/v1/units/{id}/prelim/voting-list` (表决授予学位名单)
    pub async fn voting_list(&self, unit: UnitId) -> Result<VotingList> {
        Self::send(self.get(&format!("/api/v1/units/{unit}/prelim/voting-list"))).await
    }

    /// `GET /api/v1/units/{id}/prelim/voting-list.xlsx`: the workbook's bytes.
    pub async fn voting_list_xlsx(&self, unit: UnitId) -> Result<Vec<u8>> {
        Self::body(self.get(&format!("/api/v1/units/{unit}/prelim/voting-list.xlsx"))).await
    }

    /// `GET /api/v1/committee-rules/{kind}`
    pub async fn committee_rule(&self, kind: CommitteeKind) -> Result<RuleView> {
        Self::send(self.get(&format!("/api/v1/committee-rules/{}", kind.as_str()))).await
    }

    /// `PUT /api/v1/committee-rules/{kind}`
    pub async fn set_committee_rule(
        &self,
        kind: CommitteeKind,
        r: &RuleUpdate,
    ) -> Result<RuleView> {
        Self::send(
            self.put(&format!("/api/v1/committee-rules/{}", kind.as_str()))
                .json(r),
        )
        .await
    }

    /// `GET /api/v1/submissions` (上报情况)
    pub async fn submissions(&self) -> Result<SubmissionOverview> {
        Self::send(self.get("/api/v1/submissions")).await
    }

    /// `GET /api/v1/units/{id}/submission` (数据上报, 终审审核)
    pub async fn submission(&self, unit: UnitId) -> Result<SubmissionStatus> {
        Self::send(self.get(&format!("/api/v1/units/{unit}/submission"))).await
    }

    /// `POST /api/v1/units/{id}/submission` (数据上报)
    pub async fn submit_unit(&self, unit: UnitId, version: i32) -> Result<SubmissionStatus> {
        Self::send(
            self.post(&format!("/api/v1/units/{unit}/submission"))
                .json(&SubmissionChange {
                    version,
                    reason: None,
                }),
        )
        .await
    }

    /// `POST /api/v1/units/{id}/submission/reopen` (退回培养单位修改)
    pub async fn reopen_unit(
        &self,
        unit: UnitId,
        version: i32,
        reason: &str,
    ) -> Result<SubmissionStatus> {
        Self::send(
            self.post(&format!("/api/v1/units/{unit}/submission/reopen"))
                .json(&SubmissionChange {
                    version,
                    reason: Some(reason.to_owned()),
                }),
        )
        .await
    }
}
