/**
 * Runs one bot turn over a compiled flow: (state, input) -> (next state, replies, actions).
 * Pure with respect to I/O apart from NLU inference; never throws on customer input.
 */
import { LOCATION_DECLINED, type Action, type Content } from '@parley/protocol';
import type { BotAction, BotContext, BotInput, BotState, BotTurn } from '../domain/ports.js';
import {
  LOCATION_SLOT,
  intentOptionPayload,
  locationSlotValue,
  leaveQueue,
  nodeOptionPayload,
  resolvePayload,
  type CompiledFlow,
} from './flow-model.js';
import type { FlowNode, FlowOption, LocalText } from './flow-schema.js';
import { labelLocale, phoneCountry } from './conversation-locale.js';
import { formCard, saveTarget, shownVariables, toRule } from './form-content.js';
import { findPhone, isFollowUp, nameCorrection } from './free-text.js';
import type { Nlu } from './nlu.js';
import { richResponse, withMediaBase } from '../rich/catalogue.js';
import { renderTemplate } from './template.js';
import { pickLocale } from './text.js';
import { declinesLocation, matchOptionLabel, optionActions } from './flow-options.js';
import { validateField, validateForm } from './validators.js';
import { isOpenAt } from '../time/opening-hours.js';
import { builtInVariables, validationContextOf, type RuntimeOptions } from './runtime-options.js';

export type { RuntimeOptions };

/** A flow with its trained classifier: swapped as one unit on reload. */
export interface LoadedFlow {
  flow: CompiledFlow;
  nlu: Nlu;
}

const MAX_STEPS = 25;
const MAX_INTENT_HISTORY = 20;
/** Slots the engine keeps for itself (not template variables: those start with a letter). */
const LOCALE_SLOT = '_locale';
const UPSET_SLOT = '_upset';
const UPSET_TURNS = 2;
const NOTED: LocalText = { en: "Thanks, I've noted that.", fr: "Merci, c'est noté." };

/** Handles one input. `loaded` is the flow version current at the start of the turn. */
export async function runTurn(
  loaded: LoadedFlow,
  opts: RuntimeOptions,
  ctx: BotContext,
  input: BotInput,
): Promise<BotTurn> {
  return new Turn(loaded, opts, ctx).run(input);
}

class Turn {
  private readonly flow: CompiledFlow;
  private locale: string;
  private readonly state: BotState;
  private readonly replies: Content[] = [];
  private readonly actions: BotAction[] = [];
  private readonly newDetails: Record<string, string> = {};
  private intent: { name: string; score: number } | undefined;

  constructor(
    private readonly loaded: LoadedFlow,
    private readonly opts: RuntimeOptions,
    private readonly ctx: BotContext,
  ) {
    this.flow = loaded.flow;
    const s = this.flow.settings;
    const prev = ctx.state;
    this.state =
      prev && prev.flow === this.flow.id
        ? { ...prev, slots: { ...prev.slots }, ...(prev.intents ? { intents: [...prev.intents] } : {}) }
        : { flow: this.flow.id, node: s.start, slots: {}, misunderstandings: 0 };
    // A customer who wrote in another of the flow's languages keeps being answered in it.
    const chosen = this.state.slots[LOCALE_SLOT];
    this.locale =
      chosen !== undefined && s.locales.includes(chosen) ? chosen : pickLocale(ctx.locale, s.locales, s.defaultLocale);
  }

  async run(input: BotInput): Promise<BotTurn> {
    const s = this.flow.settings;
    if (input.type === 'start') {
      this.enter(s.start);
    } else if (!Object.hasOwn(this.flow.nodes, this.state.node)) {
      // The flow was reloaded and this conversation's node is gone: recover politely at the menu.
      this.say(s.messages.recovered);
      this.enter(s.menu);
    } else {
      if (this.state.pendingForm !== undefined && !Object.hasOwn(this.flow.forms, this.state.pendingForm))
        delete this.state.pendingForm;
      await this.dispatch(input);
    }
    if (Object.keys(this.newDetails).length > 0)
      this.actions.unshift({ type: 'set_details', details: { ...this.newDetails } });
    return {
      state: this.state,
      replies: this.replies,
      actions: this.actions,
      ...(this.intent ? { intent: this.intent } : {}),
    };
  }

  private async dispatch(input: Exclude<BotInput, { type: 'start' }>): Promise<void> {
    switch (input.type) {
      case 'text':
        return this.onText(input.text);
      case 'postback': {
        if (input.payload === LOCATION_DECLINED) return this.onLocation(undefined);
        const option = resolvePayload(this.flow, input.payload);
        return option ? this.applyOption(option) : this.onText(input.label);
      }
      case 'form_response':
        return this.onFormResponse(input.formId, input.values);
      case 'location':
        return this.onLocation(locationSlotValue(input.latitude, input.longitude));
      case 'event': {
        const q = this.flow.settings.queueOffer; // queue_wait: still queued, so the offer only, the state unchanged
        if (input.name === 'queue_wait') return q && this.say(q.text, [leaveQueue(this.text(q.label))]);
        const target = input.name === 'queue_left' ? q?.goto : this.flow.settings.events?.[input.name];
        delete this.state.pendingForm;
        return this.enter(target ?? this.flow.settings.menu);
      }
    }
  }

  private async onText(text: string): Promise<void> {
    const option = matchOptionLabel(this.flow.nodes[this.state.node], text, this.text);
    if (option) return this.applyOption(option);
    if (declinesLocation(this.flow.nodes[this.state.node], text)) return this.onLocation(undefined);
    // An answer to the step in progress wins over a new intent.
    const took = this.takeTypedValues(text);
    if (took && this.state.pendingForm !== undefined) return this.submitKnown(this.state.pendingForm);
    if (took === 'name') {
      this.say(this.flow.settings.messages.noted ?? NOTED);
      return this.enter(this.state.node);
    }
    const nlu = this.loaded.nlu;
    let r = await nlu.classify(this.locale, text);
    // A keyword hit (score 1) cannot be beaten, so only a weaker answer asks the other locale; 'None' is
    // not an answer, whatever its score (words the net has never seen give None at 1).
    const other = r.intent === 'None' || r.score < 1 ? nlu.guessOtherLocale(text, this.locale) : undefined;
    if (other !== undefined) {
      const o = await nlu.classify(other, text);
      if (o.intent !== 'None' && (r.intent === 'None' || o.score > r.score)) {
        this.locale = other;
        this.state.slots[LOCALE_SLOT] = other;
        r = o;
      }
    }
    const last = this.state.lastIntent;
    // "And for gas?" keeps the last topic (a keyword such as "gas leak" still wins).
    if (last !== undefined && this.tagOf(last) === 'faq' && r.score < 1 && isFollowUp(text))
      r = { intent: last, score: r.score };
    this.intent = { name: r.intent, score: r.score };
    const upset = await this.frustrated(text, r.intent);
    const tag = this.tagOf(r.intent);
    if (tag !== undefined && tag !== 'fallback') {
      this.state.misunderstandings = 0;
      return this.applyIntent(r.intent, upset);
    }
    if (took) {
      this.say(this.flow.settings.messages.noted ?? NOTED);
      return this.enter(this.state.node);
    }
    this.state.misunderstandings += 1;
    const fb = this.flow.settings.fallback;
    if (this.state.misunderstandings >= fb.after || upset) {
      this.state.misunderstandings = 0;
      delete this.state.pendingForm;
      return this.enter(fb.goto);
    }
    const outOfScope = tag === 'fallback' ? this.flow.intents[r.intent]?.answer : undefined;
    this.say(outOfScope ?? this.flow.settings.messages.not_understood, this.currentOptions());
  }

  /** Tag of a known intent ('' when it has none); undefined for 'None' or an intent this flow lacks. */
  private tagOf(intent: string): string | undefined {
    return Object.hasOwn(this.flow.intents, intent) ? (this.flow.intents[intent]?.tag ?? '') : undefined;
  }

  /** Keeps a name correction or a phone number typed in the chat box; says which was taken. */
  private takeTypedValues(text: string): 'name' | 'phone' | undefined {
    const known = this.vars();
    const ctx = validationContextOf(this.opts, this.defaultCountry());
    const name = nameCorrection(text, known['name']);
    const valid =
      name === undefined ? undefined : validateField({ name: 'name', kind: 'name', required: true }, name, ctx);
    if (valid?.ok) this.newDetails['name'] = valid.value;
    const phone = findPhone(text, this.defaultCountry());
    if (phone !== undefined) this.newDetails['phone'] = phone;
    return valid?.ok ? 'name' : phone !== undefined ? 'phone' : undefined;
  }

  /** Submits the pending form with what is known; shows it again (prefilled) when something is still missing. */
  private submitKnown(formId: string): void {
    const form = this.flow.forms[formId];
    if (!form) return;
    const vars = this.vars();
    const values = Object.fromEntries(
      form.fields.map((f) => [f.name, vars[f.name] ?? (f.value !== undefined ? renderTemplate(f.value, vars) : '')]),
    );
    const ok = validateForm(form.fields.map(toRule), values, validationContextOf(this.opts, this.defaultCountry()));
    if (Object.keys(ok.errors).length === 0) return this.onFormResponse(formId, values);
    this.say(this.flow.settings.messages.noted ?? NOTED);
    this.replies.push(this.formContent(formId));
  }

  /** Two negative messages in a row (NLP.js sentiment) offer an agent, unless the customer is already on the way there. */
  private async frustrated(text: string, intent: string): Promise<boolean> {
    const tag = this.tagOf(intent);
    if (tag === 'escalation' || tag === 'emergency') return false;
    const negative = (await this.loaded.nlu.sentiment(this.locale, text)) < 0;
    const count = negative ? Number(this.state.slots[UPSET_SLOT] ?? '0') + 1 : 0;
    if (count >= UPSET_TURNS || count === 0) delete this.state.slots[UPSET_SLOT];
    else this.state.slots[UPSET_SLOT] = String(count);
    return count >= UPSET_TURNS;
  }

  private onFormResponse(formId: string, values: Readonly<Record<string, string>>): void {
    const node = this.flow.nodes[this.state.node];
    const form = Object.hasOwn(this.flow.forms, formId) ? this.flow.forms[formId] : undefined;
    if (!form || this.state.pendingForm !== formId || node?.type !== 'form' || node.form !== formId) {
      this.say(this.flow.settings.messages.form_closed, this.currentOptions());
      return;
    }
    const result = validateForm(form.fields.map(toRule), values, validationContextOf(this.opts, this.defaultCountry()));
    if (Object.keys(result.errors).length > 0) {
      this.actions.push({ type: 'form_invalid', formId, fields: result.errors });
      this.say(this.flow.settings.messages.form_invalid);
      return;
    }
    for (const f of form.fields) {
      const v = result.values[f.name];
      if (v === undefined) {
        delete this.state.slots[f.name];
        continue;
      }
      if (saveTarget(f) === 'details') this.newDetails[f.name] = v;
      else this.state.slots[f.name] = v;
    }
    delete this.state.pendingForm;
    this.enter(node.next);
  }

  /** A shared place (undefined: "Not now") moves a location step on; anywhere else the place is only kept. */
  private onLocation(place: string | undefined): void {
    if (place !== undefined) this.state.slots[LOCATION_SLOT] = place;
    const node = this.flow.nodes[this.state.node];
    if (node?.type === 'location') this.enter(place !== undefined ? node.next : node.declined);
  }

  private applyOption(option: FlowOption): void {
    if (option.goto !== undefined) {
      delete this.state.pendingForm;
      this.enter(option.goto);
    } else if (option.intent !== undefined) {
      this.applyIntent(option.intent);
    }
  }

  private applyIntent(id: string, offerAgent = false): void {
    const intent = this.flow.intents[id];
    if (!intent) return;
    this.intent ??= { name: id, score: 1 };
    this.state.lastIntent = id;
    this.state.intents = [...(this.state.intents ?? []), id].slice(-MAX_INTENT_HISTORY);
    if (intent.answer)
      this.say(
        intent.answer,
        optionActions(intent.options, this.text, (i) => intentOptionPayload(id, i)),
      );
    const next = offerAgent ? this.flow.settings.fallback.goto : intent.goto;
    if (next !== undefined) {
      delete this.state.pendingForm;
      this.enter(next);
    }
  }

  /** Enters `nodeId` and keeps going through nodes that do not wait for the customer. */
  private enter(nodeId: string): void {
    let id: string | undefined = nodeId;
    for (let step = 0; id !== undefined && step < MAX_STEPS; step++) {
      const node: FlowNode | undefined = this.flow.nodes[id];
      if (!node) return;
      this.state.node = id;
      const at = id;
      id = undefined;
      switch (node.type) {
        case 'say': {
          this.say(
            node.text,
            optionActions(node.options, this.text, (i) => nodeOptionPayload(at, i)),
          );
          // A rich response (carousel, location, card) follows the words, in the customer's language.
          const rich = node.rich && this.flow.rich ? richResponse(this.flow.rich, node.rich, this.locale) : undefined;
          if (rich) this.replies.push(withMediaBase(rich.content, this.opts.mediaBase?.()));
          id = node.next;
          break;
        }
        case 'choice':
          this.say(
            node.text,
            optionActions(node.options, this.text, (i) => nodeOptionPayload(at, i)),
          );
          break;
        case 'form': {
          const form = this.flow.forms[node.form];
          if (!form) return;
          if (node.skipWhenKnown && form.fields.every((f) => !f.required || this.vars()[f.name])) {
            id = node.next;
            break;
          }
          if (node.text) this.say(node.text);
          this.replies.push(this.formContent(node.form));
          this.state.pendingForm = node.form;
          break;
        }
        case 'escalate': {
          if (node.text) this.say(node.text);
          const esc = this.flow.settings.escalation;
          const skillset = node.skillset ?? (node.channel === 'chat' ? esc?.chatSkillset : esc?.voiceSkillset);
          const details: Record<string, string> = {};
          for (const [k, tpl] of Object.entries(node.details ?? {})) {
            const v = renderTemplate(tpl, this.vars());
            if (v !== '') details[k] = v;
          }
          this.actions.push({
            type: 'escalate',
            channel: node.channel,
            ...(skillset ? { skillset } : {}),
            ...(Object.keys(details).length > 0 ? { details } : {}),
          });
          break;
        }
        case 'location':
          this.say(node.text, this.locationRequest(node));
          break;
        case 'goto':
          id = node.goto;
          break;
        case 'hours':
          id = !this.opts.chatHours || isOpenAt(this.opts.chatHours, this.opts.now()) ? node.open : node.closed;
          break;
        case 'end':
          if (node.text) this.say(node.text);
          this.actions.push({ type: 'end' });
          break;
      }
    }
  }

  private formContent(formId: string): Content {
    const form = this.flow.forms[formId];
    if (!form) throw new Error(`unknown form ${formId}`);
    return formCard(formId, form, (t) => this.text(t), this.vars(), this.defaultCountry());
  }

  private say(t: LocalText, actions?: Action[]): void {
    const locale = labelLocale(this.ctx.locale, this.locale);
    const vars = shownVariables(this.vars(), this.flow.forms, (at) => this.opts.zone.formatLabel(at, locale));
    const text = renderTemplate(this.text(t), vars);
    if (text === '') return;
    this.replies.push({ type: 'text', text, ...(actions && actions.length > 0 ? { actions } : {}) });
  }

  private locationRequest(node: Extract<FlowNode, { type: 'location' }>): Action[] {
    return [{ type: 'location_request', label: this.text(node.button) }];
  }

  /** The quick replies of the node the customer is at, to repeat after "Sorry, I didn't get that". */
  private currentOptions(): Action[] | undefined {
    const id = this.state.node;
    const node = this.flow.nodes[id];
    if (node?.type === 'location') return this.locationRequest(node);
    return node && (node.type === 'choice' || node.type === 'say')
      ? optionActions(node.options, this.text, (i) => nodeOptionPayload(id, i))
      : undefined;
  }

  private readonly text = (t: LocalText): string => {
    return t[this.locale] ?? t[this.flow.settings.defaultLocale] ?? Object.values(t)[0] ?? '';
  };

  private vars(): Record<string, string> {
    return {
      ...this.ctx.details,
      ...this.state.slots,
      ...this.newDetails,
      ...builtInVariables(this.opts, this.locale),
    };
  }

  private defaultCountry(): string {
    return phoneCountry(this.ctx.details, this.ctx.locale, this.locale, this.opts.defaultCountry);
  }
}
