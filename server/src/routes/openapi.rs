//! `GET /openapi.json`: the API described in OpenAPI 3.0, its schemas generated from the very
//! types the handlers serialize (`tally::api`), so the description cannot drift from the code.

use crate::startup::AppState;
use actix_web::{web, HttpResponse};
use schemars::generate::SchemaSettings;
use serde_json::{json, Value};
use tally::api::{
    CheckRequest, CheckResponse, ConflictJson, DocumentJson, DocumentSummary, ErrorBody,
    ExtractResponse, ImportResponse, NewDocument, WriteResponse,
};

pub async fn get(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(&state.openapi)
}

/// Builds the OpenAPI document.
pub fn document() -> Value {
    let mut generator = SchemaSettings::openapi3().into_generator();
    let mut schema =
        |f: fn(&mut schemars::SchemaGenerator) -> schemars::Schema| f(&mut generator).to_value();
    let check_request = schema(|g| g.subschema_for::<CheckRequest>());
    let check_response = schema(|g| g.subschema_for::<CheckResponse>());
    let extract_response = schema(|g| g.subschema_for::<ExtractResponse>());
    let documents = schema(|g| g.subschema_for::<Vec<DocumentSummary>>());
    let document = schema(|g| g.subschema_for::<DocumentJson>());
    let conflicts = schema(|g| g.subschema_for::<Vec<ConflictJson>>());
    let error = schema(|g| g.subschema_for::<ErrorBody>());
    let new_document = schema(|g| g.subschema_for::<NewDocument>());
    let write_response = schema(|g| g.subschema_for::<WriteResponse>());
    let import_response = schema(|g| g.subschema_for::<ImportResponse>());
    let schemas = generator.take_definitions(true);

    let error_response = |description: &str| {
        json!({
            "description": description,
            "content": {"application/json": {"schema": error}}
        })
    };
    let ok = |schema: &Value, description: &str| {
        json!({
            "description": description,
            "content": {"application/json": {"schema": schema}}
        })
    };
    let draft_body = json!({
        "required": true,
        "content": {
            "application/json": {"schema": check_request},
            "text/plain": {"schema": {"type": "string", "description": "The draft itself."}}
        }
    });
    let post_errors = json!({
        "400": error_response("Malformed JSON, wrong field types, unknown fields, or invalid UTF-8."),
        "413": error_response("The body is over the configured limit (default 1 MiB)."),
        "415": error_response("Neither application/json nor text/plain."),
        "422": error_response("as_of is not a date (YYYY-MM-DD)."),
        "408": error_response("The client took longer than the request timeout to send the body.")
    });
    let with_errors = |ok: Value| {
        let mut responses = post_errors.clone();
        responses["200"] = ok;
        responses
    };
    let mut check_responses = with_errors(ok(
        &check_response,
        "The draft's checkable figures, judged.",
    ));
    check_responses["200"]["content"]["application/ld+json"] = json!({"schema": {
        "type": "array",
        "description": "With format=claimreview: schema.org ClaimReview objects (JSON-LD).",
        "items": {"type": "object"}
    }});
    // The writes: each needs an admin token, and is refused the same ways.
    let write_errors = |extra: &[(&str, &str)]| {
        let mut r = json!({
            "401": error_response("No `Authorization: Bearer <token>`, or not an admin token (unauthorized)."),
            "403": error_response("Writes are off on this server: no admin token is configured, or it serves a read-only corpus from files (writes_disabled)."),
            "503": error_response("The corpus store cannot be reached; nothing was written (store_unavailable).")
        });
        for (status, description) in extra {
            r[*status] = error_response(description);
        }
        r
    };
    let security = json!([{"adminToken": []}]);
    let id_parameter = json!({"name": "id", "in": "path", "required": true,
        "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,128}$"}});
    let mut create_responses = write_errors(&[
        ("400", "Malformed JSON or invalid UTF-8."),
        (
            "409",
            "The corpus has a document with this id (document_exists).",
        ),
        (
            "413",
            "The body is over the limit (1 MiB for a document, --import-limit for an import).",
        ),
        ("415", "Neither application/json nor application/x-ndjson."),
        (
            "422",
            "A field is missing or invalid (invalid_document); `field` names it.",
        ),
    ]);
    create_responses["201"] = json!({"description": "Created; the version that has it.",
        "headers": {"Location": {"schema": {"type": "string"}}},
        "content": {"application/json": {"schema": write_response}}});
    create_responses["200"] = ok(&import_response, "An import: the documents written, the version that has them, and each line refused, with its field and reason.");
    let mut put_responses = write_errors(&[
        ("400", "Malformed JSON or invalid UTF-8."),
        ("413", "The body is over the limit (1 MiB)."),
        ("415", "Not application/json."),
        (
            "422",
            "A field is missing or invalid, or the body's id is not the path's (invalid_document).",
        ),
    ]);
    put_responses["200"] = ok(&write_response, "Replaced; the version that has it.");
    put_responses["201"] = ok(&write_response, "Created; the version that has it.");
    let mut delete_responses = write_errors(&[("404", "No such document.")]);
    delete_responses["200"] = ok(&write_response, "Removed; the version without it.");
    check_responses["400"]["description"] =
        "Malformed JSON, wrong field types, unknown fields, invalid UTF-8, or a query parameter with a value the route does not take (invalid_parameter).".into();
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Tally",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Checks the figures in news drafts against a corpus of articles. Offsets `start`/`end` are UTF-16 code units (JavaScript string indexes); `byte_start`/`byte_end` are UTF-8 bytes. An empty text is valid and has no claims. Errors have one shape: {\"error\": {\"code\", \"message\"}}. A path below asked with a method it does not list answers 405 `method_not_allowed` with an `Allow` header; an unknown path answers 404."
        },
        "paths": {
            "/v1/check": {"post": {
                "summary": "Check a draft: every figure with a verdict, a message and its evidence.",
                "parameters": [
                    {"name": "format", "in": "query", "required": false,
                     "description": "`json` (the default) or `claimreview`: schema.org ClaimReviews as JSON-LD (`application/ld+json`), one for each contradicted, outdated, disputed or supported figure.",
                     "schema": {"type": "string", "enum": ["json", "claimreview"]}},
                    {"name": "url", "in": "query", "required": false,
                     "description": "With format=claimreview: the http(s) page the reviews are published on (each review's url is it with the figure's anchor). Default: this server's editor page.",
                     "schema": {"type": "string", "format": "uri", "maxLength": 2048}}
                ],
                "requestBody": draft_body,
                "responses": check_responses
            }},
            "/v1/extract": {"post": {
                "summary": "Extract a draft's numeric claims without judging them.",
                "requestBody": draft_body,
                "responses": with_errors(ok(&extract_response, "Every numeric claim, dates and ordinals included."))
            }},
            "/v1/documents": {
                "get": {
                    "summary": "The corpus documents.",
                    "responses": {"200": ok(&documents, "Documents in the order they were added.")}
                },
                "post": {
                    "summary": "Add a document (application/json), or import many, one JSON document a line (application/x-ndjson). An import is one transaction; each of its documents is created or replaces the one with its id, and each invalid line is reported while the others are written.",
                    "security": security,
                    "requestBody": {"required": true, "content": {
                        "application/json": {"schema": new_document},
                        "application/x-ndjson": {"schema": {"type": "string", "description": "One document (as application/json) a line."}}
                    }},
                    "responses": create_responses
                }
            },
            "/v1/documents/{id}": {
                "get": {
                    "summary": "One document with its text and claims.",
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"200": ok(&document, "The document."), "404": error_response("No such document.")}
                },
                "put": {
                    "summary": "Create or replace the document with this id.",
                    "security": security,
                    "parameters": [id_parameter],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": new_document}}},
                    "responses": put_responses
                },
                "delete": {
                    "summary": "Remove the document with this id.",
                    "security": security,
                    "parameters": [id_parameter],
                    "responses": delete_responses
                }
            },
            "/v1/conflicts": {"get": {
                "summary": "Quantities on which the corpus's sources disagree, or which changed over time.",
                "responses": {"200": ok(&conflicts, "The conflicts.")}
            }},
            "/healthz": {"get": {"summary": "Liveness and the corpus served.", "responses": {"200": {"description": "OK"}}}},
            "/metrics": {"get": {"summary": "Prometheus metrics.", "responses": {"200": {"description": "Text exposition format.", "content": {"text/plain": {"schema": {"type": "string"}}}}}}}
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {"adminToken": {"type": "http", "scheme": "bearer",
                "description": "An admin token from --admin-token-file or TALLY_ADMIN_TOKENS."}}
        }
    })
}

/// A name the schema generator gives a type, for tests.
#[cfg(test)]
fn name<T: schemars::JsonSchema>() -> String {
    T::schema_name().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_resolves_and_the_check_types_are_described() {
        let doc = document();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for n in [
            name::<CheckRequest>(),
            name::<CheckResponse>(),
            name::<ErrorBody>(),
        ] {
            assert!(schemas.contains_key(&n), "{n} missing");
        }
        let text = doc.to_string();
        for r in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let target = r.split('"').next().unwrap();
            assert!(schemas.contains_key(target), "dangling $ref {target}");
        }
        let as_of = &schemas[&name::<CheckRequest>()]["properties"]["as_of"];
        assert_eq!(
            as_of["format"], "date",
            "as_of is a YYYY-MM-DD date: {as_of}"
        );
        let claim = &schemas["CheckedClaim"]["properties"];
        for field in [
            "start",
            "end",
            "byte_start",
            "byte_end",
            "text",
            "value",
            "interval",
            "verdict",
            "message",
            "evidence",
        ] {
            assert!(
                claim.get(field).is_some(),
                "CheckedClaim lacks {field}: {claim}"
            );
        }
    }
}
