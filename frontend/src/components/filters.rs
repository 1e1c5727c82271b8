//! The filter-bar inputs the student lists share (全部学生列表, 申请学位学生).

use leptos::prelude::*;
use shared::domain::StudentKind;
use shared::dto::application::StudentSort;

pub fn sort_label(s: StudentSort) -> &'static str {
    match s {
        StudentSort::StudentNo => "学号升序",
        StudentSort::StudentNoDesc => "学号降序",
        StudentSort::Name => "姓名拼音",
        StudentSort::NameDesc => "姓名拼音降序",
        StudentSort::Kind => "学生类别",
    }
}

/// 姓名, 学号 and 学生类别; `changed` runs after any of them changes.
#[component]
pub fn StudentFilters(
    prefix: &'static str,
    name: RwSignal<String>,
    student_no: RwSignal<String>,
    kind: RwSignal<Option<StudentKind>>,
    changed: Callback<()>,
) -> impl IntoView {
    view! {
        <label for=format!("{prefix}-name")>"姓名"</label>
        <input id=format!("{prefix}-name") type="search"
            on:change=move |ev| { name.set(event_target_value(&ev)); changed.run(()); } />
        <label for=format!("{prefix}-no")>"学号"</label>
        <input id=format!("{prefix}-no") type="search"
            on:change=move |ev| { student_no.set(event_target_value(&ev)); changed.run(()); } />
        <label for=format!("{prefix}-kind")>"学生类别"</label>
        <select id=format!("{prefix}-kind")
            on:change=move |ev| { kind.set(StudentKind::parse(&event_target_value(&ev))); changed.run(()); }>
            <option value="">"全部"</option>
            {StudentKind::ALL.map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
        </select>
    }
}

/// A 全部 / yes / no filter.
#[component]
pub fn YesNoFilter(
    id: &'static str,
    label: &'static str,
    yes: &'static str,
    no: &'static str,
    value: RwSignal<Option<bool>>,
    changed: Callback<()>,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <select id=id on:change=move |ev| {
            value.set(match event_target_value(&ev).as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            });
            changed.run(());
        }>
            <option value="">"全部"</option>
            <option value="true">{yes}</option>
            <option value="false">{no}</option>
        </select>
    }
}

#[component]
pub fn SortSelect(id: &'static str, sort: RwSignal<StudentSort>) -> impl IntoView {
    view! {
        <label for=id>"排序"</label>
        <select id=id on:change=move |ev| {
            let v = event_target_value(&ev);
            if let Some(s) = StudentSort::ALL.into_iter().find(|s| s.as_str() == v) { sort.set(s); }
        }>
            {StudentSort::ALL.map(|s| view! { <option value=s.as_str()>{sort_label(s)}</option> }).collect_view()}
        </select>
    }
}
