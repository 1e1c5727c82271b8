//! 系统设置 (the system administrator, read only): the campus systems' and
//! the portal's addresses, the sync schedule with its last and next runs,
//! and the sign-in limits. They are changed in the server's configuration.

use crate::components::layout::Guard;
use crate::data::Loaded;
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::Page;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Guard page=Page::Settings>
            <SettingsView />
        </Guard>
    }
}

#[component]
fn SettingsView() -> impl IntoView {
    let app = use_app();
    let settings = LocalResource::new(move || async move { app.client().settings().await });
    let none = || "未配置".to_owned();
    view! {
        <h1>{Page::Settings.label()}</h1>
        <p class="hint">"以下设置来自服务器配置（环境变量），在此只读；修改后重启服务生效。"</p>
        <Loaded data=settings let:s>
            <table class="table" id="settings-table">
                <tbody>
                    <tr><th scope="row">"学籍、教师、教务、培养系统地址"</th><td>{s.upstream_url.clone().unwrap_or_else(none)}</td></tr>
                    <tr><th scope="row">"请求超时 / 重试次数"</th><td>{format!("{} 毫秒 / {} 次", s.upstream_timeout_ms, s.upstream_retries)}</td></tr>
                    <tr><th scope="row">"自动同步时间（北京时间）"</th><td id="sync-times">{s.sync_times.join("、")}</td></tr>
                    <tr><th scope="row">"上次同步"</th><td>{s.last_sync_at.map(|t| beijing(&t, true)).unwrap_or_else(|| "尚未同步".to_owned())}</td></tr>
                    <tr><th scope="row">"下次自动同步"</th><td id="next-sync">{s.next_sync_at.map(|t| beijing(&t, false)).unwrap_or_else(none)}</td></tr>
                    <tr><th scope="row">"统一身份认证（CAS）地址"</th><td>{s.portal_url.clone().unwrap_or_else(none)}</td></tr>
                    <tr><th scope="row">"登录有效期"</th><td>{format!("{} 分钟", s.token_minutes)}</td></tr>
                    <tr><th scope="row">"登录失败锁定"</th><td>{format!("连续失败 {} 次锁定 {} 分钟", s.max_failed_logins, s.lockout_minutes)}</td></tr>
                </tbody>
            </table>
        </Loaded>
    }
}
