import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Order } from '../../schemas/store';
import { type LoopbackServer, listenOnLoopback, sendJson } from './loopback';

/**
 * A parcel carrier's tracking API, standing in for the demo tenant's
 * `carrier.lanternfield.example`: `GET /v1/shipments?tracking_number=…`
 * with the tenant's API key as a bearer token. Its parcels are the
 * fulfilments of the tenant's store orders, so a tracking number from
 * `get_order_details` tracks: a `processed` order's parcels are in
 * transit, later ones delivered. Scan dates count back from today.
 */

export interface CarrierOptions {
  /** The store's orders, whose fulfilments are the parcels. */
  readonly orders: Readonly<Record<string, Order>>;
  /** `Authorization` header values accepted (`Bearer <key>`). */
  readonly authorizations: readonly string[];
  /** @default () => new Date() */
  readonly now?: () => Date;
}

export const CARRIER_NAME = 'Trailpost Parcel';
const SHIPMENTS_PATH = '/v1/shipments';
const ORIGIN = 'Lanternfield Supply warehouse, Bend, OR';
const DAY_MS = 86_400_000;

export interface Shipment {
  readonly tracking_number: string;
  readonly carrier: string;
  readonly status: 'in_transit' | 'delivered';
  readonly items: number;
  readonly destination: { city: string; state: string; zip: string };
  readonly estimated_delivery?: string;
  readonly delivered_on?: string;
  readonly events: readonly { date: string; location: string; event: string }[];
}

export function startCarrierStub(
  options: CarrierOptions,
): Promise<LoopbackServer> {
  const now = options.now ?? (() => new Date());
  return listenOnLoopback(async (req, res) => {
    answer(req, res, options, now());
  });
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  options: CarrierOptions,
  now: Date,
): void {
  const { status, body } = lookUp(req, options, now);
  sendJson(res, status, body);
}

function lookUp(
  req: IncomingMessage,
  options: CarrierOptions,
  now: Date,
): { status: number; body: unknown } {
  const url = new URL(req.url ?? '/', 'http://carrier');
  if (req.method !== 'GET' || url.pathname !== SHIPMENTS_PATH) {
    return { status: 404, body: { message: 'No such resource' } };
  }
  const authorization = req.headers.authorization ?? '';
  if (!options.authorizations.includes(authorization)) {
    return { status: 401, body: { message: 'Missing or invalid API key' } };
  }
  const number = url.searchParams.get('tracking_number') ?? '';
  if (!/^\d{12}$/.test(number)) {
    return {
      status: 400,
      body: { message: 'tracking_number must be 12 digits' },
    };
  }
  const shipment = findShipment(options.orders, number, now);
  return shipment
    ? { status: 200, body: shipment }
    : {
        status: 404,
        body: { message: `No shipment with tracking number ${number}` },
      };
}

/** The parcel with this tracking number, as the carrier reports it. */
export function findShipment(
  orders: Readonly<Record<string, Order>>,
  trackingNumber: string,
  now: Date,
): Shipment | undefined {
  for (const order of Object.values(orders)) {
    const parcel = order.fulfillments.find((f) =>
      f.tracking_id.includes(trackingNumber),
    );
    if (parcel) {
      return shipmentOf(order, trackingNumber, parcel.item_ids.length, now);
    }
  }
  return undefined;
}

function shipmentOf(
  order: Order,
  trackingNumber: string,
  items: number,
  now: Date,
): Shipment {
  const { city, state, zip } = order.address;
  const delivered = order.status !== 'processed';
  // A delivered parcel's scans happened a week earlier.
  const day = (offset: number) =>
    new Date(now.getTime() + (offset - (delivered ? 7 : 0)) * DAY_MS)
      .toISOString()
      .slice(0, 10);
  const events = [
    { date: day(-3), location: ORIGIN, event: 'Label created' },
    { date: day(-2), location: ORIGIN, event: 'Picked up' },
    { date: day(-1), location: `${state} sorting hub`, event: 'In transit' },
  ];
  const destination = { city, state, zip };
  const common = {
    tracking_number: trackingNumber,
    carrier: CARRIER_NAME,
    items,
    destination,
  };
  if (!delivered) {
    return {
      ...common,
      status: 'in_transit',
      estimated_delivery: day(2),
      events,
    };
  }
  const at = `${city}, ${state}`;
  return {
    ...common,
    status: 'delivered',
    delivered_on: day(1),
    events: [
      ...events,
      { date: day(1), location: at, event: 'Out for delivery' },
      { date: day(1), location: at, event: 'Delivered' },
    ],
  };
}
