//! One application's dossier below 申请学位学生: for the unit admin (edit
//! on the student's behalf, review, send back) and the degree office
//! (read only); and below 网上学位初审 for the committee's members (read
//! only).

use crate::components::dossier::{Notice, NoticeView};
use crate::components::layout::Guard;
use crate::data::{Loaded, Loading, Reload};
use crate::pages::dossier::ApplicationDossier;
use crate::pages::verification::record::ReviewRecordPanel;
use crate::routes;
use crate::session::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::authz::Page;
use shared::ids::ApplicationId;

#[component]
pub fn ApplicationDetailPage() -> impl IntoView {
    view! {
        <Guard page=Page::Applications>
            <DetailView back=Page::Applications />
        </Guard>
    }
}

/// The same dossier as 网上学位初审 reaches it: a committee member reads it
/// (the server offers a member no actions, so nothing is editable).
#[component]
pub fn ReviewDossierPage() -> impl IntoView {
    view! {
        <Guard page=Page::PrelimReview>
            <DetailView back=Page::PrelimReview />
        </Guard>
    }
}

/// The same dossier as 学科群分会评审 reaches it (the group's members and
/// secretariat, read only), with its 初审 record, 核查意见 and 纸质修改申请.
#[component]
pub fn SubReviewDossierPage() -> impl IntoView {
    view! {
        <Guard page=Page::SubReview>
            <DetailView back=Page::SubReview />
        </Guard>
    }
}

/// The same dossier as 学位信息核查 reaches it (the degree office and the
/// group's secretariat, read only), with its 初审 record and 核查意见.
#[component]
pub fn VerificationDossierPage() -> impl IntoView {
    view! {
        <Guard page=Page::Verification>
            <DetailView back=Page::Verification />
        </Guard>
    }
}

#[component]
fn DetailView(back: Page) -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = move || {
        params
            .get()
            .get(routes::APPLICATION_ID)
            .and_then(|s| s.parse::<i64>().ok())
            .map(ApplicationId)
    };
    let reload = Reload::new();
    let dossier = LocalResource::new(move || {
        reload.track();
        let id = id();
        async move {
            match id {
                Some(id) => app.client().dossier(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let refresh = reload.callback();
    let notice = RwSignal::new(None::<Notice>);
    view! {
        <p><A href=back.path()>"← 返回" {back.label()}</A></p>
        <NoticeView notice=notice refresh=refresh />
        <Show when=move || id().is_some() fallback=|| view! { <p class="empty">"页面不存在"</p> }>
            <Loaded data=Loading::once_asked(dossier) let:d>
                <h1>{d.synced.name.clone()} " " <span class="hint">{d.synced.student_no.clone()}</span></h1>
                <ApplicationDossier d=d refresh=refresh notice=notice />
            </Loaded>
            {move || id().map(|id| view! { <ReviewRecordPanel id=id /> })}
        </Show>
    }
}
