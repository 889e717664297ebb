import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { buildApp, ProjectFixture } from './fixtures';
import { acknowledgements, allNagFindings, nagFindings } from './nag-findings';

const fixture = new ProjectFixture();
afterAll(() => fixture.remove());

describe('cdk-nag AWS Solutions checks', () => {
  it('reports no unacknowledged finding', () => {
    // Prepare
    const { app } = buildApp(fixture);
    app.synth();

    // Act
    const reported = nagFindings(app);

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

    // Act
    const raw = allNagFindings(app);

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
