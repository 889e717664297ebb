import { Stack } from 'aws-cdk-lib';
import { FrontlineTables } from '../../infra/constructs/tables';
import {
  type TenantAssetSource,
  TenantAssets,
} from '../../infra/constructs/tenant-assets';
import { tenantsFixture } from './tenant-assets-fixtures';

const fixture = tenantsFixture();
afterAll(() => fixture.remove());

describe('TenantAssets props', () => {
  const source = (tenant: Partial<TenantAssetSource>): TenantAssetSource => ({
    tenantId: 'demo',
    intentsCsv: `${fixture.root}/tenants/demo/intents.csv`,
    ...tenant,
  });

  it.each([
    [
      'a tenant listed twice',
      [source({}), source({})],
      'tenants lists tenantId "demo" more than once',
    ],
    [
      'a tenant without files',
      [source({ intentsCsv: undefined })],
      'Tenant demo has neither intentsCsv nor knowledgeDir',
    ],
  ])('rejects %s', (_case, tenants, message) => {
    // Prepare
    const stack = new Stack();
    const tables = new FrontlineTables(stack, 'Tables');

    // Act
    const create = () =>
      new TenantAssets(stack, 'TenantAssets', {
        tables,
        tenants,
        projectRoot: fixture.root,
      });

    // Assess
    expect(create).toThrow(message);
  });
});
