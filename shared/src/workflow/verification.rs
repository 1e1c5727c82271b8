//! 学位信息核查, 封网 and the paper corrections after it (SPEC §2.7): when a
//! 核查意见 may be raised, what must be true before the seal, which fields a
//! 纸质修改申请 may correct, and a request's life — recorded → approved or
//! rejected → applied by the network center after the final review.

use super::{BatchPhase, Stage, TransitionError};
use crate::authz::Role;
use crate::dossier::{FilledField, PHOTO_FIELD, SYNCED_FIELDS};
use serde::{Deserialize, Serialize};

/// A 核查意见 that names no single field.
pub const GENERAL_FIELD: &str = "general";

/// Where a 核查意见 stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagStatus {
    /// 待处理
    Open,
    /// 已解决: the unit resubmitted with the field changed, or the office
    /// marked it resolved.
    Resolved,
    /// 已驳回: the office dismissed it with a note.
    Dismissed,
}

impl FlagStatus {
    pub const ALL: [FlagStatus; 3] = [
        FlagStatus::Open,
        FlagStatus::Resolved,
        FlagStatus::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagStatus::Open => "open",
            FlagStatus::Resolved => "resolved",
            FlagStatus::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<FlagStatus> {
        FlagStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            FlagStatus::Open => "待处理",
            FlagStatus::Resolved => "已解决",
            FlagStatus::Dismissed => "已驳回",
        }
    }
}

/// Where a 纸质修改申请 stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CorrectionStatus {
    /// 待审批
    Pending,
    /// 已批准, waiting for the network center.
    Approved,
    /// 未批准
    Rejected,
    /// 已执行修改
    Applied,
}

impl CorrectionStatus {
    pub const ALL: [CorrectionStatus; 4] = [
        CorrectionStatus::Pending,
        CorrectionStatus::Approved,
        CorrectionStatus::Rejected,
        CorrectionStatus::Applied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CorrectionStatus::Pending => "pending",
            CorrectionStatus::Approved => "approved",
            CorrectionStatus::Rejected => "rejected",
            CorrectionStatus::Applied => "applied",
        }
    }

    pub fn parse(s: &str) -> Option<CorrectionStatus> {
        CorrectionStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            CorrectionStatus::Pending => "待审批",
            CorrectionStatus::Approved => "已批准，待执行",
            CorrectionStatus::Rejected => "未批准",
            CorrectionStatus::Applied => "已执行修改",
        }
    }
}

/// Something done to a correction request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CorrectionStep {
    /// The unit records the request (or attaches its scan while pending).
    Record,
    /// The degree office approves it.
    Approve,
    /// The degree office rejects it.
    Reject,
    /// The network center writes the new value into the record.
    Apply,
}

impl CorrectionStep {
    pub const ALL: [CorrectionStep; 4] = [
        CorrectionStep::Record,
        CorrectionStep::Approve,
        CorrectionStep::Reject,
        CorrectionStep::Apply,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CorrectionStep::Record => "record_correction",
            CorrectionStep::Approve => "approve_correction",
            CorrectionStep::Reject => "reject_correction",
            CorrectionStep::Apply => "apply_correction",
        }
    }

    /// The one role that takes the step.
    pub fn performer(self) -> Role {
        match self {
            CorrectionStep::Record => Role::UnitAdmin,
            CorrectionStep::Approve | CorrectionStep::Reject => Role::DegreeOffice,
            CorrectionStep::Apply => Role::NetworkCenter,
        }
    }
}

/// May a 核查意见 be raised on an application at `stage` now? While the batch
/// is open (before 封网), on what the unit has submitted.
pub fn check_flag(phase: BatchPhase, stage: Stage) -> Result<(), TransitionError> {
    if phase != BatchPhase::Open {
        return Err(TransitionError::WrongPhase);
    }
    if !stage.is_submitted() {
        return Err(TransitionError::WrongState);
    }
    Ok(())
}

/// Does this application stand in the way of 封网? Every application of the
/// batch must be either not applied or submitted (数据上报, not reopened).
pub fn blocks_seal(stage: Stage) -> bool {
    stage != Stage::NotApplied && !stage.is_submitted()
}

/// The stored stage names that block 封网 (for the server's query).
pub fn seal_blocking_stages() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Stage::all()
        .into_iter()
        .filter(|s| blocks_seal(*s))
        .map(Stage::stage)
        .collect();
    v.dedup();
    v
}

/// Has the final review ended for an application at `stage`, so that its
/// approved corrections may be applied? The manual: once the degree
/// congress has decided — on this applicant during 学位终审 (so that the
/// corrected record is what the certificate and the national report
/// carry). A completed batch is read-only: nothing is applied any more.
pub fn final_review_done(phase: BatchPhase, stage: Stage) -> bool {
    phase == BatchPhase::FinalReview
        && matches!(stage, Stage::FinalDecided(_) | Stage::CertificateIssued)
}

/// May corrections be applied in this phase at all (for some applicant)?
/// The UI shows 执行修改 then; the server decides per applicant.
pub fn corrections_applicable(phase: BatchPhase) -> bool {
    phase == BatchPhase::FinalReview
}

/// Take `step` in `role` on a request in `status` (`None`: not recorded
/// yet) of an application at `stage`, in the batch's `phase`: the new status.
pub fn correction_step(
    step: CorrectionStep,
    role: Role,
    phase: BatchPhase,
    stage: Stage,
    status: Option<CorrectionStatus>,
) -> Result<CorrectionStatus, TransitionError> {
    use CorrectionStatus as C;
    if role != step.performer() {
        return Err(TransitionError::WrongRole);
    }
    if phase == BatchPhase::Open {
        return Err(TransitionError::NotSealed);
    }
    if phase == BatchPhase::Completed {
        return Err(TransitionError::WrongPhase);
    }
    if step == CorrectionStep::Apply && !final_review_done(phase, stage) {
        return Err(TransitionError::FinalReviewNotDone);
    }
    if !stage.is_submitted() {
        return Err(TransitionError::WrongState);
    }
    match (step, status) {
        (CorrectionStep::Record, None | Some(C::Pending)) => Ok(C::Pending),
        (CorrectionStep::Approve, Some(C::Pending)) => Ok(C::Approved),
        (CorrectionStep::Reject, Some(C::Pending)) => Ok(C::Rejected),
        (CorrectionStep::Apply, Some(C::Approved)) => Ok(C::Applied),
        _ => Err(TransitionError::WrongState),
    }
}

/// Synced fields a correction may not touch: the record's identity and the
/// fields that decide who may see it (unit, kind, major → group), and the
/// lists that are not single values.
const NOT_CORRECTABLE: &[&str] = &[
    "student_no",
    "unit",
    "kind",
    "major_code",
    "courses",
    "outputs",
    "total_credits",
];

/// Synced fields stored as dates (`YYYY-MM-DD`).
pub const DATE_FIELDS: &[&str] = &["birth_date", "defense_date"];

/// May a 纸质修改申请 correct this field? Every filled field and the synced
/// fields of single values, except those of [`NOT_CORRECTABLE`].
pub fn correctable(field: &str) -> bool {
    FilledField::parse(field).is_some()
        || SYNCED_FIELDS
            .iter()
            .any(|(f, _)| *f == field && !NOT_CORRECTABLE.contains(f))
}

/// The fields a correction may name, in dossier order.
pub fn correctable_fields() -> Vec<&'static str> {
    SYNCED_FIELDS
        .iter()
        .map(|(f, _)| *f)
        .chain(FilledField::all().map(FilledField::as_str))
        .filter(|f| correctable(f))
        .collect()
}

/// May a 核查意见 name this field? Any dossier field, the photo, or
/// [`GENERAL_FIELD`].
pub fn flaggable(field: &str) -> bool {
    field == GENERAL_FIELD
        || field == PHOTO_FIELD
        || FilledField::parse(field).is_some()
        || SYNCED_FIELDS.iter().any(|(f, _)| *f == field)
}

/// Largest scan a correction request may carry.
pub const ATTACHMENT_MAX_BYTES: usize = 5 * 1024 * 1024;

/// The type of a scan as its first bytes say — `application/pdf` or
/// `image/jpeg` — whatever the upload claims; `None` for anything else.
pub fn attachment_type(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// Is `value` well formed for `field` (dates as `YYYY-MM-DD`; other fields
/// any text up to 200 characters)? `None`: clear the field — only for
/// filled fields, a synced field keeps a value.
pub fn check_requested(field: &str, value: Option<&str>) -> Result<(), &'static str> {
    let Some(v) = value else {
        return if FilledField::parse(field).is_some() {
            Ok(())
        } else {
            Err("同步字段不能修改为空")
        };
    };
    if v.chars().count() > 200 {
        return Err("最多 200 个字");
    }
    if DATE_FIELDS.contains(&field) && chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_err() {
        return Err("日期格式应为 YYYY-MM-DD");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::Decision;

    const SUBMITTED: Stage = Stage::Submitted(Decision::Passed);

    #[test]
    fn flags_are_raised_on_submitted_data_before_the_seal_only() {
        assert_eq!(check_flag(BatchPhase::Open, SUBMITTED), Ok(()));
        assert_eq!(
            check_flag(BatchPhase::Open, Stage::Reviewed),
            Err(TransitionError::WrongState)
        );
        for phase in &BatchPhase::ALL[1..] {
            assert_eq!(
                check_flag(*phase, SUBMITTED),
                Err(TransitionError::WrongPhase)
            );
        }
    }

    #[test]
    fn only_unsubmitted_applications_block_the_seal() {
        for stage in Stage::all() {
            assert_eq!(
                blocks_seal(stage),
                matches!(
                    stage,
                    Stage::Filing | Stage::Confirmed | Stage::Reviewed | Stage::PrelimDecided(_)
                ),
                "{stage:?}"
            );
        }
        assert_eq!(
            seal_blocking_stages(),
            ["filing", "confirmed", "reviewed", "prelim_decided"]
        );
    }

    /// Every step × role × phase × status: the whole life of a request.
    #[test]
    fn correction_life() {
        use CorrectionStatus as C;
        use CorrectionStep as S;
        let statuses = [
            None,
            Some(C::Pending),
            Some(C::Approved),
            Some(C::Rejected),
            Some(C::Applied),
        ];
        for step in S::ALL {
            for role in Role::ALL {
                for phase in BatchPhase::ALL {
                    for status in statuses {
                        let got = correction_step(step, role, phase, SUBMITTED, status);
                        let expected = if role != step.performer() {
                            Err(TransitionError::WrongRole)
                        } else if phase == BatchPhase::Open {
                            Err(TransitionError::NotSealed)
                        } else if phase == BatchPhase::Completed {
                            Err(TransitionError::WrongPhase)
                        } else if step == S::Apply {
                            // SUBMITTED has no final decision yet.
                            Err(TransitionError::FinalReviewNotDone)
                        } else {
                            match (step, status) {
                                (S::Record, None | Some(C::Pending)) => Ok(C::Pending),
                                (S::Approve, Some(C::Pending)) => Ok(C::Approved),
                                (S::Reject, Some(C::Pending)) => Ok(C::Rejected),
                                (S::Apply, Some(C::Approved)) => Ok(C::Applied),
                                _ => Err(TransitionError::WrongState),
                            }
                        };
                        assert_eq!(got, expected, "{step:?} {role:?} {phase:?} {status:?}");
                    }
                }
            }
        }
        assert_eq!(
            correction_step(
                S::Record,
                Role::UnitAdmin,
                BatchPhase::Sealed,
                Stage::Reviewed,
                None
            ),
            Err(TransitionError::WrongState)
        );
        // In 学位终审, once the congress has decided on the applicant.
        let decided = Stage::FinalDecided(crate::workflow::FinalDecision::Conferred);
        assert_eq!(
            correction_step(
                S::Apply,
                Role::NetworkCenter,
                BatchPhase::FinalReview,
                decided,
                Some(C::Approved)
            ),
            Ok(C::Applied)
        );
        assert!(!final_review_done(BatchPhase::SubcommitteeReview, decided));
    }

    #[test]
    fn corrections_leave_identity_and_scope_alone() {
        for f in [
            "student_no",
            "unit",
            "kind",
            "major_code",
            "courses",
            "general",
        ] {
            assert!(!correctable(f), "{f}");
        }
        for f in [
            "name",
            "id_number",
            "birth_date",
            "thesis_title",
            "email",
            "thesis_title_en",
        ] {
            assert!(correctable(f), "{f}");
        }
        assert!(correctable_fields().iter().all(|f| flaggable(f)));
        assert!(flaggable(GENERAL_FIELD) && flaggable(PHOTO_FIELD) && !flaggable("nope"));
    }

    #[test]
    fn scans_are_known_by_their_first_bytes() {
        assert_eq!(attachment_type(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(
            attachment_type(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some("image/jpeg")
        );
        assert_eq!(attachment_type(b"<html>%PDF-"), None);
        assert_eq!(attachment_type(b""), None);
    }

    #[test]
    fn requested_values_are_checked() {
        assert!(check_requested("birth_date", Some("1999-02-30")).is_err());
        assert!(check_requested("birth_date", Some("1999-02-28")).is_ok());
        assert!(check_requested("name", None).is_err());
        assert!(check_requested("email", None).is_ok());
        assert!(check_requested("name", Some(&"长".repeat(201))).is_err());
    }
}
