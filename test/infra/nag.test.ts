import { type App, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildApp, ProjectFixture } from './fixtures';

const fixture = new ProjectFixture();
afterAll(() => fixture.remove());
afterEach(() => jest.restoreAllMocks());

/** `rule at path` for each finding the AWS Solutions pack reports. */
function findings(app: App): string[] {
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.ruleName} at ${resource.constructPath}`,
    ),
  );
}

/** Every acknowledgement in the tree: rule id, reason, construct path. */
function acknowledgements(root: IConstruct) {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter(
        (entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
      )
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(
          ([id, reason]) => ({
            id: id.replace(/^annotation::/i, ''),
            reason,
            path: construct.node.path,
          }),
        ),
      ),
  );
}

describe('cdk-nag AWS Solutions checks', () => {
  it('reports no unacknowledged finding', () => {
    // Prepare
    const { app } = buildApp(fixture);
    app.synth();

    // Act
    const reported = findings(app);

    // Assess
    expect(reported).toEqual([]);
  });

  it('lets the app synthesize with the checks registered', () => {
    // Prepare
    const { app } = buildApp(fixture, { nag: true });

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).not.toThrow();
  });

  it('acknowledges only findings that occur', () => {
    // Prepare
    const { app } = buildApp(fixture);
    app.synth();
    const acknowledged = acknowledgements(app);
    jest
      .spyOn(
        NagPack.prototype as unknown as { isAcknowledged(): boolean },
        'isAcknowledged',
      )
      .mockReturnValue(false);

    // Act
    const raw = findings(app);

    // Assess
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, path } of acknowledged) {
      const matching = raw.filter((finding) =>
        finding.startsWith(`${id} at ${path}/`),
      );
      expect({ id, path, matches: matching.length > 0 }).toEqual({
        id,
        path,
        matches: true,
      });
    }
  });

  it('gives every acknowledgement a specific reason', () => {
    // Prepare
    const { app } = buildApp(fixture);

    // Act
    const short = acknowledgements(app).filter(
      ({ reason }) => reason.trim().length < 20,
    );

    // Assess
    expect(short).toEqual([]);
  });
});

describe('annotations', () => {
  it('raises no warning or error with every setting given', () => {
    // Prepare
    const { stack } = buildApp(fixture);

    // Act
    const annotations = Annotations.fromStack(stack);

    // Assess
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
  });

  it('raises no warning without a shared agent token', () => {
    // Prepare: agents then sign in with their own tokens only
    const { stack } = buildApp(fixture, {
      context: { 'frontline:agentTokenSha256': '' },
    });

    // Act
    const annotations = Annotations.fromStack(stack);

    // Assess
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });
});
