//! The recruiter's group file for adverse-impact checks: a CSV with a `candidate` and a
//! `group` column (any others are ignored), one candidate a line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a group file cannot be used.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum GroupsError {
    #[error("{}: the header needs a \"candidate\" and a \"group\" column", path.display())]
    Header { path: PathBuf },
    #[error("{}:{line}: {message}", path.display())]
    Line {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

/// Candidate → group label from the file's text; `path` labels the errors.
pub fn parse_groups(path: &Path, text: &str) -> Result<BTreeMap<String, String>, GroupsError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| GroupsError::Line {
        path: path.to_owned(),
        line: 1,
        message: e.to_string(),
    })?;
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(candidate), Some(group)) = (find("candidate"), find("group")) else {
        return Err(GroupsError::Header {
            path: path.to_owned(),
        });
    };
    let mut groups = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| GroupsError::Line {
            path: path.to_owned(),
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or_default().to_owned();
        let (name, label) = (field(candidate), field(group));
        if name.is_empty() || label.is_empty() {
            return Err(GroupsError::Line {
                path: path.to_owned(),
                line,
                message: "a candidate and a group are both needed".into(),
            });
        }
        if groups.insert(name.clone(), label).is_some() {
            return Err(GroupsError::Line {
                path: path.to_owned(),
                line,
                message: format!("candidate \"{name}\" is listed twice"),
            });
        }
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_name_and_quoted_names_kept_whole() {
        let text = "id,Group,candidate\n1,north,\"Lee, Ann\"\n2, south ,Bo\n";
        let groups = parse_groups(Path::new("g.csv"), text).expect("parses");
        assert_eq!(groups.get("Lee, Ann").map(String::as_str), Some("north"));
        assert_eq!(groups.get("Bo").map(String::as_str), Some("south"));
    }

    #[test]
    fn a_bad_file_names_the_line() {
        let path = Path::new("g.csv");
        assert_eq!(
            parse_groups(path, "name,team\nA,x\n"),
            Err(GroupsError::Header {
                path: path.to_owned()
            })
        );
        let twice = parse_groups(path, "candidate,group\nA,x\nA,y\n").expect_err("twice");
        assert_eq!(
            twice.to_string(),
            "g.csv:3: candidate \"A\" is listed twice"
        );
        let blank = parse_groups(path, "candidate,group\nA,\n").expect_err("blank");
        assert!(blank.to_string().starts_with("g.csv:2: "), "{blank}");
    }
}
