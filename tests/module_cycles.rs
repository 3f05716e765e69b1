//! The modules form no import cycle: `ui` never reaches into `app`, the composer never
//! into the document, the loaders share their issue type from below. Checked on the
//! source: every `crate::<module>` path a top-level module names in code (comments and
//! tests left out), then a search for strongly connected components.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level modules each top-level module names.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).expect("under src");
            let top = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .map(|s| s.trim_end_matches(".rs").to_owned())
                .expect("a name");
            if top == "lib" || top == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a source file");
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let set = deps.entry(top.clone()).or_default();
            for line in code.lines().map(str::trim_start) {
                if line.starts_with("//") {
                    continue;
                }
                for (at, _) in line.match_indices("crate::") {
                    let name: String = line[at + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != top {
                        set.insert(name);
                    }
                }
            }
        }
    }
    deps
}

/// The modules that can reach themselves again.
fn cycles(deps: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&str> = deps
            .get(from)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        while let Some(m) = todo.pop() {
            if m == to {
                return true;
            }
            if seen.insert(m) {
                todo.extend(deps.get(m).into_iter().flatten().map(String::as_str));
            }
        }
        false
    };
    deps.keys()
        .filter(|m| reaches(m, m))
        .map(|m| format!("{m} -> {:?}", deps[m]))
        .collect()
}

#[test]
fn no_module_reaches_itself_again() {
    let deps = dependencies();
    assert!(deps.len() > 20, "found {} modules", deps.len());
    assert!(deps["ui"].contains("compose") && !deps["ui"].contains("app"));
    assert_eq!(cycles(&deps), Vec::<String>::new());
}

#[test]
fn the_check_finds_a_cycle() {
    let mut deps = BTreeMap::new();
    deps.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    deps.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    deps.insert("c".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(cycles(&deps).len(), 2);
}
