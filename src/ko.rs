//! Korean particles (조사) chosen by the final consonant (받침) of the word before them.
//!
//! Messages are written once with a marker where the particle goes (`{name}을(를)`,
//! `{key}이(가)`, `{x}(으)로`); [`resolve`] replaces each marker with the form the word
//! before it takes, so a student reads `web-0이`, `frontend를`, `nginx:1.21로` instead of
//! the mechanical `web-0이(가)`. [`crate::manifest::diagnostic::Text::new`] resolves every
//! Korean text it is given, so every message, reason and hint goes through here.
//!
//! The word before a particle may be Hangul (its 받침 is exact), digits (read as Sino-Korean
//! numbers: 1 일, 3 삼, 10 십, 100 백) or Latin letters (read as Korean readers pronounce
//! the word: `Pod` 파드, `DaemonSet` 데몬셋, `Job` 잡, `web` 웹, `DNS` 디엔에스). Closing
//! quotes, brackets and backticks are skipped: `"web"을`, `` `spec`을 ``.

/// The end of a word as far as particles care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coda {
    /// Ends in a vowel: 를, 가, 는, 와, 로, 라.
    Vowel,
    /// Ends in ㄹ: a consonant, except that `(으)로` becomes 로.
    Rieul,
    /// Ends in any other consonant: 을, 이, 은, 과, 으로, 이라.
    Consonant,
}

/// One particle: the form after a consonant and the form after a vowel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Particle {
    pub after_consonant: &'static str,
    pub after_vowel: &'static str,
    /// `(으)로`: ㄹ takes the vowel form.
    pub rieul_as_vowel: bool,
}

const fn p(after_consonant: &'static str, after_vowel: &'static str) -> Particle {
    Particle {
        after_consonant,
        after_vowel,
        rieul_as_vowel: false,
    }
}

pub const EUL: Particle = p("을", "를");
pub const I: Particle = p("이", "가");
pub const EUN: Particle = p("은", "는");
pub const GWA: Particle = p("과", "와");
pub const IRA: Particle = p("이라", "라");
pub const INA: Particle = p("이나", "나");
pub const IMYEO: Particle = p("이며", "며");
pub const EURO: Particle = Particle {
    after_consonant: "으로",
    after_vowel: "로",
    rieul_as_vowel: true,
};

/// The markers [`resolve`] replaces, longest first so `(이)라` wins over nothing shorter.
pub const MARKERS: &[(&str, Particle)] = &[
    ("을(를)", EUL),
    ("를(을)", EUL),
    ("이(가)", I),
    ("가(이)", I),
    ("은(는)", EUN),
    ("는(은)", EUN),
    ("과(와)", GWA),
    ("와(과)", GWA),
    ("(으)로", EURO),
    ("(이)라", IRA),
    ("(이)나", INA),
    ("(이)며", IMYEO),
];

impl Particle {
    /// The form that follows a word with this coda.
    pub fn after(self, coda: Coda) -> &'static str {
        match coda {
            Coda::Vowel => self.after_vowel,
            Coda::Rieul if self.rieul_as_vowel => self.after_vowel,
            Coda::Rieul | Coda::Consonant => self.after_consonant,
        }
    }
}

/// `word` followed by the right form of `particle`: `attach("web-0", I)` is `web-0이`.
pub fn attach(word: &str, particle: Particle) -> String {
    format!("{word}{}", particle.after(coda(word)))
}

/// Replaces every particle marker in `text` by the form its preceding word takes.
pub fn resolve(text: &str) -> String {
    if !text.contains('(') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while let Some(c) = rest.chars().next() {
        for (marker, particle) in MARKERS {
            if let Some(after) = rest.strip_prefix(marker) {
                // A marker after a space or at the start has no word to agree with.
                if out.ends_with(|c: char| !c.is_whitespace()) {
                    let form = particle.after(coda(&out));
                    out.push_str(form);
                    rest = after;
                    continue 'scan;
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// How the last word of `text` ends. Text that ends in no letter or digit (after closing
/// quotes and brackets) is read as ending in a vowel.
pub fn coda(text: &str) -> Coda {
    let text = before_parenthesis(text);
    let trimmed = text.trim_end_matches(|c: char| !(c.is_alphanumeric()));
    let Some(last) = trimmed.chars().last() else {
        return Coda::Vowel;
    };
    if is_hangul_syllable(last) {
        return match (last as u32 - 0xAC00) % 28 {
            0 => Coda::Vowel,
            8 => Coda::Rieul,
            _ => Coda::Consonant,
        };
    }
    if last.is_ascii_digit() {
        return number_coda(trimmed);
    }
    if last.is_ascii_alphabetic() {
        let start = trimmed
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        return latin_coda(&trimmed[start..]);
    }
    Coda::Vowel
}

/// A particle after a parenthesis agrees with the word the parenthesis explains:
/// `리비전({n})을`, `c.run()을`, `셀렉터(-l)를`. A parenthesis that opens a phrase of its own
/// (after a space or at the start) is read for its content.
fn before_parenthesis(text: &str) -> &str {
    let trimmed = text.trim_end();
    if !trimmed.ends_with(')') {
        return text;
    }
    let mut depth = 0usize;
    for (i, c) in trimmed.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let before = &trimmed[..i];
                    return match before.chars().last() {
                        Some(b) if !b.is_whitespace() => before_parenthesis(before),
                        _ => text,
                    };
                }
            }
            _ => {}
        }
    }
    text
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Digits read as Sino-Korean numbers: the last non-zero digit's name, or the unit that
/// trailing zeros make (십, 백, 천, 만: all end in a consonant), or 영 for zero itself.
fn number_coda(digits: &str) -> Coda {
    match digits.chars().last() {
        Some('0') => Coda::Consonant,
        Some('1' | '7' | '8') => Coda::Rieul,
        Some('3' | '6') => Coda::Consonant,
        _ => Coda::Vowel,
    }
}

/// A Latin word as Korean readers say it. All capitals are spelled letter by letter (`DNS`
/// 디엔에스, `URL` 유알엘); other words by their ending: `-ng` ㅇ, `-l` ㄹ, `-m`/`-n`, and a
/// stop after a vowel (`Job` 잡, `DaemonSet` 데몬셋, `web` 웹, `spec` 스펙, `app` 앱) end in a
/// consonant; everything else (`Pod` 파드, `Deployment` 디플로이먼트, `server` 서버) in a vowel.
fn latin_coda(word: &str) -> Coda {
    let bytes = word.as_bytes();
    let Some(&last) = bytes.last() else {
        return Coda::Vowel;
    };
    // A word of capitals, or one that ends in an acronym (`clusterIP`, `podCIDR`), is
    // spelled letter by letter.
    let caps = bytes
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_uppercase())
        .count();
    if caps == bytes.len() || caps >= 2 {
        return match last {
            b'L' | b'R' => Coda::Rieul,
            b'M' | b'N' => Coda::Consonant,
            _ => Coda::Vowel,
        };
    }
    let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
    let is_vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
    let n = lower.len();
    let last = lower[n - 1];
    let prev = if n >= 2 { Some(lower[n - 2]) } else { None };
    let before_e = if n >= 3 { Some(lower[n - 3]) } else { None };
    match last {
        // A silent e: `name` 네임, `zone` 존, `volume` 볼륨, `schedule` 스케줄, but
        // `able` 에이블 and `node` 노드.
        b'e' if matches!(prev, Some(b'm' | b'n')) && before_e.is_some_and(is_vowel) => {
            Coda::Consonant
        }
        b'e' if prev == Some(b'l') && before_e.is_some_and(is_vowel) => Coda::Rieul,
        b'g' if prev == Some(b'n') => Coda::Consonant,
        b'l' => Coda::Rieul,
        b'm' | b'n' => Coda::Consonant,
        b'b' | b'c' | b'k' | b'p' | b't' => {
            let before_double = if prev == Some(last) && n >= 3 {
                Some(lower[n - 3])
            } else {
                prev
            };
            match before_double {
                Some(b) if is_vowel(b) => Coda::Consonant,
                _ => Coda::Vowel,
            }
        }
        _ => Coda::Vowel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codas_of_words_the_messages_use() {
        let cases: &[(&str, Coda)] = &[
            // Hangul: the 받침 itself.
            ("노드", Coda::Vowel),
            ("컨테이너", Coda::Vowel),
            ("셀렉터", Coda::Vowel),
            ("레이블", Coda::Rieul),
            ("템플릿", Coda::Consonant),
            ("리비전", Coda::Consonant),
            ("클러스터에 있는 것", Coda::Consonant),
            ("Pod 수", Coda::Vowel),
            // Latin words as the seeds read them.
            ("Pod", Coda::Vowel),
            ("pod/web-abc", Coda::Vowel),
            ("Deployment", Coda::Vowel),
            ("ReplicaSet", Coda::Consonant),
            ("DaemonSet", Coda::Consonant),
            ("StatefulSet", Coda::Consonant),
            ("Job", Coda::Consonant),
            ("CronJob", Coda::Consonant),
            ("statefulset/web", Coda::Consonant),
            ("myapp", Coda::Consonant),
            ("spec", Coda::Consonant),
            ("sync", Coda::Vowel),
            ("replicaset/frontend", Coda::Vowel),
            ("selector", Coda::Vowel),
            ("Running", Coda::Consonant),
            ("Pending", Coda::Consonant),
            ("Parallel", Coda::Rieul),
            ("parallelism", Coda::Consonant),
            ("nginx", Coda::Vowel),
            ("kube-proxy", Coda::Vowel),
            ("script", Coda::Vowel),
            ("true", Coda::Vowel),
            ("name", Coda::Consonant),
            ("timeZone", Coda::Consonant),
            ("volume", Coda::Consonant),
            ("NoSchedule", Coda::Rieul),
            ("maxUnavailable", Coda::Vowel),
            ("node", Coda::Vowel),
            ("Recreate", Coda::Vowel),
            ("spec.clusterIP", Coda::Vowel),
            ("podCIDR", Coda::Rieul),
            // Capitals are spelled.
            ("DNS", Coda::Vowel),
            ("URL", Coda::Rieul),
            ("PVC", Coda::Vowel),
            ("CPU", Coda::Vowel),
            ("OOM", Coda::Consonant),
            // Numbers in Sino-Korean.
            ("web-0", Coda::Consonant),
            ("리비전 1", Coda::Rieul),
            ("2", Coda::Vowel),
            ("3", Coda::Consonant),
            ("nginx:1.21", Coda::Rieul),
            ("10", Coda::Consonant),
            ("5", Coda::Vowel),
            ("6", Coda::Consonant),
            ("8", Coda::Rieul),
            ("9", Coda::Vowel),
            // Closing quotes and brackets are skipped.
            ("\"web\"", Coda::Consonant),
            ("`matchLabels`", Coda::Vowel),
            ("(리비전 3)", Coda::Consonant),
            ("리비전(2)", Coda::Consonant),
            ("셀렉터(-l)", Coda::Vowel),
            ("c.run()", Coda::Consonant),
            ("c.advance(\"30s\")", Coda::Vowel),
            ("파일(-f)", Coda::Rieul),
            ("replicaset/web(리비전 2)", Coda::Consonant),
            ("복제본 3개(0..2)", Coda::Vowel),
            ("))", Coda::Vowel),
            ("{app: web}", Coda::Consonant),
            ("", Coda::Vowel),
            ("---", Coda::Vowel),
        ];
        for (word, want) in cases {
            assert_eq!(coda(word), *want, "coda of {word:?}");
        }
    }

    #[test]
    fn particles_after_each_coda() {
        let cases: &[(&str, Particle, &str)] = &[
            ("web-0", I, "web-0이"),
            ("frontend", EUL, "frontend를"),
            ("statefulset/web", EUN, "statefulset/web은"),
            ("Pod", GWA, "Pod와"),
            ("ReplicaSet", GWA, "ReplicaSet과"),
            ("레이블", EURO, "레이블로"),
            ("nginx:1.21", EURO, "nginx:1.21로"),
            ("리비전 3", EURO, "리비전 3으로"),
            ("노드", EURO, "노드로"),
            ("web", IRA, "web이라"),
            ("nginx", IRA, "nginx라"),
            ("Pod", INA, "Pod나"),
            ("Job", IMYEO, "Job이며"),
        ];
        for (word, particle, want) in cases {
            assert_eq!(attach(word, *particle), *want);
        }
    }

    #[test]
    fn resolve_replaces_every_marker() {
        let cases: &[(&str, &str)] = &[
            (
                "pod/web-0이(가) 실패했으므로 pod/web-1을(를) 지웁니다",
                "pod/web-0이 실패했으므로 pod/web-1을 지웁니다",
            ),
            (
                "replicaset/frontend은(는) Pod와(과) 다릅니다",
                "replicaset/frontend는 Pod와 다릅니다",
            ),
            (
                "소유자를 statefulset/db(으)로 바꿉니다",
                "소유자를 statefulset/db로 바꿉니다",
            ),
            (
                "`apiVersion: apps/v1`을(를) 쓰세요",
                "`apiVersion: apps/v1`을 쓰세요",
            ),
            (
                "\"web\"을(를) 찾을 수 없습니다",
                "\"web\"을 찾을 수 없습니다",
            ),
            ("값 (으)로 시작", "값 (으)로 시작"),
            ("마커 없음 (괄호만)", "마커 없음 (괄호만)"),
            ("", ""),
        ];
        for (text, want) in cases {
            assert_eq!(resolve(text), *want, "resolve({text:?})");
        }
    }

    #[test]
    fn resolve_never_panics_on_odd_text() {
        for text in [
            "(",
            "을(를)",
            "(으)로",
            "é(으)로",
            "a\u{301}을(를)",
            "🙂이(가)",
        ] {
            let out = resolve(text);
            assert!(!out.is_empty());
        }
    }
}
