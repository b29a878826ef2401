//! GetBulk (RFC 3416 §4.2.3) over a [`MibView`].

use super::view::{MibView, NextAnswer};
use crate::oid::Oid;

/// The most variable bindings one GetBulk answer holds, whatever max-repetitions asks.
pub const MAX_BULK_VARBINDS: usize = 4096;

impl MibView {
    /// GetBulk: one GetNext for each of the first `non_repeaters` OIDs, then up to
    /// `max_repetitions` rounds of GetNext for each remaining OID, each continuing from
    /// its previous answer; answers in the order RFC 3416 gives them.
    ///
    /// Stops early once every repeater is at endOfMibView (more rounds would only
    /// repeat it) or when [`MAX_BULK_VARBINDS`] answers are reached.
    pub fn bulk(
        &self,
        non_repeaters: usize,
        max_repetitions: usize,
        oids: &[Oid],
    ) -> Vec<NextAnswer> {
        let split = non_repeaters.min(oids.len());
        let (singles, repeaters) = oids.split_at(split);
        let mut answers: Vec<NextAnswer> = singles
            .iter()
            .take(MAX_BULK_VARBINDS)
            .map(|oid| self.search(oid, false, None))
            .collect();
        let mut cursors: Vec<Oid> = repeaters.to_vec();
        for _ in 0..max_repetitions {
            if cursors.is_empty() || answers.len() + cursors.len() > MAX_BULK_VARBINDS {
                break;
            }
            let mut all_ended = true;
            for cursor in &mut cursors {
                let answer = self.search(cursor, false, None);
                if let NextAnswer::Value(oid, _) = &answer {
                    *cursor = oid.clone();
                    all_ended = false;
                }
                answers.push(answer);
            }
            if all_ended {
                break;
            }
        }
        answers
    }
}
