import type { SchemaObject } from '@nestjs/swagger';

/*
 * OpenAPI schemas of the OAuth endpoints. Their bodies are RFC parameters read by hand (see
 * oauth-params.ts), not DTO classes, so they are described here as plain schemas.
 */

const TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2ln';

export const TOKEN_REQUEST: SchemaObject = {
  type: 'object',
  required: ['grant_type', 'refresh_token'],
  properties: {
    grant_type: { type: 'string', enum: ['refresh_token'] },
    refresh_token: { type: 'string', example: TOKEN },
    scope: { type: 'string', description: 'Narrow the scopes (never widen them).', example: 'read:messages' },
    client_id: { type: 'string', description: 'Recorded in the audit trail, not authenticated.' },
  },
};

export const TOKEN_RESPONSE: SchemaObject = {
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope'],
  properties: {
    access_token: { type: 'string', example: TOKEN },
    token_type: { type: 'string', enum: ['Bearer'] },
    expires_in: { type: 'integer', example: 300 },
    refresh_token: { type: 'string', example: TOKEN },
    scope: { type: 'string', example: 'read:messages' },
  },
};

export const REVOKE_REQUEST: SchemaObject = {
  type: 'object',
  required: ['token'],
  properties: {
    token: { type: 'string', example: TOKEN },
    token_type_hint: { type: 'string', enum: ['refresh_token', 'access_token'] },
  },
};

export const INTROSPECT_REQUEST: SchemaObject = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', example: TOKEN } },
};

export const INTROSPECTION: SchemaObject = {
  type: 'object',
  required: ['active'],
  properties: { active: { type: 'boolean' } },
  additionalProperties: true,
  description: 'RFC 7662: `{active: false}`, or `active: true` with the claims of the token and `username`.',
  example: {
    active: true,
    username: 'alice',
    token_type: 'access',
    user_id: 42,
    sub: '42',
    sid: '9f86d081884c7d659a2feaa0c55ad015',
    jti: '4f2e8b1c9d0a4e7f8b6c5d4e3f2a1b0c',
    scope: 'read:messages',
    exp: 1767225900,
    iat: 1767225600,
  },
};

export const METADATA: SchemaObject = {
  type: 'object',
  additionalProperties: true,
  description: 'RFC 8414 authorization server metadata.',
  example: {
    issuer: 'https://auth.example.com',
    token_endpoint: 'https://auth.example.com/oauth/token',
    revocation_endpoint: 'https://auth.example.com/oauth/revoke',
    introspection_endpoint: 'https://auth.example.com/oauth/introspect',
    jwks_uri: 'https://auth.example.com/.well-known/jwks.json',
    grant_types_supported: ['refresh_token'],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint_auth_methods_supported: ['none'],
    introspection_endpoint_auth_methods_supported: ['bearer'],
  },
};
