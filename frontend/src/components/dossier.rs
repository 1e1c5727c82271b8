//! One application's dossier, for the student and for the unit admin:
//! state badges, the synced half (read-only, with sources), the filled half
//! as a form with the per-kind rules of `shared::dossier` and the server's
//! field errors beside each input, the workflow buttons the server allows,
//! and the field history.

use crate::components::confirm::ConfirmDialog;
use crate::components::pager::Pager;
use crate::components::photo::PhotoCard;
use crate::components::synced::SyncedView;
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::client::ClientError;
use shared::dossier::{field_label, FilledField, Need};
use shared::dto::application::{ApplicationStep, Dossier, DossierUpdate};
use shared::dto::sync::SyncStatus;
use shared::dto::PageQuery;
use shared::error::{ErrorCode, FieldError};
use shared::workflow::{Action as Step, Stage};
use std::collections::BTreeMap;

/// The outcome of the last save, sync or step; kept by the page so it
/// survives the reload of the dossier that follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub ok: bool,
    pub text: String,
    /// Someone else changed the dossier meanwhile: offer to reload.
    pub stale: bool,
}

#[component]
pub fn NoticeView(notice: RwSignal<Option<Notice>>, refresh: Callback<()>) -> impl IntoView {
    move || {
        notice.get().map(|n| {
            view! {
                <div class=if n.ok { "notice" } else { "notice notice-error" } role="status" id="dossier-message">
                    {n.text}
                    {n.stale.then(|| view! {
                        " " <button class="btn btn-small" id="reload" on:click=move |_| { notice.set(None); refresh.run(()); }>"刷新"</button>
                    })}
                </div>
            }
        })
    }
}

/// Badges for where the application stands.
#[component]
pub fn StateBadges(state: Stage) -> impl IntoView {
    view! {
        <span class="badges" id="app-state" data-state=state.stage()>
            <span class="badge">{state.label()}</span>
            {state.is_confirmed().then(|| view! { <span class="badge badge-ok" id="badge-confirmed">"已确认"</span> })}
            {state.is_reviewed().then(|| view! { <span class="badge badge-ok" id="badge-reviewed">"已审核"</span> })}
        </span>
    }
}

/// Which filled fields to show: the required ones, the optional ones, and
/// any that has a value; fields that do not concern this student stay out.
fn shown(d: &Dossier, f: FilledField) -> bool {
    d.required.contains(&f)
        || d.filled.contains_key(&f)
        || matches!(f.need(), Need::Optional | Need::PriorDegree)
}

fn step_label(a: Step) -> Option<&'static str> {
    Some(match a {
        Step::ReopenForStudent => "重新开放学生修改",
        Step::MarkReviewed => "审核通过（已审核）",
        Step::UnmarkReviewed => "取消已审核",
        Step::SendBack => "退回学生修改",
        _ => return None,
    })
}

/// What a step locks or unlocks, for its confirmation dialog.
fn step_warning(a: Step) -> Option<&'static str> {
    match a {
        Step::SendBack => Some("将去除“已确认”和“已审核”，学生会收到消息，可以重新填写并确认。"),
        Step::ReopenForStudent => Some("将去除“已确认”，学生可以再次修改并重新确认。"),
        _ => None,
    }
}

#[component]
pub fn DossierPanel(
    d: Dossier,
    refresh: Callback<()>,
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let app = use_app();
    let tab = RwSignal::new("info");
    let id = d.application.id;
    let history_page = RwSignal::new(1_i64);
    let history = LocalResource::new(move || {
        let page = history_page.get();
        let open = tab.get() == "history";
        async move {
            if !open {
                return Ok(None);
            }
            app.client()
                .history(
                    id,
                    PageQuery {
                        page: Some(page),
                        per_page: Some(20),
                    },
                )
                .await
                .map(Some)
        }
    });
    view! {
        <div class="tabs" role="tablist">
            <button role="tab" id="tab-info" class:active=move || tab.get() == "info"
                aria-selected=move || (tab.get() == "info").to_string()
                on:click=move |_| tab.set("info")>"学位信息"</button>
            <button role="tab" id="tab-history" class:active=move || tab.get() == "history"
                aria-selected=move || (tab.get() == "history").to_string()
                on:click=move |_| tab.set("history")>"修改记录"</button>
        </div>
        <div hidden=move || tab.get() != "info">
            <DossierInfo d=d.clone() refresh=refresh notice=notice />
        </div>
        {move || (tab.get() == "history").then(|| match history.get() {
            None | Some(Ok(None)) => view! { <p class="loading">"正在加载…"</p> }.into_any(),
            Some(Err(e)) => view! { <div class="notice notice-error" role="alert">{app.failure(&e)}</div> }.into_any(),
            Some(Ok(Some(p))) if p.items.is_empty() => view! { <p class="empty">"还没有修改记录。"</p> }.into_any(),
            Some(Ok(Some(p))) => {
                let total = p.total;
                view! {
                    <table class="table" id="history">
                        <thead><tr>
                            <th scope="col">"时间"</th><th scope="col">"信息项"</th><th scope="col">"来源"</th>
                            <th scope="col">"修改人"</th><th scope="col">"原值"</th><th scope="col">"新值"</th>
                        </tr></thead>
                        <tbody>
                            {p.items.into_iter().map(|h| {
                                let source = match h.system {
                                    Some(s) => format!("{}（{}）", h.source.label(), s.label()),
                                    None => h.source.label().to_owned(),
                                };
                                view! {
                                    <tr class="history-row" data-field=h.field.clone() data-source=h.source.as_str()>
                                        <td>{beijing(&h.at, true)}</td>
                                        <td>{field_label(&h.field)}</td>
                                        <td>{source}</td>
                                        <td>{h.actor_name}</td>
                                        <td>{h.old_value.unwrap_or_else(|| "—".into())}</td>
                                        <td>{h.new_value.unwrap_or_else(|| "—".into())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <Pager total=total page=history_page per_page=20 on_page=Callback::new(move |p| history_page.set(p)) />
                }.into_any()
            }
        })}
    }
}

#[component]
fn DossierInfo(
    d: Dossier,
    refresh: Callback<()>,
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let app = use_app();
    let id = d.application.id;
    let version = d.application.version;
    let student = d.synced.student_id;
    let editable = d.editable;
    let values = RwSignal::new(
        d.filled
            .iter()
            .map(|(k, v)| (*k, v.clone()))
            .collect::<BTreeMap<FilledField, String>>(),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let say = move |ok: bool, text: String| {
        notice.set(Some(Notice {
            ok,
            text,
            stale: false,
        }))
    };
    let show_failure = move |e: ClientError| {
        let mut stale = false;
        if let ClientError::Api { body, .. } = &e {
            errors.set(body.fields.clone());
            stale = body.code == ErrorCode::StaleVersion;
        }
        notice.set(Some(Notice {
            ok: false,
            text: app.failure(&e),
            stale,
        }));
    };
    let save = Action::new_local(move |_: &()| {
        let fields = FilledField::all()
            .map(|f| {
                let v = values
                    .with_untracked(|m| m.get(&f).cloned())
                    .unwrap_or_default();
                (f.as_str().to_owned(), serde_json::Value::String(v))
            })
            .collect();
        async move {
            app.client()
                .update_dossier(id, &DossierUpdate { version, fields })
                .await
        }
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(_) => {
                    errors.set(Vec::new());
                    say(true, "已保存。".to_owned());
                    refresh.run(());
                }
                Err(e) => show_failure(e),
            }
        }
    });
    let sync =
        Action::new_local(move |_: &()| async move { app.client().sync_student(student).await });
    Effect::new(move |_| {
        if let Some(result) = sync.value().get() {
            match result {
                Ok(run) if run.status == SyncStatus::Succeeded => {
                    say(
                        true,
                        "同步完成：已从学籍、教师、教务、培养系统导入最新数据。".to_owned(),
                    );
                    refresh.run(());
                }
                Ok(run) => {
                    let reasons = run
                        .failures
                        .iter()
                        .map(|f| f.reason.clone())
                        .collect::<Vec<_>>()
                        .join("；");
                    say(false, format!("同步失败，数据未改变：{reasons}"));
                }
                Err(e) => show_failure(e),
            }
        }
    });
    let step = Action::new_local(move |a: &Step| {
        let action = *a;
        async move {
            app.client()
                .step(id, &ApplicationStep { version, action })
                .await
        }
    });
    let asking = RwSignal::new(None::<Step>);
    Effect::new(move |_| {
        if let Some(result) = step.value().get() {
            asking.set(None);
            match result {
                Ok(d) => {
                    say(
                        true,
                        format!("已完成。当前状态：{}", d.application.state.label()),
                    );
                    refresh.run(());
                }
                Err(e) => show_failure(e),
            }
        }
    });
    let run_step = move |a: Step| {
        if step_warning(a).is_some() {
            asking.set(Some(a));
        } else {
            step.dispatch_local(a);
        }
    };
    let can_sync = d.allowed_actions.contains(&Step::SyncManually);
    let steps: Vec<Step> = d
        .allowed_actions
        .iter()
        .copied()
        .filter(|a| step_label(*a).is_some())
        .collect();
    let fields: Vec<FilledField> = FilledField::all().filter(|f| shown(&d, *f)).collect();
    let required = d.required.clone();
    let problems = d.problems.clone();
    let state = d.application.state;
    view! {
        <div class="toolbar">
            <StateBadges state=state />
            {can_sync.then(|| view! {
                <button class="btn" id="sync-now" disabled=move || sync.pending().get()
                    on:click=move |_| { sync.dispatch_local(()); }>
                    {move || if sync.pending().get() { "正在同步…" } else { "同步数据" }}
                </button>
            })}
            {steps.into_iter().map(|a| view! {
                <button class="btn" id=format!("step-{}", format!("{a:?}").to_lowercase())
                    disabled=move || step.pending().get()
                    on:click=move |_| run_step(a)>
                    {step_label(a)}
                </button>
            }).collect_view()}
        </div>
        {move || asking.get().map(|a| view! {
            <ConfirmDialog
                title=step_label(a).unwrap_or_default().to_owned()
                message=step_warning(a).unwrap_or_default().to_owned()
                confirm_label="确定".to_owned()
                busy=step.pending()
                on_confirm=Callback::new(move |_| { step.dispatch_local(a); })
                on_cancel=Callback::new(move |_| asking.set(None))
            />
        })}
        <section class="card" id="filled" data-version=version>
            <h2>"填报信息"</h2>
            {if editable {
                view! { <p class="hint">"带 * 的为必填项。填写后请点击页面底部的“保存”。"</p> }.into_any()
            } else {
                view! { <p class="hint" id="read-only-note">"当前不能修改填报信息。"</p> }.into_any()
            }}
            {(!problems.is_empty() && editable).then(|| view! {
                <div class="notice" id="missing">
                    "信息确认前还需完成：" {problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("；")}
                </div>
            })}
            <form class="dossier-form" on:submit=move |ev| { ev.prevent_default(); save.dispatch_local(()); }>
                {fields.into_iter().map(|f| {
                    let name = f.as_str();
                    let input_id = format!("field-{name}");
                    let is_required = required.contains(&f);
                    let error = move || errors.with(|e| e.iter().find(|x| x.field == name).map(|x| x.message.clone()));
                    let value = move || values.with(|m| m.get(&f).cloned().unwrap_or_default());
                    let set = move |v: String| values.update(|m| { m.insert(f, v); });
                    let input = match f.choices() {
                        Some(choices) => view! {
                            <select id=input_id.clone() name=name disabled=!editable
                                aria-invalid=move || error().is_some().to_string()
                                on:change=move |ev| set(event_target_value(&ev))>
                                <option value="" selected=move || value().is_empty()>"请选择"</option>
                                {choices.into_iter().map(|(v, text)| view! {
                                    <option value=v selected=move || value() == v>{text}</option>
                                }).collect_view()}
                            </select>
                        }.into_any(),
                        None if f.is_long() => view! {
                            <textarea id=input_id.clone() name=name disabled=!editable rows="2"
                                aria-invalid=move || error().is_some().to_string()
                                prop:value=value on:input=move |ev| set(event_target_value(&ev))></textarea>
                        }.into_any(),
                        None => view! {
                            <input id=input_id.clone() name=name type="text" disabled=!editable
                                aria-invalid=move || error().is_some().to_string()
                                prop:value=value on:input=move |ev| set(event_target_value(&ev)) />
                        }.into_any(),
                    };
                    view! {
                        <div class="form-row" data-field=name>
                            <label for=input_id>{f.label()}{is_required.then_some(" *")}</label>
                            {input}
                            {f.hint().map(|h| view! { <span class="hint">{h}</span> })}
                            {move || error().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
                        </div>
                    }
                }).collect_view()}
                {editable.then(|| view! {
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" id="save-dossier" disabled=move || save.pending().get()>
                            {move || if save.pending().get() { "正在保存…" } else { "保存" }}
                        </button>
                    </div>
                })}
            </form>
        </section>
        <PhotoCard d=d.clone() refresh=refresh notice=notice />
        <SyncedView d=d.synced.clone() />
    }
}
