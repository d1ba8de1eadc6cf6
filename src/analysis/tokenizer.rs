//! The Vietnamese tokenizer: syllables out of raw text, in an exact and a
//! folded form, with offsets into the original text.
//!
//! Steps for each word (UAX #29 word boundaries, which keep combining marks
//! with their letter, so NFD text is not split apart; white space always
//! separates words, even where UAX #29 keeps it in a segment):
//! 1. numbers stay whole: `2,91` and `5.210` already are one word for UAX #29;
//!    words joined by `/`, `-`, `–` or `:` where a digit touches the joiner
//!    are merged (`28/12/2020`, `2016-2020`, `COVID-19`, `8:30`);
//! 2. NFC, lower case;
//! 3. one canonical tone placement ([`super::syllable`]);
//! 4. for [`Form::Folded`], tones and vowel marks removed, `đ` to `d`.
//!
//! The stream owns one [`Token`] and a scratch buffer and reuses both: no
//! allocation per token once they have grown. ASCII words, and words of
//! precomposed Vietnamese letters, take fast paths that skip normalization.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

use super::letters::fold_char;
use super::spelling::canonicalize_i_y;
use super::syllable::canonicalize_tone;

/// Tokens longer than this many bytes are dropped: they are not words
/// (base64, hashes, runs of one letter) and would only bloat the index.
pub const MAX_TOKEN_BYTES: usize = 80;

/// Words longer than this many bytes are dropped before any work. NFC
/// shrinks a word at most 3 times over (UAX #15) and lower case at most 1.5
/// times, so no longer word can give a token of [`MAX_TOKEN_BYTES`]; the
/// check keeps a megabyte "word" from being normalized just to be dropped.
const MAX_WORD_BYTES: usize = 8 * MAX_TOKEN_BYTES;

/// Which form of each syllable a stream emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Accents kept, in canonical NFC spelling: `tăng`, `hoà`, `đồng`.
    Exact,
    /// Every tone and vowel mark removed, `đ` to `d`: `tang`, `hoa`, `dong`.
    Folded,
}

/// A tantivy [`Tokenizer`] for Vietnamese text; see the module docs.
#[derive(Debug, Clone)]
pub struct VietnameseTokenizer {
    form: Form,
    token: Token,
    scratch: String,
}

impl VietnameseTokenizer {
    /// A tokenizer that emits `form`.
    pub fn new(form: Form) -> Self {
        VietnameseTokenizer {
            form,
            token: Token::default(),
            scratch: String::new(),
        }
    }
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = SyllableStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SyllableStream<'a> {
        self.token.reset();
        SyllableStream {
            text,
            segments: Segments::new(text),
            pending: None,
            simple_runs: true,
            simple: false,
            form: self.form,
            token: &mut self.token,
            scratch: &mut self.scratch,
        }
    }
}

/// The stream of syllables of one text. Also usable directly (outside
/// tantivy) through [`TokenStream::advance`] and [`TokenStream::token`].
pub struct SyllableStream<'a> {
    text: &'a str,
    segments: Segments<'a>,
    /// A segment read ahead while looking for a number joiner.
    pending: Option<(usize, &'a str)>,
    /// Whether [`Segments::simple_word`] is tried (tests compare both ways).
    simple_runs: bool,
    /// Whether the last word came from a simple run: ASCII and precomposed
    /// letters only.
    simple: bool,
    form: Form,
    token: &'a mut Token,
    scratch: &'a mut String,
}

/// UAX #29 word-boundary segments of each white-space-free run of a text.
///
/// UAX #29 alone keeps white space inside a segment in two cases: combining
/// marks after a space (` \u{363}`) and U+202F NARROW NO-BREAK SPACE, which
/// joins letters and digits (`5\u{202f}210`). Cutting the text at white
/// space first means a token never holds white space, and a word is split
/// the same way in a passage as in a query, where the parser cuts at white
/// space too.
///
/// A run made only of ASCII, precomposed Vietnamese letters and common
/// punctuation (nearly every run of a Vietnamese text in NFC) is split by
/// [`fast_split`], which applies the UAX #29 rules for just those
/// characters; any other run goes through `unicode-segmentation`. A
/// property test checks that both give the same segments.
struct Segments<'a> {
    text: &'a str,
    /// Byte range of the current run in `text`.
    run: (usize, usize),
    /// Where the current run is split.
    split: RunSplit<'a>,
}

enum RunSplit<'a> {
    /// [`fast_split`] from this byte offset of the run.
    Fast(usize),
    /// The general UAX #29 segmenter.
    Uax(UWordBoundIndices<'a>),
}

impl<'a> Segments<'a> {
    fn new(text: &'a str) -> Self {
        Segments {
            text,
            run: (0, 0),
            split: RunSplit::Fast(0),
        }
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        loop {
            let run = &self.text[self.run.0..self.run.1];
            let next = match &mut self.split {
                RunSplit::Fast(at) => fast_split(run, at),
                RunSplit::Uax(words) => words.next(),
            };
            if let Some((i, segment)) = next {
                return Some((self.run.0 + i, segment));
            }
            let run = self.scan_run(self.run.1)?;
            self.enter(&run);
        }
    }
}

/// What one pass over a run (a stretch without white space) finds.
struct Run {
    /// Byte range in the text.
    start: usize,
    end: usize,
    /// Every char has a [`Class`] `fast_split` knows.
    known: bool,
    /// The run is simple (see [`Segments::simple_word`]).
    simple: bool,
    /// For a simple run, the byte range of its letters, if it has any.
    letters: Option<(usize, usize)>,
}

impl Segments<'_> {
    /// The fast path of [`SyllableStream::next_word`] for the commonest
    /// run of a Vietnamese text: letters only (ASCII or precomposed),
    /// perhaps with punctuation before or after (`“Việt`, `đồng,`,
    /// `(tăng)`), but no digit, `_` or second word. Such a run holds one
    /// word, its letters, and no joiner can merge it with another (white
    /// space ends the run). When the current run is used up and the next
    /// one is such a run, gives the byte range of its word and uses the
    /// run up; otherwise leaves the next run to the general path (already
    /// found, so it is not scanned twice) and gives `None`.
    #[inline]
    fn simple_word(&mut self) -> Option<(usize, usize)> {
        let RunSplit::Fast(at) = self.split else {
            return None;
        };
        if self.run.0 + at < self.run.1 {
            return None;
        }
        loop {
            let run = self.scan_run(self.run.1)?;
            if !run.simple {
                self.enter(&run);
                return None;
            }
            // Used up at once: its one word is given here.
            self.run = (run.start, run.end);
            self.split = RunSplit::Fast(run.end - run.start);
            if let Some(word) = run.letters {
                return Some(word);
            }
            // Punctuation only: no word; on to the next run.
        }
    }

    /// Makes `run` the current run, to be split from its start.
    fn enter(&mut self, run: &Run) {
        self.run = (run.start, run.end);
        self.split = if run.known {
            RunSplit::Fast(0)
        } else {
            RunSplit::Uax(self.text[run.start..run.end].split_word_bound_indices())
        };
    }

    /// The run at or after byte `from` (white space skipped), in one pass
    /// over its bytes; `None` at the end of the text.
    fn scan_run(&self, from: usize) -> Option<Run> {
        let bytes = self.text.as_bytes();
        let mut start = from;
        while let Some(&b) = bytes.get(start) {
            if b < 0x80 {
                if !is_ascii_space(b) {
                    break;
                }
                start += 1;
                continue;
            }
            match char_at(bytes, start) {
                Some((c, len)) if c.is_whitespace() => start += len,
                _ => break,
            }
        }
        if start >= bytes.len() {
            return None;
        }
        // Phases: 0 before the letters, 1 in them, 2 after; `simple` until
        // a char breaks the pattern, `known` until one needs UAX #29.
        let (mut end, mut known, mut simple, mut phase) = (start, true, true, 0u8);
        let (mut from, mut to) = (start, start);
        while let Some(&b) = bytes.get(end) {
            // ASCII (most chars) without decoding.
            let (class, len) = if b < 0x80 {
                if is_ascii_space(b) {
                    break;
                }
                (ASCII_CLASS[b as usize], 1)
            } else {
                match char_at(bytes, end) {
                    Some((c, _)) if c.is_whitespace() => break,
                    Some((c, len)) => (class_by_match(c), len),
                    None => break,
                }
            };
            match class {
                Class::Letter => match phase {
                    0 => {
                        phase = 1;
                        from = end;
                    }
                    1 => {}
                    _ => simple = false,
                },
                Class::MidLetter | Class::MidNumLet | Class::MidNum | Class::Other => {
                    if phase == 1 {
                        phase = 2;
                        to = end;
                    }
                }
                Class::Digit | Class::ExtendNumLet => simple = false,
                Class::Unknown => {
                    simple = false;
                    known = false;
                }
            }
            end += len;
        }
        if phase == 1 {
            to = end;
        }
        Some(Run {
            start,
            end,
            known,
            simple,
            letters: (phase > 0).then_some((from, to)),
        })
    }
}

/// ASCII white space, as `char::is_whitespace` has it.
#[inline(always)]
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | 0x09..=0x0D)
}

/// The char of `bytes` (valid UTF-8) starting at byte `i`, a char
/// boundary, and its length in bytes; `None` at the end. Decoding by hand
/// spares the boundary checks of slicing a `str` at every char.
#[inline(always)]
fn char_at(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let b0 = *bytes.get(i)?;
    if b0 < 0x80 {
        return Some((b0 as char, 1));
    }
    let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3F);
    let (u, len) = if b0 < 0xE0 {
        ((u32::from(b0 & 0x1F) << 6) | cont(1), 2)
    } else if b0 < 0xF0 {
        ((u32::from(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            (u32::from(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    };
    Some((char::from_u32(u).unwrap_or('\u{FFFD}'), len))
}

/// The UAX #29 word-break class of the characters [`fast_split`] handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// ALetter: ASCII and precomposed Vietnamese letters.
    Letter,
    /// Numeric: ASCII digits.
    Digit,
    /// MidLetter (`:`), joins letters.
    MidLetter,
    /// MidNumLet and Single_Quote (`.`, `'`, `‘`, `’`), join letters and
    /// digits.
    MidNumLet,
    /// MidNum (`,`, `;`), joins digits.
    MidNum,
    /// ExtendNumLet (`_`), joins with anything alphanumeric.
    ExtendNumLet,
    /// Other punctuation and symbols: always a segment of their own.
    Other,
    /// Anything else: the run goes to the general segmenter.
    Unknown,
}

/// True for the precomposed letters of Vietnamese outside ASCII (both
/// cases): Latin-1 letters, `ă đ ĩ ũ ơ ư` and the Latin Extended
/// Additional block `Ạ`..`ỹ`. All are ALetter and already NFC.
#[inline]
pub(crate) const fn is_precomposed_vietnamese(c: char) -> bool {
    matches!(c as u32,
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0xFF
        | 0x102 | 0x103 | 0x110 | 0x111 | 0x128 | 0x129 | 0x168 | 0x169
        | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x1EA0..=0x1EF9)
}

/// [`class`] of each ASCII char, looked up rather than matched: every
/// char of a text is classed, most of them ASCII.
static ASCII_CLASS: [Class; 128] = {
    let mut table = [Class::Unknown; 128];
    let mut i = 0;
    while i < 128 {
        table[i] = class_by_match(i as u8 as char);
        i += 1;
    }
    table
};

#[inline]
fn class(c: char) -> Class {
    if c.is_ascii() {
        return ASCII_CLASS[c as usize];
    }
    class_by_match(c)
}

#[inline]
const fn class_by_match(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' => Class::Letter,
        '0'..='9' => Class::Digit,
        ':' => Class::MidLetter,
        '.' | '\'' | '\u{2018}' | '\u{2019}' => Class::MidNumLet,
        ',' | ';' => Class::MidNum,
        '_' => Class::ExtendNumLet,
        '!' | '"' | '#' | '$' | '%' | '&' | '(' | ')' | '*' | '+' | '-' | '/' | '<' | '=' | '>'
        | '?' | '@' | '[' | '\\' | ']' | '^' | '`' | '{' | '|' | '}' | '~' => Class::Other,
        // – — “ ” … « » •
        '\u{2013}' | '\u{2014}' | '\u{201C}' | '\u{201D}' | '\u{2026}' | '\u{AB}' | '\u{BB}'
        | '\u{2022}' => Class::Other,
        c if is_precomposed_vietnamese(c) => Class::Letter,
        _ => Class::Unknown,
    }
}

#[cfg(test)]
#[test]
fn ascii_space_is_char_whitespace() {
    for b in 0..128u8 {
        assert_eq!(is_ascii_space(b), (b as char).is_whitespace(), "{b}");
    }
}

#[cfg(test)]
#[test]
fn the_ascii_class_table_is_the_match() {
    for b in 0..128u8 {
        assert_eq!(class(b as char), class_by_match(b as char), "{b}");
    }
}

#[inline]
fn class_at(bytes: &[u8], at: usize) -> Class {
    char_at(bytes, at).map_or(Class::Unknown, |(c, _)| class(c))
}

/// The next UAX #29 segment of `run` from byte `*at` (every character of
/// `run` having a known [`Class`]), advancing `*at`.
#[inline]
fn fast_split<'a>(run: &'a str, at: &mut usize) -> Option<(usize, &'a str)> {
    let bytes = run.as_bytes();
    let start = *at;
    let (first, first_len) = char_at(bytes, start)?;
    let mut end = start + first_len;
    let mut last = class(first);
    if matches!(last, Class::Letter | Class::Digit | Class::ExtendNumLet) {
        while let Some((c, len)) = char_at(bytes, end) {
            let next = class(c);
            match next {
                // WB5, WB8, WB9, WB10, WB13a, WB13b.
                Class::Letter | Class::Digit | Class::ExtendNumLet => {
                    end += len;
                    last = next;
                }
                // WB6/7 (letter mid letter) and WB11/12 (digit mid digit).
                Class::MidLetter | Class::MidNumLet | Class::MidNum => {
                    let after = class_at(bytes, end + len);
                    let joins = match (last, after) {
                        (Class::Letter, Class::Letter) => next != Class::MidNum,
                        (Class::Digit, Class::Digit) => next != Class::MidLetter,
                        _ => false,
                    };
                    if !joins {
                        break;
                    }
                    end += len;
                }
                _ => break,
            }
        }
    }
    *at = end;
    Some((start, &run[start..end]))
}

#[inline]
fn is_word(segment: &str) -> bool {
    match segment.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() => true,
        _ => segment.chars().any(char::is_alphanumeric),
    }
}

#[inline]
fn is_joiner(segment: &str) -> bool {
    matches!(segment, "/" | "-" | "–" | ":")
}

impl<'a> SyllableStream<'a> {
    fn next_segment(&mut self) -> Option<(usize, &'a str)> {
        self.pending.take().or_else(|| self.segments.next())
    }

    /// The byte range of the next word, numbers with joiners merged.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        if self.simple_runs && self.pending.is_none() {
            if let Some(word) = self.segments.simple_word() {
                self.simple = true;
                return Some(word);
            }
        }
        self.simple = false;
        let (start, first) = loop {
            let (at, segment) = self.next_segment()?;
            if is_word(segment) {
                break (at, segment);
            }
        };
        let mut end = start + first.len();
        let mut last_is_digit = first.chars().next_back().is_some_and(|c| c.is_numeric());
        // Merge `word joiner word` while a digit touches the joiner. The
        // next segment is read only when a joiner follows the word, so that
        // a word ending its run leaves the next run to `simple_word`.
        while self.text[end..].starts_with(['/', '-', '\u{2013}', ':']) {
            let Some((jat, joiner)) = self.next_segment() else {
                break;
            };
            if jat != end || !is_joiner(joiner) {
                self.pending = Some((jat, joiner));
                break;
            }
            match self.segments.next() {
                // White space is not a segment: check that the word touches.
                Some((wat, word)) if wat == jat + joiner.len() && is_word(word) => {
                    let first_is_digit = word.chars().next().is_some_and(|c| c.is_numeric());
                    if last_is_digit || first_is_digit {
                        end = wat + word.len();
                        last_is_digit = word.chars().next_back().is_some_and(|c| c.is_numeric());
                        continue;
                    }
                    // `kinh-tế`: two words; the joiner is dropped.
                    self.pending = Some((wat, word));
                    break;
                }
                other => {
                    self.pending = other;
                    break;
                }
            }
        }
        Some((start, end))
    }
}

/// Writes the exact (NFC, lower-case, canonical-tone) form of `word` into
/// `out`. `scratch` is a reused buffer.
pub fn exact_form_into(word: &str, out: &mut String, scratch: &mut String) {
    out.clear();
    if word.is_ascii() {
        // Fast path: no marks, no normalization, byte-wise lower case.
        out.push_str(word);
        out.make_ascii_lowercase();
        canonicalize_i_y(out);
        return;
    }
    if word
        .chars()
        .all(|c| c.is_ascii() || is_precomposed_vietnamese(c))
    {
        // Fast path: already NFC, and lower case keeps it so.
        for c in word.chars() {
            push_lowercase(out, c);
        }
        canonicalize_tone(out, scratch);
        canonicalize_i_y(out);
        return;
    }
    let mut lowered = false;
    for c in word.nfc() {
        lowered |= push_lowercase(out, c);
    }
    // Lower case can undo NFC: `J` + caron has no precomposed form, `j` +
    // caron has (`ǰ`). Only words that had capitals pay for the check.
    if lowered && is_nfc_quick(out.chars()) != IsNormalized::Yes {
        scratch.clear();
        scratch.extend(out.nfc());
        std::mem::swap(out, scratch);
    }
    canonicalize_tone(out, scratch);
    canonicalize_i_y(out);
}

/// Pushes the lower case of `c` (title-case `ǅ` too, not only capitals);
/// true if that is not `c` itself.
#[inline]
fn push_lowercase(out: &mut String, c: char) -> bool {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.len()) {
        (Some(l), 0) => {
            out.push(l);
            l != c
        }
        (first, _) => {
            out.extend(first);
            out.extend(lower);
            true
        }
    }
}

/// Rewrites an exact form in place into its folded form.
pub fn fold_in_place(word: &mut String, scratch: &mut String) {
    if word.is_ascii() {
        return;
    }
    scratch.clear();
    scratch.extend(word.chars().map(fold_char));
    std::mem::swap(word, scratch);
}

/// Words of at most this many bytes, made of ASCII and precomposed
/// Vietnamese letters only, always give a token: lower case keeps their
/// byte length, moving the tone adds at most one byte and `y` to `i` none,
/// so their exact form stays far below [`MAX_TOKEN_BYTES`].
const QUICK_WORD_BYTES: usize = 64;

/// The lower-case folded form of a precomposed Vietnamese letter (or an
/// ASCII char), without the rest of the analysis.
#[inline]
fn fold_lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        PRECOMPOSED
            .iter()
            .flat_map(|r| r.clone())
            .map(|u| char::from_u32(u).map_or('\0', fold_lower_slow))
            .collect()
    });
    let u = c as u32;
    let mut base = 0;
    for r in &PRECOMPOSED {
        if r.contains(&u) {
            return table[base + (u - r.start()) as usize];
        }
        base += (r.end() - r.start() + 1) as usize;
    }
    fold_lower_slow(c)
}

/// The ranges of chars [`fold_lower`] has in a table: those of
/// [`is_precomposed_vietnamese`] (with the few chars in between).
const PRECOMPOSED: [std::ops::RangeInclusive<u32>; 2] = [0xC0..=0x1B0, 0x1EA0..=0x1EF9];

fn fold_lower_slow(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => fold_char(l),
        _ => c,
    }
}

/// Writes into `key` the [`relax`]ed folded form of the token `word` gives,
/// computed char by char (lower case, then folded) without normalizing or
/// moving tones: true when `word` is short and made of ASCII and
/// precomposed Vietnamese letters only (otherwise `key` means nothing).
/// Moving the tone does not change the folded letters, and `y` to `i` is
/// what [`relax`] ignores, so for such a word this is `relax` of its
/// token's folded form (a property test checks it).
fn relaxed_key(word: &str, key: &mut String) -> bool {
    key.clear();
    if word.len() > QUICK_WORD_BYTES {
        return false;
    }
    if word.is_ascii() {
        key.push_str(word);
        key.make_ascii_lowercase();
        relax(key);
        return true;
    }
    for c in word.chars() {
        if !c.is_ascii() && !is_precomposed_vietnamese(c) {
            return false;
        }
        key.push(fold_lower(c));
    }
    relax(key);
    true
}

/// A folded form with a final `y` written `i`: the one difference
/// [`super::canonicalize_i_y`] can make between a word's letters, folded,
/// and its token's folded form. Tokens whose relaxed forms differ have
/// different folded forms.
pub fn relax(folded: &mut String) {
    if folded.ends_with('y') {
        folded.pop();
        folded.push('i');
    }
}

impl SyllableStream<'_> {
    /// Like [`TokenStream::advance`], with a shortcut for texts where few
    /// tokens matter (snippets): a word whose [`relax`]ed folded form can
    /// be told without analysis (see `relaxed_key`), and which `wanted`
    /// rejects, only gets its offsets and position set, its text left as
    /// it was. `key` is a reused buffer. Gives `None` at the end, else
    /// whether the token's text was computed. The tokens (offsets,
    /// positions) are those of `advance`.
    pub fn advance_unless(
        &mut self,
        key: &mut String,
        initials: &Initials,
        wanted: &mut impl FnMut(&str) -> bool,
    ) -> Option<bool> {
        self.next_token(Some((key, initials, wanted)))
    }

    #[inline]
    fn next_token<W: FnMut(&str) -> bool>(
        &mut self,
        mut filter: Option<(&mut String, &Initials, &mut W)>,
    ) -> Option<bool> {
        while let Some((from, to)) = self.next_word() {
            let word = &self.text[from..to];
            if word.len() > MAX_WORD_BYTES {
                continue;
            }
            let simple = self.simple;
            let skipped = filter.as_mut().is_some_and(|(key, initials, wanted)| {
                // A word of a simple run is quick: its key starts with its
                // first letter folded, which may already rule it out.
                if simple && word.len() <= QUICK_WORD_BYTES && !initials.may_start(word) {
                    return true;
                }
                relaxed_key(word, key) && !wanted(key)
            });
            if !skipped {
                exact_form_into(word, &mut self.token.text, self.scratch);
                // Decided on the exact form, so that both forms keep the
                // same words and their positions agree.
                if self.token.text.len() > MAX_TOKEN_BYTES || self.token.text.is_empty() {
                    continue;
                }
                if self.form == Form::Folded {
                    fold_in_place(&mut self.token.text, self.scratch);
                }
            }
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.position = self.token.position.wrapping_add(1);
            self.token.position_length = 1;
            return Some(!skipped);
        }
        None
    }
}

/// The first letters that the [`relax`]ed folded forms wanted by a filter
/// of [`SyllableStream::advance_unless`] start with (ASCII ones; a word of
/// ASCII and precomposed letters folds to ASCII). A word whose first
/// letter, folded, is none of them is wanted by none.
#[derive(Debug, Clone, Copy, Default)]
pub struct Initials(u128);

impl Initials {
    /// The initials of these relaxed folded forms.
    pub fn of<'a>(keys: impl IntoIterator<Item = &'a str>) -> Self {
        let mut bits = 0u128;
        for key in keys {
            if let Some(&b) = key.as_bytes().first().filter(|b| b.is_ascii()) {
                bits |= 1 << b;
            }
        }
        Initials(bits)
    }

    /// Whether `word` (ASCII and precomposed letters only) may have one of
    /// the keys as its relaxed folded form. A `y` may be relaxed to `i`
    /// when it is also the last letter.
    #[inline]
    fn may_start(&self, word: &str) -> bool {
        let Some((c, _)) = char_at(word.as_bytes(), 0) else {
            return false;
        };
        let f = fold_lower(c);
        if !f.is_ascii() {
            return true;
        }
        let has = |b: char| self.0 & (1 << (b as u32)) != 0;
        has(f) || (f == 'y' && has('i'))
    }
}

impl TokenStream for SyllableStream<'_> {
    fn advance(&mut self) -> bool {
        self.next_token::<fn(&str) -> bool>(None).is_some()
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(form: Form, text: &str) -> Vec<Token> {
        let mut tokenizer = VietnameseTokenizer::new(form);
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    fn assert_token(token: &Token, position: usize, text: &str, from: usize, to: usize) {
        assert_eq!(token.position, position, "position of {token:?}");
        assert_eq!(token.text, text, "text of {token:?}");
        assert_eq!(token.offset_from, from, "offset_from of {token:?}");
        assert_eq!(token.offset_to, to, "offset_to of {token:?}");
    }

    /// (input, exact tokens, folded tokens); offsets checked separately.
    const CASES: &[(&str, &[&str], &[&str])] = &[
        ("tăng trưởng", &["tăng", "trưởng"], &["tang", "truong"]),
        ("Tăng Trưởng", &["tăng", "trưởng"], &["tang", "truong"]),
        ("TĂNG TRƯỞNG", &["tăng", "trưởng"], &["tang", "truong"]),
        // NFD input: combining marks stay with their letters.
        (
            "ta\u{306}ng tru\u{31b}o\u{31b}\u{309}ng",
            &["tăng", "trưởng"],
            &["tang", "truong"],
        ),
        (
            "tăng tầng tặng",
            &["tăng", "tầng", "tặng"],
            &["tang", "tang", "tang"],
        ),
        // đ and Đ
        (
            "Đà Nẵng đầu tư",
            &["đà", "nẵng", "đầu", "tư"],
            &["da", "nang", "dau", "tu"],
        ),
        ("ĐỒNG", &["đồng"], &["dong"]),
        ("Đ đ", &["đ", "đ"], &["d", "d"]),
        (
            "ĐẠI HỘI Đảng",
            &["đại", "hội", "đảng"],
            &["dai", "hoi", "dang"],
        ),
        ("ĐăkLăk", &["đăklăk"], &["daklak"]),
        // tone placement: both styles give one token
        ("hòa hoà", &["hoà", "hoà"], &["hoa", "hoa"]),
        ("thúy thuý", &["thuý", "thuý"], &["thuy", "thuy"]),
        ("khỏe khoẻ", &["khoẻ", "khoẻ"], &["khoe", "khoe"]),
        ("Hoà Bình", &["hoà", "bình"], &["hoa", "binh"]),
        // onsets gi, qu
        ("giữa quý", &["giữa", "quí"], &["giua", "qui"]),
        (
            "GIỮA QUÝ Quốc Gìn",
            &["giữa", "quí", "quốc", "gìn"],
            &["giua", "qui", "quoc", "gin"],
        ),
        (
            "qủa gìơ QỦA",
            &["quả", "giờ", "quả"],
            &["qua", "gio", "qua"],
        ),
        (
            "tử sĩ tử sỹ Mỹ",
            &["tử", "sĩ", "tử", "sĩ", "mĩ"],
            &["tu", "si", "tu", "si", "mi"],
        ),
        // numbers stay whole
        ("dương 2,91%", &["dương", "2,91"], &["duong", "2,91"]),
        (
            "5.210 tỷ đồng",
            &["5.210", "tỉ", "đồng"],
            &["5.210", "ti", "dong"],
        ),
        (
            "ngày 28/12/2020.",
            &["ngày", "28/12/2020"],
            &["ngay", "28/12/2020"],
        ),
        (
            "giai đoạn 2016-2020",
            &["giai", "đoạn", "2016-2020"],
            &["giai", "doan", "2016-2020"],
        ),
        ("2016–2020", &["2016–2020"], &["2016–2020"]),
        ("-3,5% và 50%", &["3,5", "và", "50"], &["3,5", "va", "50"]),
        ("1,5-2%", &["1,5-2"], &["1,5-2"]),
        ("1.000,5 tỷ", &["1.000,5", "tỉ"], &["1.000,5", "ti"]),
        ("năm 2020.", &["năm", "2020"], &["nam", "2020"]),
        ("Q1/2020", &["q1/2020"], &["q1/2020"]),
        (
            "10/10/2020-15/10/2020",
            &["10/10/2020-15/10/2020"],
            &["10/10/2020-15/10/2020"],
        ),
        (
            "dịch COVID-19",
            &["dịch", "covid-19"],
            &["dich", "covid-19"],
        ),
        (
            "lúc 8:30 sáng",
            &["lúc", "8:30", "sáng"],
            &["luc", "8:30", "sang"],
        ),
        (
            "1.234.567 người",
            &["1.234.567", "người"],
            &["1.234.567", "nguoi"],
        ),
        // joiners between words without digits split them
        (
            "kinh tế - xã hội",
            &["kinh", "tế", "xã", "hội"],
            &["kinh", "te", "xa", "hoi"],
        ),
        ("kinh-tế", &["kinh", "tế"], &["kinh", "te"]),
        // a joiner merges only what touches it
        ("nề: 6.926", &["nề", "6.926"], &["ne", "6.926"]),
        ("2023: tăng", &["2023", "tăng"], &["2023", "tang"]),
        ("2016 - 2020", &["2016", "2020"], &["2016", "2020"]),
        ("a/b", &["a", "b"], &["a", "b"]),
        // punctuation and symbols are not tokens
        ("(TS 28/12)", &["ts", "28/12"], &["ts", "28/12"]),
        ("./.", &[], &[]),
        ("", &[], &[]),
        ("\u{301}\u{300}", &[], &[]),
        // White space always separates, even where UAX #29 would not:
        // U+202F between digits, a letter-like mark after a space.
        ("5\u{202f}210", &["5", "210"], &["5", "210"]),
        ("a \u{363}", &["a", "\u{363}"], &["a", "\u{363}"]),
        ("a\u{202f}\u{301}b", &["a", "b"], &["a", "b"]),
        // lower case keeps NFC, title case is lowered too
        (
            "J\u{30c} ǅ İ",
            &["ǰ", "ǆ", "i\u{307}"],
            &["j", "ǆ", "i\u{307}"],
        ),
    ];

    /// (tone on the first vowel, tone on the second): both spellings, in
    /// any case and NFC or NFD, give the second.
    const OA_OE_UY: &[(&str, &str)] = &[
        ("hòa", "hoà"),
        ("hóa", "hoá"),
        ("hỏa", "hoả"),
        ("hõa", "hoã"),
        ("họa", "hoạ"),
        ("khòe", "khoè"),
        ("khóe", "khoé"),
        ("khỏe", "khoẻ"),
        ("khõe", "khoẽ"),
        ("khọe", "khoẹ"),
        ("thùy", "thuỳ"),
        ("thúy", "thuý"),
        ("thủy", "thuỷ"),
        ("thũy", "thuỹ"),
        ("thụy", "thuỵ"),
    ];

    #[test]
    fn table() {
        for (input, exact, folded) in CASES {
            let got: Vec<String> = tokens(Form::Exact, input)
                .into_iter()
                .map(|t| t.text)
                .collect();
            assert_eq!(&got, exact, "exact form of {input:?}");
            let got: Vec<String> = tokens(Form::Folded, input)
                .into_iter()
                .map(|t| t.text)
                .collect();
            assert_eq!(&got, folded, "folded form of {input:?}");
        }
    }

    #[test]
    fn oa_oe_uy_every_tone_both_styles_any_case() {
        use unicode_normalization::UnicodeNormalization;
        for (old, new) in OA_OE_UY {
            let folded: String = new.nfd().filter(char::is_ascii).collect();
            for word in [old, new] {
                let mut title = word.chars();
                let title: String = title
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .chain(title)
                    .collect();
                for spelling in [word.to_string(), word.to_uppercase(), title] {
                    for form in [spelling.nfc().collect::<String>(), spelling.nfd().collect()] {
                        let exact = tokens(Form::Exact, &form);
                        assert_eq!(exact.len(), 1, "{form:?}");
                        assert_token(&exact[0], 0, new, 0, form.len());
                        let f = tokens(Form::Folded, &form);
                        assert_token(&f[0], 0, &folded, 0, form.len());
                    }
                }
            }
        }
        // Upper case written out, both styles.
        for (input, want) in [
            ("HÒA", "hoà"),
            ("HOÀ", "hoà"),
            ("THỦY", "thuỷ"),
            ("THUỶ", "thuỷ"),
            ("KHỎE", "khoẻ"),
            ("KHOẺ", "khoẻ"),
            ("HOÀNG", "hoàng"),
            ("HÒANG", "hoàng"),
        ] {
            assert_eq!(tokens(Form::Exact, input)[0].text, want, "{input}");
        }
    }

    #[test]
    fn white_space_inside_a_uax29_segment_splits_it() {
        let toks = tokens(Form::Exact, "5\u{202f}210 a \u{363}");
        assert_token(&toks[0], 0, "5", 0, 1);
        assert_token(&toks[1], 1, "210", 4, 7);
        assert_token(&toks[2], 2, "a", 8, 9);
        assert_token(&toks[3], 3, "\u{363}", 10, 12);
    }

    #[test]
    fn both_forms_drop_the_same_overlong_words() {
        // 41 `đ` are 82 bytes exact but 41 folded: dropped in both forms,
        // so positions agree between the fields.
        let text = format!("a {} b", "đ".repeat(41));
        for form in [Form::Exact, Form::Folded] {
            let toks = tokens(form, &text);
            assert_eq!(toks.len(), 2, "{form:?}");
            assert_token(&toks[0], 0, "a", 0, 1);
            assert_token(&toks[1], 1, "b", text.len() - 1, text.len());
        }
        // A megabyte word is dropped without being normalized.
        let text = format!("a {} b", "ê\u{301}".repeat(1 << 18));
        assert_eq!(tokens(Form::Folded, &text).len(), 2);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "Tăng trưởng 2,91%";
        let toks = tokens(Form::Folded, text);
        assert_token(&toks[0], 0, "tang", 0, 5);
        assert_token(&toks[1], 1, "truong", 6, 15);
        assert_token(&toks[2], 2, "2,91", 16, 20);
        assert_eq!(&text[toks[1].offset_from..toks[1].offset_to], "trưởng");

        let nfd = "ta\u{306}ng 28/12/2020";
        let toks = tokens(Form::Exact, nfd);
        assert_token(&toks[0], 0, "tăng", 0, 6);
        assert_token(&toks[1], 1, "28/12/2020", 7, 17);

        let toks = tokens(Form::Exact, "COVID-19, 2016-2020");
        assert_token(&toks[0], 0, "covid-19", 0, 8);
        assert_token(&toks[1], 1, "2016-2020", 10, 19);
    }

    #[test]
    fn overlong_tokens_are_dropped_positions_stay_dense() {
        let text = format!("a {} b", "x".repeat(200));
        let toks = tokens(Form::Exact, &text);
        assert_eq!(toks.len(), 2);
        assert_token(&toks[0], 0, "a", 0, 1);
        assert_token(&toks[1], 1, "b", 203, 204);
    }

    /// Every character [`fast_split`] accepts, in one regex class.
    const FAST_ALPHABET: &str = "[a-zA-Z0-9:.'\u{2018}\u{2019},;_!\"#$%&()*+\\-/<=>?@\\[\\\\\\]^`{|}~\u{2013}\u{2014}\u{201C}\u{201D}\u{2026}\u{AB}\u{BB}\u{2022}\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{FF}\u{102}\u{103}\u{110}\u{111}\u{128}\u{129}\u{168}\u{169}\u{1A0}\u{1A1}\u{1AF}\u{1B0}\u{1EA0}-\u{1EF9}]{0,24}";

    fn fast_segments(run: &str) -> Vec<(usize, &str)> {
        let mut at = 0;
        std::iter::from_fn(|| fast_split(run, &mut at)).collect()
    }

    /// What [`relaxed_key`] and [`QUICK_WORD_BYTES`] assume of the
    /// precomposed letters: one lower-case char of the same length, itself
    /// precomposed.
    #[test]
    fn precomposed_letters_lower_to_one_char_of_the_same_length() {
        for c in (0..0x1F00u32).filter_map(char::from_u32) {
            if !is_precomposed_vietnamese(c) {
                continue;
            }
            let lower: Vec<char> = c.to_lowercase().collect();
            assert_eq!(lower.len(), 1, "{c}");
            assert_eq!(lower[0].len_utf8(), c.len_utf8(), "{c}");
            assert!(is_precomposed_vietnamese(lower[0]), "{c}");
            assert_eq!(fold_lower(c), fold_char(lower[0]), "{c}");
        }
    }

    /// `advance_unless` gives the tokens of `advance`; a word it skips has
    /// the relaxed folded form of its token as key, and a word it analyzes
    /// the token's exact form.
    fn check_advance_unless(text: &str, every_other: bool) {
        let full = tokens(Form::Exact, text);
        let mut tokenizer = VietnameseTokenizer::new(Form::Exact);
        let mut stream = tokenizer.token_stream(text);
        let (mut key, mut keys, mut calls) = (String::new(), Vec::new(), 0);
        let mut wanted = |k: &str| {
            calls += 1;
            keys.push(k.to_string());
            every_other && calls % 2 == 0
        };
        let mut got = Vec::new();
        let initials = Initials(u128::MAX);
        while let Some(analyzed) = stream.advance_unless(&mut key, &initials, &mut wanted) {
            let t = stream.token();
            got.push((
                analyzed,
                t.text.clone(),
                t.offset_from,
                t.offset_to,
                t.position,
            ));
        }
        assert_eq!(got.len(), full.len(), "{text:?}");
        let mut keys = keys.into_iter();
        for ((analyzed, text_got, from, to, position), want) in got.into_iter().zip(&full) {
            assert_eq!(
                (from, to, position),
                (want.offset_from, want.offset_to, want.position)
            );
            let word = &text[from..to];
            let mut scratch = String::new();
            let mut folded = want.text.clone();
            fold_in_place(&mut folded, &mut scratch);
            relax(&mut folded);
            let mut k = String::new();
            if relaxed_key(word, &mut k) {
                assert_eq!(keys.next().as_deref(), Some(folded.as_str()), "{word:?}");
            }
            if analyzed {
                assert_eq!(text_got, want.text, "{word:?}");
            }
        }
    }

    /// What `advance_unless` gives for a filter wanting `keys`, with the
    /// initials of the keys or with every initial.
    fn filtered(text: &str, keys: &[String], with_initials: bool) -> Vec<(bool, String, usize)> {
        let initials = if with_initials {
            Initials::of(keys.iter().map(String::as_str))
        } else {
            Initials(u128::MAX)
        };
        let mut tokenizer = VietnameseTokenizer::new(Form::Exact);
        let mut stream = tokenizer.token_stream(text);
        let mut key = String::new();
        let mut wanted = |k: &str| keys.iter().any(|w| w == k);
        let mut got = Vec::new();
        while let Some(analyzed) = stream.advance_unless(&mut key, &initials, &mut wanted) {
            let t = stream.token();
            let text = if analyzed {
                t.text.clone()
            } else {
                String::new()
            };
            got.push((analyzed, text, t.offset_from * 1000 + t.position));
        }
        got
    }

    /// The relaxed folded forms of some of the words of `text`.
    fn some_keys(text: &str, every: usize) -> Vec<String> {
        let mut scratch = String::new();
        tokens(Form::Exact, text)
            .into_iter()
            .step_by(every.max(1))
            .map(|t| {
                let mut k = t.text.clone();
                fold_in_place(&mut k, &mut scratch);
                relax(&mut k);
                k
            })
            .collect()
    }

    #[test]
    fn initials_rule_out_only_unwanted_words() {
        let text = "Ý kiến: Yên Bái, Kỳ Anh, thùy mị y tá, Đà Nẵng; ĐẮK LẮK ở Tây Nguyên";
        for keys in [
            vec!["i".to_string()],
            vec!["yen".to_string(), "da".to_string()],
            vec!["ki".to_string(), "o".to_string()],
            some_keys(text, 3),
        ] {
            assert_eq!(
                filtered(text, &keys, true),
                filtered(text, &keys, false),
                "{keys:?}"
            );
        }
    }

    #[test]
    fn advance_unless_table() {
        for (input, _, _) in CASES {
            check_advance_unless(input, false);
            check_advance_unless(input, true);
        }
        check_advance_unless("THÙY thùy Kỳ KỲ quý QUÝ Mỹ tỷ ý y HÒA hòa Đà ĐẮK", true);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn advance_unless_is_advance(
            text in "([a-zA-Z0-9:.,/\\-ÀÁẢÃẠàáảãạĂẮẰẲẴẶăắằẳẵặÂẤẦẨẪẬâấầẩẫậĐđÈÉẺẼẸèéẻẽẹÊẾỀỂỄỆêếềểễệÌÍỈĨỊìíỉĩịÒÓỎÕỌòóỏõọÔỐỒỔỖỘôốồổỗộƠỚỜỞỠỢơớờởỡợÙÚỦŨỤùúủũụƯỨỪỬỮỰưứừửữựỲÝỶỸỴỳýỷỹỵyY\u{301}\u{300}ßİ]{1,12}[ \n]){0,12}",
            every_other: bool,
        ) {
            check_advance_unless(&text, every_other);
        }

        /// Ruling words out by their initials changes nothing that
        /// `advance_unless` gives, for keys taken from the text itself.
        #[test]
        fn initials_change_nothing(
            text in "([a-zA-Z0-9:.,/\\-ÀÁẢÃẠàáảãạĂẮẰẲẴẶăắằẳẵặÂẤẦẨẪẬâấầẩẫậĐđÈÉẺẼẸèéẻẽẹÊẾỀỂỄỆêếềểễệÌÍỈĨỊìíỉĩịÒÓỎÕỌòóỏõọÔỐỒỔỖỘôốồổỗộƠỚỜỞỠỢơớờởỡợÙÚỦŨỤùúủũụƯỨỪỬỮỰưứừửữựỲÝỶỸỴỳýỷỹỵyY\u{301}\u{300}ßİ]{1,12}[ \n]){0,12}",
            every in 1usize..6,
        ) {
            let keys = some_keys(&text, every);
            proptest::prop_assert_eq!(filtered(&text, &keys, true), filtered(&text, &keys, false));
        }
    }

    /// The words of `text` (byte ranges) with or without the fast path of
    /// simple runs.
    fn words(text: &str, simple_runs: bool) -> Vec<(usize, usize)> {
        let mut tokenizer = VietnameseTokenizer::new(Form::Exact);
        let mut stream = tokenizer.token_stream(text);
        stream.simple_runs = simple_runs;
        std::iter::from_fn(|| stream.next_word()).collect()
    }

    #[test]
    fn simple_runs_table() {
        for text in [
            "“Việt Nam” (tăng) đồng, kinh-tế 2,91% COVID-19 a.b don't 8:30",
            "— … » Hà Nội: 28/12/2020 x_y ta\u{306}ng ... ;",
            "",
            "   ",
            "ĐẮK LẮK.",
        ] {
            assert_eq!(words(text, true), words(text, false), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The fast path of simple runs finds the words the general path
        /// does, on text mixing letters, digits, punctuation, joiners,
        /// combining marks and white space.
        #[test]
        fn simple_runs_are_the_general_path(
            text in "[aZđĐế1.,:;'_%/\\-–“”()\u{2019}\u{301}\u{a0} \n]{0,24}"
        ) {
            proptest::prop_assert_eq!(words(&text, true), words(&text, false));
        }

        /// The fast splitter is UAX #29 for the characters it accepts.
        #[test]
        fn fast_split_is_uax29_on_its_alphabet(run in FAST_ALPHABET) {
            proptest::prop_assert!(run.chars().all(|c| class(c) != Class::Unknown));
            let uax: Vec<(usize, &str)> = run.split_word_bound_indices().collect();
            proptest::prop_assert_eq!(fast_segments(&run), uax);
        }

        /// The same on a small alphabet, so that every pair and triple of
        /// classes (`1.2`, `a'b`, `_1`, `a:.b`) is tried many times.
        #[test]
        fn fast_split_is_uax29_on_class_triples(run in "[aĐ1.,:;'_%\u{2019}\u{1EA1}]{0,16}") {
            let uax: Vec<(usize, &str)> = run.split_word_bound_indices().collect();
            proptest::prop_assert_eq!(fast_segments(&run), uax);
        }
    }

    #[test]
    fn fast_split_table() {
        let cases: &[(&str, &[&str])] = &[
            ("2,91%", &["2,91", "%"]),
            ("5.210", &["5.210"]),
            ("tế.", &["tế", "."]),
            ("a.b", &["a.b"]),
            ("a:b", &["a:b"]),
            ("8:30", &["8", ":", "30"]),
            ("1;2", &["1;2"]),
            ("a,b", &["a", ",", "b"]),
            ("don't", &["don't"]),
            ("“Việt", &["“", "Việt"]),
            ("COVID-19", &["COVID", "-", "19"]),
            ("_a1_", &["_a1_"]),
            ("a.", &["a", "."]),
            ("...", &[".", ".", "."]),
        ];
        for (run, want) in cases {
            let got: Vec<&str> = fast_segments(run).into_iter().map(|(_, s)| s).collect();
            assert_eq!(&got, want, "{run:?}");
            let uax: Vec<&str> = run.split_word_bounds().collect();
            assert_eq!(&uax, want, "UAX #29 of {run:?}");
        }
    }
}
