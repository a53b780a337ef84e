//! `GET /openapi.json`: the API described in OpenAPI 3.0, its schemas generated from the very
//! types the handlers serialize (`tally::api`), so the description cannot drift from the code.

use crate::startup::AppState;
use actix_web::{web, HttpResponse};
use schemars::generate::SchemaSettings;
use serde_json::{json, Value};
use tally::api::{
    CheckRequest, CheckResponse, ConflictJson, DocumentJson, DocumentSummary, ErrorBody,
    ExtractResponse,
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
            "/v1/documents": {"get": {
                "summary": "The corpus documents.",
                "responses": {"200": ok(&documents, "Documents in manifest order.")}
            }},
            "/v1/documents/{id}": {"get": {
                "summary": "One document with its text and claims.",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": ok(&document, "The document."), "404": error_response("No such document.")}
            }},
            "/v1/conflicts": {"get": {
                "summary": "Quantities on which the corpus's sources disagree, or which changed over time.",
                "responses": {"200": ok(&conflicts, "The conflicts.")}
            }},
            "/healthz": {"get": {"summary": "Liveness and the corpus served.", "responses": {"200": {"description": "OK"}}}},
            "/metrics": {"get": {"summary": "Prometheus metrics.", "responses": {"200": {"description": "Text exposition format.", "content": {"text/plain": {"schema": {"type": "string"}}}}}}}
        },
        "components": {"schemas": schemas}
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
