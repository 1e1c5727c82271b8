//! 评审批次 (degree office): open a batch, advance its phase, see them all.

use crate::components::confirm::ConfirmDialog;
use crate::components::layout::Guard;
use crate::components::pager::Pager;
use crate::data::{show_failure, Loaded, Mutation, Reload};
use crate::format::beijing;
use crate::session::use_app;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use shared::authz::Page;
use shared::dto::batch::{AdvanceBatch, Batch, NewBatch, Season};
use shared::dto::{Page as Rows, PageQuery};
use shared::error::FieldError;

const PER_PAGE: i64 = 10;

#[component]
pub fn BatchesPage() -> impl IntoView {
    view! {
        <Guard page=Page::Batches>
            <BatchesView />
        </Guard>
    }
}

#[component]
fn BatchesView() -> impl IntoView {
    let app = use_app();
    let page = RwSignal::new(1_i64);
    let reload = Reload::new();
    let list = LocalResource::new(move || {
        reload.track();
        let p = page.get();
        async move {
            app.client()
                .list_batches(PageQuery {
                    page: Some(p),
                    per_page: Some(PER_PAGE),
                })
                .await
        }
    });
    let changed = Callback::new(move |_: ()| {
        reload.bump();
        app.refresh_batch();
    });

    view! {
        <h1>{Page::Batches.label()}</h1>
        {move || match app.current_batch.get() {
            Some(b) => view! { <CurrentBatchCard batch=b on_changed=changed /> }.into_any(),
            None => view! { <OpenBatchForm on_opened=changed /> }.into_any(),
        }}
        <section class="card">
            <h2>"全部评审批次"</h2>
            <Loaded data=list let:data>
                <BatchTable data=data page=page />
            </Loaded>
        </section>
    }
}

#[component]
fn BatchTable(data: Rows<Batch>, page: RwSignal<i64>) -> impl IntoView {
    if data.items.is_empty() {
        return view! { <p class="empty">"还没有评审批次。"</p> }.into_any();
    }
    let total = data.total;
    view! {
        <table class="table" id="batch-table">
            <thead>
                <tr>
                    <th scope="col">"批次名称"</th>
                    <th scope="col">"季节"</th>
                    <th scope="col">"年份"</th>
                    <th scope="col">"学位大会召开时间"</th>
                    <th scope="col">"阶段"</th>
                    <th scope="col">"开通时间"</th>
                    <th scope="col">"完成时间"</th>
                </tr>
            </thead>
            <tbody>
                {data.items.into_iter().map(|b| view! {
                    <tr>
                        <td>{b.name.clone()}</td>
                        <td>{b.season.label()}</td>
                        <td>{b.year}</td>
                        <td>{b.congress_date.format("%Y-%m-%d").to_string()}</td>
                        <td><span class=format!("badge phase-{}", b.phase.as_str())>{b.phase.label()}</span></td>
                        <td>{beijing(&b.opened_at, false)}</td>
                        <td>{b.completed_at.as_ref().map(|t| beijing(t, false)).unwrap_or_else(|| "—".to_owned())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <Pager total=total page=page per_page=PER_PAGE on_page=Callback::new(move |p| page.set(p)) />
    }
    .into_any()
}

#[component]
fn CurrentBatchCard(batch: Batch, on_changed: Callback<()>) -> impl IntoView {
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let fail = show_failure(error);
    let next = batch.phase.next();
    let advance = Mutation::new(
        |client, (b, req): (Batch, AdvanceBatch)| async move { client.advance_batch(b.id, &req).await },
        move |_| {
            asking.set(false);
            error.set(None);
            on_changed.run(());
        },
        move |e| {
            asking.set(false);
            fail(e);
        },
    );
    let b = batch.clone();
    view! {
        <section class="card" id="current-batch">
            <h2>"当前评审批次"</h2>
            <dl class="facts">
                <dt>"批次名称"</dt><dd>{batch.name.clone()}</dd>
                <dt>"季节 / 年份"</dt><dd>{batch.season.label()} " / " {batch.year}</dd>
                <dt>"学位大会召开时间"</dt><dd>{batch.congress_date.format("%Y年%m月%d日").to_string()}</dd>
                <dt>"当前阶段"</dt><dd><span class=format!("badge phase-{}", batch.phase.as_str())>{batch.phase.label()}</span></dd>
            </dl>
            {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="advance-error">{e}</div> })}
            {next.map(|to| {
                let from = batch.phase;
                view! {
                    <button class="btn btn-primary" id="advance-phase" on:click=move |_| asking.set(true)>
                        "推进到下一阶段：" {to.label()}
                    </button>
                    <Show when=move || asking.get()>
                        {
                            let b = b.clone();
                            view! {
                                <ConfirmDialog
                                    title=format!("确认推进到“{}”？", to.label())
                                    message=format!("{} 此操作不可撤销。", from.advance_warning())
                                    confirm_label="确认推进".to_owned()
                                    busy=advance.pending()
                                    on_confirm=Callback::new(move |_| {
                                        advance.run((b.clone(), AdvanceBatch { to, version: b.version }));
                                    })
                                    on_cancel=Callback::new(move |_| asking.set(false))
                                />
                            }
                        }
                    </Show>
                }
            })}
        </section>
    }
}

#[component]
fn OpenBatchForm(on_opened: Callback<()>) -> impl IntoView {
    let today = chrono::Utc::now().date_naive();
    let default_season = if today.month() >= 3 && today.month() <= 8 {
        Season::Summer
    } else {
        Season::Winter
    };
    let year = RwSignal::new(today.year().to_string());
    let season = RwSignal::new(default_season);
    let name = RwSignal::new(String::new());
    let congress = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<String>);
    let fail = show_failure(error);

    let suggested = move || {
        year.get()
            .trim()
            .parse::<i32>()
            .map(|y| NewBatch::default_name(y, season.get()))
            .unwrap_or_default()
    };
    let open = Mutation::new(
        |client, new: NewBatch| async move { client.create_batch(&new).await },
        move |_| {
            errors.set(Vec::new());
            error.set(None);
            on_opened.run(());
        },
        move |e| {
            if let shared::client::ClientError::Api { body, .. } = &e {
                errors.set(body.fields.clone());
            }
            fail(e);
        },
    );
    let field_error = move |field: &'static str| {
        move || {
            errors
                .get()
                .into_iter()
                .find(|f| f.field == field)
                .map(|f| view! { <span class="field-error" role="alert">{f.message}</span> })
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        let y = year.get_untracked().trim().parse::<i32>();
        if y.is_err() {
            problems.push(FieldError::new("year", "invalid", "请填写四位年份"));
        }
        let date = NaiveDate::parse_from_str(congress.get_untracked().trim(), "%Y-%m-%d");
        if date.is_err() {
            problems.push(FieldError::new(
                "congress_date",
                "required",
                "请选择学位大会召开时间",
            ));
        }
        let (Ok(y), Ok(date), true) = (y, date, problems.is_empty()) else {
            errors.set(problems);
            return;
        };
        let typed = name.get_untracked();
        let new = NewBatch {
            name: if typed.trim().is_empty() {
                NewBatch::default_name(y, season.get_untracked())
            } else {
                typed
            },
            season: season.get_untracked(),
            year: y,
            congress_date: date,
        };
        let problems = new.validate();
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.set(Vec::new());
        open.run(new);
    };
    view! {
        <section class="card" id="open-batch">
            <h2>"开通评审批次"</h2>
            <p class="hint">"一次只能有一个进行中的评审批次；当前批次完成后才能开通下一个。"</p>
            {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert">{e}</div> })}
            <form class="form-grid" on:submit=submit>
                <label for="batch-year">"年份"</label>
                <div>
                    <input id="batch-year" type="number" min="2000" max="2100"
                        prop:value=move || year.get()
                        on:input=move |ev| year.set(event_target_value(&ev)) />
                    {field_error("year")}
                </div>
                <label for="batch-season">"季节"</label>
                <div>
                    <select id="batch-season" on:change=move |ev| {
                        season.set(Season::parse(&event_target_value(&ev)).unwrap_or(Season::Winter))
                    }>
                        <option value="winter" selected=move || season.get() == Season::Winter>"冬季"</option>
                        <option value="summer" selected=move || season.get() == Season::Summer>"夏季"</option>
                    </select>
                </div>
                <label for="batch-name">"批次名称"</label>
                <div>
                    <input id="batch-name"
                        placeholder=suggested
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                    <span class="hint">"留空则使用“" {suggested} "”"</span>
                    {field_error("name")}
                </div>
                <label for="batch-congress">"学位大会召开时间"</label>
                <div>
                    <input id="batch-congress" type="date"
                        prop:value=move || congress.get()
                        on:input=move |ev| congress.set(event_target_value(&ev)) />
                    {field_error("congress_date")}
                </div>
                <div></div>
                <div>
                    <button class="btn btn-primary" type="submit" id="open-batch-submit" disabled=move || open.pending().get()>
                        {move || if open.pending().get() { "正在开通…" } else { "开通批次" }}
                    </button>
                </div>
            </form>
        </section>
    }
}
