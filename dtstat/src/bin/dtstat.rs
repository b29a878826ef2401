//! `dtstat`: the guide's DTStat.

fn main() {}
