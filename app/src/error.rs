//! The error type that crosses the wire: what a server function or page may tell the reader.
//!
//! It carries no internal detail (no SQL, no file paths); the server logs those once, where
//! the internal error is turned into an [`AppError`] (see `backend::error`).

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    /// The thing does not exist, or the viewer may not know that it does.
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    /// Something the platform refused, for a reason it explains in the reader's language.
    #[error("refused: {0}")]
    Refused(crate::model::refusal::Refusal),
    /// A field of a form refused; the form's page names it by its label.
    #[error("refused: {0}")]
    Field(crate::model::refusal::FieldRefusal),
    /// Input the server refused; the message names the field and the rule.
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("conflict: {0}")]
    Conflict(String),
    /// Something failed inside the server; details are in the server log only.
    #[error("internal error")]
    Internal,
    /// The server has too much heavy work waiting; the same request later will do.
    #[error("busy")]
    Busy,
    /// The request never reached the function properly (network, encoding).
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Refused(_) | AppError::Field(_) | AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Internal => 500,
            AppError::Busy => 503,
            AppError::Transport(_) => 400,
        }
    }

    /// A sentence for the reader, in their language.
    pub fn message(&self, locale: Locale) -> String {
        let l = locale.code();
        match self {
            AppError::NotFound => rust_i18n::t!("error.not_found", locale = l).into_owned(),
            AppError::Unauthorized => rust_i18n::t!("error.unauthorized", locale = l).into_owned(),
            AppError::Forbidden => rust_i18n::t!("error.forbidden", locale = l).into_owned(),
            AppError::Refused(r) => r.message(locale),
            // Without the page's labels: the field's own name, in words.
            AppError::Field(f) => f.message(locale, &f.field.replace('_', " ")),
            AppError::Invalid(why) => {
                rust_i18n::t!("error.invalid", locale = l, reason = why).into_owned()
            }
            AppError::Conflict(why) => {
                rust_i18n::t!("error.conflict", locale = l, reason = why).into_owned()
            }
            AppError::Internal => rust_i18n::t!("error.internal", locale = l).into_owned(),
            AppError::Busy => rust_i18n::t!("error.busy", locale = l).into_owned(),
            AppError::Transport(_) => rust_i18n::t!("error.transport", locale = l).into_owned(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}
