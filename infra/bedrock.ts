import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * Geography prefixes of cross-region inference profiles: `us.anthropic…`
 * routes to foundation models in several regions of that geography.
 */
const PROFILE_PREFIX = /^(us|us-gov|eu|apac|jp|au|ca|global)\.(.+)$/;

/** Resources `bedrock:InvokeModel` needs for one model id. */
export interface ModelResources {
  /** ARNs in this stack's region and account (or model ARNs). */
  readonly arns: readonly string[];
  /**
   * The foundation model in any region, which an inference profile routes
   * to; undefined for a plain model id.
   */
  readonly anyRegionModelArn?: string;
}

/**
 * The ARNs to grant for invoking a model or inference profile: the profile
 * in this region plus the foundation model it routes to in every region, or
 * just the foundation model in this region.
 */
export function modelResources(
  scope: IConstruct,
  modelId: string,
): ModelResources {
  const stack = Stack.of(scope);
  const profile = PROFILE_PREFIX.exec(modelId);
  if (!profile) {
    return { arns: [foundationModelArn(stack, modelId, stack.region)] };
  }
  const profileArn = stack.formatArn({
    service: 'bedrock',
    resource: 'inference-profile',
    resourceName: modelId,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  return {
    arns: [profileArn],
    anyRegionModelArn: foundationModelArn(stack, profile[2], '*'),
  };
}

function foundationModelArn(stack: Stack, model: string, region: string) {
  return stack.formatArn({
    service: 'bedrock',
    region,
    account: '',
    resource: 'foundation-model',
    resourceName: model,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/**
 * Lets `role` call `bedrock:InvokeModel` (which Converse uses) on each of
 * the models or inference profiles, and nothing else.
 */
export function grantInvokeModels(
  role: iam.IRole,
  modelIds: Iterable<string>,
): void {
  for (const modelId of new Set(modelIds)) {
    const { arns, anyRegionModelArn } = modelResources(role, modelId);
    const resources = [...arns];
    if (anyRegionModelArn) resources.push(anyRegionModelArn);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources }),
    );
    if (anyRegionModelArn) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagArn(role, anyRegionModelArn)}]`,
        reason:
          `Inference profile ${modelId} routes each request to the ` +
          'foundation model in any region of its geography, so that one ' +
          'model is granted in every region.',
      });
    }
  }
}

/**
 * An ARN as cdk-nag spells it in finding ids, with references to pseudo
 * parameters written `<AWS::Partition>`.
 */
function nagArn(scope: IConstruct, arn: string): string {
  const resolved: unknown = Stack.of(scope).resolve(arn);
  if (typeof resolved === 'string') return resolved;
  const [separator, parts] = (resolved as { 'Fn::Join': [string, unknown[]] })[
    'Fn::Join'
  ];
  return parts
    .map((part) =>
      typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`,
    )
    .join(separator);
}
