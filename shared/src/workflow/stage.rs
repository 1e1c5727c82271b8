//! Where an application stands, and the committees' decisions that are
//! part of its stage.

use serde::{Deserialize, Serialize};

/// A committee's decision (学位初审 and 学科群分会评审).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 通过
    Passed,
    /// 未通过
    Failed,
    /// 缓议
    Deferred,
}

/// The degree congress's decision (学位终审).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FinalDecision {
    /// 授予学位
    Conferred,
    /// 不授予学位
    NotConferred,
    /// 缓议
    Deferred,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Passed, Decision::Failed, Decision::Deferred];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Passed => "passed",
            Decision::Failed => "failed",
            Decision::Deferred => "deferred",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Decision::Passed => "通过",
            Decision::Failed => "未通过",
            Decision::Deferred => "缓议",
        }
    }
}

impl FinalDecision {
    pub const ALL: [FinalDecision; 3] = [
        FinalDecision::Conferred,
        FinalDecision::NotConferred,
        FinalDecision::Deferred,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FinalDecision::Conferred => "conferred",
            FinalDecision::NotConferred => "not_conferred",
            FinalDecision::Deferred => "deferred",
        }
    }

    pub fn parse(s: &str) -> Option<FinalDecision> {
        FinalDecision::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "stage", content = "decision", rename_all = "snake_case")]
pub enum Stage {
    /// No application in this batch (never opened, or 申请学位 unticked).
    NotApplied,
    /// 申请学位 ticked: the student fills the dossier.
    Filing,
    /// 信息确认: the dossier is sealed for the student.
    Confirmed,
    /// 已审核 by the unit.
    Reviewed,
    /// 学位初审 result recorded.
    PrelimDecided(Decision),
    /// 数据上报: read-only for the unit.
    Submitted(Decision),
    /// 学科群分会评审 result recorded (only for applications passed at the preliminary review).
    SubcommitteeDecided(Decision),
    /// 学位终审 result recorded.
    FinalDecided(FinalDecision),
    /// 学位证书编号 issued.
    CertificateIssued,
}

impl Stage {
    /// Every state, with each decision variant spelled out.
    pub fn all() -> Vec<Stage> {
        let mut v = vec![
            Stage::NotApplied,
            Stage::Filing,
            Stage::Confirmed,
            Stage::Reviewed,
        ];
        v.extend(Decision::ALL.map(Stage::PrelimDecided));
        v.extend(Decision::ALL.map(Stage::Submitted));
        v.extend(Decision::ALL.map(Stage::SubcommitteeDecided));
        v.extend(FinalDecision::ALL.map(Stage::FinalDecided));
        v.push(Stage::CertificateIssued);
        v
    }

    /// Stored form: the stage name.
    pub fn stage(self) -> &'static str {
        match self {
            Stage::NotApplied => "not_applied",
            Stage::Filing => "filing",
            Stage::Confirmed => "confirmed",
            Stage::Reviewed => "reviewed",
            Stage::PrelimDecided(_) => "prelim_decided",
            Stage::Submitted(_) => "submitted",
            Stage::SubcommitteeDecided(_) => "subcommittee_decided",
            Stage::FinalDecided(_) => "final_decided",
            Stage::CertificateIssued => "certificate_issued",
        }
    }

    /// The decision columns as stored beside the stage: (学位初审, 分会, 终审).
    pub fn stored_decisions(self) -> (Option<Decision>, Option<Decision>, Option<FinalDecision>) {
        match self {
            Stage::PrelimDecided(d) | Stage::Submitted(d) => (Some(d), None, None),
            Stage::SubcommitteeDecided(d) => (None, Some(d), None),
            Stage::FinalDecided(f) => (None, None, Some(f)),
            _ => (None, None, None),
        }
    }

    /// Does a move into this stage keep the earlier committees' decision
    /// columns as stored (the 学位初审 and 分会 decisions stay on record
    /// beside the later ones)?
    pub fn keeps_earlier_decisions(self) -> bool {
        matches!(
            self,
            Stage::SubcommitteeDecided(_) | Stage::FinalDecided(_) | Stage::CertificateIssued
        )
    }

    /// Back from the stored stage and decision columns; `None` if they do
    /// not make a state.
    pub fn from_stored(
        stage: &str,
        prelim: Option<&str>,
        subcommittee: Option<&str>,
        final_decision: Option<&str>,
    ) -> Option<Stage> {
        let prelim = prelim.and_then(Decision::parse);
        Some(match stage {
            "not_applied" => Stage::NotApplied,
            "filing" => Stage::Filing,
            "confirmed" => Stage::Confirmed,
            "reviewed" => Stage::Reviewed,
            "prelim_decided" => Stage::PrelimDecided(prelim?),
            "submitted" => Stage::Submitted(prelim?),
            "subcommittee_decided" => {
                Stage::SubcommitteeDecided(subcommittee.and_then(Decision::parse)?)
            }
            "final_decided" => Stage::FinalDecided(final_decision.and_then(FinalDecision::parse)?),
            "certificate_issued" => Stage::CertificateIssued,
            _ => return None,
        })
    }

    /// Has the unit submitted it (数据上报), so that reviewers beyond the
    /// unit (the discipline group) see it?
    pub fn is_submitted(self) -> bool {
        matches!(
            self,
            Stage::Submitted(_)
                | Stage::SubcommitteeDecided(_)
                | Stage::FinalDecided(_)
                | Stage::CertificateIssued
        )
    }

    /// Is the dossier confirmed (已确认) in this state?
    pub fn is_confirmed(self) -> bool {
        !matches!(self, Stage::NotApplied | Stage::Filing)
    }

    /// Has the unit reviewed it (已审核)?
    pub fn is_reviewed(self) -> bool {
        self.is_confirmed() && self != Stage::Confirmed
    }

    /// A short Chinese badge.
    pub fn label(self) -> &'static str {
        match self {
            Stage::NotApplied => "未申请",
            Stage::Filing => "填报中",
            Stage::Confirmed => "已确认",
            Stage::Reviewed => "已审核",
            Stage::PrelimDecided(Decision::Passed) => "初审通过",
            Stage::PrelimDecided(Decision::Failed) => "初审未通过",
            Stage::PrelimDecided(Decision::Deferred) => "初审缓议",
            Stage::Submitted(_) => "已上报",
            Stage::SubcommitteeDecided(Decision::Passed) => "分会评审通过",
            Stage::SubcommitteeDecided(Decision::Failed) => "分会评审未通过",
            Stage::SubcommitteeDecided(Decision::Deferred) => "分会评审缓议",
            Stage::FinalDecided(FinalDecision::Conferred) => "授予学位",
            Stage::FinalDecided(FinalDecision::NotConferred) => "不授予学位",
            Stage::FinalDecided(FinalDecision::Deferred) => "终审缓议",
            Stage::CertificateIssued => "已发证书编号",
        }
    }
}
