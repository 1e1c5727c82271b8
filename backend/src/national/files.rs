//! The report's files, byte for byte the same for the same data: the
//! `.xlsx` (its document date is the conferral date, not the clock), the
//! UTF-8 `.csv`, and the photos' `.zip` (entries named by ID number, stored,
//! dated with the conferral date). The notices' workbook is here too.

use crate::error::ApiError;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};
use sha2::{Digest, Sha256};
use shared::dto::degree_data::UnitNotice;
use std::io::{Seek, Write};

pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn fixed_properties(date: chrono::NaiveDate) -> Result<DocProperties, XlsxError> {
    use chrono::Datelike;
    let at = ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(2000),
        date.month() as u8,
        date.day() as u8,
    )?;
    Ok(DocProperties::new()
        .set_creation_datetime(&at)
        .set_author("学位管理系统"))
}

/// The report's `.xlsx`: the field codes in row 1, every cell text, written
/// row by row through a temporary file (constant memory).
pub fn report_xlsx(
    header: &[String],
    rows: impl Iterator<Item = Vec<String>>,
    date: chrono::NaiveDate,
) -> Result<Vec<u8>, ApiError> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        wb.set_properties(&fixed_properties(date)?);
        let text = Format::new().set_num_format("@");
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name("学位授予信息")?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &text)?;
        }
        for (r, row) in rows.enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32 + 1, c as u16, v)?;
                }
            }
        }
        wb.save_to_buffer()
    };
    build().map_err(ApiError::internal)
}

/// The report's `.csv`: UTF-8 without BOM, the field codes as header, CRLF.
pub fn report_csv(
    header: &[String],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<Vec<u8>, ApiError> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header).map_err(ApiError::internal)?;
    for row in rows {
        w.write_record(&row).map_err(ApiError::internal)?;
    }
    w.into_inner()
        .map_err(|e| ApiError::internal(e.into_error()))
}

/// Write the photos' archive to `out`: each `(ID number, jpeg)` as
/// `<ID number>.jpg`, in the given order.
pub fn photos_zip<W: Write + Seek, I>(
    out: W,
    photos: I,
    date: chrono::NaiveDate,
) -> Result<W, ApiError>
where
    I: IntoIterator<Item = Result<(String, Vec<u8>), ApiError>>,
{
    use chrono::Datelike;
    let when = zip::DateTime::from_date_and_time(
        u16::try_from(date.year()).unwrap_or(1980),
        date.month() as u8,
        date.day() as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(when)
        .unix_permissions(0o644);
    let mut z = zip::ZipWriter::new(out);
    for p in photos {
        let (name, jpeg) = p?;
        z.start_file(format!("{name}.jpg"), options)
            .map_err(ApiError::internal)?;
        z.write_all(&jpeg).map_err(ApiError::internal)?;
    }
    z.finish().map_err(ApiError::internal)
}

/// The notice's columns.
pub const NOTICE_HEADINGS: [&str; 8] = [
    "序号",
    "学号",
    "姓名",
    "学位",
    "学科专业代码",
    "学科专业",
    "学位证书编号",
    "获学位日期",
];

/// 学位授予通知 of one unit as an `.xlsx`, A4 landscape, headings repeated.
pub fn notice_xlsx(n: &UnitNotice) -> Result<Vec<u8>, ApiError> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        wb.set_properties(&fixed_properties(n.conferred_on)?);
        let title = Format::new().set_bold().set_font_size(14);
        let head = Format::new().set_bold().set_border(FormatBorder::Thin);
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_num_format("@");
        let ws = wb.add_worksheet();
        ws.set_name("学位授予通知")?;
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.write_string_with_format(0, 0, format!("{}学位授予通知", n.batch_name), &title)?;
        ws.write_string(
            1,
            0,
            format!(
                "培养单位：{} {}　　获学位日期：{}　　决议编号：{}　　共 {} 人",
                n.unit_code,
                n.unit_name,
                n.conferred_on.format("%Y年%m月%d日"),
                n.resolution_no.as_deref().unwrap_or("—"),
                n.rows.len()
            ),
        )?;
        for (c, h) in NOTICE_HEADINGS.iter().enumerate() {
            ws.write_string_with_format(3, c as u16, *h, &head)?;
        }
        ws.set_repeat_rows(3, 3)?;
        let date = n.conferred_on.format("%Y-%m-%d").to_string();
        for (i, r) in n.rows.iter().enumerate() {
            let row = i as u32 + 4;
            let cells = [
                (i + 1).to_string(),
                r.student_no.clone(),
                r.name.clone(),
                r.degree.clone(),
                r.major_code.clone(),
                r.major_name.clone(),
                r.certificate_no.clone().unwrap_or_default(),
                date.clone(),
            ];
            for (c, v) in cells.iter().enumerate() {
                ws.write_string_with_format(row, c as u16, v, &cell)?;
            }
        }
        for (c, w) in [6, 16, 10, 14, 12, 22, 20, 12].iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        wb.save_to_buffer()
    };
    build().map_err(ApiError::internal)
}
