//! GIFT import: Moodle's own conformance cases (shared/fixtures/moodle/EXPECTATIONS.md, one test
//! each), Moodle's whole test files, and our fixtures in tests/fixtures/gift/ (one concern each).

use counterpoint::interchange::gift::import::{GiftQuestion, GiftType, Item, read};
use counterpoint::interchange::moodle::TextFormat;
use counterpoint::interchange::{self, Error, Format, NO_EXPLANATION};
use counterpoint::model::{Kind, NumericAnswer};

use super::util::{fixture, import_file, import_options, kinds, moodle_fixtures};

/// The only question of a GIFT snippet, as Moodle's importer reads it.
fn one(gift: &str) -> GiftQuestion {
    let items = read(gift);
    let questions: Vec<GiftQuestion> = items
        .into_iter()
        .filter_map(|i| match i {
            Item::Question(q) => Some(*q),
            _ => None,
        })
        .collect();
    assert_eq!(questions.len(), 1, "{gift}");
    questions.into_iter().next().unwrap()
}

fn import(gift: &str) -> interchange::Import {
    interchange::import(Format::Gift, gift.as_bytes(), &import_options("t.gift")).unwrap()
}

fn fractions(q: &GiftQuestion) -> Vec<f64> {
    q.answers.iter().map(|a| a.fraction).collect()
}

// ---- Whole files (EXPECTATIONS.md "Whole files") ----

#[test]
fn moodle_questions_gift_txt_reads_nine_questions_and_imports_eight() {
    let Some(dir) = moodle_fixtures() else { return };
    let path = dir.join("questions.gift.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let questions: Vec<GiftQuestion> = read(&text)
        .into_iter()
        .filter_map(|i| match i {
            Item::Question(q) => Some(*q),
            _ => None,
        })
        .collect();
    // Moodle: "Importing 9 questions from file".
    assert_eq!(questions.len(), 9);
    let types: Vec<GiftType> = questions.iter().map(|q| q.qtype).collect();
    assert_eq!(
        types,
        [
            GiftType::Essay,
            GiftType::Matching,
            GiftType::MultiChoice,
            GiftType::MultiChoice,
            GiftType::Numerical,
            GiftType::ShortAnswer,
            GiftType::TrueFalse,
            GiftType::TrueFalse,
            GiftType::TrueFalse,
        ]
    );
    // The stray `";` after the braces makes missing-word questions.
    assert_eq!(
        questions[4].text.text,
        "What is a number from 1 to 5? _____\";"
    );
    assert_eq!(
        questions[6].text.text,
        "42 is the Absolute Answer to everything._____\";"
    );
    let out = import_file(Format::Gift, &path).unwrap();
    assert_eq!(
        kinds(&out.bank),
        [
            "match",
            "single",
            "multiple",
            "numeric",
            "text",
            "true_false",
            "true_false",
            "true_false"
        ]
    );
    assert_eq!(out.log.skipped(), 1);
    assert_eq!(
        out.log.skip_reasons(),
        ["essay (empty answer block): essays have no automatic grading"]
    );
    let ids: Vec<&str> = out.bank.questions.iter().map(|q| q.id.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "moodle-activities",
            "q2",
            "colours",
            "q5",
            "shortanswer",
            "q1",
            "2-08-tsl",
            "2-08-tsl-2"
        ]
    );
}

#[test]
fn moodle_questions_in_category_imports_four_under_the_category() {
    let Some(dir) = moodle_fixtures() else { return };
    let path = dir.join("questions_in_category.gift.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let items = read(&text);
    assert!(
        matches!(&items[0], Item::Category { path, .. } if path == "$course$/Default for New Features")
    );
    assert_eq!(items.len(), 5, "the category block is not a question");
    let out = import_file(Format::Gift, &path).unwrap();
    assert_eq!(kinds(&out.bank), ["match", "single", "text", "true_false"]);
    assert!(
        out.bank
            .questions
            .iter()
            .all(|q| q.topic == "Default for New Features")
    );
    assert_eq!(out.log.skipped(), 0);
    let greeting = &out.bank.questions[1];
    assert_eq!(
        greeting.prompt,
        "[Listen to this greeting:](http://demo.moodle.net/file.php/5/media/bonjour.mp3)\n\nWhat language is being spoken?"
    );
    assert!(matches!(&out.bank.questions[2].kind, Kind::Text { accept } if accept == &["Moodler"]));
    assert_eq!(
        out.bank.questions[3].prompt,
        "Moodle is an acronym for Modular Object-Oriented Dynamic Learning Environment."
    );
}

#[test]
fn moodle_windows_1252_gift_is_rejected_with_the_first_invalid_byte() {
    let Some(dir) = moodle_fixtures() else { return };
    let err = import_file(
        Format::Gift,
        &dir.join("questions_encoding_windows-1252.gift.txt"),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotUtf8 {
                line: 15,
                column: 7,
                byte: 0xF6,
                ..
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.starts_with("questions_encoding_windows-1252.gift.txt:15:7:"),
        "{message}"
    );
    assert!(message.contains("GIFT files must use UTF-8"), "{message}");
}

// ---- Parser rules ----

#[test]
fn blank_lines_separate_questions_and_comments_are_ignored() {
    let items = read("// c1\n::a::A?{T}\n// c2\n\n\n::b::B?{F}\n");
    assert_eq!(items.len(), 2);
}

#[test]
fn type_detection_follows_moodles_order() {
    let t = |s: &str| match read(s).pop() {
        Some(Item::Question(q)) => q.qtype,
        other => panic!("{other:?}"),
    };
    assert_eq!(t("No braces."), GiftType::Description);
    assert_eq!(t("Essay{}"), GiftType::Essay);
    assert_eq!(t("N{#1:0 ~x -> y}"), GiftType::Numerical);
    assert_eq!(t("M{=a -> b ~c}"), GiftType::MultiChoice);
    assert_eq!(t("M{=a -> b =c -> d}"), GiftType::Matching);
    assert_eq!(t("T{TRUE#x#y}"), GiftType::TrueFalse);
    assert_eq!(t("T{F}"), GiftType::TrueFalse);
    assert_eq!(t("S{=x}"), GiftType::ShortAnswer);
    assert_eq!(t("S{TRUTH}"), GiftType::ShortAnswer);
}

#[test]
fn minimum_answer_counts() {
    let out = import("::one::One?{~%100%yes}\n\n::pair::P?{=a -> b}\n\n::sa::S?{=x}");
    assert_eq!(kinds(&out.bank), ["text"]);
    let reasons = out.log.skip_reasons();
    assert!(
        reasons[0].contains("at least 2 answers, found 1"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].contains("at least 2 answers, found 1"),
        "{reasons:?}"
    );
}

#[test]
fn escapes_give_the_literal_characters() {
    let q = one(r"::e::Escapes \~ \= \# \{ \} \: and a\nnewline and \\ [brackets]{T}");
    assert_eq!(
        q.text.text,
        "Escapes ~ = # { } : and a\nnewline and \\ [brackets]"
    );
}

// ---- Single cases 1-14 ----

#[test]
fn case_01_essay_with_name() {
    let q = one("::Q8:: How are you? {}");
    assert_eq!(q.qtype, GiftType::Essay);
    assert_eq!(q.name, "Q8");
    assert_eq!(q.text.format, TextFormat::Moodle);
    assert_eq!(q.default_mark, 1.0);
    assert!((q.penalty - 0.333_333_3).abs() < 1e-9);
    let out = import("::Q8:: How are you? {}");
    assert!(out.bank.questions.is_empty());
    assert_eq!(out.log.skipped(), 1);
}

#[test]
fn case_02_matching_item_formats_and_extra_answer() {
    let gift = "::Moodle activities::[html]Match the <b>activity</b> to the description.{\n\
        =[html]An activity supporting asynchronous discussions. -> Forum\n\
        =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice\n\
        =[plain]A bank of record entries which participants can add to. -> Database\n\
        =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki\n\
        = -> Chat\n}";
    let q = one(gift);
    let formats: Vec<TextFormat> = q.subquestions.iter().map(|(t, _)| t.format).collect();
    assert_eq!(
        formats,
        [
            TextFormat::Html,
            TextFormat::Moodle,
            TextFormat::Plain,
            TextFormat::Markdown,
            TextFormat::Html
        ]
    );
    assert_eq!(q.subquestions[4].0.text, "");
    assert_eq!(q.subquestions[4].1, "Chat");
    let out = import(gift);
    match &out.bank.questions[0].kind {
        Kind::Match { pairs, distractors } => {
            assert_eq!(pairs.len(), 4);
            assert_eq!(distractors, &["Chat"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        out.bank.questions[0].prompt,
        "Match the **activity** to the description."
    );
}

#[test]
fn case_03_single_choice_answer_and_feedback_formats() {
    let gift = "::Q2:: What's between orange and green in the spectrum?\n{\n\
        =yellow # right; good!\n~red # [html]wrong, it's yellow\n~[plain]blue # wrong, it's yellow\n}";
    let q = one(gift);
    assert_eq!(q.qtype, GiftType::MultiChoice);
    assert!(q.single);
    assert_eq!(fractions(&q), [1.0, 0.0, 0.0]);
    let answer_formats: Vec<TextFormat> = q.answers.iter().map(|a| a.text.format).collect();
    assert_eq!(
        answer_formats,
        [TextFormat::Moodle, TextFormat::Moodle, TextFormat::Plain]
    );
    let feedback_formats: Vec<TextFormat> = q.answers.iter().map(|a| a.feedback.format).collect();
    assert_eq!(
        feedback_formats,
        [TextFormat::Moodle, TextFormat::Html, TextFormat::Moodle]
    );
    let out = import(gift);
    assert!(
        matches!(&out.bank.questions[0].kind, Kind::Single { answer: 0, choices } if choices.len() == 3)
    );
}

#[test]
fn case_04_multiple_answer_with_negative_weights() {
    let gift = "::colours:: Colour?\n{\n~%50%yellow # right\n~%-100%red # [html]wrong\n~%50%off-beige\n~%-100%[plain]blue\n}";
    let q = one(gift);
    assert!(!q.single);
    assert_eq!(fractions(&q), [0.5, -1.0, 0.5, -1.0]);
    let out = import(gift);
    assert!(
        matches!(&out.bank.questions[0].kind, Kind::Multiple { answers, .. } if answers == &[0, 2])
    );
    assert!(
        out.log
            .entries
            .iter()
            .any(|e| e.reason.starts_with("weights not representable")),
        "{}",
        out.log
    );
}

#[test]
fn case_05_no_equals_sign_means_multiple_answer() {
    let q = one("Colour?{~%100%yellow ~%-50%red ~%-50%blue}");
    assert!(!q.single);
    assert_eq!(fractions(&q), [1.0, -0.5, -0.5]);
    let out = import("Colour?{~%100%yellow ~%-50%red ~%-50%blue}");
    assert_eq!(kinds(&out.bank), ["multiple"]);
}

#[test]
fn case_06_numerical_with_wrong_answer_feedback() {
    let q = one("::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}");
    assert_eq!(q.qtype, GiftType::Numerical);
    assert_eq!(q.answers.len(), 2);
    assert_eq!(q.answers[0].text.text, "3");
    assert_eq!(q.answers[0].fraction, 1.0);
    assert_eq!(
        q.answers[0].numeric,
        Some(NumericAnswer::Exact {
            value: 3.0,
            tolerance: 2.0
        })
    );
    assert_eq!(q.answers[1].text.text, "*");
    assert_eq!(q.answers[1].fraction, 0.0);
    assert_eq!(q.answers[1].feedback.text, "Completely wrong");
}

#[test]
fn case_07_short_answer_fractions() {
    let q = one(
        "::S::Which is the best animal?{\n=Frog#Good!\n=%50%Cat#What is it with Moodlers and cats?\n=%0%*#Completely wrong\n}",
    );
    assert_eq!(q.qtype, GiftType::ShortAnswer);
    assert_eq!(fractions(&q), [1.0, 0.5, 0.0]);
    let texts: Vec<&str> = q.answers.iter().map(|a| a.text.text.as_str()).collect();
    assert_eq!(texts, ["Frog", "Cat", "*"]);
}

#[test]
fn case_08_general_feedback_format() {
    let q = one(
        "::S::Which is the best animal?{\n=Frog#Good!\n=%50%Cat#Cats.\n=%0%*#Wrong\n####[html]Here is some general feedback!\n}",
    );
    assert_eq!(q.general_feedback.format, TextFormat::Html);
    assert_eq!(q.general_feedback.text, "Here is some general feedback!");
    assert_eq!(q.text.format, TextFormat::Moodle);
}

#[test]
fn case_09_false_with_both_feedbacks() {
    let gift = "::Q1:: 42 is the Absolute Answer to everything.{\nFALSE#42 is the Ultimate Answer.#You gave the right answer.}";
    let q = one(gift);
    assert_eq!(q.qtype, GiftType::TrueFalse);
    assert!(!q.correct_answer);
    assert_eq!(q.feedback_true.text, "42 is the Ultimate Answer.");
    assert_eq!(q.feedback_false.text, "You gave the right answer.");
    let out = import(gift);
    assert_eq!(
        out.bank.questions[0].kind,
        Kind::TrueFalse {
            answer: false,
            feedback_true: Some("42 is the Ultimate Answer.".into()),
            feedback_false: Some("You gave the right answer.".into()),
        }
    );
}

#[test]
fn case_10_t_and_true() {
    for gift in [
        "::2-08 TSL::TSL is blablabla.{T}",
        "::2-08 TSL::TSL is blablabla.{TRUE}",
    ] {
        let q = one(gift);
        assert_eq!(q.qtype, GiftType::TrueFalse);
        assert!(q.correct_answer);
        assert_eq!(q.name, "2-08 TSL");
    }
}

#[test]
fn case_11_backslashes() {
    let q = one(r"A \\ B \\\\ C{}");
    assert_eq!(q.text.text, r"A \ B \\ C");
}

#[test]
fn case_12_multi_line_html_essay() {
    let q = one("[html]<p>Write some code:</p>\n<pre>fn main() \\{\n  run();\n\\}</pre>{}");
    assert_eq!(q.qtype, GiftType::Essay);
    assert_eq!(q.text.format, TextFormat::Html);
    assert_eq!(
        q.text.text,
        "<p>Write some code:</p>\n<pre>fn main() {\nrun();\n}</pre>"
    );
}

#[test]
fn case_13_tags_and_idnumber_from_comments() {
    let q = one("// [tag:tag] [tag:other-tag] [id:myid]\n::q::Q?{T}");
    assert_eq!(q.tags, ["tag", "other-tag"]);
    assert_eq!(q.idnumber.as_deref(), Some("myid"));
    assert_eq!(
        one("// [id:  four  ]\nQ?{T}").idnumber.as_deref(),
        Some("four")
    );
    assert_eq!(one("// [id:i\\]d]\nQ?{T}").idnumber.as_deref(), Some("i]d"));
    assert!(one("// [tag:split\n// tag]\nQ?{T}").tags.is_empty());
    let out = import("// [tag:tag] [id:myid]\n::q::Q?{T}");
    assert_eq!(out.bank.questions[0].id.0, "myid");
    assert_eq!(out.bank.questions[0].tags, ["tag"]);
}

#[test]
fn case_14_numeric_range_and_negative_weights() {
    let q = one("Number?{#1..5}");
    assert_eq!(
        q.answers[0].numeric,
        Some(NumericAnswer::Range { min: 1.0, max: 5.0 })
    );
    let q = one("Colour?{=yellow ~%-50%red ~blue}");
    assert_eq!(fractions(&q), [1.0, -0.5, 0.0]);
}

// ---- Export side ----

#[test]
fn moodle_style_numerical_export_imports() {
    let q = one("::Q5::Number?{#\n\t=%100%3:2#\n\t~#Completely wrong\n}");
    assert_eq!(
        q.answers[0].numeric,
        Some(NumericAnswer::Exact {
            value: 3.0,
            tolerance: 2.0
        })
    );
    assert_eq!(q.answers[1].feedback.text, "Completely wrong");
}

#[test]
fn our_export_tab_indents_answers_and_escapes() {
    let out = import("::n::[markdown]Number = ?{#3:2####Because a\\\\b = c.}");
    let gift = interchange::export(interchange::ExportFormat::Gift, &out.bank);
    assert!(gift.contains("{#\n\t=3:2\n\t####"), "{gift}");
    assert!(gift.contains(r"Number \= ?"), "{gift}");
    assert!(gift.contains(r"Because a\\b \= c."), "{gift}");
}

// ---- Our fixtures ----

fn ours(case: &str) -> interchange::Import {
    import_file(Format::Gift, &fixture("gift", case)).unwrap()
}

#[test]
fn sources_block_gives_ids_locators_and_links() {
    let out = ours("sources_block.gift");
    let q = &out.bank.questions[0];
    assert_eq!(q.id.0, "hist-020");
    assert_eq!(q.difficulty, 1);
    assert_eq!(q.tags, ["founding"]);
    assert_eq!(q.explanation, "IS central announced it in January 2015.");
    let ids: Vec<(&str, Option<&str>)> = q
        .sources
        .iter()
        .map(|c| (c.id.as_str(), c.locator.as_deref()))
        .collect();
    assert_eq!(ids, [("fn15", None), ("fn16", Some("p. 4"))]);
    let fn15 = &out.bank.sources["fn15"];
    assert_eq!(
        fn15.citation,
        "Don Rassler. \"Situating the Emergence.\" *CTC Sentinel*, 2015."
    );
    assert_eq!(fn15.url.as_deref(), Some("https://ctc.westpoint.edu/x"));
    assert!(!out.bank.sources.contains_key("import"));
}

#[test]
fn ordinal_matching_becomes_an_order_question() {
    let out = ours("order_as_matching.gift");
    assert_eq!(
        out.bank.questions[0].kind,
        Kind::Order {
            items: vec![
                "Hafiz Saeed Khan".into(),
                "Abdul Hasib Logari".into(),
                "Abu Saeed Ghaleb".into()
            ]
        }
    );
}

#[test]
fn content_warning_paragraph_is_recovered() {
    let q = &ours("content_warning.gift").bank.questions[0];
    assert_eq!(q.content_warning.as_deref(), Some("Refers to a bombing."));
    assert_eq!(q.prompt, "Where did the attack take place?");
}

#[test]
fn unit_and_difficulty_tags() {
    let q = &ours("unit_and_difficulty_tags.gift").bank.questions[0];
    assert_eq!(q.difficulty, 3);
    assert_eq!(q.tags, ["geography"]);
    assert_eq!(
        q.kind,
        Kind::Numeric {
            answer: NumericAnswer::Exact {
                value: 12.0,
                tolerance: 1.0
            },
            unit: Some("districts".into())
        }
    );
}

#[test]
fn missing_word_question_gets_a_blank() {
    let q = &ours("missing_word.gift").bank.questions[0];
    assert_eq!(q.prompt, "Moodle costs _____ to download from moodle.org.");
    assert!(matches!(q.kind, Kind::Single { answer: 1, .. }));
}

#[test]
fn html_becomes_markdown() {
    let q = &ours("html_formatting.gift").bank.questions[0];
    assert_eq!(
        q.prompt,
        "A **bold** and *italic* word\non two lines.\n\nSee [the site](https://example.org/a?b=1&c=2):\n\n- one\n- two & three"
    );
    assert_eq!(q.explanation, "**Right** étude.");
}

#[test]
fn description_is_skipped_with_a_reason() {
    let out = ours("description_skipped.gift");
    assert_eq!(kinds(&out.bank), ["true_false"]);
    let e = out
        .log
        .sorted_entries()
        .into_iter()
        .find(|e| e.action == interchange::Action::Skipped)
        .unwrap();
    assert_eq!(e.location, interchange::Location::Line(2));
    assert!(e.reason.contains("descriptions have no automatic grading"));
}

#[test]
fn unbalanced_braces_skip_one_block() {
    let out = ours("unbalanced_braces.gift");
    assert_eq!(kinds(&out.bank), ["true_false"]);
    assert!(out.log.skip_reasons()[0].contains("unbalanced braces"));
}

#[test]
fn invalid_grade_is_skipped_like_moodle_rejects_it() {
    let out = ours("invalid_grade.gift");
    assert!(out.bank.questions.is_empty());
    assert!(
        out.log.skip_reasons()[0].starts_with("invalid grade 33%"),
        "{}",
        out.log
    );
}

#[test]
fn too_few_answers_are_skipped() {
    let out = ours("too_few_answers.gift");
    assert!(out.bank.questions.is_empty());
    assert_eq!(out.log.skipped(), 2);
}

#[test]
fn duplicate_source_ids_are_renamed() {
    let out = ours("duplicate_source_ids.gift");
    let cited: Vec<&str> = out
        .bank
        .questions
        .iter()
        .map(|q| q.sources[0].id.as_str())
        .collect();
    assert_eq!(cited, ["1", "1-2", "1"]);
    assert_eq!(out.bank.sources["1-2"].citation, "Jones, 2021.");
    assert_eq!(out.log.changed(), 1);
}

#[test]
fn several_numeric_answers_keep_the_full_mark_one() {
    let out = ours("numeric_several_answers.gift");
    assert_eq!(
        out.bank.questions[0].kind,
        Kind::Numeric {
            answer: NumericAnswer::Exact {
                value: 2015.0,
                tolerance: 0.0
            },
            unit: None
        }
    );
    assert_eq!(out.log.changed(), 2, "{}", out.log);
}

#[test]
fn nested_and_escaped_categories() {
    let out = ours("category_nested.gift");
    let topics: Vec<&str> = out
        .bank
        .questions
        .iter()
        .map(|q| q.topic.as_str())
        .collect();
    assert_eq!(topics, ["History / Phases", "Size/geography"]);
}

#[test]
fn matching_with_a_shared_answer_is_skipped() {
    let out = ours("matching_duplicate_answer.gift");
    assert!(out.bank.questions.is_empty());
    assert!(out.log.skip_reasons()[0].contains("share one right-hand answer"));
}

#[test]
fn questions_without_feedback_get_the_placeholder_and_the_import_source() {
    let out = import("::q::Q?{T}");
    let q = &out.bank.questions[0];
    assert_eq!(q.explanation, NO_EXPLANATION);
    assert_eq!(q.sources[0].id, "import");
    assert_eq!(
        out.bank.sources["import"].citation,
        "Imported from t.gift on 2026-01-02."
    );
}
