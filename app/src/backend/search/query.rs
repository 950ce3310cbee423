//! Turns what someone typed into words and phrases, the same way for both engines.
//!
//! Nothing typed is syntax: operators, brackets and stray quotes are only punctuation, so
//! no query can fail to parse. Words are split, lower-cased and stripped of accents by the
//! same analyzer the embedded index uses for its language-neutral fields.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

/// Most words a query is matched on; the rest are ignored.
pub const MAX_WORDS: usize = 12;
/// Quoted phrases a query keeps (the rest are ignored).
pub const MAX_PHRASES: usize = 4;

/// The language-neutral analyzer: words, lower case, accents folded (`Atención` → `atencion`).
pub fn neutral_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The folded words of `text`, in order.
pub fn words(text: &str) -> Vec<String> {
    let mut analyzer = neutral_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// A query split into what must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Folded words outside quotes, without repeats.
    pub words: Vec<String>,
    /// The original spelling of each word (stemmers want the accents).
    pub originals: Vec<String>,
    /// Quoted phrases of two or more words, folded.
    pub phrases: Vec<Vec<String>>,
    /// The last word may be unfinished (search-as-you-type): it was typed last, outside
    /// quotes, with nothing after it.
    pub last_is_partial: bool,
}

impl Parsed {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// Every folded word, phrases' words included (what snippets highlight).
    pub fn all_words(&self) -> Vec<String> {
        let mut all = self.words.clone();
        for w in self.phrases.iter().flatten() {
            if !all.contains(w) {
                all.push(w.clone());
            }
        }
        all
    }
}

pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    // Even segments are outside quotes, odd ones inside; an unbalanced quote just quotes
    // the rest.
    let segments: Vec<&str> = text.split('"').collect();
    let mut count = 0;
    for (i, segment) in segments.iter().enumerate() {
        if i % 2 == 1 {
            let phrase = words(segment);
            match phrase.len() {
                0 => {}
                1 => push_word(&mut parsed, &phrase[0], segment.trim(), &mut count),
                // Phrases are bounded like words: a query's cost must not grow with it.
                _ if parsed.phrases.len() >= MAX_PHRASES => {}
                _ => parsed
                    .phrases
                    .push(phrase.into_iter().take(MAX_WORDS).collect()),
            }
            continue;
        }
        for original in segment
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            for folded in words(original) {
                push_word(&mut parsed, &folded, original, &mut count);
            }
        }
    }
    let last_segment_outside = segments.len() % 2 == 1;
    parsed.last_is_partial = last_segment_outside
        && !parsed.words.is_empty()
        && text.chars().last().is_some_and(char::is_alphanumeric);
    parsed
}

fn push_word(parsed: &mut Parsed, folded: &str, original: &str, count: &mut usize) {
    if *count >= MAX_WORDS {
        return;
    }
    if let Some(i) = parsed.words.iter().position(|w| w == folded) {
        // Keep the word where it was last typed, so "the last word" stays the last.
        let w = parsed.words.remove(i);
        let o = parsed.originals.remove(i);
        parsed.words.push(w);
        parsed.originals.push(o);
        return;
    }
    *count += 1;
    parsed.words.push(folded.to_string());
    parsed.originals.push(original.to_lowercase());
}

/// How many typos a word of this length tolerates (Meilisearch's defaults: none under 5
/// letters, one from 5, two from 9).
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_accents_and_case() {
        assert_eq!(
            words("Atención  PRIMARIA, ¿niños?"),
            ["atencion", "primaria", "ninos"]
        );
    }

    #[test]
    fn operators_and_quotes_are_only_punctuation() {
        let p = parse("tratamiento AND (\"atención primaria\" OR -calidad");
        assert_eq!(
            p.words,
            ["tratamiento", "and", "or", "calidad"].map(String::from)
        );
        assert_eq!(p.phrases.len(), 1);
        // An unbalanced quote quotes the rest.
        let p = parse("tratamiento \"atención primaria");
        assert_eq!(p.words, ["tratamiento"]);
        assert_eq!(
            p.phrases,
            vec![vec!["atencion".to_string(), "primaria".to_string()]]
        );
        assert!(!p.last_is_partial);
        let p = parse("\"atención primaria\" calidad");
        assert_eq!(
            p.phrases,
            vec![vec!["atencion".to_string(), "primaria".to_string()]]
        );
        assert_eq!(p.words, ["calidad"]);
        assert!(p.last_is_partial);
        assert!(!parse("calidad ").last_is_partial);
        assert!(!parse("\"calidad\"").last_is_partial);
        assert!(parse("((((").is_empty());
        assert!(parse("").is_empty());
    }

    #[test]
    fn any_script_and_long_input_is_fine() {
        assert_eq!(parse("治疗 лечение علاج").words.len(), 3);
        assert_eq!(parse(&"palabra ".repeat(5000)).words, ["palabra"]);
        let many: String = (0..100).map(|i| format!("w{i} ")).collect();
        assert_eq!(parse(&many).words.len(), MAX_WORDS);
        let phrases = "\"alpha beta\" ".repeat(30);
        assert_eq!(
            parse(&phrases).phrases.len(),
            MAX_PHRASES,
            "hostile: many phrases"
        );
    }
}
