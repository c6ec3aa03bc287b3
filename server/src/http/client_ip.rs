//! Which address a request comes from. Behind a load balancer every
//! connection comes from the balancer, so the address it reports
//! (`Forwarded` or `X-Forwarded-For`) is believed — but only when the
//! connection really comes from one of `PORTICO_TRUSTED_PROXIES`;
//! otherwise anyone could claim any address and dodge the limits.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use app::services::ClientIp;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;

use crate::config::Cidr;

pub async fn resolve(State(trusted): State<Arc<[Cidr]>>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let ip = client_address(peer, req.headers(), &trusted);
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

/// The first address, walking back from the connection's peer through the
/// proxies' reports, that is not a trusted proxy.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[Cidr]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|c| c.contains(*ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut hops = forwarded_for(headers);
    let mut client = peer;
    while let Some(hop) = hops.pop() {
        client = hop;
        if !is_trusted(&hop) {
            break;
        }
    }
    client
}

/// The addresses the proxies reported, nearest last: `Forwarded`
/// (RFC 7239) if present, else `X-Forwarded-For`. A malformed list is
/// ignored as a whole.
fn forwarded_for(headers: &HeaderMap) -> Vec<IpAddr> {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|v| v.trim().to_owned())
            .collect()
    };
    let forwarded = values("forwarded");
    let parsed: Option<Vec<IpAddr>> = if !forwarded.is_empty() {
        forwarded
            .iter()
            .map(|element| {
                element
                    .split(';')
                    .find_map(|pair| {
                        let (k, v) = pair.trim().split_once('=')?;
                        k.eq_ignore_ascii_case("for").then(|| v.trim_matches('"'))
                    })
                    .and_then(node_address)
            })
            .collect()
    } else {
        values("x-forwarded-for")
            .iter()
            .map(|v| node_address(v))
            .collect()
    };
    parsed.unwrap_or_default()
}

/// An address from a `for=` node or an `X-Forwarded-For` entry: `1.2.3.4`,
/// `1.2.3.4:5678`, `[2001:db8::1]` or `[2001:db8::1]:4711`.
fn node_address(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse() {
        return Some(ip);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    node.parse::<SocketAddr>().ok().map(|s| s.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        map
    }

    fn cidrs(list: &str) -> Vec<Cidr> {
        Cidr::parse_list(list).unwrap()
    }

    #[test]
    fn only_a_trusted_peer_is_believed() {
        let h = headers(&[("x-forwarded-for", "203.0.113.7")]);
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        assert_eq!(client_address(peer, &h, &[]), peer, "no proxies trusted");
        assert_eq!(
            client_address(peer, &h, &cidrs("10.0.0.0/8")),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        let outsider: IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(client_address(outsider, &h, &cidrs("10.0.0.0/8")), outsider);
    }

    #[test]
    fn the_first_untrusted_hop_from_the_right_is_the_client() {
        // A client that forged its own X-Forwarded-For entry gets its real
        // address: the one the trusted proxy appended.
        let h = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.7, 10.0.0.3")]);
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        assert_eq!(
            client_address(peer, &h, &cidrs("10.0.0.0/8")),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn forwarded_header_with_ports_and_ipv6() {
        let h = headers(&[(
            "forwarded",
            r#"for=192.0.2.43:4711;proto=https, for="[2001:db8:cafe::17]:4711""#,
        )]);
        let peer: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(
            client_address(peer, &h, &cidrs("127.0.0.1/32")),
            "2001:db8:cafe::17".parse::<IpAddr>().unwrap()
        );
        let garbage = headers(&[("x-forwarded-for", "not an address")]);
        assert_eq!(client_address(peer, &garbage, &cidrs("127.0.0.1/32")), peer);
    }
}
