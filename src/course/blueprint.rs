//! Blueprints (how many questions of which sort) and the deterministic draw of an exam's
//! parallel forms: the same bank, blueprint and seed give byte-identical papers everywhere.

use std::collections::{BTreeMap, BTreeSet};

use rand::Rng as _;
use rand::SeedableRng as _;
use rand::seq::SliceRandom as _;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::exam::{Exam, ExamError, Result, check_bank, find_bank};
use crate::engine::{QuizItem, quiz_of};
use crate::model::{Bank, Kind, KindName, Question};

/// How many questions of which sort each form has.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blueprint {
    /// Questions per form.
    pub questions: usize,
    /// Exact counts for some topics; the rest of the paper comes from the other topics.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub topics: BTreeMap<String, usize>,
    /// Difficulty levels (1 to 3) to draw from; empty for all.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub difficulties: BTreeSet<u8>,
    /// Question kinds to draw from; empty for all.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub kinds: BTreeSet<String>,
}

impl Blueprint {
    /// Checks what does not need the bank.
    pub fn validate(&self) -> Result<()> {
        let invalid = |m: String| Err(ExamError::Invalid(m));
        if self.questions == 0 {
            return invalid("an exam needs at least one question".into());
        }
        if self.questions > 1000 {
            return invalid("an exam has at most 1000 questions".into());
        }
        if let Some(d) = self.difficulties.iter().find(|d| !(1..=3).contains(*d)) {
            return invalid(format!("difficulty {d} is not 1, 2 or 3"));
        }
        if let Some(k) = self.kinds.iter().find(|k| KindName::parse(k).is_none()) {
            return invalid(format!(
                "unknown kind \"{k}\" (kinds: {})",
                KindName::list()
            ));
        }
        if let Some((t, _)) = self.topics.iter().find(|(_, n)| **n == 0) {
            return invalid(format!("topic \"{t}\" is given 0 questions"));
        }
        let quota: usize = self.topics.values().sum();
        if quota > self.questions {
            return invalid(format!(
                "the topic counts add up to {quota}, more than the {} questions",
                self.questions
            ));
        }
        Ok(())
    }

    /// Whether `question` passes the difficulty and kind filters.
    pub fn accepts(&self, question: &Question) -> bool {
        (self.difficulties.is_empty() || self.difficulties.contains(&question.difficulty))
            && (self.kinds.is_empty() || self.kinds.contains(question.kind.name()))
    }

    fn filter_words(&self) -> &'static str {
        match (self.difficulties.is_empty(), self.kinds.is_empty()) {
            (true, true) => "",
            (false, true) => " of the chosen difficulties",
            (true, false) => " of the chosen kinds",
            (false, false) => " of the chosen difficulties and kinds",
        }
    }
}

/// One form of an exam, ready to take: the questions in order with their choice orders.
#[derive(Clone, Debug, PartialEq)]
pub struct Paper {
    /// The exam.
    pub exam: Exam,
    /// Which form (index into `exam.forms`; 0 for an exam without forms).
    pub form: usize,
    /// This form's exam code.
    pub code: String,
    /// The questions, in the order asked.
    pub items: Vec<QuizItem>,
}

impl Paper {
    /// The paper of a typed exam code, rebuilt from the banks on this machine (what "Take an
    /// exam" does with the code the learner types).
    pub fn from_code(code: &str, banks: &[Bank]) -> Result<Self> {
        let (exam, form) = Exam::from_code(code, banks)?;
        let bank = find_bank(&exam.bank, banks)?;
        exam.paper(bank, form)
    }

    /// The paper of form `form` of an exam file (`None` for an exam with at most one form).
    pub fn from_file(path: &std::path::Path, form: Option<&str>, banks: &[Bank]) -> Result<Self> {
        let exam = Exam::read(path)?;
        if form.is_none() && exam.forms.len() > 1 {
            return Err(ExamError::ChooseForm(exam.forms.join(", ")));
        }
        let index = exam.form_index(form)?;
        let bank = find_bank(&exam.bank, banks)?;
        exam.paper(bank, index)
    }

    /// The form's name (`None` for an exam without forms).
    pub fn form_name(&self) -> Option<&str> {
        self.exam.form_name(self.form)
    }

    /// One line per question: `N<TAB>bank<TAB>question_id<TAB>order`, where order is the
    /// presentation order (authored 0-based indices: choices, order items or match options)
    /// joined by commas, or `-` for kinds without one. `exam show` prints it.
    pub fn listing(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        for (i, item) in self.items.iter().enumerate() {
            let order = if item.display_order.is_empty() {
                "-".to_owned()
            } else {
                item.display_order
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            };
            writeln!(
                out,
                "{}\t{}\t{}\t{order}",
                i + 1,
                item.bank,
                item.question.id
            )
            .ok();
        }
        out
    }
}

impl Exam {
    /// The paper of form `form`, drawn from `bank` (which must be the exam's bank).
    pub fn paper(&self, bank: &Bank, form: usize) -> Result<Paper> {
        check_bank(&self.bank, bank)?;
        self.validate()?;
        let code = self.code(bank, form)?;
        let mut forms = draw(bank, self)?;
        if form >= forms.len() {
            return Err(ExamError::Invalid(format!(
                "the exam has no form {}",
                form + 1
            )));
        }
        let items = forms.swap_remove(form);
        Ok(Paper {
            exam: self.clone(),
            form,
            code,
            items,
        })
    }
}

/// Draws every form of `exam` from `bank`: for each topic with a count (by name), then for the
/// other topics, the matching questions (in bank order) are shuffled once and dealt out in
/// consecutive runs, so forms never share a question; then each form is shuffled and its
/// choices ordered. One `ChaCha8Rng` seeded with the exam's seed drives every step.
pub fn draw(bank: &Bank, exam: &Exam) -> Result<Vec<Vec<QuizItem>>> {
    let blueprint = &exam.blueprint;
    let form_count = exam.forms.len().max(1);
    let forms_word = if form_count == 1 {
        String::new()
    } else {
        format!(" ({form_count} forms with no question in common)")
    };
    let topics = bank.topic_counts();
    if let Some(t) = blueprint.topics.keys().find(|t| !topics.contains_key(*t)) {
        return Err(ExamError::Invalid(format!(
            "bank \"{}\" has no topic \"{t}\" (topics: {})",
            bank.id,
            topics.keys().cloned().collect::<Vec<_>>().join(", ")
        )));
    }
    let pool: Vec<&Question> = bank
        .questions
        .iter()
        .filter(|q| blueprint.accepts(q))
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(u64::from(exam.seed));
    let mut forms: Vec<Vec<&Question>> = vec![Vec::new(); form_count];
    let unfillable = |need: usize, what: &str, have: usize| {
        ExamError::Unfillable(format!(
            "it needs {need} questions{what}{}{forms_word}, but bank \"{}\" has {have}",
            blueprint.filter_words(),
            bank.id,
        ))
    };
    for (topic, &count) in &blueprint.topics {
        let group = pool.iter().copied().filter(|q| &q.topic == topic).collect();
        deal(&mut forms, group, count, &mut rng)
            .map_err(|(need, have)| unfillable(need, &format!(" of topic \"{topic}\""), have))?;
    }
    let rest_count = blueprint.questions - blueprint.topics.values().sum::<usize>();
    if rest_count > 0 {
        let rest = pool
            .iter()
            .copied()
            .filter(|q| !blueprint.topics.contains_key(&q.topic))
            .collect();
        let what = if blueprint.topics.is_empty() {
            String::new()
        } else {
            " of the topics without a count".to_owned()
        };
        deal(&mut forms, rest, rest_count, &mut rng)
            .map_err(|(need, have)| unfillable(need, &what, have))?;
    }
    let papers = forms
        .into_iter()
        .map(|mut questions| {
            questions.shuffle(&mut rng);
            let items = questions
                .into_iter()
                .map(|q| (bank.id.clone(), bank.version.clone(), q.clone()))
                .collect();
            let mut quiz = quiz_of(items, rng.next_u64());
            if !exam.shuffle_choices {
                for item in &mut quiz.items {
                    if matches!(
                        item.question.kind,
                        Kind::Single { .. } | Kind::Multiple { .. }
                    ) {
                        item.display_order.sort_unstable();
                    }
                }
            }
            quiz.items
        })
        .collect();
    Ok(papers)
}

/// Shuffles `group` and gives each form the next `per_form` questions; `Err((need, have))` if
/// there are too few.
fn deal<'q>(
    forms: &mut [Vec<&'q Question>],
    mut group: Vec<&'q Question>,
    per_form: usize,
    rng: &mut ChaCha8Rng,
) -> std::result::Result<(), (usize, usize)> {
    let need = per_form * forms.len();
    if group.len() < need {
        return Err((need, group.len()));
    }
    group.shuffle(rng);
    for (form, run) in forms.iter_mut().zip(group.chunks(per_form.max(1))) {
        form.extend(run.iter().take(per_form));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::exam::tests::{bank, exam};

    fn ids(items: &[QuizItem]) -> BTreeSet<String> {
        items.iter().map(|i| i.question.id.0.clone()).collect()
    }

    #[test]
    fn forms_follow_the_blueprint_and_share_nothing() {
        let bank = bank();
        let exam = exam(&bank);
        let forms = draw(&bank, &exam).unwrap();
        assert_eq!(forms.len(), 2);
        for form in &forms {
            assert_eq!(form.len(), 6);
            let b = form.iter().filter(|i| i.question.topic == "B").count();
            assert_eq!(b, 2);
        }
        assert!(ids(&forms[0]).is_disjoint(&ids(&forms[1])));
    }

    #[test]
    fn the_draw_is_deterministic_and_depends_on_the_seed() {
        let bank = bank();
        let mut exam = exam(&bank);
        let a = exam.paper(&bank, 0).unwrap().listing();
        assert_eq!(a, exam.paper(&bank, 0).unwrap().listing());
        exam.seed = 8;
        assert_ne!(a, exam.paper(&bank, 0).unwrap().listing());
        // Pinned: a change to the draw (rand_chacha, the shuffle, the dealing) would change the
        // paper of every code already handed out.
        assert_eq!(
            a,
            "1\tdemo\tb-07\t2,0,1,3\n2\tdemo\tb-00\t2,3,0,1\n3\tdemo\ta-11\t-\n\
             4\tdemo\tc-02\t-\n5\tdemo\ta-05\t-\n6\tdemo\ta-08\t-\n"
        );
    }

    #[test]
    fn unfillable_blueprints_say_what_is_missing() {
        let bank = bank();
        let mut exam = exam(&bank);
        exam.blueprint.topics = [("C".to_owned(), 3)].into();
        let err = draw(&bank, &exam).unwrap_err().to_string();
        assert!(
            err.contains("needs 6 questions of topic \"C\"") && err.contains("has 4"),
            "{err}"
        );
        exam.blueprint.topics.clear();
        exam.blueprint.questions = 13;
        let err = draw(&bank, &exam).unwrap_err().to_string();
        assert!(
            err.contains("needs 26 questions") && err.contains("has 24"),
            "{err}"
        );
        exam.blueprint.questions = 5;
        exam.blueprint.kinds = ["true_false".to_owned()].into();
        assert!(
            draw(&bank, &exam)
                .unwrap_err()
                .to_string()
                .contains("of the chosen kinds")
        );
        exam.blueprint.kinds.clear();
        exam.blueprint.topics = [("Z".to_owned(), 1)].into();
        assert!(
            draw(&bank, &exam)
                .unwrap_err()
                .to_string()
                .contains("no topic \"Z\"")
        );
    }

    #[test]
    fn filters_and_choice_order() {
        let bank = bank();
        let mut exam = exam(&bank);
        exam.forms.clear();
        exam.blueprint.topics.clear();
        exam.blueprint.difficulties = [1].into();
        exam.blueprint.kinds = ["single".to_owned()].into();
        exam.blueprint.questions = 8;
        exam.shuffle_choices = false;
        let paper = exam.paper(&bank, 0).unwrap();
        assert_eq!(paper.items.len(), 8);
        for item in &paper.items {
            assert_eq!(item.question.difficulty, 1);
            assert_eq!(item.display_order, [0, 1, 2, 3]);
        }
        exam.shuffle_choices = true;
        let paper = exam.paper(&bank, 0).unwrap();
        assert!(paper.items.iter().any(|i| i.display_order != [0, 1, 2, 3]));
        assert!(paper.listing().starts_with("1\tdemo\t"));
    }

    #[test]
    fn papers_open_from_codes_and_exam_files() {
        let bank = bank();
        let exam = exam(&bank);
        let codes = exam.codes(&bank).unwrap();
        let banks = [bank.clone()];
        let from_code = Paper::from_code(&codes[1].code, &banks).unwrap();
        assert_eq!(from_code.listing(), exam.paper(&bank, 1).unwrap().listing());
        assert_eq!(from_code.form_name(), Some("post"));

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exam.toml");
        std::fs::write(&path, exam.to_toml(&codes).unwrap()).unwrap();
        assert!(matches!(
            Paper::from_file(&path, None, &banks),
            Err(ExamError::ChooseForm(_))
        ));
        let from_file = Paper::from_file(&path, Some("post"), &banks).unwrap();
        assert_eq!(from_file.listing(), from_code.listing());
        assert_eq!(from_file.code, codes[1].code);
        assert_eq!(from_file.exam.title, "Demo pre/post");
        assert!(matches!(
            Paper::from_file(&path, Some("mid"), &banks),
            Err(ExamError::UnknownForm { .. })
        ));
        assert!(matches!(
            Paper::from_file(&dir.path().join("none.toml"), None, &banks),
            Err(ExamError::Io { .. })
        ));
    }
}
