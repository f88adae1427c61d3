//! Fuzzing on stable Rust, shared by the bounded run under `cargo test` (`tests/it/fuzz.rs`) and
//! the long run (`examples/fuzz.rs`); see `docs/fuzzing.md`.
//!
//! A run starts from each target's real seed inputs, then mutates them ([`mutate`]). Every input
//! runs under `catch_unwind` and is timed; a panic or an input slower than the limit is a
//! [`Finding`], saved under `target/fuzz-crashes/` so that it can become a regression test. A
//! watchdog thread ends the process, saving the input, if one input runs for far too long.

pub mod course_targets;
pub mod json_mutate;
pub mod mutate;
pub mod seeds;
pub mod targets;

use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

use mutate::{Rng, mutate};
use seeds::Seed;
use targets::Target;

/// How one run goes.
#[derive(Clone, Debug)]
pub struct Config {
    /// Inputs to run (the seeds as they are count among them).
    pub inputs: u64,
    /// The run's seed: the same seed gives the same inputs.
    pub seed: u64,
    /// An input taking longer than this is a finding.
    pub slow_after: Duration,
    /// An input taking longer than this ends the process (after saving it): a hang.
    pub hang_after: Duration,
    /// Where findings are saved.
    pub crash_dir: PathBuf,
    /// Print a progress line this often (`None`: silent).
    pub progress_every: Option<Duration>,
}

/// A panic or a slow input.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The iteration that made the input (rebuild it with [`input`]).
    pub iteration: u64,
    /// The seed it was mutated from.
    pub seed_name: String,
    /// The panic message and location, or the time taken.
    pub message: String,
    /// The file the input was saved to.
    pub saved: Option<PathBuf>,
    /// The input, escaped and cut to 2,000 bytes.
    pub preview: String,
}

/// What a run found and how fast it went.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Target name.
    pub target: &'static str,
    /// Seed inputs.
    pub seeds: usize,
    /// Inputs run.
    pub inputs: u64,
    /// Total bytes fed.
    pub bytes: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// The slowest input's time, iteration and length.
    pub slowest: (Duration, u64, usize),
    /// Panics (the first [`KEPT`]).
    pub panics: Vec<Finding>,
    /// Inputs over [`Config::slow_after`] (the first [`KEPT`]).
    pub slow: Vec<Finding>,
    /// All panics, kept or not.
    pub panic_count: u64,
    /// All slow inputs, kept or not.
    pub slow_count: u64,
    /// Inputs over the limit on their first run but not on a second or third (the machine's
    /// load, not the parser): not counted as slow.
    pub retimed: u64,
}

/// Findings of each sort kept (and saved) per run; the rest are only counted.
pub const KEPT: usize = 20;

impl Report {
    /// One line of figures.
    pub fn summary(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        format!(
            "{}: {} inputs ({} seeds, {:.1} MB) in {:.1} s = {:.0} inputs/s; slowest {:.1} ms \
             (iteration {}, {} bytes); {} panics, {} slow ({} over the limit once, not again)",
            self.target,
            self.inputs,
            self.seeds,
            self.bytes as f64 / 1e6,
            secs,
            self.inputs as f64 / secs.max(1e-9),
            self.slowest.0.as_secs_f64() * 1000.0,
            self.slowest.1,
            self.slowest.2,
            self.panic_count,
            self.slow_count,
            self.retimed
        )
    }
}

/// The input of iteration `iteration`: the seeds as they are first, then mutations of them.
/// Returns the index of the seed it came from.
pub fn input(
    target: &Target,
    seeds: &[Seed],
    run_seed: u64,
    iteration: u64,
    buf: &mut Vec<u8>,
) -> usize {
    buf.clear();
    let count = seeds.len() as u64;
    if iteration < count {
        let i = usize::try_from(iteration).unwrap_or(0);
        buf.extend_from_slice(seeds.get(i).map(|s| s.bytes.as_slice()).unwrap_or_default());
        return i;
    }
    let mut rng = Rng::for_iteration(run_seed, iteration);
    let i = rng.below(seeds.len());
    buf.extend_from_slice(seeds.get(i).map(|s| s.bytes.as_slice()).unwrap_or_default());
    let others: Vec<&[u8]> = seeds.iter().map(|s| s.bytes.as_slice()).collect();
    mutate(buf, &others, &target.grammar, &mut rng);
    i
}

thread_local! {
    /// Set while this thread runs a fuzz input: its panics are recorded, not printed.
    static FUZZING: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once) a panic hook that keeps fuzz inputs' panics quiet and records their message;
/// panics on other threads (other tests) still print as usual.
fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if FUZZING.with(Cell::get) {
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(info.to_string()));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs one input: its time, or the panic message.
pub fn run_one(target: &Target, bytes: &[u8]) -> Result<Duration, String> {
    install_hook();
    FUZZING.with(|f| f.set(true));
    let start = Instant::now();
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(bytes)));
    let elapsed = start.elapsed();
    FUZZING.with(|f| f.set(false));
    match outcome {
        Ok(()) => Ok(elapsed),
        Err(_) => Err(LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "panic without a message".to_owned())),
    }
}

/// The input, escaped, cut to 2,000 bytes.
pub fn preview(bytes: &[u8]) -> String {
    let cut = bytes.get(..2000).unwrap_or(bytes);
    let mut s = format!("{:?}", String::from_utf8_lossy(cut));
    if cut.len() < bytes.len() {
        let _ = write!(s, " … ({} bytes in all)", bytes.len());
    }
    s
}

/// Saves a finding's input as `<crash_dir>/<target>-<seed>-<iteration>.bin`.
fn save(config: &Config, target: &str, iteration: u64, bytes: &[u8]) -> Option<PathBuf> {
    std::fs::create_dir_all(&config.crash_dir).ok()?;
    let path = config
        .crash_dir
        .join(format!("{target}-{}-{iteration}.bin", config.seed));
    std::fs::write(&path, bytes).ok()?;
    Some(path)
}

/// What the watchdog sees: the input running now and when it started.
struct Current {
    started_ns: AtomicU64,
    iteration: AtomicU64,
    input: Mutex<Vec<u8>>,
    done: AtomicBool,
}

/// Starts a thread that ends the process, saving the input, when one input runs past
/// `hang_after`: a hang cannot be caught, and must not stall CI.
fn watchdog(target: &'static str, config: &Config, epoch: Instant) -> Arc<Current> {
    let current = Arc::new(Current {
        started_ns: AtomicU64::new(u64::MAX),
        iteration: AtomicU64::new(0),
        input: Mutex::new(Vec::new()),
        done: AtomicBool::new(false),
    });
    let seen = Arc::clone(&current);
    let config = config.clone();
    let spawned = std::thread::Builder::new()
        .name(format!("fuzz-watchdog-{target}"))
        .spawn(move || {
            let limit = u64::try_from(config.hang_after.as_nanos()).unwrap_or(u64::MAX);
            while !seen.done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let started = seen.started_ns.load(Ordering::Relaxed);
                let now = u64::try_from(epoch.elapsed().as_nanos()).unwrap_or(u64::MAX);
                if started != u64::MAX && now.saturating_sub(started) > limit {
                    let iteration = seen.iteration.load(Ordering::Relaxed);
                    let bytes = seen.input.lock().map(|b| b.clone()).unwrap_or_default();
                    let saved = save(&config, target, iteration, &bytes);
                    eprintln!(
                        "fuzz: {target}: iteration {iteration} still runs after {:?}: a hang; \
                         input saved to {saved:?}: {}",
                        config.hang_after,
                        preview(&bytes)
                    );
                    std::process::exit(3);
                }
            }
        });
    if let Err(e) = spawned {
        eprintln!("fuzz: no watchdog thread ({e}); hangs will not be caught");
    }
    current
}

/// Runs `config.inputs` inputs of `target`.
pub fn run(target: &Target, seeds: &[Seed], config: &Config) -> Report {
    let mut report = Report {
        target: target.name,
        seeds: seeds.len(),
        ..Report::default()
    };
    if seeds.is_empty() {
        return report;
    }
    // Warm up (lazily built context, first allocations) outside the timings.
    let _ = run_one(
        target,
        seeds
            .first()
            .map(|s| s.bytes.as_slice())
            .unwrap_or_default(),
    );
    let epoch = Instant::now();
    let current = watchdog(target.name, config, epoch);
    let mut buf = Vec::new();
    let mut last_progress = epoch;
    for iteration in 0..config.inputs {
        let seed = input(target, seeds, config.seed, iteration, &mut buf);
        if let Ok(mut shared) = current.input.lock() {
            shared.clear();
            shared.extend_from_slice(&buf);
        }
        current.iteration.store(iteration, Ordering::Relaxed);
        current.started_ns.store(
            u64::try_from(epoch.elapsed().as_nanos()).unwrap_or(0),
            Ordering::Relaxed,
        );
        let outcome = run_one(target, &buf);
        current.started_ns.store(u64::MAX, Ordering::Relaxed);
        report.inputs += 1;
        report.bytes += buf.len() as u64;
        let seed_name = seeds.get(seed).map(|s| s.name.clone()).unwrap_or_default();
        let finding = |message: String| Finding {
            iteration,
            seed_name: seed_name.clone(),
            message,
            saved: save(config, target.name, iteration, &buf),
            preview: preview(&buf),
        };
        // An input over the limit runs up to twice more: its time is the fastest run, so that
        // a moment of load on a shared machine is not taken for a slow parser.
        let outcome = match outcome {
            Ok(first) if first > config.slow_after => {
                let again = (0..2)
                    .map_while(|_| run_one(target, &buf).ok())
                    .min()
                    .unwrap_or(first)
                    .min(first);
                if again <= config.slow_after {
                    report.retimed += 1;
                }
                Ok(again)
            }
            other => other,
        };
        match outcome {
            Ok(elapsed) => {
                if elapsed > report.slowest.0 {
                    report.slowest = (elapsed, iteration, buf.len());
                }
                if elapsed > config.slow_after {
                    report.slow_count += 1;
                    if report.slow.len() < KEPT {
                        report
                            .slow
                            .push(finding(format!("took {:.2} s", elapsed.as_secs_f64())));
                    }
                }
            }
            Err(message) => {
                report.panic_count += 1;
                if report.panics.len() < KEPT {
                    report.panics.push(finding(message));
                }
            }
        }
        if let Some(every) = config.progress_every
            && last_progress.elapsed() >= every
        {
            last_progress = Instant::now();
            report.elapsed = epoch.elapsed();
            eprintln!("fuzz: {}", report.summary());
        }
    }
    current.done.store(true, Ordering::Relaxed);
    report.elapsed = epoch.elapsed();
    report
}

/// Describes the findings of a report, one paragraph each.
pub fn describe(report: &Report) -> String {
    let mut out = String::new();
    for (what, list) in [("panic", &report.panics), ("slow input", &report.slow)] {
        for f in list {
            let _ = writeln!(
                out,
                "{}: {what} at iteration {} (from seed {}): {}\n  saved to {}\n  input: {}",
                report.target,
                f.iteration,
                f.seed_name,
                f.message,
                f.saved
                    .as_ref()
                    .map_or_else(|| "(not saved)".to_owned(), |p| p.display().to_string()),
                f.preview
            );
        }
    }
    out
}
