import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { Aggregator } from '../aggregator.js';
import { CAPABILITIES } from '../model/channels.js';
import type { StoredMessage } from '../model/content.js';
import type { Customer } from '../model/customers.js';
import type { SimEvent } from '../model/events.js';
import { renderForPhone } from '../model/render.js';
import { clientFrame, type ClientFrame, type PhoneMessage, type ServerFrame } from '../phone-frames.js';

export const PHONE_WS_PATH = '/phone/socket';

/** A message as the customer's app shows it; business messages the channel refused never reach the phone. */
export function phoneMessage(m: StoredMessage, customer: Customer): PhoneMessage | undefined {
  const from = m.role === 'appUser' ? 'customer' : 'business';
  if (from === 'business' && (m.delivery === 'failed' || m.delivery === 'pending')) return undefined;
  return { id: m.id, from, at: m.received, tick: m.tick, bubbles: renderForPhone(m.content, customer.channel, from) };
}

/** The phone pages' socket: one customer per socket, identified by the page's `hello`. */
export class PhoneSocketServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  private readonly sockets = new Map<string, number>();

  constructor(private readonly agg: Aggregator) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!sameOrigin(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws));
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private serve(ws: WebSocket): void {
    let customer: Customer | undefined;
    const send = (frame: ServerFrame) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
    };
    const onEvent = (e: SimEvent) => {
      if (!customer || !('customerId' in e) || e.customerId !== customer.id) return;
      if (e.type === 'customer_message' || e.type === 'business_message') {
        const message = phoneMessage(e.message, customer);
        if (message) send({ type: 'message', message });
      } else if (e.type === 'customer_tick') send({ type: 'tick', messageId: e.messageId, tick: e.tick });
      else if (e.type === 'business_typing') send({ type: 'typing', on: e.on });
    };
    this.agg.customers.events.on('event', onEvent);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      this.agg.customers.events.off('event', onEvent);
      if (customer) this.release(customer);
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const frame = isBinary ? undefined : parse(data.toString('utf8'));
      if (!frame) {
        send({ type: 'error', message: 'Malformed frame' });
        return;
      }
      if (frame.type === 'hello') {
        if (customer) return send({ type: 'error', message: 'Already started' });
        customer = this.hello(frame);
        const messages = customer.messages
          .map((m) => phoneMessage(m, customer as Customer))
          .filter((m) => m !== undefined);
        send({
          type: 'welcome',
          customer: {
            id: customer.id,
            channel: customer.channel,
            name: this.agg.customers.displayName(customer),
            phone: customer.phone,
          },
          messages,
        });
        this.agg.setOnline(customer, true);
        return;
      }
      if (!customer) return send({ type: 'error', message: 'Say hello first' });
      try {
        this.act(customer, frame);
      } catch {
        send({ type: 'error', message: 'That button is no longer available' });
      }
    });
  }

  private hello(frame: Extract<ClientFrame, { type: 'hello' }>): Customer {
    const known = frame.customerId ? this.agg.customers.find(frame.customerId) : undefined;
    const customer =
      known && known.channel === frame.channel
        ? known
        : this.agg.customers.create({
            channel: frame.channel,
            name: frame.name,
            phone: frame.channel === 'whatsapp' ? frame.phone : undefined,
          });
    this.sockets.set(customer.id, (this.sockets.get(customer.id) ?? 0) + 1);
    return customer;
  }

  private act(customer: Customer, frame: Exclude<ClientFrame, { type: 'hello' }>): void {
    switch (frame.type) {
      case 'say':
        this.agg.customerSends(customer, { type: 'text', text: frame.text });
        return;
      case 'tap':
        this.agg.customerTaps(customer, frame.messageId, frame.actionId);
        return;
      case 'shareLocation':
        this.agg.customerShareLocation(customer);
        return;
      case 'read':
        if (CAPABILITIES[customer.channel].receipts) this.agg.customerReads(customer);
        return;
    }
  }

  private release(customer: Customer): void {
    const left = (this.sockets.get(customer.id) ?? 1) - 1;
    if (left > 0) this.sockets.set(customer.id, left);
    else {
      this.sockets.delete(customer.id);
      this.agg.setOnline(customer, false);
    }
  }
}

function parse(text: string): ClientFrame | undefined {
  try {
    const parsed = clientFrame.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Browsers send Origin on upgrades: only the simulator's own pages may open the phone socket. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
