//! Which Information events say that a problem event is over (guide chapter 7).
//!
//! 5712 (connection and management communication both ok) ends 5708, 5710 and 5711;
//! 5714 (source license valid) ends 5713; 5717 (target up) ends 5716; 5718 (source up)
//! ends 5715.

/// (recovery event, the problems it ends).
const PAIRS: [(u32, &[u32]); 4] = [
    (5712, &[5708, 5710, 5711]),
    (5714, &[5713]),
    (5717, &[5716]),
    (5718, &[5715]),
];

/// The problems event `id` ends; empty if it is no recovery event.
pub fn problems_ended_by(id: u32) -> &'static [u32] {
    PAIRS
        .iter()
        .find(|(recovery, _)| *recovery == id)
        .map_or(&[], |(_, problems)| problems)
}

/// Whether `id` is a problem that a later recovery event ends (and so can still be present).
pub fn is_lasting_problem(id: u32) -> bool {
    PAIRS.iter().any(|(_, problems)| problems.contains(&id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_the_guides() {
        assert_eq!(problems_ended_by(5717), &[5716]);
        assert_eq!(problems_ended_by(5718), &[5715]);
        assert_eq!(problems_ended_by(5714), &[5713]);
        assert_eq!(problems_ended_by(5712), &[5708, 5710, 5711]);
        assert!(problems_ended_by(5716).is_empty());
        assert!(is_lasting_problem(5716) && is_lasting_problem(5711));
        assert!(!is_lasting_problem(5709) && !is_lasting_problem(5717));
    }
}
