//! The live hub of one server process: which sockets are in which rooms, who is present
//! where, and the dispatcher that reads committed events from the outbox and hands each
//! to the sockets of its room.
//!
//! Every socket has a bounded queue: the dispatcher never waits for a slow socket. When a
//! queue is full the socket is marked behind, and its own task catches up from the event
//! table (see `socket.rs`), so a slow client slows nobody and still misses nothing.
//!
//! Presence is kept per room and person: three tabs are one person; a person is present
//! while a socket of theirs is in the room here, or another process says so (see
//! `peers.rs`, PostgreSQL only) and has said it again within the heartbeat timeout.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use app::backend::{events, Db};
use app::model::live::Present;
use axum::extract::ws::Utf8Bytes;
use tokio::sync::mpsc;

use super::protocol::{event_frame, ServerMessage};

/// Settings of the live endpoint.
#[derive(Clone, Debug)]
pub struct LiveConfig {
    /// A socket that answers nothing for this long is closed (and leaves its rooms).
    pub heartbeat_timeout: Duration,
    /// How often the server pings each socket.
    pub ping_every: Duration,
    /// Largest frame a client may send, in bytes.
    pub max_frame: usize,
    /// Frames queued for one socket before it is considered behind.
    pub queue: usize,
    /// How long "is replying" lasts after the last typing message.
    pub typing_for: Duration,
    /// Rooms one socket may be in at once.
    pub max_rooms: usize,
    /// Live sockets one person may hold open at once (in this process).
    pub max_sockets_per_person: usize,
}

impl Default for LiveConfig {
    fn default() -> Self {
        LiveConfig {
            heartbeat_timeout: Duration::from_secs(30),
            ping_every: Duration::from_secs(10),
            max_frame: 16 * 1024,
            queue: 256,
            typing_for: Duration::from_secs(6),
            max_rooms: 16,
            max_sockets_per_person: 16,
        }
    }
}

/// A frame for one socket; events carry their id and room so the socket can skip what it
/// already sent while catching up.
#[derive(Clone, Debug)]
pub enum Out {
    Event {
        id: i64,
        room: Arc<str>,
        frame: Utf8Bytes,
    },
    Frame(Utf8Bytes),
    /// Who may see what changed: check the session and every room again.
    Recheck,
}

/// A registered socket's id and flags.
pub struct Connected {
    pub id: u64,
    pub behind: Arc<AtomicBool>,
    pub recheck: Arc<AtomicBool>,
}

/// What the hub knows of a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub username: String,
    pub name: String,
}

struct Socket {
    tx: mpsc::Sender<Out>,
    behind: Arc<AtomicBool>,
    /// Set when rights changed while its queue was full; the socket checks it.
    recheck: Arc<AtomicBool>,
    person: i64,
}

#[derive(Default)]
struct RoomState {
    sockets: HashSet<u64>,
    people: HashMap<i64, Presence>,
}

struct Presence {
    username: String,
    name: String,
    /// Sockets of this person in this room, in this process.
    here: u32,
    /// Other processes that last said the person is here, until when.
    elsewhere: HashMap<String, Instant>,
    typing_until: Option<Instant>,
}

impl Presence {
    /// Nobody's sockets yet: the caller counts them.
    fn of(person: &Person) -> Presence {
        Presence {
            username: person.username.clone(),
            name: person.name.clone(),
            here: 0,
            elsewhere: HashMap::new(),
            typing_until: None,
        }
    }

    fn present(&self, now: Instant) -> bool {
        self.here > 0 || self.elsewhere.values().any(|t| *t > now)
    }

    fn typing(&self, now: Instant) -> bool {
        self.typing_until.is_some_and(|t| t > now)
    }
}

#[derive(Default)]
struct State {
    sockets: HashMap<u64, Socket>,
    rooms: HashMap<String, RoomState>,
    /// Sockets held per person.
    per_person: HashMap<i64, usize>,
}

/// The hub's size and traffic at one moment.
pub struct Figures {
    pub sockets: usize,
    pub rooms: usize,
    pub events: u64,
}

/// A change another process announced (see `peers.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remote {
    Here,
    Gone,
    Typing,
}

pub struct Hub {
    pub db: Db,
    /// The platform, for checking who may join which room (the same rules as the pages).
    pub platform: app::backend::AppState,
    pub config: LiveConfig,
    /// This process, among the others sharing the database.
    pub instance: String,
    state: Mutex<State>,
    next_socket: AtomicU64,
    /// The newest event handed out (or skipped) by the dispatcher.
    dispatched: AtomicI64,
    /// Events handed out since start (operators' figures).
    events: AtomicU64,
    /// Presence changes for other processes (set when there are others: PostgreSQL).
    peers: Mutex<Option<mpsc::UnboundedSender<super::peers::Announcement>>>,
}

impl Hub {
    /// A hub for the platform `state`; its dispatcher first calls
    /// [`Hub::start_after_latest`].
    pub fn new(state: app::backend::AppState, config: LiveConfig) -> Arc<Hub> {
        Arc::new(Hub {
            db: state.db.clone(),
            platform: state,
            config,
            instance: format!("{:016x}", rand_u64()),
            state: Mutex::new(State::default()),
            next_socket: AtomicU64::new(1),
            dispatched: AtomicI64::new(0),
            events: AtomicU64::new(0),
            peers: Mutex::new(None),
        })
    }

    /// Skips the events stored before this process started: history is not replayed
    /// (a client asks for what it missed with `since`).
    pub async fn start_after_latest(&self) -> Result<(), sqlx::Error> {
        let latest = events::latest(&self.db).await?;
        let _state = self.state();
        self.dispatched.fetch_max(latest, Ordering::SeqCst);
        Ok(())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain maps; keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set_peers(&self, tx: mpsc::UnboundedSender<super::peers::Announcement>) {
        *self.peers.lock().unwrap_or_else(|e| e.into_inner()) = Some(tx);
    }

    fn announce(&self, room: &str, person: &Person, what: Remote) {
        if let Some(tx) = self
            .peers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            let _ = tx.send(super::peers::Announcement {
                room: room.to_string(),
                people: vec![person.clone()],
                what,
            });
        }
    }

    /// The newest event id dispatched: pages hand it to their live island as `since`.
    pub fn latest(&self) -> i64 {
        self.dispatched.load(Ordering::SeqCst)
    }

    /// Registers a socket of `person`; returns its id and its "behind" and "recheck"
    /// flags, or `None` when the person already holds the most sockets allowed.
    pub fn connect(&self, tx: mpsc::Sender<Out>, person: i64) -> Option<Connected> {
        let mut state = self.state();
        let held = state.per_person.entry(person).or_default();
        if *held >= self.config.max_sockets_per_person {
            return None;
        }
        *held += 1;
        let id = self.next_socket.fetch_add(1, Ordering::SeqCst);
        let behind = Arc::new(AtomicBool::new(false));
        let recheck = Arc::new(AtomicBool::new(false));
        state.sockets.insert(
            id,
            Socket {
                tx,
                behind: behind.clone(),
                recheck: recheck.clone(),
                person,
            },
        );
        Some(Connected {
            id,
            behind,
            recheck,
        })
    }

    /// How many sockets `person` holds open here.
    pub fn sockets_of(&self, person: i64) -> usize {
        self.state().per_person.get(&person).copied().unwrap_or(0)
    }

    /// Puts a socket in a room; returns who is present there (the person included) and
    /// the newest event dispatched before it joined: every later event of the room will be
    /// in its queue (both are decided under the one lock `deliver` takes too).
    pub fn join(&self, socket: u64, room: &str, person: &Person) -> (Vec<Present>, i64) {
        let now = Instant::now();
        let mut state = self.state();
        let latest = self.latest();
        let entry = state.rooms.entry(room.to_string()).or_default();
        if !entry.sockets.insert(socket) {
            return (snapshot(entry, now), latest);
        }
        // Personal rooms carry notifications only: nobody is "present" in them.
        if room.starts_with("user:") {
            return (Vec::new(), latest);
        }
        let p = entry
            .people
            .entry(person.id)
            .or_insert_with(|| Presence::of(person));
        let was_present = p.present(now);
        p.here += 1;
        let first_here = p.here == 1;
        let present = snapshot(entry, now);
        if !was_present {
            let frame = presence_frame(room, &person.username, &person.name, "here");
            broadcast(&state, room, &frame, Some(socket));
        }
        drop(state);
        if first_here {
            self.announce(room, person, Remote::Here);
        }
        (present, latest)
    }

    /// Takes a socket out of a room.
    pub fn leave(&self, socket: u64, room: &str, person: &Person) {
        let now = Instant::now();
        let mut state = self.state();
        let Some(entry) = state.rooms.get_mut(room) else {
            return;
        };
        if !entry.sockets.remove(&socket) {
            return;
        }
        let mut gone = false;
        let mut last_here = false;
        if let Some(p) = entry.people.get_mut(&person.id) {
            p.here = p.here.saturating_sub(1);
            last_here = p.here == 0;
            if !p.present(now) {
                entry.people.remove(&person.id);
                gone = true;
            }
        }
        if entry.sockets.is_empty() && entry.people.is_empty() {
            state.rooms.remove(room);
        } else if gone {
            let frame = presence_frame(room, &person.username, &person.name, "gone");
            broadcast(&state, room, &frame, None);
        }
        drop(state);
        if last_here && !room.starts_with("user:") {
            self.announce(room, person, Remote::Gone);
        }
    }

    /// Unregisters a socket (it leaves its rooms first: see `socket.rs`).
    pub fn disconnect(&self, socket: u64) {
        let mut state = self.state();
        if let Some(s) = state.sockets.remove(&socket) {
            if let Some(n) = state.per_person.get_mut(&s.person) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    state.per_person.remove(&s.person);
                }
            }
        }
    }

    /// "Is replying", for `typing_for` from now.
    pub fn typing(&self, room: &str, person: &Person) {
        if self.mark_typing(room, person.id, Instant::now() + self.config.typing_for) {
            self.announce(room, person, Remote::Typing);
        }
    }

    /// Returns whether the person is in the room (and so was marked).
    fn mark_typing(&self, room: &str, person: i64, until: Instant) -> bool {
        let now = Instant::now();
        let mut state = self.state();
        let Some(p) = state
            .rooms
            .get_mut(room)
            .and_then(|r| r.people.get_mut(&person))
        else {
            return false;
        };
        let was = p.typing(now);
        p.typing_until = Some(until.max(p.typing_until.unwrap_or(until)));
        if !was {
            let frame = presence_frame(room, &p.username, &p.name, "typing");
            broadcast(&state, room, &frame, None);
        }
        true
    }

    /// What another process said about people in a room.
    pub fn remote(&self, instance: &str, room: &str, people: &[Person], what: &Remote) {
        if instance == self.instance {
            return;
        }
        let now = Instant::now();
        // Expiry runs on a tick: stop vouching one tick early, so a person whose process
        // died is gone within the heartbeat timeout, not a tick after it. Announcements
        // come every third of the timeout, so a late one still arrives in time.
        let until = now
            + self
                .config
                .heartbeat_timeout
                .saturating_sub(super::EXPIRE_EVERY);
        let mut state = self.state();
        // Kept for rooms nobody here is in too: whoever joins one here later gets a
        // complete snapshot at once, not after the next refresh.
        let entry = state.rooms.entry(room.to_string()).or_default();
        let mut frames = Vec::new();
        for person in people {
            let p = entry
                .people
                .entry(person.id)
                .or_insert_with(|| Presence::of(person));
            let (was_present, was_typing) = (p.present(now), p.typing(now));
            match what {
                Remote::Here => {
                    p.elsewhere.insert(instance.to_string(), until);
                }
                Remote::Gone => {
                    p.elsewhere.remove(instance);
                }
                Remote::Typing => {
                    p.elsewhere.insert(instance.to_string(), until);
                    p.typing_until = Some(now + self.config.typing_for);
                }
            }
            let (present, typing) = (p.present(now), p.typing(now));
            let state_word = if !present && was_present {
                Some("gone")
            } else if present && !was_present {
                Some(if typing { "typing" } else { "here" })
            } else if typing && !was_typing {
                Some("typing")
            } else {
                None
            };
            if let Some(word) = state_word {
                frames.push(presence_frame(room, &person.username, &person.name, word));
            }
            if !present {
                entry.people.remove(&person.id);
            }
        }
        if entry.sockets.is_empty() && entry.people.is_empty() {
            state.rooms.remove(room);
        }
        for frame in frames {
            broadcast(&state, room, &frame, None);
        }
    }

    /// Every (room, people here) of this process, for the periodic announcement.
    pub fn local_presence(&self) -> Vec<(String, Vec<Person>)> {
        self.state()
            .rooms
            .iter()
            .filter(|(room, _)| !room.starts_with("user:"))
            .map(|(room, r)| {
                let people = r
                    .people
                    .iter()
                    .filter(|(_, p)| p.here > 0)
                    .map(|(id, p)| Person {
                        id: *id,
                        username: p.username.clone(),
                        name: p.name.clone(),
                    })
                    .collect();
                (room.clone(), people)
            })
            .filter(|(_, people): &(String, Vec<Person>)| !people.is_empty())
            .collect()
    }

    /// Ends "is replying" that ran out and forgets people other processes stopped
    /// vouching for; tells the rooms.
    pub fn expire(&self) {
        let now = Instant::now();
        let mut state = self.state();
        let mut frames = Vec::new();
        let mut empty = Vec::new();
        for (room, r) in state.rooms.iter_mut() {
            r.people.retain(|_, p| {
                if p.typing_until.is_some_and(|t| t <= now) {
                    p.typing_until = None;
                    if p.present(now) {
                        frames.push((
                            room.clone(),
                            presence_frame(room, &p.username, &p.name, "idle"),
                        ));
                    }
                }
                p.elsewhere.retain(|_, t| *t > now);
                if p.present(now) {
                    true
                } else {
                    frames.push((
                        room.clone(),
                        presence_frame(room, &p.username, &p.name, "gone"),
                    ));
                    false
                }
            });
            if r.sockets.is_empty() && r.people.is_empty() {
                empty.push(room.clone());
            }
        }
        for room in empty {
            state.rooms.remove(&room);
        }
        for (room, frame) in frames {
            broadcast(&state, &room, &frame, None);
        }
    }

    /// Hands out every event committed since the last call, oldest first.
    pub async fn dispatch(&self) -> Result<(), sqlx::Error> {
        loop {
            let after = self.latest();
            let batch = events::after(&self.db, after, None, 500).await?;
            for e in &batch {
                self.deliver(e);
            }
            if batch.len() < 500 {
                return Ok(());
            }
        }
    }

    fn deliver(&self, e: &events::Event) {
        let state = self.state();
        // Under the lock: a socket joining sees either this id as dispatched or the event
        // in its queue, never neither.
        self.dispatched.store(e.id, Ordering::SeqCst);
        self.events.fetch_add(1, Ordering::Relaxed);
        if e.kind == events::ACCESS_CHANGED {
            // Not for browsers: the sockets concerned check their rights again. A space's
            // change reaches every socket (the rooms of its threads and drafts too).
            let all = e.room.starts_with("space:");
            let ids: Vec<u64> = match (all, state.rooms.get(&e.room)) {
                (true, _) => state.sockets.keys().copied().collect(),
                (false, Some(room)) => room.sockets.iter().copied().collect(),
                (false, None) => Vec::new(),
            };
            for id in ids {
                if let Some(s) = state.sockets.get(&id) {
                    s.recheck.store(true, Ordering::SeqCst);
                    // A full queue is being drained: the flag is seen after the next frame.
                    let _ = s.tx.try_send(Out::Recheck);
                }
            }
            return;
        }
        let Some(room) = state.rooms.get(&e.room) else {
            return;
        };
        let frame = Utf8Bytes::from(event_frame(e.id, &e.room, &e.kind, &e.data));
        let room_name: Arc<str> = Arc::from(e.room.as_str());
        for id in &room.sockets {
            let Some(s) = state.sockets.get(id) else {
                continue;
            };
            let out = Out::Event {
                id: e.id,
                room: room_name.clone(),
                frame: frame.clone(),
            };
            if s.tx.try_send(out).is_err() {
                // Full: the socket's task catches up from the table when it can.
                s.behind.store(true, Ordering::SeqCst);
            }
        }
    }

    /// Sockets, rooms and events handed out, for `/metrics`.
    pub fn figures(&self) -> Figures {
        let state = self.state();
        Figures {
            sockets: state.sockets.len(),
            rooms: state.rooms.len(),
            events: self.events.load(Ordering::Relaxed),
        }
    }

    /// Who is present in a room now (a socket catching up sends this again).
    pub fn present(&self, room: &str) -> Vec<Present> {
        let state = self.state();
        match state.rooms.get(room) {
            Some(r) if !room.starts_with("user:") => snapshot(r, Instant::now()),
            _ => Vec::new(),
        }
    }
}

fn snapshot(room: &RoomState, now: Instant) -> Vec<Present> {
    let mut people: Vec<Present> = room
        .people
        .values()
        .filter(|p| p.present(now))
        .map(|p| Present {
            user: p.username.clone(),
            name: p.name.clone(),
            typing: p.typing(now),
        })
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    people
}

fn presence_frame(room: &str, user: &str, name: &str, state: &str) -> Utf8Bytes {
    Utf8Bytes::from(
        ServerMessage::Presence {
            room: room.into(),
            user: user.into(),
            name: name.into(),
            state: state.into(),
        }
        .to_json(),
    )
}

/// Sends a frame to every socket in the room but `except`. A full queue drops it and marks
/// the socket behind: catching up sends fresh presence snapshots, complete again.
fn broadcast(state: &State, room: &str, frame: &Utf8Bytes, except: Option<u64>) {
    let Some(r) = state.rooms.get(room) else {
        return;
    };
    for id in r.sockets.iter().filter(|id| Some(**id) != except) {
        if let Some(s) = state.sockets.get(id) {
            if s.tx.try_send(Out::Frame(frame.clone())).is_err() {
                s.behind.store(true, Ordering::SeqCst);
            }
        }
    }
}

/// A random number for naming this process among its peers.
fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    // RandomState is seeded from the OS; good enough for a name, not for secrets.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.write_u32(std::process::id());
    h.finish()
}
