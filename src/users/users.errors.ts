/** A new password broke the password rules; callers put the messages under their own field. */
export class WeakPasswordError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
    this.name = 'WeakPasswordError';
  }
}

export class UserConflictError extends Error {
  constructor(readonly username: string) {
    super(`A user with that username already exists: ${username}`);
    this.name = 'UserConflictError';
  }
}

/** The change would leave no active staff account: nobody could administer the service any more. */
export class LastStaffError extends Error {
  constructor() {
    super('The last active staff account cannot be removed.');
    this.name = 'LastStaffError';
  }
}

/** A username that breaks the username rules; the messages are the API's. */
export class InvalidUsernameError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
    this.name = 'InvalidUsernameError';
  }
}
