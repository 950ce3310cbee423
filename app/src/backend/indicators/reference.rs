//! The reference definitions every installation starts with: the treatment indicators of
//! `DOMAIN.md` ("Indicators") — coverage (SDG 3.5.1), entries to treatment (the Treatment
//! Demand Indicator), retention, completion, readmission, waiting time — and the financial
//! ones of the programme's activity 1.5 (cost per episode, cost per completed treatment,
//! budget execution, cost-effectiveness), in four languages. Written once, as version 1,
//! into an empty table; staff edit them like any other from then on.

use sqlx::AnyConnection;

use crate::backend::store::indicators as store;
use crate::model::indicator::{Definition, IndicatorText};

struct Reference {
    code: &'static str,
    category: &'static str,
    unit: &'static str,
    frequency: &'static str,
    ratio: bool,
    bounded: bool,
    dims: &'static str,
    /// en, es, pt, fr: name, definition, numerator, denominator, formula, source.
    texts: [[&'static str; 6]; 4],
}

const LANGUAGES: [&str; 4] = ["en", "es", "pt", "fr"];

const REFERENCE: &[Reference] = &[
    Reference {
        code: "COV",
        category: "access",
        unit: "percent",
        frequency: "annual",
        ratio: true,
        bounded: true,
        dims: "sex,age_band,primary_drug",
        texts: [
            ["Treatment coverage (SDG 3.5.1)", "People treated at least once in the year for a substance use disorder, as a share of the people with such a disorder that year; reported for drugs and for alcohol and, where possible, by intervention.", "People treated at least once in the year", "People with a substance use disorder that year", "numerator ÷ denominator × 100", "Treatment records; population surveys for the denominator"],
            ["Cobertura de tratamiento (ODS 3.5.1)", "Personas tratadas al menos una vez en el año por un trastorno por consumo de sustancias, como proporción de las personas con ese trastorno en el año; para drogas y para alcohol y, cuando sea posible, por intervención.", "Personas tratadas al menos una vez en el año", "Personas con un trastorno por consumo de sustancias en el año", "numerador ÷ denominador × 100", "Registros de tratamiento; encuestas de población para el denominador"],
            ["Cobertura de tratamento (ODS 3.5.1)", "Pessoas tratadas ao menos uma vez no ano por um transtorno por uso de substâncias, como proporção das pessoas com esse transtorno no ano; para drogas e para álcool e, quando possível, por intervenção.", "Pessoas tratadas ao menos uma vez no ano", "Pessoas com transtorno por uso de substâncias no ano", "numerador ÷ denominador × 100", "Registros de tratamento; inquéritos populacionais para o denominador"],
            ["Couverture du traitement (ODD 3.5.1)", "Personnes traitées au moins une fois dans l'année pour un trouble lié à l'usage de substances, rapportées aux personnes atteintes de ce trouble cette année-là ; pour les drogues et pour l'alcool et, si possible, par intervention.", "Personnes traitées au moins une fois dans l'année", "Personnes atteintes d'un trouble lié à l'usage de substances dans l'année", "numérateur ÷ dénominateur × 100", "Registres de traitement ; enquêtes en population pour le dénominateur"],
        ],
    },
    Reference {
        code: "TDI-ALL",
        category: "access",
        unit: "count",
        frequency: "annual",
        ratio: false,
        bounded: false,
        dims: "sex,age_band,primary_drug,centre_type",
        texts: [
            ["Treatment entries (all treated)", "People entering treatment in the year, counted as the Treatment Demand Indicator counts them, by type of centre (outpatient, inpatient, low-threshold, primary care, prison) and primary drug.", "", "", "count of people entering treatment", "Treatment Demand Indicator records"],
            ["Ingresos a tratamiento (todos)", "Personas que ingresan a tratamiento en el año, contadas como las cuenta el Indicador de Demanda de Tratamiento, por tipo de centro (ambulatorio, residencial, de bajo umbral, atención primaria, prisión) y droga principal.", "", "", "número de personas que ingresan", "Registros del Indicador de Demanda de Tratamiento"],
            ["Entradas em tratamento (todos)", "Pessoas que entram em tratamento no ano, contadas como o Indicador de Demanda de Tratamento as conta, por tipo de serviço (ambulatorial, internação, baixa exigência, atenção primária, prisão) e droga principal.", "", "", "número de pessoas que entram", "Registros do Indicador de Demanda de Tratamento"],
            ["Entrées en traitement (toutes)", "Personnes entrant en traitement dans l'année, comptées comme le fait l'indicateur de demande de traitement, par type de centre (ambulatoire, résidentiel, bas seuil, soins primaires, prison) et drogue principale.", "", "", "nombre de personnes entrant en traitement", "Registres de l'indicateur de demande de traitement"],
        ],
    },
    Reference {
        code: "TDI-FIRST",
        category: "access",
        unit: "count",
        frequency: "annual",
        ratio: false,
        bounded: false,
        dims: "sex,age_band,primary_drug,centre_type",
        texts: [
            ["Treatment entries (first ever)", "People entering treatment in the year who had never been treated before, as the Treatment Demand Indicator counts them.", "", "", "count of first-ever entries", "Treatment Demand Indicator records"],
            ["Ingresos a tratamiento (primera vez)", "Personas que ingresan a tratamiento en el año sin haber sido tratadas antes, según el Indicador de Demanda de Tratamiento.", "", "", "número de ingresos por primera vez", "Registros del Indicador de Demanda de Tratamiento"],
            ["Entradas em tratamento (primeira vez)", "Pessoas que entram em tratamento no ano sem tratamento anterior, segundo o Indicador de Demanda de Tratamento.", "", "", "número de entradas pela primeira vez", "Registros do Indicador de Demanda de Tratamento"],
            ["Entrées en traitement (première fois)", "Personnes entrant en traitement dans l'année sans avoir jamais été traitées, selon l'indicateur de demande de traitement.", "", "", "nombre de premières entrées", "Registres de l'indicateur de demande de traitement"],
        ],
    },
    Reference {
        code: "RET-90",
        category: "retention",
        unit: "percent",
        frequency: "annual",
        ratio: true,
        bounded: true,
        dims: "sex,age_band,primary_drug,centre_type",
        texts: [
            ["Retention at 90 days", "Admissions still in treatment 90 days after admission (or with a service in each of the first three months), as a share of admissions.", "Admissions still in treatment at 90 days", "Admissions in the period", "numerator ÷ denominator × 100", "Service records"],
            ["Retención a 90 días", "Admisiones que siguen en tratamiento 90 días después de la admisión (o con una atención en cada uno de los tres primeros meses), como proporción de las admisiones.", "Admisiones que siguen en tratamiento a los 90 días", "Admisiones del período", "numerador ÷ denominador × 100", "Registros de los servicios"],
            ["Retenção em 90 dias", "Admissões ainda em tratamento 90 dias após a admissão (ou com um atendimento em cada um dos três primeiros meses), como proporção das admissões.", "Admissões ainda em tratamento aos 90 dias", "Admissões no período", "numerador ÷ denominador × 100", "Registros dos serviços"],
            ["Rétention à 90 jours", "Admissions toujours en traitement 90 jours après l'admission (ou avec un service chacun des trois premiers mois), rapportées aux admissions.", "Admissions toujours en traitement à 90 jours", "Admissions de la période", "numérateur ÷ dénominateur × 100", "Dossiers des services"],
        ],
    },
    Reference {
        code: "COMPL",
        category: "retention",
        unit: "percent",
        frequency: "annual",
        ratio: true,
        bounded: true,
        dims: "sex,age_band,primary_drug,centre_type",
        texts: [
            ["Treatment completion", "Discharges recorded as treatment completed, as a share of all discharges.", "Discharges with treatment completed", "All discharges", "numerator ÷ denominator × 100", "Service records"],
            ["Finalización del tratamiento", "Egresos registrados como tratamiento completado, como proporción de todos los egresos.", "Egresos con tratamiento completado", "Todos los egresos", "numerador ÷ denominador × 100", "Registros de los servicios"],
            ["Conclusão do tratamento", "Altas registradas como tratamento concluído, como proporção de todas as altas.", "Altas com tratamento concluído", "Todas as altas", "numerador ÷ denominador × 100", "Registros dos serviços"],
            ["Achèvement du traitement", "Sorties enregistrées comme traitement achevé, rapportées à toutes les sorties.", "Sorties avec traitement achevé", "Toutes les sorties", "numérateur ÷ dénominateur × 100", "Dossiers des services"],
        ],
    },
    Reference {
        code: "READM-90",
        category: "retention",
        unit: "percent",
        frequency: "annual",
        ratio: true,
        bounded: true,
        dims: "sex,age_band,primary_drug,centre_type",
        texts: [
            ["Readmission within 90 days", "Re-admissions within 90 days of discharge, as a share of discharges (30 and 365 days are defined the same way).", "Re-admissions within 90 days of discharge", "Discharges", "numerator ÷ denominator × 100", "Service records"],
            ["Reingreso en 90 días", "Reingresos dentro de los 90 días posteriores al egreso, como proporción de los egresos (a 30 y 365 días se definen igual).", "Reingresos dentro de los 90 días del egreso", "Egresos", "numerador ÷ denominador × 100", "Registros de los servicios"],
            ["Readmissão em 90 dias", "Readmissões em até 90 dias após a alta, como proporção das altas (30 e 365 dias definem-se da mesma forma).", "Readmissões em até 90 dias após a alta", "Altas", "numerador ÷ denominador × 100", "Registros dos serviços"],
            ["Réadmission dans les 90 jours", "Réadmissions dans les 90 jours suivant la sortie, rapportées aux sorties (à 30 et 365 jours, même définition).", "Réadmissions dans les 90 jours suivant la sortie", "Sorties", "numérateur ÷ dénominateur × 100", "Dossiers des services"],
        ],
    },
    Reference {
        code: "WAIT-3W",
        category: "access",
        unit: "percent",
        frequency: "quarterly",
        ratio: true,
        bounded: true,
        dims: "centre_type,region",
        texts: [
            ["Treatment started within 3 weeks", "People referred who started treatment within three weeks of referral, as a share of people referred.", "People starting treatment within 3 weeks of referral", "People referred", "numerator ÷ denominator × 100", "Referral and admission records"],
            ["Inicio del tratamiento en 3 semanas", "Personas derivadas que iniciaron tratamiento dentro de las tres semanas siguientes a la derivación, como proporción de las personas derivadas.", "Personas que inician tratamiento en 3 semanas desde la derivación", "Personas derivadas", "numerador ÷ denominador × 100", "Registros de derivación y admisión"],
            ["Início do tratamento em 3 semanas", "Pessoas encaminhadas que iniciaram tratamento em até três semanas após o encaminhamento, como proporção das pessoas encaminhadas.", "Pessoas que iniciam tratamento em até 3 semanas do encaminhamento", "Pessoas encaminhadas", "numerador ÷ denominador × 100", "Registros de encaminhamento e admissão"],
            ["Début du traitement sous 3 semaines", "Personnes orientées ayant commencé un traitement dans les trois semaines suivant l'orientation, rapportées aux personnes orientées.", "Personnes commençant un traitement sous 3 semaines après l'orientation", "Personnes orientées", "numérateur ÷ dénominateur × 100", "Registres d'orientation et d'admission"],
        ],
    },
    Reference {
        code: "COST-EP",
        category: "financial",
        unit: "usd",
        frequency: "annual",
        ratio: true,
        bounded: false,
        dims: "centre_type",
        texts: [
            ["Cost per treatment episode", "What treatment cost per episode of care in the year, in US dollars.", "Treatment expenditure in the year (USD)", "Treatment episodes in the year", "numerator ÷ denominator", "Budget execution reports; service records"],
            ["Costo por episodio de tratamiento", "Lo que costó el tratamiento por episodio de atención en el año, en dólares estadounidenses.", "Gasto en tratamiento del año (USD)", "Episodios de tratamiento del año", "numerador ÷ denominador", "Informes de ejecución presupuestaria; registros de los servicios"],
            ["Custo por episódio de tratamento", "O que o tratamento custou por episódio de atenção no ano, em dólares americanos.", "Despesa com tratamento no ano (USD)", "Episódios de tratamento no ano", "numerador ÷ denominador", "Relatórios de execução orçamentária; registros dos serviços"],
            ["Coût par épisode de traitement", "Ce que le traitement a coûté par épisode de soins dans l'année, en dollars des États-Unis.", "Dépenses de traitement de l'année (USD)", "Épisodes de traitement de l'année", "numérateur ÷ dénominateur", "Rapports d'exécution budgétaire ; dossiers des services"],
        ],
    },
    Reference {
        code: "COST-COMP",
        category: "financial",
        unit: "usd",
        frequency: "annual",
        ratio: true,
        bounded: false,
        dims: "centre_type",
        texts: [
            ["Cost per completed treatment", "What treatment cost per treatment completed in the year, in US dollars.", "Treatment expenditure in the year (USD)", "Treatments completed in the year", "numerator ÷ denominator", "Budget execution reports; service records"],
            ["Costo por tratamiento completado", "Lo que costó el tratamiento por cada tratamiento completado en el año, en dólares estadounidenses.", "Gasto en tratamiento del año (USD)", "Tratamientos completados en el año", "numerador ÷ denominador", "Informes de ejecución presupuestaria; registros de los servicios"],
            ["Custo por tratamento concluído", "O que o tratamento custou por tratamento concluído no ano, em dólares americanos.", "Despesa com tratamento no ano (USD)", "Tratamentos concluídos no ano", "numerador ÷ denominador", "Relatórios de execução orçamentária; registros dos serviços"],
            ["Coût par traitement achevé", "Ce que le traitement a coûté par traitement achevé dans l'année, en dollars des États-Unis.", "Dépenses de traitement de l'année (USD)", "Traitements achevés dans l'année", "numérateur ÷ dénominateur", "Rapports d'exécution budgétaire ; dossiers des services"],
        ],
    },
    Reference {
        code: "BUDGET-EXEC",
        category: "financial",
        unit: "percent",
        frequency: "annual",
        ratio: true,
        bounded: false,
        dims: "",
        texts: [
            ["Budget execution rate", "The treatment budget executed in the year as a share of the budget approved; over 100 % when more was spent than approved.", "Budget executed", "Budget approved", "numerator ÷ denominator × 100", "Budget execution reports"],
            ["Tasa de ejecución presupuestaria", "El presupuesto de tratamiento ejecutado en el año como proporción del aprobado; más de 100 % cuando se gastó más de lo aprobado.", "Presupuesto ejecutado", "Presupuesto aprobado", "numerador ÷ denominador × 100", "Informes de ejecución presupuestaria"],
            ["Taxa de execução orçamentária", "O orçamento de tratamento executado no ano como proporção do aprovado; acima de 100 % quando se gastou mais do que o aprovado.", "Orçamento executado", "Orçamento aprovado", "numerador ÷ denominador × 100", "Relatórios de execução orçamentária"],
            ["Taux d'exécution budgétaire", "Le budget de traitement exécuté dans l'année rapporté au budget approuvé ; plus de 100 % quand les dépenses ont dépassé l'approuvé.", "Budget exécuté", "Budget approuvé", "numérateur ÷ dénominateur × 100", "Rapports d'exécution budgétaire"],
        ],
    },
    Reference {
        code: "CE",
        category: "financial",
        unit: "usd",
        frequency: "annual",
        ratio: true,
        bounded: false,
        dims: "",
        texts: [
            ["Cost-effectiveness", "The change in cost per unit of change in an outcome between two options (for example a new programme against the usual one), in US dollars.", "Change in cost (USD)", "Change in the outcome", "Δcost ÷ Δoutcome", "Economic evaluation of the programme"],
            ["Costo-efectividad", "El cambio de costo por unidad de cambio en un resultado entre dos opciones (por ejemplo, un programa nuevo frente al habitual), en dólares estadounidenses.", "Cambio en el costo (USD)", "Cambio en el resultado", "Δcosto ÷ Δresultado", "Evaluación económica del programa"],
            ["Custo-efetividade", "A variação de custo por unidade de variação de um resultado entre duas opções (por exemplo, um programa novo frente ao habitual), em dólares americanos.", "Variação do custo (USD)", "Variação do resultado", "Δcusto ÷ Δresultado", "Avaliação econômica do programa"],
            ["Coût-efficacité", "La variation de coût par unité de variation d'un résultat entre deux options (par exemple un nouveau programme face à l'habituel), en dollars des États-Unis.", "Variation du coût (USD)", "Variation du résultat", "Δcoût ÷ Δrésultat", "Évaluation économique du programme"],
        ],
    },
];

/// Writes the reference definitions when there are no indicators yet.
pub async fn seed(conn: &mut AnyConnection, now: i64) -> Result<(), sqlx::Error> {
    if store::count(&mut *conn).await? > 0 {
        return Ok(());
    }
    for r in REFERENCE {
        let Some(id) = store::create(conn, r.code, now).await? else {
            continue;
        };
        let texts = LANGUAGES
            .iter()
            .zip(r.texts.iter())
            .map(
                |(language, [name, definition, numerator, denominator, formula, source])| {
                    IndicatorText {
                        language: language.to_string(),
                        name: name.to_string(),
                        definition: definition.to_string(),
                        numerator: numerator.to_string(),
                        denominator: denominator.to_string(),
                        formula: formula.to_string(),
                        source: source.to_string(),
                    }
                },
            )
            .collect();
        let d = Definition {
            id,
            code: r.code.into(),
            category: r.category.into(),
            unit: r.unit.into(),
            frequency: r.frequency.into(),
            ratio: r.ratio,
            bounded: r.bounded,
            disaggregations: r
                .dims
                .split(',')
                .filter(|d| !d.is_empty())
                .map(str::to_string)
                .collect(),
            texts,
            ..Definition::default()
        };
        store::add_version(conn, &d, None, now).await?;
    }
    Ok(())
}
