/**
 * The runtime report: every test records its rows (one per control) in a JSON-lines file under
 * the lab directory; the suite's global teardown renders them (report-render.ts) into REPORT.md.
 */
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Method =
  'runtime under Docker' | 'runtime under Docker (docker-compose)' | 'runtime under podman' | 'static only';

export interface ReportRow {
  readonly caseId: string;
  readonly caseTitle: string;
  readonly inputSource: string;
  readonly control: string;
  readonly method: Method;
  /** For static rows: what verified it, e.g. `audit rule run-as-non-root`. @default - none */
  readonly via?: string;
  readonly expected: string;
  readonly observed: string;
  /** The negative control that made this check fail, and what it showed ('' when none). */
  readonly negative: string;
  readonly result: 'PASS' | 'FAIL';
}

export interface CaseNote {
  readonly caseId: string;
  readonly caseTitle: string;
  readonly inputSource: string;
  readonly lines: readonly string[];
}

export type Entry = { readonly row: ReportRow } | { readonly note: CaseNote };

export const REPORT_PATH = join(__dirname, 'REPORT.md');

function rowsFile(): string {
  const dir = process.env.RUNTIME_LAB_DIR;
  if (dir === undefined || dir === '')
    throw new Error("RUNTIME_LAB_DIR is not set: run 'bash test/runtime/lab.sh'");
  return join(dir, 'report-rows.jsonl');
}

export function resetReport(): void {
  rmSync(rowsFile(), { force: true });
}

export function recordRows(rows: readonly ReportRow[]): void {
  appendFileSync(rowsFile(), rows.map((row) => JSON.stringify({ row }) + '\n').join(''));
}

export function recordNote(note: CaseNote): void {
  appendFileSync(rowsFile(), JSON.stringify({ note }) + '\n');
}

export function readEntries(): Entry[] {
  const file = rowsFile();
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Entry);
}

/** Writes the report (to HW_REPORT_PATH when set, e.g. for a filtered run) and returns the path. */
export function writeReport(markdown: string): string {
  const path = process.env.HW_REPORT_PATH ?? REPORT_PATH;
  writeFileSync(path, markdown);
  return path;
}
