/**
 * Audits paths as a terminal of a given width would show them, and checks the table's promises:
 * no line wider than the terminal, rows in line order within every workload.
 *
 *   npx tsx scripts/table-fit.ts 100 <files|dirs...>
 *
 * Prints the figures; exits 1 when a promise is broken. Used to check real repositories (kept out of
 * this one) such as kubernetes/examples and docker/awesome-compose.
 */
import { run } from '../src/cli';

const ROW = /^ *(\d+) {2}(?:ERROR|WARNING|JUSTIFIED|UNKNOWN) /;

async function main(): Promise<number> {
  const [width, ...paths] = process.argv.slice(2);
  const columns = Number(width);
  if (!Number.isInteger(columns) || columns <= 0 || paths.length === 0) {
    process.stderr.write('usage: tsx scripts/table-fit.ts <columns> <files|dirs...>\n');
    return 2;
  }
  let table = '';
  await run(['audit', ...paths], {
    stdout: { write: (text: string) => (table += text), isTTY: true, columns },
    stderr: { write: () => true },
    env: { NO_COLOR: '1' },
  });
  const lines = table.split('\n');
  const tooWide = lines.filter((line) => line.length > columns);
  let rows = 0;
  let outOfOrder = 0;
  let previous = 0;
  let inGroup = false;
  for (const line of lines) {
    if (line === '') {
      inGroup = false;
      continue;
    }
    const row = ROW.exec(line);
    if (!inGroup && !line.startsWith(' ') && !row) {
      inGroup = true;
      previous = 0;
    } else if (row) {
      rows++;
      const at = Number(row[1]);
      if (at < previous) outOfOrder++;
      previous = at;
    }
  }
  process.stdout.write(
    `${lines.length} lines, ${rows} rows at ${columns} columns: widest ${Math.max(...lines.map((l) => l.length))}, ` +
      `${tooWide.length} wider than ${columns}, ${outOfOrder} rows out of line order\n` +
      `${lines.filter((line) => / errors?, \d+ warnings?/.test(line)).join('\n')}\n`,
  );
  return tooWide.length === 0 && outOfOrder === 0 ? 0 : 1;
}

void main().then((code) => {
  process.exitCode = code;
});
