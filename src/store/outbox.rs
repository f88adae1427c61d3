//! The LRS outbox: which statements each Learning Record Store acknowledged, so that
//! `results send` sends only new ones and resumes after being killed.

use std::collections::HashSet;

use rusqlite::params;

use super::{Result, Store};

impl Store {
    /// The ids of the statements that the LRS at `endpoint` acknowledged.
    pub fn acknowledged(&self, endpoint: &str) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/outbox_ids.sql"))?;
        let ids = stmt
            .query_map([endpoint], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Whether the LRS at `endpoint` acknowledged statement `id` (one lookup in the outbox's
    /// primary key, so a sender need not hold every id it ever sent).
    pub fn is_acknowledged(&self, endpoint: &str, id: &str) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/outbox_has.sql"))?;
        Ok(stmt.query_row([endpoint, id], |row| row.get(0))?)
    }

    /// Records that the LRS at `endpoint` acknowledged `ids`, all in one transaction.
    pub fn record_acknowledged(&self, endpoint: &str, ids: &[String], now_ms: i64) -> Result<()> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(include_str!("sql/outbox_insert.sql"))?;
            for id in ids {
                stmt.execute(params![endpoint, id, now_ms])?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acknowledged_ids_are_kept_per_endpoint() {
        let store = Store::open_in_memory().unwrap();
        let a = "http://127.0.0.1:1/xAPI/statements";
        let b = "https://lrs.example/xapi/statements";
        assert!(store.acknowledged(a).unwrap().is_empty());
        store
            .record_acknowledged(a, &["x".into(), "y".into()], 1)
            .unwrap();
        store
            .record_acknowledged(a, &["y".into(), "z".into()], 2)
            .unwrap();
        store.record_acknowledged(b, &["x".into()], 3).unwrap();
        let mut ids: Vec<String> = store.acknowledged(a).unwrap().into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["x", "y", "z"]);
        assert_eq!(store.acknowledged(b).unwrap().len(), 1);
        assert!(store.is_acknowledged(a, "z").unwrap());
        assert!(store.is_acknowledged(b, "x").unwrap());
        assert!(!store.is_acknowledged(b, "y").unwrap());
    }
}
