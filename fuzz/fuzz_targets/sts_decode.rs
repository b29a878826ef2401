#![no_main]
//! Arbitrary bytes through both `.sts` decoders: neither may panic, and they must agree
//! on the header verdict, the snapshots and the problems (with offsets); so must the
//! streaming decoder decoding over one reused snapshot.
//! Snapshots are compared through `Debug` because a decoded float may be NaN.

use std::io::{self, Read};

use libfuzzer_sys::fuzz_target;
use logparse::sts::{decode_all, Decoded, Snapshot, StsError, StsReader};

/// Hands out at most `chunk` bytes per read, so records straddle buffer refills.
#[derive(Debug)]
struct Chunked<'a> {
    data: &'a [u8],
    chunk: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.chunk.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let chunk = 1 + data.len() % 61;
    let sliced = decode_all(data);
    let streamed = StsReader::new(Chunked { data, chunk });
    match (sliced, streamed) {
        (Ok(decoded), Ok(reader)) => {
            let mut snapshots = decoded.snapshots.iter().map(|(_, s)| format!("{s:?}"));
            let mut problems = decoded.problems.iter();
            for item in reader {
                match item {
                    Ok(snapshot) => assert_eq!(Some(format!("{snapshot:?}")), snapshots.next()),
                    Err(problem) => assert_eq!(Some(&problem), problems.next()),
                }
            }
            assert_eq!(snapshots.next(), None);
            assert_eq!(problems.next(), None);
            decodes_alike_over_one_snapshot(data, chunk, &decoded);
        }
        (Err(slice_error), Err(StsError::Header(stream_error))) => {
            assert_eq!(slice_error, stream_error)
        }
        (sliced, streamed) => panic!("decoders disagree: {sliced:?} vs {streamed:?}"),
    }
});

/// `next_into` over one reused snapshot gives what `decode_all` gives.
fn decodes_alike_over_one_snapshot(data: &[u8], chunk: usize, decoded: &Decoded) {
    let Ok(mut reader) = StsReader::new(Chunked { data, chunk }) else {
        panic!("the header was accepted once already");
    };
    let mut snapshots = decoded.snapshots.iter().map(|(_, s)| format!("{s:?}"));
    let mut problems = decoded.problems.iter();
    let mut reused = Snapshot::default();
    while let Some(item) = reader.next_into(&mut reused) {
        match item {
            Ok(()) => assert_eq!(Some(format!("{reused:?}")), snapshots.next()),
            Err(problem) => assert_eq!(Some(&problem), problems.next()),
        }
    }
    assert_eq!(snapshots.next(), None);
    assert_eq!(problems.next(), None);
}
