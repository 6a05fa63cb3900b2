// The walkthrough's four kinds of endpoint and the settings each writes (src/core/connection/endpointKinds.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENDPOINT_KINDS, isEndpointKind, settingsForKind } from '../../../src/core/connection/endpointKinds';

describe('settingsForKind', () => {
  const gateway = 'https://gateway.example.com';
  it('Anthropic ignores the gateway URL; the gateways keep it, each with its format and header', () => {
    assert.deepEqual(settingsForKind('anthropic', gateway), {
      baseUrl: 'https://api.anthropic.com',
      apiFormat: 'messages',
      authHeader: 'x-api-key',
    });
    assert.deepEqual(settingsForKind('gatewayBearer', gateway), {
      baseUrl: gateway,
      apiFormat: 'messages',
      authHeader: 'bearer',
    });
    assert.deepEqual(settingsForKind('gatewayApiKey', gateway), {
      baseUrl: gateway,
      apiFormat: 'messages',
      authHeader: 'x-api-key',
    });
    assert.deepEqual(settingsForKind('chatCompletions', gateway), {
      baseUrl: gateway,
      apiFormat: 'chat-completions',
      authHeader: 'bearer',
    });
  });
  it('only the four kinds are accepted as a command argument (a walkthrough link passes one)', () => {
    for (const k of ENDPOINT_KINDS) assert.ok(isEndpointKind(k));
    for (const bad of ['Anthropic', '', undefined, 3, ['anthropic'], { kind: 'anthropic' }])
      assert.equal(isEndpointKind(bad), false, String(bad));
  });
});
