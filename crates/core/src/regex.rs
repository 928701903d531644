//! PostgreSQL's regular expressions (its "advanced" ones), as far as credreport reads them:
//! whether a text holds a match (`~`, `~*`, `!~`, `!~*`, `regexp_like()`), where each match is
//! (`regexp_replace()`, `regexp_count()`, `regexp_substr()`, `regexp_instr()`), and what each
//! part in parentheses matched of it (`\1` in a replacement, `subexpr`, `regexp_match()`'s
//! elements), divided as PostgreSQL divides a match (the `dissect` module).
//!
//! A pattern is read into a tree, which is refused by name and place wherever PostgreSQL would
//! read it another way than this module would match it (back-references, look-arounds, word
//! boundaries, collating elements…); what is read compiles to a list of steps. A match runs the
//! steps as a set of states over the text, one character at a time (a Thompson simulation): its
//! time grows as the text's length times the pattern's, never exponentially, whatever the
//! pattern, and its memory as the pattern's.
//!
//! A match is PostgreSQL's: the one that starts first, and of those the longest, or the shortest
//! where the pattern prefers it by PostgreSQL's rules (its first count that says, `*` or `*?`;
//! two or more branches the longest). PostgreSQL's defaults are kept: `.` and a negated bracket match a line break too, `^` and
//! `$` match only where the text starts and ends, and a case-insensitive match (`~*`, flag `i`)
//! takes each character of the pattern in its upper and lower case, with `[[:upper:]]` and
//! `[[:lower:]]` matching any letter. Classes follow a UTF-8 database's (`\w` is a letter, a
//! digit or `_` of any script; `\d` the digits 0 to 9).

use std::fmt;

mod dissect;

use crate::functions::{lower_letter, upper_letter, WORK_BETWEEN_LOOKS};
use crate::results::quoted;

/// The most steps a pattern may compile to: `(a{255}){255}` is refused, not built.
const MAX_STEPS: usize = 10_000;
/// The deepest a pattern's parentheses may nest.
const MAX_DEPTH: usize = 64;
/// PostgreSQL's largest count in a bound (`RE_DUP_MAX`).
const MAX_BOUND: u32 = 255;

/// A pattern refused: what, where (the character's place, from 1), and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexError {
    pub pattern: String,
    pub at: usize,
    pub what: String,
    pub fix: &'static str,
}

impl RegexError {
    /// What is refused and where, without what to do: "the back-reference \\1 in the regular
    /// expression '(a)\\1' (character 5)".
    pub fn part(&self) -> String {
        format!(
            "{} in the regular expression '{}' (character {})",
            self.what,
            quoted(&self.pattern),
            self.at
        )
    }
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, which credreport does not match as PostgreSQL would: {}",
            self.part(),
            self.fix
        )
    }
}

impl std::error::Error for RegexError {}

/// Which flags a match takes: `regexp_like()`'s third argument, `regexp_replace()`'s fourth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    pub ignore_case: bool,
    /// `g`: every match, not the first (`regexp_replace()` only).
    pub global: bool,
}

/// The flags credreport takes, for a message that refuses another.
pub const FLAGS_TAKEN: &str = "credreport takes the flags 'i' (ignore case), 'c' (case counts) \
                               and, in regexp_replace(), 'g' (every match)";

/// A flag refused, and the function it was given to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagError(pub char, pub &'static str);

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}() has the flag '{}': {FLAGS_TAKEN}", self.1, self.0)
    }
}

impl Flags {
    /// PostgreSQL's flags `i` (ignore case) and `c` (tell case apart, the default), the last one
    /// written counting, and `g` where `function` is `regexp_replace`; any other flag is
    /// refused, by name.
    pub fn parse(flags: &str, function: &'static str) -> Result<Flags, FlagError> {
        let mut out = Flags::default();
        for c in flags.chars() {
            match c {
                'i' => out.ignore_case = true,
                'c' => out.ignore_case = false,
                'g' if function == "regexp_replace" => out.global = true,
                other => return Err(FlagError(other, function)),
            }
        }
        Ok(out)
    }
}

/// A class of characters, as `[[:name:]]` or `\d`, `\s`, `\w` name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Alpha,
    Digit,
    Alnum,
    Upper,
    Lower,
    Space,
    Xdigit,
    /// `\w`: a letter, a digit or `_`.
    Word,
}

impl Class {
    fn named(name: &str) -> Option<Class> {
        Some(match name {
            "alpha" => Class::Alpha,
            "digit" => Class::Digit,
            "alnum" => Class::Alnum,
            "upper" => Class::Upper,
            "lower" => Class::Lower,
            "space" => Class::Space,
            "xdigit" => Class::Xdigit,
            _ => return None,
        })
    }

    fn has(self, c: char, ignore_case: bool) -> bool {
        let alpha = |c: char| c.is_alphabetic();
        let digit = |c: char| c.is_ascii_digit();
        match self {
            Class::Alpha => alpha(c),
            Class::Digit => digit(c),
            Class::Alnum => alpha(c) || digit(c),
            // PostgreSQL takes both for letters when the case is ignored.
            Class::Upper | Class::Lower if ignore_case => alpha(c),
            Class::Upper => c.is_uppercase(),
            Class::Lower => c.is_lowercase(),
            // A UTF-8 locale's spaces: Unicode's white space but the spaces that do not break.
            Class::Space => {
                c.is_whitespace() && !matches!(c, '\u{85}' | '\u{a0}' | '\u{2007}' | '\u{202f}')
            }
            Class::Xdigit => c.is_ascii_hexdigit(),
            Class::Word => alpha(c) || digit(c) || c == '_',
        }
    }
}

/// What one bracket expression (or `\d`, `\D`…) holds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Set {
    negated: bool,
    ranges: Vec<(char, char)>,
    classes: Vec<Class>,
}

impl Set {
    fn of(class: Class, negated: bool) -> Set {
        Set {
            negated,
            ranges: Vec::new(),
            classes: vec![class],
        }
    }

    fn holds(&self, c: char, ignore_case: bool) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= c && c <= b)
            || self.classes.iter().any(|k| k.has(c, ignore_case))
    }

    fn matches(&self, c: char, ignore_case: bool) -> bool {
        let held = if ignore_case {
            variants(c).into_iter().any(|v| self.holds(v, true))
        } else {
            self.holds(c, false)
        };
        held != self.negated
    }
}

/// A character and its lower and upper case.
fn variants(c: char) -> [char; 3] {
    [c, lower_letter(c), upper_letter(c)]
}

/// A pattern read, before it is compiled.
#[derive(Debug, Clone)]
enum Node {
    Empty,
    Char(char),
    Any,
    Set(Set),
    Start,
    End,
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
    /// A part in parentheses that keeps what it matched (`(…)`, not `(?:…)`), numbered from 1
    /// by its opening parenthesis.
    Group(Box<Node>, usize),
    /// What is repeated, at least and at most how often, and how the count was written.
    Repeat(Box<Node>, u32, Option<u32>, Count),
}

/// How a count was written, which decides what a pattern prefers when a match could end in
/// more than one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Count {
    /// `*`, `+`, `?`, `{m,}`, `{m,n}`: the longest.
    Greedy,
    /// `*?`, `+?`, `??`, `{m,}?`, `{m,n}?`: the shortest.
    Lazy,
    /// `{m}` or `{m}?`: what the repeated part prefers.
    Fixed,
}

impl Node {
    /// Whether the pattern prefers its longest match (`Some(true)`) or its shortest, by
    /// PostgreSQL's rules: a count says so as written, `{m}` as its part; a branch as the first
    /// part that says; two or more branches prefer the longest; the rest say nothing.
    fn prefers_longest(&self) -> Option<bool> {
        match self {
            Node::Repeat(_, _, _, Count::Greedy) | Node::Alternation(_) => Some(true),
            Node::Repeat(_, _, _, Count::Lazy) => Some(false),
            Node::Repeat(n, _, _, Count::Fixed) | Node::Group(n, _) => n.prefers_longest(),
            Node::Concat(nodes) => nodes.iter().find_map(Node::prefers_longest),
            _ => None,
        }
    }
}

/// One step of a compiled pattern.
#[derive(Debug, Clone)]
enum Step {
    Char(char),
    Any,
    Set(Set),
    Start,
    End,
    Split(usize, usize),
    Jump(usize),
    Match,
}

/// A pattern compiled, ready to match any number of texts.
#[derive(Debug, Clone)]
pub struct Regex {
    steps: Vec<Step>,
    /// Whether a match that could end in more than one place takes the longest.
    longest: bool,
    /// How many parts in parentheses it has (`(…)`, not `(?:…)`).
    groups: usize,
    /// How a match divides among those parts, when it has any.
    tree: Option<dissect::Part>,
}

impl Regex {
    /// Read `pattern` as PostgreSQL reads an advanced regular expression, or say what in it
    /// credreport does not read.
    pub fn new(pattern: &str) -> Result<Regex, RegexError> {
        let mut reader = Reader {
            pattern,
            chars: pattern.chars().collect(),
            at: 0,
            groups: 0,
        };
        let tree = reader.alternation(0)?;
        if reader.at < reader.chars.len() {
            // Only a `)` stops the top level early.
            return Err(reader.refuse("a ) with no ( before it", "write \\) for the character ')'"));
        }
        // Refused as a whole, from its first character.
        let whole = |what: String, fix| RegexError {
            pattern: pattern.to_owned(),
            at: 1,
            what,
            fix,
        };
        let mut steps = Vec::new();
        compile(&tree, &mut steps).map_err(|()| {
            whole(
                format!("more than {MAX_STEPS} steps once its counts are spelled out"),
                "write it with fewer or smaller counts ({m,n})",
            )
        })?;
        steps.push(Step::Match);
        let divided = (reader.groups > 0)
            .then(|| dissect::tree(&tree))
            .transpose()
            .map_err(|()| {
                whole(
                    format!(
                        "more than {} steps once each part in parentheses is compiled on its own",
                        dissect::MAX_TREE_STEPS
                    ),
                    "nest fewer groups, or write (?:…) where the part need not be kept",
                )
            })?;
        Ok(Regex {
            steps,
            longest: tree.prefers_longest().unwrap_or(true),
            groups: reader.groups,
            tree: divided,
        })
    }

    /// How many parts in parentheses the pattern has: `(…)`, whose matches PostgreSQL keeps
    /// (`substring(x from '@(.*)')` answers with the first), not `(?:…)`.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// Whether `text` holds a match anywhere; `None` when `stop` said to stop (it is asked now
    /// and then, as the work grows as the text's length times the pattern's).
    pub fn is_match(
        &self,
        text: &str,
        flags: Flags,
        stop: &mut dyn FnMut() -> bool,
    ) -> Option<bool> {
        let mut search = Search::new(self, stop);
        Some(search.run(text, 0, flags, true)?.is_some())
    }

    /// The first match that starts at or after byte `from` of `text`, as its byte range, as
    /// PostgreSQL finds it: the one that starts first, and of those the longest, or the shortest
    /// where the pattern prefers it (`a.*?b`). `Some(None)` when there is none; `None` when
    /// `stop` said to stop.
    pub fn find(
        &self,
        text: &str,
        from: usize,
        flags: Flags,
        stop: &mut dyn FnMut() -> bool,
    ) -> Option<Option<(usize, usize)>> {
        Search::new(self, stop).run(text, from, flags, false)
    }

    /// What each part in parentheses matched of the match `span` of `text` (as [`Regex::find`]
    /// found it), as PostgreSQL divides a match among them: by byte range, in the order of
    /// their opening parentheses, `None` for a part that took no part. `None` when `stop` said
    /// to stop.
    pub fn groups_of(
        &self,
        text: &str,
        span: (usize, usize),
        flags: Flags,
        stop: &mut dyn FnMut() -> bool,
    ) -> Option<Vec<Option<(usize, usize)>>> {
        Search::new(self, stop).divide(text, span, flags)
    }

    /// Each match from byte `from` on, as PostgreSQL's functions that take every match find
    /// them: each search starts where the match before ended, one character later after an
    /// empty one. `None` when `stop` said to stop.
    pub fn find_all(
        &self,
        text: &str,
        from: usize,
        flags: Flags,
        stop: &mut dyn FnMut() -> bool,
    ) -> Option<Vec<(usize, usize)>> {
        self.find_first(usize::MAX, text, from, flags, stop)
    }

    /// The first `count` matches [`Regex::find_all`] finds (fewer where there are fewer): the
    /// search ends at the last one asked for.
    pub fn find_first(
        &self,
        count: usize,
        text: &str,
        from: usize,
        flags: Flags,
        stop: &mut dyn FnMut() -> bool,
    ) -> Option<Vec<(usize, usize)>> {
        // One search for all, so that its count of work spans them (many short searches are
        // asked to stop as one long one is).
        let mut search = Search::new(self, stop);
        let mut found = Vec::new();
        let mut at = Some(from).filter(|_| count > 0);
        while let Some(from) = at.filter(|_| found.len() < count) {
            let Some(span) = search.run(text, from, flags, false)? else {
                break;
            };
            found.push(span);
            at = after(text, span);
        }
        Some(found)
    }

    /// The parts of `text` between the matches, as PostgreSQL's `regexp_split_to_array()`
    /// splits it, by byte range: at each match, but for an empty match at the text's start or
    /// end or just after the match before it. The whole text where nothing matches. `None`
    /// when `stop` said to stop.
    pub fn split(
        &self,
        text: &str,
        flags: Flags,
        stop: &mut dyn FnMut() -> bool,
    ) -> Option<Vec<(usize, usize)>> {
        let mut parts = Vec::new();
        let (mut part_start, mut last_end) = (0, 0);
        for (start, end) in self.find_all(text, 0, flags, stop)? {
            if start < text.len() && end > last_end {
                parts.push((part_start, start));
                part_start = end;
            }
            last_end = end;
        }
        parts.push((part_start, text.len()));
        Some(parts)
    }

    /// `text` with the matches `which` says replaced, as PostgreSQL's `regexp_replace()`;
    /// refused once it would pass `max_bytes`, before it is made.
    pub fn replace(
        &self,
        text: &str,
        with: &Replacement,
        which: Which,
        flags: Flags,
        max_bytes: usize,
        stop: &mut dyn FnMut() -> bool,
    ) -> Result<String, Stopped> {
        let mut search = Search::new(self, stop);
        let names_groups = with.0.iter().any(|p| matches!(p, Part::Group(_)));
        let mut out = String::with_capacity(text.len().min(max_bytes));
        let mut kept = 0;
        let mut at = Some(which.from);
        // The matches found so far, and the one to replace (0: each).
        let (mut counted, nth) = (0, which.nth(flags));
        while let Some(from) = at {
            let found = search.run(text, from, flags, false).ok_or(Stopped::Asked)?;
            let Some((start, end)) = found else {
                break;
            };
            counted += 1;
            at = after(text, (start, end));
            if nth > 0 && counted < nth {
                continue;
            }
            if nth > 0 {
                at = None;
            }
            let groups = if names_groups {
                search
                    .divide(text, (start, end), flags)
                    .ok_or(Stopped::Asked)?
            } else {
                Vec::new()
            };
            out.push_str(&text[kept..start]);
            for part in &with.0 {
                match part {
                    Part::Text(t) => out.push_str(t),
                    Part::Match => out.push_str(&text[start..end]),
                    Part::Group(n) => {
                        if let Some(Some((a, b))) = groups.get(n - 1) {
                            out.push_str(&text[*a..*b]);
                        }
                    }
                }
            }
            if out.len() > max_bytes {
                return Err(Stopped::TooLong);
            }
            kept = end;
        }
        out.push_str(&text[kept..]);
        if out.len() > max_bytes {
            return Err(Stopped::TooLong);
        }
        Ok(out)
    }
}

/// Add step `from` of `steps`, and every step reached from it without taking a character, to
/// `states`, each marked as starting at `start`; whether that reaches the match. `place`:
/// whether this is where the text starts, and where it ends.
fn follow(
    steps: &[Step],
    states: &mut States,
    from: usize,
    start: usize,
    (first, last): (bool, bool),
    stack: &mut Vec<usize>,
) -> bool {
    let mut matched = false;
    stack.clear();
    stack.push(from);
    while let Some(at) = stack.pop() {
        // A state reached already was reached from a start as soon or sooner.
        if !states.insert(at, start) {
            continue;
        }
        match steps[at] {
            Step::Jump(to) => stack.push(to),
            Step::Split(a, b) => {
                stack.push(b);
                stack.push(a);
            }
            Step::Start if first => stack.push(at + 1),
            Step::End if last => stack.push(at + 1),
            Step::Match => matched = true,
            _ => {}
        }
    }
    matched
}

/// Whether `step` takes the character `c`.
fn takes(step: &Step, c: char, flags: Flags) -> bool {
    match step {
        Step::Char(p) => *p == c || (flags.ignore_case && variants(*p)[1..].contains(&c)),
        Step::Any => true,
        Step::Set(s) => s.matches(c, flags.ignore_case),
        _ => false,
    }
}

/// Where the search for the next match starts after the match `span`: where it ended, one
/// character later after an empty match; `None` past the text's end.
fn after(text: &str, (start, end): (usize, usize)) -> Option<usize> {
    if start < end {
        return Some(end);
    }
    text[end..].chars().next().map(|c| end + c.len_utf8())
}

/// One or more searches of a pattern: the sets of states they reuse, and the work done since
/// `stop` was last asked.
struct Search<'a> {
    regex: &'a Regex,
    now: States,
    next: States,
    stack: Vec<usize>,
    budget: Budget<'a>,
}

/// The work done since `stop` was last asked, and `stop`, asked whenever it passes
/// [`WORK_BETWEEN_LOOKS`]: one budget for every search and division of one call.
pub(super) struct Budget<'a> {
    work: usize,
    stop: &'a mut dyn FnMut() -> bool,
}

impl Budget<'_> {
    /// Count `work` more; whether `stop` said to stop.
    fn spend(&mut self, work: usize) -> bool {
        self.work += work;
        if self.work < WORK_BETWEEN_LOOKS {
            return false;
        }
        self.work = 0;
        (self.stop)()
    }
}

impl<'a> Search<'a> {
    fn new(regex: &'a Regex, stop: &'a mut dyn FnMut() -> bool) -> Search<'a> {
        let n = regex.steps.len();
        Search {
            regex,
            now: States::new(n),
            next: States::new(n),
            stack: Vec::new(),
            budget: Budget { work: 0, stop },
        }
    }

    /// The states reached so far run over the text a character at a time, each marked with
    /// where its match would start; `any` stops at the first match.
    fn run(
        &mut self,
        text: &str,
        from: usize,
        flags: Flags,
        any: bool,
    ) -> Option<Option<(usize, usize)>> {
        let regex = self.regex;
        let longest = regex.longest;
        let mut best: Option<(usize, usize)> = None;
        let keep = |start: usize, end: usize, best: &mut Option<(usize, usize)>| {
            let better = match *best {
                None => true,
                Some((s, e)) => start < s || (start == s && longest && end > e),
            };
            if better {
                *best = Some((start, end));
            }
        };
        self.now.clear();
        let mut at = from;
        let mut rest = text.get(from..).unwrap_or_default().chars();
        loop {
            // A match may start at each character until one is found.
            let place = (at == 0, at == text.len());
            if best.is_none() && follow(&regex.steps, &mut self.now, 0, at, place, &mut self.stack)
            {
                keep(at, at, &mut best);
            }
            if any && best.is_some() {
                return Some(best);
            }
            let Some(c) = rest.next() else {
                return Some(best);
            };
            if self.budget.spend(self.now.len + 1) {
                return None;
            }
            let after = at + c.len_utf8();
            let place = (false, after == text.len());
            self.next.clear();
            for i in 0..self.now.len {
                let step = self.now.dense[i];
                let start = self.now.start[step];
                // Once a match is found, only one that starts sooner, or as soon and can be
                // longer, is of use.
                if let Some((s, _)) = best {
                    if start > s || (start == s && !longest) {
                        continue;
                    }
                }
                let next = &mut self.next;
                if takes(&regex.steps[step], c, flags)
                    && follow(&regex.steps, next, step + 1, start, place, &mut self.stack)
                {
                    keep(start, after, &mut best);
                    if any {
                        return Some(best);
                    }
                }
            }
            std::mem::swap(&mut self.now, &mut self.next);
            at = after;
            if self.now.len == 0 && best.is_some() {
                return Some(best);
            }
        }
    }
}

impl Search<'_> {
    /// What each part in parentheses matched of the match `span`; see [`Regex::groups_of`].
    fn divide(
        &mut self,
        text: &str,
        (start, end): (usize, usize),
        flags: Flags,
    ) -> Option<Vec<Option<(usize, usize)>>> {
        let regex = self.regex;
        let Some(tree) = &regex.tree else {
            return Some(Vec::new());
        };
        let mut divide = dissect::Divide::new(tree, text, flags, regex.groups, &mut self.budget);
        divide.divide(tree, start, end)?;
        Some(divide.groups())
    }
}

/// Which matches `regexp_replace()` replaces: those from byte `from` on, and of them the `n`-th
/// alone (from 1), or each (`n` 0, or none given with the flag `g`), or else the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Which {
    pub from: usize,
    pub n: Option<usize>,
}

impl Which {
    fn nth(self, flags: Flags) -> usize {
        self.n.unwrap_or(if flags.global { 0 } else { 1 })
    }
}

/// Why a replacement was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// `stop` said to stop.
    Asked,
    /// The text would have been longer than it may be.
    TooLong,
}

/// Where character `start` (counted from 1) of `text` begins, in bytes: its length just past
/// the last character, `None` further on or before the first.
pub fn char_start(text: &str, start: i64) -> Option<usize> {
    let skip = usize::try_from(start.checked_sub(1)?).ok()?;
    match text.char_indices().nth(skip) {
        Some((at, _)) => Some(at),
        None => (text.chars().count() == skip).then_some(text.len()),
    }
}

/// What `regexp_replace()` writes for each match: its third argument read as PostgreSQL reads
/// it (`\&` the match, `\1`…`\9` what a part in parentheses matched — nothing for one that took
/// no part or is not there —, `\\` one backslash, a backslash before anything else kept as
/// written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement(Vec<Part>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Match,
    Group(usize),
}

impl Replacement {
    pub fn parse(text: &str) -> Replacement {
        let mut parts = Vec::new();
        let mut plain = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                plain.push(c);
                continue;
            }
            match chars.peek().copied() {
                Some(d @ '1'..='9') => {
                    chars.next();
                    parts.push(Part::Text(std::mem::take(&mut plain)));
                    parts.push(Part::Group(d as usize - '0' as usize));
                }
                Some('&') => {
                    chars.next();
                    parts.push(Part::Text(std::mem::take(&mut plain)));
                    parts.push(Part::Match);
                }
                Some('\\') => {
                    chars.next();
                    plain.push('\\');
                }
                // Kept as written; the character after it is read as any other.
                _ => plain.push('\\'),
            }
        }
        parts.push(Part::Text(plain));
        parts.retain(|p| !matches!(p, Part::Text(t) if t.is_empty()));
        Replacement(parts)
    }
}

/// A set of step numbers, cleared in constant time, each with where its match would start.
struct States {
    dense: Vec<usize>,
    sparse: Vec<usize>,
    start: Vec<usize>,
    len: usize,
}

impl States {
    fn new(n: usize) -> States {
        States {
            dense: vec![0; n],
            sparse: vec![0; n],
            start: vec![0; n],
            len: 0,
        }
    }

    fn clear(&mut self) {
        self.len = 0;
    }

    fn insert(&mut self, at: usize, start: usize) -> bool {
        let i = self.sparse[at];
        if i < self.len && self.dense[i] == at {
            return false;
        }
        self.dense[self.len] = at;
        self.sparse[at] = self.len;
        self.start[at] = start;
        self.len += 1;
        true
    }
}

fn push(steps: &mut Vec<Step>, step: Step) -> Result<usize, ()> {
    if steps.len() >= MAX_STEPS {
        return Err(());
    }
    steps.push(step);
    Ok(steps.len() - 1)
}

fn compile(node: &Node, steps: &mut Vec<Step>) -> Result<(), ()> {
    match node {
        Node::Empty => {}
        Node::Char(c) => {
            push(steps, Step::Char(*c))?;
        }
        Node::Any => {
            push(steps, Step::Any)?;
        }
        Node::Set(s) => {
            push(steps, Step::Set(s.clone()))?;
        }
        Node::Start => {
            push(steps, Step::Start)?;
        }
        Node::End => {
            push(steps, Step::End)?;
        }
        Node::Concat(nodes) => {
            for n in nodes {
                compile(n, steps)?;
            }
        }
        Node::Group(n, _) => compile(n, steps)?,
        Node::Alternation(nodes) => {
            let mut jumps = Vec::new();
            for (i, n) in nodes.iter().enumerate() {
                if i + 1 == nodes.len() {
                    compile(n, steps)?;
                    break;
                }
                let split = push(steps, Step::Split(0, 0))?;
                compile(n, steps)?;
                jumps.push(push(steps, Step::Jump(0))?);
                steps[split] = Step::Split(split + 1, steps.len());
            }
            let end = steps.len();
            for j in jumps {
                steps[j] = Step::Jump(end);
            }
        }
        Node::Repeat(n, min, max, _) => {
            for _ in 0..*min {
                compile(n, steps)?;
            }
            match max {
                None => {
                    let split = push(steps, Step::Split(0, 0))?;
                    compile(n, steps)?;
                    push(steps, Step::Jump(split))?;
                    steps[split] = Step::Split(split + 1, steps.len());
                }
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(push(steps, Step::Split(0, 0))?);
                        compile(n, steps)?;
                    }
                    let end = steps.len();
                    for s in splits {
                        steps[s] = Step::Split(s + 1, end);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Reads a pattern, character by character.
struct Reader<'a> {
    pattern: &'a str,
    chars: Vec<char>,
    at: usize,
    /// The parts in parentheses read so far.
    groups: usize,
}

type Read<T> = Result<T, RegexError>;

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let here = self.peek() == Some(c);
        if here {
            self.at += 1;
        }
        here
    }

    /// A refusal at the character just read (or, at the start, the first).
    fn refuse(&self, what: impl Into<String>, fix: &'static str) -> RegexError {
        RegexError {
            pattern: self.pattern.to_owned(),
            at: self.at.max(1),
            what: what.into(),
            fix,
        }
    }

    fn alternation(&mut self, depth: usize) -> Read<Node> {
        let mut branches = vec![self.concat(depth)?];
        while self.eat('|') {
            branches.push(self.concat(depth)?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alternation(branches)
        })
    }

    fn concat(&mut self, depth: usize) -> Read<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            items.push(self.quantified(atom)?);
        }
        Ok(Node::Concat(items))
    }

    fn quantified(&mut self, atom: Node) -> Read<Node> {
        let Some(c) = self.peek() else {
            return Ok(atom);
        };
        let (min, max, fixed) = match c {
            '*' => (0, None, false),
            '+' => (1, None, false),
            '?' => (0, Some(1), false),
            '{' => (0, Some(0), false),
            _ => return Ok(atom),
        };
        self.at += 1;
        let (min, max, fixed) = if c == '{' {
            self.bound()?
        } else {
            (min, max, fixed)
        };
        if matches!(atom, Node::Start | Node::End) {
            return Err(self.refuse(
                "a count after ^ or $",
                "a count repeats a character or a group: (…)*",
            ));
        }
        let lazy = self.eat('?');
        // `{m}` prefers what its part prefers, and `{m}?` too; `{m,m}` is a count like `*`.
        let count = match (fixed, lazy) {
            (true, _) => Count::Fixed,
            (false, true) => Count::Lazy,
            (false, false) => Count::Greedy,
        };
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            self.at += 1;
            return Err(self.refuse("two counts in a row", "put the first in parentheses: (a*)+"));
        }
        Ok(Node::Repeat(Box::new(atom), min, max, count))
    }

    /// `{m}`, `{m,}` or `{m,n}`, after the `{`: the least and most, and whether it was `{m}`.
    fn bound(&mut self) -> Read<(u32, Option<u32>, bool)> {
        let not_a_bound = "a { that starts no count {m}, {m,} or {m,n}";
        let min = self
            .number()
            .ok_or_else(|| self.refuse(not_a_bound, "write \\{ for the character '{'"))?;
        let fixed = !self.eat(',');
        let max = if fixed {
            Some(min)
        } else if self.peek() == Some('}') {
            None
        } else {
            Some(
                self.number()
                    .ok_or_else(|| self.refuse(not_a_bound, "write \\{ for the character '{'"))?,
            )
        };
        if self.peek() != Some('}') {
            return Err(self.refuse(not_a_bound, "write \\{ for the character '{'"));
        }
        if min > MAX_BOUND || max.is_some_and(|m| m > MAX_BOUND) {
            return Err(self.refuse(
                format!("a count over {MAX_BOUND}"),
                "PostgreSQL counts up to 255: repeat a group, (a{200}){2}",
            ));
        }
        if max.is_some_and(|m| m < min) {
            return Err(self.refuse(
                "a count {m,n} whose m is over its n",
                "write the smaller count first",
            ));
        }
        self.at += 1;
        Ok((min, max, fixed))
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        let mut n: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = n.saturating_mul(10).saturating_add(d);
            self.at += 1;
        }
        (self.at > start).then_some(n)
    }

    fn atom(&mut self, depth: usize) -> Read<Node> {
        let Some(c) = self.peek() else {
            return Ok(Node::Empty);
        };
        self.at += 1;
        Ok(match c {
            '(' => {
                if depth >= MAX_DEPTH {
                    return Err(self.refuse(
                        format!("parentheses nested more than {MAX_DEPTH} deep"),
                        "write it with fewer groups",
                    ));
                }
                if self.eat('?') {
                    if !self.eat(':') {
                        return Err(self.refuse(
                            "(? … ), a look-ahead, a look-behind or options",
                            "credreport has groups ( ) and (?: ) only",
                        ));
                    }
                    self.closed(depth)?
                } else {
                    self.groups += 1;
                    let number = self.groups;
                    Node::Group(Box::new(self.closed(depth)?), number)
                }
            }
            '[' => self.bracket()?,
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '\\' => self.escape()?,
            '*' | '+' | '?' | '{' => {
                return Err(self.refuse(
                    format!("a {c} with nothing before it to repeat"),
                    "write \\ before it for the character itself",
                ))
            }
            c => Node::Char(c),
        })
    }

    /// What is in parentheses, up to and with its `)`.
    fn closed(&mut self, depth: usize) -> Read<Node> {
        let inner = self.alternation(depth + 1)?;
        if !self.eat(')') {
            return Err(self.refuse(
                "a ( with no ) after it",
                "close the group, or write \\( for the character '('",
            ));
        }
        Ok(inner)
    }

    /// After a `\` outside brackets.
    fn escape(&mut self) -> Read<Node> {
        let Some(c) = self.peek() else {
            return Err(self.refuse("a \\ at its end", "write \\\\ for a backslash"));
        };
        self.at += 1;
        Ok(match c {
            'd' => Node::Set(Set::of(Class::Digit, false)),
            'D' => Node::Set(Set::of(Class::Digit, true)),
            's' => Node::Set(Set::of(Class::Space, false)),
            'S' => Node::Set(Set::of(Class::Space, true)),
            'w' => Node::Set(Set::of(Class::Word, false)),
            'W' => Node::Set(Set::of(Class::Word, true)),
            'A' => Node::Start,
            'Z' => Node::End,
            c => Node::Char(self.escaped(c)?),
        })
    }

    /// The character an escape `\c` stands for, where it stands for one.
    fn escaped(&self, c: char) -> Read<char> {
        Ok(match c {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'f' => '\u{c}',
            'v' => '\u{b}',
            '1'..='9' => {
                return Err(self.refuse(
                    format!("the back-reference \\{c}"),
                    "credreport matches no back-references: write each repeat out, as (aa|bb) \
                     for (a|b)\\1",
                ))
            }
            '0' => return Err(self.refuse("the character code \\0", "write the character itself")),
            // PostgreSQL refuses `\` before any other letter or digit, of any script; beyond
            // ASCII credreport refuses it before any character, which needs no escape.
            c if c.is_ascii_alphanumeric() || !c.is_ascii() => {
                return Err(self.refuse(
                    format!("the escape \\{c}"),
                    "credreport reads \\d \\s \\w \\D \\S \\W \\A \\Z \\n \\t \\r \\f \\v, and \\ \
                     before an ASCII character that is not a letter or a digit",
                ))
            }
            c => c,
        })
    }

    /// A bracket expression, after its `[`.
    fn bracket(&mut self) -> Read<Node> {
        let mut set = Set {
            negated: self.eat('^'),
            ranges: Vec::new(),
            classes: Vec::new(),
        };
        let unclosed = "close it with ], or write \\[ for the character '['";
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.refuse("a [ with no ] after it", unclosed));
            };
            self.at += 1;
            if c == ']' && !first {
                break;
            }
            let low = match c {
                '[' if matches!(self.peek(), Some(':')) => {
                    self.at += 1;
                    set.classes.push(self.class_name()?);
                    first = false;
                    continue;
                }
                '[' if matches!(self.peek(), Some('.' | '=')) => {
                    return Err(self.refuse(
                        "a collating element [. .] or class [= =]",
                        "write the characters themselves",
                    ))
                }
                '\\' => match self.bracket_escape()? {
                    Ok(class) => {
                        set.classes.push(class);
                        first = false;
                        continue;
                    }
                    Err(c) => c,
                },
                '-' if !first && self.peek() != Some(']') => {
                    return Err(self.refuse(
                        "a - inside [ ] that is neither first, last nor in a range",
                        "put the - first or last in the brackets",
                    ))
                }
                c => c,
            };
            first = false;
            let range = self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']') | None);
            if !range {
                set.ranges.push((low, low));
                continue;
            }
            self.at += 1;
            let high = match self.peek() {
                Some('\\') => {
                    self.at += 1;
                    match self.bracket_escape()? {
                        Err(c) => c,
                        Ok(_) => {
                            return Err(self.refuse(
                                "a range ending in a class",
                                "write the class beside the range: [a-c\\d]",
                            ))
                        }
                    }
                }
                Some('[') => {
                    return Err(
                        self.refuse("a range ending in [", "write \\[ for the character '['")
                    )
                }
                Some(c) => {
                    self.at += 1;
                    c
                }
                None => return Err(self.refuse("a [ with no ] after it", unclosed)),
            };
            if high < low {
                return Err(self.refuse(
                    format!("the range {low}-{high}, which runs backwards"),
                    "write the lower character first",
                ));
            }
            set.ranges.push((low, high));
        }
        Ok(Node::Set(set))
    }

    /// After `\` in brackets: a class (`\d`, `\s`, `\w`) or a character.
    fn bracket_escape(&mut self) -> Read<Result<Class, char>> {
        let Some(c) = self.peek() else {
            return Err(self.refuse("a [ with no ] after it", "close it with ]"));
        };
        self.at += 1;
        Ok(match c {
            'd' => Ok(Class::Digit),
            's' => Ok(Class::Space),
            'w' => Ok(Class::Word),
            'D' | 'S' | 'W' => {
                return Err(self.refuse(
                    format!("\\{c} inside [ ]"),
                    "PostgreSQL takes it outside brackets only: write (\\D|[…])",
                ))
            }
            c => Err(self.escaped(c)?),
        })
    }

    /// `[:name:]`, after its `[:`.
    fn class_name(&mut self) -> Read<Class> {
        let start = self.at;
        while let Some(c) = self.peek() {
            if c == ':' && self.peek_at(1) == Some(']') {
                let name: String = self.chars[start..self.at].iter().collect();
                self.at += 2;
                return Class::named(&name).ok_or_else(|| {
                    self.refuse(
                        format!("the class [:{}:]", quoted(&name)),
                        "credreport has [:alpha:] [:digit:] [:alnum:] [:upper:] [:lower:] \
                         [:space:] [:xdigit:]",
                    )
                });
            }
            self.at += 1;
        }
        Err(self.refuse("a [: with no :] after it", "close the class with :]"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn matched(pattern: &str, text: &str, ignore_case: bool) -> bool {
        let regex = Regex::new(pattern).unwrap();
        let flags = Flags {
            ignore_case,
            ..Flags::default()
        };
        regex
            .is_match(text, flags, &mut || false)
            .expect("never stopped")
    }

    fn m(pattern: &str, text: &str) -> bool {
        matched(pattern, text, false)
    }

    fn mi(pattern: &str, text: &str) -> bool {
        matched(pattern, text, true)
    }

    fn refused(pattern: &str) -> RegexError {
        Regex::new(pattern).unwrap_err()
    }

    #[test]
    fn matches_as_postgresql_does() {
        assert!(m("adm", "sys-admin"));
        assert!(!m("^adm", "sys-admin"));
        assert!(m("^sys-.*n$", "sys-admin"));
        assert!(m("a|b", "xbx"));
        assert!(m("^(ab|cd)+$", "abcdab"));
        assert!(!m("^(ab|cd)+$", "abcda"));
        assert!(m("^a{2,3}$", "aaa"));
        assert!(!m("^a{2,3}$", "aaaa"));
        assert!(m("^a{2,}$", "aaaaa"));
        assert!(m("^[a-c]+\\d\\d$", "cab42"));
        assert!(m("^[^@]+@corp\\.example$", "ann@corp.example"));
        assert!(!m("^[^@]+@corp\\.example$", "ann@corpxexample"));
        assert!(m("^\\w+$", "zoë_1"));
        assert!(!m("^\\w+$", "zoë-1"));
        assert!(m("^[[:upper:]][[:lower:]]+$", "Ünal"));
        // `.` and a negated bracket take a line break; `$` is the text's end only.
        assert!(m("a.b", "a\nb"));
        assert!(m("a[^x]b", "a\nb"));
        assert!(!m("a$", "a\nb"));
        assert!(m("", "anything"));
        assert!(m("()*x", "x"));
        assert!(m("^[]a]+$", "]a]"));
        assert!(m("^[a-]+$", "-a"));
        assert!(m("x*?y", "xxy"));
    }

    #[test]
    fn ignoring_case_takes_each_letter_in_both_cases() {
        assert!(mi("^ADMIN", "admin-ops"));
        assert!(mi("^é", "École"));
        assert!(mi("^[A-C]+$", "abc"));
        assert!(!mi("^[^a]$", "A"));
        assert!(mi("^[[:upper:]]+$", "abc"));
        assert!(!m("^[[:upper:]]+$", "abc"));
    }

    #[test]
    fn what_postgresql_reads_another_way_is_refused_by_place() {
        let e = refused("(a)\\1");
        assert_eq!(e.at, 5);
        assert!(e.to_string().contains("back-reference"), "{e}");
        for (p, what) in [
            ("a(?=b)", "look-ahead"),
            ("\\bword", "escape \\b"),
            ("\\mword", "escape \\m"),
            ("[[:punct:]]", "class [:punct:]"),
            ("a**", "two counts"),
            ("*a", "nothing before it"),
            ("a{256}", "over 255"),
            ("a{3,2}", "over its n"),
            ("a{x", "starts no count"),
            ("[a", "no ]"),
            ("(a", "no )"),
            ("a)", "no ("),
            ("[z-a]", "backwards"),
            ("[a-c-e]", "neither first"),
            ("[\\D]", "inside [ ]"),
            ("a\\", "at its end"),
            ("^*", "after ^"),
            ("(((((a){255}){255}){255}){255})", "steps"),
        ] {
            let e = refused(p).to_string();
            assert!(e.contains(what), "{p}: {e}");
        }
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(refused(&deep).to_string().contains("nested"));
    }

    #[test]
    fn a_long_text_takes_time_in_proportion() {
        // The pattern that makes a backtracking matcher take exponential time.
        let text = "a".repeat(10_000);
        assert!(!m("^(a|a)*(a|a)*(a|a)*b$", &text));
        assert!(!m("(a*)*b", &text));
    }

    #[test]
    fn a_long_match_asks_whether_to_stop_and_stops() {
        let regex = Regex::new("(a{0,50}){20}b").unwrap();
        let text = "a".repeat(100_000);
        let mut asked = 0;
        let stopped = regex.is_match(&text, Flags::default(), &mut || {
            asked += 1;
            asked == 3
        });
        assert_eq!((stopped, asked), (None, 3));
    }

    #[test]
    fn a_match_starts_first_and_is_as_long_as_the_pattern_prefers() {
        let find = |pattern: &str, text: &str| {
            let regex = Regex::new(pattern).unwrap();
            let (a, b) = regex
                .find(text, 0, Flags::default(), &mut || false)
                .unwrap()
                .unwrap();
            text[a..b].to_owned()
        };
        assert_eq!(find("a.*b", "xaxbxb"), "axbxb");
        assert_eq!(find("a.*?b", "xaxbxb"), "axb");
        // The first count that says decides for the whole: PostgreSQL's `Y*?([0-9]{1,3})`.
        assert_eq!(find("Y*?[0-9]{1,3}", "XY1234Z"), "Y1");
        assert_eq!(find("Y*[0-9]{1,3}", "XY1234Z"), "Y123");
        // Two branches prefer the longest, whichever is written first.
        assert_eq!(find("ab|abcd", "xabcd"), "abcd");
        assert_eq!(find("b+|a", "ab"), "a");
        let every = |pattern: &str, text: &str, with: &str| {
            let regex = Regex::new(pattern).unwrap();
            let global = Flags {
                global: true,
                ..Flags::default()
            };
            let with = Replacement::parse(with);
            regex
                .replace(
                    text,
                    &with,
                    Which::default(),
                    global,
                    usize::MAX,
                    &mut || false,
                )
                .unwrap()
        };
        assert_eq!(every("x*", "abc", "-"), "-a-b-c-");
        assert_eq!(every("\\d+", "a1b22", "<\\&>"), "a<1>b<22>");
        assert_eq!(every("b", "abc", "\\\\\\q"), "a\\\\qc");
        // What a part in parentheses matched; nothing for one not there, or that took no part.
        assert_eq!(every("(a)|(b)", "abc", "<\\1|\\2|\\3>"), "<a||><|b|>c");
        assert_eq!(char_start("añb", 3), Some(3));
        assert_eq!(char_start("añb", 4), Some(4));
        assert_eq!((char_start("añb", 5), char_start("añb", 0)), (None, None));
    }

    /// What each part in parentheses matched of `text`'s first match.
    fn groups(pattern: &str, text: &str) -> Vec<Option<String>> {
        let regex = Regex::new(pattern).unwrap();
        let never = &mut || false;
        let span = regex
            .find(text, 0, Flags::default(), never)
            .unwrap()
            .unwrap();
        let groups = regex
            .groups_of(text, span, Flags::default(), never)
            .unwrap();
        groups
            .into_iter()
            .map(|g| g.map(|(a, b)| text[a..b].to_owned()))
            .collect()
    }

    fn some(parts: &[&str]) -> Vec<Option<String>> {
        parts.iter().map(|p| Some((*p).to_owned())).collect()
    }

    #[test]
    fn dividing_a_long_match_asks_whether_to_stop_and_stops() {
        let regex = Regex::new("(a*)(a*)b").unwrap();
        let text = format!("{}b", "a".repeat(200_000));
        let span = (0, text.len());
        let mut asked = 0;
        let stopped = regex.groups_of(&text, span, Flags::default(), &mut || {
            asked += 1;
            true
        });
        assert_eq!((stopped, asked), (None, 1));
        let never = &mut || false;
        let groups = regex
            .groups_of(&text, span, Flags::default(), never)
            .unwrap();
        assert_eq!(groups, vec![Some((0, 200_000)), Some((200_000, 200_000))]);
    }

    #[test]
    fn a_match_divides_among_its_groups_as_postgresql_divides_it() {
        // PostgreSQL's manual's examples: the whole pattern prefers what its first count
        // prefers, then each part what it prefers, the earlier first.
        assert_eq!(
            groups("(.*)(\\d+)(.*)", "abc01234xyz"),
            some(&["abc0123", "4", "xyz"])
        );
        assert_eq!(
            groups("(.*?)(\\d+)(.*)", "abc01234xyz"),
            some(&["abc", "0", ""])
        );
        assert_eq!(
            groups("(?:(.*?)(\\d+)(.*)){1,1}", "abc01234xyz"),
            some(&["abc", "01234", "xyz"])
        );
        // A repeat keeps what its last time matched; a group its branch did not take, nothing.
        assert_eq!(groups("((a)|b)*d", "xabcabd"), vec![Some("b".into()), None]);
        assert_eq!(groups("(a|ab)*", "abab"), some(&["ab"]));
        // A repeat that matched nothing is there once when its part can match nothing.
        assert_eq!(groups("x(a*)?y", "xy"), some(&[""]));
        assert_eq!(groups("x(b)?y", "xy"), vec![None]);
        assert_eq!(groups("((ab))", "xab"), some(&["ab", "ab"]));
        assert_eq!(groups("^(\\w+)@(.*)$", "ann@corp"), some(&["ann", "corp"]));
    }

    #[test]
    fn many_short_searches_ask_to_stop_as_one_long_one_does() {
        let regex = Regex::new("a").unwrap();
        let text = "a".repeat(1_000_000);
        let mut asked = 0;
        let found = regex.find_all(&text, 0, Flags::default(), &mut || {
            asked += 1;
            true
        });
        assert_eq!((found, asked), (None, 1));
    }

    /// `regexp_substr(x, p, 1, n)` searches no further than the n-th match: over a text of a
    /// million matches, the second is found by about as much work as the first.
    #[test]
    fn the_first_matches_are_found_without_the_rest() {
        let regex = Regex::new("a+").unwrap();
        let none = &mut || false;
        let first = regex.find_first(2, "xaayaz", 0, Flags::default(), none);
        assert_eq!(first, Some(vec![(1, 3), (4, 5)]));
        assert_eq!(
            regex.find_first(0, "aa", 0, Flags::default(), none),
            Some(vec![])
        );
        assert_eq!(
            regex.find_first(5, "a", 0, Flags::default(), none),
            Some(vec![(0, 1)])
        );
        let text = "ab".repeat(1_000_000);
        let mut asked = 0;
        let found = regex.find_first(2, &text, 0, Flags::default(), &mut || {
            asked += 1;
            false
        });
        assert_eq!((found, asked), (Some(vec![(0, 1), (2, 3)]), 0));
    }

    #[test]
    fn flags_are_i_and_c_only() {
        assert_eq!(Flags::parse("ic", "regexp_like"), Ok(Flags::default()));
        assert!(Flags::parse("ci", "regexp_like").unwrap().ignore_case);
        assert_eq!(
            Flags::parse("g", "regexp_like"),
            Err(FlagError('g', "regexp_like"))
        );
        assert!(Flags::parse("gi", "regexp_replace").unwrap().global);
    }
}
