import express, { type Request } from 'express';
import type { Aggregator } from '../aggregator.js';
import type { Faults } from '../faults.js';
import type { Customer } from '../model/customers.js';
import { v2Client, v2Conversation, v2Message, v2User } from '../wire/v2.js';
import { notFound } from './errors.js';
import { parseBody } from './guard.js';
import { resetHere, v2Page } from './message-pages.js';
import { activityV2, messagePostV2 } from './schemas.js';
import { contentsFromV2 } from './to-content.js';

const noPages = { meta: { hasMore: false, afterCursor: null, beforeCursor: null }, links: {} };

/** Sunshine v2: the conversation and user endpoints Parley calls. Paths are relative to /v2. */
export function v2Routes(agg: Aggregator, faults: Faults): express.Router {
  const router = express.Router();
  const byConversation = (req: Request): Customer => {
    const found = agg.customers.byConversation(String(req.params['conversationId']));
    if (!found) throw notFound('conversation_not_found', 'Conversation not found');
    return found;
  };
  const byUser = (req: Request): Customer => {
    const found = agg.customers.find(String(req.params['userId']));
    if (!found) throw notFound('user_not_found', 'User not found');
    return found;
  };

  router.get('/apps/:appId/users/:userId', (req, res) => {
    res.json({ user: v2User(byUser(req)) });
  });

  router.get('/apps/:appId/users/:userId/clients', (req, res) => {
    res.json({ clients: [v2Client(byUser(req), agg.wire())], ...noPages });
  });

  router.get('/apps/:appId/conversations', (req, res) => {
    const filter = req.query['filter'] as Record<string, unknown> | undefined;
    const raw = filter?.['userId'] ?? filter?.['userExternalId'] ?? req.query['filter[userId]'];
    const userId = typeof raw === 'string' ? raw : '';
    const c = agg.customers.find(userId);
    if (!c) throw notFound('user_not_found', 'User not found');
    res.json({ conversations: [v2Conversation(c)], ...noPages });
  });

  router.get('/apps/:appId/conversations/:conversationId', (req, res) => {
    res.json({ conversation: v2Conversation(byConversation(req)) });
  });

  router.get('/apps/:appId/conversations/:conversationId/messages', (req, res) => {
    const c = byConversation(req);
    const page = v2Page(req, c.messages);
    res.json({ ...page, messages: page.messages.map((m) => v2Message(m, c, agg.wire())) });
  });

  router.post('/apps/:appId/conversations/:conversationId/messages', (req, res) => {
    const c = byConversation(req);
    const body = parseBody(messagePostV2, req.body);
    if (resetHere(faults, 'before-store', res)) return;
    const meta = {
      name: body.author.displayName,
      avatarUrl: body.author.avatarUrl,
      metadata: body.metadata,
      messengerPayload: body.override?.messenger?.payload,
    };
    const stored = agg.businessPosts(c, contentsFromV2(body), meta);
    if (resetHere(faults, 'after-store', res)) return agg.deliver(c, stored, meta);
    res.on('finish', () => agg.deliver(c, stored, meta));
    res.status(201).json({ messages: stored.map((m) => v2Message(m, c, agg.wire())) });
  });

  router.post('/apps/:appId/conversations/:conversationId/activity', (req, res) => {
    const c = byConversation(req);
    const body = parseBody(activityV2, req.body);
    if (body.author.type === 'business') agg.businessActivity(c, body.type);
    res.json({});
  });
  return router;
}
