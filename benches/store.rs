//! Progress store benchmark: recording an answer and the progress screen's queries on a
//! file-backed store that already holds one million answers (results in docs/performance.md).
//!
//! Run with `cargo bench --bench store`. Besides criterion's mean and median, it times 2,000
//! single inserts itself and prints their p50/p99, since the target is a tail latency. Last, it
//! times the whole "open progress" use case (`app::ProgressData::compute`), as the progress
//! screen runs it.

#![expect(clippy::unwrap_used, reason = "a benchmark aborts on any error")]
#![expect(clippy::print_stdout, reason = "a benchmark prints its figures")]
#![expect(
    clippy::indexing_slicing,
    reason = "indices are in range by construction"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use counterpoint::app::{Learner, Library, ProgressData};
use counterpoint::model::{Bank, BankId, Choice, Kind, Question, QuestionId};
use counterpoint::store::{Mode, NewAnswer, ProfileId, ReviewState, SessionId, Store};
use criterion::{Criterion, criterion_group, criterion_main};

/// Answers in the store before measuring.
const ANSWERS: usize = 1_000_000;
/// Distinct questions (over 3 banks and 12 topics), each with a review state.
const QUESTIONS: usize = 2_000;
/// Days the answers are spread over (about 1,000 answers a day).
const DAYS: i64 = 1_000;
/// 2022-01-01T00:00:00Z.
const START_MS: i64 = 1_640_995_200_000;
const DAY_MS: i64 = 86_400_000;
/// Inserts timed one by one for the percentiles.
const TIMED_INSERTS: usize = 2_000;

/// A small deterministic generator (xorshift64*), so every run builds the same data.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        usize::try_from(x % n as u64).unwrap()
    }
}

fn answer(rng: &mut Rng, session: SessionId, profile: ProfileId, at_ms: i64) -> NewAnswer {
    let q = rng.below(QUESTIONS);
    let score = [0.0, 0.5, 1.0, 1.0][rng.below(4)];
    NewAnswer {
        session,
        profile,
        bank_id: format!("bank-{}", q % 3),
        bank_version: "1.0.0".into(),
        question_id: format!("q{q:05}"),
        topic: format!("topic-{:02}", q % 12),
        kind: "single".into(),
        response_json: format!(r#"{{"kind":"single","value":{}}}"#, rng.below(4)),
        score,
        time_taken_ms: 5_000 + i64::try_from(rng.below(30_000)).unwrap(),
        answered_ms: at_ms,
    }
}

/// A store with `ANSWERS` answers of one learner (the worst case for per-learner queries), in
/// sessions of 20, plus a review state per question.
fn build(dir: &std::path::Path) -> (Store, ProfileId, SessionId) {
    let store = Store::open_in(dir).unwrap();
    let profile = store.create_profile("Bench", START_MS).unwrap().id;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let step_ms = DAYS * DAY_MS / i64::try_from(ANSWERS).unwrap();
    let started = Instant::now();
    let mut batch = Vec::with_capacity(20);
    let mut session = SessionId(0);
    for i in 0..ANSWERS {
        let at = START_MS + i64::try_from(i).unwrap() * step_ms;
        if i % 20 == 0 {
            store.import_answers(&batch).unwrap();
            batch.clear();
            session = store.start_session(profile, Mode::Practice, at).unwrap();
        }
        batch.push(answer(&mut rng, session, profile, at));
        if i % 100_000 == 99_999 {
            eprintln!("  {} answers ({:.0?})", i + 1, started.elapsed());
        }
    }
    store.import_answers(&batch).unwrap();
    let end_ms = START_MS + DAYS * DAY_MS;
    for q in 0..QUESTIONS {
        let offset = i64::try_from(rng.below(60)).unwrap() - 30;
        store
            .set_review_state(
                profile,
                &ReviewState {
                    bank_id: format!("bank-{}", q % 3),
                    question_id: format!("q{q:05}"),
                    memory: counterpoint::engine::Memory {
                        stability: 10.0,
                        difficulty: 5.0,
                        due_ms: end_ms + offset * DAY_MS,
                        last_review_ms: end_ms - 10 * DAY_MS,
                        reps: 5,
                        lapses: 1,
                        state: 2,
                        scheduled_days: 10,
                    },
                },
            )
            .unwrap();
    }
    eprintln!("built {ANSWERS} answers in {:.1?}", started.elapsed());
    (store, profile, session)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = (p * (sorted.len() - 1) as f64).round();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "0..len"
    )]
    sorted[rank as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[expect(
    clippy::too_many_lines,
    reason = "one measurement after another, in order"
)]
fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (store, profile, session) = build(dir.path());
    let now = START_MS + DAYS * DAY_MS;
    let mut rng = Rng(42);

    // Percentiles over single committed inserts, as the app does them: sessions of 20 answers,
    // each finished (which checkpoints the WAL; timed separately).
    let mut times = Vec::with_capacity(TIMED_INSERTS);
    let mut finish_times = Vec::new();
    let mut session = session;
    for i in 0..TIMED_INSERTS {
        let at = now + i64::try_from(i).unwrap();
        let a = answer(&mut rng, session, profile, at);
        let t = Instant::now();
        black_box(store.record_answer(&a).unwrap());
        times.push(t.elapsed());
        if i % 20 == 19 {
            let t = Instant::now();
            store.finish_session(session, at).unwrap();
            finish_times.push(t.elapsed());
            session = store.start_session(profile, Mode::Practice, at).unwrap();
        }
    }
    times.sort();
    finish_times.sort();
    println!(
        "record_answer over {TIMED_INSERTS} inserts at 1M answers: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.99)),
        ms(percentile(&times, 1.0)),
    );
    println!(
        "finish_session (WAL checkpoint) over {} sessions: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        finish_times.len(),
        ms(percentile(&finish_times, 0.50)),
        ms(percentile(&finish_times, 0.99)),
        ms(percentile(&finish_times, 1.0)),
    );
    // One timed call of each query before criterion's repetitions (a cold-ish first call).
    for (name, run) in [
        (
            "daily_stats",
            &(|| store.daily_stats(profile).map(|v| v.len())) as &dyn Fn() -> _,
        ),
        ("topic_stats", &|| {
            store.topic_stats(profile).map(|v| v.len())
        }),
        ("due_counts", &|| {
            store.due_counts(profile, now).map(|v| v.len())
        }),
        ("mistakes", &|| store.mistakes(profile).map(|v| v.len())),
    ] {
        let t = Instant::now();
        let rows = run().unwrap();
        println!("{name}: first call {:.3} ms, {rows} rows", ms(t.elapsed()));
    }
    naive_queries(dir.path(), profile);

    let mut group = c.benchmark_group("store_1m");
    group.sample_size(50);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    let mut at = now + 1_000_000;
    // Only the inserts are timed; sessions of 20 are finished (checkpointed) between them.
    group.bench_function("record_answer", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for i in 0..iters {
                at += 1;
                let a = answer(&mut rng, session, profile, at);
                let t = Instant::now();
                black_box(store.record_answer(&a).unwrap());
                total += t.elapsed();
                if i % 20 == 19 {
                    store.finish_session(session, at).unwrap();
                    session = store.start_session(profile, Mode::Practice, at).unwrap();
                }
            }
            total
        });
    });
    store.finish_session(session, at).unwrap();
    group.bench_function("daily_stats", |b| {
        b.iter(|| black_box(store.daily_stats(profile).unwrap()));
    });
    group.bench_function("topic_stats", |b| {
        b.iter(|| black_box(store.topic_stats(profile).unwrap()));
    });
    group.bench_function("due_counts", |b| {
        b.iter(|| black_box(store.due_counts(profile, now).unwrap()));
    });
    group.bench_function("mistakes", |b| {
        b.iter(|| black_box(store.mistakes(profile).unwrap()));
    });
    group.finish();
    drop(store);

    // The whole "open progress" use case on the same file, through the application layer.
    let library = library();
    let mut learner = Learner::open(Store::open_in(dir.path()).unwrap(), now);
    let t = Instant::now();
    let data = ProgressData::compute(&library, &mut learner, now);
    println!(
        "open progress: first call {:.3} ms, {} answers, {} to questions not in a bank, {} topics",
        ms(t.elapsed()),
        data.total_answers,
        data.orphaned_answers,
        data.topics.len()
    );
    let mut group = c.benchmark_group("app_1m");
    group.sample_size(30);
    group.bench_function("open_progress", |b| {
        b.iter(|| black_box(ProgressData::compute(&library, &mut learner, now)));
    });
    group.finish();
}

/// The three banks the answers are to, minus the last 100 questions (answers to which count as
/// being to questions no longer in a bank).
fn library() -> Library {
    let banks = (0..3)
        .map(|b| Bank {
            id: BankId(format!("bank-{b}")),
            title: format!("Bank {b}"),
            version: "1.0.0".into(),
            questions: (0..QUESTIONS - 100)
                .filter(|q| q % 3 == b)
                .map(|q| Question {
                    id: QuestionId(format!("q{q:05}")),
                    topic: format!("topic-{:02}", q % 12),
                    tags: vec![],
                    difficulty: 1,
                    kind: Kind::Single {
                        choices: vec![
                            Choice {
                                text: "a".into(),
                                feedback: None,
                            },
                            Choice {
                                text: "b".into(),
                                feedback: None,
                            },
                        ],
                        answer: 0,
                    },
                    prompt: "?".into(),
                    explanation: ".".into(),
                    sources: vec![],
                    content_warning: None,
                })
                .collect(),
            ..Bank::default()
        })
        .collect();
    Library::new(banks, Vec::new())
}

/// For comparison: the same statistics computed from the `answers` table alone, with the
/// schema's indexes, as version 2 of the schema would have had to (why version 3 keeps
/// summaries).
fn naive_queries(dir: &std::path::Path, profile: ProfileId) {
    let conn = rusqlite::Connection::open(Store::path_in(dir)).unwrap();
    for (name, sql) in [
        (
            "daily_stats from answers",
            "SELECT answered_ms / 86400000 AS day, count(*), avg(score) FROM answers
             WHERE profile_id = ?1 GROUP BY day ORDER BY day",
        ),
        (
            "mistakes from answers",
            "SELECT bank_id, question_id FROM (
                 SELECT bank_id, question_id, score, answered_ms, row_number() OVER (
                     PARTITION BY bank_id, question_id ORDER BY answered_ms DESC, id DESC) AS r
                 FROM answers WHERE profile_id = ?1)
             WHERE r = 1 AND score < 0.999999999 ORDER BY answered_ms DESC",
        ),
    ] {
        let t = Instant::now();
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([profile.0], |_| Ok(())).unwrap().count();
        println!(
            "{name} (no summaries): {:.1} ms, {rows} rows",
            ms(t.elapsed())
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
