//! `counterpoint store-selftest-writer` (hidden): records answers as fast as it can and prints
//! each committed answer id, flushed, on its own line. The crash-safety test kills it with
//! SIGKILL mid-run and checks that every printed id survived (tests/it/store.rs).

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::store::{Mode, NewAnswer, Store};

/// The learner the writer records for.
pub const PROFILE: &str = "selftest";

/// Writes up to `count` answers to the database in `data_dir`.
pub fn run(data_dir: Option<&Path>, count: u64) -> ExitCode {
    match write_answers(data_dir, count) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("counterpoint: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn write_answers(data_dir: Option<&Path>, count: u64) -> anyhow::Result<()> {
    let dir = Store::data_dir(data_dir);
    let store = Store::open_in(&dir).with_context(|| dir.display().to_string())?;
    let now = super::now_ms();
    let profile = match store.profile_by_name(PROFILE)? {
        Some(p) => p,
        None => store.create_profile(PROFILE, now)?,
    };
    let session = store.start_session(profile.id, Mode::Practice, now)?;
    let mut out = std::io::stdout().lock();
    for i in 0..count {
        let id = store.record_answer(&NewAnswer {
            session,
            profile: profile.id,
            bank_id: "selftest".into(),
            bank_version: "1".into(),
            question_id: format!("q{}", i % 100),
            topic: "selftest".into(),
            kind: "text".into(),
            response_json: format!(r#"{{"kind":"text","value":"answer {i}"}}"#),
            score: if i % 3 == 0 { 0.0 } else { 1.0 },
            time_taken_ms: 1_000,
            answered_ms: now + i64::try_from(i).unwrap_or(i64::MAX),
        })?;
        // Only now is the answer committed, so only now may it be reported.
        writeln!(out, "{id}").context("stdout")?;
        out.flush().context("stdout")?;
    }
    Ok(())
}
