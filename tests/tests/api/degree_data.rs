//! 学位终审数据管理 through the API (SPEC §2.10, NATIONAL.md): numbers by
//! the rule, issued once and never reused across a revocation and a second
//! batch; the units' notices; the national report validated field by field,
//! refused or written without the bad record, byte-identical on a re-run
//! and read back; the public 公告; and the batch closed read-only.

use backend::db::schema::students;
use degree_tests::{Applicant, TestApp};
use diesel::prelude::*;
use shared::authz::Role;
use shared::client::ClientError;
use shared::domain::{DegreeLevel, StudentKind};
use shared::dto::batch::{AdvanceBatch, NewBatch, Season};
use shared::dto::degree_data::{AnnouncementInput, ReportFileKind, ReportRequest, RevokeInput};
use shared::error::ErrorCode;
use shared::ids::BatchId;
use shared::national::certificate;
use shared::workflow::BatchPhase;
use std::io::Read;

fn code<T: std::fmt::Debug>(r: Result<T, ClientError>) -> ErrorCode {
    r.expect_err("refused")
        .code()
        .unwrap_or(ErrorCode::Internal)
}

fn set_id_number(app: &TestApp, a: &Applicant, id: &str) {
    diesel::update(students::table.find(a.student.0))
        .set(students::id_number.eq(Some(id)))
        .execute(&mut *app.conn())
        .expect("id number");
}

fn id_number_of(app: &TestApp, a: &Applicant) -> String {
    students::table
        .find(a.student.0)
        .select(students::id_number)
        .first::<Option<String>>(&mut *app.conn())
        .expect("id")
        .unwrap_or_default()
}

/// The rows of a report `.xlsx`, read back.
fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let range = wb.worksheet_range("学位授予信息").expect("sheet");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(!bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no BOM");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    r.records()
        .map(|x| x.expect("csv").iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn numbers_notices_report_and_announcement_then_the_batch_is_closed() {
    let app = TestApp::spawn().await;
    let batch = app.open_batch().await;
    let apps = app.conferred(&[(0, 6), (1, 2)]).await;
    let office = app.office().await;
    let unit_admin = app.as_role(Role::UnitAdmin).await;
    let student = &apps[0].client;

    // The overview; wrong roles refused.
    let o = office.certificates(batch.id).await.expect("overview");
    assert_eq!((o.conferred, o.numbered, o.undecided), (8, 0, 0));
    assert!(o.may_issue, "{o:?}");
    assert_eq!(o.issue_date.to_string(), "2026-12-20");
    assert_eq!(
        code(unit_admin.issue_certificates(batch.id).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(student.certificates(batch.id).await),
        ErrorCode::Forbidden
    );

    // 发放: every number by the rule, in unit code then 学号 order.
    let out = office.issue_certificates(batch.id).await.expect("issue");
    assert_eq!((out.issued, out.already), (8, 0));
    let page = office
        .final_applicants(&Default::default())
        .await
        .expect("list");
    let codes: std::collections::HashMap<_, _> = office
        .units()
        .await
        .expect("units")
        .into_iter()
        .map(|u| (u.id, u.code))
        .collect();
    let mut numbered: Vec<(String, String, String)> = Vec::new();
    for a in &apps {
        let no = office
            .certificate_numbers(a.application)
            .await
            .expect("numbers")
            .into_iter()
            .find(|r| r.revoked_at.is_none())
            .expect("live number")
            .number;
        let level = a.kind.level();
        assert_eq!(
            certificate::check(&no, "14430", level, 2026),
            Ok(()),
            "{no}"
        );
        assert_eq!(
            &no[5..6],
            if level == DegreeLevel::Doctor {
                "2"
            } else {
                "3"
            }
        );
        numbered.push((codes[&a.unit].clone(), a.student_no.clone(), no));
    }
    assert_eq!(page.total, 8);
    let mut by_order = numbered.clone();
    by_order.sort();
    for level in ["2", "3"] {
        let seq: Vec<&str> = by_order
            .iter()
            .filter(|(_, _, n)| &n[5..6] == level)
            .map(|(_, _, n)| &n[10..])
            .collect();
        let mut sorted = seq.clone();
        sorted.sort();
        assert_eq!(seq, sorted, "sequence follows unit code then 学号");
        if !seq.is_empty() {
            assert_eq!(seq.first().copied(), Some("000001"));
        }
    }
    let again = office.issue_certificates(batch.id).await.expect("re-run");
    assert_eq!((again.issued, again.already), (0, 8));

    // 作废 one; the next numbering gives a new one, never the old.
    let victim = &apps[0];
    let old = numbered
        .iter()
        .find(|(_, no, _)| *no == victim.student_no)
        .map(|(_, _, n)| n.clone())
        .expect("victim's number");
    let bad = RevokeInput {
        version: app.version_of(victim.application),
        reason: "  ".into(),
    };
    assert_eq!(
        code(office.revoke_certificate(victim.application, &bad).await),
        ErrorCode::ValidationFailed
    );
    let stale = RevokeInput {
        version: app.version_of(victim.application) - 1,
        reason: "证书信息更正".into(),
    };
    assert_eq!(
        code(office.revoke_certificate(victim.application, &stale).await),
        ErrorCode::StaleVersion
    );
    let history = office
        .revoke_certificate(
            victim.application,
            &RevokeInput {
                version: app.version_of(victim.application),
                reason: "证书信息更正".into(),
            },
        )
        .await
        .expect("revoke");
    assert!(history.iter().all(|r| r.revoked_at.is_some()));
    assert!(office
        .certificates(batch.id)
        .await
        .expect("o")
        .blocked
        .is_none());
    let out = office.issue_certificates(batch.id).await.expect("reissue");
    assert_eq!(out.issued, 1);
    let history = office
        .certificate_numbers(victim.application)
        .await
        .expect("h");
    assert_eq!(history.len(), 2);
    let new = history
        .iter()
        .find(|r| r.revoked_at.is_none())
        .expect("live")
        .number
        .clone();
    assert_ne!(new, old);
    assert!(
        numbered.iter().all(|(_, _, n)| *n != new),
        "never an issued number"
    );
    assert_eq!(office.certificates(batch.id).await.expect("o").revoked, 1);

    // 学位授予通知: the unit's own, not another's.
    let notice = unit_admin
        .unit_notice(batch.id, apps[0].unit)
        .await
        .expect("notice");
    assert_eq!(notice.rows.len(), 6);
    assert!(notice
        .rows
        .iter()
        .all(|r| r.certificate_no.is_some() && !r.degree.is_empty()));
    assert_eq!(
        notice.resolution_no.as_deref(),
        Some("国科大学位〔2026〕12号")
    );
    assert_eq!(
        code(unit_admin.unit_notice(batch.id, apps[7].unit).await),
        ErrorCode::Forbidden
    );
    let xlsx = unit_admin
        .unit_notice_xlsx(batch.id, apps[0].unit)
        .await
        .expect("notice xlsx");
    {
        use calamine::{Reader, Xlsx};
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).expect("xlsx");
        let range = wb.worksheet_range("学位授予通知").expect("sheet");
        assert_eq!(range.rows().count(), 4 + 6);
    }
    let sent = office.send_notices(batch.id).await.expect("send");
    assert_eq!(sent.units, 2);
    assert!(sent.messages >= 1);
    assert!(office.notices(batch.id).await.expect("n").sent_at.is_some());

    // The report: one defect in one record names that record and field only.
    let bad_one = &apps[1];
    let good_id = id_number_of(&app, bad_one);
    let mut broken = good_id.clone();
    broken.replace_range(17..18, if good_id.ends_with('0') { "1" } else { "0" });
    set_id_number(&app, bad_one, &broken);
    let check = office.check_report(batch.id).await.expect("check");
    assert_eq!(
        (check.records, check.rejected),
        (8, 1),
        "{:#?}",
        check.problems
    );
    assert!(check
        .problems
        .iter()
        .all(|p| p.student_no == bad_one.student_no && p.field == "ZJHM"));
    assert_eq!(
        code(
            office
                .produce_report(batch.id, &ReportRequest { partial: false })
                .await
        ),
        ErrorCode::ReportInvalid
    );
    let partial = office
        .produce_report(batch.id, &ReportRequest { partial: true })
        .await
        .expect("partial");
    assert_eq!((partial.records, partial.partial), (7, true));
    assert_eq!(partial.rejected.len(), 1);
    let blocked = app
        .advance(BatchPhase::Completed)
        .await
        .expect_err("partial report refused");
    assert_eq!(blocked.code(), Some(ErrorCode::PhaseBlocked));

    // Fixed (as a correction would), the full report; the same data gives
    // the same bytes.
    set_id_number(&app, bad_one, &good_id);
    let full = office
        .produce_report(batch.id, &ReportRequest::default())
        .await
        .expect("full");
    assert_eq!((full.records, full.partial), (8, false));
    let rerun = office
        .produce_report(batch.id, &ReportRequest::default())
        .await
        .expect("rerun");
    for (a, b) in full.files.iter().zip(&rerun.files) {
        assert_eq!(a.sha256, b.sha256, "{:?} byte-identical", a.kind);
    }
    let x = office
        .report_file(batch.id, ReportFileKind::Xlsx)
        .await
        .expect("xlsx");
    let c = office
        .report_file(batch.id, ReportFileKind::Csv)
        .await
        .expect("csv");
    let z = office
        .report_file(batch.id, ReportFileKind::Photos)
        .await
        .expect("zip");
    for (bytes, f) in [
        (&x, &full.files[0]),
        (&c, &full.files[1]),
        (&z, &full.files[2]),
    ] {
        assert_eq!(backend::national::files::sha256(bytes), f.sha256);
    }
    let national = backend::national::data::load(None).expect("data");
    let header: Vec<String> = national
        .data
        .columns
        .iter()
        .map(|c| c.code.clone())
        .collect();
    let from_xlsx = xlsx_rows(&x);
    let from_csv = csv_rows(&c);
    assert_eq!(from_xlsx[0], header);
    assert_eq!(from_csv, from_xlsx, "the two files carry the same table");
    assert_eq!(from_csv.len(), 9);
    // Read back and validated again: every record well formed, numbers
    // matching level and year, every code in its table.
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let mut seen = std::collections::HashSet::new();
    for row in &from_csv[1..] {
        let no = &row[col("XWZSBH")];
        assert!(seen.insert(no.clone()), "unique {no}");
        let level = if row[col("XWLBM")].starts_with('2') {
            DegreeLevel::Doctor
        } else {
            DegreeLevel::Master
        };
        assert_eq!(certificate::check(no, "14430", level, 2026), Ok(()));
        assert_eq!(row[col("HXWRQ")], "20261220");
        assert_eq!(row[col("JYBH")], "国科大学位〔2026〕12号");
        assert!(shared::domain::IdNumber::parse(&row[col("ZJHM")]).is_ok());
        for c in &national.data.columns {
            if let Some(t) = &c.table {
                let v = &row[col(&c.code)];
                assert!(
                    v.is_empty() || national.data.table(t).and_then(|t| t.name_of(v)).is_some(),
                    "{} {v:?} in {t}",
                    c.code
                );
            }
        }
        assert_eq!(row[col("ZP")], row[col("ZJHM")]);
        let keywords = &row[col("LWGJC")];
        assert!(
            !keywords.contains(['"', '[', ']']) && keywords.split(',').count() >= 3,
            "{keywords}"
        );
    }
    // And through the report's own rules: each row read back, as a
    // record of its applicant, passes every check of the validation, and no
    // 学号 or ID number appears twice.
    let sources =
        backend::db::degree_data::conferred(&mut app.conn(), batch.id, None).expect("sources");
    for row in &from_csv[1..] {
        let (s, _) = sources
            .iter()
            .find(|(s, _)| s.student_no == row[col("XH")])
            .expect("a conferred applicant of the batch");
        let read = shared::national::report::Record {
            application_id: s.application_id,
            student_no: s.student_no.clone(),
            name: s.name.clone(),
            unit_name: s.unit_name.clone(),
            values: header.iter().cloned().zip(row.iter().cloned()).collect(),
        };
        assert_eq!(
            shared::national::report::check_record(s, &read, &national.data),
            vec![],
            "{}",
            s.student_no
        );
    }
    for field in ["XH", "ZJHM"] {
        let mut seen = std::collections::HashSet::new();
        assert!(
            from_csv[1..]
                .iter()
                .all(|r| seen.insert(r[col(field)].clone())),
            "{field} unique"
        );
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(z)).expect("zip");
    assert_eq!(zip.len(), 8);
    let mut jpeg = Vec::new();
    zip.by_index(0)
        .expect("entry")
        .read_to_end(&mut jpeg)
        .expect("read");
    assert!(jpeg.starts_with(&[0xFF, 0xD8]));
    let names: Vec<String> = (0..zip.len())
        .map(|i| {
            zip.by_index(i)
                .expect("e")
                .name()
                .expect("name")
                .to_string()
        })
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.len() == 18 + 4 && n.ends_with(".jpg")),
        "{names:?}"
    );
    assert_eq!(
        code(unit_admin.check_report(batch.id).await),
        ErrorCode::Forbidden
    );

    // 公告: public once published, without ID numbers; withdrawn, gone.
    let anon = app.anonymous();
    assert_eq!(
        code(anon.public_announcement(batch.id).await),
        ErrorCode::NotFound
    );
    let status = office.announcement(batch.id).await.expect("status");
    assert!(!status.published);
    let published = office
        .publish_announcement(
            batch.id,
            &AnnouncementInput {
                version: status.version,
                title: None,
            },
        )
        .await
        .expect("publish");
    assert!(published.published);
    let public = anon.public_announcement(batch.id).await.expect("public");
    assert_eq!(public.rows.len(), 8);
    let text = serde_json::to_string(&public).expect("json");
    assert!(!text.contains(&good_id), "no ID numbers in the 公告");
    assert_eq!(anon.public_announcements().await.expect("list").len(), 1);
    let stale = office
        .unpublish_announcement(batch.id, status.version)
        .await;
    assert_eq!(code(stale), ErrorCode::StaleVersion);
    let withdrawn = office
        .unpublish_announcement(batch.id, published.version)
        .await
        .expect("unpublish");
    assert!(withdrawn.unpublished_at.is_some());
    assert_eq!(
        code(anon.public_announcement(batch.id).await),
        ErrorCode::NotFound
    );
    let again = office
        .publish_announcement(
            batch.id,
            &AnnouncementInput {
                version: withdrawn.version,
                title: Some("2026年冬季学位授予公告".into()),
            },
        )
        .await
        .expect("republish");
    assert_eq!(
        anon.public_announcement(batch.id).await.expect("p").title,
        "2026年冬季学位授予公告"
    );

    // Closing: the batch is read-only, still browsable; the next one opens.
    app.advance(BatchPhase::Completed).await.expect("complete");
    assert_eq!(
        code(office.issue_certificates(batch.id).await),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        code(
            office
                .produce_report(batch.id, &ReportRequest::default())
                .await
        ),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        code(
            office
                .publish_announcement(
                    batch.id,
                    &AnnouncementInput {
                        version: again.version,
                        title: None
                    }
                )
                .await
        ),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        code(office.unpublish_announcement(batch.id, again.version).await),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        code(office.send_notices(batch.id).await),
        ErrorCode::InvalidTransition
    );
    let v = app.version_of(apps[2].application);
    assert_eq!(
        code(
            office
                .revoke_certificate(
                    apps[2].application,
                    &RevokeInput {
                        version: v,
                        reason: "x".into()
                    }
                )
                .await
        ),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        unit_admin
            .unit_notice(batch.id, apps[0].unit)
            .await
            .expect("browse")
            .rows
            .len(),
        6
    );
    assert!(office.report(batch.id).await.expect("report").is_some());
    assert!(office.dossier(apps[2].application).await.is_ok());
    // Its lists too, read only: the final review's decisions and the unit's
    // 申请学位学生, picked by batch.
    assert_eq!(
        code(office.final_overview().await),
        ErrorCode::NoActiveBatch
    );
    let o = office
        .final_overview_of(Some(batch.id))
        .await
        .expect("the completed batch's 汇总");
    assert_eq!((o.phase, o.totals.conferred), (BatchPhase::Completed, 8));
    let finals = office
        .final_applicants(&shared::dto::final_review::FinalQuery {
            batch_id: Some(batch.id.0),
            ..Default::default()
        })
        .await
        .expect("the completed batch's decisions");
    assert_eq!(finals.total, 8);
    assert!(finals.items.iter().all(|r| r.may_decide.is_empty()));
    let rows = unit_admin
        .applications(
            apps[0].unit,
            &shared::dto::application::ApplicationQuery {
                batch_id: Some(batch.id.0),
                ..Default::default()
            },
        )
        .await
        .expect("the unit's applications of the completed batch");
    assert!(!rows.items.is_empty());
    assert!(rows.items.iter().all(|r| r.allowed_actions.is_empty()));
    let mine = apps[2]
        .client
        .my_decision()
        .await
        .expect("the student reads the decision of the completed batch");
    assert_eq!(
        mine.decision,
        Some(shared::workflow::FinalDecision::Conferred)
    );
    assert!(mine.certificate_no.is_some_and(|n| n.len() == 16));
    assert_eq!(
        anon.public_announcement(batch.id)
            .await
            .expect("still public")
            .rows
            .len(),
        8
    );

    let next = office
        .create_batch(&NewBatch {
            name: "2027年夏季学位评审".into(),
            season: Season::Summer,
            year: 2027,
            congress_date: chrono::NaiveDate::from_ymd_opt(2027, 6, 20).unwrap_or_default(),
        })
        .await
        .expect("next batch");
    assert_ne!(next.id, BatchId(batch.id.0));
    let _ = office
        .advance_batch(
            next.id,
            &AdvanceBatch {
                to: BatchPhase::Sealed,
                version: next.version,
            },
        )
        .await;
}

#[tokio::test]
async fn numbering_waits_for_every_decision_and_the_second_batch_continues_the_sequence() {
    let app = TestApp::spawn().await;
    let batch = app.open_batch().await;
    let apps = app.conferred(&[(0, 3)]).await;
    let office = app.office().await;
    // One undecided applicant holds the numbering back.
    app.set_stage(
        apps[2].application,
        shared::workflow::Stage::SubcommitteeDecided(shared::workflow::Decision::Passed),
    );
    let o = office.certificates(batch.id).await.expect("o");
    assert!(!o.may_issue && o.undecided == 1, "{o:?}");
    assert_eq!(
        code(office.issue_certificates(batch.id).await),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        code(app.advance(BatchPhase::Completed).await),
        ErrorCode::PhaseBlocked
    );
    app.set_stage(
        apps[2].application,
        shared::workflow::Stage::FinalDecided(shared::workflow::FinalDecision::Conferred),
    );
    let first = office.issue_certificates(batch.id).await.expect("issue");
    assert_eq!(first.issued, 3);
    // Completion waits for the report.
    let blocked = app
        .advance(BatchPhase::Completed)
        .await
        .expect_err("no report");
    assert!(
        blocked
            .body()
            .is_some_and(|b| b.message.contains("上报文件")),
        "{blocked:?}"
    );
    office
        .produce_report(batch.id, &ReportRequest::default())
        .await
        .expect("report");
    // A number revoked and issued again after the report makes the report
    // out of date: completion waits for a new one.
    office
        .revoke_certificate(
            apps[1].application,
            &RevokeInput {
                version: app.version_of(apps[1].application),
                reason: "证书信息更正".into(),
            },
        )
        .await
        .expect("revoke");
    assert_eq!(
        office
            .issue_certificates(batch.id)
            .await
            .expect("reissue")
            .issued,
        1
    );
    let stale = app
        .advance(BatchPhase::Completed)
        .await
        .expect_err("stale report");
    assert!(
        stale
            .body()
            .is_some_and(|b| b.message.contains("数据已有变化")),
        "{stale:?}"
    );
    office
        .produce_report(batch.id, &ReportRequest::default())
        .await
        .expect("report again");
    app.advance(BatchPhase::Completed).await.expect("complete");

    // A second batch in the same year continues after the highest number.
    let next = office
        .create_batch(&NewBatch {
            name: "2026年补充学位评审".into(),
            season: Season::Winter,
            year: 2026,
            congress_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 28).unwrap_or_default(),
        })
        .await
        .expect("next batch");
    let more = app.conferred(&[(0, 2)]).await;
    let out = office
        .issue_certificates(next.id)
        .await
        .expect("second batch");
    assert_eq!(out.issued, 2);
    let masters_before: Vec<String> = {
        let mut v = Vec::new();
        for a in &apps {
            for r in office.certificate_numbers(a.application).await.expect("n") {
                v.push(r.number);
            }
        }
        v
    };
    for a in &more {
        let n = office.certificate_numbers(a.application).await.expect("n");
        let no = &n[0].number;
        assert!(!masters_before.contains(no), "{no} reused");
        let same_start: Vec<&String> = masters_before
            .iter()
            .filter(|m| m[..10] == no[..10])
            .collect();
        assert!(
            same_start.iter().all(|m| *m < no),
            "{no} continues after {same_start:?}"
        );
        let _ = StudentKind::ALL;
    }
}
