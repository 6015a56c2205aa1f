//! The simulator's seeded random numbers and generated names, so that the same inputs and
//! seed always give the same pod names and the same trace.

/// SplitMix64: tiny, fast, and good enough for names and failure draws.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

/// The alphabet of generated name suffixes: no vowels, no confusable characters.
/// Mirrors `alphanums` in k8s.io/apimachinery/pkg/util/rand/rand.go.
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// The length of a generateName suffix (names.SimpleNameGenerator in apiserver's
/// pkg/storage/names/generate.go uses 5).
const SUFFIX_LEN: usize = 5;

/// Generated names are cut so the whole fits in 63 characters (maxGeneratedNameLength).
const MAX_GENERATED_NAME_LENGTH: usize = 63 - SUFFIX_LEN;

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// A uniform float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `generateName` + a random suffix, as the API server names objects.
    pub fn generate_name(&mut self, base: &str) -> String {
        let mut name: String = base.chars().take(MAX_GENERATED_NAME_LENGTH).collect();
        for _ in 0..SUFFIX_LEN {
            let i = self.below(ALPHANUMS.len() as u64) as usize;
            name.push(char::from(ALPHANUMS[i]));
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_deterministic_per_seed() {
        let names = |seed| {
            let mut r = Rng::new(seed);
            (0..5).map(|_| r.generate_name("web-")).collect::<Vec<_>>()
        };
        assert_eq!(names(1), names(1));
        assert_ne!(names(1), names(2));
        for n in names(7) {
            assert_eq!(n.len(), 9);
            assert!(n[4..].bytes().all(|b| ALPHANUMS.contains(&b)), "{n}");
        }
    }

    #[test]
    fn long_bases_are_cut_to_fit() {
        let mut r = Rng::new(0);
        let n = r.generate_name(&"a".repeat(100));
        assert_eq!(n.len(), 63);
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Rng::new(3);
        assert!((0..1000).all(|_| r.below(7) < 7));
        assert_eq!(r.below(0), 0);
        assert!((0..1000).all(|_| (0.0..1.0).contains(&r.unit())));
    }
}
