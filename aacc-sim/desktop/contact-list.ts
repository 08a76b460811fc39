import { html, nothing, type TemplateResult } from 'lit';
import type { AgentSnapshot, ContactSnapshot, OutboxEntry } from '../src/model/types.js';
import type { DesktopSession } from './desktop-session.js';

/** The contacts an agent sees: offered to them, theirs (incl. ended), and for a supervisor the active chats. */
export interface ContactGroups {
  offered: ContactSnapshot[];
  mine: ContactSnapshot[];
  others: ContactSnapshot[];
  /** The selected contact when it is among the groups. */
  selected: ContactSnapshot | undefined;
}

export function groupContacts(session: DesktopSession, me: AgentSnapshot): ContactGroups {
  const all = [...session.contacts.values()];
  const takesPart = (c: ContactSnapshot) => c.participants.some((p) => p.id === me.id);
  const offered = all.filter((c) => c.offeredTo === me.id);
  const mine = all.filter((c) => takesPart(c) || c.state === 'closed');
  const others = me.supervisor ? all.filter((c) => c.state === 'active' && !takesPart(c)) : [];
  const shown = new Set([...offered, ...mine, ...others].map((c) => c.id));
  const id = session.selected;
  return { offered, mine, others, selected: id && shown.has(id) ? session.contacts.get(id) : undefined };
}

/**
 * The left column: incoming alerts with Answer (End for callbacks), "My contacts" tabs, a supervisor's
 * active chats with Observe, and the last error. `openTab` shows a contact in the main pane.
 */
export function renderContactList(
  session: DesktopSession,
  groups: ContactGroups,
  openTab: (contactId: string) => void,
): TemplateResult {
  const { offered, mine, others } = groups;
  return html`
    <nav aria-label="Contacts">
      ${offered.map((c) => renderAlert(session, c))}
      <div class="section row">
        My contacts
        ${
          mine.some((c) => c.state === 'closed')
            ? html`<button class="link" @click=${() => session.clearEnded()}>Clear ended</button>`
            : nothing
        }
      </div>
      ${mine.length === 0 ? html`<div class="section muted">None yet</div>` : nothing}
      ${
        mine.length > 0
          ? html`<div role="tablist" aria-label="My contacts" aria-orientation="vertical" @keydown=${moveBetweenTabs}>
              ${mine.map((c, i) => renderTab(session, c, openTab, isFocusable(session, mine, i)))}
            </div>`
          : nothing
      }
      ${
        session.me?.supervisor
          ? html` <div class="section">Active chats</div>
              <ul class="observe" aria-label="Active chats">
                ${others.map(
                  (c) =>
                    html`<li>
                      <button
                        class="tab"
                        @click=${() => session.select(c.id)}
                        aria-current=${session.selected === c.id ? 'true' : 'false'}
                      >
                        ${c.customer.name}
                        <div class="sub">${c.participants.map((p) => p.name).join(', ')}</div>
                      </button>
                      <button @click=${() => session.run('observe', { contactId: c.id })}>Observe</button>
                    </li>`,
                )}
              </ul>`
          : nothing
      }
      ${session.error ? html`<p class="error pad" role="alert">${session.error}</p>` : nothing}
    </nav>
  `;
}

function renderAlert(session: DesktopSession, c: ContactSnapshot): TemplateResult {
  return html` <div class="alert" role="alert">
    <strong>${c.kind === 'voice' ? 'Incoming callback' : 'Incoming chat'} · ${c.skillset}</strong>
    <span>${c.customer.name}</span>
    <span>
      <button
        class="good"
        @click=${async () => {
          await session.run('answer', { contactId: c.id });
          session.select(c.id);
        }}
      >
        Answer
      </button>
      ${c.kind === 'voice' ? html`<button @click=${() => session.run('close', { contactId: c.id })}>End</button>` : nothing}
    </span>
  </div>`;
}

/** One tab stop for the tablist: the selected tab, else the first. */
function isFocusable(session: DesktopSession, mine: readonly ContactSnapshot[], i: number): boolean {
  const selected = mine.findIndex((c) => c.id === session.selected);
  return i === (selected < 0 ? 0 : selected);
}

/** Arrow keys, Home and End move between tabs (WAI-ARIA tabs pattern); Enter or Space opens one. */
function moveBetweenTabs(e: KeyboardEvent): void {
  const tabs = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role=tab]')];
  const at = tabs.indexOf(e.target as HTMLElement);
  if (at < 0) return;
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  tabs[(to + tabs.length) % tabs.length]?.focus();
}

function renderTab(
  session: DesktopSession,
  c: ContactSnapshot,
  openTab: (contactId: string) => void,
  focusable: boolean,
): TemplateResult {
  const last = c.transcript.at(-1);
  const selected = session.selected === c.id;
  return html`
    <button
      class="tab"
      role="tab"
      id="tab-${c.id}"
      aria-selected=${selected ? 'true' : 'false'}
      aria-controls=${selected ? 'contact-panel' : nothing}
      tabindex=${focusable ? 0 : -1}
      @click=${() => openTab(c.id)}
    >
      ${c.kind === 'voice' ? '☎ ' : ''}${c.customer.name}
      <div class="sub">${c.state === 'closed' ? 'Ended' : c.skillset}${last ? ` · ${last.text.slice(0, 40)}` : ''}</div>
    </button>
  `;
}

/** The transcript e-mails "sent" to customers, newest first. */
export function renderOutbox(outbox: readonly OutboxEntry[]): TemplateResult {
  return html`
    <section class="outbox" aria-label="Outbox">
      ${outbox.length === 0 ? html`<p class="muted">No transcript e-mails yet.</p>` : nothing}
      ${[...outbox].reverse().map(
        (m) =>
          html` <article>
            <strong>${m.subject}</strong>
            <div class="muted">To ${m.to} · ${new Date(m.at).toLocaleString()}</div>
            <pre>${m.body}</pre>
          </article>`,
      )}
    </section>
  `;
}
