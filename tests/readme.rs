//! The README's front page works as written: every command in its `sh`
//! blocks runs (the expected exit code is 0 unless the line ends in
//! `# exit N`), and its manual contents list every `##` and `###` heading
//! below them, each link to an anchor GitHub makes. `cargo` lines are the
//! set-up (the build and these tests themselves); `cargo run -- ARGS` runs
//! as `engage ARGS`. `ENGAGE_UPDATE_README=1` rewrites the contents.

use std::path::Path;
use std::process::Command;

const README: &str = include_str!("../README.md");
const FRONT_END: &str = "\n## Manual\n";
const CONTENTS: (&str, &str) = ("<!-- contents -->\n", "<!-- /contents -->");

/// The command lines of the `sh` blocks of `text`, `\` continuations
/// joined, comments and blank lines left out.
fn commands(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_sh = false;
    let mut pending = String::new();
    for line in text.lines() {
        match (in_sh, line.trim()) {
            (false, "```sh") => in_sh = true,
            (true, "```") => in_sh = false,
            (true, l) if !l.is_empty() && !l.starts_with('#') => {
                pending.push_str(l.trim_end_matches('\\'));
                if !l.ends_with('\\') {
                    out.push(std::mem::take(&mut pending));
                }
            }
            _ => {}
        }
    }
    out
}

/// The exit code a line expects: `# exit N` at its end, else 0.
fn expected_exit(line: &str) -> i32 {
    line.split_once("# exit ")
        .and_then(|(_, n)| n.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
fn every_front_page_command_runs_as_written() {
    let front = &README[..README.find(FRONT_END).expect("a ## Manual heading")];
    let lines = commands(front);
    assert!(lines.len() >= 15, "{lines:?}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for name in ["examples", "testdata"] {
        std::os::unix::fs::symlink(root.join(name), dir.path().join(name)).unwrap();
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_engage")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for line in &lines {
        let line = match line.strip_prefix("cargo run -- ") {
            Some(args) => format!("engage {args}"),
            None if line.starts_with("cargo ") => continue,
            None => line.clone(),
        };
        assert!(
            line.starts_with("engage "),
            "a front-page command that is not engage: {line}"
        );
        let out = Command::new("sh")
            .args(["-c", &line])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(expected_exit(&line)),
            "{line}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 15, "{ran}");
    // What the recipes write is there, and the workbook is a zip.
    for file in ["weekly.csv", "report.html", "alert.html"] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    let xlsx = std::fs::read(dir.path().join("weekly.xlsx")).unwrap();
    assert!(xlsx.starts_with(b"PK"));
    // The stale run wrote nothing.
    assert!(!dir.path().join("stale.html").exists());
}

/// GitHub's anchor of a heading: lower case, punctuation other than `-`
/// and `_` dropped, spaces as `-`; a repeated one gets `-1`, `-2`...
fn anchor(heading: &str, seen: &mut std::collections::HashMap<String, usize>) -> String {
    let base: String = heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect();
    let n = seen.entry(base.clone()).or_insert(0);
    let out = match *n {
        0 => base,
        k => format!("{base}-{k}"),
    };
    *n += 1;
    out
}

/// The contents the README should have: one line per `##` / `###` heading
/// after the contents (outside code blocks), linked.
fn contents(readme: &str) -> String {
    let mut seen = std::collections::HashMap::new();
    let mut out = String::new();
    let mut fenced = false;
    let after = readme.find(CONTENTS.1).expect("the contents markers");
    for (at, line) in readme.split_inclusive('\n').scan(0, |at, l| {
        let here = *at;
        *at += l.len();
        Some((here, l.trim_end()))
    }) {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        let (level, title) = match line.split_once(' ') {
            Some(("##", t)) if !fenced => (0, t),
            Some(("###", t)) if !fenced => (1, t),
            Some(("#" | "####", t)) if !fenced => {
                anchor(t, &mut seen);
                continue;
            }
            _ => continue,
        };
        let link = anchor(title, &mut seen);
        if at > after {
            out.push_str(&format!("{}- [{title}](#{link})\n", "  ".repeat(level)));
        }
    }
    out
}

#[test]
fn the_manual_contents_list_every_heading() {
    let want = contents(README);
    let (start, end) = (
        README.find(CONTENTS.0).expect("<!-- contents -->") + CONTENTS.0.len(),
        README.find(CONTENTS.1).expect("<!-- /contents -->"),
    );
    if README[start..end] == want {
        return;
    }
    if std::env::var_os("ENGAGE_UPDATE_README").is_some() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let text = format!("{}{want}{}", &README[..start], &README[end..]);
        std::fs::write(path, text).unwrap();
        return;
    }
    panic!(
        "README.md's contents under ## Manual are out of date: run \
         ENGAGE_UPDATE_README=1 cargo test --test readme"
    );
}
