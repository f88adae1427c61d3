//! The relationship map and the timeline picture as view models, with no egui: which relations a
//! year shows, what a selection highlights, what the side card and the event card say, and the
//! "Practise these N questions" quizzes. The map and timeline screens only draw what this returns.

use std::collections::BTreeSet;

use super::{Library, Reload};
use crate::engine::map_layout::{self, Layout};
use crate::model::{
    Bank, BankId, BankMap, Citation, Event, EventType, GroupKind, PartialDate, Phase, QuestionId,
    Relation, RelationKind,
};

/// First year of the map's year slider and of the timeline axis.
pub const FIRST_YEAR: u16 = 2010;
/// Last year of the map's year slider and of the timeline axis.
pub const LAST_YEAR: u16 = 2024;

/// Something selectable on the map: a group (node) or a relation (edge), by id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MapItem {
    /// A group, by its id.
    Group(String),
    /// A relation, by its id.
    Relation(String),
}

/// The map screen's state: which bank's map, the year shown, the selection and the layout
/// (computed when the screen opens, and again when a live reload changes that bank:
/// [`MapView::reloaded`]).
#[derive(Clone, Debug, PartialEq)]
pub struct MapView {
    /// The bank whose map shows; `None` when no loaded bank has a map.
    pub bank: Option<BankId>,
    /// The year the slider shows, `FIRST_YEAR..=LAST_YEAR`.
    pub year: u16,
    /// The selected group or relation, whose card shows.
    pub selected: Option<MapItem>,
    /// Node positions in a unit box.
    pub layout: Layout,
    /// Zoom factor over the fitted map (1: the whole map fits the canvas).
    pub zoom: f64,
    /// Pan offset in points, (right, down).
    pub pan: (f64, f64),
}

/// What the side card shows for a selected group or relation.
#[derive(Clone, Debug, PartialEq)]
pub struct MapCard {
    /// The group's full name, or the relation's accessible name.
    pub title: String,
    /// "militant group", "state", ... or the relation kind in words ("rival of").
    pub kind: String,
    /// The group's description or the relation's summary.
    pub summary: String,
    /// The dates in words, e.g. "2015-01 to 2021-08", "since 2015", "no dates given".
    pub dates: String,
    /// Sources with their locators, cited in full by the screen.
    pub sources: Vec<Citation>,
    /// Linked questions that exist in the bank, without repeats: a group's are those of all its
    /// relations.
    pub questions: Vec<QuestionId>,
    /// A group's relations shown in the view's year, by accessible name (empty for a relation).
    pub relations: Vec<(String, String)>,
}

impl MapView {
    /// The view of the first loaded bank with map data, in the last year, nothing selected.
    pub fn open(library: &Library) -> Self {
        let bank = library.banks.iter().find(|b| !b.map.groups.is_empty());
        Self {
            bank: bank.map(|b| b.id.clone()),
            year: LAST_YEAR,
            selected: None,
            layout: bank.map(|b| map_layout::layout(&b.map)).unwrap_or_default(),
            zoom: 1.0,
            pan: (0.0, 0.0),
        }
    }

    /// The view opened with `item` selected, in a year where it shows (its start year, else the
    /// last year).
    pub fn open_at(library: &Library, bank: &BankId, item: MapItem) -> Self {
        let Some(b) = library.bank(bank).filter(|b| !b.map.groups.is_empty()) else {
            return Self::open(library);
        };
        let start = match &item {
            MapItem::Group(id) => b.map.group(id).and_then(|g| g.start),
            MapItem::Relation(id) => relation(&b.map, id).and_then(|r| r.start),
        };
        let year = start.map_or(LAST_YEAR, |s| s.year.clamp(FIRST_YEAR, LAST_YEAR));
        Self {
            bank: Some(b.id.clone()),
            year,
            selected: Some(item),
            layout: map_layout::layout(&b.map),
            zoom: 1.0,
            pan: (0.0, 0.0),
        }
    }

    /// Follows a live reload: when the bank shown was reloaded (or is gone, or no map showed),
    /// the map of the library as it is now is laid out again, keeping the year, zoom and pan, and
    /// the selection while its group or relation still exists. When the bank is gone or has no
    /// map any more, the view moves to the first bank with one. Returns whether it changed.
    pub fn reloaded(&mut self, library: &Library, reload: &Reload) -> bool {
        let shown = self.bank.as_ref();
        let stale = shown.is_none_or(|id| {
            reload.changed_banks().contains(id)
                || library.bank(id).is_none_or(|b| b.map.groups.is_empty())
        });
        if !stale || reload.is_empty() {
            return false;
        }
        let fresh = match shown.and_then(|id| library.bank(id)) {
            Some(bank) if !bank.map.groups.is_empty() => Self {
                bank: Some(bank.id.clone()),
                layout: map_layout::layout(&bank.map),
                ..self.clone()
            },
            _ => Self {
                year: self.year,
                ..Self::open(library)
            },
        };
        let selected = fresh.selected.clone().filter(|item| {
            fresh.bank(library).is_some_and(|b| match item {
                MapItem::Group(id) => b.map.group(id).is_some(),
                MapItem::Relation(id) => relation(&b.map, id).is_some(),
            })
        });
        *self = Self { selected, ..fresh };
        true
    }

    /// The bank whose map shows.
    pub fn bank<'a>(&self, library: &'a Library) -> Option<&'a Bank> {
        self.bank.as_ref().and_then(|id| library.bank(id))
    }

    /// Moves the year by `delta`, staying within `FIRST_YEAR..=LAST_YEAR`.
    pub fn step_year(&mut self, delta: i32) {
        let year =
            (i32::from(self.year) + delta).clamp(i32::from(FIRST_YEAR), i32::from(LAST_YEAR));
        self.year = u16::try_from(year).unwrap_or(LAST_YEAR);
    }

    /// Multiplies the zoom by `factor`, staying within 0.5..=4.
    pub fn zoom_by(&mut self, factor: f64) {
        self.zoom = (self.zoom * factor).clamp(0.5, 4.0);
    }

    /// Back to the fitted, centred map.
    pub fn reset_view(&mut self) {
        self.zoom = 1.0;
        self.pan = (0.0, 0.0);
    }

    /// The relations the year shows, in file order.
    pub fn visible<'a>(&self, map: &'a BankMap) -> Vec<&'a Relation> {
        map.active_in(self.year)
    }

    /// Ids of the visible relations to highlight: those of the hovered group (when given), else
    /// those of the selected group, or the selected relation itself.
    pub fn highlighted<'a>(&self, map: &'a BankMap, hovered: Option<&str>) -> BTreeSet<&'a str> {
        let visible = self.visible(map);
        let touching = |id: &str| -> BTreeSet<&'a str> {
            visible
                .iter()
                .filter(|r| r.from == id || r.to == id)
                .map(|r| r.id.as_str())
                .collect()
        };
        if let Some(id) = hovered {
            return touching(id);
        }
        match &self.selected {
            Some(MapItem::Group(id)) => touching(id),
            Some(MapItem::Relation(id)) => visible
                .iter()
                .filter(|r| &r.id == id)
                .map(|r| r.id.as_str())
                .collect(),
            None => BTreeSet::new(),
        }
    }

    /// The side card of the selection, if something is selected and exists.
    pub fn card(&self, bank: &Bank) -> Option<MapCard> {
        let map = &bank.map;
        match self.selected.as_ref()? {
            MapItem::Group(id) => {
                let g = map.group(id)?;
                Some(MapCard {
                    title: g.name.clone(),
                    kind: group_kind_words(g.kind).to_owned(),
                    summary: g.description.clone(),
                    dates: date_range(g.start, g.end),
                    sources: g.sources.clone(),
                    questions: item_questions(bank, &MapItem::Group(id.clone())),
                    relations: self
                        .visible(map)
                        .into_iter()
                        .filter(|r| r.from == *id || r.to == *id)
                        .map(|r| (r.id.clone(), map.relation_name(r)))
                        .collect(),
                })
            }
            MapItem::Relation(id) => {
                let r = relation(map, id)?;
                Some(MapCard {
                    title: map.relation_name(r),
                    kind: r.kind.phrase().to_owned(),
                    summary: r.summary.clone(),
                    dates: date_range(r.start, r.end),
                    sources: r.sources.clone(),
                    questions: existing(bank, &r.questions),
                    relations: Vec::new(),
                })
            }
        }
    }
}

/// How the map groups relation kinds for drawing: one colour and one line style per family, so
/// the legend stays short and rivals and allies differ at a glance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Affiliate of, pledged allegiance to, part of, supports.
    Allegiance,
    /// Allied with.
    Alliance,
    /// Rival of, fought, attacked, competing claims.
    Hostility,
    /// Formed from, split from, recruited from.
    Origins,
    /// Alleged ties, alleged attacks, tolerated: relations the source qualifies.
    Uncertain,
    /// Designated by.
    Designation,
}

impl Family {
    /// Every family, in legend order.
    pub const ALL: [Self; 6] = [
        Self::Allegiance,
        Self::Alliance,
        Self::Hostility,
        Self::Origins,
        Self::Uncertain,
        Self::Designation,
    ];

    /// The family of a relation kind.
    pub fn of(kind: RelationKind) -> Self {
        match kind {
            RelationKind::AffiliateOf
            | RelationKind::PledgedTo
            | RelationKind::PartOf
            | RelationKind::Supports => Self::Allegiance,
            RelationKind::AlliedWith => Self::Alliance,
            RelationKind::RivalOf
            | RelationKind::Fought
            | RelationKind::Attacked
            | RelationKind::CompetingClaim => Self::Hostility,
            RelationKind::FormedFrom | RelationKind::SplitFrom | RelationKind::RecruitedFrom => {
                Self::Origins
            }
            RelationKind::AllegedTies | RelationKind::AllegedAttack | RelationKind::Tolerated => {
                Self::Uncertain
            }
            RelationKind::DesignatedBy => Self::Designation,
        }
    }

    /// Position in [`Family::ALL`].
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// Legend name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Allegiance => "Allegiance",
            Self::Alliance => "Alliance",
            Self::Hostility => "Hostility",
            Self::Origins => "Origins",
            Self::Uncertain => "Alleged, denied or tolerated",
            Self::Designation => "Designation",
        }
    }

    /// Legend text: the name and the kinds it covers, e.g. "Hostility: rival of, fought, ...".
    pub fn legend(self) -> String {
        let kinds: Vec<&str> = RelationKind::ALL
            .into_iter()
            .filter(|k| Self::of(*k) == self)
            .map(RelationKind::phrase)
            .collect();
        format!("{}: {}", self.name(), kinds.join(", "))
    }
}

/// The relation with this id, if any.
fn relation<'a>(map: &'a BankMap, id: &str) -> Option<&'a Relation> {
    map.relations.iter().find(|r| r.id == id)
}

/// The ids that name a question of `bank`, first occurrence only, in order.
pub(crate) fn existing<'a>(
    bank: &Bank,
    ids: impl IntoIterator<Item = &'a QuestionId>,
) -> Vec<QuestionId> {
    let mut seen = BTreeSet::new();
    ids.into_iter()
        .filter(|id| bank.question(id).is_some() && seen.insert(*id))
        .cloned()
        .collect()
}

/// A group kind in words.
pub fn group_kind_words(kind: GroupKind) -> &'static str {
    match kind {
        GroupKind::MilitantGroup => "militant group",
        GroupKind::State => "state",
        GroupKind::InternationalBody => "international body",
        GroupKind::Other => "other",
    }
}

/// Dates in words: "2015-01 to 2021-08", "since 2015", "until 2021", "no dates given".
pub fn date_range(start: Option<PartialDate>, end: Option<PartialDate>) -> String {
    match (start, end) {
        (Some(s), Some(e)) if s == e => s.to_string(),
        (Some(s), Some(e)) => format!("{s} to {e}"),
        (Some(s), None) => format!("since {s}"),
        (None, Some(e)) => format!("until {e}"),
        (None, None) => "no dates given in the source".to_owned(),
    }
}

/// The questions linked to a map item that exist in its bank, each once (a group: those of all
/// its relations); what "Practise these N questions" asks.
pub fn item_questions(bank: &Bank, item: &MapItem) -> Vec<QuestionId> {
    let map = &bank.map;
    match item {
        MapItem::Group(id) => existing(bank, map.relations_of(id).flat_map(|r| &r.questions)),
        MapItem::Relation(id) => {
            relation(map, id).map_or_else(Vec::new, |r| existing(bank, &r.questions))
        }
    }
}

/// The first relation that links question `id`, for "See it on the map".
pub fn map_item_of_question(bank: &Bank, id: &QuestionId) -> Option<MapItem> {
    bank.map
        .relations
        .iter()
        .find(|r| r.questions.contains(id))
        .map(|r| MapItem::Relation(r.id.clone()))
}

/// The first event that links question `id`, for "See it on the timeline".
pub fn event_of_question<'a>(bank: &'a Bank, id: &QuestionId) -> Option<&'a Event> {
    bank.events.iter().find(|e| e.questions.contains(id))
}

// --- Reading order ---------------------------------------------------------------------------

/// A box on the screen in points (y grows downwards), for [`reading_order`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenBox {
    /// Left edge.
    pub left: f32,
    /// Top edge.
    pub top: f32,
    /// Right edge.
    pub right: f32,
    /// Bottom edge.
    pub bottom: f32,
}

impl ScreenBox {
    /// Whether `next` may be read right after `self`: on the same line (the two overlap
    /// vertically) it does not start further left; otherwise it starts below `self`.
    pub fn may_precede(&self, next: &Self) -> bool {
        let same_line = next.top < self.bottom && self.top < next.bottom;
        if same_line {
            next.left >= self.left
        } else {
            next.top >= self.bottom
        }
    }
}

/// The order in which to visit `boxes` (the map's groups and relations) as a page is read: line by
/// line from the top, each line left to right. Returns indices into `boxes`.
///
/// Boxes scattered over a picture do not sit on clean lines: one can overlap two others that do
/// not overlap each other. So the rough order (lines of boxes that all overlap one another, each
/// sorted left to right, the lines by their top edge) is then adjusted so that every box may be
/// read right after the one before it ([`ScreenBox::may_precede`]). For any two boxes one of them
/// may precede the other, so such an order always exists, and inserting each box of the rough
/// order after the last box that may precede it finds one.
pub fn reading_order(boxes: &[ScreenBox]) -> Vec<usize> {
    let at = |i: usize| {
        boxes.get(i).copied().unwrap_or(ScreenBox {
            left: 0.0,
            top: 0.0,
            right: 0.0,
            bottom: 0.0,
        })
    };
    let mut by_top: Vec<usize> = (0..boxes.len()).collect();
    by_top.sort_by(|&a, &b| {
        let (a, b) = (at(a), at(b));
        a.top.total_cmp(&b.top).then(a.left.total_cmp(&b.left))
    });
    let mut rough = Vec::with_capacity(boxes.len());
    let mut line: Vec<usize> = Vec::new();
    let mut line_bottom = f32::INFINITY;
    let by_left = |a: &usize, b: &usize| at(*a).left.total_cmp(&at(*b).left);
    for i in by_top {
        let b = at(i);
        if b.top >= line_bottom {
            line.sort_by(by_left);
            rough.append(&mut line);
            line_bottom = f32::INFINITY;
        }
        line.push(i);
        line_bottom = line_bottom.min(b.bottom);
    }
    line.sort_by(by_left);
    rough.append(&mut line);

    let mut order: Vec<usize> = Vec::with_capacity(boxes.len());
    for i in rough {
        let b = at(i);
        let position = if order.last().is_none_or(|&last| at(last).may_precede(&b)) {
            order.len()
        } else {
            // The box after the last one that may precede `b` may follow it (the pair is
            // ordered one way or the other); with none, `b` may precede the first.
            order
                .iter()
                .rposition(|&j| at(j).may_precede(&b))
                .map_or(0, |p| p + 1)
        };
        order.insert(position, i);
    }
    order
}

// --- Timeline --------------------------------------------------------------------------------

/// The timeline screen's state: the list's search text, the marker types shown and the selected
/// event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineView {
    /// Search text of the accessible list.
    pub filter: String,
    /// Event types whose markers are hidden (none when the screen opens).
    pub hidden: Vec<EventType>,
    /// The selected event (bank, event id), whose card shows.
    pub selected: Option<(BankId, String)>,
}

/// A phase as a shaded band: its name and its span in fractional years.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Phase id.
    pub id: String,
    /// Name as the bank gives it.
    pub name: String,
    /// Start, in fractional years (2015.0 is 1 January 2015).
    pub start: f64,
    /// End, in fractional years (the end of the phase's last month or year).
    pub end: f64,
}

/// An event marker on the time axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// Bank of the event.
    pub bank: BankId,
    /// Event id.
    pub id: String,
    /// Event title (the hover text).
    pub title: String,
    /// Position in fractional years (a year-only date sits mid-year).
    pub x: f64,
    /// Marker type (`Other` when the event has none).
    pub kind: EventType,
}

/// The fractional year of the start of `(year, month, day)`.
fn fraction((year, month, day): (u16, u8, u8)) -> f64 {
    f64::from(year) + (f64::from(month) - 1.0) / 12.0 + (f64::from(day) - 1.0) / (12.0 * 31.0)
}

/// Where a date sits on the axis: the middle of the span it can mean.
pub fn date_position(date: PartialDate) -> f64 {
    let start = fraction(date.earliest());
    let (y, m, d) = date.latest();
    let end = fraction((y, m, d)) + 1.0 / (12.0 * 31.0);
    f64::midpoint(start, end)
}

/// The phases as bands, in order.
pub fn bands(phases: &[Phase]) -> Vec<Band> {
    phases
        .iter()
        .map(|p| {
            let (y, m, d) = p.end.latest();
            Band {
                id: p.id.clone(),
                name: p.name.clone(),
                start: fraction(p.start.earliest()),
                end: fraction((y, m, d)) + 1.0 / (12.0 * 31.0),
            }
        })
        .collect()
}

/// For each band, whether its name is written at the top of the picture (else at the bottom).
/// A name is written inside its band, so the names of two bands that overlap in time run into
/// each other on the same edge: each band takes the top unless a band named there already overlaps
/// it by more than a month and a half, then the bottom unless the same holds there (then the top).
pub fn band_labels_on_top(bands: &[Band]) -> Vec<bool> {
    const SLACK: f64 = 1.5 / 12.0;
    let clashes = |placed: &[&Band], band: &Band| {
        placed
            .iter()
            .any(|other| band.end.min(other.end) - band.start.max(other.start) > SLACK)
    };
    let mut top: Vec<&Band> = Vec::new();
    let mut bottom: Vec<&Band> = Vec::new();
    bands
        .iter()
        .map(|band| {
            let on_top = !clashes(&top, band) || clashes(&bottom, band);
            if on_top {
                top.push(band);
            } else {
                bottom.push(band);
            }
            on_top
        })
        .collect()
}

impl TimelineView {
    /// The view with `event` of `bank` selected.
    pub fn at(bank: BankId, event: String) -> Self {
        Self {
            selected: Some((bank, event)),
            ..Self::default()
        }
    }

    /// Whether markers of `kind` show.
    pub fn shows(&self, kind: EventType) -> bool {
        !self.hidden.contains(&kind)
    }

    /// Shows or hides markers of `kind`.
    pub fn set_shown(&mut self, kind: EventType, shown: bool) {
        self.hidden.retain(|k| *k != kind);
        if !shown {
            self.hidden.push(kind);
        }
    }

    /// The markers of every bank's dated events whose type shows, by date.
    pub fn markers(&self, library: &Library) -> Vec<Marker> {
        let mut markers: Vec<Marker> = library
            .banks
            .iter()
            .flat_map(|b| b.events.iter().map(move |e| (b, e)))
            .filter_map(|(b, e)| {
                let kind = e.kind.unwrap_or(EventType::Other);
                let date = PartialDate::parse(&e.date)?;
                self.shows(kind).then(|| Marker {
                    bank: b.id.clone(),
                    id: e.id.clone(),
                    title: e.title.clone(),
                    x: date_position(date),
                    kind,
                })
            })
            .collect();
        markers.sort_by(|a, b| a.x.total_cmp(&b.x));
        markers
    }

    /// The selected event and its bank, if it exists.
    pub fn selected<'a>(&self, library: &'a Library) -> Option<(&'a Bank, &'a Event)> {
        let (bank, id) = self.selected.as_ref()?;
        let bank = library.bank(bank)?;
        Some((bank, bank.events.iter().find(|e| &e.id == id)?))
    }
}

/// An event type in words, for the legend and the filter.
pub fn event_type_words(kind: EventType) -> &'static str {
    match kind {
        EventType::Attack => "Attack",
        EventType::Leadership => "Leadership",
        EventType::Designation => "Designation",
        EventType::MilitaryOperation => "Military operation",
        EventType::Propaganda => "Propaganda",
        EventType::Other => "Other",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::app::tests::tiny_bank;
    use crate::model::Group;

    fn date(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    fn cite(id: &str) -> Citation {
        Citation {
            id: id.into(),
            locator: Some("Overview".into()),
        }
    }

    fn group(id: &str, start: Option<&str>) -> Group {
        Group {
            id: id.into(),
            name: format!("The {id} group"),
            label: id.to_uppercase(),
            kind: GroupKind::MilitantGroup,
            description: format!("About {id}."),
            start: start.map(date),
            end: None,
            sources: vec![cite("s1")],
        }
    }

    fn rel(
        id: &str,
        from: &str,
        to: &str,
        span: (Option<&str>, Option<&str>),
        qs: &[&str],
    ) -> Relation {
        Relation {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            kind: RelationKind::RivalOf,
            start: span.0.map(date),
            end: span.1.map(date),
            summary: format!("Summary of {id}."),
            sources: vec![cite("s2")],
            questions: qs.iter().map(|q| QuestionId((*q).into())).collect(),
        }
    }

    fn event(id: &str, day: &str, kind: Option<EventType>, qs: &[&str]) -> Event {
        Event {
            id: id.into(),
            date: day.into(),
            title: format!("Title {id}"),
            summary: String::new(),
            sources: vec![cite("s1")],
            questions: qs.iter().map(|q| QuestionId((*q).into())).collect(),
            content_warning: None,
            kind,
        }
    }

    /// A bank of 6 questions with groups a (from 2015), b and c, and three relations.
    pub(crate) fn library() -> Library {
        let mut bank = tiny_bank("b", 6);
        bank.map = BankMap {
            groups: vec![
                group("a", Some("2015-01")),
                group("b", None),
                group("c", None),
            ],
            relations: vec![
                rel("ab", "a", "b", (Some("2015"), None), &["q0", "q1", "nope"]),
                rel("bc", "b", "c", (Some("2012"), Some("2019")), &["q1", "q2"]),
                rel("ac", "a", "c", (None, None), &["q3"]),
            ],
            phases: vec![Phase {
                id: "p".into(),
                name: "Founding".into(),
                start: date("2015-01"),
                end: date("2015"),
                summary: String::new(),
                sources: vec![cite("s1")],
            }],
        };
        bank.events = vec![
            event("e1", "2015-01", Some(EventType::Leadership), &["q4"]),
            event("e2", "2021-08-26", Some(EventType::Attack), &["q5"]),
            event("e3", "2014", None, &[]),
        ];
        Library::new(vec![tiny_bank("empty", 1), bank], Vec::new())
    }

    fn ids<'a>(rels: &[&'a Relation]) -> Vec<&'a str> {
        rels.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn the_map_opens_on_the_bank_with_a_map_and_the_year_filters_relations() {
        let library = library();
        let mut view = MapView::open(&library);
        assert_eq!(view.bank, Some(BankId("b".into())));
        assert_eq!(view.year, LAST_YEAR);
        assert_eq!(view.layout.nodes.len(), 3);
        let map = &view.bank(&library).unwrap().map;
        assert_eq!(ids(&view.visible(map)), ["ab", "ac"]);
        view.step_year(-6);
        assert_eq!(view.year, 2018);
        assert_eq!(ids(&view.visible(map)), ["ab", "bc", "ac"]);
        view.step_year(-4);
        assert_eq!(ids(&view.visible(map)), ["bc"], "a is not founded in 2014");
        view.step_year(-100);
        assert_eq!(view.year, FIRST_YEAR);
        view.step_year(100);
        assert_eq!(view.year, LAST_YEAR);
    }

    #[test]
    fn a_selection_highlights_its_visible_relations_and_hover_wins() {
        let library = library();
        let mut view = MapView::open(&library);
        let map = &view.bank(&library).unwrap().map;
        assert!(view.highlighted(map, None).is_empty());
        view.selected = Some(MapItem::Group("b".into()));
        assert_eq!(view.highlighted(map, None), ["ab"].into());
        view.year = 2016;
        assert_eq!(view.highlighted(map, None), ["ab", "bc"].into());
        assert_eq!(view.highlighted(map, Some("c")), ["ac", "bc"].into());
        view.selected = Some(MapItem::Relation("bc".into()));
        assert_eq!(view.highlighted(map, None), ["bc"].into());
        view.year = 2020;
        assert!(view.highlighted(map, None).is_empty(), "bc ended in 2019");
    }

    #[test]
    fn cards_give_summary_dates_sources_and_existing_questions() {
        let library = library();
        let mut view = MapView::open(&library);
        let bank = view.bank(&library).unwrap();
        assert!(view.card(bank).is_none());
        view.selected = Some(MapItem::Relation("ab".into()));
        let card = view.card(bank).unwrap();
        assert_eq!(card.title, "A, rival of B");
        assert_eq!(card.dates, "since 2015");
        assert_eq!(card.summary, "Summary of ab.");
        assert_eq!(card.sources, vec![cite("s2")]);
        assert_eq!(
            card.questions,
            vec![QuestionId("q0".into()), QuestionId("q1".into())]
        );
        view.selected = Some(MapItem::Group("b".into()));
        view.year = 2016;
        let card = view.card(bank).unwrap();
        assert_eq!(card.title, "The b group");
        assert_eq!(card.kind, "militant group");
        assert_eq!(card.dates, "no dates given in the source");
        let qs: Vec<&str> = card.questions.iter().map(|q| q.0.as_str()).collect();
        assert_eq!(
            qs,
            ["q0", "q1", "q2"],
            "each question once, unknown ids left out"
        );
        assert_eq!(card.relations.len(), 2);
        assert_eq!(card.relations[1].1, "B, rival of C");
        view.selected = Some(MapItem::Group("zz".into()));
        assert!(view.card(bank).is_none());
        assert_eq!(
            date_range(Some(date("2015")), Some(date("2019-03"))),
            "2015 to 2019-03"
        );
        assert_eq!(date_range(None, Some(date("2019"))), "until 2019");
    }

    #[test]
    fn every_kind_has_a_family_named_in_its_legend_and_the_view_zooms_within_bounds() {
        for kind in RelationKind::ALL {
            assert!(
                Family::of(kind).legend().contains(kind.phrase()),
                "{kind:?}"
            );
        }
        assert!(
            Family::Hostility
                .legend()
                .starts_with("Hostility: rival of, fought")
        );
        assert_eq!(Family::Designation.index(), 5);
        let mut view = MapView::open(&library());
        view.zoom_by(100.0);
        assert_eq!(view.zoom, 4.0);
        view.pan = (3.0, 4.0);
        view.reset_view();
        assert_eq!((view.zoom, view.pan), (1.0, (0.0, 0.0)));
    }

    #[test]
    fn opening_at_an_item_selects_it_in_a_year_where_it_shows() {
        let library = library();
        let b = BankId("b".into());
        let view = MapView::open_at(&library, &b, MapItem::Relation("bc".into()));
        assert_eq!(view.year, 2012);
        assert_eq!(view.selected, Some(MapItem::Relation("bc".into())));
        let view = MapView::open_at(&library, &b, MapItem::Relation("ac".into()));
        assert_eq!(view.year, LAST_YEAR);
        let bank = library.bank(&b).unwrap();
        assert_eq!(
            map_item_of_question(bank, &QuestionId("q1".into())),
            Some(MapItem::Relation("ab".into()))
        );
        assert_eq!(map_item_of_question(bank, &QuestionId("q5".into())), None);
        assert_eq!(
            event_of_question(bank, &QuestionId("q5".into()))
                .unwrap()
                .id,
            "e2"
        );
        assert!(event_of_question(bank, &QuestionId("q0".into())).is_none());
    }

    #[test]
    fn a_reload_of_the_bank_shown_lays_the_map_out_again_and_keeps_what_still_exists() {
        use crate::bank::watch::Outcome;
        use crate::model::Group;
        let replaced = |id: &str| Reload {
            outcomes: vec![(id.into(), Outcome::Replaced(BankId(id.into())))],
        };
        let mut library = library();
        let mut view = MapView::open(&library);
        view.year = 2018;
        view.zoom = 2.0;
        view.selected = Some(MapItem::Group("b".into()));
        // Another bank's reload changes nothing.
        assert!(!view.reloaded(&library, &replaced("empty")));
        assert!(!view.reloaded(&library, &Reload::default()));

        // A new group in the bank shown: laid out again, the rest kept.
        let bank = library.banks.iter_mut().find(|b| b.id.0 == "b").unwrap();
        bank.map.groups.push(Group {
            name: "The d group".into(),
            ..bank.map.groups[1].clone()
        });
        bank.map.groups[3].id = "d".into();
        assert!(view.reloaded(&library, &replaced("b")));
        assert_eq!(view.layout.nodes.len(), 4);
        assert!(view.layout.nodes.iter().any(|n| n.id == "d"));
        assert_eq!((view.year, view.zoom), (2018, 2.0));
        assert_eq!(view.selected, Some(MapItem::Group("b".into())));

        // The selected group is gone: the selection goes, the view stays.
        let bank = library.banks.iter_mut().find(|b| b.id.0 == "b").unwrap();
        bank.map.groups.retain(|g| g.id != "b");
        bank.map.relations.retain(|r| r.from != "b" && r.to != "b");
        assert!(view.reloaded(&library, &replaced("b")));
        assert_eq!(view.layout.nodes.len(), 3);
        assert_eq!(view.selected, None);
        assert_eq!(view.bank, Some(BankId("b".into())));

        // The map is gone altogether: no bank has one now.
        let bank = library.banks.iter_mut().find(|b| b.id.0 == "b").unwrap();
        bank.map = BankMap::default();
        assert!(view.reloaded(&library, &replaced("b")));
        assert_eq!(view.bank, None);
        assert!(view.layout.nodes.is_empty());
        // And when a bank gets a map again, any reload finds it.
        let bank = library.banks.iter_mut().find(|b| b.id.0 == "b").unwrap();
        let fresh = self::library();
        bank.map = fresh.bank(&BankId("b".into())).unwrap().map.clone();
        assert!(view.reloaded(&library, &replaced("b")));
        assert_eq!(view.bank, Some(BankId("b".into())));
        assert_eq!(view.layout.nodes.len(), 3);
        assert_eq!(view.year, 2018, "the year is kept");
    }

    #[test]
    fn timeline_bands_and_markers_follow_dates_and_the_type_filter() {
        let library = library();
        let bank = library.bank(&BankId("b".into())).unwrap();
        let phase = &bands(&bank.map.phases)[0];
        assert_eq!(phase.name, "Founding");
        assert!((phase.start - 2015.0).abs() < 1e-9);
        assert!((phase.end - 2016.0).abs() < 1e-9);
        let mut view = TimelineView::default();
        let markers = view.markers(&library);
        let got: Vec<&str> = markers.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(got, ["e3", "e1", "e2"], "by date");
        assert!((markers[0].x - 2014.5).abs() < 0.01, "a year sits mid-year");
        assert!((markers[1].x - (2015.0 + 0.5 / 12.0)).abs() < 0.01);
        assert_eq!(markers[0].kind, EventType::Other);
        view.set_shown(EventType::Attack, false);
        assert!(!view.shows(EventType::Attack));
        let got: Vec<String> = view.markers(&library).into_iter().map(|m| m.id).collect();
        assert_eq!(got, ["e3", "e1"]);
        view.set_shown(EventType::Attack, true);
        assert_eq!(view.markers(&library).len(), 3);
        assert!(view.selected(&library).is_none());
        let view = TimelineView::at(BankId("b".into()), "e2".into());
        let (_, e) = view.selected(&library).unwrap();
        assert_eq!(e.title, "Title e2");
        assert_eq!(e.questions.len(), 1);
    }

    fn screen_box(left: f32, top: f32, width: f32, height: f32) -> ScreenBox {
        ScreenBox {
            left,
            top,
            right: left + width,
            bottom: top + height,
        }
    }

    /// Fails unless `order` visits every box once and each box may be read after the one before.
    fn assert_reads_in_order(boxes: &[ScreenBox], order: &[usize]) {
        let mut sorted = order.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..boxes.len()).collect::<Vec<_>>());
        for pair in order.windows(2) {
            let (a, b) = (boxes[pair[0]], boxes[pair[1]]);
            assert!(a.may_precede(&b), "{a:?} then {b:?} in {order:?}");
        }
    }

    #[test]
    fn reading_order_goes_line_by_line_left_to_right() {
        let boxes = [
            screen_box(300.0, 0.0, 50.0, 20.0),
            screen_box(0.0, 100.0, 50.0, 20.0),
            screen_box(0.0, 5.0, 50.0, 20.0),
            screen_box(200.0, 95.0, 50.0, 20.0),
            screen_box(100.0, 50.0, 50.0, 20.0),
        ];
        assert_eq!(reading_order(&boxes), [2, 0, 4, 1, 3]);
        assert!(reading_order(&[]).is_empty());
    }

    #[test]
    fn reading_order_handles_staggered_boxes() {
        // a and b share a line; c starts below a but overlaps b, further left than b: after the
        // line "a, b", c would go back left on b's line. So c comes between them, where it is
        // below a and left of b.
        let boxes = [
            screen_box(0.0, 0.0, 50.0, 20.0),
            screen_box(200.0, 15.0, 50.0, 20.0),
            screen_box(100.0, 25.0, 50.0, 20.0),
        ];
        assert!(!boxes[1].may_precede(&boxes[2]));
        let order = reading_order(&boxes);
        assert_eq!(order, [0, 2, 1]);
        assert_reads_in_order(&boxes, &order);
    }

    #[test]
    fn reading_order_holds_for_scattered_boxes() {
        use rand::{RngExt as _, SeedableRng as _};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
        for round in 0..300 {
            let n = rng.random_range(0..40);
            let boxes: Vec<ScreenBox> = (0..n)
                .map(|_| {
                    screen_box(
                        rng.random_range(0.0..800.0),
                        rng.random_range(0.0..600.0),
                        rng.random_range(10.0..150.0),
                        if rng.random_range(0..2) == 0 {
                            14.0
                        } else {
                            26.0
                        },
                    )
                })
                .collect();
            let order = reading_order(&boxes);
            assert_eq!(order.len(), n, "round {round}");
            assert_reads_in_order(&boxes, &order);
        }
    }

    #[test]
    fn band_labels_of_overlapping_phases_go_to_opposite_edges() {
        let band = |name: &str, start: f64, end: f64| Band {
            id: name.into(),
            name: name.into(),
            start,
            end,
        };
        let bands = [
            band("beginnings", 2010.0, 2015.08),
            band("expansion", 2015.0, 2016.0),
            band("threats", 2015.0, 2021.0),
            band("losses", 2019.8, 2020.25),
            band("urban", 2020.25, 2021.67),
            band("shifts", 2021.6, 2025.0),
            band("abroad", 2022.0, 2024.25),
        ];
        assert_eq!(
            band_labels_on_top(&bands),
            [true, true, false, true, true, true, false]
        );
        // Three at once: the third can go nowhere free, and takes the top.
        let three = [
            band("a", 2010.0, 2020.0),
            band("b", 2012.0, 2018.0),
            band("c", 2014.0, 2016.0),
        ];
        assert_eq!(band_labels_on_top(&three), [true, false, true]);
    }
}
