//! Counts spelled in decimal into a fixed-size cell, left-aligned after the comma that
//! separates them from the cell before, so that appending one is a fixed-size copy and a
//! cut rather than a copy of variable length (a library call per cell, the bulk of an
//! export's cells being counts).

/// The most digits a `u64` has.
pub(crate) const MAX_DIGITS: usize = 20;

/// "00" to "99", two digits per entry.
const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// 10⁰ to 10¹⁹.
const POWERS: [u64; MAX_DIGITS] = {
    let mut powers = [1u64; MAX_DIGITS];
    let mut i = 1;
    while i < MAX_DIGITS {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// How many decimal digits `n` has: estimated from its bit length (log10 2 ≈ 1233/4096),
/// then corrected by one comparison.
#[inline(always)]
fn digits(n: u64) -> usize {
    // 0 spells as one digit, as 1 does (and `n | 1` crosses no power of ten above 1).
    let n = n | 1;
    let bits = 64 - n.leading_zeros();
    let estimate = ((bits * 1233) >> 12) as usize;
    estimate + usize::from(n >= POWERS[estimate])
}

/// Spells `n` in decimal into all of `cell`, which is exactly as long as `n` has digits.
///
/// The digits are written straight into the output (not into a local array copied out
/// afterwards: reading back a cell just written in pieces stalls on store forwarding).
#[inline]
fn spell(cell: &mut [u8], mut n: u64) {
    let mut end = cell.len();
    while n >= 10_000 {
        let four = (n % 10_000) as usize;
        n /= 10_000;
        end -= 4;
        let (high, low) = (four / 100 * 2, four % 100 * 2);
        cell[end..end + 2].copy_from_slice(&PAIRS[high..high + 2]);
        cell[end + 2..end + 4].copy_from_slice(&PAIRS[low..low + 2]);
    }
    // Below 10 000: up to four digits left.
    let mut n = n as usize;
    if n >= 100 {
        let low = n % 100 * 2;
        n /= 100;
        end -= 2;
        cell[end..end + 2].copy_from_slice(&PAIRS[low..low + 2]);
    }
    if n >= 10 {
        cell[end - 2..end].copy_from_slice(&PAIRS[n * 2..n * 2 + 2]);
    } else {
        cell[end - 1] = b'0' + n as u8;
    }
}

/// Appends `n` in decimal after `lead` (a comma, or nothing when `LEAD` is 0): room for
/// the longest cell is added at once (a fixed-size fill), the digits are spelled in place,
/// then `out` is cut back to the cell's length.
#[inline(always)]
fn push_spelled<const LEAD: usize>(out: &mut Vec<u8>, n: u64) {
    let start = out.len();
    let end = start + LEAD + digits(n);
    out.extend_from_slice(&[b','; 21][..LEAD + MAX_DIGITS]);
    out.truncate(end);
    spell(&mut out[start + LEAD..end], n);
}

/// Appends `n` in decimal.
#[inline]
pub(crate) fn push_count(out: &mut Vec<u8>, n: u64) {
    if n < 10 {
        // Zeros and small states: most of a quiet connection's cells.
        out.push(b'0' + n as u8);
        return;
    }
    push_spelled::<0>(out, n);
}

/// Appends a comma, then `n` in decimal.
#[inline(always)]
pub(crate) fn push_comma_count(out: &mut Vec<u8>, n: u64) {
    if n < 10 {
        out.extend_from_slice(&[b',', b'0' + n as u8]);
        return;
    }
    push_spelled::<1>(out, n);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spelled(n: u64) -> String {
        let mut out = b"x".to_vec();
        push_count(&mut out, n);
        let mut after_comma = b"x".to_vec();
        push_comma_count(&mut after_comma, n);
        assert_eq!(after_comma[1], b',');
        assert_eq!(after_comma[2..], out[1..]);
        String::from_utf8_lossy(&out[1..]).into_owned()
    }

    #[test]
    fn digit_counts() {
        for (i, power) in POWERS.iter().enumerate() {
            assert_eq!(digits(*power), i + 1);
            assert_eq!(digits(power - 1), i.max(1));
        }
        assert_eq!(digits(u64::MAX), MAX_DIGITS);
    }

    #[test]
    fn every_length_and_the_edges() {
        let mut n = 1u64;
        for _ in 0..19 {
            for m in [n - 1, n, n + 1, 2 * n - 1, 9 * n, 10 * n - 1] {
                assert_eq!(spelled(m), m.to_string());
            }
            n *= 10;
        }
        assert_eq!(spelled(u64::MAX), u64::MAX.to_string());
        assert_eq!(spelled(0), "0");
    }

    proptest! {
        #[test]
        fn counts_spell_as_display_does(n in any::<u64>(), shift in 0u32..64) {
            prop_assert_eq!(spelled(n), n.to_string());
            prop_assert_eq!(spelled(n >> shift), (n >> shift).to_string());
        }
    }
}
