//! Where things are, without a geocoding service: each country's bounding box (a
//! service's coordinates must fall inside its country's, with a small margin for coasts
//! and islands) and the cities a reader may measure distances from.

use crate::model::service::Place;

/// (country, south, north, west, east) in degrees; islands and overseas parts included.
const BOXES: [(&str, f64, f64, f64, f64); 35] = [
    ("AG", 16.9, 17.8, -62.4, -61.6),
    ("AR", -55.2, -21.7, -73.7, -53.5),
    ("BB", 13.0, 13.4, -59.7, -59.4),
    ("BO", -22.9, -9.6, -69.7, -57.4),
    ("BR", -33.8, 5.3, -74.0, -28.8),
    ("BS", 20.9, 27.3, -80.5, -72.7),
    ("BZ", 15.8, 18.5, -89.3, -87.4),
    ("CA", 41.6, 83.2, -141.1, -52.6),
    ("CL", -56.0, -17.4, -109.5, -66.4),
    ("CO", -4.3, 13.6, -82.0, -66.8),
    ("CR", 5.5, 11.3, -87.1, -82.5),
    ("CU", 19.8, 23.3, -85.0, -74.1),
    ("DM", 15.2, 15.7, -61.5, -61.2),
    ("DO", 17.4, 20.0, -72.1, -68.3),
    ("EC", -5.1, 1.7, -92.1, -75.2),
    ("GD", 11.9, 12.6, -61.9, -61.3),
    ("GT", 13.7, 17.9, -92.3, -88.2),
    ("GY", 1.1, 8.6, -61.4, -56.4),
    ("HN", 12.9, 17.5, -89.4, -83.1),
    ("HT", 18.0, 20.1, -74.5, -71.6),
    ("JM", 16.9, 18.6, -78.4, -76.1),
    ("KN", 17.1, 17.5, -62.9, -62.5),
    ("LC", 13.7, 14.2, -61.1, -60.8),
    ("MX", 14.5, 32.8, -118.5, -86.7),
    ("NI", 10.7, 15.1, -87.7, -82.6),
    ("PA", 7.2, 9.7, -83.1, -77.1),
    ("PE", -18.4, 0.0, -81.4, -68.6),
    ("PY", -27.6, -19.3, -62.7, -54.2),
    ("SR", 1.8, 6.1, -58.1, -53.9),
    ("SV", 13.1, 14.5, -90.2, -87.6),
    ("TT", 10.0, 11.4, -62.0, -60.5),
    ("US", 17.5, 71.5, -180.0, -64.5),
    ("UY", -35.0, -30.1, -58.5, -53.1),
    ("VC", 12.5, 13.4, -61.5, -61.1),
    ("VE", 0.6, 15.7, -73.4, -59.8),
];

/// Degrees of slack around a box (coastal services, rounding).
const MARGIN: f64 = 0.3;

/// Whether (latitude, longitude) lies in `country`'s box; unknown countries have none.
pub fn inside(country: &str, latitude: f64, longitude: f64) -> bool {
    BOXES
        .iter()
        .find(|(c, ..)| c.eq_ignore_ascii_case(country))
        .is_some_and(|(_, s, n, w, e)| {
            (s - MARGIN..=n + MARGIN).contains(&latitude)
                && (w - MARGIN..=e + MARGIN).contains(&longitude)
        })
}

/// (country, city, latitude, longitude): every capital, and more cities where the
/// directory has services.
const CITIES: &[(&str, &str, f64, f64)] = &[
    ("AG", "St. John's", 17.127, -61.846),
    ("AR", "Buenos Aires", -34.604, -58.382),
    ("AR", "Córdoba", -31.420, -64.189),
    ("BB", "Bridgetown", 13.098, -59.618),
    ("BO", "La Paz", -16.490, -68.119),
    ("BO", "Santa Cruz de la Sierra", -17.784, -63.182),
    ("BR", "Brasília", -15.794, -47.882),
    ("BR", "São Paulo", -23.551, -46.633),
    ("BR", "Rio de Janeiro", -22.907, -43.173),
    ("BR", "Belo Horizonte", -19.917, -43.934),
    ("BR", "Salvador", -12.977, -38.501),
    ("BR", "Recife", -8.048, -34.877),
    ("BR", "Porto Alegre", -30.035, -51.218),
    ("BR", "Manaus", -3.119, -60.022),
    ("BS", "Nassau", 25.048, -77.355),
    ("BZ", "Belmopan", 17.251, -88.759),
    ("BZ", "Belize City", 17.500, -88.196),
    ("CA", "Ottawa", 45.421, -75.697),
    ("CA", "Montréal", 45.502, -73.567),
    ("CA", "Toronto", 43.653, -79.383),
    ("CA", "Vancouver", 49.283, -123.121),
    ("CL", "Santiago", -33.449, -70.669),
    ("CO", "Bogotá", 4.711, -74.072),
    ("CO", "Medellín", 6.244, -75.581),
    ("CO", "Cali", 3.452, -76.532),
    ("CO", "Barranquilla", 10.964, -74.796),
    ("CO", "Cartagena", 10.391, -75.479),
    ("CO", "Bucaramanga", 7.119, -73.123),
    ("CO", "Pereira", 4.813, -75.696),
    ("CR", "San José", 9.928, -84.091),
    ("DM", "Roseau", 15.301, -61.388),
    ("DO", "Santo Domingo", 18.486, -69.931),
    ("DO", "Santiago de los Caballeros", 19.451, -70.697),
    ("EC", "Quito", -0.180, -78.468),
    ("EC", "Guayaquil", -2.170, -79.922),
    ("GD", "St. George's", 12.056, -61.752),
    ("GT", "Guatemala City", 14.634, -90.506),
    ("GY", "Georgetown", 6.801, -58.155),
    ("HN", "Tegucigalpa", 14.072, -87.192),
    ("HN", "San Pedro Sula", 15.505, -88.025),
    ("HT", "Port-au-Prince", 18.594, -72.307),
    ("JM", "Kingston", 17.997, -76.794),
    ("JM", "Spanish Town", 17.991, -76.957),
    ("JM", "Montego Bay", 18.471, -77.919),
    ("JM", "Mandeville", 18.042, -77.507),
    ("JM", "Ocho Rios", 18.408, -77.104),
    ("KN", "Basseterre", 17.302, -62.717),
    ("LC", "Castries", 14.010, -60.987),
    ("MX", "Mexico City", 19.433, -99.133),
    ("MX", "Guadalajara", 20.659, -103.349),
    ("MX", "Monterrey", 25.686, -100.316),
    ("MX", "Tijuana", 32.514, -117.038),
    ("PA", "Panama City", 8.983, -79.517),
    ("PE", "Lima", -12.046, -77.043),
    ("PE", "Arequipa", -16.409, -71.537),
    ("PE", "Cusco", -13.532, -71.967),
    ("PE", "Trujillo", -8.112, -79.029),
    ("PE", "Chiclayo", -6.771, -79.841),
    ("PE", "Piura", -5.194, -80.632),
    ("PE", "Huancayo", -12.065, -75.205),
    ("PE", "Huánuco", -9.930, -76.242),
    ("PE", "Pucallpa", -8.379, -74.553),
    ("PE", "Iquitos", -3.749, -73.253),
    ("PY", "Asunción", -25.264, -57.576),
    ("SR", "Paramaribo", 5.852, -55.204),
    ("SV", "San Salvador", 13.693, -89.218),
    ("TT", "Port of Spain", 10.654, -61.502),
    ("TT", "San Fernando", 10.280, -61.468),
    ("TT", "Chaguanas", 10.517, -61.412),
    ("TT", "Arima", 10.637, -61.283),
    ("TT", "Scarborough", 11.182, -60.738),
    ("US", "Washington, D.C.", 38.907, -77.037),
    ("US", "Miami", 25.762, -80.192),
    ("UY", "Montevideo", -34.901, -56.165),
    ("VC", "Kingstown", 13.155, -61.225),
];

/// A name as a plain token: lower case, accents and punctuation gone (`San Martín` →
/// `san-martin`); facet values and place keys are written this way.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for word in super::super::search::query::words(name) {
        let word: String = word.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    out.truncate(60);
    out
}

/// The places a reader may pick, in the list's order.
pub fn places() -> Vec<Place> {
    CITIES
        .iter()
        .map(|(country, name, latitude, longitude)| Place {
            key: format!("{country}-{}", slug(name)),
            country: country.to_string(),
            name: name.to_string(),
            latitude: *latitude,
            longitude: *longitude,
        })
        .collect()
}

/// The place with this key.
pub fn place(key: &str) -> Option<Place> {
    places().into_iter().find(|p| p.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_city_is_inside_its_country() {
        for (country, name, lat, lon) in CITIES {
            assert!(inside(country, *lat, *lon), "{name} outside {country}");
        }
        assert!(!inside("PE", 4.711, -74.072), "Bogotá is not in Peru");
        assert!(!inside("XX", 0.0, 0.0));
    }

    #[test]
    fn slugs_are_plain_tokens() {
        assert_eq!(slug("San Martín"), "san-martin");
        assert_eq!(slug("St. John's"), "st-john-s");
        assert!(crate::model::search::is_token(&slug("Washington, D.C.")));
    }
}
