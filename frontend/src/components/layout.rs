//! The frame of every signed-in page: top bar with the system name, the
//! current batch (top right, conspicuous) and the user menu; navigation by
//! task on the left, drawn from `shared::authz::navigation`.

use crate::routes;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_location, use_navigate};
use shared::authz::{navigation, Page};

#[component]
pub fn Layout() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| {
        match app.session.get() {
            None => navigate(routes::LOGIN, Default::default()),
            // A one-time initial password: nothing else until it is changed.
            Some(s) if s.me.must_change_password && location.pathname.get() != routes::PASSWORD => {
                navigate(routes::PASSWORD, Default::default())
            }
            Some(_) => {}
        }
    });
    // The shell is rendered once, with the <Outlet/> outside any reactive
    // closure (the router swaps the page inside it); only the signed-in
    // parts react to the session.
    let pages = move || {
        app.session
            .get()
            .map(|s| navigation(&s.me.actor()))
            .unwrap_or_default()
    };
    let display_name = move || {
        app.session
            .get()
            .map(|s| s.me.display_name)
            .unwrap_or_default()
    };
    let roles = move || {
        app.session
            .get()
            .map(|s| {
                s.me.grants
                    .iter()
                    .map(|g| match &g.scope_name {
                        Some(scope) => format!("{}（{scope}）", g.role.label()),
                        None => g.role.label().to_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join("、")
            })
            .unwrap_or_default()
    };
    view! {
        <div class="shell">
            <header class="topbar">
                <div class="brand">"学位管理系统"<span class="brand-sub">"中国科学院大学"</span></div>
                <BatchBanner />
                <div class="usermenu">
                    <span class="user-name">{display_name}</span>
                    <span class="user-roles">{roles}</span>
                    <A href=routes::PASSWORD attr:class="btn btn-link" attr:id="change-password">"修改密码"</A>
                    <button class="btn btn-link" id="logout" on:click=move |_| app.sign_out(Some("您已退出登录".to_owned()))>
                        "退出登录"
                    </button>
                </div>
            </header>
            <div class="body">
                <nav class="sidenav" aria-label="主导航">
                    <ul>
                        {move || pages().into_iter().map(|p| view! { <NavLink page=p /> }).collect_view()}
                    </ul>
                </nav>
                <main class="content" id="main">
                    <SealBanner />
                    <ReopenBanner />
                    <FlagsBanner />
                    <Outlet />
                </main>
            </div>
        </div>
    }
}

#[component]
fn NavLink(page: Page) -> impl IntoView {
    let location = use_location();
    let active = move || location.pathname.get() == page.path();
    view! {
        <li class:active=active>
            <A href=page.path()>{page.label()}</A>
        </li>
    }
}

/// The current batch, name, phase and congress date, at the top right.
#[component]
fn BatchBanner() -> impl IntoView {
    let app = use_app();
    move || {
        match app.current_batch.get() {
        Some(b) => view! {
            <div class="batch-banner" id="batch-banner" role="status" aria-label="当前评审批次">
                <span class="batch-label">"当前评审批次"</span>
                <strong class="batch-name">{b.name.clone()}</strong>
                <span class=format!("badge phase-{}", b.phase.as_str())>{b.phase.label()}</span>
                <span class="batch-congress">"学位大会：" {b.congress_date.format("%Y年%m月%d日").to_string()}</span>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="batch-banner batch-none" id="batch-banner" role="status">
                <span class="batch-label">"当前没有进行中的评审批次"</span>
            </div>
        }
        .into_any(),
    }
    }
}

/// Show the page only to those whose roles allow it; the server refuses
/// the data anyway, this only spares a confusing error.
#[component]
pub fn Guard(page: Page, children: ChildrenFn) -> impl IntoView {
    let app = use_app();
    let allowed = move || {
        app.session
            .get()
            .is_some_and(|s| navigation(&s.me.actor()).contains(&page))
    };
    view! {
        <Show
            when=allowed
            fallback=|| view! { <div class="notice notice-error" role="alert">"您没有访问此页面的权限。"</div> }
        >
            {children()}
        </Show>
    }
}

/// For a unit admin whose unit's submission the degree office reopened:
/// the reason, on every page, until the unit submits again.
#[component]
fn ReopenBanner() -> impl IntoView {
    use shared::authz::{GrantScope, Role};
    let app = use_app();
    let location = use_location();
    let reasons = LocalResource::new(move || {
        location.pathname.track();
        let units: Vec<shared::ids::UnitId> = app
            .session
            .get()
            .map(|s| {
                s.me.grants
                    .iter()
                    .filter_map(|g| match (g.role, g.scope) {
                        (Role::UnitAdmin, GrantScope::Unit(u)) if !s.me.must_change_password => {
                            Some(u)
                        }
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        async move {
            let mut out = Vec::new();
            for u in units {
                // No current batch, or no rights any more: nothing to show.
                if let Ok(s) = app.client().submission(u).await {
                    if let Some(r) = s.reopen_reason {
                        out.push((s.unit_name, r));
                    }
                }
            }
            out
        }
    });
    move || {
        reasons.get().unwrap_or_default().into_iter().map(|(unit, reason)| view! {
            <div class="notice notice-error" role="alert" id="reopen-banner">
                {format!("国科大学位办已退回{unit}的上报数据，请修改后在“数据上报”中重新上报。退回原因：{reason}")}
            </div>
        }).collect_view()
    }
}

/// After 封网, for the students and the units: what is locked now.
#[component]
fn SealBanner() -> impl IntoView {
    use shared::authz::Role;
    use shared::workflow::BatchPhase;
    let app = use_app();
    move || {
        let sealed = app
            .current_batch
            .get()
            .is_some_and(|b| b.phase != BatchPhase::Open && b.phase.is_active());
        let concerned = app.session.get().is_some_and(|s| {
            let a = s.me.actor();
            a.has_role(Role::Student) || a.has_role(Role::UnitAdmin)
        });
        (sealed && concerned).then(|| view! {
            <div class="notice notice-warn" role="status" id="sealed-banner">
                "系统已封网：不再开放数据上报，也不再从学籍、教师、教务、培养系统同步数据。如需修改学位信息，请由培养单位提交纸质修改申请。"
            </div>
        })
    }
}

/// For a unit admin: how many 核查意见 on the unit are still open.
#[component]
fn FlagsBanner() -> impl IntoView {
    use shared::authz::Role;
    use shared::dto::verification::FlagQuery;
    use shared::workflow::verification::FlagStatus;
    let app = use_app();
    let location = use_location();
    let open = LocalResource::new(move || {
        location.pathname.track();
        let unit_admin = app
            .session
            .get()
            .is_some_and(|s| s.me.actor().has_role(Role::UnitAdmin) && !s.me.must_change_password);
        async move {
            if !unit_admin {
                return 0;
            }
            let q = FlagQuery {
                status: Some(FlagStatus::Open),
                per_page: Some(1),
                ..Default::default()
            };
            app.client().flags(&q).await.map_or(0, |p| p.total)
        }
    });
    move || {
        let n = open.get().unwrap_or(0);
        (n > 0).then(|| view! {
            <div class="notice notice-error" role="alert" id="flags-banner">
                {format!("国科大学位办或学科群分会秘书处对本单位的上报数据提出了 {n} 条核查意见，请在“核查意见”中查看并修改。")}
            </div>
        })
    }
}
