import { execFileSync } from 'node:child_process';
import { labEnv } from './lab-env';
import { readEntries, writeReport } from './report';
import { renderReport } from './report-render';

function version(file: string, args: string[]): string {
  try {
    return execFileSync(file, args, { encoding: 'utf8' }).trim().split('\n')[0]!;
  } catch (e) {
    return `${file}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Renders test/runtime/REPORT.md from the rows the tests recorded (also when some failed). */
export default async function globalTeardown(): Promise<void> {
  const env = labEnv();
  const entries = readEntries();
  if (entries.length === 0) return; // e.g. a filtered run that started no case: keep the last report
  const versions = [
    version(env.docker, [
      'version',
      '--format',
      'Docker engine {{.Server.Version}} (client {{.Client.Version}})',
    ]),
    version(env.dockerCompose, ['version', '--short']).replace(/^/, 'docker-compose '),
    version(env.podman, ['--version']),
  ];
  const path = writeReport(
    await renderReport(entries, { versions, timings: process.env.HW_LAB_TIMINGS ?? 'not given' }),
  );
  process.stdout.write(`runtime report written to ${path}\n`);
}
