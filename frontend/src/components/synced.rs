//! The synced half of a dossier, read-only: each section with its source
//! system and last sync time (SPEC §2.3).

use crate::format::beijing;
use leptos::prelude::*;
use shared::dossier::DossierSection;
use shared::dto::sync::{SectionSync, SyncedDossier};

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
pub fn SyncedView(d: SyncedDossier) -> impl IntoView {
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
