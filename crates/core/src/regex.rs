//! PostgreSQL's regular expressions (its "advanced" ones), as far as credreport reads them:
//! whether a text holds a match, for `~`, `~*`, `!~`, `!~*` and `regexp_like()`.
//!
//! A pattern is read into a tree, which is refused by name and place wherever PostgreSQL would
//! read it another way than this module would match it (back-references, look-arounds, word
//! boundaries, collating elements…); what is read compiles to a list of steps. A match runs the
//! steps as a set of states over the text, one character at a time (a Thompson simulation): its
//! time grows as the text's length times the pattern's, never exponentially, whatever the
//! pattern, and its memory as the pattern's.
//!
//! PostgreSQL's defaults are kept: `.` and a negated bracket match a line break too, `^` and
//! `$` match only where the text starts and ends, and a case-insensitive match (`~*`, flag `i`)
//! takes each character of the pattern in its upper and lower case, with `[[:upper:]]` and
//! `[[:lower:]]` matching any letter. Classes follow a UTF-8 database's (`\w` is a letter, a
//! digit or `_` of any script; `\d` the digits 0 to 9).

use std::fmt;

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

/// Which flags a match takes: `regexp_like()`'s third argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    pub ignore_case: bool,
}

/// The flags credreport takes, for a message that refuses another.
pub const FLAGS_TAKEN: &str = "credreport takes the flags 'i' (ignore case) and 'c' (case counts)";

/// A flag refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagError(pub char);

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "regexp_like() has the flag '{}': {FLAGS_TAKEN}", self.0)
    }
}

impl Flags {
    /// PostgreSQL's flags `i` (ignore case) and `c` (tell case apart, the default), the last one
    /// written counting; any other flag is refused, by name.
    pub fn parse(flags: &str) -> Result<Flags, FlagError> {
        let mut out = Flags::default();
        for c in flags.chars() {
            match c {
                'i' => out.ignore_case = true,
                'c' => out.ignore_case = false,
                other => return Err(FlagError(other)),
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
    Repeat(Box<Node>, u32, Option<u32>),
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
}

impl Regex {
    /// Read `pattern` as PostgreSQL reads an advanced regular expression, or say what in it
    /// credreport does not read.
    pub fn new(pattern: &str) -> Result<Regex, RegexError> {
        let mut reader = Reader {
            pattern,
            chars: pattern.chars().collect(),
            at: 0,
        };
        let tree = reader.alternation(0)?;
        if reader.at < reader.chars.len() {
            // Only a `)` stops the top level early.
            return Err(reader.refuse("a ) with no ( before it", "write \\) for the character ')'"));
        }
        let mut steps = Vec::new();
        compile(&tree, &mut steps).map_err(|()| RegexError {
            pattern: pattern.to_owned(),
            at: 1,
            what: format!("more than {MAX_STEPS} steps once its counts are spelled out"),
            fix: "write it with fewer or smaller counts ({m,n})",
        })?;
        steps.push(Step::Match);
        Ok(Regex { steps })
    }

    /// Whether `text` holds a match anywhere; `None` when `stop` said to stop (it is asked now
    /// and then, as the work grows as the text's length times the pattern's).
    pub fn is_match(
        &self,
        text: &str,
        flags: Flags,
        stop: &mut dyn FnMut() -> bool,
    ) -> Option<bool> {
        let n = self.steps.len();
        let mut now = States::new(n);
        let mut next = States::new(n);
        let mut stack = Vec::new();
        let mut chars = text.chars().peekable();
        let mut first = true;
        let mut work = 0;
        loop {
            let last = chars.peek().is_none();
            // A match may start at every character.
            if self.follow(&mut now, 0, first, last, &mut stack) {
                return Some(true);
            }
            let Some(c) = chars.next() else {
                return Some(false);
            };
            work += now.len + 1;
            if work >= WORK_BETWEEN_LOOKS {
                work = 0;
                if stop() {
                    return None;
                }
            }
            first = false;
            let last = chars.peek().is_none();
            next.clear();
            for i in 0..now.len {
                let at = now.dense[i];
                let takes = match &self.steps[at] {
                    Step::Char(p) => {
                        *p == c || (flags.ignore_case && variants(*p)[1..].contains(&c))
                    }
                    Step::Any => true,
                    Step::Set(s) => s.matches(c, flags.ignore_case),
                    _ => false,
                };
                if takes && self.follow(&mut next, at + 1, false, last, &mut stack) {
                    return Some(true);
                }
            }
            std::mem::swap(&mut now, &mut next);
        }
    }

    /// Add step `from` and every step reached from it without taking a character; whether that
    /// reaches the match.
    fn follow(
        &self,
        states: &mut States,
        from: usize,
        first: bool,
        last: bool,
        stack: &mut Vec<usize>,
    ) -> bool {
        stack.clear();
        stack.push(from);
        while let Some(at) = stack.pop() {
            if !states.insert(at) {
                continue;
            }
            match self.steps[at] {
                Step::Jump(to) => stack.push(to),
                Step::Split(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Step::Start if first => stack.push(at + 1),
                Step::End if last => stack.push(at + 1),
                Step::Match => return true,
                _ => {}
            }
        }
        false
    }
}

/// A set of step numbers, cleared in constant time.
struct States {
    dense: Vec<usize>,
    sparse: Vec<usize>,
    len: usize,
}

impl States {
    fn new(n: usize) -> States {
        States {
            dense: vec![0; n],
            sparse: vec![0; n],
            len: 0,
        }
    }

    fn clear(&mut self) {
        self.len = 0;
    }

    fn insert(&mut self, at: usize) -> bool {
        let i = self.sparse[at];
        if i < self.len && self.dense[i] == at {
            return false;
        }
        self.dense[self.len] = at;
        self.sparse[at] = self.len;
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
        Node::Repeat(n, min, max) => {
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
        let (min, max) = match c {
            '*' => (0, None),
            '+' => (1, None),
            '?' => (0, Some(1)),
            '{' => (0, Some(0)),
            _ => return Ok(atom),
        };
        self.at += 1;
        let (min, max) = if c == '{' { self.bound()? } else { (min, max) };
        if matches!(atom, Node::Start | Node::End) {
            return Err(self.refuse(
                "a count after ^ or $",
                "a count repeats a character or a group: (…)*",
            ));
        }
        // A lazy count (`*?`) matches wherever the greedy one does.
        self.eat('?');
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            self.at += 1;
            return Err(self.refuse("two counts in a row", "put the first in parentheses: (a*)+"));
        }
        Ok(Node::Repeat(Box::new(atom), min, max))
    }

    /// `{m}`, `{m,}` or `{m,n}`, after the `{`.
    fn bound(&mut self) -> Read<(u32, Option<u32>)> {
        let not_a_bound = "a { that starts no count {m}, {m,} or {m,n}";
        let min = self
            .number()
            .ok_or_else(|| self.refuse(not_a_bound, "write \\{ for the character '{'"))?;
        let max =
            if self.eat(',') {
                if self.peek() == Some('}') {
                    None
                } else {
                    Some(self.number().ok_or_else(|| {
                        self.refuse(not_a_bound, "write \\{ for the character '{'")
                    })?)
                }
            } else {
                Some(min)
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
        Ok((min, max))
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
                if self.eat('?') && !self.eat(':') {
                    return Err(self.refuse(
                        "(? … ), a look-ahead, a look-behind or options",
                        "credreport has groups ( ) and (?: ) only",
                    ));
                }
                let inner = self.alternation(depth + 1)?;
                if !self.eat(')') {
                    return Err(self.refuse(
                        "a ( with no ) after it",
                        "close the group, or write \\( for the character '('",
                    ));
                }
                inner
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

    fn matched(pattern: &str, text: &str, ignore_case: bool) -> bool {
        let regex = Regex::new(pattern).unwrap();
        let flags = Flags { ignore_case };
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
    fn flags_are_i_and_c_only() {
        assert_eq!(Flags::parse("ic"), Ok(Flags::default()));
        assert!(Flags::parse("ci").unwrap().ignore_case);
        assert_eq!(Flags::parse("g"), Err(FlagError('g')));
    }
}
