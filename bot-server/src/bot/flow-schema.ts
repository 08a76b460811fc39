/**
 * The schema of a flow directory (flow.yaml, intents.yaml, forms.yaml). See flows/README.md for the
 * author's guide. Shape only: cross-references (node targets, intents, forms, locales, template
 * variables) are checked by flow-checks.ts, which knows the whole flow.
 */
import * as z from 'zod';
import { LIMITS } from '@parley/protocol';

const ID = /^[a-z][a-z0-9_.-]{0,63}$/;
const id = z
  .string()
  .regex(ID, 'must be lower-case letters, digits, "_", "-" or "." (starting with a letter), at most 64 characters');
const localeTag = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code like en or fr');

/** Text per locale: { en: "...", fr: "..." }. */
export const LocalTextSchema = z.record(localeTag, z.string().min(1, 'must not be empty').max(LIMITS.textMaxChars));
const localLabel = z.record(localeTag, z.string().min(1, 'must not be empty').max(LIMITS.labelMaxChars));

/** A quick reply / button. Exactly one of goto, intent, url. */
export const OptionSchema = z
  .strictObject({
    label: localLabel,
    /** Go to this node. */
    goto: id.optional(),
    /** Behave as if the customer had said something with this intent. */
    intent: id.optional(),
    /** Open this link (https, http, mailto, tel). */
    url: z
      .string()
      .regex(/^(https?:\/\/|mailto:|tel:)\S+$/, 'must be an https:, http:, mailto: or tel: link')
      .max(LIMITS.urlMaxChars)
      .optional(),
    /** `reply` (default) shows the label as the customer's message; `postback` does not. */
    style: z.enum(['reply', 'postback']).optional(),
  })
  .refine(
    (o) => [o.goto, o.intent, o.url].filter((x) => x !== undefined).length === 1,
    'an option needs exactly one of goto, intent or url',
  );

const options = z.array(OptionSchema).min(1).max(LIMITS.actionsMax);

const SayNode = z.strictObject({
  type: z.literal('say'),
  text: LocalTextSchema,
  options: options.optional(),
  /** Then a rich response from rich-responses.yaml (a carousel, a location, a card...), in the customer's language. */
  rich: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a code from rich-responses.yaml')
    .optional(),
  /** Continue immediately with this node; without it the bot waits for the customer here. */
  next: id.optional(),
});
const ChoiceNode = z.strictObject({ type: z.literal('choice'), text: LocalTextSchema, options });
const FormNode = z.strictObject({
  type: z.literal('form'),
  form: id,
  text: LocalTextSchema.optional(),
  next: id,
  /** Skip the form when every required field is already known (from details or slots). */
  skipWhenKnown: z.boolean().optional(),
});
const EscalateNode = z.strictObject({
  type: z.literal('escalate'),
  /** `message`: `details.message` goes to agents' mailbox (MESSAGES_TO); the bot carries on. */
  channel: z.enum(['chat', 'voice', 'message']),
  text: LocalTextSchema.optional(),
  skillset: z.string().min(1).max(100).optional(),
  /** Details handed to the escalation, as templates; empty results are left out. */
  details: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/), z.string().max(200)).optional(),
});
/**
 * Asks where the customer is: the widget offers "Share my location" (the browser asks permission) and "Not now";
 * a messaging channel shows its location button where it has one. The shared place is kept in the `location` slot.
 */
const LocationNode = z.strictObject({
  type: z.literal('location'),
  text: LocalTextSchema,
  /** The share button's label. */
  button: localLabel,
  /** Where the flow goes once the location has been shared. */
  next: id,
  /** Where it goes when the customer declines. */
  declined: id,
});
const GotoNode = z.strictObject({ type: z.literal('goto'), goto: id });
/** Goes on to `open` while chat agents are there (CHAT_HOURS, CHAT_DAYS, HOLIDAYS), else to `closed`. */
const HoursNode = z.strictObject({ type: z.literal('hours'), open: id, closed: id });
const EndNode = z.strictObject({ type: z.literal('end'), text: LocalTextSchema.optional() });

export const NodeSchema = z.discriminatedUnion('type', [
  SayNode,
  ChoiceNode,
  FormNode,
  EscalateNode,
  LocationNode,
  GotoNode,
  HoursNode,
  EndNode,
]);

export const BOT_EVENTS = [
  'handoff_failed',
  'agent_unavailable',
  'handoff_ended',
  'voice_failed',
  'voice_ended',
  'contact_center_lost',
  'agent_chat_expired',
  'agent_chat_lost',
] as const;
export const SYSTEM_MESSAGES = ['not_understood', 'form_invalid', 'form_closed', 'recovered'] as const;

export const FlowFileSchema = z.strictObject({
  name: z.string().min(1).max(100).optional(),
  locales: z.array(localeTag).min(1).max(20),
  defaultLocale: localeTag,
  start: id,
  /** The node the bot returns to after an answer, an agent or a recovery. */
  menu: id,
  /** Variables supplied by the server rather than by forms (e.g. company). */
  variables: z.array(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/)).optional(),
  fallback: z.strictObject({ after: z.int().min(1).max(10), goto: id }),
  nlu: z
    .strictObject({
      /** Scores below this are "not understood". */
      threshold: z.number().min(0.1).max(0.99),
      /** Per-intent overrides, calibrated on the held-out set (e.g. a closing intent needs more confidence). */
      thresholds: z.record(id, z.number().min(0.1).max(0.99)).optional(),
      /** The bars `npm run nlu:eval` holds the held-out figures to (see heldout/). */
      eval: z
        .strictObject({
          escalationRecall: z.number().min(0).max(1),
          falseEscalation: z.number().min(0).max(1),
          intentAccuracy: z.number().min(0).max(1),
          fallbackRate: z.number().min(0).max(1),
          situations: z.number().min(0).max(1),
          braun: z.number().min(0).max(1).optional(),
          /** Hold every Braun corpus (not just the overall figure) to `braun`. */
          braunPerCorpus: z.boolean().optional(),
        })
        .optional(),
    })
    .optional(),
  escalation: z
    .strictObject({
      chatSkillset: z.string().min(1).max(100).optional(),
      voiceSkillset: z.string().min(1).max(100).optional(),
    })
    .optional(),
  events: z.partialRecord(z.enum(BOT_EVENTS), id).optional(),
  /**
   * While a customer waits for an agent (QUEUE_OFFER_MESSAGE_AFTER seconds), `text` with one button, `label`;
   * taking it withdraws the queued chat and goes to `goto` (e.g. the leave-a-message form). Absent: no offer.
   */
  queueOffer: z.strictObject({ text: LocalTextSchema, label: localLabel, goto: id }).optional(),
  messages: z
    .strictObject(
      Object.fromEntries(SYSTEM_MESSAGES.map((m) => [m, LocalTextSchema])) as Record<
        (typeof SYSTEM_MESSAGES)[number],
        typeof LocalTextSchema
      >,
    )
    /** Said when a value typed in the chat box (a phone number, a name correction) was taken. */
    .extend({ noted: LocalTextSchema.optional() }),
  nodes: z.record(id, NodeSchema),
});

export const IntentSchema = z
  .strictObject({
    /** Example utterances per locale (trained into the classifier). */
    examples: z.record(localeTag, z.array(z.string().min(1).max(500)).min(1)),
    /** Phrases that select this intent whenever they appear as whole words. */
    keywords: z.record(localeTag, z.array(z.string().min(1).max(100))).optional(),
    answer: LocalTextSchema.optional(),
    options: options.optional(),
    goto: id.optional(),
    /** For the agent summary: faq, smalltalk, escalation... */
    tag: z
      .string()
      .regex(/^[a-z_]{1,20}$/)
      .optional(),
  })
  .refine((i) => i.answer !== undefined || i.goto !== undefined, 'an intent needs an answer, a goto, or both');

export const IntentsFileSchema = z.strictObject({ intents: z.record(id, IntentSchema) });

export const FieldSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,31}$/, 'must be camelCase letters and digits, starting lower-case'),
  /** `checkbox`: a consent box ("yes" when ticked, "no" otherwise); `required` means it must be ticked. */
  kind: z.enum(['name', 'phone', 'email', 'text', 'datetime', 'choice', 'checkbox']),
  label: localLabel,
  placeholder: localLabel.optional(),
  required: z.boolean().default(true),
  /** The field applies (and `required` counts) only when another field has this value, e.g. a time only for "later". */
  onlyWhen: z.strictObject({ field: z.string(), value: z.string() }).optional(),
  maxLength: z.int().min(1).max(LIMITS.formValueMaxChars).optional(),
  /** Prefill template, e.g. "{phone}". */
  value: z.string().max(100).optional(),
  options: z
    .array(z.strictObject({ value: z.string().min(1).max(LIMITS.payloadMaxChars), label: localLabel }))
    .min(1)
    .max(LIMITS.actionsMax)
    .optional(),
  /** Where a valid value goes: `details` (customer details, sent to the agent) or `slot` (this conversation only). */
  save: z.enum(['details', 'slot']).optional(),
});

export const FormSchema = z.strictObject({
  title: localLabel.optional(),
  submit: localLabel.optional(),
  fields: z.array(FieldSchema).min(1).max(LIMITS.formFieldsMax),
});

export const FormsFileSchema = z.strictObject({
  forms: z.record(
    z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'must be lower-case letters, digits, "_" or "-"'),
    FormSchema,
  ),
});

export type LocalText = z.infer<typeof LocalTextSchema>;
export type FlowOption = z.infer<typeof OptionSchema>;
export type FlowNode = z.infer<typeof NodeSchema>;
export type FlowFile = z.infer<typeof FlowFileSchema>;
export type IntentDef = z.infer<typeof IntentSchema>;
export type FormDef = z.infer<typeof FormSchema>;
export type FieldDef = z.infer<typeof FieldSchema>;
