//! The corpus: news articles with their titles and publication dates, as given by a manifest.
//!
//! Loading is pure: the caller (the server, or a test) reads the files and hands their
//! contents in through a closure, so this crate never touches the file system.
//!
//! # Format
//!
//! A corpus is a directory with a `manifest.json` and one UTF-8 text file per article:
//!
//! ```json
//! {"documents": [{"id": "000_e159b71502fe9a29", "file": "000_e159b71502fe9a29.txt",
//!   "title": "Israel and Hamas Resume Negotiations", "published": "2025-02-28",
//!   "date_basis": "photo caption dated Feb. 28, 2025"}]}
//! ```
//!
//! `id` must be unique, non-empty, and made of letters, digits, `_`, `-` and `.`; `file` is a
//! plain file name in the directory; `published` is an ISO date (`YYYY-MM-DD`); `date_basis`
//! (what the date is inferred from) is optional. Other keys are ignored.

use crate::submission::{valid_id, valid_url};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use thiserror::Error;

/// A calendar date, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking the day exists in that month.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year as i32, month as u8) {
            return None;
        }
        Some(Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl Date {
    /// The date `days` days after 1970-01-01 (before it when negative), in the proleptic
    /// Gregorian calendar: what a clock's reading becomes, where the caller has a clock.
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

fn days_in_month(year: i32, month: u8) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a date (YYYY-MM-DD): {s:?}")))
    }
}

/// One article of the corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub id: String,
    pub title: String,
    pub published: Date,
    pub date_basis: Option<String>,
    /// Where the article is published, when known (an http or https address).
    pub url: Option<String>,
    pub text: String,
}

/// The articles, in manifest order, and a version that changes whenever any content does.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub documents: Vec<Document>,
    /// A hash of the manifest and every text (16 hex digits).
    pub version: String,
}

/// Why a corpus could not be loaded. Each names the file and the problem.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum CorpusError {
    #[error("manifest.json: {0}")]
    Manifest(String),
    #[error("manifest.json: document {index}: {message}")]
    Entry { index: usize, message: String },
    #[error("manifest.json: duplicate document id {0:?}")]
    DuplicateId(String),
    #[error("{file}: listed in manifest.json but missing or unreadable ({reason})")]
    MissingFile { file: String, reason: String },
    #[error("manifest.json: lists no documents")]
    Empty,
}

#[derive(Deserialize)]
struct RawManifest {
    documents: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    file: String,
    title: String,
    published: String,
    #[serde(default)]
    date_basis: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

impl Corpus {
    /// Builds a corpus from a manifest's text and a function that returns a listed file's
    /// contents (or why it cannot).
    pub fn load(
        manifest: &str,
        mut read: impl FnMut(&str) -> Result<String, String>,
    ) -> Result<Corpus, CorpusError> {
        let raw: RawManifest =
            serde_json::from_str(manifest).map_err(|e| CorpusError::Manifest(e.to_string()))?;
        if raw.documents.is_empty() {
            return Err(CorpusError::Empty);
        }
        let mut seen = HashSet::new();
        let mut documents = Vec::with_capacity(raw.documents.len());
        let mut hash = Fnv::new();
        hash.write(manifest.as_bytes());
        for (index, value) in raw.documents.into_iter().enumerate() {
            let entry_err = |message: String| CorpusError::Entry { index, message };
            let e: RawEntry = lenient_entry(value).map_err(entry_err)?;
            valid_id(&e.id).map_err(|m| entry_err(format!("id {:?} {m}", e.id)))?;
            if let Some(url) = &e.url {
                valid_url(url).map_err(|m| entry_err(format!("url {m}")))?;
            }
            if e.file.is_empty() || e.file.contains(['/', '\\']) || e.file.starts_with('.') {
                return Err(entry_err(format!(
                    "file {:?} must be a plain file name",
                    e.file
                )));
            }
            let published = Date::parse(&e.published).ok_or_else(|| {
                entry_err(format!(
                    "published {:?} is not a date (YYYY-MM-DD)",
                    e.published
                ))
            })?;
            if !seen.insert(e.id.clone()) {
                return Err(CorpusError::DuplicateId(e.id));
            }
            let text = read(&e.file).map_err(|reason| CorpusError::MissingFile {
                file: e.file.clone(),
                reason,
            })?;
            hash.write(text.as_bytes());
            documents.push(Document {
                id: e.id,
                title: e.title,
                published,
                date_basis: e.date_basis,
                url: e.url,
                text,
            });
        }
        Ok(Corpus {
            documents,
            version: format!("{:016x}", hash.finish()),
        })
    }

    pub fn get(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }
}

/// Reads a manifest entry, ignoring keys this version does not know.
fn lenient_entry(mut value: serde_json::Value) -> Result<RawEntry, String> {
    if let Some(obj) = value.as_object_mut() {
        obj.retain(|k, _| {
            matches!(
                k.as_str(),
                "id" | "file" | "title" | "published" | "date_basis" | "url"
            )
        });
    }
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// FNV-1a, 64 bits: the corpus version, and the word hashes of `check::context`.
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        // Separate consecutive writes so "ab"+"c" and "a"+"bc" differ.
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3) ^ 0xff;
    }
    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"{"documents": [
        {"id": "a", "file": "a.txt", "title": "A", "published": "2025-02-28", "date_basis": "x"},
        {"id": "b", "file": "b.txt", "title": "B", "published": "2024-03-30"}]}"#;

    #[test]
    fn days_since_the_epoch_are_calendar_dates() {
        for (days, date) in [
            (0, "1970-01-01"),
            (-1, "1969-12-31"),
            (11_016, "2000-02-29"),
            (20_424, "2025-12-02"),
            (20_789, "2026-12-02"),
        ] {
            assert_eq!(Date::from_days_since_epoch(days).to_string(), date);
        }
    }

    fn files(name: &str) -> Result<String, String> {
        match name {
            "a.txt" => Ok("33 hostages".into()),
            "b.txt" => Ok("130 hostages".into()),
            _ => Err("no such file".into()),
        }
    }

    #[test]
    fn loads_documents_in_manifest_order() {
        let c = Corpus::load(MANIFEST, files).unwrap();
        assert_eq!(c.documents.len(), 2);
        assert_eq!(c.documents[1].published.to_string(), "2024-03-30");
        assert_eq!(c.version.len(), 16);
        assert_eq!(c.get("a").unwrap().text, "33 hostages");
    }

    #[test]
    fn each_problem_names_its_cause() {
        let bad_date = MANIFEST.replace("2025-02-28", "2025-02-30");
        let err = Corpus::load(&bad_date, files).unwrap_err().to_string();
        assert!(
            err.contains("document 0") && err.contains("2025-02-30"),
            "{err}"
        );

        let dup = MANIFEST.replace("\"id\": \"b\"", "\"id\": \"a\"");
        assert_eq!(
            Corpus::load(&dup, files).unwrap_err(),
            CorpusError::DuplicateId("a".into())
        );

        let missing = MANIFEST.replace("b.txt", "c.txt");
        let err = Corpus::load(&missing, files).unwrap_err().to_string();
        assert!(err.starts_with("c.txt:"), "{err}");

        assert!(matches!(
            Corpus::load("{", files),
            Err(CorpusError::Manifest(_))
        ));
        assert_eq!(
            Corpus::load(r#"{"documents": []}"#, files).unwrap_err(),
            CorpusError::Empty
        );
        let traversal = MANIFEST.replace("a.txt", "../etc/passwd");
        assert!(Corpus::load(&traversal, files).is_err());
    }

    #[test]
    fn version_changes_with_content() {
        let a = Corpus::load(MANIFEST, files).unwrap().version;
        let b = Corpus::load(MANIFEST, |n| files(n).map(|t| t + "!"))
            .unwrap()
            .version;
        assert_ne!(a, b);
    }
}
