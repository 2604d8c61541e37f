import { JtiChain } from './jti.chain';

const config = (signingKey: string) => ({ signingKey }) as ConstructorParameters<typeof JtiChain>[0];

describe('JtiChain', () => {
  const chain = new JtiChain(config('k'.repeat(64)));
  const sid = 'a'.repeat(32);

  it('derives the same successor for the same token, so concurrent callers converge', () => {
    const first = chain.first();
    expect(chain.successorOf(sid, first)).toBe(chain.successorOf(sid, first));
    expect(chain.successorOf(sid, first)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives different successors to different tokens, sessions and keys', () => {
    const jti = 'b'.repeat(32);
    const successor = chain.successorOf(sid, jti);
    expect(chain.successorOf(sid, 'c'.repeat(32))).not.toBe(successor);
    expect(chain.successorOf('d'.repeat(32), jti)).not.toBe(successor);
    expect(new JtiChain(config('x'.repeat(64))).successorOf(sid, jti)).not.toBe(successor);
  });

  it('draws first ids and session ids at random', () => {
    expect(chain.first()).not.toBe(chain.first());
    expect(JtiChain.newSessionId()).toMatch(/^[0-9a-f]{32}$/);
  });
});
