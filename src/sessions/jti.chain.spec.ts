import { createHmac, hkdfSync } from 'node:crypto';
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

  // Instances of different versions serve one session during a rolling deploy, and a session
  // outlives a restart: the derivation must stay exactly this one.
  it('derives the successor as HMAC-SHA256 of "sid.jti" under an HKDF key of the signing key', () => {
    const key = Buffer.from(hkdfSync('sha256', 'k'.repeat(64), 'token-service', 'refresh-jti-chain', 32));
    const expected = createHmac('sha256', key)
      .update(`${sid}.${'b'.repeat(32)}`)
      .digest('hex')
      .slice(0, 32);
    expect(chain.successorOf(sid, 'b'.repeat(32))).toBe(expected);
  });

  it('draws first ids and session ids at random, 32 hex digits each', () => {
    expect(chain.first()).not.toBe(chain.first());
    expect(chain.first()).toMatch(/^[0-9a-f]{32}$/);
    expect(JtiChain.newSessionId()).not.toBe(JtiChain.newSessionId());
    expect(JtiChain.newSessionId()).toMatch(/^[0-9a-f]{32}$/);
  });
});
