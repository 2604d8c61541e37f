import { RevocationList } from './revocation.list';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

describe('RevocationList', () => {
  it('knows only the sessions added to it', () => {
    const list = new RevocationList();
    expect(list.has(A)).toBe(false);
    list.add(A, 1000);
    expect(list.has(A)).toBe(true);
    expect(list.has(B)).toBe(false);
    expect(list.size).toBe(1);
  });

  it('keeps an entry until its time has passed: pruned at that time, not a millisecond before', () => {
    const list = new RevocationList();
    list.add(A, 1000);
    list.add(B, 2000);
    list.prune(999);
    expect([list.has(A), list.has(B)]).toEqual([true, true]);
    list.prune(1000);
    expect([list.has(A), list.has(B)]).toEqual([false, true]);
    expect(list.size).toBe(1);
    list.prune(5000);
    expect(list.size).toBe(0);
  });

  it('keeps the later time when one session is added twice, in either order', () => {
    const list = new RevocationList();
    list.add(A, 3000);
    list.add(A, 1000);
    list.add(B, 1000);
    list.add(B, 3000);
    expect(list.size).toBe(2);
    list.prune(2000);
    expect([list.has(A), list.has(B)]).toEqual([true, true]);
    list.prune(3000);
    expect(list.size).toBe(0);
  });

  it('stays bounded: entries added over time go once their time has passed', () => {
    const list = new RevocationList();
    for (let second = 0; second < 1000; second++) {
      list.add(`session-${second}`, (second + 300) * 1000);
      list.prune(second * 1000);
    }
    expect(list.size).toBe(300);
    expect(list.has('session-699')).toBe(false);
    expect(list.has('session-700')).toBe(true);
  });
});
