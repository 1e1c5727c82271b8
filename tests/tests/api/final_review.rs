//! 学科群分会评审 and 学位终审 through the API alone (SPEC §2.8–2.9): the
//! groups and who falls in none, a subcommittee by the one committee
//! machinery (members, portal logins, the notice, opinions, meeting,
//! results by the rule), the phases that wait for their results, the final
//! decisions (recommendations in bulk, overrides with a reason, votes by
//! the rule), and the hearing a refusal needs.

use degree_tests::{Applicant, Fixture, TestApp};
use shared::authz::Role;
use shared::client::{Client, ClientError};
use shared::dto::committee::{
    ApplicationVersion, MeetingInput, MemberInput, OpinionInput, PasswordChange, ResultInput,
    ResultsRequest, ReviewQuery,
};
use shared::dto::final_review::{
    AcceptRecommendations, DecisionBasis, FinalDecisionInput, FinalQuery, HearingAnswer,
    HearingProposal, HearingRecordInput, MajorAssignment, NoticeInput,
};
use shared::error::ErrorCode;
use shared::workflow::committee::{Attendance, Opinion, Position, Votes};
use shared::workflow::final_review::HearingStatus;
use shared::workflow::{BatchPhase, Decision, FinalDecision, Stage};

fn code<T: std::fmt::Debug>(r: Result<T, ClientError>) -> ErrorCode {
    r.expect_err("refused")
        .code()
        .unwrap_or(ErrorCode::Internal)
}

fn member(name: &str, position: Position) -> MemberInput {
    MemberInput {
        name: name.into(),
        title: "教授".into(),
        affiliation: "国科大".into(),
        position,
        staff_no: None,
        contact: None,
        version: None,
    }
}

fn meeting(total: u32, present: u32, resolution_no: Option<&str>) -> MeetingInput {
    MeetingInput {
        held_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap_or_default(),
        place: "学术会堂".into(),
        attendance: Attendance {
            members_total: total,
            members_present: present,
        },
        minutes: "会议审议了申请人名单。".into(),
        resolution_no: resolution_no.map(str::to_owned),
        version: None,
    }
}

fn results(app: &TestApp, apps: &[&Applicant], yes: u32, no: u32, d: Decision) -> ResultsRequest {
    ResultsRequest {
        result: ResultInput {
            votes: Votes {
                yes,
                no,
                abstain: 0,
            },
            decision: d,
            resolution: None,
            reason: None,
        },
        applications: apps
            .iter()
            .map(|a| ApplicationVersion {
                id: a.application,
                version: app.version_of(a.application),
            })
            .collect(),
    }
}

/// A portal login's first sign-in, with the forced password change.
async fn sign_in(app: &TestApp, username: &str, password: &str) -> Client {
    let anon = app.anonymous();
    let login = anon
        .login(&shared::dto::auth::LoginRequest {
            username: username.into(),
            password: password.into(),
        })
        .await
        .expect("member login");
    let signed_in = anon
        .with_token(login.token)
        .change_password(&PasswordChange {
            current_password: password.into(),
            new_password: "Member-Pass-1".into(),
        })
        .await
        .expect("change password");
    anon.with_token(signed_in.token)
}

#[tokio::test]
async fn a_subcommittee_reviews_its_group_and_each_phase_waits_for_its_results() {
    let app = TestApp::spawn().await;
    app.open_batch().await;
    let apps = app.unit_with(0, 4, Fixture::Reviewed).await;
    for a in &apps {
        app.map_to_group(a, 0);
    }
    app.prelim_committee(0, 3).await;
    app.record_prelim(&[&apps[0], &apps[1], &apps[2]], Decision::Passed)
        .await;
    app.record_prelim(&[&apps[3]], Decision::Failed).await;
    let admin = app.staff(Role::UnitAdmin, 0).await;
    let status = admin.submission(app.units[0]).await.expect("status");
    admin
        .submit_unit(app.units[0], status.version)
        .await
        .expect("submit");
    app.advance(BatchPhase::Sealed).await.expect("seal");
    let office = app.office().await;
    let group = app.groups[0];

    // Who falls in no group stops 学科群分会评审, named.
    let major = apps[0].major_code.clone().expect("major");
    office
        .assign_major(&MajorAssignment {
            major_code: major.clone(),
            group_id: None,
        })
        .await
        .expect("unmap");
    let groups = office.groups().await.expect("groups");
    assert!(groups.unassigned_total >= 1);
    assert!(groups
        .unassigned
        .iter()
        .any(|u| u.application_id == apps[0].application));
    let e = app
        .advance(BatchPhase::SubcommitteeReview)
        .await
        .expect_err("refused");
    assert_eq!(e.code(), Some(ErrorCode::PhaseBlocked));
    let secretary = app.staff(Role::Secretary, 0).await;
    assert_eq!(
        code(secretary.groups().await),
        ErrorCode::Forbidden,
        "the mapping is the office's"
    );
    office
        .assign_major(&MajorAssignment {
            major_code: major.clone(),
            group_id: Some(group),
        })
        .await
        .expect("map back");
    app.advance(BatchPhase::SubcommitteeReview)
        .await
        .expect("to the subcommittees");
    assert_eq!(
        code(
            office
                .assign_major(&MajorAssignment {
                    major_code: major,
                    group_id: None,
                })
                .await
        ),
        ErrorCode::InvalidTransition,
        "the mapping holds during the review"
    );

    // The group's secretariat builds its subcommittee; nobody else does.
    let chair = secretary
        .add_member(group, &member("张主席", Position::Chair))
        .await
        .expect("chair");
    let m1 = secretary
        .add_member(group, &member("李委员", Position::Member))
        .await
        .expect("member");
    secretary
        .add_member(group, &member("王委员", Position::Member))
        .await
        .expect("member");
    for refused in [
        app.staff(Role::Secretary, 1).await,
        app.staff(Role::UnitAdmin, 0).await,
        app.staff(Role::SubMember, 0).await,
    ] {
        assert_eq!(
            code(
                refused
                    .add_member(group, &member("某", Position::Member))
                    .await
            ),
            ErrorCode::Forbidden
        );
    }
    let g1 = secretary
        .grant_portal(group, chair.id, chair.version)
        .await
        .expect("grant");
    let g2 = secretary
        .grant_portal(group, m1.id, m1.version)
        .await
        .expect("grant");
    let chair_login = sign_in(&app, &g1.username, &g1.initial_password).await;
    let member_login = sign_in(&app, &g2.username, &g2.initial_password).await;

    // 通知委员: the two with portal rights, with the deadline.
    let deadline = chrono::Utc::now().date_naive() + chrono::Duration::days(7);
    let notice = secretary
        .notify_members(
            group,
            &NoticeInput {
                deadline,
                note: String::new(),
            },
        )
        .await
        .expect("notify");
    assert_eq!(notice.recipients, 2);
    let told = member_login.messages().await.expect("messages");
    assert!(told.iter().any(|m| m.text.contains(&deadline.to_string())));
    assert_eq!(
        code(
            app.staff(Role::Secretary, 1)
                .await
                .notify_members(
                    group,
                    &NoticeInput {
                        deadline,
                        note: String::new()
                    }
                )
                .await
        ),
        ErrorCode::Forbidden
    );

    // Members see the group's applicants who passed the 学位初审, not the
    // one who failed it; they read a dossier and give opinions.
    let page = member_login
        .committee_applicants(group, &ReviewQuery::default())
        .await
        .expect("list");
    assert_eq!(page.total, 3);
    assert!(page
        .items
        .iter()
        .all(|r| r.may_give_opinion && r.tally.is_none()));
    assert!(page
        .items
        .iter()
        .all(|r| r.application_id != apps[3].application));
    assert_eq!(page.notice.as_ref().map(|n| n.deadline), Some(deadline));
    member_login
        .dossier(apps[0].application)
        .await
        .expect("a member reads the dossier");
    for (who, opinion) in [
        (&member_login, Opinion::Agree),
        (&chair_login, Opinion::Disagree),
    ] {
        who.give_opinion(
            apps[0].application,
            &OpinionInput {
                opinion,
                comment: "论文质量较好".into(),
            },
        )
        .await
        .expect("opinion");
    }
    assert_eq!(
        code(
            app.staff(Role::SubMember, 1)
                .await
                .committee_applicants(group, &ReviewQuery::default())
                .await
        ),
        ErrorCode::Forbidden,
        "another group's member"
    );
    assert_eq!(
        code(
            app.staff(Role::SubMember, 0)
                .await
                .committee_applicants(group, &ReviewQuery::default())
                .await
        ),
        ErrorCode::NotCommitteeMember,
        "a sub_member grant without a seat"
    );
    let tally = secretary
        .committee_applicants(group, &ReviewQuery::default())
        .await
        .expect("tally");
    let row = tally
        .items
        .iter()
        .find(|r| r.application_id == apps[0].application)
        .expect("row");
    let t = row.tally.as_ref().expect("the secretariat sees the tally");
    assert_eq!((t.agree, t.disagree), (1, 1));
    assert!(t.missing.is_empty(), "both portal members answered");

    // Results need the meeting, and fit it and the rule.
    assert_eq!(
        code(
            secretary
                .record_committee_results(
                    group,
                    &results(&app, &[&apps[0]], 3, 0, Decision::Passed)
                )
                .await
        ),
        ErrorCode::MeetingNotRecorded
    );
    assert_eq!(
        code(
            secretary
                .save_committee_meeting(group, &meeting(5, 3, None))
                .await
        ),
        ErrorCode::VotesInconsistent,
        "members in all as registered"
    );
    secretary
        .save_committee_meeting(group, &meeting(3, 3, None))
        .await
        .expect("meeting");
    assert_eq!(
        code(
            secretary
                .record_committee_results(
                    group,
                    &results(&app, &[&apps[0]], 1, 2, Decision::Passed)
                )
                .await
        ),
        ErrorCode::VotesInconsistent
    );
    assert_eq!(
        code(
            secretary
                .record_committee_results(
                    group,
                    &results(&app, &[&apps[3]], 3, 0, Decision::Passed)
                )
                .await
        ),
        ErrorCode::InvalidTransition,
        "failed at the 学位初审: not reviewed again"
    );
    secretary
        .record_committee_results(
            group,
            &results(&app, &[&apps[0], &apps[1]], 3, 0, Decision::Passed),
        )
        .await
        .expect("passed");
    assert_eq!(
        code(
            member_login
                .give_opinion(
                    apps[0].application,
                    &OpinionInput {
                        opinion: Opinion::Agree,
                        comment: String::new(),
                    },
                )
                .await
        ),
        ErrorCode::InvalidTransition,
        "no opinion once the result is recorded"
    );

    // 学位终审 waits for every group's results.
    let e = app
        .advance(BatchPhase::FinalReview)
        .await
        .expect_err("refused");
    assert_eq!(e.code(), Some(ErrorCode::PhaseBlocked));
    assert_eq!(e.body().map(|b| b.fields.len()), Some(1));
    secretary
        .record_committee_results(group, &results(&app, &[&apps[2]], 0, 3, Decision::Failed))
        .await
        .expect("failed");
    app.advance(BatchPhase::FinalReview)
        .await
        .expect("to the final review");
    assert_eq!(
        app.stage_of(apps[0].application),
        Stage::SubcommitteeDecided(Decision::Passed)
    );
    let page = office
        .final_applicants(&FinalQuery::default())
        .await
        .expect("final list");
    let first = page
        .items
        .iter()
        .find(|r| r.application_id == apps[0].application)
        .expect("row");
    assert_eq!(
        (first.prelim, first.subcommittee, first.recommendation),
        (
            Some(Decision::Passed),
            Some(Decision::Passed),
            Some(FinalDecision::Conferred)
        ),
        "the 学位初审 decision stays on record"
    );
    assert_eq!(
        code(
            secretary
                .add_member(group, &member("迟到", Position::Member))
                .await
        ),
        ErrorCode::InvalidTransition,
        "the subcommittee closes with its phase"
    );
    // A member whose rights are withdrawn is out at once.
    let m1_now = secretary
        .committee(group)
        .await
        .expect("committee")
        .members
        .into_iter()
        .find(|m| m.id == m1.id)
        .expect("member");
    secretary
        .withdraw_portal(group, m1_now.id, m1_now.version)
        .await
        .expect("withdraw");
    assert_eq!(
        code(
            member_login
                .committee_applicants(group, &ReviewQuery::default())
                .await
        ),
        ErrorCode::AccountDisabled
    );
}

/// Four applicants of unit 0 in the final review: recommended 授予,
/// 不授予 (分会), 缓议 (学位初审) and 授予.
async fn in_final_review(app: &TestApp) -> Vec<Applicant> {
    app.open_batch().await;
    let apps = app.unit_with(0, 4, Fixture::Reviewed).await;
    for a in &apps {
        app.bring_to(a, Fixture::Submitted).await;
        app.map_to_group(a, 0);
    }
    let stages = [
        Stage::SubcommitteeDecided(Decision::Passed),
        Stage::SubcommitteeDecided(Decision::Failed),
        Stage::Submitted(Decision::Deferred),
        Stage::SubcommitteeDecided(Decision::Passed),
    ];
    for (a, s) in apps.iter().zip(stages) {
        app.set_stage(a.application, s);
    }
    app.set_phase(BatchPhase::FinalReview);
    apps
}

fn decision(
    app: &TestApp,
    a: &Applicant,
    d: FinalDecision,
    reason: Option<&str>,
) -> FinalDecisionInput {
    FinalDecisionInput {
        decision: d,
        reason: reason.map(str::to_owned),
        votes: None,
        version: app.version_of(a.application),
    }
}

#[tokio::test]
async fn the_final_review_accepts_recommendations_and_hears_the_applicant_before_a_refusal() {
    let app = TestApp::spawn().await;
    let apps = in_final_review(&app).await;
    let office = app.office().await;

    let o = office.final_overview().await.expect("overview");
    assert_eq!(
        (
            o.totals.applicants,
            o.totals.sub_passed,
            o.totals.sub_failed,
            o.totals.prelim_deferred,
            o.totals.undecided
        ),
        (4, 2, 1, 1, 4)
    );
    assert_eq!(o.groups.len(), 1);
    assert_eq!(o.units.len(), 1);
    for role in [
        Role::Secretary,
        Role::UnitAdmin,
        Role::Student,
        Role::SubMember,
    ] {
        let c = app.staff(role, 0).await;
        assert_eq!(
            code(c.final_overview().await),
            ErrorCode::Forbidden,
            "{role:?}"
        );
        assert_eq!(
            code(
                c.accept_recommendations(&AcceptRecommendations::default())
                    .await
            ),
            ErrorCode::Forbidden,
            "{role:?}"
        );
    }

    // No refusal without the hearing; an override needs its reason.
    assert_eq!(
        code(
            office
                .final_decision(
                    apps[1].application,
                    &decision(&app, &apps[1], FinalDecision::NotConferred, None)
                )
                .await
        ),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        code(
            office
                .final_decision(
                    apps[3].application,
                    &decision(&app, &apps[3], FinalDecision::Deferred, None)
                )
                .await
        ),
        ErrorCode::ValidationFailed
    );
    let row = office
        .final_decision(
            apps[3].application,
            &decision(
                &app,
                &apps[3],
                FinalDecision::Deferred,
                Some("论文查重待复核"),
            ),
        )
        .await
        .expect("override");
    assert_eq!(
        row.decision.as_ref().map(|d| d.basis),
        Some(DecisionBasis::Override)
    );

    // A decision by vote needs the congress's meeting (with its 决议编号)
    // and counts that pass by the rule.
    let mut by_vote = decision(&app, &apps[0], FinalDecision::Conferred, None);
    by_vote.votes = Some(Votes {
        yes: 20,
        no: 2,
        abstain: 3,
    });
    assert_eq!(
        code(office.final_decision(apps[0].application, &by_vote).await),
        ErrorCode::MeetingNotRecorded
    );
    assert_eq!(
        code(office.save_congress_meeting(&meeting(30, 25, None)).await),
        ErrorCode::ValidationFailed,
        "the 决议编号 is required"
    );
    let m = office
        .save_congress_meeting(&meeting(30, 25, Some("学位〔2026〕12号")))
        .await
        .expect("congress meeting");
    assert_eq!(
        m.meeting.and_then(|m| m.resolution_no).as_deref(),
        Some("学位〔2026〕12号")
    );
    let mut too_few = by_vote.clone();
    too_few.votes = Some(Votes {
        yes: 12,
        no: 10,
        abstain: 3,
    });
    assert_eq!(
        code(office.final_decision(apps[0].application, &too_few).await),
        ErrorCode::VotesInconsistent,
        "more than half of all 30 members"
    );
    let row = office
        .final_decision(apps[0].application, &by_vote)
        .await
        .expect("by vote");
    assert_eq!(
        row.decision.as_ref().map(|d| d.basis),
        Some(DecisionBasis::Vote)
    );
    // A changed meeting must still fit the counts recorded by vote.
    let version = office
        .congress_meeting()
        .await
        .expect("meeting")
        .meeting
        .map(|m| m.version);
    let mut fewer = meeting(30, 22, Some("学位〔2026〕12号"));
    fewer.version = version;
    let e = office
        .save_congress_meeting(&fewer)
        .await
        .expect_err("25 votes, 22 present");
    assert_eq!(e.code(), Some(ErrorCode::VotesInconsistent));
    assert_eq!(
        e.body().map(|b| b.fields[0].field.clone()),
        Some(apps[0].student_no.clone())
    );

    // 采纳分会建议: the deferral goes through; the refusal waits for its hearing.
    let outcome = office
        .accept_recommendations(&AcceptRecommendations::default())
        .await
        .expect("accept");
    assert_eq!(outcome.done, 1);
    assert_eq!(outcome.skipped.len(), 1);
    assert_eq!(outcome.skipped[0].student_no, apps[1].student_no);
    assert_eq!(
        app.stage_of(apps[2].application),
        Stage::FinalDecided(FinalDecision::Deferred)
    );
    let e = app
        .advance(BatchPhase::Completed)
        .await
        .expect_err("one without a final decision");
    assert_eq!(e.code(), Some(ErrorCode::PhaseBlocked));

    // The hearing: told, with the facts and reasons and the period.
    let hearing = office
        .propose_refusal(
            apps[1].application,
            &HearingProposal {
                facts_and_reasons: "学科群分会评审未通过：论文创新性不足".into(),
                days: None,
                version: app.version_of(apps[1].application),
            },
        )
        .await
        .expect("propose");
    assert_eq!(hearing.status, HearingStatus::Notified);
    let days = (hearing.deadline - hearing.proposed_at).num_days();
    assert_eq!(days, 5, "five days by default");
    assert_eq!(
        code(
            office
                .propose_refusal(
                    apps[1].application,
                    &HearingProposal {
                        facts_and_reasons: "再次".into(),
                        days: Some(3),
                        version: app.version_of(apps[1].application),
                    },
                )
                .await
        ),
        ErrorCode::InvalidTransition,
        "told once"
    );
    let mine = apps[1].client.my_decision().await.expect("my decision");
    assert!(mine.may_answer);
    assert_eq!(mine.decision, None);
    assert_eq!(
        mine.hearing.as_ref().map(|h| h.facts_and_reasons.as_str()),
        Some("学科群分会评审未通过：论文创新性不足")
    );
    assert_eq!(
        code(
            office
                .record_hearing(
                    hearing.id,
                    &HearingRecordInput {
                        record: "已听取".into(),
                        version: hearing.version,
                    },
                )
                .await
        ),
        ErrorCode::InvalidTransition,
        "the statement is awaited within the period"
    );
    let answer = HearingAnswer {
        statement: Some("本人已补充实验数据，请委员会重新考虑。".into()),
        waive: false,
        version: hearing.version,
    };
    for other in [apps[0].client.clone(), app.staff(Role::UnitAdmin, 0).await] {
        assert_eq!(
            code(other.answer_hearing(hearing.id, &answer).await),
            ErrorCode::Forbidden,
            "only the applicant answers"
        );
    }
    let stated = apps[1]
        .client
        .answer_hearing(hearing.id, &answer)
        .await
        .expect("statement");
    assert_eq!(stated.status, HearingStatus::Stated);
    assert_eq!(
        code(apps[1].client.answer_hearing(hearing.id, &answer).await),
        ErrorCode::InvalidTransition,
        "answered once"
    );
    let listed = office.hearings().await.expect("hearings");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].hearing.statement.as_deref(),
        answer.statement.as_deref()
    );
    office
        .record_hearing(
            hearing.id,
            &HearingRecordInput {
                record: "已听取申请人陈述，经审议维持不授予学位的建议。".into(),
                version: stated.version,
            },
        )
        .await
        .expect("record");

    // Now the refusal is accepted with the rest, and the student sees it.
    let outcome = office
        .accept_recommendations(&AcceptRecommendations::default())
        .await
        .expect("accept");
    assert_eq!((outcome.done, outcome.skipped.len()), (1, 0));
    let mine = apps[1].client.my_decision().await.expect("my decision");
    assert_eq!(mine.decision, Some(FinalDecision::NotConferred));
    assert!(mine.reasons.is_some_and(|r| r.contains("创新性")));
    assert!(!mine.may_answer);
    assert_eq!(
        code(app.staff(Role::Student, 0).await.my_decision().await),
        ErrorCode::FilingNotOpened,
        "a student without an application in the batch"
    );
    // Every applicant decided: what holds the batch now is 学位终审数据管理
    // (the certificate numbers and the report, `degree_data.rs`).
    let blocked = app
        .advance(BatchPhase::Completed)
        .await
        .expect_err("numbers first");
    let fields = blocked.body().map(|b| b.fields.clone()).unwrap_or_default();
    assert!(
        fields.iter().all(|f| f.code == "degree_data_pending") && !fields.is_empty(),
        "{blocked:?}"
    );
}
