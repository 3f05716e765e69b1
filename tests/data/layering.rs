//! The layering of `src/`, checked on the source rather than hoped for:
//!
//! - every top-level folder uses only the layers `lib.rs` allows it ([`ALLOWED`]);
//! - no import cycle between folders, nor between the files of a folder (one level deeper:
//!   `model::annotation`, `compose::map`);
//! - the crate never names its own root re-exports (there are none to hide a layer behind);
//! - the headless half never names `egui::` (only `epaint`/`emath`);
//!
//! Every path a file names is read: `use` trees (grouped ones expanded), `crate::`,
//! `super::` and `self::` paths in code, and paths through a child module the file
//! declares; a name a folder's `mod.rs` re-exports (`pub use map::Drawn`) is followed to
//! the file that defines it. Comments and `#[cfg(test)]` modules are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom up, each with the layers it may use. `lib.rs` states the same table.
const ALLOWED: &[(&str, &[&str])] = &[
    ("sys", &[]),
    ("geo", &["sys"]),
    ("model", &["sys", "geo"]),
    ("query", &["sys", "geo", "model"]),
    ("data", &["sys", "geo", "model", "query"]),
    ("render", &["sys", "geo", "model", "query"]),
    ("compose", &["sys", "geo", "model", "query", "render"]),
    ("paint", &["sys", "geo", "model", "render", "compose"]),
    ("edit", &["sys", "geo", "model", "query", "data"]),
    (
        "export",
        &[
            "sys", "geo", "model", "query", "data", "render", "compose", "paint",
        ],
    ),
    (
        "cli",
        &[
            "sys", "geo", "model", "query", "data", "render", "compose", "paint", "edit", "export",
        ],
    ),
    (
        "session",
        &[
            "sys", "geo", "model", "query", "data", "render", "compose", "paint", "edit", "export",
        ],
    ),
    (
        "ui",
        &[
            "sys", "geo", "model", "query", "data", "render", "compose", "paint", "edit", "export",
            "session",
        ],
    ),
    (
        "app",
        &[
            "sys", "geo", "model", "query", "data", "render", "compose", "paint", "edit", "export",
            "session", "ui",
        ],
    ),
];

/// The layers that never name `egui::`: they run without a window.
const HEADLESS: &[&str] = &[
    "sys", "geo", "model", "query", "data", "render", "compose", "paint", "edit", "export", "cli",
];

/// One source file: its module path and what it says.
struct SourceFile {
    /// `["model", "annotation"]` for `src/model/annotation.rs`; `["compose"]` for its
    /// `mod.rs`; `[]` for `lib.rs`.
    module: Vec<String>,
    /// The code, without comments and `#[cfg(test)]` modules.
    code: String,
}

/// Every file under `src/` but `main.rs` (the binary, a crate of its own).
fn source_files(src: &Path) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("src is readable")
            .map(|e| e.expect("an entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).expect("under src");
            let mut module: Vec<String> = rel
                .components()
                .map(|c| {
                    c.as_os_str()
                        .to_string_lossy()
                        .trim_end_matches(".rs")
                        .to_owned()
                })
                .collect();
            if module.last().is_some_and(|m| m == "mod" || m == "lib") {
                module.pop();
            }
            // The binary (a crate of its own) and test-only files (`mod tests;`).
            if module == ["main"] || module.last().is_some_and(|m| m == "tests") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a source file");
            files.push(SourceFile {
                module,
                code: strip(&text),
            });
        }
    }
    files
}

/// The code without comments, string literals' contents and `#[cfg(test)]` items.
fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if text[i..].starts_with("#[cfg(test)]") {
            i = skip_item(text, i + "#[cfg(test)]".len());
            continue;
        }
        if text[i..].starts_with("//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if text[i..].starts_with("/*") {
            i = text[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |e| i + 2 + e + 2);
            continue;
        }
        if bytes[i] == b'"' {
            i = skip_string(bytes, i);
            out.push_str("\"\"");
            continue;
        }
        let c = text[i..].chars().next().expect("a char");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Past the item that starts after `at` (a `mod tests { … }`, or a `use …;`).
fn skip_item(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at;
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b';' if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Past a string literal starting at `at` (raw strings included).
fn skip_string(bytes: &[u8], at: usize) -> usize {
    let raw = at > 0 && (bytes[at - 1] == b'r' || bytes[at - 1] == b'#');
    if raw {
        let hashes = bytes[..at].iter().rev().take_while(|b| **b == b'#').count();
        let end: Vec<u8> = std::iter::once(b'"')
            .chain(std::iter::repeat_n(b'#', hashes))
            .collect();
        let mut i = at + 1;
        while i + end.len() <= bytes.len() {
            if bytes[i..].starts_with(&end) {
                return i + end.len();
            }
            i += 1;
        }
        return bytes.len();
    }
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Whether a byte may be part of an identifier.
fn ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The paths of a `use` tree (`a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`).
fn expand_use(tree: &str) -> Vec<String> {
    // `X as Y` names X; then the spaces go.
    let words: Vec<&str> = tree.split_whitespace().collect();
    let mut kept = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if words[k] == "as" && k + 1 < words.len() {
            let rest = words[k + 1].trim_start_matches(|c: char| ident_byte(c as u8));
            kept.push(rest);
            k += 2;
            continue;
        }
        kept.push(words[k]);
        k += 1;
    }
    let tree: String = kept.concat();
    let mut out = Vec::new();
    expand_into("", &tree, &mut out);
    out
}

fn expand_into(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let Some(open) = tree.find('{') else {
        out.push(format!("{prefix}{tree}"));
        return;
    };
    let head = format!("{prefix}{}", &tree[..open]);
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                if !inner[start..i].is_empty() {
                    expand_into(&head, &inner[start..i], out);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if !inner[start..].is_empty() {
        expand_into(&head, &inner[start..], out);
    }
}

/// Every path a file's code names that could reach another module of the crate: `use`
/// trees expanded, and `crate::…`, `super::…`, `self::…` and `<child>::…` paths.
fn named_paths(code: &str, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let bytes = code.as_bytes();
    let mut uses = Vec::new();
    let mut i = 0;
    while let Some(at) = code[i..].find("use ") {
        let start = i + at;
        i = start + 4;
        if start > 0 && ident_byte(bytes[start - 1]) {
            continue;
        }
        let Some(end) = code[i..].find(';') else {
            break;
        };
        uses.push((start, i + end));
        // A re-export is followed to its file ([`Crate::module_of`]), not a use.
        if code[..start].trim_end().ends_with("pub") {
            i += end;
            continue;
        }
        for path in expand_use(&code[i..i + end]) {
            paths.push(split_path(&path));
        }
        i += end;
    }
    // Paths in code (outside `use` statements).
    let mut k = 0;
    while k < bytes.len() {
        if uses.iter().any(|(s, e)| (*s..*e).contains(&k)) || !ident_byte(bytes[k]) {
            k += 1;
            continue;
        }
        if k > 0 && (ident_byte(bytes[k - 1]) || bytes[k - 1] == b':') {
            k += 1;
            continue;
        }
        let mut end = k;
        while end < bytes.len() && (ident_byte(bytes[end]) || code[end..].starts_with("::")) {
            end += if bytes[end] == b':' { 2 } else { 1 };
        }
        let path = split_path(code[k..end].trim_end_matches("::"));
        if path.len() > 1
            && (matches!(path[0].as_str(), "crate" | "super" | "self")
                || children.contains(&path[0]))
        {
            paths.push(path);
        }
        k = end.max(k + 1);
    }
    paths
}

fn split_path(path: &str) -> Vec<String> {
    path.split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The crate's modules and what each one's `mod.rs` (or file) re-exports: name → the
/// module path it comes from.
struct Crate {
    modules: BTreeSet<Vec<String>>,
    reexports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
}

impl Crate {
    fn new(files: &[SourceFile]) -> Self {
        let modules: BTreeSet<Vec<String>> = files.iter().map(|f| f.module.clone()).collect();
        let mut reexports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>> = BTreeMap::new();
        for f in files {
            let mut at = 0;
            while let Some(p) = f.code[at..].find("pub use ") {
                let start = at + p + "pub use ".len();
                let Some(end) = f.code[start..].find(';') else {
                    break;
                };
                for path in expand_use(&f.code[start..start + end]) {
                    let parts = split_path(&path);
                    if let Some(name) = parts.last() {
                        let target = absolute(&f.module, &parts, &children_of(&modules, &f.module));
                        reexports
                            .entry(f.module.clone())
                            .or_default()
                            .insert(name.clone(), target);
                    }
                }
                at = start + end;
            }
        }
        Self { modules, reexports }
    }

    /// The module a path lands in: the longest module prefix, then through a re-export.
    fn module_of(&self, path: &[String]) -> Vec<String> {
        let mut module: Vec<String> = Vec::new();
        for part in path {
            let mut next = module.clone();
            next.push(part.clone());
            if self.modules.contains(&next) {
                module = next;
                continue;
            }
            if let Some(target) = self.reexports.get(&module).and_then(|r| r.get(part))
                && target.as_slice() != path
            {
                let landed = self.module_of(target);
                if landed != module {
                    return landed;
                }
            }
            break;
        }
        module
    }
}

/// The names of a module's child modules.
fn children_of(modules: &BTreeSet<Vec<String>>, module: &[String]) -> BTreeSet<String> {
    modules
        .iter()
        .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
        .filter_map(|m| m.last().cloned())
        .collect()
}

/// A path made absolute from the module naming it.
fn absolute(module: &[String], path: &[String], children: &BTreeSet<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut parts = path.iter().peekable();
    match parts.peek().map(|s| s.as_str()) {
        Some("crate") => {
            parts.next();
        }
        Some("self") => {
            parts.next();
            out = module.to_vec();
        }
        Some("super") => {
            out = module.to_vec();
            while parts.peek().is_some_and(|p| *p == "super") {
                parts.next();
                out.pop();
            }
        }
        Some(first) if children.contains(first) => out = module.to_vec(),
        _ => {
            // An external crate (`geo::`, `epaint::`), or a name in scope.
            return Vec::new();
        }
    }
    out.extend(parts.cloned());
    out
}

/// What the layering test reads: each file's node (`model::annotation`) and the nodes it
/// names, and each file's `egui::` uses and root re-export uses.
struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
    egui: BTreeSet<String>,
    root_items: BTreeSet<String>,
}

/// A module path cut to one level inside its folder: `data::user_layer::csv` →
/// `data::user_layer`.
fn node(module: &[String]) -> String {
    module
        .iter()
        .take(2)
        .cloned()
        .collect::<Vec<_>>()
        .join("::")
}

fn graph(src: &Path) -> Graph {
    let files = source_files(src);
    let krate = Crate::new(&files);
    let mut graph = Graph {
        edges: BTreeMap::new(),
        egui: BTreeSet::new(),
        root_items: BTreeSet::new(),
    };
    for f in &files {
        if f.module.is_empty() {
            continue;
        }
        let children = children_of(&krate.modules, &f.module);
        let from = node(&f.module);
        let set = graph.edges.entry(from.clone()).or_default();
        for path in named_paths(&f.code, &children) {
            let abs = absolute(&f.module, &path, &children);
            if abs.is_empty() {
                continue;
            }
            let to = krate.module_of(&abs);
            if to.is_empty() {
                graph
                    .root_items
                    .insert(format!("{from}: {}", path.join("::")));
                continue;
            }
            let to = node(&to);
            if to != from {
                set.insert(to);
            }
        }
        let top = &f.module[0];
        if HEADLESS.contains(&top.as_str()) && names_egui(&f.code) {
            graph.egui.insert(f.module.join("::"));
        }
    }
    graph
}

/// Whether code names the `egui` crate (`egui::…` or `use egui`).
fn names_egui(code: &str) -> bool {
    let bytes = code.as_bytes();
    code.match_indices("egui").any(|(at, _)| {
        let before = at == 0 || !(ident_byte(bytes[at - 1]) || bytes[at - 1] == b':');
        let after = &code[at + 4..];
        before && (after.starts_with("::") || after.starts_with(';') || after.starts_with(" as"))
    })
}

/// The nodes that can reach themselves again, with what they name.
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

/// The graph between folders: each node's folder.
fn folders(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, BTreeSet<String>> {
    let top = |n: &str| n.split("::").next().unwrap_or(n).to_owned();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in edges {
        let set = out.entry(top(from)).or_default();
        set.extend(tos.iter().map(|t| top(t)).filter(|t| *t != top(from)));
    }
    out
}

/// Every edge between folders that the table does not allow.
fn disallowed(folders: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut out = Vec::new();
    for (from, tos) in folders {
        let Some(may) = allowed.get(from.as_str()) else {
            out.push(format!("{from} is not a layer lib.rs names"));
            continue;
        };
        for to in tos {
            if !may.contains(&to.as_str()) {
                out.push(format!("{from} -> {to}"));
            }
        }
    }
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn every_layer_uses_only_the_layers_below_it() {
    let graph = graph(&src());
    let folders = folders(&graph.edges);
    assert!(folders.len() >= 14, "found {} folders", folders.len());
    assert!(folders["ui"].contains("compose") && folders["cli"].contains("export"));
    assert_eq!(disallowed(&folders), Vec::<String>::new());
}

#[test]
fn no_cycle_between_folders_or_between_the_files_of_a_folder() {
    let graph = graph(&src());
    assert!(graph.edges.len() > 60, "found {} files", graph.edges.len());
    assert!(graph.edges["compose::scene"].contains("render::hit_test"));
    assert!(graph.edges["app::briefing"].contains("app"));
    assert_eq!(cycles(&folders(&graph.edges)), Vec::<String>::new());
    assert_eq!(cycles(&graph.edges), Vec::<String>::new());
}

#[test]
fn the_crate_never_names_its_root_reexports() {
    assert_eq!(graph(&src()).root_items, BTreeSet::new());
}

#[test]
fn the_headless_half_never_names_egui() {
    assert_eq!(graph(&src()).egui, BTreeSet::new());
}

#[test]
fn the_checks_find_what_they_guard_against() {
    // A cycle.
    let mut deps = BTreeMap::new();
    deps.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    deps.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    deps.insert("c".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(cycles(&deps).len(), 2);
    // A layer reaching up.
    let up = BTreeMap::from([("cli".to_owned(), BTreeSet::from(["app".to_owned()]))]);
    assert_eq!(disallowed(&up), vec!["cli -> app".to_owned()]);
    // Grouped imports, `super::`, a child module and a re-export followed to its file.
    let files = vec![
        SourceFile {
            module: vec!["compose".into()],
            code: "mod map; pub use map::Drawn; pub struct Item;".into(),
        },
        SourceFile {
            module: vec!["compose".into(), "map".into()],
            code: "pub struct Drawn;".into(),
        },
        SourceFile {
            module: vec!["compose".into(), "content".into()],
            code: "use crate::{compose::Drawn, render::{mesh::X}};\nfn f() { super::Item; }".into(),
        },
        SourceFile {
            module: vec!["render".into()],
            code: "pub mod mesh;".into(),
        },
        SourceFile {
            module: vec!["render".into(), "mesh".into()],
            code: String::new(),
        },
    ];
    let krate = Crate::new(&files);
    let code = &files[2].code;
    let named: Vec<Vec<String>> = named_paths(code, &BTreeSet::new())
        .iter()
        .map(|p| krate.module_of(&absolute(&files[2].module, p, &BTreeSet::new())))
        .collect();
    let names: BTreeSet<String> = named.iter().map(|m| node(m)).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "compose".into(),
            "compose::map".into(),
            "render::mesh".into()
        ])
    );
    // `egui::` is found, `epaint::` and `egui_kittest::` are not.
    assert!(names_egui("let x = egui::Pos2::ZERO;") && names_egui("use egui;"));
    assert!(!names_egui("use epaint::Pos2; use egui_kittest::Harness;"));
    // Comments, strings and test modules are left out.
    let stripped = strip(
        "// crate::app\nlet s = \"crate::ui\";\n#[cfg(test)]\nmod tests { use crate::app; }\nuse crate::model;",
    );
    assert!(!stripped.contains("app") && !stripped.contains("crate::ui"));
    assert!(stripped.contains("crate::model"));
}

#[test]
#[ignore = "prints the graph"]
fn print_graph() {
    let graph = graph(&src());
    for (from, tos) in &graph.edges {
        println!(
            "{from} -> {}",
            tos.iter().cloned().collect::<Vec<_>>().join(" ")
        );
    }
    println!("{:?}", cycles(&graph.edges));
}
