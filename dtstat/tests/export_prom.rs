//! `--format prom`: the text exposition format, checked by a small parser, and the
//! atomic textfile write.

mod export_support;

use std::collections::{HashMap, HashSet};

use dtstat::filter::Filter;
use dtstat::prom::{encode, write_textfile};
use export_support::{peer, snapshot, AWKWARD_SET};

/// One sample line: metric name, labels (unescaped), value.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: Labels,
    value: f64,
}

fn is_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// Label pairs, unescaped.
type Labels = Vec<(String, String)>;

/// Parses `{a="x",b="y"}` (after the name) into unescaped pairs and the rest of the line.
fn parse_labels(text: &str) -> Result<(Labels, &str), String> {
    let Some(mut rest) = text.strip_prefix('{') else {
        return Ok((Vec::new(), text));
    };
    let mut labels = Vec::new();
    loop {
        if let Some(after) = rest.strip_prefix('}') {
            return Ok((labels, after));
        }
        let eq = rest.find("=\"").ok_or(format!("no =\" in {rest}"))?;
        let name = &rest[..eq];
        if !is_metric_name(name) {
            return Err(format!("bad label name {name:?}"));
        }
        let mut value = String::new();
        let mut chars = rest[eq + 2..].char_indices();
        let end = loop {
            match chars.next() {
                Some((_, '\\')) => match chars.next() {
                    Some((_, '\\')) => value.push('\\'),
                    Some((_, '"')) => value.push('"'),
                    Some((_, 'n')) => value.push('\n'),
                    other => return Err(format!("bad escape {other:?}")),
                },
                Some((i, '"')) => break eq + 2 + i + 1,
                Some((_, '\n')) | None => return Err("unterminated label value".into()),
                Some((_, c)) => value.push(c),
            }
        };
        labels.push((name.to_owned(), value));
        rest = &rest[end..];
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
}

/// Checks the exposition rules and returns the samples and each family's TYPE.
fn parse(text: &str) -> (Vec<Sample>, HashMap<String, String>) {
    let mut types = HashMap::new();
    let mut helped = HashSet::new();
    let mut samples = Vec::new();
    let mut series = HashSet::new();
    for line in text.lines() {
        if let Some(help) = line.strip_prefix("# HELP ") {
            let name = help.split(' ').next().unwrap_or_default();
            assert!(helped.insert(name.to_owned()), "second HELP for {name}");
        } else if let Some(kind) = line.strip_prefix("# TYPE ") {
            let mut words = kind.split(' ');
            let (name, kind) = (
                words.next().unwrap_or_default(),
                words.next().unwrap_or_default(),
            );
            assert!(["counter", "gauge"].contains(&kind), "{line}");
            assert!(helped.contains(name), "TYPE before HELP: {line}");
            assert!(
                types.insert(name.to_owned(), kind.to_owned()).is_none(),
                "second TYPE: {line}"
            );
        } else {
            let end = line.find(['{', ' ']).unwrap_or(line.len());
            let name = &line[..end];
            assert!(is_metric_name(name), "bad name in {line:?}");
            assert!(types.contains_key(name), "sample before its TYPE: {line}");
            let (labels, rest) =
                parse_labels(&line[end..]).unwrap_or_else(|e| panic!("{e}: {line}"));
            let value = rest
                .strip_prefix(' ')
                .unwrap_or_else(|| panic!("no value: {line}"));
            let value = match value {
                "+Inf" => f64::INFINITY,
                "-Inf" => f64::NEG_INFINITY,
                v => v.parse().unwrap_or_else(|e| panic!("{e}: {line}")),
            };
            assert!(
                series.insert(format!("{name}{labels:?}")),
                "duplicate series {line}"
            );
            samples.push(Sample {
                name: name.to_owned(),
                labels,
                value,
            });
        }
    }
    (samples, types)
}

fn encoded(filter: &Filter) -> String {
    let mut out = Vec::new();
    encode(&snapshot(3, 3), filter, &mut out).unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
}

fn value_of(samples: &[Sample], name: &str, label: Option<(&str, &str)>) -> Option<f64> {
    samples
        .iter()
        .find(|s| {
            s.name == name
                && label.is_none_or(|(k, v)| s.labels.iter().any(|(lk, lv)| lk == k && lv == v))
        })
        .map(|s| s.value)
}

#[test]
fn every_line_is_well_formed_with_types_before_samples() {
    let text = encoded(&Filter::default());
    let (samples, types) = parse(&text);
    assert!(samples.len() > 100);
    for (name, kind) in &types {
        assert!(name.starts_with("dtsuite_"), "{name}");
        assert_eq!(
            name.ends_with("_total"),
            kind == "counter",
            "{name} is a {kind}"
        );
    }
    assert_eq!(
        types
            .get("dtsuite_connection_tx_bytes_total")
            .map(String::as_str),
        Some("counter")
    );
    assert_eq!(
        types
            .get("dtsuite_connection_rep_queue_bytes")
            .map(String::as_str),
        Some("gauge")
    );
}

#[test]
fn values_are_in_base_units_with_connection_and_target_labels() {
    let (samples, _) = parse(&encoded(&Filter::default()));
    let set = Some(("replication_set", AWKWARD_SET));
    assert_eq!(
        value_of(&samples, "dtsuite_connection_tx_bytes_total", set),
        Some(14_952_690_269.0)
    );
    assert_eq!(
        value_of(&samples, "dtsuite_connection_mirror_ratio", set),
        Some(1.0)
    );
    assert_eq!(
        value_of(&samples, "dtsuite_connection_rpl_seconds", set),
        Some(3.0)
    );
    assert_eq!(
        value_of(&samples, "dtsuite_snapshot_timestamp_seconds", None),
        Some(1_289_393_288.204)
    );
    let first = samples
        .iter()
        .find(|s| s.name == "dtsuite_connection_state");
    let label_names: Vec<&str> = first.map_or(Vec::new(), |s| {
        s.labels.iter().map(|(k, _)| k.as_str()).collect()
    });
    assert_eq!(label_names, ["connection_id", "replication_set", "target"]);
    let peer = Some(("peer_address", "10.10.1.105"));
    assert_eq!(
        value_of(&samples, "dtsuite_target_ops_received_total", peer),
        Some(28.0)
    );
    assert_eq!(
        value_of(&samples, "dtsuite_connection_connect_time_seconds", set),
        Some(1_289_393_225.204)
    );
    assert_eq!(
        value_of(&samples, "dtsuite_connection_rpt_seconds", None),
        None,
        "absent time, no sample"
    );
}

#[test]
fn the_ip_filter_narrows_connections_and_targets() {
    let filter = Filter {
        ips: vec![peer(102), peer(105)],
        ..Filter::default()
    };
    let (samples, _) = parse(&encoded(&filter));
    let ids: HashSet<&str> = samples
        .iter()
        .flat_map(|s| s.labels.iter())
        .filter(|(k, _)| k == "connection_id" || k == "peer_address")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(ids, HashSet::from(["2", "10.10.1.105"]));
}

#[test]
fn the_textfile_is_replaced_atomically_and_no_temporary_file_is_left() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("dtsuite.prom");
    std::fs::write(&path, "old").unwrap_or_else(|e| panic!("{e}"));
    write_textfile(&snapshot(3, 3), &Filter::default(), &path).unwrap_or_else(|e| panic!("{e}"));
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(written, encoded(&Filter::default()));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(names, [std::ffi::OsString::from("dtsuite.prom")]);

    let missing = dir.path().join("no such dir").join("dtsuite.prom");
    let error = write_textfile(&snapshot(0, 1), &Filter::default(), &missing);
    let message = error.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("no such dir"), "{message}");
}
