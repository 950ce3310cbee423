//! The one access rule: may this viewer see this thing?
//!
//! Every page, listing and server function asks here; listings turn the same rule into a
//! SQL condition ([`visible_spaces_sql`]) so nothing is filtered after the fact.

use crate::model::space::Visibility;

/// Who is asking. Until sign-in exists every visitor is anonymous.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Viewer {
    #[default]
    Anonymous,
}

/// May `viewer` see a space with this visibility?
pub fn can_view_space(viewer: &Viewer, visibility: Visibility) -> bool {
    match viewer {
        Viewer::Anonymous => visibility == Visibility::Public,
    }
}

/// The same rule as [`can_view_space`], as a SQL condition on a `spaces` row aliased `s`.
pub fn visible_spaces_sql(viewer: &Viewer) -> &'static str {
    match viewer {
        Viewer::Anonymous => "s.visibility = 'public'",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymous_sees_public_only() {
        let v = Viewer::Anonymous;
        assert!(can_view_space(&v, Visibility::Public));
        assert!(!can_view_space(&v, Visibility::Network));
        assert!(!can_view_space(&v, Visibility::Private));
    }
}
