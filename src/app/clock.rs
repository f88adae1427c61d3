//! Wall-clock time for the use cases: the system clock, or a fixed one in tests.

use chrono::{Local, TimeZone as _};

/// Where "now" comes from. The engine and the store take time as an argument; this is the one
/// place the app reads the clock, so tests can simulate days by fixing it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A fixed time, in ms since the epoch (tests).
    Fixed(i64),
}

impl Clock {
    /// Milliseconds since the Unix epoch.
    pub fn now_ms(self) -> i64 {
        match self {
            Self::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
            Self::Fixed(ms) => ms,
        }
    }

    /// Today's local date as `YYYY-MM-DD` (the date an import writes into its citation).
    pub fn today(self) -> String {
        Local
            .timestamp_millis_opt(self.now_ms())
            .single()
            .map_or_else(
                || "1970-01-01".to_owned(),
                |t| t.format("%Y-%m-%d").to_string(),
            )
    }

    /// The end of the learner's current day (the next local midnight), in ms since the epoch:
    /// questions due before then count as "due today", as in Anki.
    pub fn end_of_today_ms(self) -> i64 {
        end_of_local_day(self.now_ms())
    }
}

/// The next local midnight after `now_ms` (or `now_ms` itself if the time zone cannot say).
fn end_of_local_day(now_ms: i64) -> i64 {
    Local
        .timestamp_millis_opt(now_ms)
        .single()
        .and_then(|t| t.date_naive().succ_opt())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|midnight| Local.from_local_datetime(&midnight).earliest())
        .map_or(now_ms, |t| t.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::DAY_MS;

    #[test]
    fn a_fixed_clock_stays_put_and_today_ends_within_a_day() {
        let now = 1_709_283_601_000; // 2024-03-01T09:00:01Z
        let clock = Clock::Fixed(now);
        assert_eq!(clock.now_ms(), now);
        let end = clock.end_of_today_ms();
        // Local midnight is after now and at most a day (plus a DST hour) away.
        assert!(end > now, "{end} <= {now}");
        assert!(end - now <= DAY_MS + 3_600_000);
    }

    #[test]
    fn the_system_clock_moves_forward() {
        let a = Clock::System.now_ms();
        let b = Clock::System.now_ms();
        assert!(b >= a && a > 1_700_000_000_000);
    }
}
