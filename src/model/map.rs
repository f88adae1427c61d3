//! The relationship map of a bank (`map.toml`): groups, dated relations between them, and the
//! timeline's phases. Read by `bank::load`, laid out by `engine::map_layout`.

use std::fmt;

use super::{Citation, QuestionId};

/// A date as precise as the source gives it: a year, a year and month, or a full date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// Year, e.g. 2015.
    pub year: u16,
    /// Month 1-12, when given.
    pub month: Option<u8>,
    /// Day 1-31, when given (only together with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `None` for anything else or an impossible month/day.
    ///
    /// ```
    /// use counterpoint::model::PartialDate;
    /// let d = PartialDate::parse("2015-01").unwrap();
    /// assert_eq!((d.year, d.month, d.day), (2015, Some(1), None));
    /// assert!(PartialDate::parse("2015-13").is_none());
    /// ```
    pub fn parse(s: &str) -> Option<Self> {
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        let mut parts = s.split('-');
        let year = parts.next().filter(|y| digits(y, 4))?.parse().ok()?;
        let month = match parts.next() {
            None => None,
            Some(m) if digits(m, 2) => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            Some(_) => return None,
        };
        let day = match parts.next() {
            None => None,
            Some(d) if digits(d, 2) => Some(d.parse::<u8>().ok().filter(|d| (1..=31).contains(d))?),
            Some(_) => return None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Self { year, month, day })
    }

    /// The earliest day the date can mean, as a sortable `(year, month, day)`.
    pub fn earliest(self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The latest day the date can mean, as a sortable `(year, month, day)`.
    pub fn latest(self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(12), self.day.unwrap_or(31))
    }

    /// Whether every day this date can mean lies before every day `other` can mean
    /// (`2015` is not before `2015-03`, `2015-02` is).
    pub fn is_before(self, other: Self) -> bool {
        self.latest() < other.earliest()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// What kind of actor a map node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupKind {
    /// An armed non-state group.
    MilitantGroup,
    /// A state or its government.
    State,
    /// An international organisation such as the UN.
    InternationalBody,
    /// Anything else.
    Other,
}

impl GroupKind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [Self; 4] = [
        Self::MilitantGroup,
        Self::State,
        Self::InternationalBody,
        Self::Other,
    ];

    /// The name used in `map.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MilitantGroup => "militant-group",
            Self::State => "state",
            Self::InternationalBody => "international-body",
            Self::Other => "other",
        }
    }

    /// The kind with this `map.toml` name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The kind of a relation. Directed kinds read "from KIND to" (ISKP *affiliate of* IS);
/// symmetric kinds hold both ways.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelationKind {
    /// A formal branch or province of the other (directed).
    AffiliateOf,
    /// Publicly pledged allegiance to the other (directed).
    PledgedTo,
    /// Close cooperation without merging (symmetric).
    AlliedWith,
    /// Praises or backs the other without pledging allegiance (directed).
    Supports,
    /// Is a component of the other (directed).
    PartOf,
    /// Founding members came from the other, as defectors (directed).
    FormedFrom,
    /// A splinter group of the other (directed).
    SplitFrom,
    /// Drew members or defectors from the other after its founding (directed).
    RecruitedFrom,
    /// Hostile competition between militant groups, armed clashes included (symmetric).
    RivalOf,
    /// Armed conflict, usually with a state's forces (symmetric).
    Fought,
    /// Both sides refrained from attacking each other for a time (symmetric).
    Tolerated,
    /// Carried out, or where the summary says so claimed, attacks on the other's territory, citizens
    /// or missions (directed).
    Attacked,
    /// An attack on the other's territory, citizens or missions that is only claimed and denied,
    /// or claimed by someone else and only believed linked to the group (directed; the summary
    /// says who claimed, who denied).
    AllegedAttack,
    /// Both claimed responsibility for the same attack (symmetric).
    CompetingClaim,
    /// Ties reported by some and denied or unconfirmed by others (symmetric; the summary says who).
    AllegedTies,
    /// Listed as a terrorist organisation by the other (directed).
    DesignatedBy,
}

impl RelationKind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [Self; 16] = [
        Self::AffiliateOf,
        Self::PledgedTo,
        Self::AlliedWith,
        Self::Supports,
        Self::PartOf,
        Self::FormedFrom,
        Self::SplitFrom,
        Self::RecruitedFrom,
        Self::RivalOf,
        Self::Fought,
        Self::Tolerated,
        Self::Attacked,
        Self::AllegedAttack,
        Self::CompetingClaim,
        Self::AllegedTies,
        Self::DesignatedBy,
    ];

    /// The name used in `map.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AffiliateOf => "affiliate-of",
            Self::PledgedTo => "pledged-to",
            Self::AlliedWith => "allied-with",
            Self::Supports => "supports",
            Self::PartOf => "part-of",
            Self::FormedFrom => "formed-from",
            Self::SplitFrom => "split-from",
            Self::RecruitedFrom => "recruited-from",
            Self::RivalOf => "rival-of",
            Self::Fought => "fought",
            Self::Tolerated => "tolerated",
            Self::Attacked => "attacked",
            Self::AllegedAttack => "alleged-attack",
            Self::CompetingClaim => "competing-claim",
            Self::AllegedTies => "alleged-ties",
            Self::DesignatedBy => "designated-by",
        }
    }

    /// The kind with this `map.toml` name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Words for an accessible name or a card: "Lashkar-e-Islam, allied with ISKP".
    pub fn phrase(self) -> &'static str {
        match self {
            Self::AffiliateOf => "affiliate of",
            Self::PledgedTo => "pledged allegiance to",
            Self::AlliedWith => "allied with",
            Self::Supports => "supports",
            Self::PartOf => "part of",
            Self::FormedFrom => "formed from members of",
            Self::SplitFrom => "split from",
            Self::RecruitedFrom => "recruited from",
            Self::RivalOf => "rival of",
            Self::Fought => "fought",
            Self::Tolerated => "tolerated",
            Self::Attacked => "attacked",
            Self::AllegedAttack => "allegedly attacked",
            Self::CompetingClaim => "competing claim with",
            Self::AllegedTies => "alleged ties with",
            Self::DesignatedBy => "designated by",
        }
    }

    /// Whether the relation has a direction (an arrowhead on the map).
    pub fn is_directed(self) -> bool {
        !matches!(
            self,
            Self::AlliedWith
                | Self::RivalOf
                | Self::Fought
                | Self::Tolerated
                | Self::CompetingClaim
                | Self::AllegedTies
        )
    }
}

/// A node of the map: a group, state or other actor.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Unique id, e.g. `iskp`.
    pub id: String,
    /// Full name, e.g. "Lashkar-e-Islam (`LeI`)".
    pub name: String,
    /// Short label drawn on the map (the name when not given).
    pub label: String,
    /// What kind of actor it is.
    pub kind: GroupKind,
    /// One-line description from the source.
    pub description: String,
    /// When it was formed, if the source says.
    pub start: Option<PartialDate>,
    /// When it ceased, if the source says.
    pub end: Option<PartialDate>,
    /// Source ids behind the description.
    pub sources: Vec<Citation>,
}

impl Group {
    /// Whether the group exists in `year` (always, when the source gives no dates).
    pub fn active_in(&self, year: u16) -> bool {
        self.start.is_none_or(|s| s.year <= year) && self.end.is_none_or(|e| e.year >= year)
    }
}

/// An edge of the map: a dated relation between two groups.
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    /// Unique id.
    pub id: String,
    /// Group id of the subject ("from KIND to").
    pub from: String,
    /// Group id of the object.
    pub to: String,
    /// What kind of relation.
    pub kind: RelationKind,
    /// When it began; `None` when the source gives no date.
    pub start: Option<PartialDate>,
    /// When it ended; `None` while open-ended.
    pub end: Option<PartialDate>,
    /// Short summary from the source, with "alleged" etc. where the source says so.
    pub summary: String,
    /// Source ids.
    pub sources: Vec<Citation>,
    /// Ids of questions about this relation.
    pub questions: Vec<QuestionId>,
}

impl Relation {
    /// Whether the relation's own dates cover any part of `year` (undated starts have no lower
    /// bound, open ends no upper bound).
    pub fn active_in(&self, year: u16) -> bool {
        self.start.is_none_or(|s| s.year <= year) && self.end.is_none_or(|e| e.year >= year)
    }
}

/// A shaded band on the timeline: one phase of the group's history as the source frames it.
#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    /// Unique id.
    pub id: String,
    /// Name as the source frames it.
    pub name: String,
    /// First year or month of the phase.
    pub start: PartialDate,
    /// Last year or month of the phase.
    pub end: PartialDate,
    /// One-line summary.
    pub summary: String,
    /// Source ids.
    pub sources: Vec<Citation>,
}

/// The map data of one bank (empty when the bank has no `map.toml`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BankMap {
    /// Nodes, in file order.
    pub groups: Vec<Group>,
    /// Edges, in file order.
    pub relations: Vec<Relation>,
    /// Timeline phases, sorted by start.
    pub phases: Vec<Phase>,
}

impl BankMap {
    /// Whether the bank has no map data at all.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.relations.is_empty() && self.phases.is_empty()
    }

    /// The group with this id, if any.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Relations shown for `year`: those whose dates cover the year and whose two groups both exist
    /// then. In file order.
    pub fn active_in(&self, year: u16) -> Vec<&Relation> {
        let exists = |id: &str| self.group(id).is_some_and(|g| g.active_in(year));
        self.relations
            .iter()
            .filter(|r| r.active_in(year) && exists(&r.from) && exists(&r.to))
            .collect()
    }

    /// Relations that touch group `id`, in file order.
    pub fn relations_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Relation> + 'a {
        self.relations
            .iter()
            .filter(move |r| r.from == id || r.to == id)
    }

    /// Accessible name of a relation, e.g. "Lashkar-e-Islam, allied with ISKP".
    pub fn relation_name(&self, relation: &Relation) -> String {
        let label = |id: &str| self.group(id).map_or(id, |g| g.label.as_str()).to_owned();
        format!(
            "{}, {} {}",
            label(&relation.from),
            relation.kind.phrase(),
            label(&relation.to)
        )
    }
}

/// The type of a timeline event (`type` in `events.toml`), for markers and filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventType {
    /// An attack carried out, attributed or claimed.
    Attack,
    /// A change of leaders: appointments, deaths, arrests, defections of leaders.
    Leadership,
    /// A state's listing of the group, or a similar legal measure.
    Designation,
    /// A military or security operation, offensive or loss of territory.
    MilitaryOperation,
    /// Propaganda, publications and messaging.
    Propaganda,
    /// Anything else.
    Other,
}

impl EventType {
    /// Every type, in the order the docs list them.
    pub const ALL: [Self; 6] = [
        Self::Attack,
        Self::Leadership,
        Self::Designation,
        Self::MilitaryOperation,
        Self::Propaganda,
        Self::Other,
    ];

    /// The name used in `events.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Attack => "attack",
            Self::Leadership => "leadership",
            Self::Designation => "designation",
            Self::MilitaryOperation => "military-operation",
            Self::Propaganda => "propaganda",
            Self::Other => "other",
        }
    }

    /// The type with this `events.toml` name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn partial_dates_parse_and_print() {
        for s in ["2015", "2015-01", "2015-01-26"] {
            assert_eq!(date(s).to_string(), s);
        }
        for bad in [
            "15",
            "2015-1",
            "2015-00",
            "2015-13",
            "2015-01-32",
            "2015-01-01-01",
            "x",
        ] {
            assert!(PartialDate::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn before_compares_whole_ranges() {
        assert!(date("2015-02").is_before(date("2015-03")));
        assert!(!date("2015").is_before(date("2015-03")));
        assert!(!date("2015-03").is_before(date("2015")));
        assert!(date("2014").is_before(date("2015-01-01")));
    }

    #[test]
    fn names_round_trip() {
        for k in RelationKind::ALL {
            assert_eq!(RelationKind::parse(k.as_str()), Some(k));
        }
        for k in GroupKind::ALL {
            assert_eq!(GroupKind::parse(k.as_str()), Some(k));
        }
        for k in EventType::ALL {
            assert_eq!(EventType::parse(k.as_str()), Some(k));
        }
        assert!(RelationKind::AffiliateOf.is_directed());
        assert!(!RelationKind::RivalOf.is_directed());
    }

    fn group(id: &str, start: Option<&str>, end: Option<&str>) -> Group {
        Group {
            id: id.into(),
            name: id.into(),
            label: id.to_uppercase(),
            kind: GroupKind::MilitantGroup,
            description: String::new(),
            start: start.map(date),
            end: end.map(date),
            sources: vec![],
        }
    }

    fn relation(id: &str, start: Option<&str>, end: Option<&str>) -> Relation {
        Relation {
            id: id.into(),
            from: "a".into(),
            to: "b".into(),
            kind: RelationKind::AlliedWith,
            start: start.map(date),
            end: end.map(date),
            summary: String::new(),
            sources: vec![],
            questions: vec![],
        }
    }

    #[test]
    fn year_filter_uses_relation_and_group_dates() {
        let map = BankMap {
            groups: vec![
                group("a", Some("2015-01"), None),
                group("b", None, Some("2021-08")),
            ],
            relations: vec![
                relation("open", Some("2016"), None),
                relation("closed", Some("2015-07"), Some("2016-02")),
                relation("undated", None, None),
            ],
            phases: vec![],
        };
        let ids = |y| -> Vec<&str> { map.active_in(y).iter().map(|r| r.id.as_str()).collect() };
        assert_eq!(ids(2014), Vec::<&str>::new(), "group a does not exist yet");
        assert_eq!(ids(2015), vec!["closed", "undated"]);
        assert_eq!(ids(2016), vec!["open", "closed", "undated"]);
        assert_eq!(ids(2021), vec!["open", "undated"]);
        assert_eq!(ids(2022), Vec::<&str>::new(), "group b has ended");
        assert_eq!(
            map.relation_name(&map.relations[0]),
            "A, allied with B".to_owned()
        );
    }
}
