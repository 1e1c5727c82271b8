//! 学位终审数据管理 (the office): 发放学位证书编号 (after a confirmation,
//! by the configured rule), the units' 学位授予通知 and the message that
//! they are ready, the national report (校验 field by field, then the
//! files with their SHA-256), and the public 公告.

use super::BatchPicker;
use crate::components::confirm::ConfirmDialog;
use crate::components::download::save_file;
use crate::components::layout::Guard;
use crate::data::{show_failure, Loaded, Loading, Mutation, Reload};
use crate::format::beijing;
use crate::routes;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::authz::Page;
use shared::dto::degree_data::*;
use shared::ids::BatchId;
use shared::workflow::Action;

/// Problems shown at once; the count says how many there are.
const SHOWN: usize = 200;

#[component]
pub fn DegreeDataPage() -> impl IntoView {
    view! {
        <Guard page=Page::DegreeData>
            <ManageView />
        </Guard>
    }
}

/// Which irreversible step waits for its confirmation.
#[derive(Clone, Copy, PartialEq)]
enum Asking {
    Issue,
    Send,
    Produce(bool),
    Publish,
    Unpublish,
}

#[component]
fn ManageView() -> impl IntoView {
    let app = use_app();
    let batch = RwSignal::new(None::<BatchId>);
    let reload = Reload::new();
    let certificates = LocalResource::new(move || {
        reload.track();
        let b = batch.get();
        async move {
            match b {
                Some(b) => app.client().certificates(b).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let notices = LocalResource::new(move || {
        reload.track();
        let b = batch.get();
        async move {
            match b {
                Some(b) => app.client().notices(b).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let report = LocalResource::new(move || {
        reload.track();
        let b = batch.get();
        async move {
            match b {
                Some(b) => app.client().report(b).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let announcement = LocalResource::new(move || {
        reload.track();
        let b = batch.get();
        async move {
            match b {
                Some(b) => app.client().announcement(b).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // Kept above the reloading parts.
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let asking = RwSignal::new(None::<Asking>);
    let check = RwSignal::new(None::<ReportCheck>);
    let checking = RwSignal::new(false);
    let fail = show_failure(error);
    let finish = move |message: String| {
        asking.set(None);
        error.set(None);
        done.set(Some(message));
        reload.bump();
    };
    let failed = move |e: shared::client::ClientError| {
        asking.set(None);
        fail(e);
    };
    let issue = Mutation::new(
        |client, b: BatchId| async move { client.issue_certificates(b).await },
        move |o: IssueOutcome| {
            finish(match (o.issued, o.first, o.last) {
                (0, _, _) => "没有需要发放编号的申请人，未发放新的编号。".to_owned(),
                (n, Some(f), Some(l)) => format!("已发放学位证书编号 {n} 个（{f} 至 {l}）。"),
                (n, _, _) => format!("已发放学位证书编号 {n} 个。"),
            })
        },
        failed,
    );
    let send = Mutation::new(
        |client, b: BatchId| async move { client.send_notices(b).await },
        move |o: NoticesSent| {
            finish(format!(
                "已通知 {} 个培养单位（{} 条消息）。",
                o.units, o.messages
            ))
        },
        failed,
    );
    let produce = Mutation::new(
        |client, (b, partial): (BatchId, bool)| async move {
            client.produce_report(b, &ReportRequest { partial }).await
        },
        move |r: ReportView| {
            check.set(None);
            finish(if r.partial {
                format!(
                    "已生成上报文件：{} 条记录；{} 条未通过校验的记录未导出。",
                    r.records,
                    r.rejected
                        .iter()
                        .map(|p| p.application_id)
                        .collect::<std::collections::HashSet<_>>()
                        .len()
                )
            } else {
                format!("已生成上报文件：{} 条记录。", r.records)
            })
        },
        failed,
    );
    let publish = Mutation::new(
        |client, (b, version): (BatchId, i32)| async move {
            client
                .publish_announcement(
                    b,
                    &AnnouncementInput {
                        version,
                        title: None,
                    },
                )
                .await
        },
        move |_| finish("公告已发布。".to_owned()),
        failed,
    );
    let unpublish = Mutation::new(
        |client, (b, version): (BatchId, i32)| async move {
            client.unpublish_announcement(b, version).await
        },
        move |_| finish("公告已撤销。".to_owned()),
        failed,
    );
    let run_check = move |_| {
        let Some(b) = batch.get_untracked() else {
            return;
        };
        checking.set(true);
        leptos::task::spawn_local(async move {
            match app.client().check_report(b).await {
                Ok(c) => {
                    error.set(None);
                    check.set(Some(c));
                }
                Err(e) => error.set(Some(app.failure(&e))),
            }
            checking.set(false);
        });
    };
    let confirm = move || {
        let b = batch.get()?;
        let a = asking.get()?;
        let version = announcement
            .get()
            .and_then(Result::ok)
            .flatten()
            .map_or(0, |s| s.version);
        let (title, message, label, busy): (&str, String, &str, Signal<bool>) = match a {
            Asking::Issue => (
                "发放学位证书编号？",
                Action::IssueCertificate.confirm_warning().unwrap_or_default().to_owned()
                    + "将按“培养单位代码、学号”的顺序为本批次全部授予学位且尚无编号的申请人发放编号，签发日期为学位评定委员会会议日期。",
                "发放编号",
                issue.pending(),
            ),
            Asking::Send => (
                "发送学位授予通知？",
                "将向每个有授予学位申请人的培养单位的教育管理干部发送消息，通知其查看和下载学位授予通知。".to_owned(),
                "发送通知",
                send.pending(),
            ),
            Asking::Produce(false) => (
                "生成上报文件？",
                "将再次校验全部记录，全部通过后生成 .xlsx、.csv 和照片 .zip 文件；有记录未通过校验时不生成。".to_owned(),
                "生成",
                produce.pending(),
            ),
            Asking::Produce(true) => (
                "只导出通过校验的记录？",
                "未通过校验的记录不会写入上报文件，另行列出；修正后须重新生成完整的上报文件，批次才能完成。".to_owned(),
                "只导出通过校验的记录",
                produce.pending(),
            ),
            Asking::Publish => (
                "发布学位授予公告？",
                "公告列出姓名、培养单位、学位和学科专业（不含证件号码和出生日期），发布后无需登录即可查看。".to_owned(),
                "发布",
                publish.pending(),
            ),
            Asking::Unpublish => (
                "撤销学位授予公告？",
                "撤销后公告页面不再公开，撤销操作记入审计日志；可以重新发布。".to_owned(),
                "撤销",
                unpublish.pending(),
            ),
        };
        Some(view! {
            <ConfirmDialog title=title.to_owned() message=message confirm_label=label.to_owned() busy=busy
                on_confirm=Callback::new(move |_| match a {
                    Asking::Issue => issue.run(b),
                    Asking::Send => send.run(b),
                    Asking::Produce(p) => produce.run((b, p)),
                    Asking::Publish => publish.run((b, version)),
                    Asking::Unpublish => unpublish.run((b, version)),
                })
                on_cancel=Callback::new(move |_| asking.set(None)) />
        })
    };
    view! {
        <h1>{Page::DegreeData.label()}</h1>
        <p class="hint">"学位终审结束后，国科大学位办在此发放学位证书编号，生成学位授予通知和公告，校验并导出学位授予信息上报文件。已完成的批次在此只能查阅。"</p>
        <div class="filterbar"><BatchPicker selected=batch /></div>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="degree-error">{e}</div> })}
        {move || done.get().map(|m| view! { <div class="notice" role="status" id="degree-done">{m}</div> })}
        {confirm}
        <section class="card" id="certificates">
            <h2>"学位证书编号"</h2>
            <Loaded data=Loading::once_asked(certificates) let:o>
                <Certificates o=o asking=asking />
            </Loaded>
            // Outside the reloading part, so that what it shows survives
            // the refresh it asks for.
            <RevokeBox reload=reload />
        </section>
        <section class="card" id="notices">
            <h2>"学位授予通知"</h2>
            <Loaded data=Loading::once_asked(notices) let:n>
                <Notices n=n asking=asking />
            </Loaded>
        </section>
        <section class="card" id="report">
            <h2>"学位授予信息上报"</h2>
            <p class="hint">"上报前逐条逐项校验：必填项、代码表、长度、日期格式与先后（出生、入学、获学位）、身份证号码校验位、学位证书编号的格式与唯一性及其与学位层次、年度的一致、同一学生不重复。"</p>
            <div class="filterbar">
                <button class="btn" id="report-check" disabled=move || checking.get() on:click=run_check>"校验"</button>
                <button class="btn btn-primary" id="report-produce" on:click=move |_| asking.set(Some(Asking::Produce(false)))>"生成上报文件"</button>
                <button class="btn" id="report-produce-partial" on:click=move |_| asking.set(Some(Asking::Produce(true)))>"只导出通过校验的记录"</button>
            </div>
            {move || check.get().map(|c| view! { <CheckResult c=c /> })}
            <Loaded data=Loading::once_asked(report) let:r>
                <ReportFiles r=r batch=batch error=error />
            </Loaded>
        </section>
        <section class="card" id="announcement">
            <h2>"学位授予公告"</h2>
            <Loaded data=Loading::once_asked(announcement) let:a>
                <AnnouncementBox a=a asking=asking />
            </Loaded>
        </section>
    }
}

#[component]
fn Certificates(o: CertificateOverview, asking: RwSignal<Option<Asking>>) -> impl IntoView {
    let may = o.may_issue;
    view! {
        <dl class="facts" id="certificate-facts">
            <dt>"编号规则"</dt><dd>{format!("学位授予单位代码 {} + 学位层次（2 博士，3 硕士）+ 授予年度 + {}", o.unit_code, o.pattern)}</dd>
            <dt>"签发日期"</dt><dd>{o.issue_date.format("%Y年%m月%d日").to_string()}</dd>
            <dt>"授予学位"</dt><dd id="conferred-count">{o.conferred}" 人"</dd>
            <dt>"已发放编号"</dt><dd id="numbered-count">{o.numbered}" 个"</dd>
            <dt>"已作废编号"</dt><dd>{o.revoked}" 个（永不再用）"</dd>
            {o.first.clone().zip(o.last.clone()).map(|(f, l)| view! { <dt>"编号范围"</dt><dd id="certificate-range">{format!("{f} 至 {l}")}</dd> })}
        </dl>
        {o.blocked.clone().map(|b| view! { <p class="hint" id="issue-blocked">{b}</p> })}
        <button class="btn btn-primary" id="issue-certificates" disabled=!may
            on:click=move |_| asking.set(Some(Asking::Issue))>"发放学位证书编号"</button>
    }
}

/// 作废学位证书编号 of one applicant, found by 学号: the number stays
/// recorded, void, and the next numbering gives a new one.
#[component]
fn RevokeBox(reload: Reload) -> impl IntoView {
    use shared::dto::final_review::{FinalQuery, FinalRow};
    let app = use_app();
    let student_no = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let found = RwSignal::new(None::<(FinalRow, Vec<CertificateRecord>)>);
    let message = RwSignal::new(None::<String>);
    let asking = RwSignal::new(false);
    let find = move |_| {
        let no = student_no.get_untracked().trim().to_owned();
        if no.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let client = app.client();
            let q = FinalQuery {
                q: Some(no.clone()),
                ..FinalQuery::default()
            };
            let row = match client.final_applicants(&q).await {
                Ok(p) => p.items.into_iter().find(|r| r.student_no == no),
                Err(e) => {
                    message.set(Some(app.failure(&e)));
                    return;
                }
            };
            match row {
                Some(r) => match client.certificate_numbers(r.application_id).await {
                    Ok(numbers) => {
                        message.set(None);
                        found.set(Some((r, numbers)));
                    }
                    Err(e) => message.set(Some(app.failure(&e))),
                },
                None => {
                    found.set(None);
                    message.set(Some(format!("本批次没有学号为 {no} 的申请人")));
                }
            }
        });
    };
    let revoke = Mutation::new(
        |client, (id, input): (shared::ids::ApplicationId, RevokeInput)| async move {
            client.revoke_certificate(id, &input).await
        },
        move |numbers: Vec<CertificateRecord>| {
            asking.set(false);
            reason.set(String::new());
            found.update(|f| {
                if let Some((_, n)) = f {
                    *n = numbers;
                }
            });
            message.set(Some(
                "编号已作废；再次“发放学位证书编号”时该申请人获得新的编号。".to_owned(),
            ));
            reload.bump();
        },
        move |e| {
            asking.set(false);
            message.set(Some(app.failure(&e)));
        },
    );
    view! {
        <details class="revoke" id="revoke-certificate">
            <summary>"作废学位证书编号"</summary>
            <div class="filterbar">
                <label for="revoke-student-no">"学号"</label>
                <input id="revoke-student-no" prop:value=move || student_no.get() on:input=move |ev| student_no.set(event_target_value(&ev)) />
                <button class="btn" id="revoke-find" on:click=find>"查找"</button>
            </div>
            {move || message.get().map(|m| view! { <p class="notice" role="status" id="revoke-message">{m}</p> })}
            {move || found.get().map(|(r, numbers)| {
                let live = numbers.iter().find(|n| n.revoked_at.is_none()).map(|n| n.number.clone());
                let (id, version) = (r.application_id, r.version);
                view! {
                    <p>{format!("{} {}（{}）", r.student_no, r.name, r.unit_name)}</p>
                    <ul id="revoke-numbers">
                        {numbers.iter().map(|n| view! { <li>{match &n.revoked_at {
                            Some(t) => format!("{}　已作废（{}）：{}", n.number, beijing(t, false), n.revoked_reason.clone().unwrap_or_default()),
                            None => format!("{}　有效", n.number),
                        }}</li> }).collect_view()}
                    </ul>
                    {live.map(|number| view! {
                        <div class="field field-wide">
                            <label for="revoke-reason">"作废原因（必填）"</label>
                            <textarea id="revoke-reason" rows="2" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        </div>
                        <button class="btn" id="revoke-submit" disabled=move || reason.get().trim().is_empty() on:click=move |_| asking.set(true)>"作废编号"</button>
                        {move || asking.get().then(|| view! {
                            <ConfirmDialog title=format!("作废学位证书编号 {number}？")
                                message=Action::RevokeCertificate.confirm_warning().unwrap_or_default().to_owned()
                                confirm_label="作废".to_owned()
                                busy=revoke.pending()
                                on_confirm=Callback::new(move |_| revoke.run((id, RevokeInput { version, reason: reason.get_untracked() })))
                                on_cancel=Callback::new(move |_| asking.set(false)) />
                        })}
                    })}
                }
            })}
        </details>
    }
}

#[component]
fn Notices(n: NoticesOverview, asking: RwSignal<Option<Asking>>) -> impl IntoView {
    if n.units.is_empty() {
        return view! { <p class="empty">"本批次还没有授予学位的申请人。"</p> }.into_any();
    }
    view! {
        <p>{match n.sent_at {
            Some(t) => format!("已于 {} 通知各培养单位。", beijing(&t, false)),
            None => "尚未通知各培养单位。".to_owned(),
        }}</p>
        <table class="table" id="notice-units">
            <thead><tr><th>"培养单位"</th><th>"授予学位"</th><th>"已发编号"</th><th></th></tr></thead>
            <tbody>
                {n.units.iter().map(|u| view! {
                    <tr data-unit=u.unit_code.clone()>
                        <td>{format!("{} {}", u.unit_code, u.unit_name)}</td><td>{u.conferred}</td><td>{u.numbered}</td>
                        <td><A href=Page::DegreeNotice.path()>"查看通知"</A></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <button class="btn" id="send-notices" on:click=move |_| asking.set(Some(Asking::Send))>"发送学位授予通知"</button>
    }
    .into_any()
}

#[component]
fn CheckResult(c: ReportCheck) -> impl IntoView {
    let shown: Vec<_> = c.problems.iter().take(SHOWN).cloned().collect();
    view! {
        <div class="notice" role="status" id="check-result">
            <p>{format!("共 {} 条记录：{} 条通过校验，{} 条未通过（{} 处问题）。", c.records, c.valid, c.rejected, c.problems.len())}</p>
        </div>
        {(!shown.is_empty()).then(|| view! {
            <table class="table" id="check-problems">
                <thead><tr><th>"学号"</th><th>"姓名"</th><th>"培养单位"</th><th>"字段"</th><th>"值"</th><th>"问题"</th></tr></thead>
                <tbody>
                    {shown.into_iter().map(|p| view! {
                        <tr data-student-no=p.student_no.clone() data-field=p.field.clone()>
                            <td>{p.student_no.clone()}</td><td>{p.name}</td><td>{p.unit_name}</td>
                            <td>{format!("{} {}", p.field, p.field_name)}</td><td>{p.value}</td><td>{p.problem}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(c.problems.len() > SHOWN).then(|| view! { <p class="hint">{format!("仅显示前 {SHOWN} 处。")}</p> })}
            <p class="hint">"同步数据的错误请在相关系统更正；封网后的更正以纸质修改申请记录，由网络中心执行后重新校验。"</p>
        })}
    }
}

#[component]
fn ReportFiles(
    r: Option<ReportView>,
    batch: RwSignal<Option<BatchId>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let Some(r) = r else {
        return view! { <p class="empty" id="no-report">"尚未生成上报文件。"</p> }.into_any();
    };
    view! {
        <p id="report-produced">{format!("{} 由 {} 生成，{} 条记录{}。", beijing(&r.produced_at, false), r.produced_by, r.records,
            if r.partial { "（部分导出）" } else { "" })}</p>
        <table class="table" id="report-files">
            <thead><tr><th>"文件"</th><th>"大小"</th><th>"SHA-256"</th><th></th></tr></thead>
            <tbody>
                {r.files.iter().map(|f| {
                    let (kind, name) = (f.kind, f.file_name.clone());
                    let download = move |_| {
                        let Some(b) = batch.get_untracked() else { return };
                        let name = name.clone();
                        leptos::task::spawn_local(async move {
                            match app.client().report_file(b, kind).await {
                                Ok(bytes) => save_file(&bytes, &name, match kind {
                                    ReportFileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                    ReportFileKind::Csv => "text/csv",
                                    ReportFileKind::Photos => "application/zip",
                                }),
                                Err(e) => error.set(Some(app.failure(&e))),
                            }
                        });
                    };
                    view! {
                        <tr data-kind=kind.as_str()>
                            <td>{kind.label()}<br/><small>{f.file_name.clone()}</small></td>
                            <td>{format!("{} 字节", f.bytes)}</td>
                            <td><code class="sha256">{f.sha256.clone()}</code></td>
                            <td><button class="btn report-download" on:click=download>"下载"</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {(!r.rejected.is_empty()).then(|| view! {
            <h3>"未导出的记录"</h3>
            <ul id="report-rejected">
                {r.rejected.iter().map(|p| view! { <li>{format!("{} {} {}：{}", p.student_no, p.name, p.field_name, p.problem)}</li> }).collect_view()}
            </ul>
        })}
    }
    .into_any()
}

#[component]
fn AnnouncementBox(a: AnnouncementStatus, asking: RwSignal<Option<Asking>>) -> impl IntoView {
    let href = routes::announcement_href(a.batch_id);
    view! {
        <p id="announcement-status">{if a.published {
            format!("已发布“{}”（{} 人，{}）。", a.title.clone().unwrap_or_default(), a.count,
                a.published_at.map(|t| beijing(&t, false)).unwrap_or_default())
        } else if let Some(t) = a.unpublished_at {
            format!("已于 {} 撤销。", beijing(&t, false))
        } else {
            "尚未发布。".to_owned()
        }}</p>
        {a.published.then(|| view! { <p>"公开地址（无需登录）："<A href=href.clone() attr:id="announcement-link">{href.clone()}</A></p> })}
        <div class="filterbar">
            <button class="btn btn-primary" id="publish-announcement" on:click=move |_| asking.set(Some(Asking::Publish))>
                {if a.published { "重新发布" } else { "发布公告" }}</button>
            {a.published.then(|| view! {
                <button class="btn" id="unpublish-announcement" on:click=move |_| asking.set(Some(Asking::Unpublish))>"撤销公告"</button>
            })}
        </div>
    }
}
