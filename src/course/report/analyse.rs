//! From attempts to the report's tables: test statistics, item analysis, topics and learning
//! gain, following Moodle's quiz statistics report.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::{
    Attempt, ChoiceShare, ClassReport, ExamGain, ExamKey, GainPair, GainStats, ItemFlag, ItemStats,
    TestStats, TopicGain, TopicStats,
};
use super::stats;

/// Items whose discrimination index is below this are flagged.
pub const MIN_DISCRIMINATION: f64 = 0.2;
/// Items whose facility is below this are flagged (too hard).
pub const MIN_FACILITY: f64 = 0.1;
/// Items whose facility is above this are flagged (too easy).
pub const MAX_FACILITY: f64 = 0.95;

/// Builds every table of the report from the attempts (in any order) and the reading notes.
pub fn analyse(mut attempts: Vec<Attempt>, mut notes: Vec<String>) -> ClassReport {
    attempts.sort_by(|a, b| {
        a.exam
            .cmp(&b.exam)
            .then_with(|| a.form.cmp(&b.form))
            .then_with(|| a.learner.cmp(&b.learner))
            .then_with(|| a.submitted_at.cmp(&b.submitted_at))
            .then_with(|| a.id.cmp(&b.id))
    });
    let tests = test_stats(&attempts);
    let items = item_stats(&attempts);
    let topics = topic_stats(&attempts);
    let gains = gains(&attempts, &mut notes);
    ClassReport {
        attempts,
        tests,
        items,
        topics,
        gains,
        notes,
    }
}

fn test_stats(attempts: &[Attempt]) -> Vec<TestStats> {
    let mut out = Vec::new();
    if attempts.is_empty() {
        return out;
    }
    let all: Vec<&Attempt> = attempts.iter().collect();
    out.push(group_stats("All attempts".into(), None, None, &all));
    let mut groups: BTreeMap<(&ExamKey, Option<&str>), Vec<&Attempt>> = BTreeMap::new();
    for a in attempts {
        groups
            .entry((&a.exam, a.form.as_deref()))
            .or_default()
            .push(a);
    }
    for ((exam, form), group) in groups {
        let label = match form {
            Some(f) => format!("{}, form {f}", exam.label()),
            None => exam.label(),
        };
        out.push(group_stats(
            label,
            Some(exam.clone()),
            form.map(ToString::to_string),
            &group,
        ));
    }
    out
}

fn group_stats(
    label: String,
    exam: Option<ExamKey>,
    form: Option<String>,
    group: &[&Attempt],
) -> TestStats {
    let scores: Vec<f64> = group.iter().map(|a| a.score).collect();
    // Alpha needs one score matrix: the items every attempt of the group has.
    let mut common: Option<BTreeSet<&str>> = None;
    for a in group {
        let ids: BTreeSet<&str> = a.items.iter().map(|i| i.activity_id.as_str()).collect();
        common = Some(match common {
            None => ids,
            Some(c) => c.intersection(&ids).copied().collect(),
        });
    }
    let common: Vec<&str> = common.unwrap_or_default().into_iter().collect();
    let rows: Vec<Vec<f64>> = group
        .iter()
        .map(|a| {
            let by_id: HashMap<&str, f64> = a
                .items
                .iter()
                .map(|i| (i.activity_id.as_str(), i.score))
                .collect();
            common
                .iter()
                .filter_map(|id| by_id.get(id).copied())
                .collect()
        })
        .collect();
    TestStats {
        label,
        exam,
        form,
        attempts: group.len(),
        mean: stats::mean(&scores),
        median: stats::median(&scores),
        sd: stats::sd(&scores),
        alpha: stats::cronbach_alpha(&rows),
        alpha_items: common.len(),
        histogram: stats::histogram(&scores),
    }
}

#[derive(Default)]
struct ItemAccum {
    topic: String,
    kind: String,
    scores: Vec<f64>,
    rests: Vec<f64>,
    choice_kind: bool,
    picks: BTreeMap<String, usize>,
    unanswered: usize,
}

fn item_stats(attempts: &[Attempt]) -> Vec<ItemStats> {
    let mut by_item: BTreeMap<&str, ItemAccum> = BTreeMap::new();
    for a in attempts {
        let total: f64 = a.items.iter().map(|i| i.score).sum();
        for item in &a.items {
            let acc = by_item
                .entry(item.activity_id.as_str())
                .or_insert_with(|| ItemAccum {
                    topic: item.topic.clone(),
                    kind: item.kind.clone(),
                    ..ItemAccum::default()
                });
            acc.scores.push(item.score);
            acc.rests.push(total - item.score);
            if !item.answered {
                acc.unanswered += 1;
            }
            if let Some(picks) = &item.choices {
                acc.choice_kind = true;
                let distinct: BTreeSet<&String> = picks.iter().collect();
                for pick in distinct {
                    *acc.picks.entry(pick.clone()).or_default() += 1;
                }
            }
        }
    }
    by_item
        .into_iter()
        .map(|(id, acc)| {
            let n = acc.scores.len();
            let facility = stats::mean(&acc.scores).unwrap_or(0.0);
            let discrimination = stats::pearson(&acc.scores, &acc.rests);
            let mut flags = Vec::new();
            if discrimination.is_some_and(|d| d < MIN_DISCRIMINATION) {
                flags.push(ItemFlag::LowDiscrimination);
            }
            if facility < MIN_FACILITY {
                flags.push(ItemFlag::TooHard);
            }
            if facility > MAX_FACILITY {
                flags.push(ItemFlag::TooEasy);
            }
            let mut choices: Vec<ChoiceShare> = acc
                .picks
                .into_iter()
                .map(|(choice, count)| ChoiceShare {
                    choice,
                    count,
                    share: count as f64 / n as f64,
                })
                .collect();
            choices.sort_by(|a, b| choice_order(&a.choice, &b.choice));
            ItemStats {
                activity_id: id.to_string(),
                topic: acc.topic,
                kind: acc.kind,
                n,
                facility,
                sd: stats::sd(&acc.scores),
                discrimination,
                choices: if acc.choice_kind { choices } else { Vec::new() },
                unanswered: acc.unanswered,
                flags,
            }
        })
        .collect()
}

/// Numeric choice ids in numeric order (2 before 10), then the others by text.
fn choice_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

/// An attempt's mean score per topic.
pub fn topic_means(attempt: &Attempt) -> BTreeMap<&str, (f64, usize)> {
    let mut sums: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for item in &attempt.items {
        let entry = sums.entry(item.topic.as_str()).or_default();
        entry.0 += item.score;
        entry.1 += 1;
    }
    sums.into_iter()
        .map(|(topic, (sum, n))| (topic, (sum / n as f64, n)))
        .collect()
}

fn topic_stats(attempts: &[Attempt]) -> Vec<TopicStats> {
    let mut by_topic: BTreeMap<&str, (Vec<f64>, usize)> = BTreeMap::new();
    for a in attempts {
        for (topic, (mean, n)) in topic_means(a) {
            let entry = by_topic.entry(topic).or_default();
            entry.0.push(mean);
            entry.1 += n;
        }
    }
    by_topic
        .into_iter()
        .map(|(topic, (means, responses))| TopicStats {
            topic: topic.to_string(),
            attempts: means.len(),
            responses,
            mean: stats::mean(&means).unwrap_or(0.0),
        })
        .collect()
}

/// Gain figures over (pre, post) pairs.
pub fn gain_stats(pairs: &[(f64, f64)]) -> GainStats {
    let pres: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let posts: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let gains: Vec<f64> = pairs
        .iter()
        .filter_map(|&(pre, post)| stats::normalized_gain(pre, post))
        .collect();
    GainStats {
        learners: pairs.len(),
        mean_pre: stats::mean(&pres),
        mean_post: stats::mean(&posts),
        mean_gain: stats::mean(&gains),
        left_out_pre_full: pairs.len() - gains.len(),
    }
}

fn gains(attempts: &[Attempt], notes: &mut Vec<String>) -> Vec<ExamGain> {
    // Attempts are sorted by exam, form, learner and time: the first pre and the last post of
    // each learner are kept.
    type PrePost<'a> = (Option<&'a Attempt>, Option<&'a Attempt>, usize, usize);
    let mut by_exam: BTreeMap<&ExamKey, BTreeMap<&str, PrePost<'_>>> = BTreeMap::new();
    for a in attempts {
        let (is_pre, is_post) = (a.is_form("pre"), a.is_form("post"));
        if !is_pre && !is_post {
            continue;
        }
        let entry = by_exam
            .entry(&a.exam)
            .or_default()
            .entry(a.learner.as_str())
            .or_default();
        if is_pre {
            entry.2 += 1;
            entry.0.get_or_insert(a);
        } else {
            entry.3 += 1;
            entry.1 = Some(a);
        }
    }
    let mut out = Vec::new();
    for (exam, learners) in by_exam {
        let mut pairs = Vec::new();
        let mut topic_pairs: BTreeMap<&str, Vec<(f64, f64)>> = BTreeMap::new();
        for (learner, (pre, post, pre_count, post_count)) in learners {
            let (Some(pre), Some(post)) = (pre, post) else {
                continue;
            };
            if pre_count > 1 || post_count > 1 {
                notes.push(format!(
                    "{learner} has {pre_count} pre and {post_count} post attempts of {}: the \
                     first pre and the last post count for the gain",
                    exam.label()
                ));
            }
            pairs.push(GainPair {
                learner: learner.to_string(),
                pre: pre.score,
                post: post.score,
                gain: stats::normalized_gain(pre.score, post.score),
            });
            let post_topics = topic_means(post);
            for (topic, (pre_mean, _)) in topic_means(pre) {
                if let Some((post_mean, _)) = post_topics.get(topic) {
                    topic_pairs
                        .entry(topic)
                        .or_default()
                        .push((pre_mean, *post_mean));
                }
            }
        }
        if pairs.is_empty() {
            continue;
        }
        let overall: Vec<(f64, f64)> = pairs.iter().map(|p| (p.pre, p.post)).collect();
        out.push(ExamGain {
            exam: exam.clone(),
            overall: gain_stats(&overall),
            topics: topic_pairs
                .into_iter()
                .map(|(topic, pairs)| TopicGain {
                    topic: topic.to_string(),
                    stats: gain_stats(&pairs),
                })
                .collect(),
            pairs,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    //! A hand-computed class: five pre attempts (Ada, Ben, Cy, Dee, Eve) of three items q1, q2
    //! (topic T1) and q3 (topic T2), and four post attempts (not Eve) of p1 (T1) and p2 (T2).
    //!
    //! | pre | q1 | q2 | q3 | total | score |   | post | p1 | p2 | score |
    //! |-----|----|----|----|-------|-------|---|------|----|----|-------|
    //! | Ada | 1  | 1  | 1  | 3     | 1     |   | Ada  | 1  | 1  | 1     |
    //! | Ben | 1  | 0  | 1  | 2     | 2/3   |   | Ben  | 1  | 1  | 1     |
    //! | Cy  | 0  | 1  | 0  | 1     | 1/3   |   | Cy   | 1  | 0  | 1/2   |
    //! | Dee | 0  | 0  | 0  | 0     | 0     |   | Dee  | 0  | 1  | 1/2   |
    //! | Eve | 1  | 1  | 0  | 2     | 2/3   |   |      |    |    |       |

    use super::*;
    use crate::course::report::ItemResponse;

    fn item(id: &str, topic: &str, score: f64, picks: Option<&[&str]>) -> ItemResponse {
        ItemResponse {
            activity_id: id.into(),
            topic: topic.into(),
            kind: if picks.is_some() { "single" } else { "numeric" }.into(),
            score,
            choices: picks.map(|p| p.iter().map(ToString::to_string).collect()),
            answered: picks.is_none_or(|p| !p.is_empty()),
        }
    }

    fn attempt(learner: &str, form: &str, items: Vec<ItemResponse>) -> Attempt {
        let score = items.iter().map(|i| i.score).sum::<f64>() / items.len() as f64;
        Attempt {
            id: format!("{learner}-{form}"),
            file: format!("{learner}-{form}.json").into(),
            learner: learner.into(),
            exam: ExamKey {
                title: "Awareness".into(),
                bank_id: "iskp".into(),
            },
            code: None,
            form: Some(form.into()),
            score,
            passed: Some(score >= 0.7),
            time_used_s: Some(600.0),
            submitted_at: None,
            items,
        }
    }

    fn class() -> ClassReport {
        // q1 is a single-choice item whose right choice is "1"; Dee left it unanswered.
        let pre = |learner, q: [f64; 3], pick: &'static [&'static str]| {
            attempt(
                learner,
                "pre",
                vec![
                    item("q1", "T1", q[0], Some(pick)),
                    item("q2", "T1", q[1], None),
                    item("q3", "T2", q[2], None),
                ],
            )
        };
        let post = |learner, p: [f64; 2]| {
            attempt(
                learner,
                "post",
                vec![item("p1", "T1", p[0], None), item("p2", "T2", p[1], None)],
            )
        };
        let attempts = vec![
            post("Dee", [0.0, 1.0]),
            pre("Ada", [1.0, 1.0, 1.0], &["1"]),
            pre("Ben", [1.0, 0.0, 1.0], &["1"]),
            pre("Cy", [0.0, 1.0, 0.0], &["0"]),
            pre("Dee", [0.0, 0.0, 0.0], &[]),
            pre("Eve", [1.0, 1.0, 0.0], &["1"]),
            post("Ada", [1.0, 1.0]),
            post("Ben", [1.0, 1.0]),
            post("Cy", [1.0, 0.0]),
        ];
        analyse(attempts, Vec::new())
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn attempts_are_sorted_by_exam_form_and_learner() {
        let report = class();
        let order: Vec<String> = report.attempts.iter().map(|a| a.id.clone()).collect();
        assert_eq!(
            order,
            [
                "Ada-post", "Ben-post", "Cy-post", "Dee-post", "Ada-pre", "Ben-pre", "Cy-pre",
                "Dee-pre", "Eve-pre"
            ]
        );
    }

    #[test]
    fn test_statistics_of_the_pre_form() {
        let report = class();
        let pre = report
            .tests
            .iter()
            .find(|t| t.form.as_deref() == Some("pre"))
            .unwrap();
        assert_eq!(pre.attempts, 5);
        // Scores 1, 2/3, 1/3, 0, 2/3: mean 8/3 / 5 = 8/15, median 2/3.
        assert!(close(pre.mean.unwrap(), 8.0 / 15.0));
        assert!(close(pre.median.unwrap(), 2.0 / 3.0));
        // Squared deviations from 8/15: (7/15)² + 2·(2/15)² + (3/15)² + (8/15)² = 130/225;
        // sample variance 130/225 / 4 = 13/90.
        assert!(close(pre.sd.unwrap(), (13.0_f64 / 90.0).sqrt()));
        // Each item has variance 0.3 (three 1s, two 0s, or the reverse: 5·0.24 / 4); totals
        // 3, 2, 1, 0, 2 have mean 1.6 and variance (1.96 + 0.16 + 0.36 + 2.56 + 0.16) / 4 = 1.3.
        // alpha = 3/2 × (1 − 0.9 / 1.3) = 6/13.
        assert_eq!(pre.alpha_items, 3);
        assert!(close(pre.alpha.unwrap(), 6.0 / 13.0));
        // 0 → band 0, 1/3 → band 3, 2/3 (66.7 %) twice → band 6, 1 → band 9.
        assert_eq!(pre.histogram, [1, 0, 0, 1, 0, 0, 2, 0, 0, 1]);
        // All attempts share no item: no alpha.
        let all = report.tests.first().unwrap();
        assert_eq!((all.label.as_str(), all.attempts), ("All attempts", 9));
        assert_eq!((all.alpha, all.alpha_items), (None, 0));
    }

    #[test]
    fn item_analysis() {
        let report = class();
        let ids: Vec<&str> = report
            .items
            .iter()
            .map(|i| i.activity_id.as_str())
            .collect();
        assert_eq!(ids, ["p1", "p2", "q1", "q2", "q3"]);
        let get = |id: &str| report.items.iter().find(|i| i.activity_id == id).unwrap();

        // q1: x = 1,1,0,0,1 (mean 0.6); rest = total − x = 2,1,1,0,1 (mean 1).
        // Σdx·dy = 0.4·1 + 0.4·0 + (−0.6)·0 + (−0.6)·(−1) + 0.4·0 = 1.0;
        // Σdx² = 3·0.16 + 2·0.36 = 1.2; Σdy² = 1 + 0 + 0 + 1 + 0 = 2 → r = 1 / √2.4.
        let q1 = get("q1");
        assert_eq!(q1.n, 5);
        assert!(close(q1.facility, 0.6));
        assert!(close(q1.sd.unwrap(), 0.3_f64.sqrt()));
        assert!(close(q1.discrimination.unwrap(), 1.0 / 2.4_f64.sqrt()));
        assert!(q1.flags.is_empty());
        // Choice "0" picked by Cy, "1" by Ada, Ben and Eve; Dee left it unanswered.
        let shares: Vec<(&str, usize, f64)> = q1
            .choices
            .iter()
            .map(|c| (c.choice.as_str(), c.count, c.share))
            .collect();
        assert_eq!(shares, [("0", 1, 0.2), ("1", 3, 0.6)]);
        assert_eq!(q1.unanswered, 1);

        // q2: x = 1,0,1,0,1; rest = 2,2,0,0,1 (mean 1): Σdx·dy = 0.4 − 0.6 + 0 + 0.6 − 0.4 = 0
        // → r = 0, below 0.2: flagged.
        let q2 = get("q2");
        assert!(close(q2.discrimination.unwrap(), 0.0));
        assert_eq!(q2.flags, [ItemFlag::LowDiscrimination]);
        assert!(q2.choices.is_empty());

        // q3: x = 1,1,0,0,0 (mean 0.4); rest = 2,1,1,0,2 (mean 1.2):
        // Σdx·dy = 0.6·0.8 + 0.6·(−0.2) + (−0.4)·(−0.2) + (−0.4)·(−1.2) + (−0.4)·0.8 = 0.6;
        // Σdx² = 1.2; Σdy² = 0.64 + 0.04 + 0.04 + 1.44 + 0.64 = 2.8 → r = 0.6 / √3.36.
        let q3 = get("q3");
        assert!(close(q3.facility, 0.4));
        assert!(close(q3.discrimination.unwrap(), 0.6 / 3.36_f64.sqrt()));

        // p1 = 1,1,1,0 and p2 = 1,1,0,1 with the other item as the rest: Ada and Ben score
        // 1 on both; p1's rest is 1,1,0,1 → r(1,1,1,0 ; 1,1,0,1) = −1/3.
        let p1 = get("p1");
        assert!(close(p1.facility, 0.75));
        assert!(close(p1.discrimination.unwrap(), -1.0 / 3.0));
        assert_eq!(p1.flags, [ItemFlag::LowDiscrimination]);
    }

    #[test]
    fn flags_for_too_easy_and_too_hard_items() {
        let easy: Vec<Attempt> = (0..4)
            .map(|i| {
                attempt(
                    &format!("L{i}"),
                    "pre",
                    vec![
                        item("easy", "T", 1.0, None),
                        item("hard", "T", 0.0, None),
                        item("mid", "T", f64::from(i % 2), None),
                    ],
                )
            })
            .collect();
        let report = analyse(easy, Vec::new());
        let flags: Vec<(&str, &[ItemFlag])> = report
            .items
            .iter()
            .map(|i| (i.activity_id.as_str(), i.flags.as_slice()))
            .collect();
        // No spread in "easy" and "hard": no discrimination, flagged by facility only.
        assert_eq!(
            flags,
            [
                ("easy", &[ItemFlag::TooEasy][..]),
                ("hard", &[ItemFlag::TooHard][..]),
                ("mid", &[][..]),
            ]
        );
    }

    #[test]
    fn topics() {
        let report = class();
        let t: Vec<(&str, usize, usize, f64)> = report
            .topics
            .iter()
            .map(|t| (t.topic.as_str(), t.attempts, t.responses, t.mean))
            .collect();
        // T1 per attempt: pre 1, ½, ½, 0, 1 and post 1, 1, 1, 0 → 6 / 9; answers 5·2 + 4.
        // T2 per attempt: pre 1, 1, 0, 0, 0 and post 1, 1, 0, 1 → 5 / 9; answers 5 + 4.
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].0, t[0].1, t[0].2), ("T1", 9, 14));
        assert!(close(t[0].3, 6.0 / 9.0));
        assert_eq!((t[1].0, t[1].1, t[1].2), ("T2", 9, 9));
        assert!(close(t[1].3, 5.0 / 9.0));
    }

    #[test]
    fn learning_gain() {
        let report = class();
        assert_eq!(report.gains.len(), 1);
        let gain = &report.gains[0];
        assert_eq!(gain.exam.title, "Awareness");
        // Pairs (Eve has no post): Ada 1 → 1 (left out), Ben 2/3 → 1: g = (1/3)/(1/3) = 1,
        // Cy 1/3 → 1/2: g = (1/6)/(2/3) = 1/4, Dee 0 → 1/2: g = 1/2.
        // ⟨g⟩ = (1 + 1/4 + 1/2) / 3 = 7/12; mean pre = 2/4 = 1/2; mean post = 3/4.
        let o = &gain.overall;
        assert_eq!((o.learners, o.left_out_pre_full), (4, 1));
        assert!(close(o.mean_pre.unwrap(), 0.5));
        assert!(close(o.mean_post.unwrap(), 0.75));
        assert!(close(o.mean_gain.unwrap(), 7.0 / 12.0));
        let learners: Vec<&str> = gain.pairs.iter().map(|p| p.learner.as_str()).collect();
        assert_eq!(learners, ["Ada", "Ben", "Cy", "Dee"]);
        assert_eq!(gain.pairs[0].gain, None);
        assert!(close(gain.pairs[2].gain.unwrap(), 0.25));

        // T1: pre 1, ½, ½, 0 → post 1, 1, 1, 0: Ada left out; g = 1, 1, 0 → 2/3.
        // T2: pre 1, 1, 0, 0 → post 1, 1, 0, 1: Ada and Ben left out; g = 0, 1 → 1/2.
        let t1 = &gain.topics[0];
        assert_eq!((t1.topic.as_str(), t1.stats.left_out_pre_full), ("T1", 1));
        assert!(close(t1.stats.mean_gain.unwrap(), 2.0 / 3.0));
        assert!(close(t1.stats.mean_pre.unwrap(), 0.5));
        let t2 = &gain.topics[1];
        assert_eq!((t2.topic.as_str(), t2.stats.left_out_pre_full), ("T2", 2));
        assert!(close(t2.stats.mean_gain.unwrap(), 0.5));
        assert!(close(t2.stats.mean_post.unwrap(), 0.75));
    }

    #[test]
    fn repeated_attempts_use_first_pre_and_last_post() {
        let mut attempts = class().attempts;
        let mut again = attempts.iter().find(|a| a.id == "Cy-post").unwrap().clone();
        again.id = "Cy-post-2".into();
        again.submitted_at = Some("2026-12-05T10:00:00.000Z".into());
        again.score = 1.0;
        attempts.push(again);
        let report = analyse(attempts, Vec::new());
        let cy = report.gains[0]
            .pairs
            .iter()
            .find(|p| p.learner == "Cy")
            .unwrap();
        assert_eq!(cy.post, 1.0);
        assert!(
            report
                .notes
                .iter()
                .any(|n| n.contains("Cy has 1 pre and 2 post"))
        );
    }
}
