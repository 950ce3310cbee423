//! The live island of thread, space and draft pages: who else is here (initials with
//! their names as tooltips), who is replying; on a thread, new replies put in place as
//! they are written; on a space, its thread list's "new" counts; on a draft, word of a
//! newer revision; and everywhere the notification badge kept current.
//!
//! Rendered on the server as an empty presence list, so the page reads the same with
//! JavaScript off; in the browser it opens the live socket (`live_client`, protocol in
//! `server/src/live/protocol.rs`) and reconnects after drops, asking for what it missed.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::live::Present;

/// The island's words, in the reader's language (islands get no server context).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveLabels {
    pub here: String,
    /// With `%{name}`.
    pub replying: String,
    /// With `%{count}`.
    pub new_replies: String,
    pub reconnecting: String,
    /// A thread list's badge, with `%{count}`.
    pub unread_count: String,
    /// With `%{n}`.
    pub revised: String,
    pub see_newest: String,
}

impl LiveLabels {
    pub fn new(locale: crate::i18n::Locale) -> Self {
        use crate::tr;
        LiveLabels {
            here: tr!(locale, "discussion.here_now"),
            replying: tr!(locale, "discussion.replying"),
            new_replies: tr!(locale, "discussion.new_replies"),
            reconnecting: tr!(locale, "discussion.reconnecting"),
            unread_count: tr!(locale, "discussion.unread_count"),
            revised: tr!(locale, "drafts.revised_live"),
            see_newest: tr!(locale, "drafts.see_newest"),
        }
    }
}

/// Up to two initials of a name ("Lucía López" → "LL").
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// The live island with what brings it alive: the WebAssembly bundle is loaded only on
/// pages that have a live room (others need none: see `style/assets/site.js`), so this
/// puts the hydration scripts on the page beside the island. One per page.
#[component]
pub fn Live(
    /// `thread:{id}`, `space:{id}` or `draft:{id}`
    room: String,
    /// The page's path (a thread's, for fetching posts as they arrive).
    base: String,
    /// The room's newest event when the page was read.
    since: i64,
    /// Whether this is the thread's last page (new top-level replies belong on it).
    last_page: bool,
    /// The signed-in reader's username (others' presence is shown, not one's own).
    me: String,
    labels: LiveLabels,
) -> impl IntoView {
    let scripts = use_context::<LeptosOptions>()
        .map(|options| view! { <HydrationScripts options islands=true /> });
    view! {
        {scripts}
        <LiveIsland room base since last_page me labels />
    }
}

#[island]
fn LiveIsland(
    room: String,
    base: String,
    since: i64,
    last_page: bool,
    me: String,
    labels: LiveLabels,
) -> impl IntoView {
    let people = RwSignal::new(Vec::<Present>::new());
    let fresh = RwSignal::new(Vec::<i64>::new());
    let connected = RwSignal::new(true);
    // A newer revision saved since the page was read (draft pages).
    let revised_to = RwSignal::new(None::<i64>);
    let base_link = base.clone();
    #[cfg(feature = "hydrate")]
    let base_for_jump = base.clone();
    #[cfg(feature = "hydrate")]
    {
        let setup = super::live_client::Setup {
            room,
            base,
            since,
            last_page,
            people,
            fresh,
            connected,
            revised_to,
            unread_count: labels.unread_count.clone(),
        };
        Effect::new(move |started: Option<()>| {
            if started.is_none() {
                super::live_client::start(setup.clone());
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (room, base, since, last_page);
    let LiveLabels {
        here,
        replying,
        new_replies,
        reconnecting,
        revised,
        see_newest,
        ..
    } = labels;
    let me_too = me.clone();
    let others = move || {
        people
            .get()
            .into_iter()
            .filter(|p| p.user != me_too)
            .collect::<Vec<_>>()
    };
    let typing = move || {
        let names: Vec<String> = people
            .get()
            .into_iter()
            .filter(|p| p.typing && p.user != me)
            .map(|p| p.name)
            .collect();
        if names.is_empty() {
            String::new()
        } else {
            replying.replace("%{name}", &names.join(", "))
        }
    };
    let jump = move |_| {
        #[cfg(feature = "hydrate")]
        super::live_client::show_first(fresh, &base_for_jump);
    };
    view! {
        <div class="live" class:live-offline=move || !connected.get()>
            <span class="meta live-here">{here}</span>
            <ul class="presence">
                <For each=others key=|p| (p.user.clone(), p.typing) let:p>
                    <li class="person" class:person-typing=p.typing title=p.name.clone()>
                        <span class="avatar" aria-hidden="true">{initials(&p.name)}</span>
                        <span class="visually-hidden">{p.name.clone()}</span>
                    </li>
                </For>
            </ul>
            <span class="meta typing-note" aria-live="polite">{typing}</span>
            <span class="meta live-status" hidden=move || connected.get()>{reconnecting}</span>
            <button type="button" class="new-replies" hidden=move || fresh.get().is_empty() on:click=jump>
                {move || new_replies.replace("%{count}", &fresh.get().len().to_string())}
            </button>
            {move || revised_to.get().map(|n| view! {
                <p class="notice live-notice" role="status">
                    {revised.replace("%{n}", &n.to_string())} " "
                    <a href=base_link.clone()>{see_newest.clone()}</a>
                </p>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_letters_of_two_words() {
        assert_eq!(initials("Lucía López Ortega"), "LL");
        assert_eq!(initials("ana"), "A");
        assert_eq!(initials("  "), "");
        assert_eq!(initials("Émile Zola"), "ÉZ");
    }
}
