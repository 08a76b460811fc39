import express, { type Request } from 'express';
import type { Aggregator } from '../aggregator.js';
import type { Faults } from '../faults.js';
import type { Customer } from '../model/customers.js';
import { v1AppUser, v1Conversation, v1Message } from '../wire/v1.js';
import { notFound } from './errors.js';
import { parseBody } from './guard.js';
import { resetHere, v1Page } from './message-pages.js';
import { activityV1, messagePostV1 } from './schemas.js';
import { contentsFromV1 } from './to-content.js';

/** Smooch v1.1: the app user endpoints Parley calls. Paths are relative to /v1.1. */
export function v1Routes(agg: Aggregator, faults: Faults): express.Router {
  const router = express.Router();
  const customer = (req: Request): Customer => {
    const found = agg.customers.find(String(req.params['userId']));
    if (!found) throw notFound('not_found', 'App user not found');
    return found;
  };

  router.get('/apps/:appId/appusers/:userId', (req, res) => {
    res.json({ appUser: v1AppUser(customer(req), agg.wire(), true) });
  });

  router.get('/apps/:appId/appusers/:userId/messages', (req, res) => {
    const c = customer(req);
    res.json({
      messages: v1Page(req, c.messages).map((m) => v1Message(m, c, agg.wire())),
      conversation: v1Conversation(c),
    });
  });

  router.post('/apps/:appId/appusers/:userId/messages', (req, res) => {
    const c = customer(req);
    const body = parseBody(messagePostV1, req.body);
    if (resetHere(faults, 'before-store', res)) return;
    const meta = {
      name: body.name,
      avatarUrl: body.avatarUrl,
      metadata: body.metadata,
      messengerPayload: body.override?.messenger?.payload,
    };
    const stored = agg.businessPosts(c, contentsFromV1(body), meta);
    if (resetHere(faults, 'after-store', res)) return agg.deliver(c, stored, meta);
    // Delivery webhooks go out after the answer, so the business knows the message id before its fate.
    res.on('finish', () => agg.deliver(c, stored, meta));
    const [first, ...extra] = stored.map((m) => v1Message(m, c, agg.wire()));
    res.status(201).json({ message: first, extraMessages: extra, conversation: v1Conversation(c) });
  });

  router.post('/apps/:appId/appusers/:userId/conversation/activity', (req, res) => {
    const c = customer(req);
    const body = parseBody(activityV1, req.body);
    agg.businessActivity(c, body.type);
    res.json({ conversation: v1Conversation(c) });
  });

  router.post('/apps/:appId/appusers/:userId/conversation/read', (req, res) => {
    const c = customer(req);
    agg.businessActivity(c, 'conversation:read');
    res.json({ conversation: v1Conversation(c) });
  });
  return router;
}
