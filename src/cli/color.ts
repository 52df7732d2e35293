import type { Palette } from '../report';
import { ANSI, PLAIN } from '../report';
import type { CliIo } from './io';

export type { Palette } from '../report';
export { PLAIN } from '../report';

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
