//! The server's internal error type and its one translation into what the reader sees.
//!
//! Internal failures (database, I/O) are logged here, once, with their context, and leave
//! the server as a bare [`AppError::Internal`]: no SQL or paths ever reach a browser.

use axum::response::{IntoResponse, Response};
use http::StatusCode;

use crate::error::AppError;
use crate::model::refusal::{FieldRefusal, Refusal};

impl From<Refusal> for ServerError {
    fn from(r: Refusal) -> Self {
        ServerError::Refused(r)
    }
}

impl From<FieldRefusal> for ServerError {
    fn from(f: FieldRefusal) -> Self {
        ServerError::Field(f)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("not found")]
    NotFound,
    #[error("unauthorized")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    /// A refusal the reader is told about in their language (see `model::refusal`).
    #[error("refused: {0}")]
    Refused(Refusal),
    /// One field of a form of many refused (see `model::refusal::FieldRefusal`).
    #[error("refused: {0}")]
    Field(FieldRefusal),
    /// Input refused with a message of its own (a field and the rule it broke).
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("internal error: {0}")]
    Internal(String),
    /// Too much heavy work is waiting already (see `heavy`): try again shortly.
    #[error("busy")]
    Busy,
}

impl ServerError {
    /// What the reader may be told about this error (no logging here).
    pub fn public(&self) -> AppError {
        match self {
            ServerError::NotFound => AppError::NotFound,
            ServerError::Unauthorized => AppError::Unauthorized,
            ServerError::Forbidden => AppError::Forbidden,
            ServerError::Refused(r) => AppError::Refused(*r),
            ServerError::Field(f) => AppError::Field(f.clone()),
            ServerError::Invalid(m) => AppError::Invalid(m.clone()),
            ServerError::Conflict(m) => AppError::Conflict(m.clone()),
            ServerError::Db(_) | ServerError::Internal(_) => AppError::Internal,
            ServerError::Busy => AppError::Busy,
        }
    }

    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.public().status_code())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// The single place internal errors are logged: where they stop being internal. The
/// response being built (page or server function) gets the matching HTTP status.
impl From<ServerError> for AppError {
    fn from(e: ServerError) -> Self {
        if matches!(e, ServerError::Db(_) | ServerError::Internal(_)) {
            tracing::error!(error = %e, "internal error");
        }
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(e.status_code());
        }
        e.public()
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let body = AppError::from(self);
        (status, axum::Json(body)).into_response()
    }
}
