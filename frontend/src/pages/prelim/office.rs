//! The degree office: 上报情况 (per unit whether it has submitted, when, and
//! its 通过 / 未通过 / 缓议 counts; 退回培养单位修改 with a reason) and 表决规则
//! (the rule that turns a ballot into a decision).

use super::count_of;
use crate::components::layout::Guard;
use crate::data::{show_failure, Loaded, Mutation, Reload};
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::Page;
use shared::dto::committee::{RuleUpdate, RuleView, SubmissionOverview};
use shared::ids::UnitId;
use shared::workflow::committee::{CommitteeKind, DecisionRule, Fraction, PassBase};
use shared::workflow::Action;

#[component]
pub fn SubmissionsPage() -> impl IntoView {
    view! {
        <Guard page=Page::Submissions>
            <OverviewView />
        </Guard>
    }
}

#[component]
pub fn CommitteeRulesPage() -> impl IntoView {
    view! {
        <Guard page=Page::CommitteeRules>
            <RulesView />
        </Guard>
    }
}

#[component]
fn OverviewView() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let overview = LocalResource::new(move || {
        reload.track();
        async move { app.client().submissions().await }
    });
    let reopening = RwSignal::new(None::<(UnitId, String)>);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let fail = show_failure(error);
    let reopen = Mutation::new(
        |client, (u, reason): (UnitId, String)| async move {
            let now = client.submission(u).await?;
            client.reopen_unit(u, now.version, &reason).await
        },
        move |_| {
            reopening.set(None);
            reason.set(String::new());
            error.set(None);
            reload.bump();
        },
        fail,
    );
    view! {
        <h1>{Page::Submissions.label()}</h1>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="reopen-error">{e}</div> })}
        {move || reopening.get().map(|(u, name)| view! {
            <div class="modal-backdrop">
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="reopen-title" id="reopen-dialog">
                    <h2 id="reopen-title">{format!("{}：{}", Action::ReopenSubmission.label(), name)}</h2>
                    <p class="modal-message">{Action::ReopenSubmission.confirm_warning().unwrap_or_default()}</p>
                    <label for="reopen-reason-input">"退回原因（培养单位可见；本单位未处理的核查意见会自动附上，无核查意见时必填）"</label>
                    <textarea id="reopen-reason-input" rows="3" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <div class="modal-actions">
                        <button class="btn" id="reopen-cancel" on:click=move |_| reopening.set(None)>"取消"</button>
                        <button class="btn btn-primary" id="reopen-ok"
                            disabled=move || reopen.pending().get()
                            on:click=move |_| reopen.run((u, reason.get_untracked()))>"确认退回"</button>
                    </div>
                </div>
            </div>
        })}
        <Loaded data=overview let:o>
            <OverviewTable o=o reopening=reopening />
        </Loaded>
    }
}

#[component]
fn OverviewTable(
    o: SubmissionOverview,
    reopening: RwSignal<Option<(UnitId, String)>>,
) -> impl IntoView {
    let open = use_app()
        .current_batch
        .get()
        .is_some_and(|b| b.phase == shared::workflow::BatchPhase::Open);
    view! {
        <p class="hint" id="overview-totals">{format!(
            "{}：已上报 {} 个培养单位（共 {} 个）；申请学位 {} 人，通过 {} 人，未通过 {} 人，缓议 {} 人，尚无初审结果 {} 人",
            o.batch_name, o.units_submitted, o.units.len(), o.totals.applications, o.totals.passed,
            o.totals.failed, o.totals.deferred, o.totals.undecided
        )}</p>
        <table class="table" id="submissions">
            <thead><tr>
                <th scope="col">"单位代码"</th><th scope="col">"培养单位"</th><th scope="col">"上报状态"</th><th scope="col">"上报时间"</th>
                <th scope="col">"申请人数"</th><th scope="col">"通过"</th><th scope="col">"未通过"</th><th scope="col">"缓议"</th>
                <th scope="col">"操作"</th>
            </tr></thead>
            <tbody>
                {o.units.into_iter().map(|u| {
                    let id = u.unit_id;
                    let name = u.unit_name.clone();
                    view! {
                        <tr data-unit=u.unit_code.clone()>
                            <td>{u.unit_code.clone()}</td>
                            <td>{u.unit_name.clone()}</td>
                            <td>{if u.submitted { "已上报".to_owned() } else if let Some(r) = &u.reopen_reason { format!("已退回（{r}）") } else { "未上报".to_owned() }}</td>
                            <td>{u.submitted_at.as_ref().map(|t| beijing(t, false)).unwrap_or_else(|| "—".into())}</td>
                            <td>{u.counts.applications}</td><td>{u.counts.passed}</td><td>{u.counts.failed}</td><td>{u.counts.deferred}</td>
                            <td>{(u.submitted && open).then(|| view! {
                                <button class="btn btn-small reopen-unit" on:click=move |_| reopening.set(Some((id, name.clone())))>
                                    {Action::ReopenSubmission.label()}
                                </button>
                            })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn RulesView() -> impl IntoView {
    let app = use_app();
    let reload = Reload::new();
    let rule = LocalResource::new(move || {
        reload.track();
        async move { app.client().committee_rule(CommitteeKind::Prelim).await }
    });
    // Kept here: the form is drawn again when the saved rule reloads.
    let ok = RwSignal::new(false);
    view! {
        <h1>{Page::CommitteeRules.label()}</h1>
        <p class="hint">"学位初审委员会按此规则由表决票数作出决议；修改后对之后填写的学位初审结果生效。"</p>
        <Loaded data=rule let:r>
            <RuleForm r=r reload=reload ok=ok />
        </Loaded>
    }
}

#[component]
fn RuleForm(r: RuleView, reload: Reload, ok: RwSignal<bool>) -> impl IntoView {
    let qn = RwSignal::new(r.rule.quorum.num.to_string());
    let qd = RwSignal::new(r.rule.quorum.den.to_string());
    let pn = RwSignal::new(r.rule.pass.num.to_string());
    let pd = RwSignal::new(r.rule.pass.den.to_string());
    let base = RwSignal::new(r.rule.pass_base);
    let error = RwSignal::new(None::<String>);
    let fail = show_failure(error);
    let version = r.version;
    let save = Mutation::new(
        |client, update: RuleUpdate| async move {
            client
                .set_committee_rule(CommitteeKind::Prelim, &update)
                .await
        },
        move |_| {
            ok.set(true);
            error.set(None);
            reload.bump();
        },
        move |e| {
            ok.set(false);
            fail(e);
        },
    );
    let proposed = move || DecisionRule {
        quorum: Fraction {
            num: count_of(&qn.get()),
            den: count_of(&qd.get()),
        },
        pass: Fraction {
            num: count_of(&pn.get()),
            den: count_of(&pd.get()),
        },
        pass_base: base.get(),
    };
    let number = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field field-narrow">
                <label for=id>{label}</label>
                <input id=id type="number" min="0" max="100" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </div>
        }
    };
    view! {
        <section class="card" id="rule-form">
            <p id="rule-now">"现行规则：" {r.description.clone()}</p>
            <p class="hint">{format!("最近由 {} 修改于 {}", r.updated_by, beijing(&r.updated_at, false))}</p>
            <form class="field-grid" on:submit=move |ev| { ev.prevent_default(); save.run(RuleUpdate { rule: proposed(), version }); }>
                {number("quorum-num", "出席比例（分子）", qn)}
                {number("quorum-den", "出席比例（分母）", qd)}
                {number("pass-num", "通过比例（分子）", pn)}
                {number("pass-den", "通过比例（分母）", pd)}
                <div class="field field-narrow">
                    <label for="pass-base">"通过比例的基数"</label>
                    <select id="pass-base" on:change=move |ev| if let Some(b) = PassBase::parse(&event_target_value(&ev)) { base.set(b) }>
                        {[PassBase::AllMembers, PassBase::Present].map(|b| view! { <option value=b.as_str() selected=move || base.get() == b>{b.label()}</option> }).collect_view()}
                    </select>
                </div>
                <p class="field-wide" id="rule-preview">{move || {
                    let rule = proposed();
                    if rule.is_valid() { format!("修改后：{}", rule.describe()) } else { "比例须为分母 1 到 100 的真分数，且出席比例大于 0".to_owned() }
                }}</p>
                {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert">{e}</div> })}
                {move || ok.get().then(|| view! { <div class="notice" role="status">"表决规则已保存。"</div> })}
                <div class="form-actions"><button class="btn btn-primary" type="submit" id="rule-save" disabled=move || save.pending().get()>"保存表决规则"</button></div>
            </form>
        </section>
    }
}
