//! `dtctl job` against a stand-in engine: the request on the wire and what is printed.

#[path = "../src/bin/dtctl/fields.rs"]
mod fields;
#[path = "../src/bin/dtctl/job.rs"]
mod job;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread::JoinHandle;
use std::time::Duration;

use engine::mgmt::client::Client;

use job::Cmd;

const ID: &str = "6d2bfb9d-6a93-4eb4-8530-ca317cc7fcf9";

/// Answers one request with `answer` and hands back the request line it got.
fn engine_answering(answer: String) -> (String, JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let thread = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut line = String::new();
        BufReader::new(&stream).read_line(&mut line).unwrap();
        stream.write_all(answer.as_bytes()).unwrap();
        line
    });
    (addr, thread)
}

fn job_json(state: &str) -> serde_json::Value {
    serde_json::json!({
        "id": ID, "name": "web", "repset": "FilesAndFolders", "source": "alpha:1501",
        "target": "beta:1501", "target_path": "/data/web", "state": state,
        "target_data_state": "Mirror Required", "created": "2017-06-22T14:42:55Z"
    })
}

fn run(
    cmd: Cmd,
    json: bool,
    answer: serde_json::Value,
) -> (anyhow::Result<String>, serde_json::Value) {
    let (addr, engine) = engine_answering(format!("{answer}\n"));
    let mut client = Client::connect(&addr, Duration::from_secs(5)).unwrap();
    let mut out = Vec::new();
    let result = job::run_to(&mut client, &cmd, json, &mut out);
    let request = serde_json::from_str(&engine.join().unwrap()).unwrap();
    (result.map(|()| String::from_utf8(out).unwrap()), request)
}

#[test]
fn start_sends_the_job_request_and_prints_the_new_state() {
    let (printed, request) = run(
        Cmd::Start { id: ID.into() },
        false,
        serde_json::json!({"ok": job_json("Protecting")}),
    );
    assert_eq!(
        request,
        serde_json::json!({"area": "job", "request": {"start": {"id": ID}}})
    );
    assert_eq!(
        printed.unwrap(),
        format!("Started job web ({ID}): Protecting, target data Mirror Required\n")
    );
}

#[test]
fn list_with_json_prints_the_answer_pretty() {
    let jobs = serde_json::json!([job_json("Stopped")]);
    let (printed, request) = run(Cmd::List, true, serde_json::json!({"ok": jobs}));
    assert_eq!(
        request,
        serde_json::json!({"area": "job", "request": "list"})
    );
    let printed = printed.unwrap();
    assert!(printed.contains("\n  {\n"), "{printed}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&printed).unwrap(),
        jobs
    );
}

#[test]
fn an_engine_error_comes_back_with_its_code() {
    let answer = serde_json::json!({"error": {"code": 123, "message": "Job does not exist",
        "detail": format!("no job {ID}")}});
    let (printed, _) = run(Cmd::Show { id: ID.into() }, false, answer);
    let err = printed.unwrap_err();
    let err = err.downcast_ref::<engine::EngineError>().unwrap();
    assert_eq!(err.code, 123);
    assert_eq!(
        err.to_string(),
        format!("error 123: Job does not exist: no job {ID}")
    );
}

#[test]
fn run_prints_to_stdout() {
    let (addr, engine) = engine_answering(format!("{}\n", serde_json::json!({"ok": []})));
    let mut client = Client::connect(&addr, Duration::from_secs(5)).unwrap();
    job::run(&mut client, Cmd::List, false).unwrap();
    assert!(engine.join().unwrap().contains("\"list\""));
}
