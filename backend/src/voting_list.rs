//! 表决授予学位名单 as an `.xlsx` workbook: A4 landscape, the header rows
//! repeated on every printed page, and the lines for the chair's signature
//! and the committee's stamp.

use crate::error::ApiError;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use shared::dto::committee::VotingList;
use shared::workflow::Decision;

/// The column headings, in order.
pub const HEADINGS: [&str; 11] = [
    "序号",
    "学号",
    "姓名",
    "学生类别",
    "学科专业",
    "论文题目",
    "导师",
    "同意",
    "不同意",
    "弃权",
    "初审结论",
];

/// The decision as the list prints it (缓议 with its resolution).
pub fn conclusion(decision: Decision, resolution: Option<&str>) -> String {
    match (decision, resolution) {
        (Decision::Passed, _) => "通过".to_owned(),
        (Decision::Failed, _) => "未通过".to_owned(),
        (Decision::Deferred, Some(r)) if !r.trim().is_empty() => format!("缓议（{}）", r.trim()),
        (Decision::Deferred, _) => "缓议".to_owned(),
    }
}

/// The workbook's bytes.
pub fn xlsx(list: &VotingList) -> Result<Vec<u8>, ApiError> {
    build(list).map_err(ApiError::internal)
}

fn build(list: &VotingList) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("表决授予学位名单")?;
    sheet.set_paper_size(9); // A4
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);

    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let info = Format::new().set_font_size(11);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_background_color("#EEEEEE");
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let number = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);

    let last = (HEADINGS.len() - 1) as u16;
    sheet.merge_range(
        0,
        0,
        0,
        last,
        &format!("{} 表决授予学位名单", list.unit_name),
        &title,
    )?;
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(
        1,
        0,
        1,
        last,
        &format!(
            "评审批次：{}　　会议日期：{}　　委员总数：{} 人　　出席人数：{} 人",
            list.batch_name,
            list.held_on.format("%Y年%m月%d日"),
            list.attendance.members_total,
            list.attendance.members_present
        ),
        &info,
    )?;
    for (col, h) in HEADINGS.iter().enumerate() {
        sheet.write_string_with_format(2, col as u16, *h, &head)?;
    }
    sheet.set_repeat_rows(0, 2)?;
    for (col, width) in [5.0, 14.0, 10.0, 12.0, 22.0, 40.0, 10.0, 7.0, 7.0, 7.0, 18.0]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(col as u16, width)?;
    }
    let mut row = 3u32;
    for r in &list.rows {
        sheet.write_number_with_format(row, 0, f64::from(r.no), &number)?;
        sheet.write_string_with_format(row, 1, &r.student_no, &cell)?;
        sheet.write_string_with_format(row, 2, &r.name, &cell)?;
        sheet.write_string_with_format(row, 3, r.kind.label(), &cell)?;
        sheet.write_string_with_format(row, 4, &r.major, &cell)?;
        sheet.write_string_with_format(row, 5, &r.thesis_title, &cell)?;
        sheet.write_string_with_format(row, 6, &r.advisor_name, &cell)?;
        sheet.write_number_with_format(row, 7, f64::from(r.votes.yes), &number)?;
        sheet.write_number_with_format(row, 8, f64::from(r.votes.no), &number)?;
        sheet.write_number_with_format(row, 9, f64::from(r.votes.abstain), &number)?;
        sheet.write_string_with_format(
            row,
            10,
            conclusion(r.decision, r.resolution.as_deref()),
            &cell,
        )?;
        row += 1;
    }
    row += 2;
    let chair = list.chair.as_deref().unwrap_or("");
    sheet.merge_range(
        row,
        0,
        row,
        5,
        &format!("学位评定委员会主席（签字）：{chair}　________________"),
        &info,
    )?;
    sheet.merge_range(row, 6, row, last, "学位评定委员会（公章）", &info)?;
    row += 2;
    sheet.merge_range(row, 6, row, last, "日期：　　　　年　　月　　日", &info)?;
    book.save_to_buffer()
}
