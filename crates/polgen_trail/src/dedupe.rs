//! Counting an event once when it is delivered twice (overlapping trail copies, an organisation
//! trail beside an account trail): a set of the `eventID`s already counted, shared by the scan
//! threads and bounded.
//!
//! Why bounded and shared rather than per file: the copies of one event sit in different files
//! (two trails write two objects), so a per-file set would miss them; an unbounded set grows
//! with the events, which the scan must not. Only the events of the principal inside the window
//! are tracked, as 128-bit keys (a UUID parsed, any other id hashed), so `MAX_TRACKED` ids cost
//! at most about 40 MB. Past it, new ids are counted without the check (and the report says how
//! many): counts may then be high, the policy never changes, since a call seen twice grants
//! what a call seen once does.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many event ids are remembered.
pub const MAX_TRACKED: usize = 1_000_000;

/// Shards keep the threads from queueing on one lock.
const SHARDS: usize = 16;

/// What [`EventIds::first_sighting`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sighting {
    First,
    Duplicate,
    /// The set is full: not checked.
    Unchecked,
}

/// The set of event ids seen so far.
pub struct EventIds {
    shards: Vec<Mutex<HashSet<u128>>>,
    len: AtomicUsize,
    max: usize,
}

impl Default for EventIds {
    fn default() -> Self {
        EventIds::with_capacity(MAX_TRACKED)
    }
}

impl EventIds {
    pub fn with_capacity(max: usize) -> EventIds {
        EventIds {
            shards: (0..SHARDS).map(|_| Mutex::new(HashSet::new())).collect(),
            len: AtomicUsize::new(0),
            max,
        }
    }

    /// Records `id`; says whether it was seen before.
    pub fn first_sighting(&self, id: &str) -> Sighting {
        let key = key(id);
        let Some(shard) = self.shards.get((key as usize) % SHARDS) else {
            return Sighting::Unchecked;
        };
        // A poisoned lock only means another thread panicked: the set is still a set.
        let mut set = shard.lock().unwrap_or_else(|e| e.into_inner());
        if set.contains(&key) {
            return Sighting::Duplicate;
        }
        if self.len.load(Ordering::Relaxed) >= self.max {
            return Sighting::Unchecked;
        }
        set.insert(key);
        self.len.fetch_add(1, Ordering::Relaxed);
        Sighting::First
    }
}

/// 128 bits of `id`: the UUID itself when it is one (CloudTrail's are), else a hash. No
/// allocation: this runs for every matched event.
fn key(id: &str) -> u128 {
    if let Some(n) = uuid_bits(id) {
        return n;
    }
    let half = |salt: u8| {
        let mut h = DefaultHasher::new();
        salt.hash(&mut h);
        id.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

/// The 32 hex digits of `8-4-4-4-12` as a number.
fn uuid_bits(id: &str) -> Option<u128> {
    if id.len() != 36 {
        return None;
    }
    let mut n: u128 = 0;
    for (i, b) in id.bytes().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            if b != b'-' {
                return None;
            }
            continue;
        }
        let digit = char::from(b).to_digit(16)?;
        n = (n << 4) | u128::from(digit);
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_sighting_is_a_duplicate_and_the_set_is_bounded() {
        let ids = EventIds::with_capacity(2);
        let a = "3038ebd2-c98a-4c65-9b6e-e22506292313";
        assert_eq!(ids.first_sighting(a), Sighting::First);
        assert_eq!(ids.first_sighting(a), Sighting::Duplicate);
        assert_eq!(
            ids.first_sighting(&a.to_ascii_uppercase()),
            Sighting::Duplicate,
            "a UUID is a number"
        );
        assert_eq!(ids.first_sighting("not-a-uuid"), Sighting::First);
        assert_eq!(ids.first_sighting("not-a-uuid"), Sighting::Duplicate);
        assert_eq!(ids.first_sighting("third"), Sighting::Unchecked);
        assert_eq!(ids.first_sighting("third"), Sighting::Unchecked);
        assert_ne!(key("a"), key("b"));
        assert_eq!(uuid_bits("00000000-0000-0000-0000-00000000001f"), Some(31));
        assert_eq!(uuid_bits("00000000x0000-0000-0000-00000000001f"), None);
        assert_eq!(uuid_bits("0000000g-0000-0000-0000-000000000000"), None);
    }
}
