/**
 * The agents command: makes, lists and removes the agents' own tokens for
 * the agent API, kept as hashes on the Tenants table. A new agent needs no
 * deploy, and a removed one is refused at once.
 *
 * Run: `npm run agents -- add --tenant demo --agent sam --name "Sam Rivera" --table Tenants`
 */
import { parseArgs } from 'node:util';
import {
  type AgentTable,
  createAgentToken,
  listAgents,
  removeAgent,
} from '../functions/shared/agents';
import { AgentIdSchema, AgentNameSchema } from '../schemas/agent';
import { TenantIdSchema } from '../schemas/ids';
import {
  type CliIo,
  helpExit,
  processIo,
  reportFailure,
  requiredOption,
  runIfMain,
  UsageError,
} from './cli-support';
import {
  openTenantsTable,
  TABLE_OPTIONS,
  tableOptionsOf,
} from './tenants-table';

export const HELP = `Frontline agents: the agents' own tokens for the agent API.

Usage:
  npm run agents -- add --tenant <id> [--tenant <id>…] --agent <id> --name <name> [options]
  npm run agents -- list --tenant <id> [options]
  npm run agents -- remove --tenant <id> --agent <id> [options]

add makes a token for the agent, valid for the tenants named, and prints
it once: only its SHA-256 is stored. Decisions the agent makes are
recorded under the name given here. An agent that already has a token for
one of the tenants keeps it unless --replace is given, which makes the old
token stop working there. list prints a tenant's agents; remove takes an
agent's access to a tenant away at once. Options:
  --replace           add: replace the agent's tokens for these tenants
  --table <name>      Tenants table (env TENANTS_TABLE, else Tenants)
  --endpoint <url>    DynamoDB endpoint (env AWS_ENDPOINT_URL_DYNAMODB);
                      without one, the table on AWS. The local runtime
                      prints its endpoint and keeps agents across starts.
  --region <name>     AWS region (env AWS_REGION, else us-east-1)
One of --table and --endpoint is required, so that nothing is stored on
AWS by accident.
`;

type Values = {
  tenant?: string[];
  agent?: string;
  name?: string;
  replace?: boolean;
  table?: string;
  endpoint?: string;
  region?: string;
};

/** Runs the command line; resolves to the process exit code. */
export async function runAgentsCli(
  argv: readonly string[],
  io: CliIo = processIo,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        tenant: { type: 'string', multiple: true },
        agent: { type: 'string' },
        name: { type: 'string' },
        replace: { type: 'boolean', default: false },
        ...TABLE_OPTIONS,
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, ...rest] = positionals;
    const help = helpExit(values.help, command, HELP, io);
    if (help !== undefined) return help;
    if (rest.length > 0) throw new UsageError(`Unexpected "${rest[0]}"`);
    const run = COMMANDS[command ?? ''];
    if (!run) throw new UsageError(`Unknown command "${command}"`);
    const tenantIds = tenantsOf(values.tenant);
    const open = openTenantsTable(
      tenantIds[0] as string,
      tableOptionsOf(values, io.env),
      io.env,
    );
    try {
      const { client, tableName } = open.table;
      return await run({ client, tableName }, tenantIds, values, {
        io,
        where: open.where,
      });
    } finally {
      open.close();
    }
  } catch (error) {
    return reportFailure(error, io);
  }
}

interface Output {
  readonly io: CliIo;
  /** "Tenants at http://…", or the table name on AWS. */
  readonly where: string;
}

type Command = (
  table: AgentTable,
  tenantIds: readonly string[],
  values: Values,
  out: Output,
) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  async add(table, tenantIds, values, { io, where }) {
    const agentId = agentOf(values.agent);
    const name = requiredOption(AgentNameSchema, values.name, '--name');
    const { token } = await createAgentToken(table, {
      agentId,
      name,
      tenantIds,
      replace: values.replace === true,
    });
    io.err(
      `Made a token for ${name} (${agentId}) in ${where}, valid for ` +
        `${tenantIds.join(', ')}. It is shown once; keep it secret:`,
    );
    io.out(token);
    return 0;
  },

  async list(table, tenantIds, values, { io, where }) {
    single(tenantIds, 'list');
    if (values.agent || values.name) {
      throw new UsageError('list takes only --tenant');
    }
    const [tenantId] = tenantIds as [string];
    const agents = await listAgents(table, tenantId);
    if (agents.length === 0) io.out(`${tenantId} in ${where} has no agents`);
    for (const agent of agents) {
      io.out(`${agent.agentId}\t${agent.name}\tsince ${agent.createdAt}`);
    }
    return 0;
  },

  async remove(table, tenantIds, values, { io, where }) {
    single(tenantIds, 'remove');
    const agentId = agentOf(values.agent);
    const [tenantId] = tenantIds as [string];
    if (!(await removeAgent(table, tenantId, agentId))) {
      io.out(`${agentId} has no token for ${tenantId} in ${where}`);
      return 1;
    }
    io.out(`Removed ${agentId} from ${tenantId} in ${where}`);
    return 0;
  },
};

const agentOf = (value: string | undefined) =>
  requiredOption(AgentIdSchema, value, '--agent');

function tenantsOf(values: readonly string[] | undefined): string[] {
  if (!values?.length) throw new UsageError('--tenant <id> is required');
  return values.map((value) =>
    requiredOption(TenantIdSchema, value, '--tenant'),
  );
}

function single(tenantIds: readonly string[], command: string): void {
  if (tenantIds.length !== 1) {
    throw new UsageError(`${command} takes exactly one --tenant`);
  }
}

runIfMain('agents.ts', (argv) => runAgentsCli(argv));
