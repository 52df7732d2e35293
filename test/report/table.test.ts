import type { AuditReport } from '../../src/audit';
import { auditPaths } from '../../src/audit';
import { ANSI, renderTable, visibleText, workloadRows } from '../../src/report';
import { TempTree } from '../audit/temp-files';

const tree = new TempTree();
afterAll(() => {
  tree.remove();
});

// Fields in an order no rule follows: the host namespace (first rule) is the last line, the volume
// (a later rule) the first; a long image reference has no space to wrap at.
const MANIFESTS = `apiVersion: v1
kind: Pod
metadata:
  name: node-agent
  namespace: ops
spec:
  volumes:
    - name: runtime
      hostPath:
        path: /var/run/docker.sock
  containers:
    - name: agent
      image: registry.example.com/a-rather-long-team-name/an-even-longer-image-name-that-never-breaks:latest
      securityContext:
        privileged: true
        runAsUser: 0
      volumeMounts:
        - name: runtime
          mountPath: /var/run/docker.sock
  hostPID: true
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        seccompProfile: { type: RuntimeDefault }
      containers:
        - name: web
          image: registry.example.com/shop/web:1.2.3
          resources:
            limits: { cpu: 500m, memory: 256Mi }
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL], add: [NET_ADMIN] }
`;

const COMPOSE = `services:
  cache:
    image: redis:7.4.1-alpine
    user: "10001:10001"
    read_only: true
    cap_drop: [ALL]
    security_opt: [no-new-privileges:true]
  api:
    image: registry.example.com/team/api:latest
    user: "10001:10001"
    read_only: true
    cap_drop: [ALL]
    security_opt: [no-new-privileges:true]
    ports: ["8080:8080"]
`;

const manifests = tree.write('k8s/workloads.yaml', MANIFESTS);
const compose = tree.write('compose/compose.yaml', COMPOSE);
const mixed = auditPaths([manifests, compose]);
const composeOnly = auditPaths([compose]);

const ROW = /^ *(\d+) {2}(ERROR|WARNING|JUSTIFIED|UNKNOWN) /;

/** The row lines of each workload group, keyed by the group's heading. */
function rowLinesByGroup(table: string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  let heading: string | undefined;
  for (const line of table.split('\n')) {
    if (line === '') heading = undefined;
    else if (heading === undefined && !line.startsWith(' ')) {
      heading = line;
      groups.set(heading, []);
    } else if (heading !== undefined) {
      const match = ROW.exec(line);
      if (match) groups.get(heading)?.push(Number(match[1]));
    }
  }
  // The summary block after the last group is not a workload.
  return new Map([...groups].filter(([, lines]) => lines.length > 0));
}

function podFindingLines(report: AuditReport): number[] {
  return report.findings.filter((f) => f.name === 'node-agent').map((f) => f.line ?? 0);
}

describe('the audit table', () => {
  test('the input is a real test: the pod findings come in rule order, not line order', () => {
    const lines = podFindingLines(mixed);
    expect(lines.length).toBeGreaterThan(8);
    expect(lines).not.toEqual([...lines].sort((a, b) => a - b));
  });

  test.each([100, 80])(
    'at %i columns no line is wider than the terminal, with or without colour',
    (columns) => {
      for (const palette of [undefined, ANSI]) {
        const table = renderTable(mixed, { columns, ...(palette && { palette }) });
        const widths = table.split('\n').map((line) => visibleText(line).length);
        expect(Math.max(...widths)).toBeLessThanOrEqual(columns);
        // The long image reference and the long file path were cut, not dropped.
        expect(visibleText(table).replace(/\s+/g, '')).toContain(
          'an-even-longer-image-name-that-never-breaks:latest',
        );
      }
    },
  );

  test('without a terminal width every row is one full line, wider than a terminal if need be', () => {
    const table = renderTable(mixed);
    expect(Math.max(...table.split('\n').map((line) => line.length))).toBeGreaterThan(100);
    const rows = table.split('\n').filter((line) => ROW.test(line));
    // One line per row: as many row lines as fields with findings, no continuation line.
    expect(rows).toHaveLength(
      workloadRows(mixed.findings).reduce((sum, group) => sum + group.rows.length, 0),
    );
    expect(table.split('\n').filter((line) => line.startsWith(' ') && !ROW.test(line))).toEqual([]);
    for (const row of rows) expect(row).toMatch(/^ {0,4}\d+ {2}\S+ +\S+ {2,}\S/);
  });

  test.each([undefined, 100, 80])('rows are in line order within every workload (columns %s)', (columns) => {
    const groups = rowLinesByGroup(renderTable(mixed, columns === undefined ? {} : { columns }));
    expect(groups.size).toBe(4);
    for (const [heading, lines] of groups) {
      expect({ heading, lines }).toEqual({ heading, lines: [...lines].sort((a, b) => a - b) });
    }
  });

  test('headings name the workload on its own line, and Compose services as services', () => {
    const headings = [...rowLinesByGroup(renderTable(mixed)).keys()];
    expect(headings).toEqual([
      `${manifests}:1 Pod node-agent (namespace ops)`,
      `${manifests}:22 Deployment web (namespace shop)`,
      expect.stringMatching(new RegExp(`^${compose}:\\d+ service cache$`)),
      expect.stringMatching(new RegExp(`^${compose}:\\d+ service api$`)),
    ]);
  });

  test('rules that report the same field share its row, listing their ids', () => {
    const field = 'spec.containers[0].securityContext.runAsUser';
    const rules = mixed.findings
      .filter((f) => f.name === 'node-agent' && f.path === field)
      .map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['run-as-user', 'explicit-non-root-ids']));

    const full = renderTable(mixed).split('\n');
    const shared = full.filter((line) => ROW.test(line) && line.includes('run-as-user'));
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatch(/ERROR {6}run-as-user,explicit-non-root-ids {2}container "agent" must not set/);

    // On a terminal the ids are stacked in the rule column, the message beside them.
    const wrapped = renderTable(mixed, { columns: 100 }).split('\n');
    const at = wrapped.findIndex((line) => / ERROR {6}run-as-user /.test(line));
    expect(at).toBeGreaterThan(0);
    expect(wrapped[at + 1]).toMatch(/^ {18}explicit-non-root-ids /);
    expect(wrapped.filter((line) => /\brun-as-user\b/.test(line) && ROW.test(line))).toHaveLength(1);
  });

  test('the summary counts errors and warnings apart, per rule too, and never says violations', () => {
    const table = renderTable(mixed);
    const { errors, warnings } = mixed.summary;
    expect(errors).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(0);
    expect(table).toContain(
      `\n${errors} errors, ${warnings} warnings, 0 justified in 2 workloads and 2 services from 2 files ` +
        '[level hardened, Pod Security v1.35, production]\n',
    );
    expect(table).toMatch(/^errors by rule: .*\bprivileged 1\b.*$/m);
    expect(table).toMatch(/^warnings by rule: .*\bimage-tag-pinned 2\b.*$/m);
    expect(table).not.toMatch(/violation/i);
    const counted = [...table.matchAll(/(?:^|· |: )([a-z-]+) (\d+)/gm)].reduce(
      (sum, m) => sum + Number(m[2]),
      0,
    );
    expect(counted).toBe(errors + warnings);
  });

  test('a Compose-only run speaks of services, names no Pod Security version, and passes with warnings', () => {
    const table = renderTable(composeOnly);
    expect(composeOnly.summary.errors).toBe(0);
    expect(table).toMatch(
      /\n0 errors, [1-9]\d* warnings, 0 justified in 2 services from 1 file \[level hardened, production\]\n$/,
    );
    expect(table).not.toMatch(/Pod Security|violation|workload/);
  });

  test('errorsOnly lists error rows only, and the summary still counts the warnings', () => {
    const table = renderTable(mixed, { errorsOnly: true });
    expect(table).not.toMatch(/^ *\d+ {2}(WARNING|JUSTIFIED) /m);
    expect(table).toMatch(/^ *\d+ {2}ERROR /m);
    expect(table).not.toMatch(/^warnings by rule/m);
    expect(table).toContain(`${mixed.summary.warnings} warnings`);
    expect(renderTable(composeOnly, { errorsOnly: true })).toMatch(/^0 errors, /);
  });
});
