//! The client calls of 学科群管理, 学科群分会评审's notice and 学位终审: the
//! aggregate, the final decisions, the congress's meeting and the hearings.
//! The subcommittee's members, list, meeting and results are the committee
//! calls (`client::committee`) with a `GroupId`.

use super::{Client, Result};
use crate::dto::application::BulkOutcome;
use crate::dto::committee::{MeetingInput, MeetingView};
use crate::dto::final_review::{
    AcceptRecommendations, FinalDecisionInput, FinalOverview, FinalPage, FinalQuery, FinalRow,
    GroupsOverview, HearingAnswer, HearingProposal, HearingRecordInput, HearingRow, HearingView,
    MajorAssignment, MyDecision, Notice, NoticeInput,
};
use crate::ids::{ApplicationId, BatchId, GroupId};

impl Client {
    /// `GET /api/v1/groups` (学科群管理)
    pub async fn groups(&self) -> Result<GroupsOverview> {
        Self::send(self.get("/api/v1/groups")).await
    }

    /// `PUT /api/v1/groups/majors`
    pub async fn assign_major(&self, a: &MajorAssignment) -> Result<GroupsOverview> {
        Self::send(self.put("/api/v1/groups/majors").json(a)).await
    }

    /// `POST /api/v1/groups/{id}/subcommittee/notice` (通知委员)
    pub async fn notify_members(&self, group: GroupId, n: &NoticeInput) -> Result<Notice> {
        Self::send(
            self.post(&format!("/api/v1/groups/{group}/subcommittee/notice"))
                .json(n),
        )
        .await
    }

    /// `GET /api/v1/final-review` (学位终审 汇总)
    pub async fn final_overview(&self) -> Result<FinalOverview> {
        self.final_overview_of(None).await
    }

    /// `GET /api/v1/final-review?batch_id=` (an earlier batch's 汇总)
    pub async fn final_overview_of(&self, batch: Option<BatchId>) -> Result<FinalOverview> {
        let q = crate::dto::batch::BatchSelect {
            batch_id: batch.map(|b| b.0),
        };
        Self::send(self.get("/api/v1/final-review").query(&q)).await
    }

    /// `GET /api/v1/final-review/applicants`
    pub async fn final_applicants(&self, q: &FinalQuery) -> Result<FinalPage> {
        Self::send(self.get("/api/v1/final-review/applicants").query(q)).await
    }

    /// `POST /api/v1/final-review/accept` (采纳分会建议)
    pub async fn accept_recommendations(&self, r: &AcceptRecommendations) -> Result<BulkOutcome> {
        Self::send(self.post("/api/v1/final-review/accept").json(r)).await
    }

    /// `POST /api/v1/applications/{id}/final-decision`
    pub async fn final_decision(
        &self,
        id: ApplicationId,
        d: &FinalDecisionInput,
    ) -> Result<FinalRow> {
        Self::send(
            self.post(&format!("/api/v1/applications/{id}/final-decision"))
                .json(d),
        )
        .await
    }

    /// `GET /api/v1/congress/meeting` (学位评定委员会会议)
    pub async fn congress_meeting(&self) -> Result<MeetingView> {
        Self::send(self.get("/api/v1/congress/meeting")).await
    }

    /// `PUT /api/v1/congress/meeting`
    pub async fn save_congress_meeting(&self, m: &MeetingInput) -> Result<MeetingView> {
        Self::send(self.put("/api/v1/congress/meeting").json(m)).await
    }

    /// `POST /api/v1/applications/{id}/hearing` (拟不授予学位，告知申请人)
    pub async fn propose_refusal(
        &self,
        id: ApplicationId,
        p: &HearingProposal,
    ) -> Result<HearingView> {
        Self::send(
            self.post(&format!("/api/v1/applications/{id}/hearing"))
                .json(p),
        )
        .await
    }

    /// `GET /api/v1/hearings` (陈述申辩)
    pub async fn hearings(&self) -> Result<Vec<HearingRow>> {
        Self::send(self.get("/api/v1/hearings")).await
    }

    /// `POST /api/v1/hearings/{id}/answer` (the applicant's 陈述、申辩)
    pub async fn answer_hearing(&self, id: i64, a: &HearingAnswer) -> Result<HearingView> {
        Self::send(self.post(&format!("/api/v1/hearings/{id}/answer")).json(a)).await
    }

    /// `POST /api/v1/hearings/{id}/record`
    pub async fn record_hearing(&self, id: i64, r: &HearingRecordInput) -> Result<HearingView> {
        Self::send(self.post(&format!("/api/v1/hearings/{id}/record")).json(r)).await
    }

    /// `GET /api/v1/me/decision` (学位评定结果)
    pub async fn my_decision(&self) -> Result<MyDecision> {
        Self::send(self.get("/api/v1/me/decision")).await
    }
}
