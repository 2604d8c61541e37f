/** Django's `max_length` of `User.username`, and the width of the column. */
export const USERNAME_MAX_LENGTH = 150;

export const INVALID_USERNAME =
  'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.';

/** Django's `UnicodeUsernameValidator`: Python's `\w` is letters, numbers and `_`, in any script. */
export const USERNAME_PATTERN = /^[\p{L}\p{N}_.@+-]+$/u;

/**
 * As Django's `normalize_username`: NFKC, so that one name typed with a precomposed `é` or with
 * `e` and a combining accent, or in full-width letters, is one account and not several that look
 * alike. Case stays significant. Applied before every store and every lookup.
 */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim();
}

/** The rules of a (normalised) username, with the API's messages; the CLI applies the same. */
export function usernameProblems(username: string): string[] {
  if (username === '') return ['This field may not be blank.'];
  if (username.length > USERNAME_MAX_LENGTH) {
    return [`Ensure this field has no more than ${USERNAME_MAX_LENGTH} characters.`];
  }
  return USERNAME_PATTERN.test(username) ? [] : [INVALID_USERNAME];
}
