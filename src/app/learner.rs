//! The current learner: the progress store, the learner's profile, and what went wrong with
//! either. Store failures never stop a quiz; they are kept as a note for the UI to show.

use super::appearance::Appearance;
use crate::store::{self, Profile, ProfileId, Store};

/// The setting key for the desired retention of study mode.
const RETENTION_KEY: &str = "desired_retention";

/// The desired retention when none is set, and its bounds.
pub const DEFAULT_RETENTION: f64 = 0.9;
const RETENTION_RANGE: (f64, f64) = (0.7, 0.99);

/// The progress store (when it could be opened) and the learner whose progress it records.
#[derive(Default)]
pub struct Learner {
    store: Option<Store>,
    profile: Option<Profile>,
    note: Option<String>,
}

impl Learner {
    /// No store: nothing is saved (the note says so when `why` is given).
    pub fn without_store(why: Option<String>) -> Self {
        Self {
            note: why.map(|e| format!("Progress is not saved: {e}")),
            ..Self::default()
        }
    }

    /// Opens `store` on the learner used last, creating a first learner when there is none.
    pub fn open(store: Store, now_ms: i64) -> Self {
        let opened = (|| -> store::Result<Profile> {
            let profile = match store.last_used_profile()? {
                Some(p) => p,
                None => store.create_profile("Learner 1", now_ms)?,
            };
            store.touch_profile(profile.id, now_ms)?;
            Ok(profile)
        })();
        let (profile, note) = match opened {
            Ok(p) => (Some(p), None),
            Err(e) => (None, Some(format!("Progress is not saved: {e}"))),
        };
        Self {
            store: Some(store),
            profile,
            note,
        }
    }

    /// The store, when progress is saved.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// The current learner.
    pub fn profile(&self) -> Option<&Profile> {
        self.profile.as_ref()
    }

    /// The last problem with the store, for the UI to show.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Runs a store operation for the current learner. A failure is kept as the note and gives
    /// `None`; so does having no store or no learner.
    pub fn with<T>(&mut self, op: impl FnOnce(&Store, &Profile) -> store::Result<T>) -> Option<T> {
        let (Some(store), Some(profile)) = (&self.store, &self.profile) else {
            return None;
        };
        match op(store, profile) {
            Ok(v) => Some(v),
            Err(e) => {
                self.note = Some(format!("Progress could not be saved: {e}"));
                None
            }
        }
    }

    /// Every learner, by name (empty without a store).
    pub fn profiles(&mut self) -> Vec<Profile> {
        self.with(|s, _| s.profiles()).unwrap_or_default()
    }

    /// Creates a learner called `name` and switches to them.
    pub fn create(&mut self, name: &str, now_ms: i64) -> Option<Profile> {
        let created = self.with(|s, _| s.create_profile(name, now_ms))?;
        self.switch(created.id, now_ms)
    }

    /// Renames learner `id`.
    pub fn rename(&mut self, id: ProfileId, name: &str) -> bool {
        let renamed = self.with(|s, _| s.rename_profile(id, name)).is_some();
        if renamed && let Some(p) = self.profile.as_mut().filter(|p| p.id == id) {
            name.trim().clone_into(&mut p.name);
        }
        renamed
    }

    /// Deletes learner `id` with all their answers; deleting the current learner opens the next
    /// most recent one, or a fresh one. True when the current learner changed.
    pub fn delete(&mut self, id: ProfileId, now_ms: i64) -> bool {
        let deleted = self.with(|s, _| s.delete_profile(id)).is_some();
        if !deleted || self.profile.as_ref().is_none_or(|p| p.id != id) {
            return false;
        }
        let next = self.with(|s, _| match s.last_used_profile()? {
            Some(p) => Ok(p),
            None => s.create_profile("Learner 1", now_ms),
        });
        next.is_some_and(|p| self.switch(p.id, now_ms).is_some())
    }

    /// Makes learner `id` the current one (and the one opened next time).
    pub fn switch(&mut self, id: ProfileId, now_ms: i64) -> Option<Profile> {
        let found = self.with(|s, _| {
            s.touch_profile(id, now_ms)?;
            Ok(s.profiles()?.into_iter().find(|p| p.id == id))
        })??;
        self.profile = Some(found.clone());
        Some(found)
    }

    /// The desired retention for study mode (a setting of the store; the default without one).
    pub fn retention(&mut self) -> f64 {
        let Some(store) = &self.store else {
            return DEFAULT_RETENTION;
        };
        match store.setting(RETENTION_KEY) {
            Ok(value) => value
                .and_then(|v| v.parse::<f64>().ok())
                .map_or(DEFAULT_RETENTION, clamp_retention),
            Err(e) => {
                self.note = Some(format!("Settings could not be read: {e}"));
                DEFAULT_RETENTION
            }
        }
    }

    /// Stores the desired retention (clamped to 0.7..0.99); returns the value kept.
    pub fn set_retention(&mut self, retention: f64) -> f64 {
        let retention = clamp_retention(retention);
        if let Some(store) = &self.store
            && let Err(e) = store.set_setting(RETENTION_KEY, &retention.to_string())
        {
            self.note = Some(format!("Setting not saved: {e}"));
        }
        retention
    }
}

impl Learner {
    /// The current learner's display settings (theme, text size); the defaults when there is
    /// no store or no learner.
    pub fn appearance(&mut self) -> Appearance {
        let (Some(store), Some(profile)) = (&self.store, &self.profile) else {
            return Appearance::default();
        };
        let read = |name: &str| store.setting(&appearance_key(name, profile.id));
        match (read("theme"), read("text_size")) {
            (Ok(theme), Ok(size)) => Appearance::from_settings(theme.as_deref(), size.as_deref()),
            (Err(e), _) | (_, Err(e)) => {
                self.note = Some(format!("Settings could not be read: {e}"));
                Appearance::default()
            }
        }
    }

    /// Keeps `appearance` for the current learner.
    pub fn set_appearance(&mut self, appearance: Appearance) {
        let (Some(store), Some(profile)) = (&self.store, &self.profile) else {
            return;
        };
        for (name, value) in appearance.to_settings() {
            if let Err(e) = store.set_setting(&appearance_key(name, profile.id), &value) {
                self.note = Some(format!("Setting not saved: {e}"));
                return;
            }
        }
    }
}

/// Display settings are kept per learner: the setting's name plus the learner's id.
fn appearance_key(name: &str, id: ProfileId) -> String {
    format!("{name}.learner.{}", id.0)
}

fn clamp_retention(r: f64) -> f64 {
    r.clamp(RETENTION_RANGE.0, RETENTION_RANGE.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learner() -> Learner {
        Learner::open(Store::open_in_memory().unwrap(), 1_000)
    }

    #[test]
    fn a_new_store_gets_a_first_learner() {
        let mut l = learner();
        assert_eq!(l.profile().unwrap().name, "Learner 1");
        assert_eq!(l.profiles().len(), 1);
        assert!(l.note().is_none());
    }

    #[test]
    fn create_switch_rename_and_delete() {
        let mut l = learner();
        let first = l.profile().unwrap().id;
        let asha = l.create("Asha", 2_000).unwrap();
        assert_eq!(l.profile().unwrap().id, asha.id);
        assert!(l.rename(asha.id, "  Asha B "));
        assert_eq!(l.profile().unwrap().name, "Asha B");
        assert!(l.switch(first, 3_000).is_some());
        assert_eq!(l.profile().unwrap().name, "Learner 1");
        // Deleting another learner leaves the current one.
        assert!(!l.delete(asha.id, 4_000));
        assert_eq!(l.profiles().len(), 1);
        // Deleting the only (current) learner opens a fresh one.
        assert!(l.delete(first, 5_000));
        assert_eq!(l.profile().unwrap().name, "Learner 1");
        assert_eq!(l.profiles().len(), 1);
    }

    #[test]
    fn a_failing_operation_leaves_a_note() {
        let mut l = learner();
        assert!(l.create("", 2_000).is_none(), "an empty name is refused");
        assert!(l.note().unwrap().starts_with("Progress could not be saved"));
    }

    #[test]
    fn appearance_is_kept_per_learner() {
        use crate::app::appearance::{TextSize, Theme};
        let mut l = learner();
        let first = l.profile().unwrap().id;
        assert_eq!(l.appearance(), Appearance::default());
        let big = Appearance {
            theme: Theme::HighContrast,
            text_size: TextSize::new(200),
        };
        l.set_appearance(big);
        assert_eq!(l.appearance(), big);
        l.create("Asha", 2_000).unwrap();
        assert_eq!(
            l.appearance(),
            Appearance::default(),
            "a new learner starts at the defaults"
        );
        l.set_appearance(Appearance {
            theme: Theme::Light,
            text_size: TextSize::new(90),
        });
        assert!(l.switch(first, 3_000).is_some());
        assert_eq!(l.appearance(), big);
        let mut none = Learner::without_store(None);
        none.set_appearance(big);
        assert_eq!(none.appearance(), Appearance::default());
    }

    #[test]
    fn retention_is_kept_in_the_store_and_clamped() {
        let mut l = learner();
        assert_eq!(l.retention(), DEFAULT_RETENTION);
        assert_eq!(l.set_retention(0.5), 0.7);
        assert_eq!(l.retention(), 0.7);
        assert_eq!(l.set_retention(0.85), 0.85);
        assert_eq!(l.retention(), 0.85);
        let mut none = Learner::without_store(Some("disk full".into()));
        assert_eq!(none.retention(), DEFAULT_RETENTION);
        assert_eq!(none.note(), Some("Progress is not saved: disk full"));
        assert!(none.with(|_, _| Ok(())).is_none());
    }
}
