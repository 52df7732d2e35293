import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../input-error';

/**
 * Reads a Compose env file (`.env`, `--env-file`): the variables interpolation substitutes. Compose
 * v1 reads it with python-dotenv, Compose v2 with compose-go's dotenv, and the two disagree on
 * quotes with escapes, inline comments and `$` inside values. The audit reads the part of the
 * syntax where both agree (`KEY=value`, `export KEY=value`, a value in single quotes, or in double
 * quotes without `\`, `$` or `"`, comment lines) and refuses any other line, naming it.
 *
 * @throws InputError when the file cannot be read or a line is outside that common syntax.
 */
export function readEnvFile(file: string): Map<string, string> {
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the env file: ${(error as Error).message}`, {
      file,
      hint: 'check the path (an --env-file is relative to the current directory)',
    });
  }
  const variables = new Map<string, string>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const entry = readLine(raw);
      if (entry === undefined) return;
      if ('problem' in entry) {
        throw new InputError(`env file line cannot be read the same way by every Compose: ${entry.problem}`, {
          file,
          line: index + 1,
          hint: "write it as KEY=value, or KEY='value' for anything with spaces, quotes, # or $",
        });
      }
      variables.set(entry.name, entry.value);
    });
  return variables;
}

type Line = { readonly name: string; readonly value: string } | { readonly problem: string };

function readLine(raw: string): Line | undefined {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return undefined;
  const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
  if (match === null) {
    return { problem: `${JSON.stringify(raw)} is not KEY=value (a name of letters, digits and _)` };
  }
  const [, name = '', text = ''] = match;
  if (text.startsWith("'")) {
    const close = text.indexOf("'", 1);
    if (close === text.length - 1) return { name, value: text.slice(1, -1) };
    return { problem: `${JSON.stringify(raw)}: a single-quoted value must end the line` };
  }
  if (text.startsWith('"')) {
    const body = text.slice(1, -1);
    if (text.length >= 2 && text.endsWith('"') && !/["\\$]/.test(body)) return { name, value: body };
    return {
      problem: `${JSON.stringify(raw)}: escapes, "$" and text after the closing quote differ between Compose v1 and v2`,
    };
  }
  if (/["'\\$#`]/.test(text)) {
    return {
      problem: `${JSON.stringify(raw)}: an unquoted value with quotes, "\\", "$" or "#" differs between Compose v1 and v2`,
    };
  }
  return { name, value: text };
}
