//! "Send results to an LRS" in the app (docs/lrs.md, "In the app"): the settings (off by
//! default, kept in the store's settings), the secret (a file beside the progress database,
//! created readable only by the user, written atomically), and [`SendJob`], which sends the
//! current learner's answers and exam attempts on a background thread with the same library
//! code as `results send --profile` ([`collect::from_store`], [`send::send`] with the outbox).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use super::{Clock, Learner};
use crate::interchange::results::xapi;
use crate::lrs::collect::{self, Learners};
use crate::lrs::send::{self, Progress, Summary};
use crate::lrs::{Client, Credentials, Endpoint, Error, Retry};
use crate::model::Bank;
use crate::store::{self, Store};

/// The secret's file name, in the folder of the progress database.
pub const SECRET_FILE: &str = "lrs-secret";

const ENABLED_KEY: &str = "lrs_enabled";
const ENDPOINT_KEY: &str = "lrs_endpoint";
const KEY_KEY: &str = "lrs_key";
const HOME_PAGE_KEY: &str = "lrs_home_page";

/// The LRS settings the app keeps (the secret apart, in its own file). Off by default: nothing
/// leaves the machine unless the user turns sending on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LrsSettings {
    /// "Send results to an LRS" is ticked.
    pub enabled: bool,
    /// The LRS's xAPI base URL.
    pub endpoint: String,
    /// The key (user name) of the LRS's Basic credentials; empty: no credentials.
    pub key: String,
    /// The organisation's URL, the `homePage` of the learners' accounts (empty: the default).
    pub home_page: String,
}

impl LrsSettings {
    /// The settings kept in `store` (the defaults for those never saved).
    pub fn load(store: &Store) -> store::Result<Self> {
        let get = |key: &str| store.setting(key).map(Option::unwrap_or_default);
        Ok(Self {
            enabled: get(ENABLED_KEY)? == "true",
            endpoint: get(ENDPOINT_KEY)?,
            key: get(KEY_KEY)?,
            home_page: get(HOME_PAGE_KEY)?,
        })
    }

    /// Keeps the settings in `store`.
    pub fn save(&self, store: &Store) -> store::Result<()> {
        store.set_setting(ENABLED_KEY, if self.enabled { "true" } else { "false" })?;
        store.set_setting(ENDPOINT_KEY, self.endpoint.trim())?;
        store.set_setting(KEY_KEY, self.key.trim())?;
        store.set_setting(HOME_PAGE_KEY, self.home_page.trim())
    }

    /// The home page to write into statements: the one set, checked to be an absolute
    /// `http(s)` URL, or [`xapi::IRI_BASE`] when none is set.
    pub fn home_page(&self) -> Result<String, String> {
        let page = self.home_page.trim();
        if page.is_empty() {
            return Ok(xapi::IRI_BASE.to_owned());
        }
        let valid = ["http://", "https://"].iter().any(|scheme| {
            page.get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
                && page.len() > scheme.len()
        }) && !page.contains(char::is_whitespace);
        if valid {
            Ok(page.to_owned())
        } else {
            Err(format!(
                "The organisation's URL {page:?} is not an absolute http(s) URL (e.g. https://example.org)."
            ))
        }
    }
}

/// The secret file of the progress database `store` (none for a database in memory).
pub fn secret_path(store: &Store) -> Option<PathBuf> {
    Some(store.path()?.parent()?.join(SECRET_FILE))
}

/// The secret kept at `path`, `None` when there is none.
///
/// # Errors
/// When the file exists but cannot be read (the message names the file, never its content).
pub fn read_secret(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let secret = text.trim_end_matches(['\r', '\n']);
            Ok((!secret.is_empty()).then(|| secret.to_owned()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Keeps `secret` at `path`: written to a temporary file created readable and writable only
/// by the user (mode 0600 on unix), then renamed over `path`, so the file is never half written
/// and never readable by others, not even for a moment.
///
/// # Errors
/// When the folder cannot be written (the message names the file, never the secret).
pub fn write_secret(path: &Path, secret: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("{}: {e}", path.display());
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let temp = dir.join(format!(".{SECRET_FILE}.{}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    // A temporary file left by a crash may have other permissions: start afresh.
    std::fs::remove_file(&temp).ok();
    let written = (|| {
        let mut file = options.open(&temp)?;
        file.write_all(secret.as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        std::fs::remove_file(&temp).ok();
    }
    written.map_err(fail)
}

/// What a send needs, taken from the app's state when "Send now" is pressed.
#[derive(Debug)]
pub struct SendRequest {
    /// The progress database (the thread opens its own connection to it).
    pub database: PathBuf,
    /// The learner whose answers and exam attempts are sent.
    pub learner: String,
    /// The LRS.
    pub endpoint: Endpoint,
    /// Its credentials, if any.
    pub credentials: Option<Credentials>,
    /// The `homePage` of the learner's account.
    pub home_page: String,
    /// The loaded banks, for the statements' question definitions.
    pub banks: Vec<Bank>,
    /// Retries and timeouts.
    pub retry: Retry,
    /// Where the outbox's times come from.
    pub clock: Clock,
}

/// A send running on a background thread: its progress (read without blocking) and, once it
/// has finished, its outcome. Dropping the job asks the thread to stop before its next batch.
#[derive(Debug)]
pub struct SendJob {
    sent: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    done: mpsc::Receiver<Result<Summary, Error>>,
    outcome: Option<String>,
}

impl SendJob {
    /// Starts sending on the `lrs-send` thread; `wake` is called after each batch and at the
    /// end (the app's `request_repaint`).
    ///
    /// # Errors
    /// When the thread cannot start.
    pub fn start(request: SendRequest, wake: impl Fn() + Send + 'static) -> Result<Self, String> {
        let sent = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, done) = mpsc::channel();
        let (s, t, halt) = (Arc::clone(&sent), Arc::clone(&total), Arc::clone(&stop));
        std::thread::Builder::new()
            .name("lrs-send".into())
            .spawn(move || {
                let mut on_progress = |p: Progress| {
                    t.store(p.total, Ordering::Relaxed);
                    s.store(p.sent, Ordering::Relaxed);
                    wake();
                };
                let result = run(&request, &mut on_progress, &halt);
                // The app may have closed the job; nobody listens then.
                tx.send(result).ok();
                wake();
            })
            .map_err(|e| format!("Sending could not start: {e}"))?;
        Ok(Self {
            sent,
            total,
            stop,
            done,
            outcome: None,
        })
    }

    /// Statements acknowledged so far and statements to send (0 of 0 until they are counted).
    pub fn progress(&self) -> Progress {
        Progress {
            sent: self.sent.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
        }
    }

    /// The one-line outcome once the send has finished (never blocks).
    pub fn poll(&mut self) -> Option<&str> {
        if self.outcome.is_none() {
            match self.done.try_recv() {
                Ok(result) => self.outcome = Some(outcome_line(&result)),
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.outcome = Some("Sending stopped unexpectedly.".to_owned());
                }
            }
        }
        self.outcome.as_deref()
    }

    /// Asks the thread to stop before its next batch.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Drop for SendJob {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The thread's work: the learner's statements from the store, then [`send::send`] with the
/// store as the outbox.
fn run(
    request: &SendRequest,
    on_progress: &mut dyn FnMut(Progress),
    stop: &AtomicBool,
) -> Result<Summary, Error> {
    let store = Store::open(&request.database)
        .map_err(|e| Error::Input(format!("{}: {e}", request.database.display())))?;
    let options = xapi::Options {
        home_page: &request.home_page,
        questions: &request.banks,
    };
    let (items, _) = collect::from_store(&store, Learners::One(&request.learner), options)?;
    let client = Client::new(
        request.endpoint.clone(),
        request.credentials.as_ref(),
        request.retry,
    );
    let clock = request.clock;
    send::send(
        &client,
        items,
        Some(&store),
        options,
        &|| clock.now_ms(),
        on_progress,
        stop,
    )
}

/// The outcome of a send on one line: "Sent 50 statements (0 already sent)", or the error.
pub fn outcome_line(result: &Result<Summary, Error>) -> String {
    match result {
        Ok(summary) => {
            let mut line = format!(
                "Sent {} statement{} ({} already sent)",
                summary.sent,
                if summary.sent == 1 { "" } else { "s" },
                summary.already_sent
            );
            if let Some(first) = summary.conflicts.first() {
                write!(
                    line,
                    "; the LRS holds different statements with {} of these ids (e.g. {first}), \
                     sent before with another organisation URL?",
                    summary.conflicts.len()
                )
                .ok();
            }
            line
        }
        Err(e) => {
            let text = e.to_string();
            let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut chars = line.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        }
    }
}

/// A line under the "Send results to an LRS" section: what the last save or send did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LrsNote {
    /// It was done as asked ("Settings saved."): shown in the normal text colour.
    Done(String),
    /// Why it could not be done: shown in the warning colour.
    Problem(String),
}

impl LrsNote {
    /// The line's text.
    pub fn text(&self) -> &str {
        match self {
            Self::Done(text) | Self::Problem(text) => text,
        }
    }

    /// Whether it says why something could not be done.
    pub fn is_problem(&self) -> bool {
        matches!(self, Self::Problem(_))
    }
}

/// The "Send results to an LRS" section: the settings as edited, the secret typed (never
/// filled in from the file), whether a secret is saved, and the send in progress or done.
#[derive(Debug, Default)]
pub struct LrsSection {
    /// The settings as shown (saved by [`LrsSection::save`] and before each send).
    pub settings: LrsSettings,
    /// A new secret typed; empty keeps the saved one.
    pub secret: String,
    /// A secret is saved in the secret file.
    pub secret_saved: bool,
    /// What the last save or send did (or why it could not).
    pub note: Option<LrsNote>,
    /// The send in progress, or the last one.
    job: Option<SendJob>,
}

impl LrsSection {
    /// The section for `learner`'s store: its saved settings, and whether a secret is saved.
    /// Without a store on disk the section stays off and says why.
    pub fn open(learner: &Learner) -> Self {
        let Some(store) = learner.store() else {
            return Self {
                note: Some(LrsNote::Problem(
                    "Progress is not saved on this machine, so there is nothing to send.".into(),
                )),
                ..Self::default()
            };
        };
        let mut section = Self::default();
        match LrsSettings::load(store) {
            Ok(settings) => section.settings = settings,
            Err(e) => {
                section.note = Some(LrsNote::Problem(format!("Settings could not be read: {e}")));
            }
        }
        if let Some(path) = secret_path(store) {
            match read_secret(&path) {
                Ok(secret) => section.secret_saved = secret.is_some(),
                Err(e) => {
                    section.note = Some(LrsNote::Problem(format!(
                        "The secret could not be read: {e}"
                    )));
                }
            }
        }
        section
    }

    /// Saves the settings in the store and a newly typed secret in the secret file (then the
    /// field is emptied: the secret is never shown back). Returns whether everything was saved.
    pub fn save(&mut self, learner: &Learner) -> bool {
        let Some(store) = learner.store() else {
            self.note = Some(LrsNote::Problem(
                "Progress is not saved on this machine: nothing to save.".into(),
            ));
            return false;
        };
        if let Err(e) = self.settings.save(store) {
            self.note = Some(LrsNote::Problem(format!("Settings not saved: {e}")));
            return false;
        }
        let secret = self.secret.trim().to_owned();
        if !secret.is_empty() {
            let Some(path) = secret_path(store) else {
                self.note = Some(LrsNote::Problem(
                    "The secret cannot be saved: progress is kept in memory.".into(),
                ));
                return false;
            };
            if let Err(e) = write_secret(&path, &secret) {
                self.note = Some(LrsNote::Problem(format!(
                    "The secret could not be saved: {e}"
                )));
                return false;
            }
            self.secret.clear();
            self.secret_saved = true;
        }
        self.note = Some(LrsNote::Done("Settings saved.".into()));
        true
    }

    /// The section opened again for `learner` (on opening the settings screen, and when
    /// another learner is chosen): the saved settings re-read, and the edits not saved, a
    /// typed secret, the note and the last send's outcome dropped. A send still running goes on
    /// (for the learner it started for) and keeps showing its progress.
    pub fn reopen(&mut self, learner: &Learner) {
        let running = self.job.take().filter(|j| j.outcome.is_none());
        *self = Self {
            job: running,
            ..Self::open(learner)
        };
    }

    /// Saves, then starts sending the current learner's answers and exam attempts. Nothing is
    /// sent while the section is off, or while a send is running; a problem with the settings
    /// becomes the note.
    pub fn send_now(
        &mut self,
        learner: &Learner,
        banks: &[Bank],
        clock: Clock,
        wake: impl Fn() + Send + 'static,
    ) -> bool {
        if !self.settings.enabled {
            self.note = Some(LrsNote::Problem(
                "Sending is off: tick \u{201c}Send results to an LRS\u{201d} first.".into(),
            ));
            return false;
        }
        if self.is_sending() || !self.save(learner) {
            return false;
        }
        match self.request(learner, banks, clock) {
            Ok(request) => match SendJob::start(request, wake) {
                Ok(job) => {
                    self.note = None;
                    self.job = Some(job);
                    true
                }
                Err(e) => {
                    self.note = Some(LrsNote::Problem(e));
                    false
                }
            },
            Err(e) => {
                self.note = Some(LrsNote::Problem(e));
                false
            }
        }
    }

    fn request(
        &self,
        learner: &Learner,
        banks: &[Bank],
        clock: Clock,
    ) -> Result<SendRequest, String> {
        let (Some(store), Some(profile)) = (learner.store(), learner.profile()) else {
            return Err("There is no learner whose results could be sent.".into());
        };
        let Some(database) = store.path() else {
            return Err("Progress is kept in memory: there is no outbox to send from.".into());
        };
        let endpoint = Endpoint::parse(&self.settings.endpoint).map_err(|_| {
            format!(
                "The LRS address {:?} is not an http(s) URL (e.g. https://lrs.example.org/xapi).",
                self.settings.endpoint.trim()
            )
        })?;
        let home_page = self.settings.home_page()?;
        let key = self.settings.key.trim();
        let credentials = if key.is_empty() {
            None
        } else {
            let secret = secret_path(store)
                .map(|p| read_secret(&p))
                .transpose()?
                .flatten()
                .ok_or_else(|| format!("Enter the secret that goes with the key {key:?}."))?;
            Some(Credentials::new(key, secret))
        };
        Ok(SendRequest {
            database,
            learner: profile.name.clone(),
            endpoint,
            credentials,
            home_page,
            banks: banks.to_vec(),
            retry: Retry::default(),
            clock,
        })
    }

    /// Picks up the outcome of a finished send (never blocks). True when it just finished.
    pub fn poll(&mut self) -> bool {
        let Some(job) = &mut self.job else {
            return false;
        };
        let was = job.outcome.is_some();
        job.poll();
        !was && job.outcome.is_some()
    }

    /// A send is running.
    pub fn is_sending(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.outcome.is_none())
    }

    /// How far the running (or last) send got.
    pub fn progress(&self) -> Option<Progress> {
        self.job.as_ref().map(SendJob::progress)
    }

    /// The last send's one-line outcome.
    pub fn outcome(&self) -> Option<&str> {
        self.job.as_ref().and_then(|j| j.outcome.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead as _, BufReader, Read as _, Write as _};
    use std::net::TcpListener;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::store::{Mode, NewAnswer};

    fn learner_in(dir: &Path, answers: usize) -> Learner {
        let store = Store::open_in(dir).unwrap();
        let learner = Learner::open(store, 0);
        let (store, profile) = (learner.store().unwrap(), learner.profile().unwrap());
        let s = store.start_session(profile.id, Mode::Practice, 0).unwrap();
        for i in 0..answers {
            store
                .record_answer(&NewAnswer {
                    session: s,
                    profile: profile.id,
                    bank_id: "b".into(),
                    bank_version: "1".into(),
                    question_id: format!("q{i}"),
                    topic: "t".into(),
                    kind: "single".into(),
                    response_json: r#"{"kind":"single","value":0}"#.into(),
                    score: 1.0,
                    time_taken_ms: 1,
                    answered_ms: i64::try_from(i).unwrap(),
                })
                .unwrap();
        }
        learner
    }

    /// A one-thread HTTP server that answers every request 200 and counts the statements
    /// sent (the length of each JSON array posted).
    fn fake_lrs() -> (String, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/xapi", listener.local_addr().unwrap());
        let received = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&received);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let mut stream = stream.unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if line.trim().is_empty() {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':')
                        && name.eq_ignore_ascii_case("content-length")
                    {
                        length = value.trim().parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let statements: Vec<serde_json::Value> = serde_json::from_slice(&body).unwrap();
                count.fetch_add(statements.len(), Ordering::SeqCst);
                stream
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]")
                    .unwrap();
            }
        });
        (url, received)
    }

    fn wait(section: &mut LrsSection) -> String {
        let start = Instant::now();
        while !section.poll() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the send never finished"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        section.outcome().unwrap().to_owned()
    }

    #[test]
    fn sending_is_off_by_default_and_nothing_is_sent_then() {
        let dir = tempfile::tempdir().unwrap();
        let learner = learner_in(dir.path(), 3);
        let mut section = LrsSection::open(&learner);
        assert_eq!(section.settings, LrsSettings::default());
        assert!(!section.settings.enabled);
        let (url, received) = fake_lrs();
        section.settings.endpoint = url;
        assert!(!section.send_now(&learner, &[], Clock::Fixed(1), || {}));
        assert!(!section.is_sending());
        assert!(section.outcome().is_none());
        assert!(
            section
                .note
                .as_ref()
                .map(LrsNote::text)
                .unwrap()
                .contains("Sending is off")
        );
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(received.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn settings_round_trip_through_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let learner = learner_in(dir.path(), 0);
        let mut section = LrsSection::open(&learner);
        section.settings = LrsSettings {
            enabled: true,
            endpoint: " http://127.0.0.1:9/xapi ".into(),
            key: "key".into(),
            home_page: "https://example.org".into(),
        };
        assert!(section.save(&learner));
        let again = LrsSection::open(&learner);
        assert_eq!(
            again.settings,
            LrsSettings {
                enabled: true,
                endpoint: "http://127.0.0.1:9/xapi".into(),
                key: "key".into(),
                home_page: "https://example.org".into(),
            }
        );
        assert!(!again.secret_saved);
        // Reopened from the file, as at the next start.
        drop(learner);
        let learner = Learner::open(Store::open_in(dir.path()).unwrap(), 0);
        assert_eq!(LrsSection::open(&learner).settings, again.settings);
    }

    #[test]
    fn a_save_says_so_as_done_and_reopening_drops_what_was_not_saved() {
        let dir = tempfile::tempdir().unwrap();
        let mut learner = learner_in(dir.path(), 2);
        let mut section = LrsSection::open(&learner);
        assert_eq!(section.note, None);
        section.settings.enabled = true;
        section.settings.endpoint = "http://127.0.0.1:9/xapi".into();
        assert!(section.save(&learner));
        assert_eq!(section.note, Some(LrsNote::Done("Settings saved.".into())));
        assert!(!section.note.as_ref().unwrap().is_problem());
        // A problem is one (a key without a secret).
        section.settings.key = "key".into();
        assert!(!section.send_now(&learner, &[], Clock::Fixed(1), || {}));
        let note = section.note.clone().unwrap();
        assert!(
            note.is_problem() && note.text().contains("secret"),
            "{note:?}"
        );

        // Unsaved edits, a typed secret and the note go when another learner is chosen.
        section.settings.endpoint = "http://unsaved.example/xapi".into();
        section.secret = "typed".into();
        learner.create("Other", 0).unwrap();
        section.reopen(&learner);
        assert_eq!(section.settings.endpoint, "http://127.0.0.1:9/xapi");
        assert!(section.settings.enabled);
        assert_eq!(section.secret, "");
        assert_eq!(learner.profile().unwrap().name, "Other");
        assert_eq!(section.note, None);

        // The last send's outcome goes too.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        section.settings.endpoint = format!("http://127.0.0.1:{port}/xapi");
        section.settings.key.clear();
        assert!(section.send_now(&learner, &[], Clock::Fixed(1), || {}));
        // (The new learner has no answers: nothing to send, and that is the outcome.)
        assert_eq!(wait(&mut section), "Sent 0 statements (0 already sent)");
        section.reopen(&learner);
        assert_eq!(section.outcome(), None);
        assert!(section.progress().is_none());
        // Without a store, reopening says why there is nothing to send.
        let mut section = LrsSection::default();
        section.reopen(&Learner::without_store(None));
        assert!(section.note.unwrap().is_problem());
    }

    #[test]
    fn the_secret_file_is_written_atomically_readable_only_by_the_user() {
        let dir = tempfile::tempdir().unwrap();
        let learner = learner_in(dir.path(), 0);
        let mut section = LrsSection::open(&learner);
        section.secret = "hunter2".into();
        assert!(section.save(&learner));
        assert!(section.secret.is_empty(), "the field is emptied once saved");
        assert!(section.secret_saved);
        let path = dir.path().join(SECRET_FILE);
        assert_eq!(read_secret(&path).unwrap().as_deref(), Some("hunter2"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
            // Rewriting keeps 0600 even over a file someone opened up.
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            write_secret(&path, "s2").unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        }
        assert_eq!(read_secret(&path).unwrap().as_deref(), Some("s2"));
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.contains(SECRET_FILE))
            .collect();
        assert_eq!(names, [SECRET_FILE]);
        assert!(LrsSection::open(&learner).secret_saved);
        assert!(!format!("{:?}", LrsSection::open(&learner)).contains("s2"));
        assert_eq!(read_secret(&dir.path().join("none")).unwrap(), None);
    }

    #[test]
    fn send_now_sends_the_learners_answers_once_with_progress() {
        let dir = tempfile::tempdir().unwrap();
        let learner = learner_in(dir.path(), 150);
        let (url, received) = fake_lrs();
        let mut section = LrsSection::open(&learner);
        section.settings.enabled = true;
        section.settings.endpoint = url;
        section.settings.key = "key".into();
        // A key without a secret is refused before anything is sent.
        assert!(!section.send_now(&learner, &[], Clock::Fixed(1), || {}));
        assert!(
            section
                .note
                .as_ref()
                .map(LrsNote::text)
                .unwrap()
                .contains("secret"),
            "{:?}",
            section.note
        );
        section.secret = "s".into();
        let wakes = Arc::new(AtomicUsize::new(0));
        let w = Arc::clone(&wakes);
        assert!(section.send_now(&learner, &[], Clock::Fixed(1), move || {
            w.fetch_add(1, Ordering::SeqCst);
        }));
        assert_eq!(wait(&mut section), "Sent 150 statements (0 already sent)");
        assert_eq!(received.load(Ordering::SeqCst), 150);
        assert_eq!(
            section.progress(),
            Some(Progress {
                sent: 150,
                total: 150
            })
        );
        // Woken for 0/150, after each of the 2 batches, and at the end.
        assert_eq!(wakes.load(Ordering::SeqCst), 4);
        // Again: the outbox says the LRS has them all.
        assert!(section.send_now(&learner, &[], Clock::Fixed(2), || {}));
        assert_eq!(wait(&mut section), "Sent 0 statements (150 already sent)");
        assert_eq!(received.load(Ordering::SeqCst), 150);
    }

    #[test]
    fn a_closed_port_gives_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let learner = learner_in(dir.path(), 1);
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut section = LrsSection::open(&learner);
        section.settings.enabled = true;
        section.settings.endpoint = format!("http://127.0.0.1:{port}/xapi");
        assert!(section.send_now(&learner, &[], Clock::Fixed(1), || {}));
        let outcome = wait(&mut section);
        assert!(
            outcome.starts_with("Cannot connect to the LRS at"),
            "{outcome}"
        );
        assert!(!outcome.contains('\n'));
        section.settings.endpoint = "lrs.example.org".into();
        assert!(!section.send_now(&learner, &[], Clock::Fixed(1), || {}));
        assert!(
            section
                .note
                .as_ref()
                .map(LrsNote::text)
                .unwrap()
                .contains("not an http(s) URL")
        );
        section.settings.endpoint = format!("http://127.0.0.1:{port}/xapi");
        section.settings.home_page = "example.org".into();
        assert!(!section.send_now(&learner, &[], Clock::Fixed(1), || {}));
        assert!(
            section
                .note
                .as_ref()
                .map(LrsNote::text)
                .unwrap()
                .contains("organisation's URL")
        );
    }
}
