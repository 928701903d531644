//! Which part of a match each part in parentheses matched, as PostgreSQL decides it.
//!
//! Once a match's start and end are known, PostgreSQL divides it among the pattern's parts by a
//! tree it makes as it reads the pattern: runs of the pattern with nothing in parentheses and
//! one preference (longest or shortest) are leaves; a group, a repeat of one, a branch's split
//! where the preference changes, and `|` between branches that hold groups are nodes above
//! them. Dividing a span goes down that tree: a pair takes the split where its left part is
//! longest (shortest, when that part prefers it) with the right part still matching the rest;
//! a choice of branches the first that matches the whole span; a repeat its sub-spans one at a
//! time, each longest (or shortest) while the rest can still be matched, and keeps what the last
//! one's groups matched. This module makes the same tree from the pattern read and divides the
//! same way; every "does this part match exactly here" is a run of that part's own steps.
//!
//! Without back-references (refused), each split that its parts' steps accept divides all the
//! way down, so the first one found is the answer and nothing is tried twice.

use super::{compile, follow, takes, Budget, Count, Flags, Node, States, Step, MAX_STEPS};

// PostgreSQL's flags on its tree's nodes: a preference, a conflict of preferences below, a group.
const LONGER: u8 = 1;
const SHORTER: u8 = 2;
const MIXED: u8 = 4;
const GROUP: u8 = 8;

/// What a node passes up to its parent: a group below, or preferences that conflict.
fn up(f: u8) -> u8 {
    (f & (MIXED | GROUP)) | ((f << 2) & (f << 1) & MIXED)
}

/// Whether a node must be a node of its own instead of part of a leaf.
fn messy(f: u8) -> bool {
    f & (MIXED | GROUP) != 0
}

fn preference(f: u8) -> u8 {
    f & (LONGER | SHORTER)
}

/// Two parts' flags together: what either passes up, and the first one's preference, else the
/// second's.
fn combine(a: u8, b: u8) -> u8 {
    let first = if preference(a) != 0 {
        preference(a)
    } else {
        preference(b)
    };
    up(a | b) | first
}

/// All the steps the tree's parts may compile to together.
pub(super) const MAX_TREE_STEPS: usize = 4 * MAX_STEPS;

/// A node of the tree: how it divides its span, its flags, the group it is (0 for none), and
/// what matches what it matches: its pattern while the tree is made ([`Plan`]), its steps once
/// compiled ([`Part`]).
#[derive(Debug, Clone)]
pub(super) struct Tree<T> {
    kind: Kind<T>,
    flags: u8,
    group: usize,
    matcher: T,
}

#[derive(Debug, Clone)]
enum Kind<T> {
    /// Matched whole.
    Leaf,
    /// A group around a part that is a group already: `((x))`.
    Wrap(Box<Tree<T>>),
    Pair(Box<Tree<T>>, Box<Tree<T>>),
    Branches(Vec<Tree<T>>),
    /// A repeat, from no times to at most, of a part that holds a group (one repeated at least
    /// once is a pair: all but its last time, and its last).
    Repeat(Box<Tree<T>>, Option<u32>),
}

/// A node planned: its pattern, compiled once the tree is done.
type Plan = Tree<Node>;

/// A node compiled: the steps that match what it matches.
pub(super) type Part = Tree<Vec<Step>>;

impl<T> Tree<T> {
    /// The same tree with what each node matches by made by `f`, a node before those below
    /// it; the first error `f` gives ends it.
    fn try_map<U, E>(self, f: &mut impl FnMut(T) -> Result<U, E>) -> Result<Tree<U>, E> {
        let matcher = f(self.matcher)?;
        let mut below = |t: Box<Tree<T>>| t.try_map(f).map(Box::new);
        let kind = match self.kind {
            Kind::Leaf => Kind::Leaf,
            Kind::Wrap(inner) => Kind::Wrap(below(inner)?),
            Kind::Pair(a, b) => {
                let a = below(a)?;
                Kind::Pair(a, below(b)?)
            }
            Kind::Branches(parts) => Kind::Branches(
                parts
                    .into_iter()
                    .map(|b| b.try_map(f))
                    .collect::<Result<_, _>>()?,
            ),
            Kind::Repeat(inner, max) => Kind::Repeat(below(inner)?, max),
        };
        Ok(Tree {
            kind,
            flags: self.flags,
            group: self.group,
            matcher,
        })
    }
}

/// The tree of `pattern` (read already); `Err` when its parts would compile to too many steps.
pub(super) fn tree(pattern: &Node) -> Result<Part, ()> {
    let planned = Maker.alternation(pattern);
    let mut total = 0;
    planned.try_map(&mut |node| {
        let mut steps = Vec::new();
        compile(&node, &mut steps)?;
        steps.push(Step::Match);
        total += steps.len();
        if total > MAX_TREE_STEPS {
            return Err(());
        }
        Ok(steps)
    })
}

/// Makes the tree's plan from the pattern read.
struct Maker;

fn leaf(node: Node, flags: u8) -> Plan {
    plan(Kind::Leaf, flags, node)
}

fn plan(kind: Kind<Node>, flags: u8, node: Node) -> Plan {
    Tree {
        kind,
        flags,
        group: 0,
        matcher: node,
    }
}

/// The items of a branch, one after another.
fn items(node: &Node) -> &[Node] {
    match node {
        Node::Concat(items) => items,
        other => std::slice::from_ref(other),
    }
}

impl Maker {
    /// A pattern of one or more branches.
    fn alternation(&self, node: &Node) -> Plan {
        let Node::Alternation(branches) = node else {
            return self.branch(items(node));
        };
        let parts: Vec<Plan> = branches.iter().map(|b| self.branch(items(b))).collect();
        // Two or more branches prefer the longest.
        let mut flags = LONGER;
        for p in &parts {
            flags |= up(flags | p.flags);
        }
        if !messy(flags) {
            return leaf(node.clone(), LONGER);
        }
        plan(Kind::Branches(parts), flags, node.clone())
    }

    /// A branch's items, from the first: runs of items go into one leaf until a group, or a
    /// preference other than the run's, splits the branch there.
    fn branch(&self, items: &[Node]) -> Plan {
        let whole = || Node::Concat(items.to_vec());
        let mut flags = 0;
        for (i, item) in items.iter().enumerate() {
            let (atom, preferred, min, max) = match item {
                Node::Repeat(atom, min, max, count) => {
                    let preferred = match count {
                        Count::Greedy => LONGER,
                        Count::Lazy => SHORTER,
                        Count::Fixed => 0,
                    };
                    (&**atom, preferred, *min, *max)
                }
                other => (other, 0, 1, Some(1)),
            };
            // Anchors, and a part repeated no times, say nothing of how a span divides.
            if matches!(atom, Node::Start | Node::End | Node::Empty) || max == Some(0) {
                continue;
            }
            let inner = match atom {
                Node::Group(inner, number) => {
                    let mut part = self.alternation(inner);
                    if part.group == 0 {
                        part.group = *number;
                        part.flags |= GROUP;
                    } else {
                        let flags = part.flags | GROUP;
                        part = Tree {
                            group: *number,
                            ..plan(Kind::Wrap(Box::new(part)), flags, (**inner).clone())
                        };
                    }
                    Some(part)
                }
                Node::Concat(_) | Node::Alternation(_) => Some(self.alternation(atom)),
                _ => None,
            };
            let atom_flags = inner.as_ref().map_or(0, |p| p.flags);
            let together = flags | preferred | atom_flags;
            if inner.as_ref().is_none_or(|p| p.group == 0) && !messy(up(together)) {
                flags = together;
                continue;
            }
            // Split here: what came before, this item, and what comes after.
            let inner = inner.unwrap_or_else(|| leaf(atom.clone(), 0));
            let atom_flags = inner.flags;
            let item_part = quantified(inner, atom, item, preferred, min, max);
            let mut this_flags = combine(preferred, atom_flags);
            let rest = &items[i + 1..];
            let before = (i > 0).then(|| leaf(Node::Concat(items[..i].to_vec()), flags));
            if rest.is_empty() {
                return match before {
                    None => item_part,
                    Some(before) => {
                        let f = flags | combine(flags, item_part.flags);
                        plan(
                            Kind::Pair(Box::new(before), Box::new(item_part)),
                            f,
                            whole(),
                        )
                    }
                };
            }
            let after = self.branch(rest);
            this_flags |= combine(this_flags, after.flags);
            let f = flags | combine(flags, this_flags);
            let Some(before) = before else {
                return plan(Kind::Pair(Box::new(item_part), Box::new(after)), f, whole());
            };
            let this_node = Node::Concat(items[i..].to_vec());
            let this = if matches!(item_part.kind, Kind::Leaf)
                && matches!(after.kind, Kind::Leaf)
                && item_part.group == 0
                && after.group == 0
                && !messy(up(item_part.flags | after.flags))
            {
                // Split only for a preference that the rest makes no conflict of.
                leaf(this_node, combine(item_part.flags, after.flags))
            } else {
                plan(
                    Kind::Pair(Box::new(item_part), Box::new(after)),
                    this_flags,
                    this_node,
                )
            };
            return plan(Kind::Pair(Box::new(before), Box::new(this)), f, whole());
        }
        leaf(whole(), flags)
    }
}

/// The item `item`, which is `atom` counted `min` to `max` times preferring `preferred`, made
/// a node of the tree from `inner`, the atom's node.
fn quantified(
    inner: Plan,
    atom: &Node,
    item: &Node,
    preferred: u8,
    min: u32,
    max: Option<u32>,
) -> Plan {
    let atom_flags = inner.flags;
    let prefers = atom_flags & (LONGER | SHORTER | MIXED);
    let f = combine(preferred, atom_flags);
    if min == 1 && max == Some(1) && (preferred == 0 || prefers == 0 || preferred == prefers) {
        return inner;
    }
    if inner.group == 0 && atom_flags & GROUP == 0 {
        // Repeated with nothing kept inside: a leaf.
        return leaf(item.clone(), f);
    }
    if min > 0 {
        // All but the last time as a leaf, and the last time, whose groups are kept.
        let (less, most) = (min - 1, max.map(|m| m - 1));
        let first = Node::Repeat(Box::new(atom.clone()), less, most, Count::Greedy);
        let first = leaf(first, preference(f));
        return plan(
            Kind::Pair(Box::new(first), Box::new(inner)),
            f,
            item.clone(),
        );
    }
    plan(Kind::Repeat(Box::new(inner), max), f, item.clone())
}

impl Part {
    /// The most steps any node of the tree below has.
    fn largest(&self) -> usize {
        let below = match &self.kind {
            Kind::Leaf => 0,
            Kind::Wrap(p) | Kind::Repeat(p, _) => p.largest(),
            Kind::Pair(a, b) => a.largest().max(b.largest()),
            Kind::Branches(parts) => parts.iter().map(Part::largest).max().unwrap_or(0),
        };
        self.matcher.len().max(below)
    }
}

/// A match being divided: the text, how it is matched, the groups found so far, and the sets
/// of states every run of a node's steps reuses.
pub(super) struct Divide<'a, 'b> {
    text: &'a str,
    flags: Flags,
    budget: &'a mut Budget<'b>,
    groups: Vec<Option<(usize, usize)>>,
    now: States,
    next: States,
    stack: Vec<usize>,
}

impl<'a, 'b> Divide<'a, 'b> {
    /// A division of matches of `tree` in `text`, with `groups` parts in parentheses.
    pub(super) fn new(
        tree: &Part,
        text: &'a str,
        flags: Flags,
        groups: usize,
        budget: &'a mut Budget<'b>,
    ) -> Self {
        let n = tree.largest();
        Divide {
            text,
            flags,
            budget,
            groups: vec![None; groups],
            now: States::new(n),
            next: States::new(n),
            stack: Vec::new(),
        }
    }

    /// What each group matched, once divided.
    pub(super) fn groups(self) -> Vec<Option<(usize, usize)>> {
        self.groups
    }
}

impl Divide<'_, '_> {
    /// Where `part` can end, matched from byte `from` up to byte `upto`, in order; `None` when
    /// `stop` said to stop.
    fn ends(&mut self, part: &Part, from: usize, upto: usize) -> Option<Vec<usize>> {
        let text = self.text;
        let steps = &part.matcher;
        let (mut now, mut next) = (&mut self.now, &mut self.next);
        let stack = &mut self.stack;
        now.clear();
        let mut found = Vec::new();
        // Each run counts, however short: a division makes many.
        if self.budget.spend(1) {
            return None;
        }
        if follow(steps, now, 0, from, (from == 0, from == text.len()), stack) {
            found.push(from);
        }
        let mut at = from;
        for c in text[from..upto].chars() {
            if now.len == 0 {
                break;
            }
            if self.budget.spend(now.len + 1) {
                return None;
            }
            let after = at + c.len_utf8();
            let place = (false, after == text.len());
            next.clear();
            let mut matched = false;
            for i in 0..now.len {
                let step = now.dense[i];
                if takes(&steps[step], c, self.flags)
                    && follow(steps, next, step + 1, from, place, stack)
                {
                    matched = true;
                }
            }
            if matched {
                found.push(after);
            }
            std::mem::swap(&mut now, &mut next);
            at = after;
        }
        Some(found)
    }

    /// Whether `part` matches exactly the bytes `from..to`.
    fn matches(&mut self, part: &Part, from: usize, to: usize) -> Option<bool> {
        Some(self.ends(part, from, to)?.last() == Some(&to))
    }

    /// Forget what the groups in `part` matched.
    fn forget(&mut self, part: &Part) {
        if part.group > 0 {
            self.groups[part.group - 1] = None;
        }
        match &part.kind {
            Kind::Leaf => {}
            Kind::Wrap(p) | Kind::Repeat(p, _) => self.forget(p),
            Kind::Pair(a, b) => {
                self.forget(a);
                self.forget(b);
            }
            Kind::Branches(parts) => parts.iter().for_each(|p| self.forget(p)),
        }
    }

    /// Divide the bytes `from..to`, which `part` matches, among its groups; `None` when `stop`
    /// said to stop.
    pub(super) fn divide(&mut self, part: &Part, from: usize, to: usize) -> Option<()> {
        match &part.kind {
            Kind::Leaf => {}
            Kind::Wrap(inner) => self.divide(inner, from, to)?,
            Kind::Pair(left, right) => {
                let mut ends = self.ends(left, from, to)?;
                if left.flags & SHORTER == 0 {
                    ends.reverse();
                }
                for mid in ends {
                    if self.matches(right, mid, to)? {
                        self.divide(left, from, mid)?;
                        self.divide(right, mid, to)?;
                        break;
                    }
                }
            }
            Kind::Branches(parts) => {
                for branch in parts {
                    if self.matches(branch, from, to)? {
                        self.divide(branch, from, to)?;
                        break;
                    }
                }
            }
            Kind::Repeat(inner, max) => {
                // Where the repeat matched nothing, it is there once if it can be (its groups
                // then match nothing), when it prefers the longest; else not at all.
                let once = from < to || inner.flags & SHORTER == 0;
                let cuts = if once {
                    self.cuts(inner, from, to, *max)?
                } else {
                    None
                };
                for pair in cuts.unwrap_or_default().windows(2) {
                    self.forget(inner);
                    self.divide(inner, pair[0], pair[1])?;
                }
            }
        }
        if part.group > 0 {
            self.groups[part.group - 1] = Some((from, to));
        }
        Some(())
    }

    /// How a repeat of `inner` at most `max` times divides the bytes `from..to`: each time as
    /// long as it can be (as short, when `inner` prefers it) while the rest can still be
    /// matched, and never empty unless it is all there is. Its bounds, from `from` to `to`;
    /// `Some(None)` when there is no such division.
    fn cuts(
        &mut self,
        inner: &Part,
        from: usize,
        to: usize,
        max: Option<u32>,
    ) -> Option<Option<Vec<usize>>> {
        let text = self.text;
        let chars = text[from..to].chars().count();
        let most = max.map_or(chars, |m| chars.min(m as usize)).max(1);
        let back = |at: usize| at - text[..at].chars().next_back().map_or(1, char::len_utf8);
        let on = |at: usize| at + text[at..].chars().next().map_or(1, char::len_utf8);
        let shortest = inner.flags & SHORTER != 0;
        // `at[k]`: where the k-th time ends (`at[0]`: where the first starts).
        let mut at = vec![from];
        let mut k = 1;
        // The k-th time ends at most here (longest first), or at least (shortest first).
        let mut limit = if shortest { from } else { to };
        while k > 0 {
            let start = at[k - 1];
            let found = if shortest {
                if limit == start && limit != to {
                    limit = on(limit);
                }
                // The last time it may be repeated must reach the end.
                if k >= most {
                    limit = to;
                }
                self.ends(inner, start, to)?
                    .into_iter()
                    .find(|&e| e >= limit)
            } else {
                self.ends(inner, start, limit)?.pop()
            };
            at.truncate(k);
            match found {
                None => k -= 1,
                Some(end) => {
                    at.push(end);
                    if end == to {
                        return Some(Some(at));
                    }
                    if k >= most {
                        k -= 1;
                    } else if shortest || end > start {
                        k += 1;
                        limit = if shortest { end } else { to };
                        continue;
                    }
                    // An empty time before the end is never taken: try this one shorter.
                }
            }
            // Make the k-th time shorter (longer), else the one before it.
            while k > 0 {
                let (before, end) = (at[k - 1], at[k]);
                if shortest {
                    if end < to {
                        limit = on(end);
                        break;
                    }
                } else if end > before {
                    limit = back(end);
                    if limit > before {
                        break;
                    }
                }
                k -= 1;
            }
        }
        Some(None)
    }
}
