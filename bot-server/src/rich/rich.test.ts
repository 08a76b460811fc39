import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { PROTOCOL_VERSION, type ServerFrame } from '@parley/protocol';
import { BUNDLED_FLOWS_DIR } from '../bot/index.js';
import { ParleyError } from '../errors.js';
import { MemoryFanout } from '../fanout/memory.js';
import { ConversationService } from '../domain/conversation-service.js';
import { systemClock, type Store } from '../domain/ports.js';
import { ScriptedBot } from '../domain/testing/scripted-bot.js';
import { ScriptedContactCenter } from '../domain/testing/scripted-contact-center.js';
import { openStore } from '../store/index.js';
import { expandRich, loadRichCatalogue, parseRichCatalogue, richCommands, richPalette, RICH_FILE } from './index.js';
import { richResponse, withMediaBase } from './catalogue.js';

const CATALOGUE = `responses:
  - code: office
    title: Walk-in office
    location: { latitude: 51.5, longitude: -0.08, name: Office, address: 1 High St }
  - code: card
    title: Smart meter
    compound:
      title: Reading your meter
      text: Press the blue button.
      image: https://example.com/m.jpg
      buttons: [{ label: Guide, url: "https://example.com/g" }, { label: Done, reply: meter_done }]
  - code: pay
    title: Pay
    text: Pay online
    buttons: [{ label: Pay, url: "https://example.com/pay" }]
`;

describe('rich response catalogue', () => {
  test('each kind becomes protocol content with a text fallback', () => {
    const c = parseRichCatalogue('r.yaml', CATALOGUE);
    assert.deepEqual(c.responses.get('office')?.content, {
      type: 'location',
      latitude: 51.5,
      longitude: -0.08,
      name: 'Office',
      address: '1 High St',
    });
    assert.equal(c.responses.get('office')?.fallback, 'Location: Office, 1 High St');
    const card = c.responses.get('card');
    assert.deepEqual(card?.content, {
      type: 'carousel',
      items: [
        {
          title: 'Reading your meter',
          subtitle: 'Press the blue button.',
          imageUrl: 'https://example.com/m.jpg',
          actions: [
            { type: 'link', label: 'Guide', url: 'https://example.com/g' },
            { type: 'postback', label: 'Done', payload: 'meter_done' },
          ],
        },
      ],
    });
    assert.equal(card?.fallback, 'Reading your meter: Press the blue button.');
    assert.deepEqual(
      richPalette(c).map((p) => [p.code, p.kind]),
      [
        ['office', 'location'],
        ['card', 'compound'],
        ['pay', 'text'],
      ],
    );
  });

  test('problems are reported with their line: two kinds, unsafe links, duplicates, unknown keys', () => {
    const bad = `responses:
  - code: two
    title: Two
    text: hi
    location: { latitude: 1, longitude: 2 }
  - code: js
    title: Script
    text: hi
    buttons: [{ label: Go, url: "javascript:alert(1)" }]
  - code: pay
    title: A
    text: a
  - code: pay
    title: B
    text: b
    colour: red
`;
    assert.throws(
      () => parseRichCatalogue('r.yaml', bad),
      (err: unknown) => {
        assert.ok(err instanceof ParleyError && err.code === 'PARLEY_ERR_FLOW');
        assert.match(err.message, /r\.yaml:9:\d+: .*only https, http, mailto and tel links/);
        assert.match(err.message, /r\.yaml:16:\d+: .*unknown key "colour"/);
        return true;
      },
    );
    assert.throws(
      () =>
        parseRichCatalogue(
          'r.yaml',
          bad.replace(/\n {4}colour: red/, '').replace('javascript:alert(1)', 'https://example.com'),
        ),
      (err: unknown) => {
        assert.ok(err instanceof ParleyError);
        assert.match(err.message, /r\.yaml:2:\d+: .*"two" needs exactly one of .* \(has text, location\)/);
        assert.match(err.message, /r\.yaml:13:\d+: .*"pay" is listed twice/);
        return true;
      },
    );
  });

  test('the bundled catalogue loads and offers every kind', async () => {
    const c = await loadRichCatalogue(`${BUNDLED_FLOWS_DIR}/default/${RICH_FILE}`);
    const kinds = new Set(richPalette(c).map((p) => p.kind));
    assert.deepEqual([...kinds].sort(), ['carousel', 'compound', 'file', 'image', 'location', 'text']);
  });

  test("a card's picture may be one of Parley's own (/media/...), nothing else relative", () => {
    const entry = (image: string) =>
      `responses:\n  - code: c\n    title: T\n    compound:\n      title: Card\n      image: "${image}"\n`;
    const ok = parseRichCatalogue('r.yaml', entry('/media/tariffs/flex.svg'));
    const content = ok.responses.get('c')?.content;
    assert.deepEqual(withMediaBase(content!, 'https://chat.example.com/'), {
      type: 'carousel',
      items: [{ title: 'Card', imageUrl: 'https://chat.example.com/media/tariffs/flex.svg' }],
    });
    assert.deepEqual(withMediaBase(content!, undefined), { type: 'carousel', items: [{ title: 'Card' }] });
    for (const bad of ['/media/../flow.yaml', '/etc/passwd', 'media/x.svg', '/media/x.html', 'javascript:alert(1)'])
      assert.throws(() => parseRichCatalogue('r.yaml', entry(bad)), ParleyError, bad);
  });

  test("a location button asks for the customer's location", async () => {
    const c = await loadRichCatalogue(`${BUNDLED_FLOWS_DIR}/default/${RICH_FILE}`);
    const ask = richResponse(c, 'share-location', 'fr')?.content;
    assert.ok(ask?.type === 'text');
    assert.deepEqual(ask.actions, [{ type: 'location_request', label: 'Partager ma position' }]);
  });

  test('a translation is what a customer in that language gets; agents and other languages get the default', async () => {
    const c = await loadRichCatalogue(`${BUNDLED_FLOWS_DIR}/default/${RICH_FILE}`);
    const titles = (locale?: string) => {
      const content = richResponse(c, 'tariffs', locale)?.content;
      return content?.type === 'carousel' ? content.items.map((i) => i.title) : [];
    };
    assert.deepEqual(titles('fr'), ['Fixe 12', 'Flex', 'Verte 100']);
    assert.deepEqual(titles('de'), ['Fixed 12', 'Flex', 'Green 100']);
    assert.deepEqual(titles(), ['Fixed 12', 'Flex', 'Green 100']);
    assert.equal(richPalette(c).filter((p) => p.code === 'tariffs').length, 1, 'the palette lists the default only');
    assert.throws(
      () => parseRichCatalogue('r.yaml', 'responses:\n  - { code: x, locale: fr, title: X, text: x }\n'),
      /r\.yaml:2:\d+: "x" has a translation but no default entry/,
    );
  });

  test('/rich: ordinary text is left alone, an unknown or missing code is explained', () => {
    const c = parseRichCatalogue('r.yaml', CATALOGUE);
    assert.equal(expandRich(c, 'see /rich office'), undefined);
    assert.equal(expandRich(c, '/richer'), undefined);
    const unknown = expandRich(c, '/rich nope');
    assert.ok(unknown && !unknown.ok);
    assert.match(unknown.agentWords, /no "nope"\. Available: office, card, pay\./);
    assert.match(expandRich(c, '/rich')?.agentWords ?? '', /name it, \/rich CODE/);
    assert.equal(expandRich(c, '  /RICH Office ')?.ok, true);
  });
});

const stores: Store[] = [];
after(async () => {
  for (const s of stores) await s.close();
});

describe('/rich from an agent', () => {
  test('the customer gets the content, the agent the text fallback; a bad code reaches no customer', async () => {
    const logger = pino({ level: 'silent' });
    const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'FULL' }, logger);
    stores.push(store);
    const fanout = new MemoryFanout();
    const cc = new ScriptedContactCenter();
    const service = new ConversationService({
      store,
      bot: new ScriptedBot(),
      contactCenter: cc,
      fanout,
      clock: systemClock,
      logger,
      agentCommands: richCommands(parseRichCatalogue('r.yaml', CATALOGUE)),
      settings: {
        sendAgentJoinInfo: true,
        sendAgentName: true,
        defaultSkillset: 'WC_Default_Skillset',
        requestTranscript: false,
        defaultLocale: 'en',
        defaultCountry: 'GB',
      },
    });
    const opened = await service.open({ type: 'session.hello', v: PROTOCOL_VERSION }, { clientAddress: '127.0.0.1' });
    const id = opened.session.conversationId;
    const frames: ServerFrame[] = [];
    fanout.subscribe(id, (f) => frames.push(f));
    await service.catchUp(opened);
    await service.send(
      opened.session,
      { type: 'message.send', clientMsgId: 'c1', content: { type: 'text', text: 'agent' } },
      () => {},
    );
    const agent = { id: '5001', name: 'Agent Smith' };
    cc.emit({ type: 'agent_joined', conversationId: id, agent, participants: [agent] });
    const say = (text: string, externalId: string) =>
      cc.emit({ type: 'agent_message', conversationId: id, agent, text, at: Date.now(), externalId });
    say('/rich office', 'r1');
    say('/rich nope', 'r2');
    say('/rich card', 'r3');
    say('plain words', 'r4');
    await service.drain();
    const fromAgent = frames.flatMap((f) =>
      f.type === 'message' && f.message.author.role === 'agent' ? [f.message] : [],
    );
    assert.deepEqual(
      fromAgent.map((m) => m.content.type),
      ['location', 'carousel', 'text'],
    );
    assert.ok(!JSON.stringify(fromAgent).includes('/rich'), 'no command text reaches the customer');
    const notices = cc.sent.filter((s) => s.text.startsWith('[Parley]')).map((s) => s.text);
    assert.deepEqual(notices, [
      '[Parley] "Walk-in office" sent: Location: Office, 1 High St',
      '[Parley] Rich response not sent: no "nope". Available: office, card, pay.',
      '[Parley] "Smart meter" sent: Reading your meter: Press the blue button.',
    ]);
    service.close();
  });
});
