/** The help text of each command; `--help` prints it, and a usage error ends with it. */
export const USAGE: Readonly<Record<string, string>> = Object.freeze({
  main: `Usage: hardened-workloads <command> [options]

Audit Kubernetes manifests and Compose files against the hardened runtime posture.

Commands:
  audit <files|dirs|-...>    audit manifests; exit 0 = no error, 1 = errors, 2 = input refused
  rules [--level L]          list every rule
  explain <rule-id>          everything about one rule
  checklist <files|dirs...>  answer the runtime security decision checklist per workload
  admission-policy           print a ValidatingAdmissionPolicy enforcing a level in the cluster
  fix <files|dirs...>        write the missing securityContext fields into manifests in place

Options:
  --help                     show help (also: hardened-workloads <command> --help)
  --version                  print the version
`,
  audit: `Usage: hardened-workloads audit <files|dirs|-...> [options]

Audits Kubernetes manifests (.yaml, .yml, .json; multi-document; kind: List) and Compose files.
Directories are read recursively. "-" reads standard input, named <stdin> in findings:
  helm template chart/ | hardened-workloads audit -
  kubectl kustomize overlays/prod | hardened-workloads audit -

Options:
  --level <level>            baseline | restricted | hardened (default: hardened)
  --pss-version <version>    Pod Security Standards version: v1.28, v1.30, ... or latest (default: latest)
  --format <format>          table | json | sarif (default: table)
  --fail-on <severity>       error | warning | none: the findings that fail the audit (default: error)
  --environment <env>        production | non-production (default: production)
  --max-file-size <size>     the largest file read, e.g. 64MiB (default: 32MiB)
  --env-file <file>          Compose: take \${VAR} values from this file instead of the .env next to
                             each Compose file (repeatable; later files win)
  --process-env              Compose: also take \${VAR} values from this process's environment
                             (they win over env files, as the shell does for Compose)
  --exclude <glob>           leave paths out, gitignore-style: a name anywhere (vendor,
                             tsconfig*.json) or a path with / from here (k8s/legacy/**)
                             (repeatable)
  --strict                   read every file (no skipping of files that name no kind or
                             services) and refuse Helm chart and kustomization directories
  --baseline <file>          accepted findings kept outside the manifests (entries keyed by file,
                             object, container, rule, subject; each with reason, approvedBy,
                             expires, ticket): listed as ACCEPTED, never failing; expired
                             entries fail again, unmatched ones are warned about
  --write-baseline <file>    write today's violations as baseline entries (kept: the reviewed
                             entries of the file that still match); new entries take
                             --reason, --approved-by, --expires, --ticket, or are left empty
                             for the reviewer to fill in
  --skip-non-manifests       skip files named on the command line too when they name no kind or
                             services or lie in a Helm chart or kustomization (for hooks that
                             pass every changed file, e.g. pre-commit)
  --config <file>            the config file (default: .hardened-workloads.yaml here, if present)
  -q, --quiet                only the rows that fail the audit (errors; warnings too with
                             --fail-on warning), no note on skipped files
  --help                     show this help

Files that name no "kind" and no "services" (tsconfig.json, package.json, CI workflows) are
skipped and counted. A Helm chart (Chart.yaml) or kustomization (kustomization.yaml) directory is
not read: its templates and patches are not manifests; the note gives the command that renders it
into "audit -". The files a kustomization names as patches are skipped wherever they are.
The config file (YAML) may set level, pssVersion, environment, failOn, format, exclude (globs,
relative to it), strict, baseline, and rules (<rule-id>: off | error | warning); flags win.
A Compose value that still depends on an unset variable is a violation naming the variable.
On a terminal the table is wrapped to its width; piped, every row is one full line.
Exit status: 0 no failing finding (warnings pass unless --fail-on warning), 1 failing findings,
2 bad usage or any input refused (the findings in the rest are still reported: the table's
summary, the JSON's inputs.refused and SARIF's toolExecutionNotifications list the refusals).
`,
  rules: `Usage: hardened-workloads rules [--level <level>]

Lists every rule active at a level (default: hardened, which includes all of them).

Options:
  --level <level>            baseline | restricted | hardened (default: hardened)
  --help                     show this help
`,
  explain: `Usage: hardened-workloads explain <rule-id>

Prints everything about one rule: what it checks, why, how to fix it, how to justify an exemption.
`,
  checklist: `Usage: hardened-workloads checklist <files|dirs...> [options]

Answers the seed's decision checklist (UID/GID, writable paths, capabilities, privilege escalation,
seccomp, Docker socket, host access, debugging) for every workload.

Options:
  --format <format>          markdown | json (default: markdown)
  --pss-version <version>    Pod Security Standards version (default: latest)
  --environment <env>        production | non-production (default: production)
  --max-file-size <size>     the largest file read (default: 32MiB)
  --help                     show this help

Exit status: 0 no violation, 1 violations, 2 bad input or usage.
`,
  fix: `Usage: hardened-workloads fix <files|dirs...> [--dry-run] [--level <level>]

Writes the hardened posture's mechanical fields into Kubernetes workloads where they are missing,
in place, keeping comments, key order and formatting: pod securityContext.runAsNonRoot=true and
seccompProfile.type=RuntimeDefault; per container allowPrivilegeEscalation=false,
readOnlyRootFilesystem=true, capabilities.drop gains ALL. A value already set is never changed
(listed: a choice to review or justify). A file that does not parse, or whose formatting would not
survive the rewrite, is not touched. Then lists what still fails and needs a person (run-as ids,
host access, added capabilities...). A second run changes nothing.

Options:
  --dry-run                  print the diff and what would be set; write nothing
  --level <level>            the level whose remaining errors are listed (default: hardened)
  --help                     show this help

Exit status: 0 nothing left, 1 findings left for a person, 2 a file not changed or bad usage.
`,
  'admission-policy': `Usage: hardened-workloads admission-policy [options]

Prints a ValidatingAdmissionPolicy and its binding (admissionregistration.k8s.io/v1, Kubernetes
1.30+) that check the level's rules in the cluster, for pods, ephemeral containers and every
workload kind. Rules CEL cannot check are listed on stderr and in the output.

Options:
  --level <level>                baseline | restricted | hardened (default: hardened)
  --pss-version <version>        Pod Security Standards version: v1.28, v1.30, ... or latest (default: latest)
  --validation-actions <actions> Deny | Warn | Audit, comma-separated (default: Deny; roll out with Audit first)
  --namespace-selector <sel>     key=value,key!=value,key,!key; "" = every namespace
                                 (default: hardened-workloads.io/admission=enforce)
  --failure-policy <policy>      Fail | Ignore (default: Fail)
  --params-namespace <ns>        read exemptions from a ConfigMap in this platform namespace
  --params-name <name>           the exemptions ConfigMap (default: hardened-workloads-exemptions)
  --name <name>                  the policy's name (default: hardened-workloads-<level>)
  --help                         show this help

Exit status: 0 printed, 2 bad usage.
`,
});
