//! `kubectl run NAME --image=IMAGE [-it] [--rm] [--restart=Never] -- CMD...` on the
//! simulated cluster (staging/src/k8s.io/kubectl/pkg/cmd/run/run.go).
//!
//! kubesim runs no processes, but the commands students type into a throwaway pod to look
//! at the cluster only ask the cluster things kubesim knows: `nslookup`, `host` and `dig`
//! ask the cluster DNS (src/sim/dns.rs), `wget`/`curl` of a Service name resolve it and
//! reach its endpoints, and `echo`, `date`, `env`, `sleep`, `true` need no network. For an
//! attached run (`-i`) their output is printed as kubectl prints an attached session;
//! `--rm` deletes the pod afterwards, printing kubectl's deletion line. Any other command
//! is said plainly not to run.

use crate::api::object::Object;
use crate::controllers::Propagation;
use crate::kubectl::command::Run;
use crate::kubectl::messages::deleted;
use crate::kubectl::{KubectlError, ResourceType};
use crate::sim::dns::{Answer, DNS_SERVER};
use crate::sim::engine::Cluster;
use crate::sim::kubectl::sim_error;
use crate::sim::kubectl_create::run_pod;
use crate::sim::store::Key;

/// Splits `sh -c "nslookup web"` into the inner command's words; other commands as given.
fn inner_words(command: &[String]) -> Vec<String> {
    match command {
        [sh, flag, script, ..]
            if (sh == "sh" || sh == "/bin/sh" || sh == "bash") && flag == "-c" =>
        {
            crate::kubectl::split_words(script).unwrap_or_else(|_| command.to_vec())
        }
        _ => command.to_vec(),
    }
}

/// `http://web:8080/path` or `web.default.svc` to (host, port).
fn host_port(url: &str) -> (String, u16) {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .unwrap_or(url);
    let authority = rest.split('/').next().unwrap_or(rest);
    match authority.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse().unwrap_or(80)),
        None => (authority.to_string(), 80),
    }
}

impl Cluster {
    /// `kubectl run`: creates the pod; for an attached run, prints the command's simulated
    /// output and, with `--rm`, deletes the pod.
    pub(crate) fn kubectl_run(&mut self, r: &Run, namespace: &str) -> Result<String, KubectlError> {
        let created = self.create_generated(&run_pod(r), namespace)?;
        if !r.interactive {
            return Ok(created);
        }
        let mut out = if r.command.is_empty() {
            "kubesim runs no containers, so there is no shell to attach to; pass a command after --, e.g. -- nslookup web\n".to_string()
        } else {
            self.simulated_output(&inner_words(&r.command), &r.name, namespace)
        };
        if r.rm {
            let key = Key::pod(namespace, &r.name);
            self.delete(&key, Propagation::Background, "kubectl")
                .map_err(sim_error)?;
            out.push_str(&deleted(ResourceType::Pod, &r.name, Some(namespace), false));
        }
        Ok(out)
    }

    /// What a command prints inside a pod of `namespace`, from the cluster's state.
    pub fn simulated_output(&self, words: &[String], pod: &str, namespace: &str) -> String {
        let Some((program, args)) = words.split_first() else {
            return String::new();
        };
        let program = program.rsplit('/').next().unwrap_or(program);
        let operand = args
            .iter()
            .find(|a| !a.starts_with('-') && !a.starts_with('+'));
        match (program, operand) {
            ("nslookup", Some(name)) => self.nslookup(name, namespace),
            ("host", Some(name)) => match self.resolve(name, namespace) {
                Ok(a) => a
                    .ips()
                    .iter()
                    .map(|ip| format!("{} has address {ip}\n", a.fqdn()))
                    .collect(),
                Err(nx) => format!("Host {name} not found: 3(NXDOMAIN)\n", name = nx.fqdn),
            },
            ("dig", Some(name)) => self.dig(name, namespace, args.iter().any(|a| a == "+short")),
            ("wget" | "curl", Some(url)) => self.fetch_url(program, url, namespace),
            ("echo", _) => format!("{}\n", args.join(" ")),
            ("date", _) => format!("{}\n", unix_date(&self.now.to_rfc3339())),
            ("env" | "printenv", _) => pod_env(pod),
            ("sleep" | "true", _) => String::new(),
            _ => format!(
                "kubesim runs no containers: the output of {:?} is not simulated (simulated: nslookup, host, dig, wget, curl, echo, date, env, sleep)\n",
                words.join(" ")
            ),
        }
    }

    fn dig(&self, name: &str, namespace: &str, short: bool) -> String {
        match self.resolve(name, namespace) {
            Ok(a) if short => a.ips().iter().map(|ip| format!("{ip}\n")).collect(),
            Ok(a) => {
                let mut out = format!(";; QUESTION SECTION:\n;{}.\t\tIN\tA\n\n;; ANSWER SECTION:\n", a.fqdn());
                for ip in a.ips() {
                    out.push_str(&format!("{}.\t30\tIN\tA\t{ip}\n", a.fqdn()));
                }
                out.push_str(&format!("\n;; SERVER: {DNS_SERVER}#53({DNS_SERVER})\n"));
                out
            }
            Err(_) if short => String::new(),
            Err(nx) => format!(";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN\n;; QUESTION SECTION:\n;{}.\t\tIN\tA\n\n;; SERVER: {DNS_SERVER}#53({DNS_SERVER})\n", nx.fqdn),
        }
    }

    /// busybox `wget` / `curl` of a Service or pod name: the name is resolved, and the
    /// request reaches a ready endpoint or is refused; no response body is invented.
    fn fetch_url(&self, program: &str, url: &str, namespace: &str) -> String {
        let (host, port) = host_port(url);
        let answer = match self.resolve(&host, namespace) {
            Ok(a) => a,
            Err(_) if program == "curl" => {
                return format!("curl: (6) Could not resolve host: {host}\n")
            }
            Err(_) => return format!("wget: bad address '{host}:{port}'\n"),
        };
        let Some(ip) = answer.ips().into_iter().next() else {
            return format!("wget: bad address '{host}:{port}'\n");
        };
        let endpoints = self.ready_endpoints(&answer, namespace);
        if endpoints.is_empty() {
            return match program {
                "curl" => format!("curl: (7) Failed to connect to {host} port {port}: Connection refused\n"),
                _ => format!("Connecting to {host}:{port} ({ip}:{port})\nwget: can't connect to remote host ({ip}): Connection refused\n"),
            };
        }
        let prefix = if program == "wget" {
            format!("Connecting to {host}:{port} ({ip}:{port})\n")
        } else {
            String::new()
        };
        format!(
            "{prefix}[kubesim] the request reaches one of {} ready endpoint(s): {}; kubesim runs no containers, so there is no response body\n",
            endpoints.len(),
            endpoints.join(", ")
        )
    }

    /// The pod IPs behind an answer: the pod itself, or the ready pods a Service selects.
    fn ready_endpoints(&self, answer: &Answer, namespace: &str) -> Vec<String> {
        match answer {
            Answer::Pod { ip, .. } => vec![ip.clone()],
            Answer::Service {
                headless: true,
                ips,
                ..
            } => ips.clone(),
            Answer::Service { fqdn, .. } => {
                let mut parts = fqdn.split('.');
                let (svc, ns) = (
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(namespace),
                );
                match self.store.get(&Key::new("Service", ns, svc)) {
                    Some(Object::Service(s)) => self.service_endpoints(s),
                    _ => Vec::new(),
                }
            }
        }
    }
}

/// `env`: what the kubelet puts in every container's environment (the pod name as
/// HOSTNAME, the `kubernetes` Service's variables) plus PATH and HOME as busybox has them.
fn pod_env(pod: &str) -> String {
    format!(
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n\
HOSTNAME={pod}\n\
KUBERNETES_SERVICE_HOST=10.96.0.1\n\
KUBERNETES_SERVICE_PORT=443\n\
KUBERNETES_SERVICE_PORT_HTTPS=443\n\
KUBERNETES_PORT=tcp://10.96.0.1:443\n\
KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443\n\
KUBERNETES_PORT_443_TCP_PROTO=tcp\n\
KUBERNETES_PORT_443_TCP_PORT=443\n\
KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1\n\
HOME=/root\n"
    )
}

/// `date`'s default format in UTC (`Mon Dec  7 20:52:00 UTC 2026`) from RFC 3339 text.
fn unix_date(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.format("%a %b %e %H:%M:%S UTC %Y").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_and_port() {
        let rows = [
            ("web", ("web", 80)),
            ("http://web:8080/healthz", ("web", 8080)),
            (
                "web.default.svc.cluster.local:81",
                ("web.default.svc.cluster.local", 81),
            ),
            ("https://api/x", ("api", 80)),
        ];
        for (url, (host, port)) in rows {
            assert_eq!(host_port(url), (host.to_string(), port), "{url}");
        }
    }

    #[test]
    fn date_prints_like_gnu_and_busybox_date() {
        let rows = [
            ("2026-12-07T20:52:00Z", "Mon Dec  7 20:52:00 UTC 2026"),
            ("1970-01-01T00:00:00Z", "Thu Jan  1 00:00:00 UTC 1970"),
            ("2024-02-29T12:00:01Z", "Thu Feb 29 12:00:01 UTC 2024"),
            ("2000-03-01T23:59:59Z", "Wed Mar  1 23:59:59 UTC 2000"),
        ];
        for (rfc, want) in rows {
            assert_eq!(unix_date(rfc), want, "{rfc}");
        }
    }

    #[test]
    fn sh_c_scripts_are_looked_into() {
        let w = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            inner_words(&w(&["sh", "-c", "nslookup web"])),
            w(&["nslookup", "web"])
        );
        assert_eq!(inner_words(&w(&["echo", "hi"])), w(&["echo", "hi"]));
    }
}
