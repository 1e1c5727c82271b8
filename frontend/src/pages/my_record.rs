//! 学位信息 (student): the synced part of the own dossier, read-only, each
//! section with its source system and last sync time, and “同步数据”.

use crate::components::layout::Guard;
use crate::format::beijing;
use crate::session::use_app;
use leptos::prelude::*;
use shared::authz::{GrantScope, Page, Role};
use shared::dossier::DossierSection;
use shared::dto::sync::{SectionSync, SyncStatus, SyncedDossier};
use shared::ids::StudentId;

#[component]
pub fn MyRecordPage() -> impl IntoView {
    view! {
        <Guard page=Page::MyRecord>
            <MyRecordView />
        </Guard>
    }
}

#[component]
fn MyRecordView() -> impl IntoView {
    let app = use_app();
    let student = move || {
        app.session.get().and_then(|s| {
            s.me.actor()
                .grants_of(Role::Student)
                .find_map(|g| match g.scope {
                    GrantScope::Student(id) => Some(id),
                    _ => None,
                })
        })
    };
    let reload = RwSignal::new(0_u32);
    let dossier = LocalResource::new(move || {
        reload.track();
        let id = student();
        async move {
            match id {
                Some(id) => app.client().synced_dossier(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let message = RwSignal::new(None::<(bool, String)>);
    let sync = Action::new_local(move |id: &StudentId| {
        let id = *id;
        async move { app.client().sync_student(id).await }
    });
    Effect::new(move |_| {
        if let Some(result) = sync.value().get() {
            match result {
                Ok(run) if run.status == SyncStatus::Succeeded => {
                    message.set(Some((
                        true,
                        "同步完成：已从学籍、教师、教务、培养系统导入最新数据。".to_owned(),
                    )));
                }
                Ok(run) => {
                    let reasons = run
                        .failures
                        .iter()
                        .map(|f| f.reason.clone())
                        .collect::<Vec<_>>()
                        .join("；");
                    message.set(Some((false, format!("同步失败，数据未改变：{reasons}"))));
                }
                Err(e) => message.set(Some((false, app.failure(&e)))),
            }
            reload.update(|n| *n += 1);
        }
    });
    view! {
        <h1>"学位信息"</h1>
        <div class="notice" role="note">
            "以下信息来自学籍、教师、教务、培养等系统，不能在学位系统中修改。如需修改，请到相应系统修改后点击“同步数据”。"
        </div>
        <div class="toolbar">
            <button class="btn btn-primary" id="sync-now"
                disabled=move || { student().is_none() || sync.pending().get() }
                on:click=move |_| if let Some(id) = student() { sync.dispatch_local(id); }>
                {move || if sync.pending().get() { "正在同步…" } else { "同步数据" }}
            </button>
        </div>
        {move || message.get().map(|(ok, text)| view! {
            <div class=if ok { "notice" } else { "notice notice-error" } role="status" id="sync-message">{text}</div>
        })}
        {move || match dossier.get() {
            None => view! { <p class="loading">"正在加载…"</p> }.into_any(),
            Some(Err(e)) => view! { <div class="notice notice-error" role="alert">{app.failure(&e)}</div> }.into_any(),
            Some(Ok(None)) => view! { <p class="empty">"当前账号没有关联的学生信息。"</p> }.into_any(),
            Some(Ok(Some(d))) => view! { <Dossier d=d /> }.into_any(),
        }}
    }
}

fn text(v: &Option<String>) -> String {
    v.clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "—".to_owned())
}

#[component]
fn Section(synced: Vec<SectionSync>, section: DossierSection, children: Children) -> impl IntoView {
    let synced = synced.into_iter().find(|s| s.section == section);
    view! {
        <section class="card dossier-section" data-section=section.as_str()>
            <h2>{section.label()}</h2>
            <p class="hint source">
                "来源：" {section.source().label()} " · "
                {match synced {
                    Some(s) => format!("最近同步：{}", beijing(&s.synced_at, false)),
                    None => "尚未同步".to_owned(),
                }}
            </p>
            {children()}
        </section>
    }
}

#[component]
fn Dossier(d: SyncedDossier) -> impl IntoView {
    let gender = match d.gender.as_deref() {
        Some("1") => "男",
        Some("2") => "女",
        _ => "—",
    };
    let study_mode = match d.study_mode.as_deref() {
        Some("1") => "全日制",
        Some("2") => "非全日制",
        _ => "—",
    };
    let defense_result = match d.defense_result.as_deref() {
        Some("passed") => "通过",
        Some("failed") => "未通过",
        _ => "—",
    };
    let date =
        |x: Option<chrono::NaiveDate>| x.map(|x| x.to_string()).unwrap_or_else(|| "—".into());
    let s = d.sections.clone();
    let (birth, defense_date) = (date(d.birth_date), date(d.defense_date));
    let (id_number, ethnicity, political, nationality) = (
        text(&d.id_number),
        text(&d.ethnicity),
        text(&d.political_status),
        text(&d.nationality),
    );
    let major = format!("{} {}", text(&d.major_code), text(&d.major_name));
    let entry = text(&d.entry_month);
    let advisor = format!("{} {}", text(&d.advisor_name), text(&d.advisor_title));
    let thesis = text(&d.thesis_title);
    let keywords = d.thesis_keywords.join("，");
    let committee = d.defense_committee.join("、");
    let total_credits = d.total_credits.unwrap_or_default();
    let kind = d.kind.label();
    let SyncedDossier {
        student_no,
        name,
        name_pinyin,
        unit_name,
        courses,
        outputs,
        ..
    } = d;
    view! {
        <Section synced=s.clone() section=DossierSection::Identity>
            <dl class="facts">
                <dt>"学号"</dt><dd id="f-student-no">{student_no}</dd>
                <dt>"姓名"</dt><dd id="f-name">{name}</dd>
                <dt>"姓名拼音"</dt><dd>{name_pinyin}</dd>
                <dt>"性别"</dt><dd>{gender}</dd>
                <dt>"出生日期"</dt><dd>{birth}</dd>
                <dt>"证件号码"</dt><dd>{id_number}</dd>
                <dt>"民族码"</dt><dd>{ethnicity}</dd>
                <dt>"政治面貌码"</dt><dd>{political}</dd>
                <dt>"国家或地区码"</dt><dd>{nationality}</dd>
            </dl>
        </Section>
        <Section synced=s.clone() section=DossierSection::Programme>
            <dl class="facts">
                <dt>"培养单位"</dt><dd>{unit_name}</dd>
                <dt>"学生类别"</dt><dd>{kind}</dd>
                <dt>"专业"</dt><dd>{major}</dd>
                <dt>"学习方式"</dt><dd>{study_mode}</dd>
                <dt>"入学年月"</dt><dd>{entry}</dd>
            </dl>
        </Section>
        <Section synced=s.clone() section=DossierSection::Advisor>
            <dl class="facts">
                <dt>"导师"</dt><dd id="f-advisor">{advisor}</dd>
            </dl>
        </Section>
        <Section synced=s.clone() section=DossierSection::Courses>
            {if courses.is_empty() {
                view! { <p class="empty">"暂无课程记录"</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr><th scope="col">"课程"</th><th scope="col">"学分"</th><th scope="col">"成绩"</th><th scope="col">"学期"</th></tr></thead>
                        <tbody>
                            {courses.into_iter().map(|c| view! {
                                <tr><td>{c.code} " " {c.name}</td><td>{c.credits}</td><td>{c.grade}</td><td>{c.term}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p>"总学分：" {total_credits}</p>
                }.into_any()
            }}
        </Section>
        <Section synced=s.clone() section=DossierSection::Outputs>
            {if outputs.is_empty() {
                view! { <p class="empty">"暂无科研成果"</p> }.into_any()
            } else {
                view! {
                    <ul>{outputs.into_iter().map(|o| view! { <li>{o.title} "，" {o.venue} "，" {o.year}</li> }).collect_view()}</ul>
                }.into_any()
            }}
        </Section>
        <Section synced=s.clone() section=DossierSection::Thesis>
            <dl class="facts">
                <dt>"论文题目"</dt><dd>{thesis}</dd>
                <dt>"关键词"</dt><dd>{keywords}</dd>
            </dl>
        </Section>
        <Section synced=s section=DossierSection::Defense>
            <dl class="facts">
                <dt>"答辩日期"</dt><dd>{defense_date}</dd>
                <dt>"答辩结果"</dt><dd>{defense_result}</dd>
                <dt>"答辩委员会"</dt><dd>{committee}</dd>
            </dl>
        </Section>
    }
}
