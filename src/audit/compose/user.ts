/** A Compose `user` value: `uid[:gid]`, a number, or user and group names. */
export interface ComposeUser {
  /** The numeric uid, when the value states one (`root` is uid 0). @default - absent: no numeric uid */
  readonly uid?: number;
  /** The numeric gid, when the value states one. @default - absent: the user's primary group */
  readonly gid?: number;
  /**
   * The user part was a name other than root: what it maps to depends on the image.
   * @default - absent: a numeric or root user
   */
  readonly unverifiableName?: string;
}

/** Parses `user`. Names cannot be resolved without the image's /etc/passwd, except root. */
export function parseComposeUser(value: unknown): ComposeUser | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? { uid: value } : {};
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const [userPart = '', groupPart] = value.trim().split(':', 2);
  const uid = numericId(userPart);
  const gid = groupPart === undefined ? undefined : numericId(groupPart);
  return {
    ...(uid !== undefined && { uid }),
    ...(gid !== undefined && { gid }),
    ...(uid === undefined && userPart !== '' && { unverifiableName: userPart }),
  };
}

function numericId(text: string): number | undefined {
  if (text === 'root') return 0;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
