import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Message } from '@parley/protocol';
import type { BotContext } from '../domain/ports.js';
import { isParleyError } from '../errors.js';
import { parseOpeningHours } from '../time/opening-hours.js';
import { parseZone } from '../time/zone.js';
import { copyDefaultFlow } from './flow-fixtures.js';
import { createBotEngine, type ReloadableBotEngine, type ReloadEvent } from './index.js';

const silent = { info() {}, warn() {}, error() {} };
const config = { FLOWS_DIR: undefined, FLOWS_RELOAD: false, COMPANY_NAME: 'Northwind Energy' };

describe('bot engine over the default flow', () => {
  let bot: ReloadableBotEngine;
  before(async () => {
    bot = await createBotEngine(config, silent);
  });
  after(() => bot.close());
  const ctx = (over: Partial<BotContext> = {}): BotContext => ({
    state: undefined,
    locale: 'en',
    details: {},
    ...over,
  });

  const humanRequests = {
    en: [
      'can I speak to a real person?',
      'agent please',
      'I want to talk to someone',
      'human',
      'representative',
      'Can I talk to an actual human being',
      'get me customer service',
    ],
    fr: [
      'je voudrais parler à un conseiller',
      'un humain svp',
      'puis-je parler à quelqu’un ?',
      'service client',
      'CONSEILLER',
    ],
  };
  for (const [locale, phrases] of Object.entries(humanRequests)) {
    for (const text of phrases) {
      test(`"${text}" (${locale}) starts the escalation`, async () => {
        const turn = await bot.handle(ctx({ locale }), { type: 'text', text });
        assert.equal(turn.intent?.name, 'agent');
        assert.equal(turn.state.node, 'handoff_details');
        assert.equal(turn.state.pendingForm, 'contact');
        const form = turn.replies.find((r) => r.type === 'form');
        assert.ok(form && form.type === 'form');
        assert.deepEqual(
          form.fields.map((f) => f.kind),
          ['name', 'phone', 'email', 'checkbox'],
        );
      });
    }
  }

  test('known name and phone skip the form and go straight to Chat | Voice, prefilled forms use known values', async () => {
    const details = { name: 'Ann Smith', phone: '+447911123456' };
    const turn = await bot.handle(ctx({ details }), { type: 'text', text: 'agent please' });
    assert.equal(turn.state.node, 'channel_choice');
    const choice = turn.replies[0];
    assert.ok(choice?.type === 'text' && choice.actions);
    assert.deepEqual(
      choice.actions.map((a) => a.label),
      ['Chat', 'Voice'],
    );
    const voice = choice.actions[1];
    assert.ok(voice && voice.type === 'postback');
    const next = await bot.handle(ctx({ details, state: turn.state }), {
      type: 'postback',
      payload: voice.payload,
      label: voice.label,
    });
    const form = next.replies.find((r) => r.type === 'form');
    assert.ok(form?.type === 'form');
    assert.equal(form.fields.find((f) => f.name === 'phone')?.value, '+447911123456');
    assert.equal(form.fields.find((f) => f.name === 'phone')?.defaultCountry, 'GB');
    // The callback time is conditional: the widget shows (and requires) it only for "later".
    assert.deepEqual(form.fields.find((f) => f.name === 'callAt')?.onlyWhen, { field: 'when', value: 'later' });
    assert.deepEqual(
      form.fields.filter((f) => f.onlyWhen).map((f) => f.name),
      ['callAt'],
    );
  });

  test('a phone field shows a valid example number of the default country as its placeholder', async () => {
    for (const [country, locale] of [
      ['GB', 'en'],
      ['FR', 'fr'],
      ['US', 'en'],
    ] as const) {
      const turn = await bot.handle(ctx({ locale, details: { defaultCountry: country } }), {
        type: 'text',
        text: 'agent please',
      });
      const form = turn.replies.find((r) => r.type === 'form');
      assert.ok(form?.type === 'form');
      const phone = form.fields.find((f) => f.kind === 'phone');
      assert.ok(phone?.placeholder, `${country} placeholder`);
      const answer = { name: 'Ann Smith', phone: phone.placeholder };
      const next = await bot.handle(ctx({ locale, details: { defaultCountry: country }, state: turn.state }), {
        type: 'form_response',
        formId: 'contact',
        values: answer,
      });
      assert.equal(
        next.state.pendingForm,
        undefined,
        `the ${country} example "${phone.placeholder}" passes the form's own validation`,
      );
    }
  });

  test('an unsupported locale falls back to English; a regional one maps to its language', async () => {
    const de = await bot.handle(ctx({ locale: 'de-DE' }), { type: 'start' });
    const fr = await bot.handle(ctx({ locale: 'fr-CA' }), { type: 'start' });
    assert.match(de.replies[0]?.type === 'text' ? de.replies[0].text : '', /^Hi, I'm the Northwind Energy assistant/);
    assert.match(
      fr.replies[0]?.type === 'text' ? fr.replies[0].text : '',
      /^Bonjour, je suis l'assistant Northwind Energy/,
    );
  });

  test('script in customer input is just text: never echoed into replies, never a template', async () => {
    const details = { name: '{company}<img src=x onerror=alert(1)>' };
    const turn = await bot.handle(ctx({ details }), {
      type: 'text',
      text: '<script>alert(1)</script> {name} ${process.exit()}',
    });
    for (const r of turn.replies) if (r.type === 'text') assert.doesNotMatch(r.text, /<script>|process\.exit/);
    const bye = await bot.handle(ctx({ details, state: turn.state }), { type: 'text', text: 'goodbye' });
    const text = bye.replies.map((r) => (r.type === 'text' ? r.text : '')).join(' ');
    assert.ok(
      text.includes('{company}<img src=x onerror=alert(1)>'),
      'the value is inserted verbatim as plain text, not re-expanded',
    );
  });

  test('a forged or stale postback is treated as its label text, and a foreign form is refused', async () => {
    const start = await bot.handle(ctx(), { type: 'start' });
    const forged = await bot.handle(ctx({ state: start.state }), {
      type: 'postback',
      payload: 'n:__proto__:0',
      label: 'opening hours',
    });
    assert.equal(forged.intent?.name, 'faq.opening_hours');
    const foreign = await bot.handle(ctx({ state: start.state }), {
      type: 'form_response',
      formId: 'contact',
      values: { name: 'Eve', phone: '07911123456' },
    });
    assert.deepEqual(foreign.actions, []);
    assert.match(foreign.replies[0]?.type === 'text' ? foreign.replies[0].text : '', /no longer open/);
  });

  test('a state from another flow, or pointing at a removed node, recovers to the menu', async () => {
    const lost = await bot.handle(
      ctx({ state: { flow: 'default', node: 'gone_node', slots: {}, misunderstandings: 0 } }),
      { type: 'text', text: 'hello' },
    );
    assert.equal(lost.state.node, 'menu');
    assert.match(lost.replies[0]?.type === 'text' ? lost.replies[0].text : '', /lost my place/);
    const other = await bot.handle(ctx({ state: { flow: 'another', node: 'x', slots: {}, misunderstandings: 5 } }), {
      type: 'text',
      text: 'opening hours',
    });
    assert.equal(other.state.flow, 'default');
    assert.equal(other.state.misunderstandings, 0);
  });

  test('summary: FAQs and intents, details with only the last phone digits, last messages, <= 255 chars', async () => {
    let state;
    for (const text of ['when are you open', 'my bill is too high', 'agent please'])
      state = (await bot.handle(ctx({ state }), { type: 'text', text })).state;
    const msg = (seq: number, text: string): Message => ({
      id: `m${seq}`,
      conversationId: 'c',
      seq,
      author: { role: 'customer' },
      content: { type: 'text', text },
      createdAt: seq,
    });
    const transcript = [msg(1, 'when are you open'), msg(2, 'my bill is too high'), msg(3, 'x'.repeat(500))];
    const summary = bot.summarize(ctx({ state, details: { name: 'Ann Smith', phone: '+447911123456' } }), transcript);
    assert.ok(summary.length <= 255, `${summary.length} chars`);
    assert.match(
      summary,
      /^FAQ: opening hours, billing \| Intents: agent \| Known: name Ann Smith, phone …3456 \| Lang: en \| Said: "when are you open" \/ "my bill is too high" \/ "x{50,}…"$/,
    );
    assert.doesNotMatch(summary, /447911/);
  });
});

describe('hot reload', () => {
  test('a valid change is picked up; a broken change keeps the old flow; conversations on removed nodes recover', async () => {
    const fx = await copyDefaultFlow();
    const bot = await createBotEngine({ ...config, FLOWS_DIR: fx.dir, FLOWS_RELOAD: true }, silent, {
      reloadDebounceMs: 50,
    });
    const events: ReloadEvent[] = [];
    const nextEvent = () =>
      new Promise<ReloadEvent>((resolve) => {
        const off = bot.onReload((e) => {
          off();
          resolve(e);
        });
      });
    bot.onReload((e) => events.push(e));
    try {
      const v1 = bot.version;
      const midForm = (
        await bot.handle({ state: undefined, locale: 'en', details: {} }, { type: 'text', text: 'agent please' })
      ).state;

      let reloaded = nextEvent();
      // One write (a second would race the debounced reload): new wording, and the contact form's node renamed,
      // so the conversation waiting on it must recover.
      const edited = (await fx.read('flow.yaml'))
        .replace('What can I help you with?', 'How may I help you today?')
        .replaceAll('handoff_details', 'handoff_v2');
      await fx.write('flow.yaml', edited);
      let e = await reloaded;
      while (!e.ok || bot.version === v1) e = await nextEvent(); // editors save in several steps
      const v2 = bot.version;
      const start = await bot.handle({ state: undefined, locale: 'en', details: {} }, { type: 'start' });
      assert.equal(start.replies[1]?.type === 'text' && start.replies[1].text, 'How may I help you today?');
      const recovered = await bot.handle(
        { state: midForm, locale: 'en', details: {} },
        { type: 'form_response', formId: 'contact', values: { name: 'Ann', phone: '07911123456' } },
      );
      assert.equal(recovered.state.node, 'menu');
      assert.deepEqual(recovered.actions, []);

      reloaded = nextEvent();
      await fx.edit('flow.yaml', 'start: welcome', 'start: welcom');
      e = await reloaded;
      assert.equal(e.ok, false);
      assert.ok(
        !e.ok && isParleyError(e.error) && /flow\.yaml:5:\d+: unknown node "welcom"/.test(e.error.message),
        !e.ok ? e.error.message : '',
      );
      assert.equal(bot.version, v2, 'still serving the last valid version');
      const still = await bot.handle({ state: undefined, locale: 'en', details: {} }, { type: 'start' });
      assert.equal(still.state.node, 'menu');
      await assert.rejects(bot.reload(), /unknown node "welcom"/);
    } finally {
      await bot.close();
      await fx.remove();
    }
  });
});

describe('callback times in the configured zone', () => {
  test('"later" at 10:30 London time is booked at the right instant in summer and winter, and read back locally', async () => {
    const fx = await copyDefaultFlow();
    await fx.edit('flow.yaml', "We'll call you on {phone}.", "We'll call you on {phone} {callAt|now}.");
    await fx.edit(
      'flow.yaml',
      'Nous vous appellerons au {phone}.',
      'Nous vous appellerons au {phone} {callAt|maintenant}.',
    );
    let now = 0;
    const bot = await createBotEngine({ ...config, FLOWS_DIR: fx.dir }, silent, {
      zone: parseZone('Europe/London'),
      now: () => now,
    });
    const book = async (today: string, callAt: string, locale = 'en-GB') => {
      now = Date.parse(today);
      const details = { name: 'Ann Smith', phone: '+447911123456' };
      const choice = await bot.handle({ state: undefined, locale, details }, { type: 'text', text: 'agent please' });
      const voice = choice.replies[0]?.type === 'text' ? choice.replies[0].actions?.[1] : undefined;
      assert.ok(voice?.type === 'postback');
      const form = await bot.handle(
        { state: choice.state, locale, details },
        { type: 'postback', payload: voice.payload, label: voice.label },
      );
      const values = { phone: '+447911123456', when: 'later', callAt };
      const done = await bot.handle(
        { state: form.state, locale, details },
        { type: 'form_response', formId: 'callback', values },
      );
      const escalate = done.actions.find((a) => a.type === 'escalate');
      const said = done.replies.map((r) => (r.type === 'text' ? r.text : '')).join(' ');
      return { callAt: escalate?.type === 'escalate' ? escalate.details?.['callAt'] : undefined, said };
    };
    try {
      assert.deepEqual(await book('2025-03-28T12:00:00Z', '2025-03-31T10:30'), {
        callAt: '2025-03-31T09:30:00.000Z',
        said: "Thank you. We'll call you on +447911123456 Mon 31 Mar, 10:30.",
      });
      assert.deepEqual(await book('2025-10-24T12:00:00Z', '2025-10-27T10:30'), {
        callAt: '2025-10-27T10:30:00.000Z',
        said: "Thank you. We'll call you on +447911123456 Mon 27 Oct, 10:30.",
      });
      assert.deepEqual(await book('2025-10-24T12:00:00Z', '2025-10-24T14:30', 'fr-FR'), {
        callAt: '2025-10-24T13:30:00.000Z',
        said: 'Merci. Nous vous appellerons au +447911123456 ven. 24 oct., 14:30.',
      });
    } finally {
      await bot.close();
      await fx.remove();
    }
  });
});

describe('chat hours', () => {
  test('outside CHAT_HOURS a request for an agent says when agents are there and offers a callback or a message', async () => {
    const london = parseZone('Europe/London');
    let now = Date.parse('2026-12-05T12:00:00Z'); // a Saturday
    const bot = await createBotEngine(config, silent, {
      zone: london,
      now: () => now,
      chatHours: parseOpeningHours('08:00-20:00', '1-5', london, ['2026-12-25']),
    });
    const ask = (locale: string) =>
      bot.handle({ state: undefined, locale, details: {} }, { type: 'text', text: 'agent please' });
    try {
      const closed = await ask('en');
      assert.equal(closed.state.node, 'closed_now');
      assert.equal(closed.state.pendingForm, undefined);
      const reply = closed.replies[0];
      assert.ok(reply?.type === 'text');
      assert.match(reply.text, /Mon–Fri, 08:00–20:00 \(Europe\/London\)/);
      assert.deepEqual(
        reply.actions?.map((a) => a.label),
        ['Call me back', 'Leave a message', 'Back to the menu'],
      );
      const fr = await ask('fr');
      assert.ok(fr.replies[0]?.type === 'text');
      assert.match(fr.replies[0].text, /lun\.–ven\., 08:00–20:00/);
      now = Date.parse('2026-12-25T12:00:00Z'); // Christmas, a Friday
      assert.equal((await ask('en')).state.node, 'closed_now');
      now = Date.parse('2026-12-24T12:00:00Z'); // an ordinary Thursday
      const open = await ask('en');
      assert.equal(open.state.node, 'handoff_details');
      assert.equal(open.state.pendingForm, 'contact');
    } finally {
      await bot.close();
    }
  });
});
