//! Moodle XML: [`import`] reads Moodle's question export (through a small element tree, with no
//! DTD processing and no entities beyond XML's five), [`export`] writes it.

mod dom;
pub mod export;
pub mod import;
