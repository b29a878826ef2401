//! `dtengine`: the replication service, in the foreground.

fn main() {}
