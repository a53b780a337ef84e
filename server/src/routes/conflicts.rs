//! `GET /v1/conflicts`: the quantities on which the corpus's sources disagree.

use crate::startup::AppState;
use actix_web::{web, HttpResponse};

pub async fn list(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(&state.conflicts)
}
