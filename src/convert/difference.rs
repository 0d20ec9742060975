//! Where two models differ: the models as JSON trees with their keys in
//! order, and the first place where the written SOP read back differs from
//! the original, with the path to it.

use indexmap::IndexMap;
use serde::Deserialize;

/// A JSON value with the order of its keys kept, to compare terms and
/// branches in order.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub(super) enum Tree {
    Map(IndexMap<String, Tree>),
    List(Vec<Tree>),
    Leaf(serde_json::Value),
}

pub(super) fn parse(json: &str) -> Option<Tree> {
    serde_json::from_str(json).ok()
}

/// One step of a path into the model.
#[derive(Debug, Clone)]
pub(super) enum Segment {
    Key(String),
    Index(usize),
}

/// Where two models first differ, and the original's value there.
pub(super) struct Difference {
    pub(super) path: Vec<Segment>,
    /// The difference is the key itself (a term, role or branch label).
    pub(super) in_key: bool,
    /// The original's text there, if it is text.
    pub(super) text: Option<String>,
}

pub(super) fn first_difference(a: &Tree, b: &Tree, path: &mut Vec<Segment>) -> Option<Difference> {
    let found = |path: &[Segment], in_key: bool, text: Option<&str>| Difference {
        path: path.to_vec(),
        in_key,
        text: text.map(str::to_owned),
    };
    match (a, b) {
        (Tree::Map(x), Tree::Map(y)) => {
            // In terms, roles and branches, the keys are the writer's text.
            let named = matches!(path.last(), Some(Segment::Key(k)) if matches!(k.as_str(), "terms" | "roles" | "branches"));
            for (i, (key, value)) in x.iter().enumerate() {
                path.push(Segment::Key(key.clone()));
                let lost = |path: &[Segment]| match (named, value) {
                    (true, _) => found(path, true, Some(key)),
                    (false, Tree::Leaf(v)) => found(path, false, v.as_str()),
                    (false, _) => found(path, false, None),
                };
                match y.get_index(i) {
                    Some((other, _)) if other != key => return Some(lost(path)),
                    None => return Some(lost(path)),
                    Some((_, other)) => {
                        if let Some(d) = first_difference(value, other, path) {
                            return Some(d);
                        }
                    }
                }
                path.pop();
            }
            (x.len() != y.len()).then(|| found(path, false, None))
        }
        (Tree::List(x), Tree::List(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                path.push(Segment::Index(i));
                if let Some(d) = first_difference(va, vb, path) {
                    return Some(d);
                }
                path.pop();
            }
            (x.len() != y.len()).then(|| found(path, false, None))
        }
        (Tree::Leaf(x), Tree::Leaf(y)) if x == y => None,
        (Tree::Leaf(x), _) => Some(found(path, false, x.as_str())),
        _ => Some(found(path, false, None)),
    }
}

/// When `path` is in a step whose text differs, that difference.
pub(super) fn step_text_difference(a: &Tree, b: &Tree, path: &[Segment]) -> Option<Difference> {
    let [Segment::Key(list), Segment::Index(i), ..] = path else {
        return None;
    };
    fn step_text<'t>(tree: &'t Tree, list: &str, i: usize) -> Option<&'t Tree> {
        let Tree::Map(top) = tree else { return None };
        let Tree::List(steps) = top.get(list)? else {
            return None;
        };
        let Tree::Map(step) = steps.get(i)? else {
            return None;
        };
        step.get("text")
    }
    let text = |tree| step_text(tree, list, *i);
    let (Some(Tree::Leaf(original)), read) = (text(a), text(b)) else {
        return None;
    };
    (read != Some(&Tree::Leaf(original.clone()))).then(|| Difference {
        path: vec![
            Segment::Key(list.clone()),
            Segment::Index(*i),
            Segment::Key("text".into()),
        ],
        in_key: false,
        text: original.as_str().map(str::to_owned),
    })
}
