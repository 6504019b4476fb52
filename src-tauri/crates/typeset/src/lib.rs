//! Pure PDF renderer: (agreement text + filled blanks + signatures + record) → PDF bytes.
//! No I/O; the same input gives the same bytes.
