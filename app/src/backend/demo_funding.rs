//! Demo funding catalogue: ten real mechanisms of the five kinds that fund drug treatment
//! in the Americas, described only as far as their public mandate goes. The seeds name no
//! mechanism, amount or deadline, so the records carry none: no amounts, no dates, and
//! "not checked yet" until staff verify each against its source.

use sqlx::Row;

use super::state::AppState;
use super::store::funding as store;
use super::ServerError;
use crate::model::funding::Mechanism;
use crate::model::quality::Names;

/// Every country of Latin America and the Caribbean on the platform (all but Canada and
/// the United States).
const LATIN_AMERICA_CARIBBEAN: &[&str] = &[
    "AG", "AR", "BS", "BB", "BZ", "BO", "BR", "CL", "CO", "CR", "CU", "DM", "DO", "EC", "SV", "GD",
    "GT", "GY", "HT", "HN", "JM", "MX", "NI", "PA", "PY", "PE", "KN", "LC", "VC", "SR", "TT", "UY",
    "VE",
];

/// The borrowing member countries of the Inter-American Development Bank.
const IDB_BORROWERS: &[&str] = &[
    "AR", "BS", "BB", "BZ", "BO", "BR", "CL", "CO", "CR", "DO", "EC", "SV", "GT", "GY", "HT", "HN",
    "JM", "MX", "NI", "PA", "PY", "PE", "SR", "TT", "UY", "VE",
];

fn four(en: &str, es: &str, pt: &str, fr: &str) -> Names {
    Names {
        code: String::new(),
        en: en.into(),
        es: es.into(),
        pt: pt.into(),
        fr: fr.into(),
    }
}

struct Demo {
    name: Names,
    funder: &'static str,
    kind: &'static str,
    cycle: &'static str,
    countries: &'static [&'static str],
    funds: Names,
    url: &'static str,
}

fn catalogue() -> Vec<Demo> {
    vec![
        Demo {
            name: four(
                "Comprehensive Health Insurance (SIS)",
                "Seguro Integral de Salud (SIS)",
                "Seguro Integral de Saúde (SIS)",
                "Assurance intégrale de santé (SIS)",
            ),
            funder: "Seguro Integral de Salud, Ministerio de Salud del Perú",
            kind: "social_insurance",
            cycle: "rolling",
            countries: &["PE"],
            funds: four(
                "Health care for people affiliated with the SIS in the public network, mental-health care included.",
                "Atención de salud de las personas afiliadas al SIS en la red pública, incluida la atención de salud mental.",
                "Atenção à saúde das pessoas filiadas ao SIS na rede pública, incluída a saúde mental.",
                "Soins de santé des personnes affiliées au SIS dans le réseau public, santé mentale comprise.",
            ),
            url: "https://www.gob.pe/sis",
        },
        Demo {
            name: four(
                "Budget programme 0131: mental-health control and prevention",
                "Programa presupuestal 0131: Control y prevención en salud mental",
                "Programa orçamentário 0131: controle e prevenção em saúde mental",
                "Programme budgétaire 0131 : contrôle et prévention en santé mentale",
            ),
            funder: "Ministerio de Economía y Finanzas del Perú (programa a cargo del Ministerio de Salud)",
            kind: "national_budget",
            cycle: "annual",
            countries: &["PE"],
            funds: four(
                "Mental-health services of the public network, among them the community mental-health centres.",
                "Servicios de salud mental de la red pública, entre ellos los centros de salud mental comunitarios.",
                "Serviços de saúde mental da rede pública, entre eles os centros comunitários de saúde mental.",
                "Services de santé mentale du réseau public, dont les centres communautaires de santé mentale.",
            ),
            url: "https://www.gob.pe/mef",
        },
        Demo {
            name: four(
                "Capitation payment unit (UPC) of the health social-security system",
                "Unidad de Pago por Capitación (UPC) del Sistema General de Seguridad Social en Salud",
                "Unidade de Pagamento por Capitação (UPC) do sistema de seguridade social em saúde",
                "Unité de paiement par capitation (UPC) du système de sécurité sociale en santé",
            ),
            funder: "Ministerio de Salud y Protección Social de Colombia",
            kind: "social_insurance",
            cycle: "annual",
            countries: &["CO"],
            funds: four(
                "The health benefits insurers must provide to their affiliates, mental-health care included.",
                "Los servicios de salud que las aseguradoras deben prestar a sus afiliados, incluida la salud mental.",
                "Os serviços de saúde que as seguradoras devem prestar aos seus filiados, incluída a saúde mental.",
                "Les prestations de santé que les assureurs doivent fournir à leurs affiliés, santé mentale comprise.",
            ),
            url: "https://www.minsalud.gov.co",
        },
        Demo {
            name: four(
                "Federal funding of the Psychosocial Care Network (RAPS)",
                "Financiamiento federal de la Red de Atención Psicosocial (RAPS)",
                "Financiamento federal da Rede de Atenção Psicossocial (RAPS)",
                "Financement fédéral du Réseau de soins psychosociaux (RAPS)",
            ),
            funder: "Ministério da Saúde do Brasil (Fundo Nacional de Saúde)",
            kind: "national_budget",
            cycle: "rolling",
            countries: &["BR"],
            funds: four(
                "Services of the psychosocial care network, among them the CAPS AD centres for people with problems from alcohol and other drugs.",
                "Servicios de la red de atención psicosocial, entre ellos los centros CAPS AD para personas con problemas por alcohol y otras drogas.",
                "Serviços da rede de atenção psicossocial, entre eles os CAPS AD para pessoas com problemas decorrentes do uso de álcool e outras drogas.",
                "Services du réseau de soins psychosociaux, dont les centres CAPS AD pour les personnes ayant des problèmes liés à l'alcool et aux autres drogues.",
            ),
            url: "https://www.gov.br/saude",
        },
        Demo {
            name: four(
                "SENDA treatment programmes",
                "Programas de tratamiento de SENDA",
                "Programas de tratamento do SENDA",
                "Programmes de traitement du SENDA",
            ),
            funder: "Servicio Nacional para la Prevención y Rehabilitación del Consumo de Drogas y Alcohol (SENDA), Chile",
            kind: "national_budget",
            cycle: "annual",
            countries: &["CL"],
            funds: four(
                "Treatment of people with problem use of alcohol and other drugs, delivered by public and private providers under agreements.",
                "Tratamiento de personas con consumo problemático de alcohol y otras drogas, prestado por proveedores públicos y privados en convenio.",
                "Tratamento de pessoas com uso problemático de álcool e outras drogas, prestado por prestadores públicos e privados conveniados.",
                "Traitement des personnes ayant un usage problématique d'alcool et d'autres drogues, assuré par des prestataires publics et privés sous convention.",
            ),
            url: "https://www.senda.gob.cl",
        },
        Demo {
            name: four(
                "COPOLAD III: EU–Latin America and Caribbean cooperation on drug policies",
                "COPOLAD III: cooperación UE–América Latina y el Caribe en políticas de drogas",
                "COPOLAD III: cooperação UE–América Latina e Caribe em políticas sobre drogas",
                "COPOLAD III : coopération UE–Amérique latine et Caraïbes sur les politiques en matière de drogues",
            ),
            funder: "European Union",
            kind: "international_cooperation",
            cycle: "multi_year",
            countries: LATIN_AMERICA_CARIBBEAN,
            funds: four(
                "Technical assistance and exchanges between countries on drug policies, demand reduction among them.",
                "Asistencia técnica e intercambios entre países sobre políticas de drogas, entre ellas la reducción de la demanda.",
                "Assistência técnica e intercâmbios entre países sobre políticas sobre drogas, entre elas a redução da demanda.",
                "Assistance technique et échanges entre pays sur les politiques en matière de drogues, dont la réduction de la demande.",
            ),
            url: "https://copolad.eu",
        },
        Demo {
            name: four(
                "Technical cooperation of the Pan American Health Organization",
                "Cooperación técnica de la Organización Panamericana de la Salud",
                "Cooperação técnica da Organização Pan-Americana da Saúde",
                "Coopération technique de l'Organisation panaméricaine de la santé",
            ),
            funder: "Pan American Health Organization (PAHO)",
            kind: "international_cooperation",
            cycle: "multi_year",
            countries: LATIN_AMERICA_CARIBBEAN,
            funds: four(
                "Technical cooperation with Member States on mental health and substance use, as agreed in the country's work plan.",
                "Cooperación técnica con los Estados Miembros en salud mental y consumo de sustancias, según el plan de trabajo acordado con el país.",
                "Cooperação técnica com os Estados Membros em saúde mental e uso de substâncias, conforme o plano de trabalho acordado com o país.",
                "Coopération technique avec les États membres en santé mentale et usage de substances, selon le plan de travail convenu avec le pays.",
            ),
            url: "https://www.paho.org",
        },
        Demo {
            name: four(
                "Inter-American Development Bank sovereign-guaranteed loans",
                "Préstamos con garantía soberana del Banco Interamericano de Desarrollo",
                "Empréstimos com garantia soberana do Banco Interamericano de Desenvolvimento",
                "Prêts à garantie souveraine de la Banque interaméricaine de développement",
            ),
            funder: "Inter-American Development Bank (IDB)",
            kind: "loan",
            cycle: "rolling",
            countries: IDB_BORROWERS,
            funds: four(
                "Government projects agreed with the Bank, health-system projects among them.",
                "Proyectos de gobierno acordados con el Banco, entre ellos proyectos del sistema de salud.",
                "Projetos de governo acordados com o Banco, entre eles projetos do sistema de saúde.",
                "Projets gouvernementaux convenus avec la Banque, dont des projets du système de santé.",
            ),
            url: "https://www.iadb.org",
        },
        Demo {
            name: four(
                "Substance Use and Addictions Program (SUAP)",
                "Programa de Consumo de Sustancias y Adicciones (SUAP)",
                "Programa de Uso de Substâncias e Dependências (SUAP)",
                "Programme sur l'usage et les dépendances aux substances (PUDS)",
            ),
            funder: "Health Canada",
            kind: "grant_programme",
            cycle: "one_off",
            countries: &["CA"],
            funds: four(
                "Grants and contributions to projects on substance use, prevention, treatment and harm reduction in Canada.",
                "Subvenciones y contribuciones a proyectos sobre consumo de sustancias, prevención, tratamiento y reducción de daños en Canadá.",
                "Subsídios e contribuições a projetos sobre uso de substâncias, prevenção, tratamento e redução de danos no Canadá.",
                "Subventions et contributions à des projets sur l'usage de substances, la prévention, le traitement et la réduction des méfaits au Canada.",
            ),
            url: "https://www.canada.ca/en/health-canada.html",
        },
        Demo {
            name: four(
                "SAMHSA grants",
                "Subvenciones de SAMHSA",
                "Subsídios da SAMHSA",
                "Subventions de la SAMHSA",
            ),
            funder: "Substance Abuse and Mental Health Services Administration (SAMHSA), United States",
            kind: "grant_programme",
            cycle: "one_off",
            countries: &["US"],
            funds: four(
                "Grants to states, communities and organisations for prevention, treatment and recovery services for substance use and mental health.",
                "Subvenciones a estados, comunidades y organizaciones para servicios de prevención, tratamiento y recuperación en consumo de sustancias y salud mental.",
                "Subsídios a estados, comunidades e organizações para serviços de prevenção, tratamento e recuperação em uso de substâncias e saúde mental.",
                "Subventions aux États, communautés et organisations pour des services de prévention, de traitement et de rétablissement en usage de substances et santé mentale.",
            ),
            url: "https://www.samhsa.gov/grants",
        },
    ]
}

/// Loads the demo catalogue when it is empty; returns how many mechanisms it wrote.
pub async fn load_funding(state: &AppState, now: i64) -> Result<usize, ServerError> {
    let pool = &state.db.pool;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM funding_mechanisms")
        .fetch_one(pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(0);
    }
    let staff = super::store::users::id_of(pool, "ta.lopez")
        .await?
        .ok_or(ServerError::NotFound)?;
    let list = catalogue();
    let mut tx = pool.begin().await?;
    for d in &list {
        let m = Mechanism {
            name: d.name.clone(),
            funder: d.funder.into(),
            kind: d.kind.into(),
            cycle: d.cycle.into(),
            countries: d.countries.iter().map(|c| c.to_string()).collect(),
            funds: d.funds.clone(),
            url: d.url.into(),
            ..Mechanism::default()
        };
        store::save(&mut tx, &m, staff, now).await?;
    }
    tx.commit().await?;
    Ok(list.len())
}
