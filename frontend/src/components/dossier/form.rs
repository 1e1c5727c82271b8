//! The filled half of a dossier as a form, with the per-kind rules of
//! `shared::dossier` and the server's field errors beside each input.

use super::DossierHandles;
use leptos::prelude::*;
use shared::dossier::{FilledField, FilledValues, Need};
use shared::dto::application::Dossier;

/// Which filled fields to show: the required ones, the optional ones, and
/// any that has a value; fields that do not concern this student stay out.
fn shown(d: &Dossier, f: FilledField) -> bool {
    d.required.contains(&f)
        || d.filled.contains_key(&f)
        || matches!(f.need(), Need::Optional | Need::PriorDegree)
}

#[component]
pub(super) fn FilledForm(d: Dossier, handles: DossierHandles) -> impl IntoView {
    let editable = d.editable;
    let values = RwSignal::new(d.filled.clone());
    let errors = handles.field_errors;
    let saving = handles.saving;
    let fields: Vec<FilledField> = FilledField::all().filter(|f| shown(&d, *f)).collect();
    let required = d.required.clone();
    let problems = d.problems.clone();
    view! {
        <section class="card" id="filled" data-version=d.application.version>
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
            <form class="dossier-form" on:submit=move |ev| {
                ev.prevent_default();
                handles.save.run(values.get_untracked());
            }>
                {fields.into_iter().map(|f| {
                    let name = f.as_str();
                    let input_id = format!("field-{name}");
                    let is_required = required.contains(&f);
                    let error = move || errors.with(|e| e.iter().find(|x| x.field == name).map(|x| x.message.clone()));
                    let value = move || values.with(|m| m.get(&f).cloned().unwrap_or_default());
                    let set = move |v: String| values.update(|m: &mut FilledValues| { m.insert(f, v); });
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
                        <button class="btn btn-primary" type="submit" id="save-dossier" disabled=move || saving.get()>
                            {move || if saving.get() { "正在保存…" } else { "保存" }}
                        </button>
                    </div>
                })}
            </form>
        </section>
    }
}
