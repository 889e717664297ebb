import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_BLOCKED_MESSAGE,
  GuardrailRefSchema,
  GuardrailSettingsSchema,
} from '../../schemas/guardrails';
import { TenantConfigSchema } from '../../schemas/tenant-config';

const DEMO_TENANT = join(__dirname, '../../tenants/demo/tenant.json');

const minimalTenant = () => ({
  tenantId: 'acme',
  displayName: 'Acme',
  persona: { name: 'Ava', company: 'Acme' },
  languages: ['en'],
});

const topic = (name: string, examples: string[] = []) => ({
  name,
  definition: `Questions about ${name}.`,
  examples,
});

describe('GuardrailSettingsSchema', () => {
  it('gives a tenant without guardrails the strongest filters', () => {
    // Act
    const config = TenantConfigSchema.parse(minimalTenant());

    // Assess
    expect(config.guardrails).toEqual({
      deniedTopics: [],
      contentFilterStrength: 'HIGH',
      promptAttackStrength: 'HIGH',
      blockedMessage: DEFAULT_BLOCKED_MESSAGE,
    });
  });

  it('reads the demo tenant with its denied topics', () => {
    // Prepare
    const json = JSON.parse(readFileSync(DEMO_TENANT, 'utf8'));

    // Act
    const config = TenantConfigSchema.parse(json);

    // Assess
    expect(config.guardrails.deniedTopics.map((t) => t.name)).toEqual([
      'Medical advice',
      'Legal advice',
    ]);
    expect(config.guardrails.blockedMessage).not.toBe(DEFAULT_BLOCKED_MESSAGE);
  });

  it.each([
    [
      '31 topics',
      { deniedTopics: Array.from({ length: 31 }, (_, i) => topic(`t${i}`)) },
    ],
    ['a name with a comma', { deniedTopics: [topic('Legal, medical')] }],
    [
      'six examples',
      { deniedTopics: [topic('Legal', ['a', 'b', 'c', 'd', 'e', 'f'])] },
    ],
    [
      'an example over 100 characters',
      { deniedTopics: [topic('Legal', ['x'.repeat(101)])] },
    ],
    [
      'a definition over 200 characters',
      { deniedTopics: [{ name: 'Legal', definition: 'x'.repeat(201) }] },
    ],
    [
      'two topics of one name',
      { deniedTopics: [topic('Legal'), topic('legal')] },
    ],
    ['a strength of NONE', { contentFilterStrength: 'NONE' }],
    ['an empty blocked message', { blockedMessage: '' }],
    [
      'a blocked message over 500 characters',
      { blockedMessage: 'x'.repeat(501) },
    ],
  ])('rejects %s', (_case, settings) => {
    // Act
    const result = GuardrailSettingsSchema.safeParse(settings);

    // Assess
    expect(result.success).toBe(false);
  });

  it('accepts 30 topics of five examples each', () => {
    // Prepare
    const examples = ['a', 'b', 'c', 'd', 'e'];
    const deniedTopics = Array.from({ length: 30 }, (_, i) =>
      topic(`Topic ${i}`, examples),
    );

    // Act
    const result = GuardrailSettingsSchema.safeParse({ deniedTopics });

    // Assess
    expect(result.success).toBe(true);
  });
});

describe('GuardrailRefSchema', () => {
  it.each([
    ['a numbered version', true, { id: 'abc123def456', version: '3' }],
    ['the draft', true, { id: 'abc123def456', version: 'DRAFT' }],
    ['version 0', false, { id: 'abc123def456', version: '0' }],
    ['a missing id', false, { version: '1' }],
    ['an empty id', false, { id: '', version: '1' }],
  ])('treats %s as valid: %p', (_case, valid, ref) => {
    // Act
    const result = GuardrailRefSchema.safeParse(ref);

    // Assess
    expect(result.success).toBe(valid);
  });
});
