//! App-wide settings as text key/value pairs.

use rusqlite::{OptionalExtension as _, params};

use super::{Result, Store};

impl Store {
    /// A stored setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        let mut stmt = self.conn.prepare_cached(include_str!("sql/setting.sql"))?;
        Ok(stmt.query_row([key], |row| row.get(0)).optional()?)
    }

    /// Stores a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/setting_upsert.sql"))?;
        stmt.execute(params![key, value])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_overwrite() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.setting("theme").unwrap(), None);
        store.set_setting("theme", "dark").unwrap();
        store.set_setting("theme", "light").unwrap();
        store.set_setting("font", "large").unwrap();
        assert_eq!(store.setting("theme").unwrap().as_deref(), Some("light"));
        assert_eq!(store.setting("font").unwrap().as_deref(), Some("large"));
    }
}
