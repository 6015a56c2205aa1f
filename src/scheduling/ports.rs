//! Host ports (the NodePorts filter): two pods cannot bind the same host port, protocol and
//! address on one node.
//!
//! Facts from pkg/scheduler/framework/plugins/nodeports/node_ports.go (`getContainerPorts`,
//! `fitsPorts`) and pkg/scheduler/framework/types.go (`HostPortInfo.CheckConflict`: the
//! address 0.0.0.0 conflicts with every address; protocol defaults to TCP).

use crate::api::pod::PodSpec;

/// Upstream's reason when a host port is taken.
pub const ERR_REASON_PORTS: &str = "node(s) didn't have free ports for the requested pod ports";

const ANY_IP: &str = "0.0.0.0";

/// One host port a pod binds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct HostPort {
    pub ip: String,
    pub protocol: String,
    pub port: i32,
}

impl HostPort {
    /// Whether two host ports cannot coexist on one node.
    pub fn conflicts(&self, other: &HostPort) -> bool {
        self.port == other.port
            && self.protocol == other.protocol
            && (self.ip == other.ip || self.ip == ANY_IP || other.ip == ANY_IP)
    }
}

/// The host ports of the pod's containers and restartable init containers, with upstream's
/// defaults (address 0.0.0.0, protocol TCP); ports without `hostPort` do not count.
pub fn pod_host_ports(spec: &PodSpec) -> Vec<HostPort> {
    let sidecars = spec
        .init_containers
        .iter()
        .flatten()
        .filter(|c| c.restart_policy.as_deref() == Some("Always"));
    spec.containers
        .iter()
        .chain(sidecars)
        .flat_map(|c| c.ports.iter().flatten())
        .filter_map(|p| {
            let port = p.host_port.filter(|hp| *hp > 0)?;
            Some(HostPort {
                ip: p
                    .host_ip
                    .clone()
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| ANY_IP.into()),
                protocol: p
                    .protocol
                    .clone()
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "TCP".into()),
                port,
            })
        })
        .collect()
}

/// The first of `wanted` that conflicts with a port in `used`.
pub fn first_conflict<'a>(wanted: &'a [HostPort], used: &[HostPort]) -> Option<&'a HostPort> {
    wanted.iter().find(|w| used.iter().any(|u| w.conflicts(u)))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn conflicts_follow_protocol_port_and_address() {
        let spec: PodSpec = serde_json::from_value(json!({"containers": [{"name": "a", "ports": [
            {"containerPort": 80, "hostPort": 8080},
            {"containerPort": 53, "hostPort": 53, "protocol": "UDP", "hostIP": "10.0.0.1"},
            {"containerPort": 9090}
        ]}]}))
        .unwrap();
        let ports = pod_host_ports(&spec);
        assert_eq!(ports.len(), 2);
        let tcp_8080 = HostPort {
            ip: "10.0.0.2".into(),
            protocol: "TCP".into(),
            port: 8080,
        };
        let udp_53_other = HostPort {
            ip: "10.0.0.2".into(),
            protocol: "UDP".into(),
            port: 53,
        };
        let tcp_53 = HostPort {
            ip: ANY_IP.into(),
            protocol: "TCP".into(),
            port: 53,
        };
        assert_eq!(
            first_conflict(&ports, std::slice::from_ref(&tcp_8080)),
            Some(&ports[0])
        );
        assert_eq!(first_conflict(&ports, &[udp_53_other, tcp_53]), None);
        assert_eq!(first_conflict(&ports, &[]), None);
    }
}
