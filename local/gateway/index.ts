export { toHttpApiEvent } from './event';
export {
  type Gateway,
  type GatewayLogEntry,
  type GatewayOptions,
  MAX_GATEWAY_BODY_BYTES,
  startGateway,
} from './server';
