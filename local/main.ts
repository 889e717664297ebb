import { parseArgs } from 'node:util';
import { GuardrailRefSchema } from '../schemas/guardrails';

const HELP = `Frontline local runtime: the whole platform on this machine.

Usage: npm start -- [options]

Options:
  --port <n>          Port of the chat page and APIs (env PORT; default 8787;
                      0 picks a free port)
  --host <addr>       Address to listen on (default 127.0.0.1)
  --data-dir <path>   Where tables and workflow state persist
                      (env FRONTLINE_DATA_DIR; default .data)
  --in-memory         Keep nothing on disk
  --reset             Delete the data directory before starting
  --tenant <dir>      Seed another tenant folder (repeatable)
  --log-level <lvl>   Function log level: DEBUG, INFO, WARN, ERROR, SILENT
                      (default INFO)
  --bedrock-model <id>
                      Call Amazon Bedrock with this model id (needs AWS
                      credentials); without it the offline model answers
  --guardrail <id>:<version>
                      With --bedrock-model: the deployed Bedrock guardrail
                      every tenant's model calls run under
  -h, --help          Show this help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      tenant: { type: 'string', multiple: true, default: [] },
      'log-level': { type: 'string' },
      'bedrock-model': { type: 'string' },
      guardrail: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }

  const port = Number(values.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(
      `--port must be an integer from 0 to 65535, got ${values.port}`,
    );
  }
  const dataDir = values['in-memory']
    ? undefined
    : (values['data-dir'] ?? process.env.FRONTLINE_DATA_DIR ?? '.data');

  // Powertools reads these when the handler modules load, which the runtime
  // module already does: set them first.
  process.env.POWERTOOLS_LOG_LEVEL = values['log-level'] ?? 'INFO';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  // Lambda runs Node 22; the SDK's notice about Node 20 is known here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { startRuntime } = await import('./runtime');
  const runtime = await startRuntime({
    port,
    host: values.host,
    dataDir,
    reset: values.reset,
    tenantDirs: values.tenant,
    logLevel: values['log-level'],
    bedrockModelId: values['bedrock-model'],
    bedrockGuardrail: guardrailOption(
      values.guardrail,
      values['bedrock-model'],
    ),
  });

  console.log(
    [
      '',
      'Frontline is up.',
      `  Chat page         ${runtime.url}/`,
      `  Agent console     ${runtime.url}/agent`,
      `  Chat API          ${runtime.url}/tenants/demo/conversations/{conversationId}/messages`,
      `  Agent API         ${runtime.url}/tenants/demo/handoffs?status=open`,
      `                    ${runtime.url}/tenants/demo/approvals?status=pending`,
      `  Agent token       ${runtime.agentToken}   (development only, names no one)`,
      "                    an agent's own: npm run agents -- add --tenant demo",
      `                    --agent <id> --name <name> --endpoint ${runtime.endpoints.dynamodb}`,
      `  Health            ${runtime.url}/health`,
      `  DynamoDB          ${runtime.endpoints.dynamodb}`,
      `  Step Functions    ${runtime.endpoints.sfn}`,
      `  Model             ${runtime.offlineModel ? `offline model at ${runtime.endpoints.bedrock}` : 'Amazon Bedrock'}`,
      `  Data              ${dataDir ?? '(in memory)'}`,
      ...(runtime.guarded
        ? []
        : [
            '  Guardrail         none: model calls are not filtered',
            '                    (--guardrail <id>:<version> names one)',
          ]),
      '',
      `FRONTLINE_READY ${JSON.stringify({ url: runtime.url, ...runtime.endpoints, agentToken: runtime.agentToken })}`,
      '',
    ].join('\n'),
  );

  const shutdown = async (signal: string) => {
    console.log(`\n${signal}: stopping`);
    await runtime.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/** `--guardrail id:version`, which only a real Bedrock model can use. */
function guardrailOption(value: string | undefined, model: string | undefined) {
  if (value === undefined) return undefined;
  if (!model) {
    throw new Error(
      '--guardrail needs --bedrock-model: the offline model applies each ' +
        "tenant's own guardrail settings",
    );
  }
  const colon = value.lastIndexOf(':');
  const parsed = GuardrailRefSchema.safeParse({
    id: value.slice(0, Math.max(0, colon)),
    version: value.slice(colon + 1),
  });
  if (colon < 1 || !parsed.success) {
    throw new Error(
      `--guardrail must be <id>:<version>, such as abc123def456:1 (got ${value})`,
    );
  }
  return parsed.data;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
