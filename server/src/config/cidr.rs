/// An address range such as `10.0.0.0/8` or `2001:db8::/32` (a bare
/// address is a range of one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: std::net::IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Result<Self, String> {
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text, None),
        };
        let network: std::net::IpAddr = addr
            .parse()
            .map_err(|_| format!("{text:?} is not an address or address/prefix"))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{text:?}: the prefix length must be 0 to {max}"))?,
            None => max,
        };
        Ok(Self { network, prefix })
    }

    /// A list separated by commas or spaces.
    pub fn parse_list(text: &str) -> Result<Vec<Self>, String> {
        text.split([',', ' '])
            .filter(|t| !t.is_empty())
            .map(Self::parse)
            .collect()
    }

    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        let bits = |ip: std::net::IpAddr| -> Option<u128> {
            match (self.network, ip) {
                (std::net::IpAddr::V4(_), std::net::IpAddr::V4(v4)) => {
                    Some(u128::from(u32::from(v4)))
                }
                (std::net::IpAddr::V6(_), std::net::IpAddr::V6(v6)) => Some(u128::from(v6)),
                // An IPv4 peer on a dual-stack socket arrives as ::ffff:a.b.c.d.
                (std::net::IpAddr::V4(_), std::net::IpAddr::V6(v6)) => {
                    v6.to_ipv4_mapped().map(|v4| u128::from(u32::from(v4)))
                }
                _ => None,
            }
        };
        let width: u32 = if self.network.is_ipv4() { 32 } else { 128 };
        let (Some(net), Some(addr)) = (bits(self.network), bits(ip)) else {
            return false;
        };
        let shift = width - u32::from(self.prefix);
        shift >= width || (net >> shift) == (addr >> shift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_ranges() {
        let net = Cidr::parse("10.0.0.0/8").unwrap();
        assert!(net.contains("10.1.2.3".parse().unwrap()));
        assert!(!net.contains("11.0.0.1".parse().unwrap()));
        assert!(
            net.contains("::ffff:10.0.0.1".parse().unwrap()),
            "IPv4-mapped"
        );
        let one = Cidr::parse("127.0.0.1").unwrap();
        assert!(one.contains("127.0.0.1".parse().unwrap()));
        assert!(!one.contains("127.0.0.2".parse().unwrap()));
        assert!(
            Cidr::parse("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
        let v6 = Cidr::parse("2001:db8::/32").unwrap();
        assert!(v6.contains("2001:db8:1::5".parse().unwrap()));
        assert!(!v6.contains("10.0.0.1".parse().unwrap()));
        assert!(Cidr::parse("10.0.0.0/33").is_err());
        assert!(Cidr::parse("proxy.example").is_err());
        assert_eq!(Cidr::parse_list("10.0.0.0/8, 127.0.0.1").unwrap().len(), 2);
    }
}
