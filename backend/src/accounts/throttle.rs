//! Attempts from one client address within a window, counted in memory:
//! every 备案 submission counts, accepted or not, so a form cannot be used
//! to probe for taken user names or staff numbers at speed. IPv6 clients
//! count by their /64, which one host commonly holds whole.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// More addresses than this and expired ones are swept out.
const SWEEP_ABOVE: usize = 10_000;

pub struct Attempts {
    window: Duration,
    seen: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Attempts {
    pub fn new(window: Duration) -> Attempts {
        Attempts {
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Count an attempt from `address` at `now`; false (not counted) when
    /// `limit` were counted within the window before it.
    pub fn admit(&self, address: &str, limit: usize, now: Instant) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let window = self.window;
        let fresh = |t: &Instant| now.saturating_duration_since(*t) < window;
        if seen.len() > SWEEP_ABOVE {
            seen.retain(|_, times| times.back().is_some_and(fresh));
        }
        let times = seen.entry(address.to_owned()).or_default();
        while times.front().is_some_and(|t| !fresh(t)) {
            times.pop_front();
        }
        if times.len() >= limit {
            return false;
        }
        times.push_back(now);
        true
    }
}

/// The address attempts are counted by: an IPv4 address whole, an IPv6
/// address by its /64.
pub fn bucket(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let prefix = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{prefix}/64")
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_are_bounded_per_address_and_window() {
        let a = Attempts::new(Duration::from_secs(3600));
        let t0 = Instant::now();
        assert!(a.admit("10.0.0.1", 2, t0));
        assert!(a.admit("10.0.0.1", 2, t0));
        assert!(!a.admit("10.0.0.1", 2, t0));
        assert!(a.admit("10.0.0.2", 2, t0));
        assert!(a.admit("10.0.0.1", 2, t0 + Duration::from_secs(3601)));
    }

    #[test]
    fn an_ipv6_host_counts_by_its_64() {
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(bucket(a), bucket(b));
        assert_ne!(bucket(a), bucket(c));
        assert_eq!(bucket("::ffff:10.1.2.3".parse().unwrap()), "10.1.2.3");
        assert_eq!(bucket("10.1.2.3".parse().unwrap()), "10.1.2.3");
    }
}
