import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { ConfigurationError } from '../../infra/errors';
import {
  CONTEXT_KEYS,
  readSettings,
  SETTING_DEFAULTS,
} from '../../infra/settings';
import { loadTenantConfigs } from '../../infra/tenant-configs';
import { buildApp, ProjectFixture, VALID_TENANT } from './fixtures';

const settingsOf = (context: Record<string, unknown>) =>
  readSettings(new App({ context }).node);

describe('context settings', () => {
  it('falls back to the defaults', () => {
    // Act
    const settings = settingsOf({});

    // Assess
    expect(settings).toEqual({
      bedrockModelId: SETTING_DEFAULTS.bedrockModelId,
      tenantConfigFiles: SETTING_DEFAULTS.tenantConfigFiles,
      agentTokenSha256: undefined,
      logRetentionDays: 30,
      alarmEmail: undefined,
      chatAllowedOrigins: [],
    });
  });

  it('declares the same defaults in cdk.json', () => {
    // Prepare
    const cdkJson = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../cdk.json'), 'utf8'),
    );

    // Act
    const settings = settingsOf(cdkJson.context);

    // Assess
    expect(settings).toEqual(settingsOf({}));
    expect(cdkJson).toMatchObject({
      app: 'npx tsx infra/app.ts',
      notices: false,
      'cli-telemetry': false,
    });
  });

  it.each([
    ['a JSON list', '["a.json","b.json"]'],
    ['comma-separated text', 'a.json, b.json'],
    ['a list', ['a.json', 'b.json']],
  ])('reads tenant config files from %s', (_label, value) => {
    // Act
    const settings = settingsOf({ [CONTEXT_KEYS.tenantConfigFiles]: value });

    // Assess
    expect(settings.tenantConfigFiles).toEqual(['a.json', 'b.json']);
  });

  it('reads a retention given as text by the CLI', () => {
    // Act
    const settings = settingsOf({ [CONTEXT_KEYS.logRetentionDays]: '90' });

    // Assess
    expect(settings.logRetentionDays).toBe(90);
  });

  it('normalizes the agent token hash to lower case', () => {
    // Act
    const settings = settingsOf({
      [CONTEXT_KEYS.agentTokenSha256]: 'AB'.repeat(32),
    });

    // Assess
    expect(settings.agentTokenSha256).toBe('ab'.repeat(32));
  });

  it.each([
    [CONTEXT_KEYS.bedrockModelId, 'arn:aws:bedrock:us-east-1::x'],
    [CONTEXT_KEYS.bedrockModelId, 'has space'],
    [CONTEXT_KEYS.tenantConfigFiles, 'tenant.yaml'],
    [CONTEXT_KEYS.tenantConfigFiles, '[not json'],
    [CONTEXT_KEYS.tenantConfigFiles, [1]],
    [CONTEXT_KEYS.agentTokenSha256, 'not-a-hash'],
    [CONTEXT_KEYS.logRetentionDays, 31],
    [CONTEXT_KEYS.logRetentionDays, 'forever'],
    [CONTEXT_KEYS.alarmEmail, 'ops'],
    [CONTEXT_KEYS.chatAllowedOrigins, '*'],
    [CONTEXT_KEYS.chatAllowedOrigins, 'http://chat.example.com'],
    [CONTEXT_KEYS.chatAllowedOrigins, 'https://chat.example.com/path'],
  ])('rejects %s = %j naming the key', (key, value) => {
    // Act
    const read = () => settingsOf({ [key]: value });

    // Assess
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(key);
  });
});

describe('tenant config files', () => {
  const fixture = new ProjectFixture({
    'tenants/empty-name.json': {
      ...VALID_TENANT,
      persona: { ...VALID_TENANT.persona, name: '' },
    },
    'tenants/bad-timeouts.json': {
      ...VALID_TENANT,
      timeouts: { handoffTimeoutSeconds: 600, handoffHeartbeatSeconds: 900 },
    },
    'tenants/bad-id.json': { ...VALID_TENANT, tenantId: 'Demo_1' },
    'tenants/broken.json': '{ "tenantId": ',
    'tenants/other.json': { ...VALID_TENANT, tenantId: 'other' },
  });
  afterAll(() => fixture.remove());

  it('loads and validates each file, applying the defaults', () => {
    // Act
    const loaded = loadTenantConfigs(fixture.root, [
      'tenants/demo/tenant.json',
      'tenants/other.json',
    ]);

    // Assess
    expect(loaded.map(({ file, config }) => [file, config.tenantId])).toEqual([
      ['tenants/demo/tenant.json', 'demo'],
      ['tenants/other.json', 'other'],
    ]);
    expect(loaded[0].config.timeouts.idleTimeoutSeconds).toBe(900);
  });

  it.each([
    [
      'tenants/empty-name.json',
      /tenants\/empty-name\.json is invalid: persona\.name: /,
    ],
    [
      'tenants/bad-timeouts.json',
      /tenants\/bad-timeouts\.json is invalid: timeouts\.handoffHeartbeatSeconds: /,
    ],
    ['tenants/bad-id.json', /tenants\/bad-id\.json is invalid: tenantId: /],
    ['tenants/broken.json', /tenants\/broken\.json is not valid JSON/],
    ['tenants/missing.json', /tenants\/missing\.json does not exist/],
  ])('fails synth on %s naming the file and field', (file, message) => {
    // Act
    const synth = () =>
      buildApp(fixture, {
        context: { [CONTEXT_KEYS.tenantConfigFiles]: [file] },
      });

    // Assess
    expect(synth).toThrow(message);
  });

  it('rejects two files declaring the same tenant', () => {
    // Prepare
    fixture.write('tenants/copy.json', JSON.stringify(VALID_TENANT));

    // Act
    const load = () =>
      loadTenantConfigs(fixture.root, [
        'tenants/demo/tenant.json',
        'tenants/copy.json',
      ]);

    // Assess
    expect(load).toThrow(
      'Tenant config files tenants/demo/tenant.json and tenants/copy.json ' +
        'both declare tenantId "demo"',
    );
  });
});
