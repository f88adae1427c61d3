//! `results send` against a scripted fake LRS on loopback (a `TcpListener` in a thread): the
//! failures a real LRS rarely gives on demand. 5xx and dropped connections are retried and the
//! outbox records each statement once; 401/403 exit 2 and 400 exits 1, each with the LRS's own
//! message on one line and never the secret (docs/lrs.md, "Failures").

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use counterpoint::store::{DATA_DIR_ENV, Mode, NewAnswer, Store};
use serde_json::Value;

/// What the fake LRS does with one request.
#[derive(Clone, Debug)]
enum Reply {
    /// Answers with this status and body.
    Status(u16, &'static str),
    /// Reads the request and closes the connection without an answer.
    Drop,
    /// 200 with the ids of the posted statements, as an LRS acknowledges a batch.
    Ids,
}

/// One request the fake LRS received.
#[derive(Clone, Debug)]
struct Received {
    line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn statements(&self) -> Vec<Value> {
        serde_json::from_slice::<Value>(&self.body)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }
}

/// A fake LRS: the n-th request gets `script[n]`, later ones the script's last reply.
struct FakeLrs {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl FakeLrs {
    fn start(script: Vec<Reply>) -> Self {
        assert!(!script.is_empty());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/xAPI", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        // Blocks in accept until the test process ends.
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let Some(request) = read_request(&stream) else {
                    continue;
                };
                let n = {
                    let mut log = log.lock().unwrap();
                    log.push(request.clone());
                    log.len() - 1
                };
                let reply = script.get(n).unwrap_or(script.last().unwrap()).clone();
                answer(stream, &request, &reply);
            }
        });
        Self { url, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Reads one HTTP/1.1 request (a `Content-Length` or chunked body).
fn read_request(stream: &TcpStream) -> Option<Received> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (name, value) = h.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(length) = find("content-length") {
        body.resize(length.parse().ok()?, 0);
        reader.read_exact(&mut body).ok()?;
    } else if find("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
    Some(Received {
        line: line.trim_end().to_owned(),
        headers,
        body,
    })
}

fn answer(mut stream: TcpStream, request: &Received, reply: &Reply) {
    let (status, body) = match reply {
        Reply::Drop => return, // the stream closes here
        Reply::Status(status, body) => (*status, (*body).to_owned()),
        Reply::Ids => {
            let ids: Vec<Value> = request
                .statements()
                .iter()
                .map(|s| s["id"].clone())
                .collect();
            (200, Value::Array(ids).to_string())
        }
    };
    let head = format!(
        "HTTP/1.1 {status} Fake\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         X-Experience-API-Version: 1.0.3\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
    let _ = stream.flush();
}

/// A database in `dir` with learner Ada and `n` answers.
fn populate(dir: &Path, n: usize) {
    let store = Store::open_in(dir).unwrap();
    let ada = store.create_profile("Ada", 0).unwrap().id;
    let s = store
        .start_session(ada, Mode::Practice, 1_764_752_400_000)
        .unwrap();
    let answers: Vec<NewAnswer> = (0..n)
        .map(|i| NewAnswer {
            session: s,
            profile: ada,
            bank_id: "iskp".into(),
            bank_version: "1.0.0".into(),
            question_id: format!("q{i}"),
            topic: "t".into(),
            kind: "single".into(),
            response_json: r#"{"kind":"single","value":1}"#.into(),
            score: 1.0,
            time_taken_ms: 1_000,
            answered_ms: 1_764_752_400_000 + i64::try_from(i).unwrap() * 1_000,
        })
        .collect();
    store.import_answers(&answers).unwrap();
}

/// `results send --profile Ada` to `url`, credentials from `auth_file`.
fn send(data: &Path, url: &str, auth_file: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_counterpoint"))
        .args(["results", "send", "--lrs", url, "--profile", "Ada"])
        .arg("--auth-file")
        .arg(auth_file)
        .env(DATA_DIR_ENV, data)
        .env_remove("COUNTERPOINT_LRS_AUTH")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SECRET: &str = "s3cret-Never-Shown";

/// A data folder with `n` answers and an auth file `fake-key:SECRET`.
fn setup(n: usize) -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    populate(data.path(), n);
    std::fs::write(data.path().join("auth"), format!("fake-key:{SECRET}\n")).unwrap();
    data
}

#[test]
fn lrs_fake_5xx_and_a_dropped_connection_are_retried_and_recorded_once() {
    let data = setup(150);
    let auth = data.path().join("auth");
    // Batch 1: 500, then the connection drops, then it is stored; batch 2: 503, then stored.
    let lrs = FakeLrs::start(vec![
        Reply::Status(500, r#"{"message":"database busy"}"#),
        Reply::Drop,
        Reply::Ids,
        Reply::Status(503, "Service Unavailable"),
        Reply::Ids,
    ]);
    let (code, out, err) = send(data.path(), &lrs.url, &auth);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sent 150 statements"), "{out}");
    let received = lrs.received();
    assert_eq!(received.len(), 5, "two batches, three retries");
    for r in &received {
        assert_eq!(r.line, "POST /xAPI/statements HTTP/1.1");
        assert_eq!(r.header("X-Experience-API-Version"), Some("1.0.3"));
        assert!(r.header("Authorization").unwrap().starts_with("Basic "));
    }
    // A retried batch is the same batch.
    assert_eq!(received[0].body, received[2].body);
    assert_eq!(received[1].body, received[2].body);
    assert_eq!(received[3].body, received[4].body);
    assert_eq!(received[2].statements().len(), 100);
    assert_eq!(received[4].statements().len(), 50);

    // The outbox holds each acknowledged id once: the 150 the LRS stored.
    let stored: Vec<String> = [&received[2], &received[4]]
        .iter()
        .flat_map(|r| r.statements())
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let store = Store::open_in(data.path()).unwrap();
    let mut acked: Vec<String> = store
        .acknowledged(&format!("{}/statements", lrs.url))
        .unwrap()
        .into_iter()
        .collect();
    acked.sort();
    let mut expected = stored.clone();
    expected.sort();
    expected.dedup();
    assert_eq!(expected.len(), 150);
    assert_eq!(acked, expected);

    // Again: nothing to send, no request.
    let (code, out, err) = send(data.path(), &lrs.url, &auth);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("sent 0 statements") && out.contains("150 sent before"),
        "{out}"
    );
    assert_eq!(lrs.received().len(), 5);
}

/// Sends to a fake LRS that answers every request with `status` and `body`; returns the exit
/// code, stdout, stderr and how many requests arrived.
fn refused(status: u16, body: &'static str) -> (i32, String, String, usize) {
    let data = setup(3);
    let lrs = FakeLrs::start(vec![Reply::Status(status, body)]);
    let (code, out, err) = send(data.path(), &lrs.url, &data.path().join("auth"));
    for text in [&out, &err] {
        assert!(!text.contains(SECRET), "the secret was printed: {text}");
        assert!(!text.contains("fake-key:"), "{text}");
        // Nor in the Basic header's form (base64 of "fake-key:SECRET").
        assert!(!text.contains("ZmFrZS1rZXk6"), "{text}");
    }
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    // Nothing was acknowledged.
    let store = Store::open_in(data.path()).unwrap();
    assert!(
        store
            .acknowledged(&format!("{}/statements", lrs.url))
            .unwrap()
            .is_empty()
    );
    (code, out, err, lrs.received().len())
}

#[test]
fn lrs_fake_401_and_403_exit_2_with_the_lrs_message_and_never_the_secret() {
    let (code, _, err, requests) =
        refused(401, r#"{"message":"Unauthorised: unknown client key"}"#);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("refused the request (HTTP 401)"), "{err}");
    assert!(err.contains("Unauthorised: unknown client key"), "{err}");
    assert_eq!(requests, 1, "credentials are not retried");

    let (code, _, err, requests) = refused(
        403,
        r#"{"errorId":"e1","message":"Forbidden: this client may not write statements"}"#,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("(HTTP 403)"), "{err}");
    assert!(
        err.contains("Forbidden: this client may not write statements"),
        "{err}"
    );
    assert_eq!(requests, 1);
}

#[test]
fn lrs_fake_400_exits_1_with_the_lrs_warnings() {
    let (code, _, err, requests) = refused(
        400,
        r#"{"errorId":"e2","warnings":["Problem in 'statements.0.timestamp'","Unknown keys (x) set in 'statements.0'"]}"#,
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("(HTTP 400)"), "{err}");
    assert!(
        err.contains("Problem in 'statements.0.timestamp'; Unknown keys (x) set in 'statements.0'"),
        "{err}"
    );
    assert_eq!(requests, 1, "a refused statement is not retried");
}
