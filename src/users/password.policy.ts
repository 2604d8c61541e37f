/** bcrypt only reads the first 72 bytes: a longer password would be silently truncated. */
export const BCRYPT_MAX_BYTES = 72;
export const PASSWORD_MIN_LENGTH = 8;

/** The rules a new password must follow; returns the DRF-style messages of what is wrong. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    problems.push(`This password is too short. It must contain at least ${PASSWORD_MIN_LENGTH} characters.`);
  }
  if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) {
    problems.push(`This password is too long. It must contain at most ${BCRYPT_MAX_BYTES} bytes.`);
  }
  if (/^\d+$/.test(password)) problems.push('This password is entirely numeric.');
  if (username && password.toLowerCase() === username.toLowerCase()) {
    problems.push('The password is too similar to the username.');
  }
  return problems;
}
