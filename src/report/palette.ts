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

/** The palette of a colour terminal: ANSI SGR escapes. */
export const ANSI: Palette = Object.freeze({
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  green: ansi(32, 39),
  cyan: ansi(36, 39),
  dim: ansi(2, 22),
  bold: ansi(1, 22),
});

const SGR = /\u001b\[[0-9;]*m/g;

/** The text as the terminal shows it: without colour escapes, for measuring widths. */
export function visibleText(text: string): string {
  return text.replace(SGR, '');
}
