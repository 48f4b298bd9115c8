//! LRS benchmark (`cargo bench -p rapport-core --bench lrs`): 1 000 practice results (about
//! 12 000 statements) queued in a data folder's outbox, then sent to the local Learning Locker
//! statement service (`scripts/setup` installs it) in batches of 100; prints statements per
//! second for queueing and for sending, and checks the LRS holds every statement once.
//! `-- --quick` sends 100 results.

use std::path::Path;
use std::time::Instant;

use rapport_core::authoring::pack;
use rapport_core::engine::calibrate::{Player, play};
use rapport_core::engine::record::{Mode, ResultRecord, Timestamp};
use rapport_core::engine::scenario::Style;
use rapport_core::store::outbox::count;
use rapport_core::store::results::save;
use rapport_core::xapi::local::LocalLrs;
use rapport_core::xapi::lrs::{Lrs, Query};
use rapport_core::xapi::sync::drain;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let results = if quick { 100 } else { 1_000 };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let lrs = LocalLrs::start(&repo, "bench", "bench").unwrap_or_else(|e| panic!("{e}"));
    let data = tempfile::tempdir().expect("data folder");
    let pack = pack::playable(&[]);
    let players = [
        Player::Random,
        Player::Stylist(Style::Erudite),
        Player::Stylist(Style::Executive),
        Player::Stylist(Style::Melancholic),
        Player::Positional(1),
    ];

    let queueing = Instant::now();
    for n in 0..results {
        let p = &pack[n % pack.len()];
        let player = players[n % players.len()];
        let c = play(&p.scenario, n as u64, player).expect("a played conversation");
        let at = Timestamp(1_795_772_000 + n as i64);
        let record = ResultRecord::new(
            &c,
            Mode::Practice,
            &format!("Trainee {}", n % 50),
            p.hash.clone(),
            (at, at),
        );
        save(data.path(), &record, &pack).expect("saved and queued");
    }
    let queued_in = queueing.elapsed();
    let statements = count(data.path()).expect("outbox").waiting;

    let sending = Instant::now();
    let client = Lrs::new(lrs.config.clone());
    let sent = drain(data.path(), &pack, &client, 100, |_, _| {}).expect("every batch stored");
    let sent_in = sending.elapsed();
    let stored = client.fetch(&Query::default()).expect("fetch").len();

    println!("results: {results}, statements: {statements}");
    println!(
        "queue (play, save, build, append + fsync): {:.2} s, {:.0} statements/s",
        queued_in.as_secs_f64(),
        statements as f64 / queued_in.as_secs_f64()
    );
    println!(
        "send to the local LRS (batches of 100): {:.2} s, {:.0} statements/s",
        sent_in.as_secs_f64(),
        sent as f64 / sent_in.as_secs_f64()
    );
    assert_eq!(sent, statements, "every queued statement sent");
    assert_eq!(stored, statements, "the LRS holds each statement once");
}
