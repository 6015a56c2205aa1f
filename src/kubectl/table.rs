//! The table layout of `kubectl get`: tab-separated cells aligned the way Go's
//! text/tabwriter aligns them (as kubectl's `printers.GetNewTabWriter` configures it:
//! minwidth 0, padding 3, pad with spaces, no right alignment).
//!
//! Every column but the last is padded to its widest cell plus the padding; the last cell
//! of a row is written as is, so rows carry no trailing spaces. kubectl's `printTable`
//! (cli-runtime/pkg/printers/tableprinter.go) pads the header cell to the widest cell's
//! *byte* length before tabwriter measures *characters*, so a column holding non-ASCII text
//! comes out wider than its characters; that quirk is kept.

/// A table of text cells with upper-case headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Column padding of `kubectl get` tables.
pub const GET_PADDING: usize = 3;
/// Column padding of `kubectl rollout history` and `describe` tables (their tabwriters
/// use 2).
pub const HISTORY_PADDING: usize = 2;

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Renders header and rows (each line ending in `\n`) with `padding` between columns.
    pub fn render(&self, padding: usize) -> String {
        let ncols = self
            .rows
            .iter()
            .map(Vec::len)
            .chain([self.headers.len()])
            .max()
            .unwrap_or(0);
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| sanitize_cell(c)).collect())
            .collect();
        let mut widths = vec![0usize; ncols];
        for (i, h) in self.headers.iter().enumerate() {
            widths[i] = h.chars().count();
        }
        for row in &rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.len()).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let mut write_line = |cells: &[String]| {
            let last = cells.len().saturating_sub(1);
            for (i, cell) in cells.iter().enumerate() {
                out.push_str(cell);
                if i != last {
                    let pad = widths[i] + padding - cell.chars().count();
                    out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            out.push('\n');
        };
        if !self.headers.is_empty() {
            write_line(&self.headers);
        }
        for row in &rows {
            write_line(row);
        }
        out
    }
}

/// A cell is cut at its first line break (newline, carriage return or form feed, which
/// tabwriter would treat as a new row) and marked with `...`, as kubectl's
/// `appendCellValue` does; tabs would start a new column and become spaces.
pub fn sanitize_cell(cell: &str) -> String {
    let cut = match cell.find(['\n', '\r', '\x0c']) {
        Some(i) => format!("{}...", &cell[..i]),
        None => cell.to_string(),
    };
    cut.replace('\t', " ")
}

/// Aligns tab-separated text as Go's text/tabwriter does (minwidth 0, left-aligned, space
/// padding): a column block is a run of consecutive lines that have a tab-terminated cell
/// in that column, and each cell of the block is padded to the block's widest cell plus
/// `padding`. Cells after the last tab of a line are written as they are. `kubectl
/// describe` writes its whole output through one such writer (padding 2), which is why
/// `Name:` and `Namespace:` line up while `Containers:` starts a new block.
pub fn tabwrite(text: &str, padding: usize) -> String {
    let lines: Vec<Vec<&str>> = text
        .split_terminator('\n')
        .map(|l| l.split('\t').collect())
        .collect();
    let mut out = String::new();
    let mut widths: Vec<usize> = Vec::new();
    format_block(&lines, 0, lines.len(), &mut widths, padding, &mut out);
    if text.ends_with('\n') || text.is_empty() {
        out
    } else {
        // The last line had no newline; do not invent one.
        out.pop();
        out
    }
}

fn has_cell(line: &[&str], column: usize) -> bool {
    column + 1 < line.len()
}

fn format_block(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    padding: usize,
    out: &mut String,
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if !has_cell(&lines[this], column) {
            this += 1;
            continue;
        }
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut width = 0;
        while this < line1 && has_cell(&lines[this], column) {
            width = width.max(lines[this][column].chars().count() + padding);
            this += 1;
        }
        widths.push(width);
        format_block(lines, line0, this, widths, padding, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

fn write_lines(lines: &[Vec<&str>], from: usize, to: usize, widths: &[usize], out: &mut String) {
    for line in &lines[from..to] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j < widths.len() && j + 1 < line.len() {
                let pad = widths[j].saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_like_tabwriter_with_padding_three() {
        let mut t = Table::new(&["NAME", "READY", "STATUS"]);
        t.push(vec!["a".into(), "1/1".into(), "Running".into()]);
        t.push(vec!["web-7d9f".into(), "0/1".into(), "Pending".into()]);
        let expected = "\
NAME       READY   STATUS
a          1/1     Running
web-7d9f   0/1     Pending
";
        assert_eq!(t.render(GET_PADDING), expected);
    }

    #[test]
    fn empty_cells_still_take_the_padding() {
        let mut t = Table::new(&["A", "B", "C"]);
        t.push(vec!["x".into(), "".into(), "z".into()]);
        assert_eq!(t.render(3), "A   B   C\nx       z\n");
    }

    #[test]
    fn tabwrite_aligns_blocks_separately() {
        let text = "Name:\tnginx\nNamespace:\tdefault\nContainers:\n  web:\n    Image:\tnginx\n    Ready:\tTrue\n";
        let expected = "\
Name:       nginx
Namespace:  default
Containers:
  web:
    Image:  nginx
    Ready:  True
";
        assert_eq!(tabwrite(text, 2), expected);
        assert_eq!(tabwrite("a\tb", 2), "a  b");
        assert_eq!(tabwrite("", 2), "");
    }

    #[test]
    fn line_breaks_are_cut_and_non_ascii_pads_by_bytes() {
        assert_eq!(sanitize_cell("first\nsecond"), "first...");
        assert_eq!(sanitize_cell("a\tb"), "a b");
        let mut t = Table::new(&["K", "V"]);
        t.push(vec!["한".into(), "x".into()]);
        // "한" is 3 bytes, so the column is 3 wide plus padding, as kubectl prints it.
        assert_eq!(t.render(3), "K     V\n한     x\n");
    }
}
