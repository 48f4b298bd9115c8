//! What the fronts read from the machine and hand to the core: the wall clock, fresh seeds
//! and the LRS named by the environment.

use std::time::{SystemTime, UNIX_EPOCH};

use rapport_core::engine::record::Timestamp;

/// The LRS as `RAPPORT_LRS_URL`, `RAPPORT_LRS_USER` and `RAPPORT_LRS_PASSWORD` name it.
pub fn lrs_from_environment() -> rapport_core::xapi::lrs::LrsLayer {
    let env = |name: &str| std::env::var(name).ok();
    rapport_core::xapi::lrs::LrsLayer {
        url: env("RAPPORT_LRS_URL"),
        user: env("RAPPORT_LRS_USER"),
        password: env("RAPPORT_LRS_PASSWORD"),
    }
}

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

/// A moment in the machine's own time zone, as `2026-11-30 14:05` (minutes are enough to tell
/// results apart on screen; files keep the exact UTC second). UTC when the zone is unknown.
pub fn local_time(at: Timestamp) -> String {
    local_with(
        at,
        &jiff::tz::TimeZone::try_system().unwrap_or(jiff::tz::TimeZone::UTC),
    )
}

/// The date alone, in the machine's time zone.
pub fn local_date(at: Timestamp) -> String {
    local_time(at).chars().take(10).collect()
}

fn local_with(at: Timestamp, zone: &jiff::tz::TimeZone) -> String {
    match jiff::Timestamp::from_second(at.0) {
        Ok(moment) => moment
            .to_zoned(zone.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => at.display(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_time_follows_the_zone_including_summer_time() {
        let winter = Timestamp(1_795_074_400); // 2026-11-19 07:46:40 UTC
        let summer = Timestamp(1_782_000_000); // 2026-06-21 00:00:00 UTC
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(local_with(winter, &utc), "2026-11-19 07:46");
        let moscow = jiff::tz::TimeZone::get("Europe/Moscow").expect("bundled zone data");
        assert_eq!(local_with(winter, &moscow), "2026-11-19 10:46");
        let london = jiff::tz::TimeZone::get("Europe/London").expect("bundled zone data");
        assert_eq!(local_with(summer, &london), "2026-06-21 01:00");
        assert_eq!(local_with(winter, &london), "2026-11-19 07:46");
    }
}
