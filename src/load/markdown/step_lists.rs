//! The lists inside a step: a bullet list whose every item is a branch
//! (`label → step-id`) is the step's `branches`; any other list holds
//! substeps, one per item. A list that mixes the two is reported, and read
//! as what most of its items are.

use super::blocks::{Block, Kind};
use super::steps::Parts;
use super::{Reader, branches, text_node};
use crate::diagnostic::Diagnostic;
use crate::load::tree::Node;
use crate::rule::Rule;
use crate::source::Span;

impl Reader<'_> {
    /// A list inside a step: its branches, or its substeps.
    pub(super) fn step_list(&mut self, list: &Block, ordered: bool, parts: &mut Parts) {
        let items: Vec<&Block> = list.content_children().collect();
        let mut read: Vec<Option<branches::Branch>> = if ordered {
            Vec::new()
        } else {
            items.iter().map(|item| self.branch_item(item)).collect()
        };
        // `yes => refund`: a branch with the wrong arrow, in a list that is
        // branches once such items are counted as branches. Each is reported
        // at its arrow, and read as the branch it was meant to be, so that
        // no other item and no rule of the flowchart is blamed for it.
        let near: Vec<Option<(branches::Branch, Span)>> = (items.iter().zip(&read))
            .map(|(item, branch)| match branch {
                Some(_) => None,
                None => self.near_branch_item(item),
            })
            .collect();
        let meant = |i: usize| read[i].is_some() || near[i].is_some();
        let meant_count = (0..read.len()).filter(|&i| meant(i)).count();
        if meant_count * 2 > items.len() || (meant_count * 2 == items.len() && meant(0)) {
            for (slot, near) in read.iter_mut().zip(near) {
                if let Some((branch, arrow)) = near {
                    self.report_near_arrow(arrow);
                    parts.doubtful = true;
                    *slot = Some(branch);
                }
            }
        }
        let count = read.iter().filter(|b| b.is_some()).count();
        let as_branches = count * 2 > items.len()
            || (count * 2 == items.len() && read.first().is_some_and(Option::is_some));
        if count > 0 && count < items.len() {
            parts.doubtful = true;
            self.report_mixed(&items, &read, as_branches);
        }
        if count > 0 && as_branches {
            self.add_branches(list, read.into_iter().flatten().collect(), parts);
            return;
        }
        let substeps = items.iter().map(|item| {
            let (text, span) = match item.children.first() {
                Some(first) => {
                    self.item_source(Span::new(first.span.start, item.span.end), first.span.start)
                }
                None => (String::new(), self.first_line(item.span)),
            };
            text_node(text, span)
        });
        let at = self.first_line(list.span);
        let (_, all) = parts.substeps.get_or_insert_with(|| (at, Vec::new()));
        all.extend(substeps);
    }

    /// The branch an item holds, if it is one line `label → target`.
    fn branch_item(&self, item: &Block) -> Option<branches::Branch> {
        let mut children = item.content_children();
        let first = children.next().filter(|b| b.kind == Kind::Paragraph)?;
        if children.next().is_some() {
            return None;
        }
        branches::parse(&self.src.blanked(first.span), first.span.start)
    }

    /// The branch an item would hold if its arrow were `→`.
    fn near_branch_item(&self, item: &Block) -> Option<(branches::Branch, Span)> {
        let mut children = item.content_children();
        let first = children.next().filter(|b| b.kind == Kind::Paragraph)?;
        if children.next().is_some() {
            return None;
        }
        branches::parse_near(&self.src.blanked(first.span), first.span.start)
    }

    fn report_near_arrow(&mut self, arrow: Span) {
        let found = &self.src.text[arrow.start..arrow.end];
        self.problems.push(
            Diagnostic::new(
                Rule::MarkdownStructure,
                arrow,
                format!("`{found}` is not a branch arrow"),
            )
            .with_label("expected `→` or `->`")
            .with_help("write a branch as `label → step-id` or `label -> step-id`"),
        );
    }

    fn report_mixed(
        &mut self,
        items: &[&Block],
        read: &[Option<branches::Branch>],
        as_branches: bool,
    ) {
        for (item, branch) in items.iter().zip(read) {
            if branch.is_some() == as_branches {
                continue;
            }
            let at = self.first_line(item.children.first().map_or(item.span, |c| c.span));
            let found = &self.src.text[at.start..at.end];
            let (message, help) = if as_branches {
                (
                    format!(
                        "expected a branch `label → step-id` in this list of branches, found `{found}`"
                    ),
                    "a branch item is written `label → step-id`; put other items in a list of their own",
                )
            } else {
                (
                    format!(
                        "expected a substep in this list of substeps, found the branch `{found}`"
                    ),
                    "put the branches in a list of their own, every item `label → step-id`; to keep the arrow in a substep, write the target in backticks",
                )
            };
            self.problems.push(
                Diagnostic::new(Rule::MarkdownStructure, at, message)
                    .with_label("a list holds either branches or substeps")
                    .with_help(help),
            );
        }
    }

    fn add_branches(&mut self, list: &Block, read: Vec<branches::Branch>, parts: &mut Parts) {
        let at = self.first_line(list.span);
        if let Some((first, _)) = &parts.branches {
            parts.doubtful = true;
            self.problems.push(
                Diagnostic::new(
                    Rule::MarkdownStructure,
                    at,
                    "a second list of branches in one step",
                )
                .with_label("expected one list of branches")
                .with_related(*first, "the first list of branches")
                .with_help("merge the two lists"),
            );
            return;
        }
        let mut map: Vec<(Node<'static>, Node<'static>)> = Vec::new();
        for branch in read {
            if let Some((first, _)) = map.iter().find(|(l, _)| l.value == branch.label.value) {
                self.problems.push(
                    Diagnostic::new(
                        Rule::MarkdownStructure,
                        branch.label.span,
                        format!(
                            "the branch `{}` is given twice",
                            branch.label.as_str().unwrap_or("")
                        ),
                    )
                    .with_related(first.span, "first given here")
                    .with_help("give each branch its own label"),
                );
                parts.doubtful = true;
                continue;
            }
            map.push((branch.label, branch.target));
        }
        parts.branches = Some((at, map));
    }
}
