//! 备案 (no login): a unit's staff member registers, asking for the
//! 教育管理干部 right; the unit's system administrator approves it. The
//! form checks what it can (the password policy is `shared`'s); the server
//! checks everything and names each wrong field.

use crate::data::Mutation;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::Role;
use shared::dto::account::{NewRegistration, RegistrationReceipt};
use shared::ids::UnitId;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let app = use_app();
    let units = LocalResource::new(move || async move { app.client().public_units().await });
    let unit = RwSignal::new(None::<UnitId>);
    let fields: [(&'static str, &'static str, &'static str, RwSignal<String>); 6] = [
        ("reg-name", "name", "姓名", RwSignal::new(String::new())),
        (
            "reg-staff-no",
            "staff_no",
            "工号",
            RwSignal::new(String::new()),
        ),
        (
            "reg-phone",
            "phone",
            "手机号码",
            RwSignal::new(String::new()),
        ),
        (
            "reg-email",
            "email",
            "电子邮箱",
            RwSignal::new(String::new()),
        ),
        (
            "reg-username",
            "username",
            "用户名",
            RwSignal::new(String::new()),
        ),
        (
            "reg-password",
            "password",
            "密码",
            RwSignal::new(String::new()),
        ),
    ];
    let value = move |i: usize| fields[i].3.get_untracked().trim().to_owned();
    let error = RwSignal::new(None::<String>);
    let field_errors = RwSignal::new(Vec::<(String, String)>::new());
    let done = RwSignal::new(None::<RegistrationReceipt>);
    let submit = Mutation::new(
        |client, r: NewRegistration| async move { client.register(&r).await },
        move |receipt| {
            error.set(None);
            field_errors.set(Vec::new());
            done.set(Some(receipt));
        },
        move |e| {
            field_errors.set(
                e.body()
                    .map(|b| {
                        b.fields
                            .iter()
                            .map(|f| (f.field.clone(), f.message.clone()))
                            .collect()
                    })
                    .unwrap_or_default(),
            );
            error.set(Some(e.user_message()));
        },
    );
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(unit_id) = unit.get_untracked() else {
            error.set(Some("请选择培养单位".to_owned()));
            return;
        };
        let password = fields[5].3.get_untracked();
        if let Err(w) = shared::domain::password::check(&password, &value(4)) {
            field_errors.set(vec![("password".to_owned(), w.message())]);
            error.set(Some("填写的内容未通过校验".to_owned()));
            return;
        }
        submit.run(NewRegistration {
            unit_id,
            name: value(0),
            staff_no: value(1),
            phone: value(2),
            email: value(3),
            username: value(4),
            password,
            role: Role::UnitAdmin,
        });
    };
    view! {
        <div class="login-page">
            <form class="login-card register-card" on:submit=send aria-labelledby="register-title">
                <h1 id="register-title">"教育管理干部备案"</h1>
                <p class="login-sub">"备案经本单位系统管理员审核通过后，即可用所填用户名和密码登录，获得本单位“教育管理干部”权限。"</p>
                {move || done.get().map(|r| view! { <div class="notice" role="status" id="reg-done">{r.message}</div> })}
                {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" id="reg-error">{e}</div> })}
                <label for="reg-unit">"培养单位"</label>
                <select id="reg-unit" on:change=move |ev| unit.set(event_target_value(&ev).parse::<i64>().ok().map(UnitId))>
                    <option value="">"请选择"</option>
                    {move || units.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|u| view! {
                        <option value=u.id.0.to_string()>{format!("{} {}", u.code, u.name)}</option>
                    }).collect_view()}
                </select>
                {fields.into_iter().map(|(id, name, label, v)| {
                    let kind = if name == "password" { "password" } else if name == "email" { "email" } else { "text" };
                    let problem = move || field_errors.get().into_iter().find(|(f, _)| f == name).map(|(_, m)| m);
                    view! {
                        <label for=id>{label}</label>
                        <input id=id name=name type=kind aria-invalid=move || problem().is_some().to_string()
                            prop:value=move || v.get() on:input=move |ev| v.set(event_target_value(&ev)) />
                        {move || problem().map(|m| view! { <p class="field-error">{m}</p> })}
                    }
                }).collect_view()}
                <p class="hint">"申请权限：教育管理干部。密码 8 位以上，须同时包含字母和数字，不能包含用户名。"</p>
                <button class="btn btn-primary btn-block" type="submit" id="reg-submit"
                    disabled=move || submit.pending().get() || done.get().is_some()>"提交备案"</button>
                <p class="login-links"><a href=crate::routes::LOGIN>"返回登录"</a></p>
            </form>
        </div>
    }
}
