//! Email settings as the settings page and the unsubscribe page show them.

use serde::{Deserialize, Serialize};

/// The signed-in person's email settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailSettings {
    /// Where emails go; none when the account has no address (nothing is sent then).
    pub address: Option<String>,
    pub each_notification: bool,
    pub daily_digest: bool,
    /// `en`, `es`, `pt` or `fr`; `""` for "the first of my profile's languages".
    pub language: String,
}

/// What the unsubscribe page says about the link it was opened with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsubscribeView {
    /// The address, partly hidden (`c…@minsalud.gov.co`): the link may have been forwarded.
    pub address_hint: String,
    /// Whether any email still goes to it.
    pub subscribed: bool,
}
