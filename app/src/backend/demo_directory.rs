//! Demo services for the directory, imported as a CSV by programme staff through the same
//! import as the web: thirteen in each of five countries (Peru, Colombia, Brazil,
//! Trinidad and Tobago, Jamaica), every level of care in each, a few not confirmed for
//! over a year (stale), and one whose operator did not consent to public listing; and in
//! Peru, the community mental health centres of Lima, Huánuco and Ucayali — 24 with the
//! four among the thirteen, as many as the study of seed 004 counted there — that the
//! quality demo assesses (`demo_quality`).
//!
//! The programme's documents name no individual services, so these are illustrative:
//! names say what kind of service each is and where, contact details are left empty, and
//! no record claims a licence.

use super::directory::import;
use super::{AppState, ServerError};

/// (district or city, first-level region, latitude, longitude) per country.
type Place = (&'static str, &'static str, f64, f64);

const PE: [Place; 13] = [
    ("Cercado de Lima", "Lima", -12.046, -77.043),
    ("San Juan de Lurigancho", "Lima", -11.983, -77.000),
    ("Villa El Salvador", "Lima", -12.213, -76.937),
    ("Comas", "Lima", -11.936, -77.056),
    ("San Martín de Porres", "Lima", -12.008, -77.084),
    ("Huánuco", "Huánuco", -9.930, -76.242),
    ("Amarilis", "Huánuco", -9.941, -76.232),
    ("Callería", "Ucayali", -8.379, -74.553),
    ("Yarinacocha", "Ucayali", -8.355, -74.579),
    ("Arequipa", "Arequipa", -16.409, -71.537),
    ("Cerro Colorado", "Arequipa", -16.377, -71.559),
    ("Cusco", "Cusco", -13.532, -71.967),
    ("Trujillo", "La Libertad", -8.112, -79.029),
];
/// Peru's community mental health centres in Lima, Huánuco and Ucayali besides the four
/// level I centres among the thirteen above.
const PE_CENTRES: [Place; 20] = [
    ("Ate", "Lima", -12.026, -76.918),
    ("Carabayllo", "Lima", -11.851, -77.047),
    ("Chorrillos", "Lima", -12.169, -77.025),
    ("El Agustino", "Lima", -12.043, -76.996),
    ("Independencia", "Lima", -11.990, -77.046),
    ("La Victoria", "Lima", -12.065, -77.016),
    ("Los Olivos", "Lima", -11.968, -77.073),
    ("Lurín", "Lima", -12.275, -76.870),
    ("Puente Piedra", "Lima", -11.866, -77.075),
    ("Rímac", "Lima", -12.028, -77.028),
    ("San Juan de Miraflores", "Lima", -12.157, -76.971),
    ("Santa Anita", "Lima", -12.043, -76.971),
    ("Pillco Marca", "Huánuco", -9.955, -76.250),
    ("Rupa-Rupa", "Huánuco", -9.295, -75.998),
    ("Ambo", "Huánuco", -10.130, -76.205),
    ("Panao", "Huánuco", -9.897, -75.995),
    ("Manantay", "Ucayali", -8.405, -74.540),
    ("Campo Verde", "Ucayali", -8.475, -74.802),
    ("Padre Abad", "Ucayali", -9.037, -75.508),
    ("Raymondi", "Ucayali", -10.729, -73.755),
];
const CO: [Place; 13] = [
    ("Chapinero", "Bogotá D.C.", 4.645, -74.063),
    ("Kennedy", "Bogotá D.C.", 4.627, -74.151),
    ("Suba", "Bogotá D.C.", 4.741, -74.084),
    ("Medellín", "Antioquia", 6.244, -75.581),
    ("Bello", "Antioquia", 6.337, -75.556),
    ("Cali", "Valle del Cauca", 3.452, -76.532),
    ("Palmira", "Valle del Cauca", 3.539, -76.303),
    ("Barranquilla", "Atlántico", 10.964, -74.796),
    ("Soledad", "Atlántico", 10.918, -74.764),
    ("Bucaramanga", "Santander", 7.119, -73.123),
    ("Cartagena", "Bolívar", 10.391, -75.479),
    ("Pereira", "Risaralda", 4.813, -75.696),
    ("Pasto", "Nariño", 1.213, -77.281),
];
const BR: [Place; 13] = [
    ("São Paulo", "São Paulo", -23.551, -46.633),
    ("Guarulhos", "São Paulo", -23.454, -46.534),
    ("Campinas", "São Paulo", -22.906, -47.061),
    ("Rio de Janeiro", "Rio de Janeiro", -22.907, -43.173),
    ("Niterói", "Rio de Janeiro", -22.883, -43.104),
    ("Belo Horizonte", "Minas Gerais", -19.917, -43.934),
    ("Contagem", "Minas Gerais", -19.932, -44.054),
    ("Salvador", "Bahia", -12.977, -38.501),
    ("Recife", "Pernambuco", -8.048, -34.877),
    ("Brasília", "Distrito Federal", -15.794, -47.882),
    ("Porto Alegre", "Rio Grande do Sul", -30.035, -51.218),
    ("Manaus", "Amazonas", -3.119, -60.022),
    ("Fortaleza", "Ceará", -3.732, -38.527),
];
const TT: [Place; 13] = [
    ("Port of Spain", "Port of Spain", 10.654, -61.502),
    ("Belmont", "Port of Spain", 10.668, -61.500),
    ("San Fernando", "San Fernando", 10.280, -61.468),
    ("Marabella", "San Fernando", 10.306, -61.446),
    ("Chaguanas", "Chaguanas", 10.517, -61.412),
    ("Arima", "Arima", 10.637, -61.283),
    ("Sangre Grande", "Sangre Grande", 10.587, -61.131),
    ("Couva", "Couva–Tabaquite–Talparo", 10.422, -61.409),
    ("Point Fortin", "Point Fortin", 10.174, -61.684),
    ("Tunapuna", "Tunapuna–Piarco", 10.652, -61.388),
    ("Diego Martin", "Diego Martin", 10.721, -61.566),
    ("Scarborough", "Tobago", 11.182, -60.738),
    ("Roxborough", "Tobago", 11.250, -60.583),
];
const JM: [Place; 13] = [
    ("Downtown Kingston", "Kingston", 17.968, -76.793),
    ("Half Way Tree", "St. Andrew", 18.012, -76.797),
    ("Papine", "St. Andrew", 18.018, -76.742),
    ("Spanish Town", "St. Catherine", 17.991, -76.957),
    ("Portmore", "St. Catherine", 17.950, -76.882),
    ("Montego Bay", "St. James", 18.471, -77.919),
    ("Mandeville", "Manchester", 18.042, -77.507),
    ("Ocho Rios", "St. Ann", 18.408, -77.104),
    ("May Pen", "Clarendon", 17.965, -77.245),
    ("Savanna-la-Mar", "Westmoreland", 18.219, -78.133),
    ("Port Antonio", "Portland", 18.176, -76.450),
    ("Morant Bay", "St. Thomas", 17.882, -76.409),
    ("Falmouth", "Trelawny", 18.493, -77.656),
];

/// The levels of care, in the order each country's places take them (every level at
/// least twice per country).
const LEVELS: [&str; 13] = [
    "level1",
    "level2",
    "immediate",
    "level1",
    "level3",
    "level1",
    "level4",
    "level2",
    "level1",
    "level3",
    "immediate",
    "level4",
    "level1",
];

/// What a service of a level is called, offers and when it is open, in a language.
fn kind(level: &str, lang: &str) -> (&'static str, &'static str, &'static str) {
    match (lang, level) {
        ("es", "immediate") => ("Unidad de urgencias y desintoxicación", "Atención de intoxicación aguda y abstinencia; derivación a tratamiento.", "24 horas"),
        ("es", "level1") => ("Centro de salud mental comunitario", "Evaluación, consejería individual y familiar, grupos terapéuticos, seguimiento.", "Lunes a sábado, 8:00–20:00"),
        ("es", "level2") => ("Programa ambulatorio intensivo", "Hospital de día: terapia grupal e individual varias veces por semana, tratamiento farmacológico.", "Lunes a viernes, 8:00–17:00"),
        ("es", "level3") => ("Comunidad terapéutica", "Tratamiento residencial con plan individual, talleres y reinserción social.", "24 horas"),
        ("es", _) => ("Unidad de hospitalización en salud mental y adicciones", "Hospitalización breve para desintoxicación y estabilización de casos complejos.", "24 horas"),
        ("pt", "immediate") => ("Unidade de urgência e desintoxicação", "Atendimento a intoxicação aguda e abstinência; encaminhamento para tratamento.", "24 horas"),
        ("pt", "level1") => ("Centro de Atenção Psicossocial Álcool e Drogas", "Acolhimento, atendimento individual e familiar, grupos terapêuticos, acompanhamento.", "Segunda a sexta, 7:00–19:00"),
        ("pt", "level2") => ("Programa ambulatorial intensivo", "Hospital-dia: terapia de grupo e individual várias vezes por semana, tratamento farmacológico.", "Segunda a sexta, 8:00–17:00"),
        ("pt", "level3") => ("Comunidade terapêutica", "Tratamento residencial com plano individual, oficinas e reinserção social.", "24 horas"),
        ("pt", _) => ("Enfermaria de saúde mental e dependência química", "Internação breve para desintoxicação e estabilização de casos complexos.", "24 horas"),
        (_, "immediate") => ("Emergency and detoxification unit", "Care for acute intoxication and withdrawal; referral to treatment.", "24 hours"),
        (_, "level1") => ("Community outpatient treatment centre", "Assessment, individual and family counselling, therapy groups, follow-up.", "Monday to Saturday, 8:00–18:00"),
        (_, "level2") => ("Intensive outpatient programme", "Day programme: group and individual therapy several times a week, medication.", "Monday to Friday, 8:00–16:00"),
        (_, "level3") => ("Residential rehabilitation centre", "Residential treatment with an individual plan, workshops and reintegration.", "24 hours"),
        _ => ("Inpatient addiction and mental health ward", "Short inpatient stays for detoxification and stabilisation of complex cases.", "24 hours"),
    }
}

fn modalities(level: &str, i: usize) -> &'static str {
    match level {
        "immediate" => "short_residential",
        "level1" if i.is_multiple_of(2) => "outpatient;sbirt;outreach",
        "level1" => "outpatient;recovery",
        "level2" => "outpatient;oat",
        "level3" => "long_residential;recovery",
        _ => "short_residential;outpatient",
    }
}

fn medications(level: &str, i: usize) -> &'static str {
    match level {
        "level2" | "level4" => "methadone;buprenorphine;naltrexone",
        "immediate" => "naloxone",
        "level1" if i.is_multiple_of(3) => "buprenorphine;naloxone",
        _ => "",
    }
}

fn populations(i: usize) -> &'static str {
    [
        "women;men;adolescents;adults",
        "women;men;adolescents;adults;co_occurring",
        "women;men;adolescents;adults;pregnant",
        "men;adults;justice;homeless",
        "women;adults;sex_workers;lgbti",
        "women;men;adults;older_adults;indigenous",
    ][i % 6]
}

/// One service of the demo CSV: the `i`th place of a country (`c`, its position in the
/// list) at `level`.
fn row(
    now: i64,
    (country, lang, c): (&str, &str, usize),
    i: usize,
    place: &Place,
    level: &str,
) -> String {
    let (district, region, lat, lon) = place;
    let (name, offered, hours) = kind(level, lang);
    let residential = matches!(level, "immediate" | "level3" | "level4");
    let operator = match (level, (i + c) % 4) {
        ("level3", 0 | 1) => "ngo",
        ("level3", _) => "faith",
        (_, 3) => "private",
        _ => "public",
    };
    let payment = match operator {
        "public" => "free;social_insurance",
        "private" => "private_insurance;out_of_pocket",
        _ => "free;sliding_scale",
    };
    // Two records a country not confirmed for over a year.
    let age_days = if i == 4 || i == 9 {
        420 + i * 10
    } else {
        20 + (i * 23 + c * 11) % 300
    };
    let verified = crate::dates::iso_date(now - age_days as i64 * 86_400);
    // One operator (Peru's second therapeutic community) asked not to be listed.
    let listed = if country == "PE" && i == 9 {
        "no"
    } else {
        "yes"
    };
    let languages = match country {
        "PE" | "CO" => "es",
        "BR" => "pt",
        _ => "en",
    };
    let cells = [
        country.to_string(),
        format!("\"{name} {district}\""),
        operator.to_string(),
        format!("\"{district}, {region}\""),
        format!("\"{region}\""),
        format!("\"{district}\""),
        format!("{:.4}", lat + 0.004 * (i % 3) as f64),
        format!("{:.4}", lon - 0.003 * (i % 2) as f64),
        format!("\"{hours}\""),
        if residential { "yes" } else { "no" }.to_string(),
        level.to_string(),
        modalities(level, i).to_string(),
        format!("\"{offered}\""),
        medications(level, i).to_string(),
        populations(i + c).to_string(),
        languages.to_string(),
        payment.to_string(),
        if residential {
            (12 + i * 2).to_string()
        } else {
            String::new()
        },
        if residential {
            String::new()
        } else {
            (40 + i * 10).to_string()
        },
        ((i * 3 + c) % 15).to_string(),
        verified,
        listed.to_string(),
    ];
    cells.join(",")
}

/// The demo directory as the import reads it; `today` places the confirmation dates.
fn services_csv(now: i64) -> String {
    let mut rows = vec![[
        "country",
        "name",
        "operator",
        "address",
        "region",
        "district",
        "latitude",
        "longitude",
        "hours",
        "intake_24h",
        "level",
        "modalities",
        "services_offered",
        "medications",
        "populations",
        "languages",
        "payment",
        "beds",
        "outpatient_places",
        "waiting_days",
        "verified_on",
        "public_listing",
    ]
    .join(",")];
    let countries: [(&str, &str, &[Place; 13]); 5] = [
        ("PE", "es", &PE),
        ("CO", "es", &CO),
        ("BR", "pt", &BR),
        ("TT", "en", &TT),
        ("JM", "en", &JM),
    ];
    for (c, (country, lang, places)) in countries.iter().enumerate() {
        for (i, place) in places.iter().enumerate() {
            rows.push(row(now, (*country, *lang, c), i, place, LEVELS[i]));
        }
    }
    // The community centres: public, level I, after the thirteen (i from 13).
    for (k, place) in PE_CENTRES.iter().enumerate() {
        rows.push(row(now, ("PE", "es", 0), 13 + k * 4, place, "level1"));
    }
    rows.join("\n")
}

/// Loads the demo directory when it is empty; returns how many services.
pub async fn load_directory(state: &AppState, now: i64) -> Result<usize, ServerError> {
    let existing = super::store::services::count(&state.db.pool).await?;
    if existing > 0 {
        return Ok(0);
    }
    let staff = super::demo::as_person(state, "ta.lopez", now).await?;
    let report = import::import_csv(
        &staff,
        "demo-directory.csv",
        services_csv(now).as_bytes(),
        false,
    )
    .await?;
    if let Some(p) = report.problems.first() {
        return Err(ServerError::Internal(format!(
            "demo services refused at line {}: {} {}",
            p.line, p.column, p.problem
        )));
    }
    Ok(report.added)
}
