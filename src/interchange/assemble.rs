//! Turning questions parsed from any format into a validated [`Bank`]: ids, topics, difficulty,
//! explanations, and the bibliography rebuilt from "Sources:" blocks.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::model::{Bank, BankId, Citation, Kind, NumericAnswer, Question, QuestionId, Source};

use super::log::{ImportLog, Location};
use super::moodle::CONTENT_WARNING;
use super::sources_block::{self, BlockCitation};

/// The explanation given to imported questions that had none (our format requires one).
pub const NO_EXPLANATION: &str = "No explanation was provided in the imported file.";

/// The id of the source created for questions that cite nothing.
pub const IMPORT_SOURCE_ID: &str = "import";

/// Difficulty of questions whose file does not say (no `difficulty-N` tag or column).
pub const DEFAULT_DIFFICULTY: u8 = 2;

/// A question as read from a file, before it gets an id and its sources.
#[derive(Clone, Debug)]
pub struct Imported {
    /// Where it starts in the file.
    pub location: Location,
    /// Its name in the file (Moodle's question name), or empty.
    pub name: String,
    /// Moodle's ID number (`[id:…]`, `<idnumber>`), when given.
    pub idnumber: Option<String>,
    /// Topic, from the current category.
    pub topic: Option<String>,
    /// Tags, including `difficulty-N` and `unit:U` which [`assemble`] interprets.
    pub tags: Vec<String>,
    /// Difficulty, when the format has a field for it (CSV).
    pub difficulty: Option<u8>,
    /// Question text (Markdown); may open with a content-warning paragraph.
    pub prompt: String,
    /// General feedback (Markdown); may end with a "Sources:" block.
    pub feedback: String,
    /// Citations given outside the feedback (CSV's `sources` column).
    pub sources: Vec<BlockCitation>,
    /// Kind and answer key.
    pub kind: Kind,
}

/// What a format's parser found: questions and the log so far.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Questions that could be read.
    pub questions: Vec<Imported>,
    /// Skipped and changed questions so far.
    pub log: ImportLog,
}

/// Settings for the bank an import creates.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Name of the input file, quoted in the import source's citation.
    pub file_name: String,
    /// The import date, as `YYYY-MM-DD` (passed in; the library never reads the clock).
    pub date: String,
    /// Bank id (lowercase letters, digits, '-').
    pub bank_id: String,
    /// Bank title.
    pub title: String,
    /// BCP 47 language tag.
    pub language: String,
    /// License name.
    pub license: String,
    /// Authors.
    pub authors: Vec<String>,
}

impl ImportOptions {
    /// Defaults derived from the file name: id from its stem, English, license "unspecified".
    pub fn for_file(file_name: &str, date: &str) -> Self {
        let stem = file_name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(file_name)
            .split('.')
            .next()
            .unwrap_or_default();
        let id = slug(stem);
        Self {
            file_name: file_name.to_owned(),
            date: date.to_owned(),
            bank_id: if id.is_empty() { "imported".into() } else { id },
            title: format!("Imported from {file_name}"),
            language: "en".into(),
            license: "unspecified".into(),
            authors: vec!["Unknown".into()],
        }
    }
}

/// An imported bank and its log.
#[derive(Debug)]
pub struct Import {
    /// The bank.
    pub bank: Bank,
    /// What was imported, skipped and changed.
    pub log: ImportLog,
}

/// Lowercase ASCII letters and digits, other runs turned into single '-'.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Splits a leading content-warning paragraph off a prompt. A prompt without one is kept (moved,
/// when it is already trimmed).
fn split_warning(prompt: String) -> (String, Option<String>) {
    let trimmed = prompt.trim();
    if let Some(rest) = trimmed.strip_prefix(CONTENT_WARNING) {
        let (warning, body) = rest.split_once("\n\n").unwrap_or((rest, ""));
        if !warning.trim().is_empty() && !body.trim().is_empty() {
            return (body.trim().to_owned(), Some(warning.trim().to_owned()));
        }
    }
    if trimmed.len() == prompt.len() {
        (prompt, None)
    } else {
        (trimmed.to_owned(), None)
    }
}

/// Checks the rules our loader enforces for a kind, so that no imported bank fails `check`.
pub fn check_kind(kind: &Kind) -> Result<(), String> {
    let blank = |s: &String| s.trim().is_empty();
    // Few items are compared pairwise (no allocation); many go through a set.
    let distinct = |items: &[&str]| {
        if items.len() <= 16 {
            return items
                .iter()
                .enumerate()
                .all(|(i, a)| items.iter().take(i).all(|b| a.trim() != b.trim()));
        }
        let set: BTreeSet<&str> = items.iter().map(|s| s.trim()).collect();
        set.len() == items.len()
    };
    match kind {
        Kind::Single { choices, .. } | Kind::Multiple { choices, .. } if choices.len() < 2 => Err(
            format!("needs at least 2 choices, found {}", choices.len()),
        ),
        Kind::Single { choices, .. } | Kind::Multiple { choices, .. }
            if choices.iter().any(|c| blank(&c.text)) =>
        {
            Err("a choice is empty".to_owned())
        }
        Kind::Single { choices, answer } if *answer >= choices.len() => {
            Err("the right answer is not one of the choices".to_owned())
        }
        Kind::Multiple { choices, answers }
            if answers.is_empty() || answers.iter().any(|&a| a >= choices.len()) =>
        {
            Err("no right answer among the choices".to_owned())
        }
        Kind::Multiple { answers, .. }
            if answers.iter().collect::<BTreeSet<_>>().len() != answers.len() =>
        {
            Err("a right answer is listed twice".to_owned())
        }
        Kind::Order { items } if items.len() < 2 || items.iter().any(blank) => {
            Err("an ordering needs at least 2 non-empty items".to_owned())
        }
        Kind::Order { items } if !distinct(&items.iter().map(String::as_str).collect::<Vec<_>>()) => {
            Err("two items of the ordering are the same".to_owned())
        }
        Kind::Match { pairs, .. }
            if pairs.len() < 2 || pairs.iter().any(|p| blank(&p.left) || blank(&p.right)) =>
        {
            Err("a matching question needs at least 2 complete pairs".to_owned())
        }
        Kind::Match { pairs, .. }
            if !distinct(&pairs.iter().map(|p| p.left.as_str()).collect::<Vec<_>>()) =>
        {
            Err("two left-hand items are the same".to_owned())
        }
        Kind::Match { pairs, .. }
            if !distinct(&pairs.iter().map(|p| p.right.as_str()).collect::<Vec<_>>()) =>
        {
            Err("two left-hand items share one right-hand answer, which Counterpoint does not support".to_owned())
        }
        Kind::Match { pairs, distractors }
            if distractors
                .iter()
                .any(|d| blank(d) || pairs.iter().any(|p| p.right.trim() == d.trim())) =>
        {
            Err("an extra answer is empty or repeats a right-hand answer".to_owned())
        }
        Kind::Numeric { answer, .. } => match *answer {
            NumericAnswer::Exact { value, tolerance }
                if !value.is_finite() || !tolerance.is_finite() || tolerance < 0.0 =>
            {
                Err("the number or its tolerance is not valid".to_owned())
            }
            NumericAnswer::Range { min, max } if !min.is_finite() || !max.is_finite() || min > max => {
                Err("the range of accepted numbers is not valid".to_owned())
            }
            _ => Ok(()),
        },
        Kind::Text { accept } if accept.iter().all(blank) => {
            Err("no accepted answer".to_owned())
        }
        _ => Ok(()),
    }
}

/// Builds the bank: ids from ID numbers or names, topics, difficulty and unit from tags, the
/// explanation and citations from the general feedback, and one `import` source for questions
/// that cite nothing.
#[expect(
    clippy::too_many_lines,
    reason = "one linear pass over the imported questions"
)]
pub fn assemble(parsed: Parsed, opts: &ImportOptions) -> Import {
    let Parsed {
        questions: imported,
        mut log,
    } = parsed;
    let mut questions: Vec<Question> = Vec::new();
    // Only asked whether an id is taken (never walked), so a hash set: ids that share a long
    // prefix (`gen-00001`, …) make every comparison of an ordered set long.
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut sources: BTreeMap<String, Source> = BTreeMap::new();
    let mut renamed: BTreeMap<(String, String), String> = BTreeMap::new();
    // The next `-N` suffix to try per id, so that thousands of questions (or citations) sharing
    // one id are numbered in linear time, not by trying every suffix from 2 again.
    let mut next_suffix: BTreeMap<String, usize> = BTreeMap::new();
    let mut next_source_suffix: BTreeMap<String, usize> = BTreeMap::new();
    let mut default_difficulty = 0;
    for mut q in imported {
        let loc = q.location.clone();
        let name = q.name.clone();
        if let Err(reason) = check_kind(&q.kind) {
            log.skip(&loc, &name, reason);
            continue;
        }
        let (prompt, content_warning) = split_warning(std::mem::take(&mut q.prompt));
        if prompt.is_empty() {
            log.skip(&loc, &name, "the question text is empty");
            continue;
        }
        // Tags that carry our fields.
        let mut tags = Vec::new();
        let mut seen_tags = BTreeSet::new();
        for tag in std::mem::take(&mut q.tags) {
            let tag = if tag.trim().len() == tag.len() {
                tag
            } else {
                tag.trim().to_owned()
            };
            if let Some(d) = tag
                .strip_prefix("difficulty-")
                .and_then(|d| d.parse::<u8>().ok())
                .filter(|d| (1..=3).contains(d))
            {
                q.difficulty.get_or_insert(d);
            } else if let (Some(u), Kind::Numeric { unit, .. }) =
                (tag.strip_prefix("unit:"), &mut q.kind)
            {
                unit.get_or_insert_with(|| u.trim().to_owned());
            } else if !tag.is_empty() && is_new_tag(&tags, &mut seen_tags, &tag) {
                tags.push(tag);
            }
        }
        let difficulty = q.difficulty.unwrap_or_else(|| {
            default_difficulty += 1;
            DEFAULT_DIFFICULTY
        });
        let (mut explanation, mut citations) =
            sources_block::split_owned(std::mem::take(&mut q.feedback));
        if !q.sources.is_empty() {
            citations = std::mem::take(&mut q.sources);
        }
        if explanation.is_empty() {
            NO_EXPLANATION.clone_into(&mut explanation);
            log.change(
                &loc,
                &name,
                "no general feedback: the explanation says so (\"No explanation was provided…\")",
            );
        }
        let mut cited = Vec::with_capacity(citations.len().max(1));
        for mut c in citations {
            let locator = c.locator.take();
            let id = source_id(
                &mut sources,
                &mut renamed,
                &mut next_source_suffix,
                c,
                (&loc, &name),
                &mut log,
            );
            cited.push(Citation { id, locator });
        }
        if cited.is_empty() {
            let import = import_source(opts);
            let block = BlockCitation {
                id: import.id.clone(),
                locator: None,
                citation: import.citation.clone(),
                url: None,
            };
            // Through `source_id`, so a file that itself cites an `import` source keeps it apart.
            let id = source_id(
                &mut sources,
                &mut renamed,
                &mut next_source_suffix,
                block,
                (&loc, &name),
                &mut log,
            );
            if let Some(s) = sources.get_mut(&id) {
                s.date.clone_from(&import.date);
            }
            cited.push(Citation { id, locator: None });
        }
        let id = question_id(&q, &used_ids, &mut next_suffix, questions.len() + 1);
        used_ids.insert(id.clone());
        *log.imported.entry(q.kind.name().to_owned()).or_insert(0) += 1;
        questions.push(Question {
            id: QuestionId(id),
            topic: q.topic.take().unwrap_or_else(|| "General".to_owned()),
            tags,
            difficulty,
            kind: q.kind,
            prompt,
            explanation,
            sources: cited,
            content_warning,
        });
    }
    if default_difficulty > 0 {
        log.push(
            &Location::File,
            "",
            super::log::Action::Note,
            format!(
                "{default_difficulty} question(s) had no difficulty-N tag; they get difficulty {DEFAULT_DIFFICULTY}"
            ),
        );
    }
    let bank = Bank {
        id: BankId(opts.bank_id.clone()),
        title: opts.title.clone(),
        description: format!(
            "Questions imported from {} on {}. Topics follow the file's categories.",
            opts.file_name, opts.date
        ),
        language: opts.language.clone(),
        version: "1.0.0".to_owned(),
        authors: opts.authors.clone(),
        license: opts.license.clone(),
        content_note: None,
        sources,
        questions,
        glossary: Vec::new(),
        events: Vec::new(),
        map: crate::model::BankMap::default(),
    };
    Import { bank, log }
}

/// Whether `tag` is not among `tags` yet. A few tags are compared one by one (no copies); from
/// 16 on, `seen` holds them all, so that a question with thousands of tags is not quadratic.
fn is_new_tag(tags: &[String], seen: &mut BTreeSet<String>, tag: &str) -> bool {
    if tags.len() < 16 {
        return !tags.iter().any(|t| t == tag);
    }
    if seen.is_empty() {
        seen.extend(tags.iter().cloned());
    }
    seen.insert(tag.to_owned())
}

fn import_source(opts: &ImportOptions) -> Source {
    Source {
        id: IMPORT_SOURCE_ID.to_owned(),
        note: None,
        work: None,
        citation: format!("Imported from {} on {}.", opts.file_name, opts.date),
        url: None,
        authors: Vec::new(),
        title: None,
        publisher: None,
        date: Some(opts.date.clone()),
        also: Vec::new(),
    }
}

/// The source id for a citation: its own, or a new one when another question used the same id for
/// a different citation.
fn source_id(
    sources: &mut BTreeMap<String, Source>,
    renamed: &mut BTreeMap<(String, String), String>,
    next_suffix: &mut BTreeMap<String, usize>,
    c: BlockCitation,
    (loc, name): (&Location, &str),
    log: &mut ImportLog,
) -> String {
    let same = |s: &Source| s.citation == c.citation && s.url == c.url;
    match sources.get(&c.id) {
        None => {
            sources.insert(c.id.clone(), new_source(&c.id, &c));
            return c.id;
        }
        Some(s) if same(s) => return c.id,
        Some(_) => {}
    }
    if let Some(id) = renamed.get(&(c.id.clone(), c.citation.clone())) {
        return id.clone();
    }
    // Suffixes below the remembered one are taken by other citations (sources only grow).
    let n = next_suffix.entry(c.id.clone()).or_insert(2);
    let id = loop {
        let candidate = format!("{}-{n}", c.id);
        match sources.get(&candidate) {
            Some(s) if same(s) => break candidate,
            None => break candidate,
            Some(_) => *n += 1,
        }
    };
    log.change(
        loc,
        name,
        format!(
            "source id `{}` is used with two different citations; this one became `{id}`",
            c.id
        ),
    );
    sources
        .entry(id.clone())
        .or_insert_with(|| new_source(&id, &c));
    renamed.insert((c.id.clone(), c.citation.clone()), id.clone());
    id
}

fn new_source(id: &str, c: &BlockCitation) -> Source {
    Source {
        id: id.to_owned(),
        note: None,
        work: None,
        citation: c.citation.clone(),
        url: c.url.clone(),
        authors: Vec::new(),
        title: None,
        publisher: None,
        date: None,
        also: Vec::new(),
    }
}

/// The question's id: its ID number, else a slug of its name, else `q-N`; made unique with `-2`, ….
/// `next` remembers, per base, the suffix to try first: those below it are taken (`used` only grows).
fn question_id(
    q: &Imported,
    used: &HashSet<String>,
    next: &mut BTreeMap<String, usize>,
    n: usize,
) -> String {
    let base = q
        .idnumber
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .or_else(|| Some(slug(&q.name)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| format!("q-{n:04}"));
    if !used.contains(&base) {
        return base;
    }
    let first = next.get(&base).copied().unwrap_or(2);
    let Some((i, id)) = (first..=first + used.len() + 2)
        .map(|i| (i, format!("{base}-{i}")))
        .find(|(_, c)| !used.contains(c))
    else {
        return base;
    };
    next.insert(base, i + 1);
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Choice;

    fn imported(name: &str, feedback: &str) -> Imported {
        Imported {
            location: Location::Line(1),
            name: name.into(),
            idnumber: None,
            topic: None,
            tags: vec!["difficulty-3".into(), "x".into()],
            difficulty: None,
            prompt: format!("{CONTENT_WARNING}Violence.\n\nWhat?"),
            feedback: feedback.into(),
            sources: Vec::new(),
            kind: Kind::Single {
                choices: vec![
                    Choice {
                        text: "a".into(),
                        feedback: None,
                    },
                    Choice {
                        text: "b".into(),
                        feedback: None,
                    },
                ],
                answer: 0,
            },
        }
    }

    #[test]
    fn repeated_tags_are_dropped_before_and_after_sixteen() {
        let mut q = imported("Many tags", "");
        q.tags = (0..40).map(|i| format!("t{}", i % 25)).collect();
        let parsed = Parsed {
            questions: vec![q],
            log: ImportLog::default(),
        };
        let out = assemble(parsed, &ImportOptions::for_file("f.gift", "2026-01-02"));
        let expected: Vec<String> = (0..25).map(|i| format!("t{i}")).collect();
        assert_eq!(out.bank.questions[0].tags, expected);
    }

    #[test]
    fn ids_sources_and_placeholders() {
        let parsed = Parsed {
            questions: vec![
                imported("Same name", ""),
                imported("Same name", "Because.\n\nSources:\n\n[1] Smith."),
                imported("Other", "Also.\n\nSources:\n\n[1] Jones."),
            ],
            log: ImportLog::default(),
        };
        let out = assemble(
            parsed,
            &ImportOptions::for_file("dir/My File.gift", "2026-01-02"),
        );
        let b = &out.bank;
        assert_eq!(b.id.0, "my-file");
        let ids: Vec<&str> = b.questions.iter().map(|q| q.id.0.as_str()).collect();
        assert_eq!(ids, ["same-name", "same-name-2", "other"]);
        assert_eq!(b.questions[0].explanation, NO_EXPLANATION);
        assert_eq!(b.questions[0].sources[0].id, "import");
        assert_eq!(b.questions[2].sources[0].id, "1-2");
        assert_eq!(b.questions[1].difficulty, 3);
        assert_eq!(b.questions[1].tags, ["x"]);
        assert_eq!(b.questions[1].content_warning.as_deref(), Some("Violence."));
        assert_eq!(b.questions[1].prompt, "What?");
        assert_eq!(
            b.sources["import"].citation,
            "Imported from dir/My File.gift on 2026-01-02."
        );
        assert_eq!(out.log.changed(), 2, "{}", out.log);
    }
}
