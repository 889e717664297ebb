import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  HTTP_ROUTES,
  type HttpFunctionName,
} from '../../functions/shared/routes';
import { ConfigurationError } from '../errors';

/** The function of `ChatApiProps` that serves each function's routes. */
const TARGETS = {
  'chat-inbound': 'chatInbound',
  'agent-api': 'agentApi',
} as const satisfies Record<HttpFunctionName, keyof ChatApiProps>;

export interface ChatApiProps {
  /** Serves the customer chat routes. */
  readonly chatInbound: lambda.IFunction;
  /** Serves the agent routes. */
  readonly agentApi: lambda.IFunction;
  /**
   * Browser origins allowed to call the API (the chat page).
   * @default - no CORS: only same-origin and non-browser callers
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Steady-state request rate allowed per second, across the stage.
   * @default 50
   */
  readonly throttleRatePerSecond?: number;
  /**
   * Requests allowed in a burst above the steady rate.
   * @default 100
   */
  readonly throttleBurstRequests?: number;
  /**
   * Retention of the access log group, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * What happens to the access log group when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The API's routes and the function behind each: exactly the shared route
 * table (`functions/shared/routes.ts`) that the local gateway and each
 * function's router use, so a route cannot exist in one and not the other.
 */
export const ROUTES = HTTP_ROUTES.map((route) => ({
  method: route.method,
  path: route.path,
  target: TARGETS[route.functionName],
}));

/** Request id, caller, route and outcome; no bodies, no headers. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
});

/**
 * The HTTP API of the chat page and the agents, with access logs and stage
 * throttling. The functions check the bearer tokens themselves (the
 * customer's conversation token, each agent's own token or the shared
 * one), so the routes carry no authorizer.
 *
 * TODO(infra): agents' tokens are long-lived secrets an operator hands out
 * (`npm run agents`). A Cognito user pool with a JWT authorizer on the
 * agent routes would give sign-in, expiry and MFA.
 */
export class ChatApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, id: string, props: ChatApiProps) {
    super(scope, id);
    const rate = props.throttleRatePerSecond ?? 50;
    const burst = props.throttleBurstRequests ?? 100;
    validate(props, rate, burst);

    this.httpApi = new apigw.HttpApi(this, 'Api', {
      description: 'Frontline chat and agent API',
      createDefaultStage: false,
      corsPreflight: cors(props.allowedOrigins ?? []),
    });
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: { rateLimit: rate, burstLimit: burst },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(
          new logs.LogGroup(this, 'AccessLogs', {
            retention: props.logRetentionDays ?? logs.RetentionDays.ONE_MONTH,
            removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
          }),
        ),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    this.addRoutes(props);
  }

  /** Base URL of the API (the default stage). */
  get url(): string {
    return this.stage.url;
  }

  private addRoutes(props: ChatApiProps): void {
    const integrations = {
      chatInbound: new HttpLambdaIntegration('ChatInbound', props.chatInbound),
      agentApi: new HttpLambdaIntegration('AgentApi', props.agentApi),
    };
    for (const route of ROUTES) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: integrations[route.target],
      });
    }
    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Each function verifies a bearer token itself: chat-inbound the ' +
        "conversation's customer token, agent-api the agents' token hash.",
    });
  }
}

function cors(
  origins: readonly string[],
): apigw.CorsPreflightOptions | undefined {
  if (origins.length === 0) return undefined;
  return {
    allowOrigins: [...origins],
    allowMethods: [
      apigw.CorsHttpMethod.GET,
      apigw.CorsHttpMethod.POST,
      apigw.CorsHttpMethod.OPTIONS,
    ],
    allowHeaders: ['authorization', 'content-type'],
    maxAge: Duration.hours(1),
  };
}

function validate(props: ChatApiProps, rate: number, burst: number): void {
  if (!(Number.isInteger(rate) && rate > 0)) {
    throw new ConfigurationError(
      `throttleRatePerSecond must be a positive whole number; got ${rate}`,
    );
  }
  if (!(Number.isInteger(burst) && burst > 0)) {
    throw new ConfigurationError(
      `throttleBurstRequests must be a positive whole number; got ${burst}`,
    );
  }
  for (const origin of props.allowedOrigins ?? []) {
    if (origin === '*' || !/^https?:\/\/[^/\s*]+$/.test(origin)) {
      throw new ConfigurationError(
        `allowedOrigins must list exact origins such as ` +
          `https://chat.example.com; got ${JSON.stringify(origin)}`,
      );
    }
  }
}
