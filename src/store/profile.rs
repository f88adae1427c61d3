//! Learner profiles: create, rename, delete (with everything they recorded), last used.

use rusqlite::fallible_iterator::FallibleIterator as _;
use rusqlite::{OptionalExtension as _, Row, params};

use super::{Error, Profile, ProfileId, Result, Store};

impl Store {
    /// All profiles, by name (case-insensitively, then exactly).
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        let mut stmt = self.conn.prepare_cached(include_str!("sql/profiles.sql"))?;
        let rows = stmt.query_map([], row_to_profile)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The profile called `name` (trimmed), if any.
    pub fn profile_by_name(&self, name: &str) -> Result<Option<Profile>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/profile_by_name.sql"))?;
        Ok(stmt.query_row([name.trim()], row_to_profile).optional()?)
    }

    /// Creates a profile; names are unique and trimmed.
    pub fn create_profile(&self, name: &str, now_ms: i64) -> Result<Profile> {
        let name = valid_name(name)?;
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/profile_insert.sql"))?;
        stmt.query_row(params![name, now_ms], row_to_profile)
            .map_err(|e| unique_violation(e, name))
    }

    /// Renames a profile (names are unique and trimmed); renaming a missing profile does nothing.
    pub fn rename_profile(&self, id: ProfileId, name: &str) -> Result<()> {
        let name = valid_name(name)?;
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/profile_rename.sql"))?;
        stmt.execute(params![id.0, name])
            .map_err(|e| unique_violation(e, name))?;
        Ok(())
    }

    /// Deletes a profile and all its sessions, answers and review state (one transaction).
    pub fn delete_profile(&self, id: ProfileId) -> Result<()> {
        self.write(|tx| {
            let mut batch = rusqlite::Batch::new(tx, include_str!("sql/profile_delete.sql"));
            while let Some(mut stmt) = batch.next()? {
                stmt.execute([id.0])?;
            }
            Ok(())
        })
    }

    /// Marks a profile as used now (it opens by default next time).
    pub fn touch_profile(&self, id: ProfileId, now_ms: i64) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/profile_touch.sql"))?;
        stmt.execute(params![id.0, now_ms])?;
        Ok(())
    }

    /// The most recently used profile.
    pub fn last_used_profile(&self) -> Result<Option<Profile>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/profile_last_used.sql"))?;
        Ok(stmt.query_row([], row_to_profile).optional()?)
    }
}

fn row_to_profile(row: &Row<'_>) -> rusqlite::Result<Profile> {
    Ok(Profile {
        id: ProfileId(row.get(0)?),
        name: row.get(1)?,
        created_ms: row.get(2)?,
        last_used_ms: row.get(3)?,
    })
}

fn valid_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() {
        Err(Error::EmptyName)
    } else {
        Ok(name)
    }
}

/// Turns the UNIQUE constraint on `profiles.name` into [`Error::DuplicateProfile`].
fn unique_violation(err: rusqlite::Error, name: &str) -> Error {
    if err
        .sqlite_error()
        .is_some_and(|e| e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
    {
        Error::DuplicateProfile(name.to_string())
    } else {
        Error::Sqlite(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Mode;
    use crate::store::answer::tests::answer;

    #[test]
    fn names_are_trimmed_unique_and_not_empty() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("  Ada ", 10).unwrap();
        assert_eq!(
            (ada.name.as_str(), ada.created_ms, ada.last_used_ms),
            ("Ada", 10, 10)
        );
        assert!(matches!(
            store.create_profile("Ada", 11),
            Err(Error::DuplicateProfile(n)) if n == "Ada"
        ));
        assert!(matches!(
            store.create_profile(" \t", 11),
            Err(Error::EmptyName)
        ));
        let ben = store.create_profile("ben", 12).unwrap();
        assert!(matches!(
            store.rename_profile(ben.id, "Ada "),
            Err(Error::DuplicateProfile(_))
        ));
        assert!(matches!(
            store.rename_profile(ben.id, ""),
            Err(Error::EmptyName)
        ));
        store.rename_profile(ben.id, " Bea ").unwrap();
        let names: Vec<String> = store
            .profiles()
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["Ada", "Bea"]);
        assert_eq!(store.profile_by_name(" Bea").unwrap().unwrap().id, ben.id);
        assert_eq!(store.profile_by_name("bea").unwrap(), None);
    }

    #[test]
    fn profiles_sort_by_name_ignoring_case() {
        let store = Store::open_in_memory().unwrap();
        for name in ["carl", "Ben", "ada"] {
            store.create_profile(name, 0).unwrap();
        }
        let names: Vec<String> = store
            .profiles()
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["ada", "Ben", "carl"]);
    }

    #[test]
    fn last_used_follows_touch() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.last_used_profile().unwrap(), None);
        let ada = store.create_profile("Ada", 1).unwrap();
        let ben = store.create_profile("Ben", 2).unwrap();
        assert_eq!(store.last_used_profile().unwrap().unwrap().id, ben.id);
        store.touch_profile(ada.id, 3).unwrap();
        let last = store.last_used_profile().unwrap().unwrap();
        assert_eq!((last.id, last.last_used_ms), (ada.id, 3));
    }

    #[test]
    fn delete_removes_everything_of_that_learner_only() {
        let store = Store::open_in_memory().unwrap();
        let ada = store.create_profile("Ada", 1).unwrap();
        let ben = store.create_profile("Ben", 1).unwrap();
        for p in [&ada, &ben] {
            let s = store.start_session(p.id, Mode::Study, 1).unwrap();
            store.record_answer(&answer(s, p.id, "q1", 0.0, 5)).unwrap();
            store
                .set_review_state(p.id, &crate::store::review::tests::state("q1", 9))
                .unwrap();
        }
        store.delete_profile(ada.id).unwrap();
        assert_eq!(store.profiles().unwrap(), std::slice::from_ref(&ben));
        assert!(store.answers(ada.id).unwrap().is_empty());
        assert!(store.review_states(ada.id).unwrap().is_empty());
        assert!(store.mistakes(ada.id).unwrap().is_empty());
        assert!(store.daily_stats(ada.id).unwrap().is_empty());
        let sessions: i64 = store
            .conn
            .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sessions, 1);
        assert_eq!(store.answers(ben.id).unwrap().len(), 1);
        assert_eq!(store.review_states(ben.id).unwrap().len(), 1);
        assert_eq!(store.mistakes(ben.id).unwrap().len(), 1);
        // The name is free again.
        store.create_profile("Ada", 2).unwrap();
    }
}
