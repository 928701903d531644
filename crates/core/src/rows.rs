//! The rows of one report, stored compactly: every text of every cell in one buffer and an
//! 8-byte slot per cell. 100,000 users are a few allocations, not three million: parsing
//! allocates less, loading reads memory in order, and dropping a report frees three buffers.

use std::borrow::Cow;

use crate::values::Cell;

/// Per user: the 28 CSV-derived columns in [`COLUMNS`](crate::COLUMNS) order, then one per extra
/// column of the report.
#[derive(Clone, PartialEq, Eq)]
pub struct Rows {
    width: usize,
    text: String,
    slots: Vec<Slot>,
    /// Integers that do not fit a slot (none from a real report: its integers are booleans).
    big: Vec<i64>,
}

/// Where one cell's value is: text at `start` of `len` bytes, or what `len`'s reserved values
/// say. Text offsets are 32-bit: a report holds under 4 GiB of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    start: u32,
    len: u32,
}

/// `len` of a NULL.
const NULL: u32 = u32::MAX;
/// `len` of an integer held in `start`.
const INT: u32 = u32::MAX - 1;
/// `len` of an integer held in `big[start]`.
const BIG: u32 = u32::MAX - 2;

impl Slot {
    const NULL: Slot = Slot {
        start: 0,
        len: NULL,
    };
}

/// The report's text passed 4 GiB: more than the compact store addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLarge;

impl Rows {
    /// No rows yet, each of `width` cells.
    pub(crate) fn new(width: usize) -> Self {
        Rows {
            width: width.max(1),
            text: String::new(),
            slots: Vec::new(),
            big: Vec::new(),
        }
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.slots.len() / self.width
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Row `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<Row<'_>> {
        let start = i.checked_mul(self.width)?;
        let slots = self.slots.get(start..start.checked_add(self.width)?)?;
        Some(Row { rows: self, slots })
    }

    /// Every row, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Row<'_>> + '_ {
        self.slots
            .chunks_exact(self.width)
            .map(|slots| Row { rows: self, slots })
    }

    /// Make room for `rows` more rows holding `text` more bytes of text.
    pub(crate) fn reserve(&mut self, rows: usize, text: usize) {
        self.slots.reserve(rows.saturating_mul(self.width));
        self.text.reserve(text);
    }

    /// Start a row whose cells are all NULL; [`set`](Self::set) fills them.
    pub(crate) fn push_null_row(&mut self) {
        self.slots
            .extend(std::iter::repeat_n(Slot::NULL, self.width));
    }

    /// Set cell `column` of the last row. Does nothing to a column past the width or before the
    /// first row.
    pub(crate) fn set(&mut self, column: usize, cell: Cell<'_>) -> Result<(), TooLarge> {
        let Some(index) = self
            .slots
            .len()
            .checked_sub(self.width)
            .filter(|_| column < self.width)
            .map(|row_start| row_start + column)
        else {
            return Ok(());
        };
        let slot = match cell {
            Cell::Null => Slot::NULL,
            Cell::Int(n) => match u32::try_from(n) {
                Ok(start) => Slot { start, len: INT },
                Err(_) => {
                    let start = u32::try_from(self.big.len()).map_err(|_| TooLarge)?;
                    self.big.push(n);
                    Slot { start, len: BIG }
                }
            },
            Cell::Text(t) => {
                let start = u32::try_from(self.text.len()).map_err(|_| TooLarge)?;
                let len = u32::try_from(t.len())
                    .ok()
                    .filter(|&l| l < BIG)
                    .ok_or(TooLarge)?;
                start.checked_add(len).ok_or(TooLarge)?;
                self.text.push_str(&t);
                Slot { start, len }
            }
        };
        self.slots[index] = slot;
        Ok(())
    }
}

impl std::fmt::Debug for Rows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.iter().map(|r| r.cells().collect::<Vec<_>>()))
            .finish()
    }
}

/// One row: its cells by column index.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    rows: &'a Rows,
    slots: &'a [Slot],
}

impl std::fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.cells()).finish()
    }
}

impl<'a> Row<'a> {
    /// Cell `column`, if the row has that many.
    pub fn get(&self, column: usize) -> Option<Cell<'a>> {
        self.slots.get(column).map(|s| cell(self.rows, *s))
    }

    /// Every cell, in column order.
    pub fn cells(&self) -> impl Iterator<Item = Cell<'a>> + 'a {
        let rows = self.rows;
        self.slots.iter().map(move |s| cell(rows, *s))
    }
}

fn cell(rows: &Rows, slot: Slot) -> Cell<'_> {
    let start = slot.start as usize;
    match slot.len {
        NULL => Cell::Null,
        INT => Cell::Int(i64::from(slot.start)),
        BIG => Cell::Int(rows.big.get(start).copied().unwrap_or_default()),
        len => {
            // Offsets were taken from this buffer as the text was pushed, on char boundaries.
            let text = rows.text.get(start..start + len as usize);
            Cell::Text(Cow::Borrowed(text.unwrap_or_default()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn text(s: &str) -> Cell<'_> {
        Cell::Text(Cow::Borrowed(s))
    }

    #[test]
    fn rows_give_back_what_was_set_and_null_elsewhere() {
        let mut rows = Rows::new(3);
        assert!(rows.is_empty());
        rows.push_null_row();
        rows.set(0, text("alice")).unwrap();
        rows.set(2, Cell::Int(1)).unwrap();
        rows.push_null_row();
        rows.set(2, Cell::Int(-1 << 40)).unwrap();
        rows.set(1, text("émile ✓")).unwrap();
        rows.set(0, text("")).unwrap();
        assert_eq!(rows.len(), 2);
        let all: Vec<Vec<Cell>> = rows.iter().map(|r| r.cells().collect()).collect();
        assert_eq!(
            all,
            [
                vec![text("alice"), Cell::Null, Cell::Int(1)],
                vec![text(""), text("émile ✓"), Cell::Int(-1 << 40)],
            ]
        );
        assert_eq!(rows.get(1).and_then(|r| r.get(1)), Some(text("émile ✓")));
        assert!(rows.get(2).is_none());
        assert!(rows.get(0).unwrap().get(3).is_none());
    }

    #[test]
    fn setting_out_of_range_changes_nothing() {
        let mut rows = Rows::new(2);
        rows.set(0, text("before any row")).unwrap();
        assert!(rows.is_empty());
        rows.push_null_row();
        rows.set(5, text("past the width")).unwrap();
        assert_eq!(
            rows.get(0).unwrap().cells().collect::<Vec<_>>(),
            [Cell::Null, Cell::Null]
        );
    }
}
