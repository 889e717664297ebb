import { synthesizeFrontlineTemplate } from '../../infra/frontline-app';
import {
  loadConversationDefinition,
  localFunctionArn,
} from '../../local/engine/definition';
import { substitute } from '../../workflows/definition';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

/** The real project, synthesized without bundling. */
const template = synthesizeFrontlineTemplate({
  context: { 'aws:cdk:bundling-stacks': [] },
});
const resources = template.Resources as Record<string, Resource>;

/** The function folder of a Lambda resource, from its service name. */
function folderOf(logicalId: string): string {
  const fn = resources[logicalId];
  const env = fn?.Properties.Environment as
    | { Variables: Record<string, string> }
    | undefined;
  const folder = env?.Variables.POWERTOOLS_SERVICE_NAME;
  if (fn?.Type !== 'AWS::Lambda::Function' || !folder) {
    throw new Error(`${logicalId} is not one of the project's functions`);
  }
  return folder;
}

describe('the workflow definition', () => {
  it('is the same in the synthesized template and in the local runtime', () => {
    // Prepare
    const [machine] = Object.values(resources).filter(
      (r) => r.Type === 'AWS::StepFunctions::StateMachine',
    );
    const text = machine?.Properties.DefinitionString as string;
    const substitutions = machine?.Properties.DefinitionSubstitutions as Record<
      string,
      { 'Fn::GetAtt': [string, string] }
    >;

    // Act: resolve each deployed function to the local function of its folder
    const local = Object.fromEntries(
      Object.entries(substitutions).map(([key, value]) => [
        key,
        localFunctionArn(folderOf(value['Fn::GetAtt'][0])),
      ]),
    );
    const deployed = JSON.parse(substitute(text, local));

    // Assess
    expect(typeof text).toBe('string');
    expect(deployed).toEqual(JSON.parse(loadConversationDefinition()));
  });
});
