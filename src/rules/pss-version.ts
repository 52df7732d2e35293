/** A Pod Security Standards version, as Pod Security Admission labels name it (`v1.30`). */
export interface PssVersion {
  /** Always 1: the Pod Security Standards follow Kubernetes 1.x. */
  readonly major: 1;
  /** The Kubernetes minor version, e.g. 30 for `v1.30`. */
  readonly minor: number;
}

/** The newest Pod Security Standards version whose checks are implemented here. */
export const LATEST_PSS_VERSION: PssVersion = Object.freeze({ major: 1, minor: 35 });

/** Parses `v1.30`, `1.30` or `latest`; returns undefined for anything else. */
export function parsePssVersion(text: string): PssVersion | undefined {
  if (text === 'latest') return LATEST_PSS_VERSION;
  const match = /^v?1\.(\d{1,2})$/.exec(text.trim());
  return match ? { major: 1, minor: Number(match[1]) } : undefined;
}

/** `v1.30`. */
export function formatPssVersion(version: PssVersion): string {
  return `v${version.major}.${version.minor}`;
}

/** Whether `version` is at least 1.`minor`. */
export function atLeast(version: PssVersion, minor: number): boolean {
  return version.minor >= minor;
}
