//! `dtctl`: the engine's command-line client over the management port.

fn main() {}
