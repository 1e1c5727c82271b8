//! Beside a dossier, for those who review it: its 学位初审 record, its
//! 核查意见 (with the form to raise one while the batch is open) and its
//! 纸质修改申请 (with the form to record one after 封网, and the scan).

use super::corrections::download_scan;
use super::decision_label;
use crate::components::photo::chosen_file;
use crate::data::{show_failure, Loaded, Loading, Mutation, Reload};
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::dossier::{field_label, FilledField, PHOTO_FIELD, SYNCED_FIELDS};
use shared::dto::verification::{CorrectionInput, FlagInput, ReviewRecord};
use shared::ids::ApplicationId;
use shared::workflow::verification::{
    attachment_type, CorrectionStatus, ATTACHMENT_MAX_BYTES, GENERAL_FIELD,
};

/// Every field a 核查意见 may name, "综合意见" first.
fn flag_fields() -> Vec<(String, String)> {
    let mut v = vec![(GENERAL_FIELD.to_owned(), "综合意见".to_owned())];
    v.extend(
        SYNCED_FIELDS
            .iter()
            .map(|(f, _)| ((*f).to_owned(), field_label(f).to_owned())),
    );
    v.extend(FilledField::all().map(|f| (f.as_str().to_owned(), f.label().to_owned())));
    v.push((PHOTO_FIELD.to_owned(), field_label(PHOTO_FIELD).to_owned()));
    v
}

#[component]
pub fn ReviewRecordPanel(id: ApplicationId) -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let record = LocalResource::new(move || {
        reload.track();
        async move { app.client().review_record(id).await.map(Some) }
    });
    // Kept here, outside the reloaded part.
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    view! {
        <section class="card review-record" id="review-record">
            {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="record-error">{e}</div> })}
            {move || done.get().map(|t| view! { <div class="notice" role="status" id="record-done">{t}</div> })}
            <Loaded data=Loading::once_asked(record) let:r>
                <RecordView r=r reload=reload error=error done=done />
            </Loaded>
        </section>
    }
}

#[component]
fn RecordView(
    r: ReviewRecord,
    reload: Reload,
    error: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = r.application_id;
    let fail = show_failure(error);
    let ok = move |text: String| {
        error.set(None);
        done.set(Some(text));
        reload.bump();
    };
    let flag_field = RwSignal::new(GENERAL_FIELD.to_owned());
    let flag_message = RwSignal::new(String::new());
    let raise = Mutation::new(
        move |client, f: FlagInput| async move { client.raise_flag(id, &f).await },
        move |_| {
            flag_message.set(String::new());
            ok("核查意见已提出，培养单位已收到消息。".to_owned());
        },
        fail,
    );
    let c_field = RwSignal::new(
        r.correctable_fields
            .first()
            .map(|f| f.field.clone())
            .unwrap_or_default(),
    );
    let c_current = RwSignal::new(String::new());
    let c_requested = RwSignal::new(String::new());
    let c_explain = RwSignal::new(String::new());
    let record = Mutation::new(
        move |client, c: CorrectionInput| async move { client.record_correction(id, &c).await },
        move |c| {
            c_current.set(String::new());
            c_requested.set(String::new());
            c_explain.set(String::new());
            ok(format!(
                "纸质修改申请 #{} 已提交，请上传扫描件并等待国科大学位办审批。",
                c.id
            ));
        },
        fail,
    );
    let attach = Mutation::new(
        |client, (cid, version, data): (i64, i32, Vec<u8>)| async move {
            let mime = attachment_type(&data).unwrap_or("application/octet-stream");
            client.attach_scan(cid, version, mime, data).await
        },
        move |c| ok(format!("修改申请 #{} 的扫描件已上传。", c.id)),
        fail,
    );
    let choose = move |cid: i64, version: i32, input: web_sys::HtmlInputElement| {
        leptos::task::spawn_local(async move {
            match chosen_file(input).await {
                None => error.set(Some("无法读取所选文件".to_owned())),
                Some(bytes) if bytes.len() > ATTACHMENT_MAX_BYTES => {
                    error.set(Some("扫描件不能超过 5 MB".to_owned()))
                }
                Some(bytes) if attachment_type(&bytes).is_none() => {
                    error.set(Some("扫描件须为 PDF 或 JPEG 文件".to_owned()))
                }
                Some(bytes) => attach.run((cid, version, bytes)),
            }
        });
    };
    let prelim = r.prelim.clone();
    view! {
        <h2>"学位初审记录"</h2>
        {match prelim {
            Some(p) => view! {
                <p id="prelim-record">{format!(
                    "{}：同意 {} 票，不同意 {} 票，弃权 {} 票{}（{} 记录于 {}）",
                    decision_label(Some(p.decision)), p.votes.yes, p.votes.no, p.votes.abstain,
                    p.resolution.map(|x| format!("；缓议决议：{x}")).unwrap_or_default(),
                    p.recorded_by, beijing(&p.recorded_at, false)
                )}</p>
            }.into_any(),
            None => view! { <p class="empty" id="prelim-record">"尚无学位初审结果。"</p> }.into_any(),
        }}

        <h2>"核查意见"</h2>
        {if r.flags.is_empty() {
            view! { <p class="empty" id="record-flags-empty">"没有核查意见。"</p> }.into_any()
        } else {
            view! {
                <table class="table" id="record-flags">
                    <thead><tr><th scope="col">"信息项"</th><th scope="col">"意见"</th><th scope="col">"提出"</th><th scope="col">"状态"</th><th scope="col">"处理说明"</th></tr></thead>
                    <tbody>
                        {r.flags.iter().map(|f| view! {
                            <tr class="record-flag" data-status=f.status.as_str()>
                                <td>{f.field_label.clone()}</td>
                                <td>{f.message.clone()}</td>
                                <td>{format!("{} {}", f.raised_by, beijing(&f.raised_at, false))}</td>
                                <td>{f.status.label()}</td>
                                <td>{f.note.clone().unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {r.may_flag.then(|| view! {
            <form class="field-grid" id="flag-form" on:submit=move |ev| {
                ev.prevent_default();
                raise.run(FlagInput { field: flag_field.get_untracked(), message: flag_message.get_untracked() });
            }>
                <div class="field">
                    <label for="flag-field">"有问题的信息项"</label>
                    <select id="flag-field" on:change=move |ev| flag_field.set(event_target_value(&ev))>
                        {flag_fields().into_iter().map(|(f, l)| view! { <option value=f>{l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field field-wide">
                    <label for="flag-message">"核查意见（培养单位可见，最多 500 字）"</label>
                    <textarea id="flag-message" rows="2" maxlength="500" prop:value=move || flag_message.get() on:input=move |ev| flag_message.set(event_target_value(&ev))></textarea>
                </div>
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" id="flag-submit"
                        disabled=move || flag_message.get().trim().is_empty() || raise.pending().get()>"提出核查意见"</button>
                </div>
            </form>
        })}

        <h2>"纸质修改申请"</h2>
        {if r.corrections.is_empty() {
            view! { <p class="empty" id="record-corrections-empty">"没有纸质修改申请。"</p> }.into_any()
        } else {
            view! {
                <table class="table" id="record-corrections">
                    <thead><tr><th scope="col">"编号"</th><th scope="col">"信息项"</th><th scope="col">"当前值 → 申请修改为"</th><th scope="col">"情况说明"</th><th scope="col">"扫描件"</th><th scope="col">"状态"</th></tr></thead>
                    <tbody>
                        {r.corrections.clone().into_iter().map(|c| {
                            let pending = c.status == CorrectionStatus::Pending;
                            let (cid, version) = (c.id, c.version);
                            let input_id = format!("scan-file-{cid}");
                            let node = NodeRef::<leptos::html::Input>::new();
                            let for_scan = c.clone();
                            view! {
                                <tr class="record-correction" data-correction=c.id.to_string() data-status=c.status.as_str()>
                                    <td>{format!("#{}", c.id)}</td>
                                    <td>{c.field_label.clone()}</td>
                                    <td>{format!("{} → {}", c.current_value.clone().unwrap_or_else(|| "（空）".into()), c.requested_value.clone().unwrap_or_else(|| "（空）".into()))}</td>
                                    <td>{c.explanation.clone()}</td>
                                    <td>
                                        {c.attachment.clone().map(|_| view! {
                                            <button class="btn btn-link scan-download" on:click=move |_| download_scan(&for_scan)>"下载扫描件"</button>
                                        })}
                                        {(pending && r.may_request_correction).then(|| view! {
                                            <label for=input_id.clone()>{if c.attachment.is_some() { "更换扫描件" } else { "上传扫描件" }}</label>
                                            <input type="file" id=input_id.clone() class="scan-file" accept="application/pdf,image/jpeg,.pdf,.jpg,.jpeg" node_ref=node
                                                on:change=move |_| if let Some(el) = node.get() { choose(cid, version, el) } />
                                        })}
                                    </td>
                                    <td>{c.status.label()}{c.decision_note.clone().map(|n| format!("（{n}）"))}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {r.may_request_correction.then(|| view! {
            <p class="hint">"系统已封网：如需修改信息，请按纸质情况说明填写修改申请并上传扫描件（PDF 或 JPEG，不超过 5 MB）；“当前值”须与系统记录一致。"</p>
            <form class="field-grid" id="correction-form" on:submit=move |ev| {
                ev.prevent_default();
                let opt = |s: String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
                record.run(CorrectionInput {
                    field: c_field.get_untracked(),
                    current_value: opt(c_current.get_untracked()),
                    requested_value: opt(c_requested.get_untracked()),
                    explanation: c_explain.get_untracked(),
                });
            }>
                <div class="field">
                    <label for="correction-field">"修改的信息项"</label>
                    <select id="correction-field" on:change=move |ev| c_field.set(event_target_value(&ev))>
                        {r.correctable_fields.iter().map(|f| view! { <option value=f.field.clone()>{f.label.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="correction-current">"当前值"</label>
                    <input id="correction-current" prop:value=move || c_current.get() on:input=move |ev| c_current.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="correction-requested">"申请修改为"</label>
                    <input id="correction-requested" prop:value=move || c_requested.get() on:input=move |ev| c_requested.set(event_target_value(&ev)) />
                </div>
                <div class="field field-wide">
                    <label for="correction-explanation">"情况说明（必填）"</label>
                    <textarea id="correction-explanation" rows="2" maxlength="1000" prop:value=move || c_explain.get() on:input=move |ev| c_explain.set(event_target_value(&ev))></textarea>
                </div>
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" id="correction-submit"
                        disabled=move || c_explain.get().trim().is_empty() || record.pending().get()>"提交纸质修改申请"</button>
                </div>
            </form>
        })}
    }
}
