import { passwordProblems } from './password.policy';

describe('passwordProblems', () => {
  it('accepts a reasonable password', () => {
    expect(passwordProblems('correct-horse-battery', 'alice')).toEqual([]);
  });

  it('counts bcrypt bytes, not characters', () => {
    expect(passwordProblems('é'.repeat(36))).toEqual([]);
    expect(passwordProblems('é'.repeat(37))).toEqual(['This password is too long. It must contain at most 72 bytes.']);
  });

  it('refuses short, numeric and username-like passwords', () => {
    expect(passwordProblems('short')).toEqual(['This password is too short. It must contain at least 8 characters.']);
    expect(passwordProblems('1234567890')).toEqual(['This password is entirely numeric.']);
    expect(passwordProblems('Alice-Smith', 'alice-smith')).toEqual(['The password is too similar to the username.']);
  });
});
