//! 学位初审 and 数据上报 through the API alone (SPEC §2.5–2.6): the
//! committee and its members' portal logins, online opinions, the meeting,
//! results by the rule, the voting list, submission and reopening.

use degree_tests::{Fixture, TestApp};
use shared::authz::Role;
use shared::client::{Client, ClientError};
use shared::dto::committee::{
    ApplicationVersion, MeetingInput, MemberInput, OpinionInput, PasswordChange, ResultInput,
    ResultsRequest, ReviewQuery, RuleUpdate, SubmissionEventKind,
};
use shared::error::ErrorCode;
use shared::ids::UnitId;
use shared::workflow::committee::{
    Attendance, CommitteeKind, DecisionRule, Fraction, Opinion, PassBase, Position, Votes,
};
use shared::workflow::{Decision, Stage};

fn code<T: std::fmt::Debug>(r: Result<T, ClientError>) -> ErrorCode {
    r.expect_err("refused").code().expect("an API error")
}

fn member(name: &str, position: Position) -> MemberInput {
    MemberInput {
        name: name.into(),
        title: "研究员".into(),
        affiliation: "测试研究所".into(),
        position,
        staff_no: Some("T001".into()),
        contact: None,
        version: None,
    }
}

fn result(votes: (u32, u32, u32), decision: Decision) -> ResultInput {
    ResultInput {
        votes: Votes {
            yes: votes.0,
            no: votes.1,
            abstain: votes.2,
        },
        decision,
        resolution: None,
        reason: None,
    }
}

fn request(app: &TestApp, apps: &[&degree_tests::Applicant], r: ResultInput) -> ResultsRequest {
    ResultsRequest {
        result: r,
        applications: apps
            .iter()
            .map(|a| ApplicationVersion {
                id: a.application,
                version: app.version_of(a.application),
            })
            .collect(),
    }
}

/// Sign in with a portal grant's one-time password and set a new one.
async fn first_sign_in(app: &TestApp, username: &str, password: &str) -> Client {
    let anon = app.anonymous();
    let login = anon
        .login(&shared::dto::auth::LoginRequest {
            username: username.into(),
            password: password.into(),
        })
        .await
        .expect("member login");
    assert!(login.me.must_change_password);
    let client = anon.with_token(login.token);
    // Nothing but the account's own pages until the password is changed.
    assert_eq!(
        code(
            client
                .committee_applicants(app.units[0], &ReviewQuery::default())
                .await
        ),
        ErrorCode::PasswordChangeRequired
    );
    assert!(client.me().await.expect("me").must_change_password);
    let wrong = PasswordChange {
        current_password: "nope".into(),
        new_password: "Member-Pass-1".into(),
    };
    assert_eq!(
        code(client.change_password(&wrong).await),
        ErrorCode::ValidationFailed
    );
    let weak = PasswordChange {
        current_password: password.into(),
        new_password: "short".into(),
    };
    assert_eq!(
        code(client.change_password(&weak).await),
        ErrorCode::ValidationFailed
    );
    let signed_in = client
        .change_password(&PasswordChange {
            current_password: password.into(),
            new_password: "Member-Pass-1".into(),
        })
        .await
        .expect("change password");
    assert!(!signed_in.me.must_change_password);
    // The token the password was changed with has ended with it.
    assert_eq!(code(client.me().await), ErrorCode::InvalidToken);
    client.with_token(signed_in.token)
}

#[tokio::test]
async fn the_committee_has_one_chair_and_only_its_unit_admin_changes_it() {
    let app = TestApp::spawn().await;
    app.open_batch().await;
    let unit = app.units[0];
    let admin = app.staff(Role::UnitAdmin, 0).await;
    let chair = admin
        .add_member(unit, &member("张主席", Position::Chair))
        .await
        .expect("add chair");
    assert_eq!(
        code(
            admin
                .add_member(unit, &member("李四", Position::Chair))
                .await
        ),
        ErrorCode::ChairAlreadySet
    );
    let vice = admin
        .add_member(unit, &member("李四", Position::ViceChair))
        .await
        .expect("add vice chair");
    // Making the vice chair the chair too is refused; a stale edit as well.
    let mut edit = member("李四", Position::Chair);
    edit.version = Some(vice.version);
    assert_eq!(
        code(admin.edit_member(unit, vice.id, &edit).await),
        ErrorCode::ChairAlreadySet
    );
    let mut edit = member("李四（改）", Position::ViceChair);
    edit.version = Some(vice.version + 5);
    assert_eq!(
        code(admin.edit_member(unit, vice.id, &edit).await),
        ErrorCode::StaleVersion
    );
    edit.version = Some(vice.version);
    let vice = admin.edit_member(unit, vice.id, &edit).await.expect("edit");
    assert_eq!(vice.name, "李四（改）");
    assert_eq!(
        code(admin.add_member(unit, &member(" ", Position::Member)).await),
        ErrorCode::ValidationFailed
    );
    // The office reads, but does not change; another unit's admin neither.
    let office = app.office().await;
    assert_eq!(
        office
            .committee(unit)
            .await
            .expect("office reads")
            .members
            .len(),
        2
    );
    assert!(!office.committee(unit).await.expect("office reads").editable);
    assert_eq!(
        code(
            office
                .add_member(unit, &member("王五", Position::Member))
                .await
        ),
        ErrorCode::Forbidden
    );
    let other = app.staff(Role::UnitAdmin, 1).await;
    assert_eq!(code(other.committee(unit).await), ErrorCode::Forbidden);
    assert_eq!(
        code(
            other
                .add_member(unit, &member("王五", Position::Member))
                .await
        ),
        ErrorCode::Forbidden
    );
    // Removing the chair frees the position.
    admin
        .remove_member(unit, chair.id, chair.version)
        .await
        .expect("remove");
    admin
        .add_member(unit, &member("赵主席", Position::Chair))
        .await
        .expect("a new chair");
    let c = admin.committee(unit).await.expect("committee");
    assert_eq!(
        c.members
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        ["李四（改）", "赵主席"]
    );
}

#[tokio::test]
async fn a_member_signs_in_once_granted_gives_secret_opinions_and_is_locked_out_when_withdrawn() {
    let app = TestApp::spawn().await;
    let apps = app.unit_with(0, 2, Fixture::Reviewed).await;
    let unit = app.units[0];
    let members = app.prelim_committee(0, 3).await;
    let admin = app.staff(Role::UnitAdmin, 0).await;
    let grant = admin
        .grant_portal(unit, members[1].id, members[1].version)
        .await
        .expect("grant portal rights");
    assert!(grant.member.portal_enabled);
    let member = first_sign_in(&app, &grant.username, &grant.initial_password).await;
    let second = admin
        .grant_portal(unit, members[2].id, members[2].version)
        .await
        .expect("grant the second");
    let member2 = first_sign_in(&app, &second.username, &second.initial_password).await;

    // The member sees the unit's reviewed applicants and reads a dossier,
    // without edit actions.
    let page = member
        .committee_applicants(unit, &ReviewQuery::default())
        .await
        .expect("list");
    assert_eq!(page.total, 2);
    assert!(page
        .items
        .iter()
        .all(|r| r.may_give_opinion && r.tally.is_none()));
    let d = member
        .dossier(apps[0].application)
        .await
        .expect("member reads the dossier");
    assert!(d.allowed_actions.is_empty(), "{:?}", d.allowed_actions);

    member
        .give_opinion(
            apps[0].application,
            &OpinionInput {
                opinion: Opinion::Disagree,
                comment: "论文创新性不足".into(),
            },
        )
        .await
        .expect("opinion");
    // Changeable until the result is recorded.
    member
        .give_opinion(
            apps[0].application,
            &OpinionInput {
                opinion: Opinion::Agree,
                comment: String::new(),
            },
        )
        .await
        .expect("changed opinion");
    // Another member does not see it; the admin sees only the tally.
    let theirs = member2
        .committee_applicants(unit, &ReviewQuery::default())
        .await
        .expect("list");
    let row = theirs
        .items
        .iter()
        .find(|r| r.application_id == apps[0].application)
        .expect("row");
    assert_eq!(row.my_opinion, None);
    let mine = member
        .committee_applicants(unit, &ReviewQuery::default())
        .await
        .expect("list");
    let row = mine
        .items
        .iter()
        .find(|r| r.application_id == apps[0].application)
        .expect("row");
    assert_eq!(
        row.my_opinion.as_ref().map(|o| o.opinion),
        Some(Opinion::Agree)
    );
    let tally = admin
        .committee_applicants(unit, &ReviewQuery::default())
        .await
        .expect("admin list")
        .items
        .into_iter()
        .find(|r| r.application_id == apps[0].application)
        .and_then(|r| r.tally)
        .expect("tally");
    assert_eq!((tally.agree, tally.disagree, tally.abstain), (1, 0, 0));
    assert_eq!(tally.missing, vec!["委员3".to_owned()]);

    // Not the member of another unit's committee, nor another unit's applicants.
    let other_unit = app.unit_with(1, 1, Fixture::Reviewed).await;
    assert_eq!(
        code(
            member
                .committee_applicants(app.units[1], &ReviewQuery::default())
                .await
        ),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(member.dossier(other_unit[0].application).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(
            member
                .give_opinion(
                    other_unit[0].application,
                    &OpinionInput {
                        opinion: Opinion::Agree,
                        comment: String::new()
                    }
                )
                .await
        ),
        ErrorCode::Forbidden
    );
    // A bare prelim_member grant without a seat on the committee is refused.
    let stranger = app.staff(Role::PrelimMember, 0).await;
    assert_eq!(
        code(
            stranger
                .committee_applicants(unit, &ReviewQuery::default())
                .await
        ),
        ErrorCode::NotCommitteeMember
    );

    // After the result, the opinion is frozen.
    app.record_prelim(&[&apps[0]], Decision::Passed).await;
    assert_eq!(
        code(
            member
                .give_opinion(
                    apps[0].application,
                    &OpinionInput {
                        opinion: Opinion::Abstain,
                        comment: String::new()
                    }
                )
                .await
        ),
        ErrorCode::InvalidTransition
    );

    // Withdrawn: the very next request is refused; re-granted: a new
    // one-time password, changed again at the first sign-in.
    let now = admin.committee(unit).await.expect("committee").members;
    let m1 = now.iter().find(|m| m.id == members[1].id).expect("member");
    let withdrawn = admin
        .withdraw_portal(unit, m1.id, m1.version)
        .await
        .expect("withdraw");
    assert!(!withdrawn.portal_enabled);
    assert_eq!(
        code(
            member
                .committee_applicants(unit, &ReviewQuery::default())
                .await
        ),
        ErrorCode::AccountDisabled
    );
    let again = admin
        .grant_portal(unit, withdrawn.id, withdrawn.version)
        .await
        .expect("grant again");
    assert_eq!(again.username, grant.username);
    first_sign_in(&app, &again.username, &again.initial_password).await;
    // Removing a member disables the login too.
    let now = admin.committee(unit).await.expect("committee").members;
    let m2 = now.iter().find(|m| m.id == members[2].id).expect("member");
    admin
        .remove_member(unit, m2.id, m2.version)
        .await
        .expect("remove");
    assert_eq!(
        code(
            member2
                .committee_applicants(unit, &ReviewQuery::default())
                .await
        ),
        ErrorCode::AccountDisabled
    );
}

#[tokio::test]
async fn results_follow_the_meeting_and_the_rule() {
    let app = TestApp::spawn().await;
    let apps = app.unit_with(0, 4, Fixture::Reviewed).await;
    let confirmed = app.unit_with(0, 1, Fixture::Confirmed).await;
    let unit = app.units[0];
    let admin = app.staff(Role::UnitAdmin, 0).await;
    // No meeting record yet.
    assert_eq!(
        code(
            admin
                .record_committee_results(
                    unit,
                    &request(&app, &[&apps[0]], result((3, 0, 0), Decision::Passed))
                )
                .await
        ),
        ErrorCode::MeetingNotRecorded
    );
    for i in 0..15 {
        admin
            .add_member(
                unit,
                &member(
                    &format!("委员{i}"),
                    if i == 0 {
                        Position::Chair
                    } else {
                        Position::Member
                    },
                ),
            )
            .await
            .expect("member");
    }
    let meeting = |present, version| MeetingInput {
        resolution_no: None,
        held_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        place: "会议室".into(),
        attendance: Attendance {
            members_total: 15,
            members_present: present,
        },
        minutes: String::new(),
        version,
    };
    // 9 of 15 is not two thirds.
    let e = admin
        .save_committee_meeting(unit, &meeting(9, None))
        .await
        .expect_err("no quorum");
    assert_eq!(e.code(), Some(ErrorCode::VotesInconsistent));
    let saved = admin
        .save_committee_meeting(unit, &meeting(10, None))
        .await
        .expect("meeting");
    let v = saved.meeting.as_ref().map(|m| m.version);
    assert_eq!(
        code(admin.save_committee_meeting(unit, &meeting(10, None)).await),
        ErrorCode::StaleVersion
    );
    admin
        .save_committee_meeting(unit, &meeting(11, v))
        .await
        .expect("changed meeting");

    let refused = |votes, decision| {
        let admin = admin.clone();
        let req = request(&app, &[&apps[0]], result(votes, decision));
        async move {
            admin
                .record_committee_results(unit, &req)
                .await
                .expect_err("refused")
        }
    };
    // More votes than present; passed with 7 of 15; deferred without its resolution.
    let e = refused((8, 3, 1), Decision::Passed).await;
    assert_eq!(e.code(), Some(ErrorCode::VotesInconsistent));
    let e = refused((7, 4, 0), Decision::Passed).await;
    assert_eq!(e.code(), Some(ErrorCode::VotesInconsistent));
    assert!(e.user_message().contains("不能作出“通过”决议"), "{e}");
    let e = refused((2, 9, 0), Decision::Deferred).await;
    assert_eq!(e.code(), Some(ErrorCode::VotesInconsistent));
    // 未通过 against passing counts needs its reason.
    let e = refused((9, 2, 0), Decision::Failed).await;
    assert_eq!(e.code(), Some(ErrorCode::VotesInconsistent));
    assert_eq!(
        app.stage_of(apps[0].application),
        Stage::Reviewed,
        "nothing changed"
    );
    let mut with_reason = result((9, 2, 0), Decision::Failed);
    with_reason.reason = Some("学术不端调查中".into());
    admin
        .record_committee_results(unit, &request(&app, &[&apps[0]], with_reason))
        .await
        .expect("failed with a reason");
    assert_eq!(
        app.stage_of(apps[0].application),
        Stage::PrelimDecided(Decision::Failed)
    );
    // The meeting may no longer change so that a recorded result would not
    // fit (11 votes, 10 present), nor count other than the registered 15.
    let now = admin
        .committee_meeting(unit)
        .await
        .expect("meeting")
        .meeting
        .map(|m| m.version);
    let e = admin
        .save_committee_meeting(unit, &meeting(10, now))
        .await
        .expect_err("results no longer fit");
    assert_eq!(e.code(), Some(ErrorCode::VotesInconsistent));
    let mut fourteen = meeting(11, now);
    fourteen.attendance.members_total = 14;
    let e = admin
        .save_committee_meeting(unit, &fourteen)
        .await
        .expect_err("not the registered committee");
    assert_eq!(e.code(), Some(ErrorCode::VotesInconsistent));

    // Bulk, the same counts for many; a stale version or a not-yet-reviewed
    // applicant refuses the whole request.
    let mut stale = request(
        &app,
        &[&apps[1], &apps[2]],
        result((11, 0, 0), Decision::Passed),
    );
    stale.applications[1].version += 1;
    let e = admin
        .record_committee_results(unit, &stale)
        .await
        .expect_err("stale");
    assert_eq!(e.code(), Some(ErrorCode::StaleVersion));
    let e = admin
        .record_committee_results(
            unit,
            &request(
                &app,
                &[&apps[1], &confirmed[0]],
                result((11, 0, 0), Decision::Passed),
            ),
        )
        .await
        .expect_err("not reviewed");
    assert_eq!(e.code(), Some(ErrorCode::InvalidTransition));
    if let ClientError::Api { body, .. } = &e {
        assert_eq!(body.fields.len(), 1);
        assert_eq!(body.fields[0].field, confirmed[0].student_no);
    }
    assert_eq!(app.stage_of(apps[1].application), Stage::Reviewed);
    let done = admin
        .record_committee_results(
            unit,
            &request(
                &app,
                &[&apps[1], &apps[2]],
                result((11, 0, 0), Decision::Passed),
            ),
        )
        .await
        .expect("bulk");
    assert_eq!(done.done, 2);
    let mut deferred = result((3, 8, 0), Decision::Deferred);
    deferred.resolution = Some("补充实验数据后提交下次会议".into());
    admin
        .record_committee_results(unit, &request(&app, &[&apps[3]], deferred))
        .await
        .expect("deferred");
    // Another unit's admin, a member, the office: refused.
    let other = app.staff(Role::UnitAdmin, 1).await;
    assert_eq!(
        code(
            other
                .record_committee_results(
                    unit,
                    &request(&app, &[&apps[1]], result((11, 0, 0), Decision::Passed))
                )
                .await
        ),
        ErrorCode::Forbidden
    );
    let office = app.office().await;
    assert_eq!(
        code(
            office
                .record_committee_results(
                    unit,
                    &request(&app, &[&apps[1]], result((11, 0, 0), Decision::Passed))
                )
                .await
        ),
        ErrorCode::Forbidden
    );

    // The degree office changes the rule: half present, a majority of those
    // present. 6 of 11 present now pass.
    let rule = office
        .committee_rule(CommitteeKind::Prelim)
        .await
        .expect("rule");
    assert_eq!(rule.rule, DecisionRule::default());
    let present_majority = DecisionRule {
        quorum: Fraction { num: 1, den: 2 },
        pass: Fraction { num: 1, den: 2 },
        pass_base: PassBase::Present,
    };
    assert_eq!(
        code(
            admin
                .set_committee_rule(
                    CommitteeKind::Prelim,
                    &RuleUpdate {
                        rule: present_majority,
                        version: rule.version
                    }
                )
                .await
        ),
        ErrorCode::Forbidden
    );
    let bad = DecisionRule {
        quorum: Fraction { num: 0, den: 0 },
        ..present_majority
    };
    assert_eq!(
        code(
            office
                .set_committee_rule(
                    CommitteeKind::Prelim,
                    &RuleUpdate {
                        rule: bad,
                        version: rule.version
                    }
                )
                .await
        ),
        ErrorCode::ValidationFailed
    );
    office
        .set_committee_rule(
            CommitteeKind::Prelim,
            &RuleUpdate {
                rule: present_majority,
                version: rule.version,
            },
        )
        .await
        .expect("set rule");
    assert_eq!(
        code(
            office
                .set_committee_rule(
                    CommitteeKind::Prelim,
                    &RuleUpdate {
                        rule: present_majority,
                        version: rule.version
                    }
                )
                .await
        ),
        ErrorCode::StaleVersion
    );
    admin
        .record_committee_results(
            unit,
            &request(&app, &[&apps[3]], result((6, 5, 0), Decision::Passed)),
        )
        .await
        .expect("passes by the new rule");
}

#[tokio::test]
async fn the_voting_list_is_complete_printable_and_the_same_in_xlsx() {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    let app = TestApp::spawn().await;
    let apps = app.unit_with(0, 3, Fixture::Reviewed).await;
    let unit = app.units[0];
    let admin = app.staff(Role::UnitAdmin, 0).await;
    app.prelim_committee(0, 5).await;
    app.record_prelim(&[&apps[0], &apps[1]], Decision::Passed)
        .await;
    let e = admin.voting_list(unit).await.expect_err("incomplete");
    assert_eq!(e.code(), Some(ErrorCode::ResultsIncomplete));
    if let ClientError::Api { body, .. } = &e {
        assert_eq!(body.fields.len(), 1);
        assert_eq!(body.fields[0].field, apps[2].student_no);
    }
    assert_eq!(
        code(admin.voting_list_xlsx(unit).await),
        ErrorCode::ResultsIncomplete
    );
    app.record_prelim(&[&apps[2]], Decision::Deferred).await;

    let list = admin.voting_list(unit).await.expect("voting list");
    assert_eq!(list.rows.len(), 3);
    assert_eq!(list.chair.as_deref(), Some("委员1"));
    assert_eq!(
        (
            list.attendance.members_total,
            list.attendance.members_present
        ),
        (5, 5)
    );
    let bytes = admin.voting_list_xlsx(unit).await.expect("xlsx");
    let mut book: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("an xlsx workbook");
    let sheet = book.worksheet_range("表决授予学位名单").expect("the sheet");
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert!(cells[0][0].contains("表决授予学位名单"), "{:?}", cells[0]);
    assert!(cells[1][0].contains("出席人数：5 人"), "{:?}", cells[1]);
    assert_eq!(cells[2][..4], ["序号", "学号", "姓名", "学生类别"]);
    for (i, row) in list.rows.iter().enumerate() {
        let got = &cells[3 + i];
        let want = [
            row.no.to_string(),
            row.student_no.clone(),
            row.name.clone(),
            row.kind.label().to_owned(),
            row.major.clone(),
            row.thesis_title.clone(),
            row.advisor_name.clone(),
            row.votes.yes.to_string(),
            row.votes.no.to_string(),
            row.votes.abstain.to_string(),
            backend::voting_list::conclusion(row.decision, row.resolution.as_deref()),
        ];
        assert_eq!(got[..11], want, "row {i}");
    }
    assert_eq!(cells[5][10], "缓议（补充材料后再议）");
    assert!(cells
        .iter()
        .flatten()
        .any(|c| c.contains("学位评定委员会主席（签字）：委员1")));
    assert!(cells
        .iter()
        .flatten()
        .any(|c| c.contains("学位评定委员会（公章）")));
    // The other unit's admin and a student get nothing.
    let other = app.staff(Role::UnitAdmin, 1).await;
    assert_eq!(code(other.voting_list(unit).await), ErrorCode::Forbidden);
    assert_eq!(
        code(apps[0].client.voting_list_xlsx(unit).await),
        ErrorCode::Forbidden
    );
}

#[tokio::test]
async fn a_unit_submits_when_every_applicant_is_decided_and_the_office_reopens_it() {
    let app = TestApp::spawn().await;
    let apps = app.unit_with(0, 3, Fixture::Reviewed).await;
    let late = app.unit_with(0, 1, Fixture::Confirmed).await;
    let unit = app.units[0];
    let admin = app.staff(Role::UnitAdmin, 0).await;
    let office = app.office().await;
    app.prelim_committee(0, 5).await;
    app.record_prelim(&[&apps[0]], Decision::Passed).await;
    app.record_prelim(&[&apps[1]], Decision::Failed).await;

    let status = admin.submission(unit).await.expect("status");
    assert!(!status.may_submit);
    assert_eq!(status.blockers.len(), 2);
    let e = admin
        .submit_unit(unit, status.version)
        .await
        .expect_err("blocked");
    assert_eq!(e.code(), Some(ErrorCode::SubmissionBlocked));
    if let ClientError::Api { body, .. } = &e {
        let named: Vec<&str> = body.fields.iter().map(|f| f.field.as_str()).collect();
        assert!(named.contains(&apps[2].student_no.as_str()), "{named:?}");
        assert!(named.contains(&late[0].student_no.as_str()), "{named:?}");
    }
    // The late one is reviewed and deferred; now the unit may submit.
    app.bring_to(&late[0], Fixture::Reviewed).await;
    app.record_prelim(&[&apps[2], &late[0]], Decision::Deferred)
        .await;
    // Without a 主席 the unit cannot submit.
    let chair = admin.committee(unit).await.expect("committee").members[0].clone();
    admin
        .remove_member(unit, chair.id, chair.version)
        .await
        .expect("remove the chair");
    let status = admin.submission(unit).await.expect("status");
    assert_eq!(
        code(admin.submit_unit(unit, status.version).await),
        ErrorCode::SubmissionBlocked
    );
    admin
        .add_member(unit, &member("新主席", Position::Chair))
        .await
        .expect("a new chair");
    let portal = admin.committee(unit).await.expect("committee").members[0].clone();
    let grant = admin
        .grant_portal(unit, portal.id, portal.version)
        .await
        .expect("portal");
    let status = admin.submission(unit).await.expect("status");
    assert!(status.may_submit, "{:?}", status.blockers);
    assert_eq!(
        code(office.submit_unit(unit, status.version).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(admin.submit_unit(unit, status.version + 1).await),
        ErrorCode::StaleVersion
    );
    let submitted = admin
        .submit_unit(unit, status.version)
        .await
        .expect("submit");
    assert!(submitted.submitted);
    assert_eq!(
        (
            submitted.counts.passed,
            submitted.counts.failed,
            submitted.counts.deferred
        ),
        (1, 1, 2)
    );
    assert_eq!(
        app.stage_of(apps[1].application),
        Stage::Submitted(Decision::Failed)
    );

    // Read-only for the unit: dossier, results, meeting, committee.
    let d = admin.dossier(apps[0].application).await.expect("reads");
    assert!(d.allowed_actions.is_empty(), "{:?}", d.allowed_actions);
    let edit = shared::dto::application::DossierUpdate {
        version: d.application.version,
        fields: Default::default(),
    };
    assert_eq!(
        code(admin.update_dossier(apps[0].application, &edit).await),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        code(
            admin
                .record_committee_results(
                    unit,
                    &request(&app, &[&apps[0]], result((5, 0, 0), Decision::Passed))
                )
                .await
        ),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        code(
            admin
                .add_member(unit, &member("新委员", Position::Member))
                .await
        ),
        ErrorCode::InvalidTransition
    );
    let m = admin.committee_meeting(unit).await.expect("meeting");
    assert!(!m.editable);
    // Portal rights can still be withdrawn: access, not a record.
    let member = admin.committee(unit).await.expect("committee").members[0].clone();
    assert_eq!(member.username.as_deref(), Some(grant.username.as_str()));
    admin
        .withdraw_portal(unit, member.id, member.version)
        .await
        .expect("withdraw after submission");
    assert_eq!(
        code(admin.submit_unit(unit, submitted.version).await),
        ErrorCode::InvalidTransition
    );

    // The office sees it, and only the office reopens, with a reason.
    let overview = office.submissions().await.expect("overview");
    let row = overview
        .units
        .iter()
        .find(|u| u.unit_id == unit)
        .expect("unit");
    assert!(row.submitted);
    assert_eq!(
        (row.counts.passed, row.counts.failed, row.counts.deferred),
        (1, 1, 2)
    );
    assert_eq!(overview.units_submitted, 1);
    assert_eq!(code(admin.submissions().await), ErrorCode::Forbidden);
    assert_eq!(
        code(admin.reopen_unit(unit, submitted.version, "再看看").await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(office.reopen_unit(unit, submitted.version, "  ").await),
        ErrorCode::ValidationFailed
    );
    let reopened = office
        .reopen_unit(unit, submitted.version, "张三的论文题目与培养系统不一致")
        .await
        .expect("reopen");
    assert!(!reopened.submitted);
    assert_eq!(
        reopened.reopen_reason.as_deref(),
        Some("张三的论文题目与培养系统不一致")
    );
    assert_eq!(
        app.stage_of(apps[1].application),
        Stage::PrelimDecided(Decision::Failed)
    );
    let messages = admin.messages().await.expect("messages");
    assert!(messages
        .iter()
        .any(|m| m.text.contains("张三的论文题目与培养系统不一致")));
    // The unit can change again, and must submit again.
    let d = admin.dossier(apps[0].application).await.expect("reads");
    assert!(!d.allowed_actions.is_empty());
    let again = admin
        .submit_unit(unit, reopened.version)
        .await
        .expect("submit again");
    let kinds: Vec<SubmissionEventKind> = again.history.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            SubmissionEventKind::Submitted,
            SubmissionEventKind::Reopened,
            SubmissionEventKind::Submitted
        ]
    );
    assert_eq!(
        again.history[1].reason.as_deref(),
        Some("张三的论文题目与培养系统不一致")
    );
    // Another unit's admin and a student see nothing of it.
    let other = app.staff(Role::UnitAdmin, 1).await;
    assert_eq!(code(other.submission(unit).await), ErrorCode::Forbidden);
    assert_eq!(
        code(apps[0].client.submission(UnitId(unit.0)).await),
        ErrorCode::Forbidden
    );
}
