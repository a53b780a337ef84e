//! A document offered to the corpus through the write API or an import: its fields read and
//! checked one by one, each problem naming the field, so that a newsroom's CMS learns exactly
//! what to fix. Pure: the store and the handlers live in the server.

use crate::api::{NewDocument, RejectedDocument};
use crate::corpus::{Date, Document, Fnv};
use serde_json::Value;
use std::collections::HashMap;
use thiserror::Error;

/// The longest id, title, date basis and url accepted, in characters.
pub const MAX_ID: usize = 128;
pub const MAX_TITLE: usize = 1_000;
pub const MAX_DATE_BASIS: usize = 2_000;
pub const MAX_URL: usize = 2_048;
/// The longest text accepted, in bytes: a long-form article is a tenth of this.
pub const MAX_TEXT: usize = 1 << 20;

/// Why a document is refused: the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field} {message}")]
pub struct FieldError {
    /// The field's name in the request (`title`, `published`, …), or `document` for the whole.
    pub field: String,
    /// What is wrong, as the end of a sentence that starts with the field's name.
    pub message: String,
}

impl FieldError {
    fn new(field: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// Reads a JSON value as a document: an object with `title`, `published` and `text`, and
/// optionally `id`, `url` and `date_basis`; anything else is refused by name. Without an id, the
/// document gets one made from its content ([`content_id`]), so importing it again finds it.
pub fn document(value: Value) -> Result<Document, FieldError> {
    let Value::Object(mut fields) = value else {
        return Err(FieldError::new(
            "document",
            "must be a JSON object with title, published and text",
        ));
    };
    if let Some(unknown) = fields
        .keys()
        .find(|k| !NewDocument::FIELDS.contains(&k.as_str()))
    {
        return Err(FieldError::new(
            unknown,
            format!(
                "is not a field of a document (the fields are {})",
                NewDocument::FIELDS.join(", ")
            ),
        ));
    }
    let mut take = |name: &str, required: bool| -> Result<Option<String>, FieldError> {
        match fields.remove(name) {
            None | Some(Value::Null) if required => Err(FieldError::new(name, "is missing")),
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(FieldError::new(name, "must be a string")),
        }
    };
    let input = NewDocument {
        id: take("id", false)?,
        title: take("title", true)?.unwrap_or_default(),
        published: take("published", true)?.unwrap_or_default(),
        text: take("text", true)?.unwrap_or_default(),
        url: take("url", false)?,
        date_basis: take("date_basis", false)?,
    };
    validate(input)
}

/// Checks a document's fields: the id's characters, a plain one-line title, a date that exists,
/// a text with words in it, an http(s) url, and every length.
pub fn validate(input: NewDocument) -> Result<Document, FieldError> {
    let title = plain_line("title", &input.title, MAX_TITLE)?;
    let published = Date::parse(input.published.trim()).ok_or_else(|| {
        FieldError::new(
            "published",
            format!(
                "{:?} is not a date that exists (YYYY-MM-DD, e.g. 2025-02-28)",
                clip(&input.published)
            ),
        )
    })?;
    if input.text.trim().is_empty() {
        return Err(FieldError::new("text", "is empty or only whitespace"));
    }
    if input.text.len() > MAX_TEXT {
        return Err(FieldError::new(
            "text",
            format!(
                "is {} bytes, more than the limit of {MAX_TEXT}",
                input.text.len()
            ),
        ));
    }
    if let Some(c) = input
        .text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(
            "text",
            format!("contains the control character U+{:04X}", c as u32),
        ));
    }
    let url = input
        .url
        .map(|u| valid_url(u.trim()).map(|()| u.trim().to_string()))
        .transpose()
        .map_err(|m| FieldError::new("url", m))?;
    let date_basis = input
        .date_basis
        .map(|d| plain_line("date_basis", &d, MAX_DATE_BASIS))
        .transpose()?;
    let id = match input.id {
        Some(id) => {
            valid_id(&id).map_err(|m| FieldError::new("id", format!("{:?} {m}", clip(&id))))?;
            id
        }
        None => content_id(&title, published, &input.text),
    };
    Ok(Document {
        id,
        title,
        published,
        date_basis,
        url,
        text: input.text,
    })
}

/// Reads an import's lines: the documents to write, and the lines refused. Blank lines are
/// skipped; a line that is not UTF-8 or not JSON, an invalid document, and a second document
/// with an id already in the import are refused.
pub fn lines(bytes: &[u8]) -> (Vec<Document>, Vec<RejectedDocument>) {
    let mut docs = Vec::new();
    let mut rejected = Vec::new();
    let mut lines_of: HashMap<String, usize> = HashMap::new();
    for (n, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = n + 1;
        let reject = |id: Option<String>, e: FieldError| RejectedDocument {
            line,
            id,
            field: e.field,
            message: e.message,
        };
        let text = match std::str::from_utf8(raw) {
            Ok(t) => t.trim(),
            Err(e) => {
                rejected.push(reject(
                    None,
                    FieldError {
                        field: "document".into(),
                        message: format!(
                            "is not valid UTF-8 (first bad byte at column {})",
                            e.valid_up_to() + 1
                        ),
                    },
                ));
                continue;
            }
        };
        if text.is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                rejected.push(reject(
                    None,
                    FieldError {
                        field: "document".into(),
                        message: format!("is not valid JSON ({e})"),
                    },
                ));
                continue;
            }
        };
        let id = value.get("id").and_then(|v| v.as_str()).map(str::to_string);
        match document(value) {
            Err(e) => rejected.push(reject(id, e)),
            Ok(doc) => match lines_of.get(&doc.id) {
                Some(first) => rejected.push(reject(
                    Some(doc.id),
                    FieldError {
                        field: "id".into(),
                        message: format!("repeats the id of line {first} of this import"),
                    },
                )),
                None => {
                    lines_of.insert(doc.id.clone(), line);
                    docs.push(doc);
                }
            },
        }
    }
    (docs, rejected)
}

/// An id made from a document's title, date and text: `doc-` and 16 hex digits.
pub fn content_id(title: &str, published: Date, text: &str) -> String {
    let mut hash = Fnv::new();
    hash.write(title.as_bytes());
    hash.write(published.to_string().as_bytes());
    hash.write(text.as_bytes());
    format!("doc-{:016x}", hash.finish())
}

/// An id is 1 to [`MAX_ID`] letters, digits, `_`, `-` or `.`: safe in a URL path and a file
/// name.
pub fn valid_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > MAX_ID {
        return Err(format!("must be 1 to {MAX_ID} characters long"));
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
    {
        return Err("must be letters, digits, '_', '-' or '.'".to_string());
    }
    if id.starts_with('.') {
        return Err("must not start with '.'".to_string());
    }
    Ok(())
}

/// A url is an http or https address of at most [`MAX_URL`] characters, with no spaces.
pub fn valid_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let plain = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    match rest {
        Some(host) if !host.is_empty() && plain && url.len() <= MAX_URL => Ok(()),
        _ => Err(format!(
            "must be an http or https address of at most {MAX_URL} characters"
        )),
    }
}

/// A field shown as one line of plain text: trimmed, not empty, short enough, with no control
/// characters and no HTML markup (titles are shown in pages and cards; markup in them is either
/// a CMS that sent the wrong field or an attack).
fn plain_line(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, "is empty"));
    }
    let chars = value.chars().count();
    if chars > max {
        return Err(FieldError::new(
            field,
            format!("is {chars} characters long, more than the limit of {max}"),
        ));
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(FieldError::new(
            field,
            format!(
                "contains the control character U+{:04X}; it must be one line",
                c as u32
            ),
        ));
    }
    if let Some(tag) = markup(value) {
        return Err(FieldError::new(
            field,
            format!("must be plain text, not HTML (found {tag:?})"),
        ));
    }
    Ok(value.to_string())
}

/// The first thing that reads as an HTML tag, comment or character reference: `<` followed by a
/// letter, `/`, `!` or `?`, or `&` followed by a name or `#` and `;`. "Deaths < 100" is text.
fn markup(value: &str) -> Option<&str> {
    let b = value.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        if c == b'<' && (next.is_ascii_alphabetic() || b"/!?".contains(&next)) {
            return Some(excerpt(value, i));
        }
        if c == b'&' && (next.is_ascii_alphabetic() || next == b'#') {
            let name = &b[i + 1..];
            let end = name.iter().take(32).position(|&x| x == b';');
            if end.is_some_and(|e| {
                name[..e]
                    .iter()
                    .all(|x| x.is_ascii_alphanumeric() || *x == b'#')
            }) {
                return Some(excerpt(value, i));
            }
        }
    }
    None
}

/// Up to 20 characters of `value` from byte `i`.
fn excerpt(value: &str, i: usize) -> &str {
    let rest = &value[i..];
    let end = rest.char_indices().nth(20).map_or(rest.len(), |(j, _)| j);
    &rest[..end]
}

/// A value quoted in an error message, cut to 40 characters.
fn clip(value: &str) -> String {
    let mut out: String = value.chars().take(40).collect();
    if value.chars().count() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(value: Value) -> (String, String) {
        let e = document(value).unwrap_err();
        (e.field, e.message)
    }

    fn good() -> Value {
        json!({"title": "Truce talks resume", "published": "2025-02-28",
               "text": "Hamas freed 33 hostages."})
    }

    #[test]
    fn an_import_reports_each_bad_line_and_keeps_the_rest() {
        let good = |id: &str| {
            format!(
                r#"{{"id": "{id}", "title": "T", "published": "2025-02-28", "text": "33 hostages."}}"#
            )
        };
        let mut body = Vec::new();
        body.extend(good("a").as_bytes());
        body.extend(b"\n\n{not json\n");
        body.extend(b"{\"title\": \"\xff\"}\n");
        body.extend(br#"{"id": "c", "title": "T", "published": "2025-02-30", "text": "x"}"#.iter());
        body.push(b'\n');
        body.extend(good("a").as_bytes());
        body.push(b'\n');
        body.extend(good("b").as_bytes());
        let (docs, rejected) = lines(&body);
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let got: Vec<(usize, Option<&str>, &str)> = rejected
            .iter()
            .map(|r| (r.line, r.id.as_deref(), r.field.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (3, None, "document"),
                (4, None, "document"),
                (5, Some("c"), "published"),
                (6, Some("a"), "id"),
            ]
        );
        assert!(rejected[3].message.contains("line 1"), "{:?}", rejected[3]);
    }

    #[test]
    fn a_document_without_an_id_gets_one_from_its_content() {
        let a = document(good()).unwrap();
        let b = document(good()).unwrap();
        assert_eq!(a.id, b.id);
        assert!(a.id.starts_with("doc-") && a.id.len() == 20, "{}", a.id);
        let mut other = good();
        other["text"] = json!("Hamas freed 34 hostages.");
        assert_ne!(document(other).unwrap().id, a.id);
    }

    #[test]
    fn each_problem_names_its_field() {
        let cases = [
            ("title", json!(null), "title", "is missing"),
            ("title", json!("  "), "title", "is empty"),
            (
                "title",
                json!("x".repeat(2_000_000)),
                "title",
                "more than the limit",
            ),
            (
                "title",
                json!("Truce <script>alert(1)</script>"),
                "title",
                "not HTML",
            ),
            ("title", json!("a &amp; b"), "title", "not HTML"),
            ("title", json!(7), "title", "must be a string"),
            ("published", json!("2025-02-30"), "published", "not a date"),
            ("published", json!("28/02/2025"), "published", "not a date"),
            ("text", json!(" \n\t "), "text", "only whitespace"),
            ("text", json!("a\u{0}b"), "text", "control character"),
            ("url", json!("javascript:alert(1)"), "url", "http or https"),
            ("id", json!("../etc"), "id", "letters, digits"),
            ("id", json!(""), "id", "1 to 128"),
            ("color", json!("red"), "color", "not a field"),
        ];
        for (field, value, want_field, want) in cases {
            let mut doc = good();
            doc[field] = value;
            let (f, m) = refused(doc);
            assert_eq!(f, want_field, "{field}: {m}");
            assert!(m.contains(want), "{field}: {m}");
        }
        assert_eq!(refused(json!([1, 2])).0, "document");
    }

    #[test]
    fn plain_text_with_angle_brackets_and_ampersands_is_accepted() {
        let mut doc = good();
        doc["title"] = json!("Deaths < 100 & rising: Q&A");
        doc["date_basis"] = json!("dateline; photo caption");
        doc["url"] = json!("https://example.org/a?b=1&c=2");
        let d = document(doc).unwrap();
        assert_eq!(d.title, "Deaths < 100 & rising: Q&A");
        assert_eq!(d.url.as_deref(), Some("https://example.org/a?b=1&c=2"));
    }
}
