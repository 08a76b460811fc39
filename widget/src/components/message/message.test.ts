import { expect } from '@open-wc/testing';
import { mountChat, textOf } from '../../../test-support/mount.js';
import { withDeadline } from '../../../test-support/wait.js';

describe('<parley-message>', () => {
  it('turns http(s)/mailto/tel into safe anchors and leaves javascript: as text', async () => {
    const t = await mountChat();
    await t.open();
    await t.peer.control({
      action: 'push',
      content: {
        type: 'text',
        text: 'See https://example.com/a?b=1, mail me at mailto:a@b.co or javascript:alert(1) now',
      },
    });
    await t.when(() => t.messages().length === 1, 'message');
    const root = t.messages()[0]!.shadowRoot!;
    const anchors = [...root.querySelectorAll('a')];
    expect(anchors.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.com/a?b=1', 'mailto:a@b.co']);
    for (const a of anchors) {
      expect(a.rel).to.equal('noopener noreferrer');
      expect(a.target).to.equal('_blank');
    }
    expect(textOf(root.querySelector('.bubble'))).to.contain('javascript:alert(1)');
    t.el.remove();
  });

  it('renders markup in messages as inert text: nothing executes', async () => {
    const t = await mountChat();
    await t.open();
    const w = window as unknown as { __pwned?: number };
    delete w.__pwned;
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
    await t.peer.control({ action: 'push', content: { type: 'text', text: evil } });
    await t.when(() => t.messages().length === 1, 'message');
    // Had markup been parsed, its <img src=x> would be loading now: once a probe for the same URL has
    // failed, its onerror would have run.
    const probe = new Image();
    const failed = new Promise((resolve) => probe.addEventListener('error', resolve, { once: true }));
    probe.src = 'x';
    await withDeadline(failed, 'the probe image to fail');
    const bubble = t.messages()[0]!.shadowRoot!.querySelector('.bubble')!;
    expect(bubble.textContent).to.equal(evil);
    expect(bubble.querySelector('img, script, b')).to.equal(null);
    expect(w.__pwned).to.equal(undefined);
    t.el.remove();
  });

  it('shows quick replies on the latest message only, sends the postback, and they disappear once used', async () => {
    const t = await mountChat();
    await t.open();
    await t.peer.control({
      action: 'push',
      content: {
        type: 'text',
        text: 'Talk to an agent using:',
        actions: [
          { type: 'reply', label: 'Chat', payload: 'ESCALATE_CHAT' },
          { type: 'reply', label: 'Voice', payload: 'ESCALATE_VOICE' },
        ],
      },
    });
    await t.when(() => t.messages().length === 1, 'message');
    const buttons = () => [...t.messages()[0]!.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')];
    expect(buttons().map((b) => textOf(b))).to.deep.equal(['Chat', 'Voice']);
    buttons()[1]!.click();
    const sent = await t.frame('message.send');
    expect(sent.content).to.deep.equal({ type: 'postback', payload: 'ESCALATE_VOICE', label: 'Voice' });
    await t.when(() => t.messages().length === 2, 'customer postback stored');
    expect(buttons()).to.have.length(0);
    expect(textOf(t.messages()[1]!.shadowRoot!.querySelector('.bubble'))).to.equal('Voice');
    t.el.remove();
  });

  it('renders events as system lines and offers Cancel for a pending callback', async () => {
    const t = await mountChat();
    await t.open();
    // Exactly what the server sends (bot-server conversation-service): the agent's name as `agentName`, no phone.
    await t.peer.control({
      action: 'push',
      author: { role: 'system' },
      content: { type: 'event', event: 'agent_joined', data: { agentName: 'Maria' } },
    });
    await t.peer.control({
      action: 'view',
      view: { status: 'voice_requested', call: { id: 'call-1', status: 'requested', phone: '+442079460958' } },
    });
    await t.peer.control({
      action: 'push',
      author: { role: 'system' },
      content: { type: 'event', event: 'call_status', data: { status: 'requested', callId: 'call-1' } },
    });
    await t.when(() => t.messages().length === 2, 'events');
    expect(textOf(t.messages()[0]!.shadowRoot)).to.equal('Maria joined the chat');
    const call = t.messages()[1]!.shadowRoot!;
    expect(textOf(call)).to.match(/^Call: callback requested\s*Cancel call$/);
    call.querySelector('button')!.click();
    const cancel = await t.frame('call.cancel');
    expect(cancel.callId).to.equal('call-1');
    t.el.remove();
  });

  it('reads every event as the server sends it: agent names, queue positions (never "number 0"), scheduled calls', async () => {
    const t = await mountChat();
    await t.open();
    const at = Date.parse('2031-03-03T10:00:00Z');
    const events = [
      { event: 'agent_joined' },
      { event: 'agent_left', data: { agentName: 'Maria', remaining: 0 } },
      { event: 'conferenced', data: { agentName: 'Jo' } },
      { event: 'transferred', data: { agentName: 'Jo' } },
      { event: 'queue_position', data: { position: 2 } },
      { event: 'queue_position', data: { position: 0 } },
      { event: 'queue_position' },
      { event: 'contact_center_lost', data: { maxAttempts: 5 } },
      { event: 'call_status', data: { status: 'scheduled', callId: 'call-2', scheduledFor: at } },
      { event: 'call_status', data: { status: 'dialling', callId: 'call-2' } },
      { event: 'conversation_ended', data: { by: 'agent' } },
    ];
    for (const e of events)
      await t.peer.control({ action: 'push', author: { role: 'system' }, content: { type: 'event', ...e } });
    await t.when(() => t.messages().length === events.length, 'events');
    const when = new Intl.DateTimeFormat('en', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: 'numeric',
      minute: '2-digit',
    }).format(at);
    expect(t.messages().map((m) => textOf(m.shadowRoot))).to.deep.equal([
      'An agent joined the chat',
      'Maria left the chat',
      'Jo joined the conversation',
      'You are being transferred to another agent',
      'You are number 2 in the queue',
      'Waiting for an agent',
      'Waiting for an agent',
      'Connection to our agents was lost; we are reconnecting',
      `Call: callback scheduled for ${when}`,
      'Call: dialling',
      'Conversation ended',
    ]);
    t.el.remove();
  });

  it('renders a carousel with titles, images and link buttons', async () => {
    const t = await mountChat();
    await t.open();
    const items = [
      {
        title: 'Plan A',
        subtitle: 'Cheap',
        imageUrl: 'https://img.example.com/a.png',
        actions: [{ type: 'link', label: 'Details', url: 'https://example.com/a' }],
      },
      { title: 'Plan B', actions: [{ type: 'postback', label: 'Choose B', payload: 'plan_b' }] },
    ];
    await t.peer.control({ action: 'push', content: { type: 'carousel', items } });
    await t.when(() => t.messages().length === 1, 'carousel');
    const root = t.messages()[0]!.shadowRoot!;
    expect([...root.querySelectorAll('.card h3')].map((h) => h.textContent)).to.deep.equal(['Plan A', 'Plan B']);
    expect(root.querySelector('.card img')!.getAttribute('src')).to.equal('https://img.example.com/a.png');
    expect(root.querySelector<HTMLAnchorElement>('.card a')!.rel).to.equal('noopener noreferrer');
    await expect(t.messages()[0]!).to.be.accessible();
    root.querySelector<HTMLButtonElement>('.card button')!.click();
    const sent = await t.frame('message.send');
    expect(sent.content).to.deep.equal({ type: 'postback', payload: 'plan_b', label: 'Choose B' });
    t.el.remove();
  });

  it('a carousel wider than the panel (five cards, pictures, French) passes axe, scrolled or not', async () => {
    const t = await mountChat({ locale: 'fr' });
    await t.open();
    const items = ['Fixe 12', 'Flex', 'Verte 100', 'Nuit', 'Solaire'].map((title, i) => ({
      title,
      subtitle: `Offre ${i + 1}`,
      imageUrl: `https://img.example.com/${i}.png`,
      actions: [
        { type: 'link', label: `Voir ${title}`, url: `https://example.com/${i}` },
        { type: 'postback', label: `Choisir ${title}`, payload: `plan_${i}` },
      ],
    }));
    await t.peer.control({ action: 'push', content: { type: 'carousel', items } });
    const entry = await t.when(() => t.messages()[0], 'carousel');
    await t.settle();
    const strip = entry.shadowRoot!.querySelector<HTMLElement>('.carousel')!;
    expect(strip.scrollWidth, 'wider than the panel').to.be.greaterThan(strip.clientWidth);
    await expect(entry).to.be.accessible();
    strip.scrollLeft = strip.scrollWidth;
    await expect(entry).to.be.accessible();
    t.el.remove();
  });

  it('offers a file for download only when scanned clean', async () => {
    const t = await mountChat();
    await t.open();
    const file = { type: 'file', url: 'https://files.example.com/a.pdf', mimeType: 'application/pdf', name: 'a.pdf' };
    await t.peer.control({
      action: 'push',
      author: { role: 'agent', name: 'Maria' },
      content: { ...file, scan: 'infected' },
    });
    await t.peer.control({
      action: 'push',
      author: { role: 'agent', name: 'Maria' },
      content: { ...file, scan: 'clean' },
    });
    await t.when(() => t.messages().length === 2, 'files');
    expect(t.messages()[0]!.shadowRoot!.querySelector('a')).to.equal(null);
    expect(t.messages()[1]!.shadowRoot!.querySelector('a')!.getAttribute('href')).to.equal(
      'https://files.example.com/a.pdf',
    );
    t.el.remove();
  });
});
