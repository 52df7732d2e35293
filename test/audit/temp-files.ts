import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A scratch directory for one test file; `write` creates files (and their directories) in it. */
export class TempTree {
  public readonly root = mkdtempSync(join(tmpdir(), 'hw-audit-'));

  public write(relative: string, content: string | Buffer): string {
    const path = join(this.root, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  }

  public path(relative: string): string {
    return join(this.root, relative);
  }

  public remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
