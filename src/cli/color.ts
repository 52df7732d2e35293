import type { CliIo } from './io';

/** Styles for terminal text: ANSI escapes on a colour terminal, the identity elsewhere. */
export interface Palette {
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

const plain = (text: string): string => text;

/** The palette without colour. */
export const PLAIN: Palette = Object.freeze({
  red: plain,
  yellow: plain,
  green: plain,
  cyan: plain,
  dim: plain,
  bold: plain,
});

const ansi =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const ANSI: Palette = Object.freeze({
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  green: ansi(32, 39),
  cyan: ansi(36, 39),
  dim: ansi(2, 22),
  bold: ansi(1, 22),
});

/**
 * Colour only on a terminal, and never when NO_COLOR is set (no-color.org) or TERM is `dumb`;
 * FORCE_COLOR turns it on anywhere (CI logs that render ANSI).
 */
export function paletteFor(io: CliIo): Palette {
  const env = io.env ?? {};
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return PLAIN;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return ANSI;
  return io.stdout.isTTY === true && env.TERM !== 'dumb' ? ANSI : PLAIN;
}
