import type { Template } from 'aws-cdk-lib/assertions';
import { INTENT_ARTIFACT_FORMAT_ID } from '../../functions/shared/intent/serialize';
import { INDEX_FORMAT_ID } from '../../functions/shared/knowledge/index-format';
import { buildTemplate, ProjectFixture } from './fixtures';
import {
  assetsOf,
  BASE_URL,
  buildTenantsTemplate,
  CONTEXT,
  CSV,
  TENANT_FILES,
  tenantsFixture,
} from './tenant-assets-fixtures';

const fixture = tenantsFixture();
let template: Template;

beforeAll(() => {
  template = buildTenantsTemplate(fixture);
});
afterAll(() => fixture.remove());

const ASSET_KEY = (extension: string) =>
  new RegExp(`^[0-9a-f]{64}\\.${extension}$`);

describe('tenant assets', () => {
  it('creates one resource per tenant with examples or articles', () => {
    // Act
    const resources = template.findResources('Custom::FrontlineTenantAssets');

    // Assess
    expect(
      Object.values(resources)
        .map((r) => r.Properties.tenantId)
        .sort(),
    ).toEqual(['acme', 'demo']);
  });

  it('hands each resource its uploaded files', () => {
    // Act
    const demo = assetsOf(template, 'demo').Properties;
    const acme = assetsOf(template, 'acme').Properties;

    // Assess
    const bucket = {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
      'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}',
    };
    expect(demo).toEqual({
      ServiceToken: expect.anything(),
      tenantId: 'demo',
      intents: {
        bucket,
        key: expect.stringMatching(ASSET_KEY('csv')),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        format: INTENT_ARTIFACT_FORMAT_ID,
      },
      knowledge: {
        bucket,
        key: expect.stringMatching(ASSET_KEY('zip')),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        format: INDEX_FORMAT_ID,
        baseUrl: BASE_URL,
      },
    });
    expect(demo.intents?.key).toBe(`${demo.intents?.hash}.csv`);
    expect(Object.keys(acme).sort()).toEqual([
      'ServiceToken',
      'intents',
      'tenantId',
    ]);
  });

  it('gives a changed CSV a new hash, so the tenant is trained again', () => {
    // Prepare
    const changed = new ProjectFixture({
      ...TENANT_FILES,
      'tenants/demo/intents.csv': `${CSV}track my parcel,order_status\n`,
    });

    // Act
    const after = buildTemplate(changed, { context: CONTEXT });
    changed.remove();

    // Assess
    const before = assetsOf(template, 'demo').Properties;
    const now = assetsOf(after, 'demo').Properties;
    expect(now.intents?.hash).not.toBe(before.intents?.hash);
    expect(now.knowledge?.hash).toBe(before.knowledge?.hash);
    expect(assetsOf(after, 'acme').Properties).toEqual(
      assetsOf(template, 'acme').Properties,
    );
  });

  it('waits for the tenant configuration to be written', () => {
    // Prepare
    const seeds = Object.keys(
      template.findResources('Custom::FrontlineTenantConfig'),
    );

    // Act
    const dependsOn: string[] = assetsOf(template, 'demo').DependsOn ?? [];

    // Assess
    expect(seeds).toHaveLength(3);
    expect(dependsOn).toEqual(expect.arrayContaining(seeds));
  });

  it('creates no function when no tenant has examples or articles', () => {
    // Prepare
    const plain = new ProjectFixture();

    // Act
    const without = buildTemplate(plain);
    plain.remove();

    // Assess
    without.resourceCountIs('Custom::FrontlineTenantAssets', 0);
    expect(
      Object.keys(without.findResources('AWS::IAM::Role')).filter((id) =>
        id.startsWith('TenantAssets'),
      ),
    ).toEqual([]);
  });
});
