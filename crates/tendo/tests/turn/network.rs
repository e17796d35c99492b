//! Two network namespaces, each joined to the host by its own veth pair on its own /30, with no
//! route between them: a process in one cannot reach the other at all, only the host's address
//! at the end of its own link. The isolation does not rest on the host's `ip_forward` (0 on a
//! usual host, but the test does not change it): neither namespace has any route beyond its own
//! /30, no default route, so it cannot even address a packet to the other. Everything is
//! removed when [`Network`] is dropped, even when the test panics, and any process still running
//! inside a namespace is killed first.

use std::net::Ipv4Addr;
use std::process::{Command, Output};

use crate::browser::Place;

/// One namespace and its link to the host.
pub struct Side {
    /// The namespace's name (`ip netns exec <name> …`).
    pub namespace: String,
    /// The host's address on this side's link: what processes inside reach the host at.
    pub host: Ipv4Addr,
    /// The namespace's own address on the link.
    pub inside: Ipv4Addr,
    /// The host end of the veth pair.
    host_link: String,
}

/// The two namespaces, and an address of the host's own that neither can reach (where coturn
/// relays); each part is removed when dropped (a half-made one too).
pub struct Network {
    /// The patient's side.
    pub a: Side,
    /// The physiotherapist's side.
    pub b: Side,
    /// The relay's address on the host.
    pub relay: RelayAddress,
}

/// A host-only address on the host's loopback link (a /32 that no namespace has a route to),
/// removed on drop.
pub struct RelayAddress {
    /// The address.
    pub address: Ipv4Addr,
}

impl RelayAddress {
    fn create(octet: u8) -> RelayAddress {
        let address = Ipv4Addr::new(10, 231, octet, 9);
        ip_ok(&["addr", "add", &format!("{address}/32"), "dev", "lo"]);
        RelayAddress { address }
    }
}

impl Drop for RelayAddress {
    fn drop(&mut self) {
        let _ = ip(&["addr", "del", &format!("{}/32", self.address), "dev", "lo"]);
    }
}

fn ip(args: &[&str]) -> Output {
    Command::new("ip")
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("cannot run ip {}: {error}", args.join(" ")))
}

fn ip_ok(args: &[&str]) {
    let output = ip(args);
    assert!(
        output.status.success(),
        "ip {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Whether this machine lets the test make namespaces (root, `ip` present): tries one.
pub fn namespaces_work() -> bool {
    let name = format!("tendo-probe-{}", std::process::id());
    let made = Command::new("ip")
        .args(["netns", "add", &name])
        .output()
        .is_ok_and(|output| output.status.success());
    if made {
        let _ = ip(&["netns", "del", &name]);
    }
    made
}

/// A third octet for `10.231.N.0/29` that no address of the host uses yet.
fn free_octet() -> u8 {
    let addresses = String::from_utf8_lossy(&ip(&["-4", "-o", "addr", "show"]).stdout).to_string();
    let start = (std::process::id() % 250) as u8;
    (0..250u8)
        .map(|step| start.wrapping_add(step) % 250)
        .find(|octet| !addresses.contains(&format!("10.231.{octet}.")))
        .expect("a free 10.231.N.0/29 for the test's links")
}

impl Side {
    fn create(tag: &str, octet: u8, first: u8) -> Side {
        let pid = std::process::id();
        let namespace = format!("tendo-turn-{pid}-{tag}");
        let host_link = format!("tt{pid}{tag}h");
        let inner_link = format!("tt{pid}{tag}n");
        let host = Ipv4Addr::new(10, 231, octet, first + 1);
        let inside = Ipv4Addr::new(10, 231, octet, first + 2);
        ip_ok(&["netns", "add", &namespace]);
        let side = Side {
            namespace,
            host,
            inside,
            host_link,
        };
        ip_ok(&[
            "link",
            "add",
            &side.host_link,
            "type",
            "veth",
            "peer",
            "name",
            &inner_link,
            "netns",
            &side.namespace,
        ]);
        ip_ok(&["addr", "add", &format!("{host}/30"), "dev", &side.host_link]);
        ip_ok(&["link", "set", &side.host_link, "up"]);
        let inner = |args: &[&str]| {
            let mut all = vec!["-n", side.namespace.as_str()];
            all.extend_from_slice(args);
            ip_ok(&all);
        };
        inner(&["addr", "add", &format!("{inside}/30"), "dev", &inner_link]);
        inner(&["link", "set", &inner_link, "up"]);
        inner(&["link", "set", "lo", "up"]);
        side
    }

    /// Where a browser runs inside this namespace, driven from the host over the link.
    pub fn place(&self) -> Place {
        Place::namespace(&self.namespace, self.inside, self.host)
    }

    /// Whether a packet from inside this namespace has any route to `address`.
    pub fn has_route_to(&self, address: Ipv4Addr) -> bool {
        ip(&["-n", &self.namespace, "route", "get", &address.to_string()])
            .status
            .success()
    }

    /// Kills every process still running inside the namespace, then removes it (its veth pair
    /// goes with it) and, in case it lingers, the host end of the link.
    fn tear_down(&self) {
        let pids = ip(&["netns", "pids", &self.namespace]);
        for pid in String::from_utf8_lossy(&pids.stdout).split_whitespace() {
            let _ = Command::new("kill").args(["-KILL", pid]).output();
        }
        let _ = ip(&["netns", "del", &self.namespace]);
        let _ = ip(&["link", "del", &self.host_link]);
    }
}

impl Network {
    /// Creates the two namespaces on `10.231.N.0/30` (A) and `10.231.N.4/30` (B), and the
    /// relay's address `10.231.N.9`.
    pub fn create() -> Network {
        let octet = free_octet();
        let a = Side::create("a", octet, 0);
        let b = Side::create("b", octet, 4);
        let relay = RelayAddress::create(octet);
        Network { a, b, relay }
    }
}

impl Drop for Side {
    fn drop(&mut self) {
        self.tear_down();
    }
}
