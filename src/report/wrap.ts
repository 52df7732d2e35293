/**
 * Joins units (words, or `rule count` items) into lines of at most `width` characters, with
 * `separator` between units on a line. A unit longer than the width (a long path or image
 * reference) is cut, so that no line is ever wider than asked.
 */
export function wrapUnits(units: readonly string[], width: number, separator = ' '): string[] {
  const limit = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let current = '';
  for (const unit of units) {
    if (unit === '') continue;
    if (current !== '' && current.length + separator.length + unit.length <= limit) {
      current += `${separator}${unit}`;
      continue;
    }
    if (current !== '') lines.push(current);
    let rest = unit;
    while (rest.length > limit) {
      lines.push(rest.slice(0, limit));
      rest = rest.slice(limit);
    }
    current = rest;
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

/** Breaks text into lines of at most `width` characters at spaces (see {@link wrapUnits}). */
export function wrapText(text: string, width: number): string[] {
  return wrapUnits(text.split(/ +/), width);
}
