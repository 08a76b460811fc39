/**
 * Writes the README screenshots of the aggregator simulator's phone pages (docs/screenshots/phone-*.png): the
 * simulator alone, as `npm start -w aggregator-sim` runs it, a customer writing from each page and business replies
 * posted through its v1.1 REST API as Parley posts them. Not part of the test suite (CI must not rewrite files):
 *
 *   node --conditions=@parley/source --import tsx test/e2e/phone-screenshots.ts
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freePort, repoRoot } from '../support/server-process.js';
import { launchBrowser, newContext } from './support/browser.js';

const OUT = join(repoRoot, 'docs', 'screenshots');
const KEY_ID = 'app_screenshots';
const SECRET = 'screenshots-secret';

type Page3 = 'whatsapp' | 'messenger' | 'x';

interface Sim {
  httpUrl: string;
  appId: string;
  child: ChildProcess;
}

/** A stand-in for Parley's webhook endpoint: answering 2xx is what turns the customer's tick to "delivered". */
async function webhookSink(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/async/messaging/v1/webhook` };
}

/** The simulator as its own `npm start` runs it; resolves once the banner (printed after listen) names the app. */
async function startSim(webhookUrl: string): Promise<Sim> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=@parley/source', '--import', 'tsx', 'aggregator-sim/src/main.ts'],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        AGGREGATOR_SIM_PORT: String(port),
        AGGREGATOR_SIM_WEBHOOK_URL: webhookUrl,
        AGGREGATOR_SIM_KEY_ID: KEY_ID,
        AGGREGATOR_SIM_SECRET: SECRET,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let banner = '';
  for await (const chunk of child.stdout ?? []) {
    banner += String(chunk);
    const app = /app (\w+),/.exec(banner)?.[1];
    if (app && banner.includes('Control:')) return { httpUrl: `http://127.0.0.1:${port}`, appId: app, child };
  }
  throw new Error(`aggregator simulator exited before its banner:\n${banner}`);
}

async function call(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Parley's side: v1.1 calls with `role: appMaker` and Basic auth. */
function business(sim: Sim, customerId: string) {
  const auth = { authorization: `Basic ${Buffer.from(`${KEY_ID}:${SECRET}`).toString('base64')}` };
  const base = `${sim.httpUrl}/v1.1/apps/${sim.appId}/appusers/${customerId}`;
  return {
    post: (message: object) => call(`${base}/messages`, { role: 'appMaker', ...message }, auth),
    read: () => call(`${base}/conversation/read`, {}, auth),
  };
}

function control(sim: Sim, name: string, args: object = {}): Promise<unknown> {
  return call(`${sim.httpUrl}/sim/control/${name}`, args);
}

async function customerIdOf(sim: Sim, name: string): Promise<string> {
  const answer = (await control(sim, 'customers')) as { result: Array<{ id: string; name: string }> };
  const found = answer.result.find((c) => c.name === name);
  if (!found) throw new Error(`no customer named ${name}`);
  return found.id;
}

const chatOrVoice = {
  type: 'text',
  text: 'Talk to an agent using:',
  actions: [
    { type: 'reply', text: 'Chat', payload: 'ESCALATE_CHAT' },
    { type: 'reply', text: 'Voice', payload: 'ESCALATE_VOICE' },
  ],
};

const plans = {
  type: 'carousel',
  items: [
    {
      title: 'Fibre 500',
      description: '500 Mb/s, £29 a month',
      actions: [{ type: 'postback', text: 'Choose', payload: 'PLAN_F500' }],
    },
    {
      title: 'Fibre 1G',
      description: '1 Gb/s, £39 a month',
      actions: [{ type: 'postback', text: 'Choose', payload: 'PLAN_F1G' }],
    },
  ],
};

async function shoot(page: Page, name: string): Promise<void> {
  // Let the last bubble's layout settle (screenshots only; the tests never sleep).
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, name) });
  console.log(`wrote docs/screenshots/${name}`);
}

/** A customer opens the page, writes, and Parley answers: welcome, read mark, plans, Chat | Voice. */
async function conversation(browser: Browser, sim: Sim, page3: Page3, name: string): Promise<Page> {
  const context = await newContext(browser, { viewport: { width: 430, height: 790 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(`${sim.httpUrl}/phone/${page3}`);
  await page.getByLabel('Your name').fill(name);
  if (page3 === 'whatsapp') await page.getByLabel('Your phone number').fill('+447400123456');
  await page.getByRole('button', { name: 'Start chatting' }).click();
  await page.getByLabel('Message').fill('Hi, which broadband plans do you have?');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Hi, which broadband plans do you have?').waitFor();

  const parley = business(sim, await customerIdOf(sim, name));
  await parley.post({ type: 'text', text: `Hello ${name.split(' ')[0]}! I'm Parley, the virtual assistant.` });
  await parley.read();
  await parley.post({ type: 'text', text: 'Here are our plans:' });
  await parley.post(plans);
  await parley.post(chatOrVoice);
  await page.getByText('Talk to an agent using:').waitFor();
  await page.getByLabel('Read').first().waitFor();
  return page;
}

/** WhatsApp after 24 hours: only a template gets through, shown with its badge. */
async function templateAfterWindow(sim: Sim, page: Page, name: string): Promise<void> {
  const customerId = await customerIdOf(sim, name);
  await control(sim, 'age', { customerId, hours: 25 });
  await business(sim, customerId).post({
    type: 'text',
    text:
      '&((namespace=[[b1e2c3d4_parley]]template=[[agent_reply]]fallback=[[An agent has answered your question. ' +
      'Reply to continue the conversation.]]language=[[en]]body_text=[[Ann]]))&',
  });
  await page.getByText('agent_reply').first().waitFor();
  await shoot(page, 'phone-whatsapp-template.png');
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  execFileSync(process.execPath, [join(repoRoot, 'aggregator-sim', 'build.mjs')], { stdio: 'inherit' });
  const sink = await webhookSink();
  const sim = await startSim(sink.url);
  const browser = await launchBrowser();
  try {
    const whatsapp = await conversation(browser, sim, 'whatsapp', 'Jane Doe');
    await shoot(whatsapp, 'phone-whatsapp.png');
    await templateAfterWindow(sim, whatsapp, 'Jane Doe');
    await shoot(await conversation(browser, sim, 'messenger', 'Ben Ode'), 'phone-messenger.png');
    await shoot(await conversation(browser, sim, 'x', 'Ola Berg'), 'phone-x.png');
  } finally {
    await browser.close();
    sim.child.kill('SIGTERM');
    sink.server.close();
  }
}

await main();
