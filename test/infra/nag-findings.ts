import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** `rule at path` for each finding the AWS Solutions pack reports. */
export function nagFindings(app: App): string[] {
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.ruleName} at ${resource.constructPath}`,
    ),
  );
}

/** Every acknowledgement in the tree: rule id, reason, construct path. */
export function acknowledgements(root: IConstruct) {
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

/** Every finding the pack reports, the acknowledged ones included. */
export function allNagFindings(app: App): string[] {
  const spy = jest
    .spyOn(
      NagPack.prototype as unknown as { isAcknowledged(): boolean },
      'isAcknowledged',
    )
    .mockReturnValue(false);
  try {
    return nagFindings(app);
  } finally {
    spy.mockRestore();
  }
}
