//! The browser side of the live socket, for the `LiveThread` island: connects, joins the
//! thread's room asking for everything after what the page showed, keeps presence,
//! puts arriving posts in place (fetched from the server, as the viewer may see them),
//! and reconnects with exponential backoff and jitter after a drop — a dead network is
//! noticed by a client heartbeat and by the browser's offline/online events.
//!
//! Event ids only grow per room: an id at or below the last one seen is a duplicate and
//! is skipped, so a reconnection delivers each missed event exactly once.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, MessageEvent, WebSocket};

use crate::model::live::{ClientMessage, Present, ServerMessage, SESSION_ENDED};

/// What the island hands over.
#[derive(Clone)]
pub struct Setup {
    pub room: String,
    pub base: String,
    pub since: i64,
    pub last_page: bool,
    pub people: RwSignal<Vec<Present>>,
    pub fresh: RwSignal<Vec<i64>>,
    pub connected: RwSignal<bool>,
    pub revised_to: RwSignal<Option<i64>>,
    /// The thread list's badge, with `%{count}`.
    pub unread_count: String,
}

struct Client {
    setup: Setup,
    /// The last event id seen, per room.
    last: RefCell<HashMap<String, i64>>,
    ws: RefCell<Option<WebSocket>>,
    attempts: Cell<u32>,
    /// The reader's user id, from the welcome (their own posts are not news to them).
    me: Cell<i64>,
    /// When anything last came from the server, and when we last said "typing".
    heard: Cell<f64>,
    typed: Cell<f64>,
}

/// Seconds between client pings, and the silence after which the socket is given up.
const PING_MS: i32 = 15_000;
const SILENCE_MS: f64 = 40_000.0;

fn now() -> f64 {
    js_sys::Date::now()
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

pub fn start(setup: Setup) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let client = Rc::new(Client {
        last: RefCell::new(HashMap::from([(setup.room.clone(), setup.since)])),
        setup,
        ws: RefCell::new(None),
        attempts: Cell::new(0),
        me: Cell::new(0),
        heard: Cell::new(now()),
        typed: Cell::new(0.0),
    });
    connect(&client);

    // Heartbeat: a ping now and then; a socket silent for too long is dropped (then
    // reconnected), as a dead network may never close it.
    let c = client.clone();
    let beat = Closure::<dyn FnMut()>::new(move || {
        let open =
            c.ws.borrow()
                .as_ref()
                .map(|ws| ws.ready_state() == WebSocket::OPEN);
        if open == Some(true) {
            if now() - c.heard.get() > SILENCE_MS {
                drop_socket(&c);
            } else {
                send(&c, &ClientMessage::Ping);
            }
        }
    });
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        beat.as_ref().unchecked_ref(),
        PING_MS,
    );
    beat.forget();

    let c = client.clone();
    listen(&window, "offline", move |_| drop_socket(&c));
    let c = client.clone();
    listen(&window, "online", move |_| {
        // Back online: now, not after the backoff grown while offline.
        let open = c.ws.borrow().as_ref().map(WebSocket::ready_state) == Some(WebSocket::OPEN);
        if !open {
            if let Some(ws) = c.ws.borrow_mut().take() {
                ws.set_onclose(None);
                let _ = ws.close();
            }
            c.attempts.set(0);
            connect(&c);
        }
    });
    // "Is replying": typing in the page's reply or edit box, at most every two seconds.
    let c = client.clone();
    if let Some(doc) = document() {
        listen(&doc, "input", move |e| {
            let in_compose = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|el| {
                    el.closest("form.compose textarea, form.compose")
                        .ok()
                        .flatten()
                })
                .is_some();
            if in_compose && now() - c.typed.get() > 2000.0 {
                c.typed.set(now());
                let room = c.setup.room.clone();
                send(&c, &ClientMessage::Typing { room });
            }
        });
    }
    // A new reply scrolled into view is no longer "new below".
    let fresh = client.setup.fresh;
    listen(&window, "scroll", move |_| {
        if !fresh.get_untracked().is_empty() {
            fresh.update(|f| f.retain(|id| post(*id).is_some_and(|el| below_view(&el))));
        }
    });
}

fn listen<T: AsRef<web_sys::EventTarget>>(
    target: &T,
    event: &str,
    f: impl FnMut(web_sys::Event) + 'static,
) {
    let cb = Closure::<dyn FnMut(web_sys::Event)>::new(f);
    let _ = target
        .as_ref()
        .add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    // Page-long listeners: navigation is a full page load.
    cb.forget();
}

fn send(c: &Client, msg: &ClientMessage) {
    if let Some(ws) = c.ws.borrow().as_ref() {
        if ws.ready_state() == WebSocket::OPEN {
            // Plain data with string keys: serialising cannot fail.
            let text = serde_json::to_string(msg).unwrap_or_default();
            let _ = ws.send_with_str(&text);
        }
    }
}

/// Closes the socket now; its close handler schedules the reconnection.
fn drop_socket(c: &Rc<Client>) {
    let ws = c.ws.borrow_mut().take();
    if let Some(ws) = ws {
        ws.set_onclose(None);
        let _ = ws.close();
    }
    c.setup.connected.set(false);
    schedule(c);
}

fn connect(c: &Rc<Client>) {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let scheme = if loc.protocol().ok().as_deref() == Some("https:") {
        "wss"
    } else {
        "ws"
    };
    let Ok(host) = loc.host() else { return };
    let Ok(ws) = WebSocket::new(&format!("{scheme}://{host}/live/v1")) else {
        schedule(c);
        return;
    };
    let me = c.clone();
    let onopen = Closure::<dyn FnMut()>::new(move || {
        me.attempts.set(0);
        me.heard.set(now());
        me.setup.connected.set(true);
        let rooms: Vec<(String, i64)> = me
            .last
            .borrow()
            .iter()
            .filter(|(room, _)| !room.starts_with("user:"))
            .map(|(r, id)| (r.clone(), *id))
            .collect();
        for (room, since) in rooms {
            let since = Some(since);
            send(&me, &ClientMessage::Join { room, since });
        }
    });
    let me = c.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        me.heard.set(now());
        if let Some(text) = e.data().as_string() {
            handle(&me, &text);
        }
    });
    let me = c.clone();
    let onclose = Closure::<dyn FnMut(web_sys::CloseEvent)>::new(move |e: web_sys::CloseEvent| {
        me.ws.borrow_mut().take();
        me.setup.connected.set(false);
        // The session ended (signed out here or elsewhere): reconnecting cannot succeed
        // until the person signs in again, which loads a new page.
        if e.code() != SESSION_ENDED {
            schedule(&me);
        }
    });
    ws.set_onopen(Some(onopen.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    ws.set_onclose(Some(onclose.as_ref().unchecked_ref()));
    // One set per connection; reconnections are rare.
    onopen.forget();
    onmessage.forget();
    onclose.forget();
    *c.ws.borrow_mut() = Some(ws);
}

/// Tries again after 1, 2, 4 … 30 s, each wait drawn between half and all of it, so a
/// restarted server is not hit by every client at the same instant.
fn schedule(c: &Rc<Client>) {
    let n = c.attempts.get();
    c.attempts.set(n + 1);
    let full = (1000.0 * 2f64.powi(n.min(5) as i32)).min(30_000.0);
    let wait = full / 2.0 + js_sys::Math::random() * full / 2.0;
    let me = c.clone();
    let again = Closure::once_into_js(move || {
        if me.ws.borrow().is_none() {
            connect(&me);
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            again.unchecked_ref(),
            wait as i32,
        );
    }
}

fn handle(c: &Rc<Client>, text: &str) {
    let Ok(msg) = serde_json::from_str::<ServerMessage>(text) else {
        return;
    };
    let setup = &c.setup;
    match msg {
        ServerMessage::Welcome { id, .. } => c.me.set(id),
        ServerMessage::Joined { room, presence } if room == setup.room => {
            setup.people.set(presence);
        }
        ServerMessage::Presence {
            room,
            user,
            name,
            state,
        } if room == setup.room => setup.people.update(|people| {
            let at = people.iter().position(|p| p.user == user);
            match (state.as_str(), at) {
                ("gone", Some(i)) => {
                    people.remove(i);
                }
                ("gone", None) => {}
                (_, Some(i)) => people[i].typing = state == "typing",
                (_, None) => people.push(Present {
                    user,
                    name,
                    typing: state == "typing",
                }),
            }
            people.sort_by(|a, b| a.name.cmp(&b.name));
        }),
        ServerMessage::Event {
            id,
            room,
            kind,
            data,
        } => {
            {
                let mut last = c.last.borrow_mut();
                let seen = last.entry(room.clone()).or_insert(0);
                if id <= *seen {
                    return;
                }
                *seen = id;
            }
            let here = room == setup.room;
            match (kind.as_str(), data.post) {
                ("post_created", Some(p)) if here && room.starts_with("thread:") => {
                    insert_post(setup.clone(), p, data.parent)
                }
                ("post_created", _) if here && data.author != Some(c.me.get()) => {
                    if let Some(thread) = data.thread {
                        bump_row(thread, &setup.unread_count);
                    }
                }
                ("post_edited", Some(p)) if here => refresh_post(setup.clone(), p),
                ("draft_revision" | "plan_version", _) if here => {
                    setup.revised_to.set(data.revision)
                }
                ("notification", _) => bump_badge(),
                _ => {}
            }
        }
        ServerMessage::Resync { .. } => {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
        // No longer allowed here: forget the room (a reconnection must not ask again) and
        // who was in it.
        ServerMessage::Left { room, .. } => {
            c.last.borrow_mut().remove(&room);
            if room == setup.room {
                setup.people.set(Vec::new());
            }
        }
        _ => {}
    }
}

fn post(id: i64) -> Option<Element> {
    document()?.get_element_by_id(&format!("p{id}"))
}

fn below_view(el: &Element) -> bool {
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    el.get_bounding_client_rect().top() > height
}

/// The post's `<li>` as the server renders it for this viewer.
async fn fetch_post(base: &str, id: i64) -> Option<Element> {
    let window = web_sys::window()?;
    let url = format!("{base}/posts/{id}/fragment");
    let res: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !res.ok() {
        return None;
    }
    let html = JsFuture::from(res.text().ok()?).await.ok()?.as_string()?;
    let holder = document()?.create_element("ol").ok()?;
    // Our own server's rendering of sanitised markdown, as in the page itself.
    holder.set_inner_html(&html);
    holder.first_element_child()
}

fn insert_post(setup: Setup, id: i64, parent: Option<i64>) {
    if post(id).is_some() {
        return;
    }
    leptos::task::spawn_local(async move {
        let Some(li) = fetch_post(&setup.base, id).await else {
            return;
        };
        if post(id).is_some() {
            return;
        }
        let list = match parent.and_then(post) {
            Some(parent) => replies_of(&parent),
            None if parent.is_none() && setup.last_page => {
                document().and_then(|d| d.query_selector("ol.posts").ok().flatten())
            }
            None => None,
        };
        match list {
            Some(list) => {
                let _ = li.class_list().add_1("arrived");
                let _ = list.append_child(&li);
                if below_view(&li) {
                    setup.fresh.update(|f| f.push(id));
                }
            }
            // Its place is on another page: still worth saying.
            None => setup.fresh.update(|f| f.push(id)),
        }
    });
}

/// The list of replies under a post, made when it has none yet.
fn replies_of(parent: &Element) -> Option<Element> {
    if let Ok(Some(list)) = parent.query_selector(":scope > details > ol.replies") {
        return Some(list);
    }
    let details = parent.query_selector(":scope > details").ok().flatten()?;
    let list = document()?.create_element("ol").ok()?;
    list.set_class_name("replies");
    details.append_child(&list).ok()?;
    Some(list)
}

/// Replaces a post's own content (not its replies) with the server's current rendering.
fn refresh_post(setup: Setup, id: i64) {
    if post(id).is_none() {
        return;
    }
    leptos::task::spawn_local(async move {
        let (Some(new), Some(old)) = (fetch_post(&setup.base, id).await, post(id)) else {
            return;
        };
        let (Ok(Some(from)), Ok(Some(into))) = (
            new.query_selector(":scope > details"),
            old.query_selector(":scope > details"),
        ) else {
            return;
        };
        let replies = into.query_selector(":scope > ol.replies").ok().flatten();
        let children = into.children();
        let mut stale = Vec::new();
        for i in 0..children.length() {
            if let Some(child) = children.item(i) {
                if !child.matches("ol.replies").unwrap_or(false) {
                    stale.push(child);
                }
            }
        }
        for child in stale {
            child.remove();
        }
        while let Some(child) = from.first_element_child() {
            let _ = into.insert_before(&child, replies.as_ref().map(|r| r.as_ref()));
        }
        old.set_class_name(&new.class_name());
    });
}

/// One more new post in a space's thread list row (`%{count} new`).
fn bump_row(thread: i64, template: &str) {
    let Some(doc) = document() else { return };
    let selector = format!(".thread-list li[data-thread=\"{thread}\"]");
    let Ok(Some(row)) = doc.query_selector(&selector) else {
        return;
    };
    let _ = row.class_list().add_1("unread");
    let badge = match row.query_selector(".badge-new").ok().flatten() {
        Some(b) => b,
        None => {
            let Ok(b) = doc.create_element("span") else {
                return;
            };
            b.set_class_name("badge badge-new");
            let before = row.query_selector(".meta").ok().flatten();
            let _ = row.insert_before(&b, before.as_ref().map(|m| m.as_ref()));
            b
        }
    };
    let n = badge
        .get_attribute("data-count")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            // The server wrote the number into the text ("3 new"); its digits are the count.
            let text = badge.text_content().unwrap_or_default();
            text.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        })
        + 1;
    let _ = badge.set_attribute("data-count", &n.to_string());
    badge.set_text_content(Some(&template.replace("%{count}", &n.to_string())));
}

/// One more unread notification on the header's badge.
fn bump_badge() {
    let Some(doc) = document() else { return };
    let Ok(Some(link)) = doc.query_selector(".notifications-link") else {
        return;
    };
    match link.query_selector(".count").ok().flatten() {
        Some(count) => {
            let n: i64 = count
                .text_content()
                .unwrap_or_default()
                .trim()
                .parse()
                .unwrap_or(0);
            count.set_text_content(Some(&(n + 1).to_string()));
        }
        None => {
            if let Ok(count) = doc.create_element("span") {
                count.set_class_name("count");
                count.set_text_content(Some("1"));
                let _ = link.append_with_str_1(" ");
                let _ = link.append_child(&count);
            }
        }
    }
}

/// Scrolls to the first new reply below (or opens the first unread when it is on
/// another page).
pub fn show_first(fresh: RwSignal<Vec<i64>>, base: &str) {
    let first = fresh.get_untracked().into_iter().find_map(post);
    fresh.set(Vec::new());
    match first {
        Some(el) => el.scroll_into_view(),
        None => {
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href(&format!("{base}/unread"));
            }
        }
    }
}
