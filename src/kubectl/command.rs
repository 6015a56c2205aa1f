//! kubectl command lines to typed commands.
//!
//! The verbs, flags and argument forms follow kubectl v1.36 (staging/src/k8s.io/kubectl/pkg/cmd):
//! `get`, `describe`, `apply`, `create`, `delete`, `scale`, `cordon`, `uncordon`, `drain`,
//! `label`, `taint`, `set image`, `rollout`, `run`. Verbs that need a real container runtime
//! (`logs`, `exec`, ...) are refused with an explanation rather than a bare "unknown command".
//! Parsing only checks the shape of the command; whether the objects exist is the
//! simulator's business.

use super::error::{suggest, KubectlError};
use super::flags::{flag, parse_args, Args, Flag, Takes};
use super::generate::{Generate, ServiceSpec};
use super::lexer::split_words;
use super::resource::ResourceType;
use crate::selector;

/// A parsed command line: the command and the namespace it runs in (`-n`), if given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub command: Command,
    /// `-n/--namespace`; `None` means the default namespace.
    pub namespace: Option<String>,
    /// `--dry-run=client|server` on the verbs that write.
    pub dry_run: DryRun,
    /// `-o yaml|json|name|jsonpath=` on the verbs that write (`get` keeps its own in
    /// [`Get`]).
    pub output: Option<OutputFormat>,
    /// The template of `-o jsonpath=...` on a writing verb.
    pub template: Option<String>,
}

/// `--dry-run` (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go, `GetDryRunStrategy`):
/// `client` builds the object without sending it, `server` lets the API server check and
/// default it without storing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DryRun {
    #[default]
    None,
    Client,
    Server,
}

impl DryRun {
    /// What kubectl appends to its one-line result: ` (dry run)`, ` (server dry run)`.
    pub fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// One kubectl command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Get(Get),
    Describe(Describe),
    /// `apply -f FILE...`
    Apply {
        files: Vec<String>,
    },
    /// `create -f FILE...`
    CreateFromFiles {
        files: Vec<String>,
    },
    CreateDeployment(CreateDeployment),
    CreateJob(CreateJob),
    /// `create cronjob|service|namespace|configmap ...`: an object a generator builds.
    Create(Generate),
    /// `annotate TYPE NAME key=value key-`: like `label`, on annotations.
    Annotate(Label),
    Expose(Expose),
    Delete(Delete),
    Scale(Scale),
    Cordon {
        node: String,
    },
    Uncordon {
        node: String,
    },
    Drain(Drain),
    Label(Label),
    Taint(Taint),
    SetImage(SetImage),
    Rollout(Rollout),
    Run(Run),
    /// `help [COMMAND...]` or `COMMAND... --help`: kubectl's usage text.
    Help(Vec<String>),
    /// `api-resources [--namespaced=BOOL] [-o name|wide]`.
    ApiResources {
        namespaced: Option<bool>,
        output: Option<String>,
    },
    ApiVersions,
    /// `explain RESOURCE[.field.path] [--recursive]`.
    Explain {
        path: String,
        recursive: bool,
    },
    /// `version [--client]`.
    Version {
        client: bool,
    },
}

/// One resource argument: a type, and a name unless the whole type is meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub resource: ResourceType,
    pub name: Option<String>,
}

/// How `get` prints (`-o`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Table,
    Wide,
    Name,
    Yaml,
    Json,
    /// `-o jsonpath=TEMPLATE`; the template is in [`Get::template`].
    JsonPath,
    /// `-o custom-columns=HEADER:PATH,...`; the spec is in [`Get::template`].
    CustomColumns,
}

/// `get TYPE[,TYPE...] [NAME...]` or `get TYPE/NAME...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Get {
    pub targets: Vec<Target>,
    pub output: OutputFormat,
    /// `-l`, already checked to parse.
    pub selector: Option<String>,
    pub all_namespaces: bool,
    pub show_labels: bool,
    /// One named object was asked for, so `-o yaml/json` prints it bare rather than in a
    /// `List` (kubectl's "single item implied").
    pub single_item: bool,
    /// Several types were asked for (`all`, `pods,svc`, `deploy/a rs/b`), so names are
    /// printed with their kind (`deployment.apps/nginx`), as kubectl's
    /// `MultipleTypesRequested` decides.
    pub with_kind: bool,
    /// The JSONPath template or custom-columns spec of `-o jsonpath=`/`-o custom-columns=`.
    pub template: Option<String>,
    /// `--sort-by=JSONPATH`.
    pub sort_by: Option<String>,
    /// `--field-selector=key=value,key!=value`, already checked to parse.
    pub field_selector: Option<String>,
}

/// `describe TYPE [NAME...]` or `describe TYPE/NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Describe {
    pub targets: Vec<Target>,
    pub selector: Option<String>,
    pub all_namespaces: bool,
}

/// `create deployment NAME --image=IMAGE [--replicas=N] [--port=N]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateDeployment {
    pub name: String,
    /// One container per image, named after the image as kubectl names them.
    pub images: Vec<String>,
    pub replicas: i32,
    pub port: Option<i32>,
}

/// `create job NAME --from=cronjob/NAME` or `create job NAME --image=IMAGE [-- COMMAND...]`
/// (staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateJob {
    pub name: String,
    /// The CronJob whose job template the Job copies.
    pub from_cronjob: Option<String>,
    pub image: Option<String>,
    pub command: Vec<String>,
}

/// What `delete` removes: objects from files, or named objects, or all matching `-l`/`--all`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeleteTarget {
    Files(Vec<String>),
    Objects(Vec<Target>),
}

/// How dependents are handled (`--cascade`), as metav1.DeletionPropagation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cascade {
    #[default]
    Background,
    Foreground,
    Orphan,
}

/// `delete TYPE NAME...`, `delete TYPE/NAME`, `delete TYPE -l SEL`, `delete TYPE --all`,
/// `delete -f FILE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delete {
    pub target: DeleteTarget,
    pub selector: Option<String>,
    pub all: bool,
    pub cascade: Cascade,
    /// `--grace-period=N` (`--now` is 1, `--force` with 0 deletes at once).
    pub grace_period: Option<i64>,
    pub force: bool,
}

/// `scale TYPE/NAME --replicas=N` or `scale TYPE NAME --replicas=N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub resource: ResourceType,
    pub name: String,
    pub replicas: i32,
    /// `--current-replicas`: scale only if the current count matches.
    pub current_replicas: Option<i32>,
}

/// `drain NODE [--ignore-daemonsets] [--delete-emptydir-data] [--force]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drain {
    pub node: String,
    pub ignore_daemonsets: bool,
    pub delete_emptydir_data: bool,
    pub force: bool,
    pub grace_period: Option<i64>,
}

/// One change of `label`: `key=value` sets, `key-` removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelChange {
    Set { key: String, value: String },
    Remove { key: String },
}

/// `label TYPE NAME key=value key-` (also `TYPE/NAME`), with `--overwrite`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub targets: Vec<Target>,
    pub changes: Vec<LabelChange>,
    pub overwrite: bool,
}

/// One change of `taint`: `key[=value]:Effect` adds, `key[:Effect]-` removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaintChange {
    Add {
        key: String,
        value: Option<String>,
        effect: String,
    },
    Remove {
        key: String,
        effect: Option<String>,
    },
}

/// `taint nodes NODE key=value:Effect key:Effect-`, with `--overwrite`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taint {
    pub node: String,
    pub changes: Vec<TaintChange>,
    pub overwrite: bool,
}

/// `set image TYPE/NAME CONTAINER=IMAGE...` (`*=IMAGE` sets every container).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetImage {
    pub resource: ResourceType,
    pub name: String,
    pub images: Vec<(String, String)>,
}

/// The `rollout` subcommands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RolloutAction {
    Status,
    History,
    Undo,
    Pause,
    Resume,
    Restart,
}

/// `rollout ACTION TYPE/NAME [--revision=N] [--to-revision=N]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollout {
    pub action: RolloutAction,
    pub resource: ResourceType,
    pub name: String,
    /// `history --revision=N` and `status --revision=N`.
    pub revision: Option<i64>,
    /// `undo --to-revision=N`; 0 or unset means the previous revision.
    pub to_revision: Option<i64>,
    /// `status --watch=false` prints the status once instead of following it.
    pub watch: bool,
}

/// `expose TYPE NAME --port=N [--target-port=N] [--type=T] [--name=N]`
/// (staging/src/k8s.io/kubectl/pkg/cmd/expose/expose.go): a Service selecting what the
/// object selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expose {
    pub resource: ResourceType,
    pub name: String,
    pub port: Option<i32>,
    pub target_port: Option<String>,
    pub type_: Option<String>,
    pub service_name: Option<String>,
    pub protocol: Option<String>,
    pub cluster_ip: Option<String>,
}

/// `run NAME --image=IMAGE [--restart=Never] [--labels=...] [--port=N] [-- COMMAND...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub name: String,
    pub image: String,
    /// Always (the default), OnFailure or Never.
    pub restart: String,
    pub labels: Vec<(String, String)>,
    pub port: Option<i32>,
    pub command: Vec<String>,
    /// `-i`/`-t`/`--rm`: an interactive session, which the simulator can only imitate.
    pub interactive: bool,
    pub tty: bool,
    pub rm: bool,
    /// `--command`: the words after `--` replace the image's command instead of its args.
    pub as_command: bool,
}

const VERBS: &[&str] = &[
    "get",
    "describe",
    "apply",
    "create",
    "delete",
    "scale",
    "cordon",
    "uncordon",
    "drain",
    "label",
    "annotate",
    "taint",
    "set",
    "rollout",
    "run",
    "expose",
    "api-resources",
    "api-versions",
    "version",
    "help",
];

/// Verbs of real kubectl that need a container runtime or an editor; refused politely.
const UNSUPPORTED: &[(&str, &str, &str)] = &[
    (
        "logs",
        "containers in kubesim run no processes, so there is no log output",
        "kubesim의 컨테이너는 실제 프로세스를 실행하지 않으므로 로그가 없습니다",
    ),
    (
        "exec",
        "containers in kubesim run no processes, so there is nothing to exec into",
        "kubesim의 컨테이너는 실제 프로세스를 실행하지 않으므로 exec할 대상이 없습니다",
    ),
    (
        "attach",
        "containers in kubesim run no processes, so there is nothing to attach to",
        "kubesim의 컨테이너는 실제 프로세스를 실행하지 않으므로 attach할 대상이 없습니다",
    ),
    (
        "port-forward",
        "kubesim has no network to forward ports from",
        "kubesim에는 포트를 포워딩할 네트워크가 없습니다",
    ),
    (
        "edit",
        "there is no editor inside a simulation; change the manifest and apply it again",
        "시뮬레이션 안에는 편집기가 없습니다; 매니페스트를 고쳐 다시 apply하세요",
    ),
    (
        "patch",
        "patches are not simulated; change the manifest and apply it again",
        "patch는 지원하지 않습니다; 매니페스트를 고쳐 다시 apply하세요",
    ),
    (
        "top",
        "kubesim has no metrics server, so there is no CPU or memory usage to show",
        "kubesim에는 metrics-server가 없어 CPU/메모리 사용량을 보여줄 수 없습니다",
    ),
    (
        "autoscale",
        "there is no HorizontalPodAutoscaler in kubesim",
        "kubesim에는 HorizontalPodAutoscaler가 없습니다",
    ),
];

/// Parses a kubectl command line such as `get pods -o wide` (a leading `kubectl` is allowed).
pub fn parse(line: &str) -> Result<Invocation, KubectlError> {
    let mut words = split_words(line)?;
    if words.first().map(String::as_str) == Some("kubectl") {
        words.remove(0);
    }
    // Global flags may come before the verb: `kubectl -n prod get pods`.
    let mut leading = Vec::new();
    while let Some(first) = words.first() {
        if !first.starts_with('-') {
            break;
        }
        let w = words.remove(0);
        let takes_value = matches!(w.as_str(), "-n" | "--namespace");
        leading.push(w);
        if takes_value && !words.is_empty() {
            leading.push(words.remove(0));
        }
    }
    // `--help`/`-h` anywhere before `--` asks for the usage text of the command named.
    let before_dashes = words.iter().take_while(|w| *w != "--");
    if before_dashes.clone().any(|w| w == "--help" || w == "-h") {
        let path: Vec<String> = words
            .iter()
            .take_while(|w| *w != "--")
            .filter(|w| !w.starts_with('-'))
            .cloned()
            .collect();
        return Ok(simple(Command::Help(path)));
    }
    let Some(verb) = words.first().cloned() else {
        return Err(KubectlError::new(
            "no command given: try 'get pods'",
            "명령이 없습니다: 예를 들어 'get pods'를 입력해 보세요",
        ));
    };
    let rest: Vec<String> = leading
        .into_iter()
        .chain(words.into_iter().skip(1))
        .collect();
    let (command, args) = match verb.as_str() {
        "get" => parse_get(&rest)?,
        "describe" => parse_describe(&rest)?,
        "apply" => parse_files("apply", &rest, |files| Command::Apply { files })?,
        "create" => parse_create(&rest)?,
        "delete" => parse_delete(&rest)?,
        "scale" => parse_scale(&rest)?,
        "cordon" | "uncordon" => parse_cordon(&verb, &rest)?,
        "drain" => parse_drain(&rest)?,
        "label" => parse_label(&rest)?,
        "taint" => parse_taint(&rest)?,
        "set" => parse_set(&rest)?,
        "rollout" => parse_rollout(&rest)?,
        "run" => parse_run(&rest)?,
        "annotate" => parse_annotate(&rest)?,
        "help" => {
            let args = parse_args("help", &rest, &[])?;
            (Command::Help(args.positionals.clone()), args)
        }
        "api-resources" => {
            let specs = [
                flag("namespaced", None, Takes::Value),
                flag("output", Some('o'), Takes::Value),
            ];
            let args = parse_args("api-resources", &rest, &specs)?;
            let namespaced = match args.last("namespaced") {
                None => None,
                Some(_) => Some(args.bool("namespaced")?),
            };
            let output = args.last("output").map(str::to_string);
            if let Some(o) = output.as_deref().filter(|o| *o != "name" && *o != "wide") {
                return Err(KubectlError::new(
                    format!("--output {o} is not available in api-resources"),
                    format!("api-resources의 출력 형식은 name과 wide뿐입니다 (입력: {o})"),
                ));
            }
            if !args.positionals.is_empty() {
                return Err(extra_args("api-resources", &args.positionals));
            }
            (Command::ApiResources { namespaced, output }, args)
        }
        "explain" => {
            let specs = [
                flag("recursive", None, Takes::Bool),
                flag("api-version", None, Takes::Value),
                flag("output", Some('o'), Takes::Value),
            ];
            let args = parse_args("explain", &rest, &specs)?;
            let path = match args.positionals.as_slice() {
                [p] => p.clone(),
                [] => {
                    return Err(too_few(
                        "explain",
                        "You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.",
                        "설명할 리소스 종류를 지정해야 합니다 (예: kubectl explain deployment.spec.replicas)",
                    ))
                }
                [_, extra @ ..] => return Err(extra_args("explain", extra)),
            };
            let recursive = args.bool("recursive")?;
            (Command::Explain { path, recursive }, args)
        }
        "api-versions" => {
            let args = parse_args("api-versions", &rest, &[])?;
            (Command::ApiVersions, args)
        }
        "version" => {
            let args = parse_args("version", &rest, &[flag("client", None, Takes::Bool)])?;
            let client = args.bool("client")?;
            (Command::Version { client }, args)
        }
        "expose" => parse_expose(&rest)?,
        other => return Err(unknown_verb(other)),
    };
    let (dry_run, output, template) = match verb.as_str() {
        "get" | "describe" | "help" | "api-resources" | "api-versions" | "version" | "explain" => {
            (DryRun::None, None, None)
        }
        _ => {
            let (dry_run, output) = write_options(&args)?;
            (dry_run, output, output_template(args.last("output"))?)
        }
    };
    let namespace = args.last("namespace").map(str::to_string);
    if namespace.as_deref() == Some("") {
        return Err(KubectlError::new(
            "a namespace must be specified: --namespace is empty",
            "--namespace 값이 비어 있습니다",
        ));
    }
    Ok(Invocation {
        command,
        namespace,
        dry_run,
        output,
        template,
    })
}

/// An invocation with no namespace and no write options.
fn simple(command: Command) -> Invocation {
    Invocation {
        command,
        namespace: None,
        dry_run: DryRun::None,
        output: None,
        template: None,
    }
}

fn unknown_verb(verb: &str) -> KubectlError {
    if let Some((_, en, ko)) = UNSUPPORTED.iter().find(|(v, _, _)| *v == verb) {
        return KubectlError::new(
            format!("'kubectl {verb}' is not available in kubesim: {en}"),
            format!("kubesim에서는 'kubectl {verb}'를 쓸 수 없습니다: {ko}"),
        );
    }
    let err = KubectlError::new(
        format!("unknown command {verb:?} for \"kubectl\""),
        format!("kubectl에 {verb:?}라는 명령은 없습니다"),
    );
    match suggest(verb, VERBS.iter().copied()) {
        Some(s) => err.with_hint(
            format!("did you mean {s:?}?"),
            format!("{s:?}을(를) 입력하려던 것인가요?"),
        ),
        None => err.with_hint(
            format!("kubesim understands: {}", VERBS.join(", ")),
            format!("kubesim이 아는 명령: {}", VERBS.join(", ")),
        ),
    }
}

fn too_few(verb: &str, en: &str, ko: &str) -> KubectlError {
    KubectlError::new(en.to_string(), ko.to_string()).with_hint(
        format!("See 'kubectl {verb} -h' for help and examples"),
        format!("도움말과 예시는 'kubectl {verb} -h'를 보세요"),
    )
}

fn extra_args(verb: &str, extra: &[String]) -> KubectlError {
    KubectlError::new(
        format!(
            "unexpected arguments for 'kubectl {verb}': {}",
            extra.join(" ")
        ),
        format!(
            "'kubectl {verb}'에 필요 없는 인자가 있습니다: {}",
            extra.join(" ")
        ),
    )
}

/// Reads resource arguments the way kubectl's resource builder does: either
/// `TYPE[,TYPE...] [NAME...]` or only `TYPE/NAME` words, never a mix.
fn parse_targets(verb: &str, words: &[String]) -> Result<(Vec<Target>, bool), KubectlError> {
    let Some(first) = words.first() else {
        return Ok((Vec::new(), false));
    };
    if words.iter().any(|w| w.contains('/')) {
        if !words.iter().all(|w| w.contains('/')) {
            return Err(KubectlError::new(
                format!("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl {verb} resource/<resource_name>' instead of 'kubectl {verb} resource resource/<resource_name>'"),
                format!("resource/name 형식을 쓸 때는 리소스 종류를 따로 적지 않습니다 (예: 'kubectl {verb} resource resource/<이름>' 대신 'kubectl {verb} resource/<이름>')"),
            ));
        }
        let mut targets = Vec::new();
        for w in words {
            let (t, name) = w.split_once('/').unwrap_or((w.as_str(), ""));
            if name.is_empty() || name.contains('/') {
                return Err(KubectlError::new(
                    format!("arguments in resource/name form must have a single resource and name: {w:?}"),
                    format!("resource/name 형식에는 리소스 종류와 이름이 하나씩 있어야 합니다: {w:?}"),
                ));
            }
            let resource = ResourceType::parse(t)?;
            if resource == ResourceType::All {
                return Err(all_in_slash_form());
            }
            targets.push(Target {
                resource,
                name: Some(name.to_string()),
            });
        }
        let types: std::collections::BTreeSet<_> = targets.iter().map(|t| t.resource).collect();
        let multiple = types.len() > 1;
        return Ok((targets, multiple));
    }
    let mut types = Vec::new();
    for t in first.split(',') {
        if t.is_empty() {
            continue;
        }
        let r = ResourceType::parse(t)?;
        if !types.contains(&r) {
            types.push(r);
        }
    }
    let multiple = types.len() > 1 || types.contains(&ResourceType::All);
    let names = &words[1..];
    let mut targets = Vec::new();
    for r in &types {
        if names.is_empty() {
            targets.push(Target {
                resource: *r,
                name: None,
            });
        } else {
            for n in names {
                targets.push(Target {
                    resource: *r,
                    name: Some(n.clone()),
                });
            }
        }
    }
    Ok((targets, multiple))
}

/// `all/x` names no single type.
fn all_in_slash_form() -> KubectlError {
    KubectlError::new(
        "\"all\" is a category of several types and cannot be used in resource/name form",
        "\"all\"은(는) 여러 리소스 종류를 묶은 이름이라 resource/name 형식에 쓸 수 없습니다",
    )
}

fn check_selector(args: &Args) -> Result<Option<String>, KubectlError> {
    let Some(sel) = args.last("selector") else {
        return Ok(None);
    };
    selector::parse(sel).map_err(|e| {
        KubectlError::new(
            format!("unable to parse requirement: {e}"),
            format!("레이블 셀렉터 {sel:?}을(를) 해석할 수 없습니다: {e}"),
        )
    })?;
    Ok(Some(sel.to_string()))
}

/// `--dry-run` and `-o`, accepted by every verb that writes.
const WRITE_FLAGS: [Flag; 2] = [
    flag("dry-run", None, Takes::Optional("unchanged")),
    flag("output", Some('o'), Takes::Value),
];

/// [`parse_args`] for a verb that writes: its own flags plus `--dry-run` and `-o`.
fn parse_write_args(verb: &str, words: &[String], own: &[Flag]) -> Result<Args, KubectlError> {
    let specs: Vec<Flag> = own.iter().copied().chain(WRITE_FLAGS).collect();
    parse_args(verb, words, &specs)
}

/// Reads `--dry-run` and `-o` for a writing verb (`GetDryRunStrategy`; the bare
/// `--dry-run` kubectl still takes as `client`, with a deprecation warning).
fn write_options(args: &Args) -> Result<(DryRun, Option<OutputFormat>), KubectlError> {
    let dry_run = match args.last("dry-run") {
        None | Some("none") | Some("false") => DryRun::None,
        Some("client") | Some("unchanged") | Some("true") => DryRun::Client,
        Some("server") => DryRun::Server,
        Some(other) => {
            return Err(KubectlError::new(
                format!(
                    "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
                ),
                format!(
                "--dry-run 값 {other:?}는 잘못되었습니다. none, server, client 중 하나여야 합니다"
            ),
            ))
        }
    };
    let output = match args.last("output") {
        None | Some("") => None,
        Some(v @ ("yaml" | "json" | "name")) => Some(parse_output(Some(v))?),
        Some(v) if v.starts_with("jsonpath=") => Some(OutputFormat::JsonPath),
        Some(other) => {
            return Err(KubectlError::new(
                format!("unable to match a printer suitable for the output format {other:?}, allowed formats are: json,jsonpath,name,yaml"),
                format!("출력 형식 {other:?}는 여기서 쓸 수 없습니다. 쓸 수 있는 형식: json, name, yaml"),
            ))
        }
    };
    Ok((dry_run, output))
}

fn watch_refused() -> KubectlError {
    KubectlError::new(
        "watching (-w/--watch) is not available in kubesim: simulated time only moves when you call c.run() or c.advance(), so there is nothing to wait for",
        "kubesim에서는 -w/--watch를 쓸 수 없습니다: 시뮬레이션 시간은 c.run()이나 c.advance()을(를) 호출할 때만 흐르므로 기다릴 변화가 없습니다",
    )
    .with_hint(
        "call c.run() (or c.advance(\"30s\")) and then run the get command again",
        "c.run() (또는 c.advance(\"30s\"))을(를) 호출한 뒤 get 명령을 다시 실행하세요",
    )
}

const GET_FLAGS: &[Flag] = &[
    flag("output", Some('o'), Takes::Value),
    flag("selector", Some('l'), Takes::Value),
    flag("all-namespaces", Some('A'), Takes::Bool),
    flag("show-labels", None, Takes::Bool),
    flag("watch", Some('w'), Takes::Bool),
    flag("watch-only", None, Takes::Bool),
    flag("sort-by", None, Takes::Value),
    flag("field-selector", None, Takes::Value),
];

fn parse_output(value: Option<&str>) -> Result<OutputFormat, KubectlError> {
    Ok(match value {
        None | Some("") => OutputFormat::Table,
        Some("wide") => OutputFormat::Wide,
        Some("name") => OutputFormat::Name,
        Some("yaml") => OutputFormat::Yaml,
        Some("json") => OutputFormat::Json,
        Some(v) if v.starts_with("jsonpath=") => OutputFormat::JsonPath,
        Some(v) if v.starts_with("custom-columns=") => OutputFormat::CustomColumns,
        Some(other) => {
            return Err(KubectlError::new(
                format!("unable to match a printer suitable for the output format {other:?}, allowed formats are: custom-columns,json,jsonpath,name,wide,yaml"),
                format!("출력 형식 {other:?}는 지원하지 않습니다. 쓸 수 있는 형식: custom-columns, json, jsonpath, name, wide, yaml"),
            )
            .with_hint(
                "e.g. -o jsonpath='{.items[*].metadata.name}' or -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
                "예: -o jsonpath='{.items[*].metadata.name}' 또는 -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
            ))
        }
    })
}

/// The template of `-o jsonpath=...` or `-o custom-columns=...`, checked to parse.
fn output_template(value: Option<&str>) -> Result<Option<String>, KubectlError> {
    let Some(v) = value else {
        return Ok(None);
    };
    if let Some(t) = v.strip_prefix("jsonpath=") {
        super::jsonpath::Template::parse(t)?;
        return Ok(Some(t.to_string()));
    }
    let Some(spec) = v.strip_prefix("custom-columns=") else {
        return Ok(None);
    };
    for column in spec.split(',') {
        let Some((_, path)) = column.split_once(':') else {
            return Err(KubectlError::new(
                format!("unexpected custom-columns spec: {column}, expected <header>:<json-path-expr>"),
                format!("custom-columns 지정 {column}가 잘못되었습니다: <헤더>:<JSONPath> 형식이어야 합니다 (예: NAME:.metadata.name)"),
            ));
        };
        super::jsonpath::Template::relaxed(path)?;
    }
    Ok(Some(spec.to_string()))
}

/// `--field-selector`: `key=value`, `key==value` or `key!=value`, comma-separated.
pub fn parse_field_selector(spec: &str) -> Result<Vec<(String, bool, String)>, KubectlError> {
    let mut out = Vec::new();
    for part in spec.split(',').filter(|p| !p.trim().is_empty()) {
        let (key, equal, value) = if let Some((k, v)) = part.split_once("!=") {
            (k, false, v)
        } else if let Some((k, v)) = part.split_once("==") {
            (k, true, v)
        } else if let Some((k, v)) = part.split_once('=') {
            (k, true, v)
        } else {
            return Err(KubectlError::new(
                format!("invalid selector: '{part}'; can't understand '{part}'"),
                format!("필드 셀렉터 '{part}'를 해석할 수 없습니다 (예: status.phase=Running)"),
            ));
        };
        out.push((key.trim().to_string(), equal, value.trim().to_string()));
    }
    Ok(out)
}

fn parse_get(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let args = parse_args("get", words, GET_FLAGS)?;
    if args.bool("watch")? || args.bool("watch-only")? {
        return Err(watch_refused());
    }
    if args.positionals.is_empty() {
        return Err(too_few(
            "get",
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.",
            "가져올 리소스 종류를 지정해야 합니다 (예: kubectl get pods)",
        ));
    }
    let (targets, with_kind) = parse_targets("get", &args.positionals)?;
    let selector = check_selector(&args)?;
    let named = targets.iter().any(|t| t.name.is_some());
    if named && selector.is_some() {
        return Err(KubectlError::new(
            "name cannot be provided when a selector is specified",
            "셀렉터(-l)을(를) 쓸 때는 이름을 함께 줄 수 없습니다",
        ));
    }
    let single_item = targets.len() == 1 && named;
    let field_selector = args.last("field-selector").map(str::to_string);
    if let Some(f) = &field_selector {
        parse_field_selector(f)?;
    }
    let sort_by = args.last("sort-by").map(str::to_string);
    if let Some(s) = &sort_by {
        super::jsonpath::Template::relaxed(s)?;
    }
    let get = Get {
        template: output_template(args.last("output"))?,
        sort_by,
        field_selector,
        output: parse_output(args.last("output"))?,
        selector,
        all_namespaces: args.bool("all-namespaces")?,
        show_labels: args.bool("show-labels")?,
        single_item,
        with_kind,
        targets,
    };
    Ok((Command::Get(get), args))
}

const DESCRIBE_FLAGS: &[Flag] = &[
    flag("selector", Some('l'), Takes::Value),
    flag("all-namespaces", Some('A'), Takes::Bool),
];

fn parse_describe(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let args = parse_args("describe", words, DESCRIBE_FLAGS)?;
    if args.positionals.is_empty() {
        return Err(too_few(
            "describe",
            "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.",
            "describe할 리소스 종류를 지정해야 합니다 (예: kubectl describe pod nginx)",
        ));
    }
    let (targets, _) = parse_targets("describe", &args.positionals)?;
    let selector = check_selector(&args)?;
    let describe = Describe {
        targets,
        selector,
        all_namespaces: args.bool("all-namespaces")?,
    };
    Ok((Command::Describe(describe), args))
}

const FILE_FLAGS: &[Flag] = &[flag("filename", Some('f'), Takes::Many)];

fn files_of(verb: &str, args: &Args) -> Result<Vec<String>, KubectlError> {
    let files = args.all("filename");
    if files.is_empty() {
        return Err(too_few(
            verb,
            "must specify one of -f and -k",
            "-f로 파일을 지정해야 합니다 (예: -f deployment.yaml)",
        ));
    }
    if files.iter().any(|f| f == "-") {
        return Err(KubectlError::new(
            "reading manifests from stdin (-f -) is not available: pass a file name, or give the YAML text to c.apply()",
            "표준 입력(-f -)은(는) 읽을 수 없습니다: 파일 이름을 주거나 YAML 텍스트를 c.apply()에 넘기세요",
        ));
    }
    Ok(files)
}

fn parse_files(
    verb: &str,
    words: &[String],
    make: impl FnOnce(Vec<String>) -> Command,
) -> Result<(Command, Args), KubectlError> {
    let args = parse_write_args(verb, words, FILE_FLAGS)?;
    if !args.positionals.is_empty() {
        return Err(extra_args(verb, &args.positionals));
    }
    let files = files_of(verb, &args)?;
    Ok((make(files), args))
}

const CREATE_DEPLOYMENT_FLAGS: &[Flag] = &[
    flag("image", None, Takes::Many),
    flag("replicas", Some('r'), Takes::Value),
    flag("port", None, Takes::Value),
];

fn int32(long: &str, value: i64) -> Result<i32, KubectlError> {
    i32::try_from(value).map_err(|_| {
        KubectlError::new(
            format!("--{long}={value} is out of range for an int32"),
            format!("--{long}={value} 값이 int32 범위를 벗어났습니다"),
        )
    })
}

fn parse_create(words: &[String]) -> Result<(Command, Args), KubectlError> {
    match words.first().map(String::as_str) {
        Some("deployment" | "deploy") => {
            let args = parse_write_args("create deployment", &words[1..], CREATE_DEPLOYMENT_FLAGS)?;
            let [name] = args.positionals.as_slice() else {
                return Err(too_few(
                    "create deployment",
                    "exactly one NAME is required",
                    "이름을 정확히 하나 지정해야 합니다 (예: kubectl create deployment nginx --image=nginx)",
                ));
            };
            let images = args.all("image");
            if images.is_empty() {
                return Err(too_few(
                    "create deployment",
                    "required flag(s) \"image\" not set",
                    "--image 플래그가 필요합니다",
                ));
            }
            let replicas = int32("replicas", args.int("replicas")?.unwrap_or(1))?;
            if replicas < 0 {
                return Err(KubectlError::new(
                    format!("--replicas={replicas}: must be greater than or equal to 0"),
                    format!("--replicas={replicas}: 0 이상이어야 합니다"),
                ));
            }
            let port = args.int("port")?.map(|p| int32("port", p)).transpose()?;
            // With several images, kubectl puts the port on the first container only.
            let create = CreateDeployment {
                name: name.clone(),
                images,
                replicas,
                port,
            };
            Ok((Command::CreateDeployment(create), args))
        }
        Some("job") => parse_create_job(&words[1..]),
        Some("cronjob" | "cj") => parse_create_cronjob(&words[1..]),
        Some("service" | "svc") => parse_create_service(&words[1..]),
        Some("namespace" | "ns") => {
            let args = parse_write_args("create namespace", &words[1..], &[])?;
            let name = one_name("create namespace", &args, "kubectl create namespace dev")?;
            Ok((Command::Create(Generate::Namespace { name }), args))
        }
        Some("configmap" | "cm") => parse_create_configmap(&words[1..]),
        Some(w) if !w.starts_with('-') => {
            let err = KubectlError::new(
                format!(
                    "'kubectl create {w}' is not available in kubesim; it creates {}",
                    CREATE_SUBCOMMANDS.join(", ")
                ),
                format!(
                    "kubesim에서는 'kubectl create {w}'를 쓸 수 없습니다; 만들 수 있는 것: {}",
                    CREATE_SUBCOMMANDS.join(", ")
                ),
            );
            Err(match suggest(w, CREATE_SUBCOMMANDS.iter().copied()) {
                Some(s) => err.with_hint(
                    format!("did you mean 'create {s}'?"),
                    format!("'create {s}'를 입력하려던 것인가요?"),
                ),
                None => err.with_hint(
                    "or write a manifest and use 'create -f FILE'",
                    "또는 매니페스트를 작성해 'create -f 파일'을 쓰세요",
                ),
            })
        }
        _ => parse_files("create", words, |files| Command::CreateFromFiles { files }),
    }
}

/// The `create` subcommands kubesim builds objects for.
const CREATE_SUBCOMMANDS: &[&str] = &[
    "deployment",
    "job",
    "cronjob",
    "service",
    "namespace",
    "configmap",
];

/// Exactly one NAME argument.
fn one_name(verb: &str, args: &Args, example: &str) -> Result<String, KubectlError> {
    match args.positionals.as_slice() {
        [name] => Ok(name.clone()),
        [] => Err(too_few(
            verb,
            "NAME is required",
            &format!("이름이 필요합니다 (예: {example})"),
        )),
        [_, extra @ ..] => Err(extra_args(verb, extra)),
    }
}

const CREATE_CRONJOB_FLAGS: &[Flag] = &[
    flag("image", None, Takes::Value),
    flag("schedule", None, Takes::Value),
    flag("restart", None, Takes::Value),
];

/// `create cronjob NAME --image=IMAGE --schedule='*/1 * * * *' [--restart=Never] [-- CMD...]`
/// (create_cronjob.go: the restart policy defaults to OnFailure).
fn parse_create_cronjob(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let verb = "create cronjob";
    let args = parse_write_args(verb, words, CREATE_CRONJOB_FLAGS)?;
    let name = one_name(
        verb,
        &args,
        "kubectl create cronjob hello --image=busybox --schedule=\"*/1 * * * *\" -- date",
    )?;
    let Some(image) = args.last("image").filter(|i| !i.is_empty()) else {
        return Err(too_few(
            verb,
            "required flag(s) \"image\" not set",
            "--image 플래그가 필요합니다",
        ));
    };
    let Some(schedule) = args.last("schedule").filter(|s| !s.is_empty()) else {
        return Err(too_few(
            verb,
            "required flag(s) \"schedule\" not set",
            "--schedule 플래그가 필요합니다 (예: --schedule=\"*/1 * * * *\")",
        ));
    };
    let restart = args.last("restart").unwrap_or("OnFailure").to_string();
    if !["OnFailure", "Never"].contains(&restart.as_str()) {
        return Err(KubectlError::new(
            format!("invalid restart policy: {restart}"),
            format!(
                "재시작 정책 {restart:?}는 잘못되었습니다: OnFailure, Never 중 하나여야 합니다"
            ),
        ));
    }
    let g = Generate::CronJob {
        name,
        image: image.to_string(),
        schedule: schedule.to_string(),
        restart,
        command: args.trailing.clone(),
    };
    Ok((Command::Create(g), args))
}

const CREATE_SERVICE_FLAGS: &[Flag] = &[
    flag("tcp", None, Takes::Many),
    flag("clusterip", None, Takes::Value),
    flag("node-port", None, Takes::Value),
    flag("external-name", None, Takes::Value),
];

/// `create service clusterip|nodeport|loadbalancer|externalname NAME --tcp=PORT[:TARGET]`.
fn parse_create_service(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let types = [
        ("clusterip", "ClusterIP"),
        ("nodeport", "NodePort"),
        ("loadbalancer", "LoadBalancer"),
        ("externalname", "ExternalName"),
    ];
    let sub = words.first().map(String::as_str).unwrap_or("");
    let Some((sub, type_)) = types.iter().find(|(s, _)| *s == sub) else {
        return Err(too_few(
            "create service",
            &format!("unknown service type {sub:?}: expected clusterip, nodeport, loadbalancer or externalname"),
            &format!("Service 종류 {sub:?}는 없습니다: clusterip, nodeport, loadbalancer, externalname 중 하나"),
        ));
    };
    let verb = format!("create service {sub}");
    let args = parse_write_args(&verb, &words[1..], CREATE_SERVICE_FLAGS)?;
    let name = one_name(
        &verb,
        &args,
        "kubectl create service clusterip web --tcp=80:8080",
    )?;
    let mut tcp = Vec::new();
    for spec in args.all("tcp") {
        let (port, target) = spec
            .split_once(':')
            .unwrap_or((spec.as_str(), spec.as_str()));
        let number = |w: &str| {
            w.parse::<i32>().ok().filter(|p| (1..=65535).contains(p)).ok_or_else(|| {
                KubectlError::new(
                    format!("invalid port {w:?} in --tcp={spec}: must be a number between 1 and 65535"),
                    format!("--tcp={spec}의 포트 {w:?}가 잘못되었습니다: 1에서 65535 사이의 숫자여야 합니다"),
                )
            })
        };
        tcp.push((number(port)?, number(target)?));
    }
    let cluster_ip = args.last("clusterip").map(str::to_string);
    let external_name = args.last("external-name").map(str::to_string);
    if *type_ == "ExternalName" && external_name.is_none() {
        return Err(too_few(
            &verb,
            "required flag(s) \"external-name\" not set",
            "--external-name 플래그가 필요합니다",
        ));
    }
    let headless = cluster_ip.as_deref() == Some("None");
    if tcp.is_empty() && !headless && *type_ != "ExternalName" {
        return Err(too_few(
            &verb,
            "at least one tcp port specifier must be provided",
            "--tcp=포트[:대상포트]를 하나 이상 지정해야 합니다 (예: --tcp=80:8080)",
        ));
    }
    let node_port = args
        .int("node-port")?
        .map(|p| int32("node-port", p))
        .transpose()?;
    let spec = ServiceSpec {
        name,
        type_: type_.to_string(),
        tcp,
        cluster_ip,
        node_port,
        external_name,
    };
    Ok((Command::Create(Generate::Service(spec)), args))
}

const CREATE_CONFIGMAP_FLAGS: &[Flag] = &[
    flag("from-literal", None, Takes::Many),
    flag("from-file", None, Takes::Many),
];

/// `create configmap NAME --from-literal=KEY=VALUE...`; files (`--from-file`) are read by
/// the simulator, so here they are refused with the literal form to use instead.
fn parse_create_configmap(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let verb = "create configmap";
    let args = parse_write_args(verb, words, CREATE_CONFIGMAP_FLAGS)?;
    let name = one_name(
        verb,
        &args,
        "kubectl create configmap app-config --from-literal=MODE=dev",
    )?;
    if !args.all("from-file").is_empty() {
        return Err(KubectlError::new(
            "--from-file is not available in c.kubectl: give the values with --from-literal=KEY=VALUE, or apply a ConfigMap manifest",
            "c.kubectl에서는 --from-file을 쓸 수 없습니다: --from-literal=키=값으로 주거나 ConfigMap 매니페스트를 apply하세요",
        ));
    }
    let mut data = std::collections::BTreeMap::new();
    for lit in args.all("from-literal") {
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(KubectlError::new(
                format!("invalid literal source {lit}, expected key=value"),
                format!("--from-literal={lit}가 잘못되었습니다: 키=값 형식이어야 합니다"),
            ));
        };
        if data.insert(k.to_string(), v.to_string()).is_some() {
            return Err(KubectlError::new(
                format!("cannot add key {k}, another key by that name already exists in Data for ConfigMap \"{name}\""),
                format!("키 {k}가 두 번 주어졌습니다 (ConfigMap \"{name}\")"),
            ));
        }
    }
    Ok((Command::Create(Generate::ConfigMap { name, data }), args))
}

const CREATE_JOB_FLAGS: &[Flag] = &[
    flag("from", None, Takes::Value),
    flag("image", None, Takes::Value),
];

/// `create job`: exactly one of `--from` (a CronJob) and `--image`; a command only with
/// `--image` (CreateJobOptions.Validate).
fn parse_create_job(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let args = parse_write_args("create job", words, CREATE_JOB_FLAGS)?;
    let [name] = args.positionals.as_slice() else {
        return Err(too_few(
            "create job",
            &format!("exactly one NAME is required, got {}", args.positionals.len()),
            "이름을 정확히 하나 지정해야 합니다 (예: kubectl create job backup-now --from=cronjob/backup)",
        ));
    };
    let from = args.last("from").filter(|f| !f.is_empty());
    let image = args.last("image").filter(|i| !i.is_empty());
    if from.is_some() == image.is_some() {
        return Err(KubectlError::new(
            "either --image or --from must be specified",
            "--image와 --from 중 하나만 지정해야 합니다",
        ));
    }
    if from.is_some() && !args.trailing.is_empty() {
        return Err(KubectlError::new(
            "cannot specify --from and command",
            "--from과 명령(-- 뒤)을(를) 함께 쓸 수 없습니다",
        ));
    }
    let from_cronjob = match from {
        None => None,
        Some(f) => {
            let Some((resource, source)) = f.split_once('/').filter(|(_, n)| !n.is_empty()) else {
                return Err(KubectlError::new(
                    format!("arguments in resource/name form must have a single resource and name: {f:?}"),
                    format!("--from은 종류/이름 형식이어야 합니다 (예: cronjob/backup): {f:?}"),
                ));
            };
            if ResourceType::parse(resource)? != ResourceType::CronJob {
                return Err(KubectlError::new(
                    format!("unknown object type for --from={f}: only cronjob is supported"),
                    format!("--from={f}: cronjob만 쓸 수 있습니다"),
                ));
            }
            Some(source.to_string())
        }
    };
    let create = CreateJob {
        name: name.clone(),
        from_cronjob,
        image: image.map(str::to_string),
        command: args.trailing.clone(),
    };
    Ok((Command::CreateJob(create), args))
}

const DELETE_FLAGS: &[Flag] = &[
    flag("filename", Some('f'), Takes::Many),
    flag("selector", Some('l'), Takes::Value),
    flag("all", None, Takes::Bool),
    flag("cascade", None, Takes::Value),
    flag("grace-period", None, Takes::Value),
    flag("now", None, Takes::Bool),
    flag("force", None, Takes::Bool),
    flag("wait", None, Takes::Bool),
];

fn parse_cascade(value: Option<&str>) -> Result<Cascade, KubectlError> {
    Ok(match value {
        None | Some("background") | Some("true") => Cascade::Background,
        Some("foreground") => Cascade::Foreground,
        Some("orphan") | Some("false") => Cascade::Orphan,
        Some(other) => {
            return Err(KubectlError::new(
                format!("invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""),
                format!("--cascade 값 {other:?}은(는) 잘못되었습니다. background, foreground, orphan 중 하나여야 합니다"),
            ))
        }
    })
}

fn parse_delete(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let args = parse_args("delete", words, DELETE_FLAGS)?;
    let files = args.all("filename");
    let selector = check_selector(&args)?;
    let all = args.bool("all")?;
    let target = if !files.is_empty() {
        if !args.positionals.is_empty() {
            return Err(KubectlError::new(
                "Only one type of argument may be specified: file names, resources and names, or resources and label selector",
                "파일(-f)와(과) 리소스 이름을 함께 줄 수 없습니다",
            ));
        }
        DeleteTarget::Files(files_of("delete", &args)?)
    } else {
        let (targets, _) = parse_targets("delete", &args.positionals)?;
        if targets.is_empty() {
            return Err(too_few(
                "delete",
                "You must provide one or more resources by argument or filename.",
                "삭제할 리소스를 인자나 -f 파일로 지정해야 합니다",
            ));
        }
        let named = targets.iter().any(|t| t.name.is_some());
        if !named && selector.is_none() && !all {
            return Err(KubectlError::new(
                "resource(s) were provided, but no name was specified",
                format!(
                    "리소스 종류만 있고 이름이 없습니다 (예: kubectl delete {} <이름>)",
                    args.positionals[0]
                ),
            )
            .with_hint(
                "give a name, a selector (-l) or --all",
                "이름, 셀렉터(-l), --all 중 하나를 주세요",
            ));
        }
        if named && (selector.is_some() || all) {
            return Err(KubectlError::new(
                "name cannot be provided when a selector is specified",
                "셀렉터(-l)나 --all을 쓸 때는 이름을 함께 줄 수 없습니다",
            ));
        }
        if targets.iter().any(|t| t.resource == ResourceType::Event) {
            return Err(KubectlError::new(
                "deleting events is not simulated",
                "이벤트 삭제는 지원하지 않습니다",
            ));
        }
        DeleteTarget::Objects(targets)
    };
    let grace_period = if args.bool("now")? {
        Some(1)
    } else {
        args.int("grace-period")?
    };
    let delete = Delete {
        target,
        selector,
        all,
        cascade: parse_cascade(args.last("cascade"))?,
        grace_period,
        force: args.bool("force")?,
    };
    Ok((Command::Delete(delete), args))
}

/// One named object of one of `allowed` types, from `TYPE/NAME` or `TYPE NAME`.
fn single_target(
    verb: &str,
    words: &[String],
    allowed: &[ResourceType],
) -> Result<(ResourceType, String, Vec<String>), KubectlError> {
    let (resource, name, rest) = match words {
        [] => {
            return Err(too_few(
                verb,
                "required resource not specified",
                "대상 리소스를 지정해야 합니다 (예: deployment/nginx)",
            ))
        }
        [first, rest @ ..] if first.contains('/') => {
            let (t, n) = first.split_once('/').unwrap_or((first, ""));
            (ResourceType::parse(t)?, n.to_string(), rest.to_vec())
        }
        [first, second, rest @ ..] => (ResourceType::parse(first)?, second.clone(), rest.to_vec()),
        [first] => {
            return Err(too_few(
                verb,
                &format!("a resource name is required after {first:?}"),
                &format!("{first:?} 뒤에 리소스 이름이 필요합니다"),
            ))
        }
    };
    if name.is_empty() {
        return Err(too_few(
            verb,
            "a resource name is required",
            "리소스 이름이 필요합니다",
        ));
    }
    if !allowed.contains(&resource) {
        let names: Vec<&str> = allowed.iter().map(|r| r.plural()).collect();
        return Err(KubectlError::new(
            format!(
                "'kubectl {verb}' does not work on {resource}; it works on {}",
                names.join(", ")
            ),
            format!(
                "'kubectl {verb}'는 {resource}에 쓸 수 없습니다; 쓸 수 있는 리소스: {}",
                names.join(", ")
            ),
        ));
    }
    Ok((resource, name, rest))
}

const SCALE_FLAGS: &[Flag] = &[
    flag("replicas", None, Takes::Value),
    flag("current-replicas", None, Takes::Value),
];

fn parse_scale(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let args = parse_write_args("scale", words, SCALE_FLAGS)?;
    let scalable = [
        ResourceType::Deployment,
        ResourceType::ReplicaSet,
        ResourceType::StatefulSet,
    ];
    let (resource, name, rest) = single_target("scale", &args.positionals, &scalable)?;
    if !rest.is_empty() {
        return Err(extra_args("scale", &rest));
    }
    let replicas = match args.int("replicas")? {
        Some(n) if n >= 0 => int32("replicas", n)?,
        _ => return Err(KubectlError::new(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
            "--replicas=개수 플래그가 필요하며, 개수는 0 이상이어야 합니다",
        )),
    };
    let current_replicas = args
        .int("current-replicas")?
        .map(|n| int32("current-replicas", n))
        .transpose()?;
    let scale = Scale {
        resource,
        name,
        replicas,
        current_replicas,
    };
    Ok((Command::Scale(scale), args))
}

fn one_node(verb: &str, args: &Args) -> Result<String, KubectlError> {
    match args.positionals.as_slice() {
        [node] => Ok(node
            .strip_prefix("node/")
            .or_else(|| node.strip_prefix("nodes/"))
            .unwrap_or(node)
            .to_string()),
        [] => Err(too_few(
            verb,
            "USAGE: NODE is required",
            "노드 이름이 필요합니다 (예: kind-worker)",
        )),
        more => Err(extra_args(verb, &more[1..])),
    }
}

fn parse_cordon(verb: &str, words: &[String]) -> Result<(Command, Args), KubectlError> {
    let args = parse_args(verb, words, &[])?;
    let node = one_node(verb, &args)?;
    let command = if verb == "cordon" {
        Command::Cordon { node }
    } else {
        Command::Uncordon { node }
    };
    Ok((command, args))
}

const DRAIN_FLAGS: &[Flag] = &[
    flag("ignore-daemonsets", None, Takes::Bool),
    flag("delete-emptydir-data", None, Takes::Bool),
    flag("force", None, Takes::Bool),
    flag("grace-period", None, Takes::Value),
    flag("timeout", None, Takes::Value),
];

fn parse_drain(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let args = parse_args("drain", words, DRAIN_FLAGS)?;
    let drain = Drain {
        node: one_node("drain", &args)?,
        ignore_daemonsets: args.bool("ignore-daemonsets")?,
        delete_emptydir_data: args.bool("delete-emptydir-data")?,
        force: args.bool("force")?,
        grace_period: args.int("grace-period")?,
    };
    Ok((Command::Drain(drain), args))
}

const LABEL_FLAGS: &[Flag] = &[
    flag("overwrite", None, Takes::Bool),
    flag("selector", Some('l'), Takes::Value),
    flag("all", None, Takes::Bool),
];

/// Checks a label key and value with the API server's rules (via the selector module).
fn check_label(key: &str, value: &str) -> Result<(), KubectlError> {
    selector::Requirement::new(
        key.to_string(),
        selector::Operator::Equals,
        vec![value.to_string()],
    )
    .map(|_| ())
    .map_err(|e| {
        KubectlError::new(
            format!("invalid label {key}={value}: {e}"),
            format!("레이블 {key}={value}이(가) 올바르지 않습니다: {e}"),
        )
    })
}

fn parse_label(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let (label, args) = parse_label_like("label", words)?;
    Ok((Command::Label(label), args))
}

fn parse_annotate(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let (annotate, args) = parse_label_like("annotate", words)?;
    Ok((Command::Annotate(annotate), args))
}

/// `label` and `annotate` share their argument forms; annotation values may hold any
/// text, so only their keys are checked.
fn parse_label_like(verb: &str, words: &[String]) -> Result<(Label, Args), KubectlError> {
    let args = parse_write_args(verb, words, LABEL_FLAGS)?;
    let annotate = verb == "annotate";
    let split = args
        .positionals
        .iter()
        .position(|w| w.contains('=') || w.ends_with('-'))
        .unwrap_or(args.positionals.len());
    let (resource_words, change_words) = args.positionals.split_at(split);
    let (targets, _) = parse_targets("label", resource_words)?;
    if targets.is_empty() || targets.iter().all(|t| t.name.is_none()) {
        return Err(too_few(
            "label",
            "one or more resources must be specified as <resource> <name> or <resource>/<name>",
            "리소스를 <종류> <이름> 또는 <종류>/<이름>으로 지정해야 합니다",
        ));
    }
    if change_words.is_empty() {
        return Err(too_few(
            "label",
            "at least one label update is required",
            "바꿀 레이블이 하나 이상 필요합니다 (예: env=prod 또는 env-)",
        ));
    }
    let mut changes = Vec::new();
    for w in change_words {
        if let Some((k, v)) = w.split_once('=') {
            check_label(k, if annotate { "" } else { v })?;
            changes.push(LabelChange::Set {
                key: k.to_string(),
                value: v.to_string(),
            });
        } else if let Some(k) = w.strip_suffix('-') {
            check_label(k, "")?;
            changes.push(LabelChange::Remove { key: k.to_string() });
        } else {
            return Err(KubectlError::new(
                format!("invalid label spec: {w}"),
                format!("레이블 지정이 올바르지 않습니다: {w} (key=value 또는 key- 형식)"),
            ));
        }
    }
    let label = Label {
        targets,
        changes,
        overwrite: args.bool("overwrite")?,
    };
    Ok((label, args))
}

const EXPOSE_FLAGS: &[Flag] = &[
    flag("port", None, Takes::Value),
    flag("target-port", None, Takes::Value),
    flag("type", None, Takes::Value),
    flag("name", None, Takes::Value),
    flag("protocol", None, Takes::Value),
    flag("cluster-ip", None, Takes::Value),
    flag("selector", None, Takes::Value),
];

/// `expose deployment|replicaset|pod|service|statefulset NAME --port=N ...`.
fn parse_expose(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let args = parse_write_args("expose", words, EXPOSE_FLAGS)?;
    let exposable = [
        ResourceType::Deployment,
        ResourceType::ReplicaSet,
        ResourceType::Pod,
        ResourceType::Service,
        ResourceType::StatefulSet,
    ];
    let (resource, name, rest) = single_target("expose", &args.positionals, &exposable)?;
    if !rest.is_empty() {
        return Err(extra_args("expose", &rest));
    }
    if args.last("selector").is_some() {
        return Err(KubectlError::new(
            "--selector is not simulated for expose: the Service selects what the object selects",
            "expose의 --selector는 지원하지 않습니다: Service는 대상 오브젝트의 셀렉터를 그대로 씁니다",
        ));
    }
    let port = args.int("port")?.map(|p| int32("port", p)).transpose()?;
    let type_ = match args.last("type") {
        None => None,
        Some(t) => {
            let known = ["ClusterIP", "NodePort", "LoadBalancer"];
            match known.iter().find(|k| k.eq_ignore_ascii_case(t)) {
                Some(k) => Some(k.to_string()),
                None => {
                    return Err(KubectlError::new(
                        format!("invalid service type {t:?}: expected ClusterIP, NodePort or LoadBalancer"),
                        format!("Service 종류 {t:?}는 잘못되었습니다: ClusterIP, NodePort, LoadBalancer 중 하나"),
                    ))
                }
            }
        }
    };
    let expose = Expose {
        resource,
        name,
        port,
        target_port: args.last("target-port").map(str::to_string),
        type_,
        service_name: args.last("name").map(str::to_string),
        protocol: args.last("protocol").map(str::to_string),
        cluster_ip: args.last("cluster-ip").map(str::to_string),
    };
    Ok((Command::Expose(expose), args))
}

const TAINT_FLAGS: &[Flag] = &[flag("overwrite", None, Takes::Bool)];

const EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

fn check_effect(effect: &str, spec: &str) -> Result<(), KubectlError> {
    if EFFECTS.contains(&effect) {
        return Ok(());
    }
    Err(KubectlError::new(
        format!("invalid taint spec: {spec}, unsupported taint effect {effect:?}"),
        format!("taint {spec}의 효과 {effect:?}은(는) 지원하지 않습니다: NoSchedule, PreferNoSchedule, NoExecute 중 하나여야 합니다"),
    ))
}

/// Parses one taint argument as kubectl's `parseTaints` (staging/src/k8s.io/kubectl/pkg/cmd/taint/utils.go).
fn parse_taint_spec(spec: &str) -> Result<TaintChange, KubectlError> {
    let bad = || {
        KubectlError::new(
            format!("invalid taint spec: {spec}"),
            format!("taint 지정이 올바르지 않습니다: {spec} (key=value:Effect, key:Effect, key:Effect- 형식)"),
        )
    };
    if let Some(body) = spec.strip_suffix('-') {
        let (key, effect) = match body.split_once(':') {
            Some((k, e)) => {
                check_effect(e, spec)?;
                (k, Some(e.to_string()))
            }
            None => (body, None),
        };
        if key.is_empty() {
            return Err(bad());
        }
        return Ok(TaintChange::Remove {
            key: key.to_string(),
            effect,
        });
    }
    let (kv, effect) = spec.split_once(':').ok_or_else(bad)?;
    check_effect(effect, spec)?;
    let (key, value) = match kv.split_once('=') {
        Some((k, v)) => (k, Some(v.to_string())),
        None => (kv, None),
    };
    if key.is_empty() {
        return Err(bad());
    }
    check_label(key, value.as_deref().unwrap_or(""))?;
    Ok(TaintChange::Add {
        key: key.to_string(),
        value,
        effect: effect.to_string(),
    })
}

fn parse_taint(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let args = parse_args("taint", words, TAINT_FLAGS)?;
    let (node, specs) = match args.positionals.as_slice() {
        [first, rest @ ..] if first.contains('/') => {
            let (t, n) = first.split_once('/').unwrap_or((first, ""));
            (Some((t.to_string(), n.to_string())), rest)
        }
        [t, n, rest @ ..] => (Some((t.clone(), n.clone())), rest),
        _ => (None, &[][..]),
    };
    let Some((t, node)) = node else {
        return Err(too_few(
            "taint",
            "at least one taint update is required",
            "사용법: kubectl taint nodes <노드> key=value:Effect",
        ));
    };
    if ResourceType::parse(&t)? != ResourceType::Node {
        return Err(KubectlError::new(
            format!("invalid resource type {t}, only node types are supported"),
            format!("taint는 노드에만 붙일 수 있습니다 ({t}은(는) 노드가 아닙니다)"),
        ));
    }
    if specs.is_empty() {
        return Err(too_few(
            "taint",
            "at least one taint update is required",
            "바꿀 taint가 하나 이상 필요합니다 (예: dedicated=gpu:NoSchedule)",
        ));
    }
    let changes = specs
        .iter()
        .map(|s| parse_taint_spec(s))
        .collect::<Result<Vec<_>, _>>()?;
    let taint = Taint {
        node,
        changes,
        overwrite: args.bool("overwrite")?,
    };
    Ok((Command::Taint(taint), args))
}

fn parse_set(words: &[String]) -> Result<(Command, Args), KubectlError> {
    match words.first().map(String::as_str) {
        Some("image") => {}
        Some(other) => {
            return Err(KubectlError::new(
                format!("'kubectl set {other}' is not available in kubesim; only 'set image' is"),
                format!(
                "kubesim에서는 'kubectl set {other}'를 쓸 수 없습니다; 'set image'만 지원합니다"
            ),
            ))
        }
        None => {
            return Err(too_few(
                "set",
                "a subcommand is required: image",
                "하위 명령이 필요합니다: image",
            ))
        }
    }
    let args = parse_write_args("set image", &words[1..], &[])?;
    let settable = [
        ResourceType::Deployment,
        ResourceType::ReplicaSet,
        ResourceType::StatefulSet,
        ResourceType::DaemonSet,
        ResourceType::Pod,
        ResourceType::Job,
        ResourceType::CronJob,
    ];
    // `set image deployment/nginx nginx=img` or `set image deployment nginx nginx=img`.
    let cut = args
        .positionals
        .iter()
        .position(|w| w.contains('='))
        .unwrap_or(args.positionals.len());
    let (resource, name, rest) = single_target("set image", &args.positionals[..cut], &settable)?;
    if !rest.is_empty() {
        return Err(extra_args("set image", &rest));
    }
    let pairs = &args.positionals[cut..];
    if pairs.is_empty() {
        return Err(too_few(
            "set image",
            "at least one image update is required",
            "바꿀 이미지가 하나 이상 필요합니다 (예: nginx=nginx:1.21)",
        ));
    }
    let mut images = Vec::new();
    for p in pairs {
        match p.split_once('=') {
            Some((c, i)) if !c.is_empty() && !i.is_empty() => {
                images.push((c.to_string(), i.to_string()))
            }
            _ => {
                return Err(KubectlError::new(
                    format!("invalid image update {p:?}: expected CONTAINER=IMAGE"),
                    format!(
                    "이미지 지정 {p:?}이(가) 올바르지 않습니다: 컨테이너=이미지 형식이어야 합니다"
                ),
                ))
            }
        }
    }
    let set = SetImage {
        resource,
        name,
        images,
    };
    Ok((Command::SetImage(set), args))
}

const ROLLOUT_FLAGS: &[Flag] = &[
    flag("revision", None, Takes::Value),
    flag("to-revision", None, Takes::Value),
    flag("watch", Some('w'), Takes::Bool),
    flag("timeout", None, Takes::Value),
];

fn parse_rollout(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let action = match words.first().map(String::as_str) {
        Some("status") => RolloutAction::Status,
        Some("history") => RolloutAction::History,
        Some("undo") => RolloutAction::Undo,
        Some("pause") => RolloutAction::Pause,
        Some("resume") => RolloutAction::Resume,
        Some("restart") => RolloutAction::Restart,
        other => {
            let shown = other.unwrap_or("");
            let err = KubectlError::new(
                format!("unknown rollout subcommand {shown:?}: expected status, history, undo, pause, resume or restart"),
                format!("rollout 하위 명령 {shown:?}은(는) 없습니다: status, history, undo, pause, resume, restart 중 하나"),
            );
            let subs = ["status", "history", "undo", "pause", "resume", "restart"];
            return Err(match suggest(shown, subs) {
                Some(s) => err.with_hint(
                    format!("did you mean {s:?}?"),
                    format!("{s:?}을(를) 입력하려던 것인가요?"),
                ),
                None => err,
            });
        }
    };
    let verb = format!("rollout {}", words[0]);
    let mut specs: Vec<Flag> = Vec::new();
    match action {
        RolloutAction::Status => {
            specs.extend([ROLLOUT_FLAGS[0], ROLLOUT_FLAGS[2], ROLLOUT_FLAGS[3]])
        }
        RolloutAction::History => specs.push(ROLLOUT_FLAGS[0]),
        RolloutAction::Undo => specs.push(ROLLOUT_FLAGS[1]),
        _ => {}
    }
    let args = parse_args(&verb, &words[1..], &specs)?;
    let allowed: &[ResourceType] = match action {
        RolloutAction::Pause | RolloutAction::Resume => &[ResourceType::Deployment],
        _ => &[
            ResourceType::Deployment,
            ResourceType::DaemonSet,
            ResourceType::StatefulSet,
        ],
    };
    let (resource, name, rest) = single_target(&verb, &args.positionals, allowed)?;
    if !rest.is_empty() {
        return Err(extra_args(&verb, &rest));
    }
    let revision = args.int("revision")?;
    if let Some(r) = revision {
        if r < 0 {
            return Err(KubectlError::new(
                format!("revision must be a positive integer: {r}"),
                format!("리비전은 양의 정수여야 합니다: {r}"),
            ));
        }
    }
    let to_revision = args.int("to-revision")?;
    if let Some(r) = to_revision {
        if r < 0 {
            return Err(KubectlError::new(
                format!("revision must be a positive integer: {r}"),
                format!("리비전은 양의 정수여야 합니다: {r}"),
            ));
        }
    }
    let watch = match args.last("watch") {
        None => true,
        Some(_) => args.bool("watch")?,
    };
    let rollout = Rollout {
        action,
        resource,
        name,
        revision,
        to_revision,
        watch,
    };
    Ok((Command::Rollout(rollout), args))
}

const RUN_FLAGS: &[Flag] = &[
    flag("image", None, Takes::Value),
    flag("restart", None, Takes::Value),
    flag("labels", Some('l'), Takes::Value),
    flag("port", None, Takes::Value),
    flag("stdin", Some('i'), Takes::Bool),
    flag("tty", Some('t'), Takes::Bool),
    flag("rm", None, Takes::Bool),
    flag("command", None, Takes::Bool),
];

fn parse_run(words: &[String]) -> Result<(Command, Args), KubectlError> {
    let args = parse_write_args("run", words, RUN_FLAGS)?;
    let name = match args.positionals.as_slice() {
        [name] => name.clone(),
        [] => {
            return Err(too_few(
                "run",
                "NAME is required for run",
                "Pod 이름이 필요합니다 (예: kubectl run nginx --image=nginx)",
            ))
        }
        [_, extra @ ..] => return Err(extra_args("run", extra).with_hint(
            "put the container's command after --, e.g. run debug --image=busybox -- sleep 3600",
            "컨테이너 명령은 -- 뒤에 적습니다 (예: run debug --image=busybox -- sleep 3600)",
        )),
    };
    let Some(image) = args.last("image").filter(|i| !i.is_empty()) else {
        return Err(too_few(
            "run",
            "--image is required",
            "--image 플래그가 필요합니다",
        ));
    };
    let restart = args.last("restart").unwrap_or("Always").to_string();
    if !["Always", "OnFailure", "Never"].contains(&restart.as_str()) {
        return Err(KubectlError::new(
            format!("invalid restart policy: {restart}"),
            format!("재시작 정책 {restart:?}은(는) 잘못되었습니다: Always, OnFailure, Never 중 하나여야 합니다"),
        ));
    }
    let mut labels = Vec::new();
    if let Some(spec) = args.last("labels") {
        for pair in spec.split(',').filter(|p| !p.is_empty()) {
            let Some((k, v)) = pair.split_once('=') else {
                return Err(KubectlError::new(
                    format!("invalid label spec: {pair}"),
                    format!("레이블 지정이 올바르지 않습니다: {pair}"),
                ));
            };
            check_label(k, v)?;
            labels.push((k.to_string(), v.to_string()));
        }
    }
    let port = args.int("port")?.map(|p| int32("port", p)).transpose()?;
    let rm = args.bool("rm")?;
    let interactive = args.bool("stdin")?;
    if rm && !interactive {
        return Err(KubectlError::new(
            "--rm should only be used for attached containers",
            "--rm은 -it과 함께(접속한 컨테이너에서만) 쓸 수 있습니다",
        ));
    }
    let run = Run {
        name,
        image: image.to_string(),
        restart,
        labels,
        port,
        command: args.trailing.clone(),
        interactive,
        tty: args.bool("tty")?,
        rm,
        as_command: args.bool("command")?,
    };
    Ok((Command::Run(run), args))
}

#[cfg(test)]
#[path = "command_tests.rs"]
mod tests;
