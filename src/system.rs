//! What the fronts read from the machine and hand to the core: the wall clock and fresh seeds.

use std::time::{SystemTime, UNIX_EPOCH};

use rapport_core::engine::record::Timestamp;

/// The wall-clock time now.
pub fn now() -> Timestamp {
    Timestamp::from_unix(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default(),
    )
}

/// A seed nobody chose: the operating system's randomness, or the clock's nanoseconds mixed
/// when it has none to give.
pub fn fresh_seed() -> u64 {
    getrandom::u64().unwrap_or_else(|_| {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        // splitmix64 finaliser, so close clocks give distant seeds.
        let mut z = nanos.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    })
}
