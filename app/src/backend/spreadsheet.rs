//! CSV for people's spreadsheets, through the `csv` crate: every export writes here. A cell
//! that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) gets a leading `'`, so an exported title can never become a formula on
//! someone's machine.

use super::ServerError;

/// The text as a cell: formulas defused.
pub fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A cell read back from a file this module wrote: the `'` that [`cell`] put before a
/// formula's first character taken off again.
pub fn uncell(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

/// A CSV document (CRLF line ends, quoted where needed) with this header and these rows.
pub fn write<I, R>(header: &[&str], rows: I) -> Result<String, ServerError>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let internal = |e: csv::Error| ServerError::Internal(format!("writing CSV: {e}"));
    w.write_record(header).map_err(internal)?;
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|c| cell(&c)).collect();
        w.write_record(&cells).map_err(internal)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ServerError::Internal(format!("writing CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| ServerError::Internal(format!("writing CSV: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_never_formulas() {
        let out = write(
            &["a", "b"],
            [
                vec!["plain".to_string(), "a,b".to_string()],
                vec!["say \"hi\"".to_string(), "=HYPERLINK(1)".to_string()],
                vec!["-1+2,3".to_string(), "line\nbreak".to_string()],
            ],
        )
        .unwrap_or_default();
        assert_eq!(
            out,
            "a,b\r\nplain,\"a,b\"\r\n\"say \"\"hi\"\"\",'=HYPERLINK(1)\r\n\"'-1+2,3\",\"line\nbreak\"\r\n"
        );
    }
}
