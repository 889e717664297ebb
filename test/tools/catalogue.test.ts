import {
  findTool,
  TOOL_CATALOGUE,
  toolConfiguration,
  toolsFor,
} from '../../functions/shared/tool-catalogue';
import { BUILT_IN_TOOL_NAMES } from '../../schemas/tools/built-in';
import { FUNCTION_ARN, tenantWithTools } from './fixtures';

describe('toolsFor', () => {
  it('returns the enabled tools, built-in and the tenant’s, in order', () => {
    // Prepare
    const config = tenantWithTools({
      enabled: ['check_stock', 'get_order_details', 'track_parcel'],
    });

    // Act
    const tools = toolsFor(config);

    // Assess
    expect(tools.map((tool) => [tool.name, tool.target.type])).toEqual([
      ['check_stock', 'lambda'],
      ['get_order_details', 'store'],
      ['track_parcel', 'http'],
    ]);
  });

  it('leaves out declared tools the tenant did not enable', () => {
    // Prepare
    const config = tenantWithTools({ enabled: ['track_parcel'] });

    // Act
    const names = toolsFor(config).map((tool) => tool.name);

    // Assess
    expect(names).toEqual(['track_parcel']);
  });

  it('hands the HTTP target the tenant’s allowed hosts', () => {
    // Act
    const [, tool] = toolsFor(tenantWithTools());

    // Assess
    expect(tool.target).toMatchObject({
      type: 'http',
      method: 'GET',
      allowedHosts: ['api.acme.test'],
    });
  });

  it('compiles a tenant tool once per loaded configuration', () => {
    // Prepare
    const config = tenantWithTools();

    // Act
    const first = findTool(config, 'check_stock');
    const second = findTool(config, 'check_stock');

    // Assess
    expect(second).toBe(first);
    expect(first?.target).toEqual({
      type: 'lambda',
      functionArn: FUNCTION_ARN,
      timeoutMs: 3000,
    });
  });

  it('offers tenant tools to the model with their JSON Schema', () => {
    // Act
    const configuration = toolConfiguration(toolsFor(tenantWithTools()));

    // Assess
    const spec = configuration?.tools?.[1]?.toolSpec;
    expect(spec?.name).toBe('track_parcel');
    expect(spec?.description).toBe(
      'Track a parcel by its carrier tracking number.',
    );
    expect(spec?.inputSchema?.json).toMatchObject({
      type: 'object',
      required: ['tracking_number'],
      additionalProperties: false,
    });
  });
});

describe('findTool', () => {
  it.each([
    ['get_order_details', 'store'],
    ['calculate', 'assistant'],
    ['track_parcel', 'http'],
    ['check_stock', 'lambda'],
  ])('finds %s, run by the %s target', (name, type) => {
    // Act
    const tool = findTool(tenantWithTools({ enabled: [] }), name);

    // Assess
    expect(tool?.target.type).toBe(type);
  });

  it.each(['launch_rocket', 'constructor', 'to_string'])(
    'finds nothing named %s',
    (name) => {
      // Act & Assess
      expect(findTool(tenantWithTools(), name)).toBeUndefined();
    },
  );
});

describe('TOOL_CATALOGUE', () => {
  it('declares exactly the built-in tool names', () => {
    // Assess
    expect(Object.keys(TOOL_CATALOGUE).sort()).toEqual(
      [...BUILT_IN_TOOL_NAMES].sort(),
    );
  });
});
