// Drives the service as an ordinary OAuth client would, with openid-client and jose used
// unmodified. Both are ESM-only, so the jest suite runs this file as a child process.
// argv: <base URL> <refresh token>; prints one JSON line of observations.
import * as client from 'openid-client';
import * as jose from 'jose';

const [base, refreshToken] = process.argv.slice(2);

const config = await client.discovery(new URL(base), 'first-party-spa', undefined, client.None(), {
  algorithm: 'oauth2',
  execute: [client.allowInsecureRequests],
});
const metadata = config.serverMetadata();

const first = await client.refreshTokenGrant(config, refreshToken);
const second = await client.refreshTokenGrant(config, first.refresh_token, { scope: 'read:messages' });

const jwks = jose.createRemoteJWKSet(new URL(metadata.jwks_uri));
const verified = await jose.jwtVerify(second.access_token, jwks, { algorithms: ['ES256'] });

let reuse;
try {
  await client.refreshTokenGrant(config, refreshToken);
  reuse = 'accepted';
} catch (error) {
  reuse = error.error ?? String(error);
}

await client.tokenRevocation(config, second.refresh_token);
let afterRevocation;
try {
  await client.refreshTokenGrant(config, second.refresh_token);
  afterRevocation = 'accepted';
} catch (error) {
  afterRevocation = error.error ?? String(error);
}

process.stdout.write(
  JSON.stringify({
    issuer: metadata.issuer,
    tokenEndpoint: metadata.token_endpoint,
    firstTokenType: first.token_type,
    firstExpiresIn: first.expires_in,
    secondScope: second.scope,
    header: verified.protectedHeader,
    payload: verified.payload,
    reuse,
    afterRevocation,
  }) + '\n',
);
