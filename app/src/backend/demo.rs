//! Demo data: a few working-group spaces and people so a first run looks like a living
//! platform. Loaded only when asked for (`entrust serve --demo`); idempotent.
//!
//! Every demo person signs in with the password [`DEMO_PASSWORD`].

use super::auth::password;
use super::store::{country_roles, members, posts, spaces, threads, users};
use super::{Db, ServerError};
use crate::markdown;
use crate::model::space::Visibility;
use crate::model::user::CountryRole;

struct DemoSpace {
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    country: Option<&'static str>,
    visibility: Visibility,
}

const SPACES: &[DemoSpace] = &[
    DemoSpace {
        slug: "peru-treatment-quality",
        name: "Peru — treatment quality working group",
        description: "Ministry of Health focal points and directors of community mental-health \
                      centres improving the quality of drug-treatment services: the 2024 study \
                      of 24 centres, its improvement plan and the indicators that follow it.",
        country: Some("PE"),
        visibility: Visibility::Public,
    },
    DemoSpace {
        slug: "red-regional-drogas-sinteticas",
        name: "Red regional sobre drogas sintéticas",
        description: "Equipos de tratamiento de la región comparten protocolos y experiencias \
                      sobre el consumo de drogas sintéticas y nuevas sustancias psicoactivas.",
        country: None,
        visibility: Visibility::Public,
    },
    DemoSpace {
        slug: "caribbean-standards-network",
        name: "Caribbean treatment standards network",
        description: "Treatment providers from the Caribbean adapting the international \
                      standards for the treatment of drug use disorders to small-island health \
                      systems.",
        country: None,
        visibility: Visibility::Public,
    },
    DemoSpace {
        slug: "brasil-rede-de-atencao",
        name: "Brasil — rede de atenção psicossocial",
        description: "Gestores e profissionais discutem a integração do tratamento do uso de \
                      drogas na atenção primária e nos centros de atenção psicossocial.",
        country: Some("BR"),
        visibility: Visibility::Network,
    },
    DemoSpace {
        slug: "colombia-plan-operativo",
        name: "Colombia — plan operativo de tratamiento 2026",
        description: "Borrador del plan operativo nacional: objetivos, líneas de acción, \
                      indicadores y presupuesto. Espacio privado del grupo de trabajo.",
        country: Some("CO"),
        visibility: Visibility::Private,
    },
];

/// The demo accounts' password (demo data only; never loaded in production).
pub const DEMO_PASSWORD: &str = "entrust-demo-2026";

/// Who belongs to which demo space, and as what.
const MEMBERSHIPS: &[(&str, &str, members::SpaceRole)] = &[
    (
        "ana.quispe",
        "peru-treatment-quality",
        members::SpaceRole::Owner,
    ),
    (
        "carlos.mejia",
        "colombia-plan-operativo",
        members::SpaceRole::Owner,
    ),
    (
        "joana.silva",
        "brasil-rede-de-atencao",
        members::SpaceRole::Owner,
    ),
    (
        "ta.lopez",
        "colombia-plan-operativo",
        members::SpaceRole::Moderator,
    ),
];

struct DemoUser {
    username: &'static str,
    name: &'static str,
    country: Option<&'static str>,
    organisation: &'static str,
    role: users::PlatformRole,
}

const USERS: &[DemoUser] = &[
    DemoUser {
        username: "ana.quispe",
        name: "Ana Quispe",
        country: Some("PE"),
        organisation: "Ministerio de Salud del Perú",
        role: users::PlatformRole::Member,
    },
    DemoUser {
        username: "carlos.mejia",
        name: "Carlos Mejía",
        country: Some("CO"),
        organisation: "Ministerio de Salud y Protección Social",
        role: users::PlatformRole::Member,
    },
    DemoUser {
        username: "joana.silva",
        name: "Joana Silva",
        country: Some("BR"),
        organisation: "Ministério da Saúde",
        role: users::PlatformRole::Member,
    },
    DemoUser {
        username: "marlon.baptiste",
        name: "Marlon Baptiste",
        country: Some("TT"),
        organisation: "Ministry of Health, Trinidad and Tobago",
        role: users::PlatformRole::Member,
    },
    DemoUser {
        username: "rosa.huaman",
        name: "Rosa Huamán",
        country: Some("PE"),
        organisation: "Centro de salud mental comunitario Ate",
        role: users::PlatformRole::Member,
    },
    DemoUser {
        username: "ta.lopez",
        name: "Lucía López",
        country: None,
        organisation: "Technical assistance team",
        role: users::PlatformRole::TaStaff,
    },
    DemoUser {
        username: "elena.vargas",
        name: "Elena Vargas",
        country: None,
        organisation: "ENTRUST Network secretariat",
        role: users::PlatformRole::Admin,
    },
];

/// Demo country roles: who publishes library documents for, or is a focal point of,
/// which country.
const COUNTRY_ROLES: &[(&str, &str, CountryRole)] = &[
    ("ana.quispe", "PE", CountryRole::Publisher),
    ("ana.quispe", "PE", CountryRole::FocalPoint),
    ("ana.quispe", "PE", CountryRole::DirectoryEditor),
    ("joana.silva", "BR", CountryRole::DirectoryEditor),
    ("marlon.baptiste", "TT", CountryRole::DirectoryEditor),
    ("joana.silva", "BR", CountryRole::Publisher),
    ("carlos.mejia", "CO", CountryRole::FocalPoint),
];

/// A demo discussion: its space, title, and posts as (author, index of the post it
/// answers, markdown).
struct DemoThread {
    space: &'static str,
    title: &'static str,
    posts: &'static [(&'static str, Option<usize>, &'static str)],
}

const THREADS: &[DemoThread] = &[
    DemoThread {
        space: "peru-treatment-quality",
        title: "The 2024 study of our community centres: where do we start?",
        posts: &[
            (
                "ana.quispe",
                None,
                "The study of the **24 community mental-health centres** of Lima, Huánuco \
                 and Ucayali (researchers of the International Technology Transfer Center – \
                 Peru and the Pontificia Universidad Católica del Perú) found four areas to \
                 improve:\n\n\
                 1. involving users, and people with lived experience, in the service and its \
                 quality assurance;\n\
                 2. strategies to increase access for specific populations;\n\
                 3. quality management with defined indicators and ongoing monitoring;\n\
                 4. protocols on stigma and discrimination and on major incidents.\n\n\
                 What should the improvement plan tackle first?",
            ),
            (
                "ta.lopez",
                Some(0),
                "The indicators first: without them the plan's check-ins cannot show \
                 progress on the other three. The platform's quality assessment has the \
                 study's four areas as an instrument, so each centre's gaps can become \
                 actions that cite them.",
            ),
            (
                "ana.quispe",
                Some(1),
                "Agreed. I will draft the actions for indicators and for the two protocols, \
                 and ask the centres' directors how users could take part.",
            ),
        ],
    },
    DemoThread {
        space: "colombia-plan-operativo",
        title: "Borrador del plan operativo: indicadores de retención",
        posts: &[
            (
                "carlos.mejia",
                None,
                "Propongo medir la **retención a 90 días** en todos los centros que reciben \
                 financiación nacional. ¿Comentarios antes de la reunión del jueves?",
            ),
            (
                "ta.lopez",
                Some(0),
                "De acuerdo. Sugiero añadir la línea de base de 2025 y la fuente de \
                 verificación (registro de atención) para cada indicador.",
            ),
        ],
    },
];

/// Inserts whatever demo rows are missing; returns how many spaces and users were added.
pub async fn load(db: &Db, now: i64) -> Result<(usize, usize), ServerError> {
    let mut change = super::Change::begin(db).await?;
    let mut added_spaces = 0;
    for (i, s) in SPACES.iter().enumerate() {
        if spaces::by_slug(change.conn(), s.slug).await?.is_none() {
            let new = spaces::NewSpace {
                slug: s.slug,
                name: s.name,
                description: s.description,
                country_code: s.country,
                visibility: s.visibility,
            };
            // Spread creation times so listings have a stable, meaningful order.
            let id = spaces::create(
                change.conn(),
                &new,
                now - (SPACES.len() - i) as i64 * 86_400,
            )
            .await?;
            // Its threads and drafts, added below, become searchable with it.
            change
                .index(crate::backend::search::queue::Entity::Space(id), now)
                .await?;
            added_spaces += 1;
        }
    }
    let mut added_users = 0;
    let hash = password::hash(DEMO_PASSWORD)?;
    for u in USERS {
        if !users::exists(change.conn(), u.username).await? {
            let new = users::NewUser {
                username: u.username,
                display_name: u.name,
                email: None,
                country_code: u.country,
                organisation: u.organisation,
                role: u.role,
                password_hash: Some(&hash),
            };
            let user_id = users::create(change.conn(), &new, now).await?;
            added_users += 1;
            for (_, slug, role) in MEMBERSHIPS
                .iter()
                .filter(|(name, _, _)| *name == u.username)
            {
                if let Some(space) = spaces::by_slug(change.conn(), slug).await? {
                    members::add(change.conn(), space.id, user_id, *role, now).await?;
                }
            }
            for role in CountryRole::ALL {
                let countries: Vec<String> = COUNTRY_ROLES
                    .iter()
                    .filter(|(name, _, r)| *name == u.username && *r == role)
                    .map(|(_, c, _)| c.to_string())
                    .collect();
                country_roles::replace(change.tx(), user_id, role, &countries, now).await?;
            }
        }
    }
    load_threads(&mut change, now).await?;
    change.commit().await?;
    Ok((added_spaces, added_users))
}

/// Adds each demo discussion whose space has no thread of that title yet.
async fn load_threads(change: &mut super::Change, now: i64) -> Result<(), ServerError> {
    let known = |name: &str| USERS.iter().any(|u| u.username == name);
    for t in THREADS {
        let Some(space) = spaces::by_slug(change.conn(), t.space).await? else {
            continue;
        };
        let existing = threads::list(change.conn(), space.id, None, true, 500).await?;
        if existing.iter().any(|e| e.title == t.title) {
            continue;
        }
        let mut ids: Vec<(i64, String, i64)> = Vec::new();
        let start = now - 3 * 86_400;
        let mut thread_id = 0;
        for (i, (author, parent, body)) in t.posts.iter().enumerate() {
            let Some(author_id) = users::id_of(change.conn(), author).await? else {
                continue;
            };
            let at = start + i as i64 * 3_600;
            if i == 0 {
                thread_id =
                    threads::create(change.conn(), space.id, t.title, author_id, at).await?;
            }
            let seq = threads::next_seq(change.conn(), thread_id, at).await?;
            let html = markdown::render(body, &known).html;
            let parent = parent
                .and_then(|p| ids.get(p))
                .map(|(id, path, depth)| (*id, path.as_str(), *depth));
            let new = posts::NewPost {
                thread_id,
                seq,
                parent,
                author_id,
                body_md: body,
                body_html: &html,
            };
            let id = posts::insert(change.conn(), &new, at).await?;
            let row = posts::by_id(change.conn(), id).await?;
            if let Some(row) = row {
                ids.push((row.id, row.path, row.depth));
            }
        }
    }
    Ok(())
}

/// A demo technical-assistance request: who files it, and what staff have done with it.
struct DemoRequest {
    by: &'static str,
    country: &'static str,
    topic: &'static str,
    urgency: &'static str,
    title: &'static str,
    description: &'static str,
    /// `ta.lopez` takes it and writes this, moving it to "in progress".
    staff_reply: Option<&'static str>,
}

const REQUESTS: &[DemoRequest] = &[
    DemoRequest {
        by: "ana.quispe",
        country: "PE",
        topic: "workforce_training",
        urgency: "high",
        title: "Capacitación en intervenciones breves para atención primaria",
        description: "Necesitamos formar a **120 trabajadores** de atención primaria de Lima \
            Norte en tamizaje e intervención breve antes de junio. ¿Pueden ayudarnos con el \
            programa del curso y con formadores?",
        staff_reply: Some(
            "Con gusto. Proponemos un curso de dos días basado en los estándares \
             internacionales de tratamiento; les enviamos el borrador del programa esta semana.",
        ),
    },
    DemoRequest {
        by: "carlos.mejia",
        country: "CO",
        topic: "indicators",
        urgency: "normal",
        title: "Definición del indicador de retención a 90 días",
        description: "Para el plan operativo queremos medir la retención a 90 días en los \
            centros con financiación nacional. ¿Qué numerador y denominador recomiendan, y \
            cómo tratar los traslados entre centros?",
        staff_reply: None,
    },
    DemoRequest {
        by: "joana.silva",
        country: "BR",
        topic: "funding",
        urgency: "low",
        title: "Mecanismos de financiamento para os CAPS AD",
        description: "Gostaríamos de conhecer experiências de outros países com pagamento \
            por desempenho em serviços ambulatoriais de álcool e outras drogas.",
        staff_reply: None,
    },
];

const CANNED: &[(&str, &str)] = &[
    (
        "Received — English",
        "Thank you for your request. We have received it and will reply within the week.",
    ),
    (
        "Recibido — español",
        "Gracias por su solicitud. La recibimos y le responderemos durante la semana.",
    ),
    (
        "Recebido — português",
        "Obrigado pelo seu pedido. Recebemos e responderemos ao longo da semana.",
    ),
];

/// A demo person acting as themselves, through the same functions as the web.
pub(super) async fn as_person(
    state: &super::AppState,
    name: &str,
    now: i64,
) -> Result<super::Cx, ServerError> {
    let pool = &state.db.pool;
    let id = users::id_of(pool, name)
        .await?
        .ok_or(ServerError::NotFound)?;
    let user = users::signed_in(pool, id)
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok(super::Cx::new(
        state,
        super::access::Viewer::User(user),
        now,
    ))
}

/// Demo technical-assistance requests and canned replies, through the same rules as the
/// web (filing, assignment, replies), when there are none yet. Separate from [`load`] so
/// tests that load the demo people start with an empty queue.
pub async fn load_requests(state: &super::AppState, now: i64) -> Result<usize, ServerError> {
    use super::requests;
    let db = &state.db;
    let existing: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM ta_requests")
            .fetch_one(&db.pool)
            .await?,
        "n",
    )?;
    if existing > 0 {
        return Ok(0);
    }
    let as_person = |name: &'static str| as_person(state, name, now);
    for r in REQUESTS {
        let filing = requests::Filing {
            country: r.country.into(),
            topic: r.topic.into(),
            title: r.title.into(),
            description: r.description.into(),
            urgency: r.urgency.into(),
            ..Default::default()
        };
        let id = requests::file(&as_person(r.by).await?, &filing).await?;
        if let Some(reply) = r.staff_reply {
            // Signed in after the filing: the country's request space is theirs to see now.
            let staff = as_person("ta.lopez").await?;
            let change = requests::StaffChange {
                status: "in_progress".into(),
                assignee: "ta.lopez".into(),
                due: String::new(),
            };
            requests::update(&staff, id, &change).await?;
            requests::reply(&staff, id, reply).await?;
        }
    }
    let staff = as_person("ta.lopez").await?;
    for (title, body) in CANNED {
        requests::save_canned(&staff, None, title, body).await?;
    }
    Ok(REQUESTS.len())
}
