//! The client's own address behind a reverse proxy. Sign-in throttling and the audit log
//! key on the client's address; behind a proxy every connection comes from the proxy, so
//! one person's mistakes would lock everyone out. When the connection comes from a proxy
//! the operator trusts (`ENTRUST_TRUSTED_PROXIES`), the address is read from
//! `X-Forwarded-For` instead: the rightmost entry not itself a trusted proxy, since
//! everything left of it was written by the client and may be invented. From anyone else
//! the header is ignored.

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, Request},
    middleware::Next,
    response::Response,
};

/// One trusted network: an address and how many of its leading bits must match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Net {
    ip: IpAddr,
    bits: u8,
}

impl Net {
    /// `10.0.0.0/8`, `fd00::/8`, or a single address.
    pub fn parse(s: &str) -> Result<Net, String> {
        let s = s.trim();
        let (ip, bits) = match s.split_once('/') {
            Some((ip, bits)) => (ip, Some(bits)),
            None => (s, None),
        };
        let ip: IpAddr = ip
            .parse()
            .map_err(|_| format!("{s:?} is not an address or network"))?;
        let max = if ip.is_ipv4() { 32 } else { 128 };
        let bits = match bits {
            None => max,
            Some(b) => b
                .parse::<u8>()
                .ok()
                .filter(|b| *b <= max)
                .ok_or_else(|| format!("{s:?}: the prefix must be 0–{max}"))?,
        };
        Ok(Net { ip, bits })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        fn leading(a: &[u8], b: &[u8], bits: u8) -> bool {
            let (whole, rest) = (usize::from(bits / 8), bits % 8);
            a[..whole] == b[..whole]
                && (rest == 0 || (a[whole] ^ b[whole]) & (0xffu8 << (8 - rest)) == 0)
        }
        // An IPv4 client may reach an IPv6 socket as ::ffff:a.b.c.d.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.ip, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => leading(&n.octets(), &a.octets(), self.bits),
            (IpAddr::V6(n), IpAddr::V6(a)) => leading(&n.octets(), &a.octets(), self.bits),
            _ => false,
        }
    }
}

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Vec<Net>);

impl TrustedProxies {
    /// A comma-separated list, as `ENTRUST_TRUSTED_PROXIES` holds it.
    pub fn parse(list: &[String]) -> Result<TrustedProxies, String> {
        list.iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(Net::parse)
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(ip))
    }

    /// The client's address for a connection from `peer` that carried these
    /// `X-Forwarded-For` values (in order); `peer` itself unless it is trusted.
    pub fn client(&self, peer: IpAddr, forwarded: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            // A malformed hop ends the chain: nothing left of it can be told apart.
            let Ok(ip) = hop.parse::<IpAddr>() else {
                break;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// Replaces the connection's address with the client's when a trusted proxy relayed it,
/// so everything after (throttling, audit, sessions) sees the person, not the proxy.
pub async fn client_address(proxies: TrustedProxies, mut req: Request, next: Next) -> Response {
    if proxies.0.is_empty() {
        return next.run(req).await;
    }
    if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        let forwarded: Vec<&str> = req
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let client = proxies.client(peer.ip(), &forwarded);
        if client != peer.ip() {
            req.extensions_mut()
                .insert(ConnectInfo(SocketAddr::new(client, peer.port())));
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|_| panic!("{s}"))
    }

    #[test]
    fn networks_match_their_leading_bits() {
        let n = Net::parse("10.1.0.0/16").unwrap();
        assert!(n.contains(ip("10.1.200.3")));
        assert!(!n.contains(ip("10.2.0.1")));
        assert!(n.contains(ip("::ffff:10.1.0.9")));
        let n = Net::parse("172.16.0.0/12").unwrap();
        assert!(n.contains(ip("172.31.255.255")));
        assert!(!n.contains(ip("172.32.0.0")));
        let one = Net::parse("192.0.2.7").unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6 = Net::parse("fd00::/8").unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!(Net::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        for bad in ["10.0.0.0/33", "fd00::/129", "proxy", "10.0.0.0/x", ""] {
            assert!(Net::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_and_only_as_far_as_it_knows() {
        let p = TrustedProxies::parse(&["10.0.0.0/8".into(), " 192.0.2.1 ".into()]).unwrap();
        // An untrusted peer's header is ignored: anyone can write one.
        assert_eq!(
            p.client(ip("203.0.113.5"), &["198.51.100.1"]),
            ip("203.0.113.5")
        );
        // From the proxy: the client it saw.
        assert_eq!(
            p.client(ip("10.0.0.2"), &["198.51.100.1"]),
            ip("198.51.100.1")
        );
        // The client's own claims left of it are not believed.
        assert_eq!(
            p.client(ip("10.0.0.2"), &["1.2.3.4, 198.51.100.1"]),
            ip("198.51.100.1")
        );
        // Through two trusted proxies, split over two headers.
        assert_eq!(
            p.client(ip("10.0.0.2"), &["198.51.100.1, 192.0.2.1", "10.9.9.9"]),
            ip("198.51.100.1")
        );
        // No header, or garbage: the proxy itself is all we know.
        assert_eq!(p.client(ip("10.0.0.2"), &[]), ip("10.0.0.2"));
        assert_eq!(p.client(ip("10.0.0.2"), &["unknown"]), ip("10.0.0.2"));
        assert!(TrustedProxies::parse(&["10.0.0.0/40".into()]).is_err());
    }
}
