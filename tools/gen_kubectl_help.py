"""Writes src/kubectl/help_text.rs: kubectl's own `--help` text for the commands
c.kubectl understands, taken from the real kubectl (Apache-2.0).

Run from the repository root with kubectl on PATH (or KUBECTL=/path/to/kubectl):
    python3 tools/gen_kubectl_help.py
"""

import os
import subprocess

KUBECTL = os.environ.get("KUBECTL", "kubectl")

COMMANDS = [
    "",
    "get",
    "describe",
    "apply",
    "create",
    "create deployment",
    "create job",
    "create cronjob",
    "create service",
    "create service clusterip",
    "create service nodeport",
    "create service loadbalancer",
    "create service externalname",
    "create namespace",
    "create configmap",
    "delete",
    "scale",
    "cordon",
    "uncordon",
    "drain",
    "label",
    "annotate",
    "taint",
    "set",
    "set image",
    "rollout",
    "rollout status",
    "rollout history",
    "rollout undo",
    "rollout pause",
    "rollout resume",
    "rollout restart",
    "run",
    "expose",
    "logs",
    "explain",
    "api-resources",
    "api-versions",
    "version",
]


def help_text(command: str) -> str:
    args = [KUBECTL, *command.split(), "--help"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return out


def main() -> None:
    version = subprocess.run(
        [KUBECTL, "version", "--client"], capture_output=True, text=True, check=True
    ).stdout.splitlines()[0]
    lines = [
        "//! kubectl's `--help` text for the commands c.kubectl understands, written by",
        "//! tools/gen_kubectl_help.py from the real kubectl (Apache-2.0, kubernetes/kubectl;",
        f"//! {version.strip()}). Do not edit by hand.",
        "",
        "/// (command path, help text); the empty path is `kubectl --help`.",
        "pub(crate) const HELP: &[(&str, &str)] = &[",
    ]
    for command in COMMANDS:
        text = help_text(command)
        assert '"####' not in text
        lines.append(f'    ("{command}", r####"{text}"####),')
    lines.append("];")
    with open("src/kubectl/help_text.rs", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
