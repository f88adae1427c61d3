//! Moodle's GIFT text format: [`import`] follows Moodle's own importer, [`export`] writes what it
//! reads back losslessly.

pub mod export;
pub mod import;

/// Characters GIFT escapes with a backslash, and the private-use placeholders that stand for
/// them while a question is split into its parts (as Moodle's `escapedchar_pre` does).
const ESCAPES: [(char, char); 8] = [
    ('\\', '\u{E000}'),
    (':', '\u{E001}'),
    ('#', '\u{E002}'),
    ('=', '\u{E003}'),
    ('{', '\u{E004}'),
    ('}', '\u{E005}'),
    ('~', '\u{E006}'),
    ('n', '\u{E007}'),
];
