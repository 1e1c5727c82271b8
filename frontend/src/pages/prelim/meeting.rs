//! The meeting record of the current batch, for any committee (学位初审信息,
//! 分会评审信息, the 学位评定委员会's with its 决议编号): date, place, members
//! in all and present, minutes, with the decision rule in words.

use super::{count_of, SeatPicker};
use crate::components::layout::Guard;
use crate::data::{show_failure, Loaded, Loading, Mutation, Reload};
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::Page;
use shared::client::ClientError;
use shared::dto::committee::{MeetingInput, MeetingView};
use shared::error::FieldError;
use shared::workflow::committee::{Attendance, CommitteeKind, CommitteeOf};

#[component]
pub fn PrelimMeetingPage() -> impl IntoView {
    view! {
        <Guard page=Page::PrelimMeeting>
            <MeetingPageView kind=CommitteeKind::Prelim page=Page::PrelimMeeting />
        </Guard>
    }
}

/// 分会评审信息: the subcommittee's meeting.
#[component]
pub fn SubMeetingPage() -> impl IntoView {
    view! {
        <Guard page=Page::SubMeeting>
            <MeetingPageView kind=CommitteeKind::Subcommittee page=Page::SubMeeting />
        </Guard>
    }
}

#[component]
fn MeetingPageView(kind: CommitteeKind, page: Page) -> impl IntoView {
    let app = use_app();
    let unit = RwSignal::new(None::<CommitteeOf>);
    let reload = Reload::new();
    // Kept here: the form is drawn again when the saved record reloads.
    let ok = RwSignal::new(false);
    let meeting = LocalResource::new(move || {
        reload.track();
        let unit = unit.get();
        async move {
            match unit {
                Some(u) => app.client().committee_meeting(u).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <h1>{page.label()}</h1>
        <div class="filterbar"><SeatPicker kind=kind selected=unit /></div>
        <Loaded data=Loading::once_asked(meeting) let:m>
            <MeetingForm m=m unit=unit reload=reload ok=ok />
        </Loaded>
    }
}

/// The meeting record's form; `ok` is kept by the caller (the form is drawn
/// again when the saved record reloads).
#[component]
pub fn MeetingForm(
    m: MeetingView,
    unit: RwSignal<Option<CommitteeOf>>,
    reload: Reload,
    ok: RwSignal<bool>,
) -> impl IntoView {
    let kind = m.rule.kind;
    let saved = m.meeting.clone();
    let held_on = RwSignal::new(
        saved
            .as_ref()
            .map(|x| x.held_on.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    );
    let place = RwSignal::new(saved.as_ref().map(|x| x.place.clone()).unwrap_or_default());
    let total = RwSignal::new(
        saved
            .as_ref()
            .map_or(m.members_now, |x| x.attendance.members_total)
            .to_string(),
    );
    let present = RwSignal::new(
        saved
            .as_ref()
            .map(|x| x.attendance.members_present.to_string())
            .unwrap_or_default(),
    );
    let minutes = RwSignal::new(
        saved
            .as_ref()
            .map(|x| x.minutes.clone())
            .unwrap_or_default(),
    );
    let resolution_no = RwSignal::new(
        saved
            .as_ref()
            .and_then(|x| x.resolution_no.clone())
            .unwrap_or_default(),
    );
    let version = saved.as_ref().map(|x| x.version);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<String>);
    let fail = show_failure(error);
    let save = Mutation::new(
        |client, (u, input): (CommitteeOf, MeetingInput)| async move {
            client.save_committee_meeting(u, &input).await
        },
        move |_| {
            ok.set(true);
            error.set(None);
            errors.set(Vec::new());
            reload.bump();
        },
        move |e: ClientError| {
            ok.set(false);
            if let ClientError::Api { body, .. } = &e {
                errors.set(body.fields.clone());
            }
            fail(e);
        },
    );
    let editable = m.editable;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(u) = unit.get_untracked() else {
            return;
        };
        let Ok(date) = chrono::NaiveDate::parse_from_str(&held_on.get_untracked(), "%Y-%m-%d")
        else {
            errors.set(vec![FieldError::new(
                "held_on",
                "required",
                "请选择会议日期",
            )]);
            return;
        };
        save.run((
            u,
            MeetingInput {
                resolution_no: Some(resolution_no.get_untracked()).filter(|r| !r.trim().is_empty()),
                held_on: date,
                place: place.get_untracked(),
                attendance: Attendance {
                    members_total: count_of(&total.get_untracked()),
                    members_present: count_of(&present.get_untracked()),
                },
                minutes: minutes.get_untracked(),
                version,
            },
        ));
    };
    let field_error = move |field: &'static str| {
        move || {
            errors
                .get()
                .into_iter()
                .find(|e| e.field == field)
                .map(|e| view! { <span class="field-error">{e.message}</span> })
        }
    };
    view! {
        <section class="card">
            <p class="hint" id="rule-description">"表决规则：" {m.rule.description.clone()}</p>
            {m.locked_reason.clone().map(|r| view! { <div class="notice" role="status">{r} "，会议记录只读。"</div> })}
            {saved.as_ref().map(|x| view! { <p class="hint">{format!("最近由 {} 保存于 {}", x.updated_by, crate::format::beijing(&x.updated_at, false))}</p> })}
            <form on:submit=submit class="field-grid" id="meeting-form">
                <div class="field">
                    <label for="meeting-date">"会议日期（必填）"</label>
                    <input id="meeting-date" type="date" disabled=!editable prop:value=move || held_on.get() on:input=move |ev| held_on.set(event_target_value(&ev)) />
                    {field_error("held_on")}
                </div>
                <div class="field">
                    <label for="meeting-place">"会议地点（必填）"</label>
                    <input id="meeting-place" type="text" disabled=!editable prop:value=move || place.get() on:input=move |ev| place.set(event_target_value(&ev)) />
                    {field_error("place")}
                </div>
                <div class="field">
                    <label for="meeting-total">"委员总数"</label>
                    <input id="meeting-total" type="number" min="1" disabled=!editable prop:value=move || total.get() on:input=move |ev| total.set(event_target_value(&ev)) />
                    {kind.keeps_roster().then(|| view! { <span class="hint">{format!("系统中登记的委员：{} 人", m.members_now)}</span> })}
                </div>
                <div class="field">
                    <label for="meeting-present">"出席人数"</label>
                    <input id="meeting-present" type="number" min="0" disabled=!editable prop:value=move || present.get() on:input=move |ev| present.set(event_target_value(&ev)) />
                    {field_error("members_present")}
                </div>
                {(kind == CommitteeKind::Congress).then(|| view! {
                    <div class="field">
                        <label for="meeting-resolution">"决议编号（必填）"</label>
                        <input id="meeting-resolution" type="text" disabled=!editable prop:value=move || resolution_no.get() on:input=move |ev| resolution_no.set(event_target_value(&ev)) />
                        {field_error("resolution_no")}
                    </div>
                })}
                <div class="field field-wide">
                    <label for="meeting-minutes">"会议纪要"</label>
                    <textarea id="meeting-minutes" rows="6" disabled=!editable prop:value=move || minutes.get() on:input=move |ev| minutes.set(event_target_value(&ev))></textarea>
                </div>
                {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="meeting-error">{e}</div> })}
                {move || ok.get().then(|| view! { <div class="notice" role="status" id="meeting-saved">"会议记录已保存。"</div> })}
                {editable.then(|| view! {
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" id="meeting-save" disabled=move || save.pending().get()>{match kind {
                            CommitteeKind::Prelim => "保存学位初审信息",
                            CommitteeKind::Subcommittee => "保存分会评审信息",
                            CommitteeKind::Congress => "保存会议记录",
                        }}</button>
                    </div>
                })}
            </form>
        </section>
    }
}
