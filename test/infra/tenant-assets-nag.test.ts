import { buildApp } from './fixtures';
import { acknowledgements, allNagFindings, nagFindings } from './nag-findings';
import { CONTEXT, tenantsFixture } from './tenant-assets-fixtures';

const fixture = tenantsFixture();
afterAll(() => fixture.remove());

describe('tenant assets', () => {
  it('reports no unacknowledged cdk-nag finding', () => {
    // Prepare
    const { app } = buildApp(fixture, { context: CONTEXT });
    app.synth();

    // Act
    const reported = nagFindings(app);

    // Assess
    expect(reported).toEqual([]);
  });

  it('acknowledges only findings of its own resources that occur', () => {
    // Prepare
    const { app } = buildApp(fixture, { context: CONTEXT });
    app.synth();
    const acknowledged = acknowledgements(app).filter(({ path }) =>
      path.startsWith('Frontline/TenantAssets'),
    );

    // Act
    const raw = allNagFindings(app);

    // Assess
    expect(acknowledged.map(({ id }) => id.split('[')[0]).sort()).toEqual([
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
    ]);
    for (const { id, path } of acknowledged) {
      const matching = raw.filter((f) => f.startsWith(`${id} at ${path}/`));
      expect({ id, path, matches: matching.length }).toEqual({
        id,
        path,
        matches: 1,
      });
    }
  });
});
