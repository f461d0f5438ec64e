import { z } from 'zod';
import { defineNode, field, MAIN, type FieldMeta, type Item, type NodeContext } from './types';
import { requiredCredentialField } from './lib/credential-field';
import { optionalTextField } from './lib/fields';
import { loadOpenAICredential, openAIRequest, serviceName, type OpenAICredential } from './lib/openai-api';
import { isPlainObject } from './lib/values';

const DEFAULT_MODEL = { chat: 'gpt-4o-mini', embeddings: 'text-embedding-3-small' } as const;

const shownFor = (...operations: Array<'chat' | 'embeddings'>): FieldMeta['showWhen'] => ({ operation: operations });

const config = z
  .object({
    credential: requiredCredentialField(
      ['openai-api-key'],
      { label: 'API key', help: 'An OpenAI key (or one of a service with the same API) saved under Credentials.' },
      'Choose a saved API key, or create one under Credentials.',
    ),
    operation: field(z.enum(['chat', 'embeddings']).default('chat'), {
      label: 'What to do',
      widget: 'select',
      optionLabels: { chat: 'Write an answer (chat)', embeddings: 'Turn text into numbers (embedding)' },
    }),
    model: field(z.string().trim().default(''), {
      label: 'Model',
      help: `Leave empty for ${DEFAULT_MODEL.chat} (answers) or ${DEFAULT_MODEL.embeddings} (embeddings).`,
      placeholder: DEFAULT_MODEL.chat,
    }),
    system: optionalTextField({
      label: 'Instructions',
      help: 'Optional: how to answer, like "You sort support emails. Answer with one word."',
      widget: 'textarea',
      showWhen: shownFor('chat'),
    }),
    prompt: optionalTextField({
      label: 'Message',
      help: 'What to ask or what to do. Use {{ }} for values from the item, like Summarise: {{ $json.text }}',
      widget: 'textarea',
      showWhen: shownFor('chat'),
    }),
    jsonOutput: field(z.boolean().default(false), {
      label: 'Answer as JSON',
      help: 'The answer is read as JSON into the field "json". Say in the message which fields you want, and use the word JSON there.',
      widget: 'switch',
      showWhen: shownFor('chat'),
    }),
    temperature: field(
      z.coerce
        .number({ error: 'Enter a number from 0 to 2.' })
        .min(0, 'Enter a number from 0 to 2.')
        .max(2, 'Enter a number from 0 to 2.')
        .optional(),
      {
        label: 'Creativity (temperature)',
        help: "0 gives focused answers that vary little; up to 2 varies more. Leave empty for the model's own setting.",
        widget: 'number',
        showWhen: shownFor('chat'),
      },
    ),
    input: optionalTextField({
      label: 'Text',
      help: 'The text to turn into numbers, for finding similar texts, like {{ $json.description }}',
      widget: 'textarea',
      showWhen: shownFor('embeddings'),
    }),
  })
  .superRefine((cfg, ctx) => {
    const need = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if (cfg.operation === 'chat') {
      if (cfg.prompt.trim() === '') need('prompt', 'Write the message to send.');
      // OpenAI refuses JSON mode otherwise, with a message that is hard to place.
      else if (cfg.jsonOutput && !/json/i.test(`${cfg.system} ${cfg.prompt}`)) {
        need(
          'prompt',
          'With "Answer as JSON" on, ask for JSON in the message or the instructions, like "Reply in JSON with the fields name and city."',
        );
      }
    }
    if (cfg.operation === 'embeddings' && cfg.input.trim() === '') need('input', 'Enter the text to turn into numbers.');
  });
type OpenAIConfig = z.output<typeof config>;
type Ctx = NodeContext<OpenAIConfig>;

const chatAnswer = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z.record(z.string(), z.unknown()).optional(),
});

const embeddingAnswer = z.object({
  model: z.string().optional(),
  data: z.array(z.object({ embedding: z.array(z.number()) })).min(1),
  usage: z.record(z.string(), z.unknown()).optional(),
});

function unexpected(service: string): Error {
  return new Error(
    `${service} answered in a shape this step does not know: is the API address in the credential right? It usually ends in /v1.`,
  );
}

async function chat(ctx: Ctx, cred: OpenAICredential, cfg: OpenAIConfig): Promise<Item> {
  const service = serviceName(cred);
  const model = cfg.model || DEFAULT_MODEL.chat;
  const messages = [...(cfg.system.trim() ? [{ role: 'system', content: cfg.system }] : []), { role: 'user', content: cfg.prompt }];
  const body: Record<string, unknown> = { model, messages };
  // Sent only when set: some models accept no temperature but their own.
  if (cfg.temperature !== undefined) body.temperature = cfg.temperature;
  if (cfg.jsonOutput) body.response_format = { type: 'json_object' };
  const parsed = chatAnswer.safeParse(await openAIRequest(ctx, cred, '/chat/completions', body));
  if (!parsed.success) throw unexpected(service);
  const [choice] = parsed.data.choices;
  const answer = choice.message.content ?? '';
  if (!answer && choice.message.refusal) throw new Error(`The model refused to answer: ${choice.message.refusal}`);
  const cutOff = choice.finish_reason === 'length';
  if (cutOff) ctx.log.warn('The answer was cut off: it reached the most the model may write at once.');
  const item: Item = {
    answer,
    model: parsed.data.model ?? model,
    finishReason: choice.finish_reason ?? null,
    usage: parsed.data.usage ?? null,
  };
  if (cfg.jsonOutput) {
    try {
      item.json = JSON.parse(answer) as unknown;
    } catch {
      throw new Error(`The answer is not valid JSON${cutOff ? ' because it was cut off' : ''}: ${answer.slice(0, 200)}`);
    }
  }
  return item;
}

async function embed(ctx: Ctx, cred: OpenAICredential, cfg: OpenAIConfig): Promise<Item> {
  const model = cfg.model || DEFAULT_MODEL.embeddings;
  const parsed = embeddingAnswer.safeParse(await openAIRequest(ctx, cred, '/embeddings', { model, input: cfg.input }));
  if (!parsed.success) throw unexpected(serviceName(cred));
  const { embedding } = parsed.data.data[0];
  return { embedding, dimensions: embedding.length, model: parsed.data.model ?? model, usage: parsed.data.usage ?? null };
}

/** Adds each kind of token count over all requests. */
function addUsage(total: Record<string, number>, usage: unknown): void {
  if (!isPlainObject(usage)) return;
  for (const [key, value] of Object.entries(usage)) if (typeof value === 'number') total[key] = (total[key] ?? 0) + value;
}

function usageLine(total: Record<string, number>, requests: number): string {
  const n = (key: string) => (total[key] ?? 0).toLocaleString('en');
  const parts =
    total.completion_tokens !== undefined ? ` (${n('prompt_tokens')} in the messages, ${n('completion_tokens')} in the answers)` : '';
  return `Tokens used: ${n('total_tokens')}${parts}, in ${requests} request${requests === 1 ? '' : 's'}.`;
}

export default defineNode({
  id: 'openai',
  version: 1,
  category: 'action',
  group: 'API',
  displayName: 'OpenAI',
  description: 'Asks an AI model (OpenAI or a service with the same API) to answer, or turns text into embeddings.',
  icon: 'bot',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: {
    credential: 'cred_example',
    operation: 'chat',
    system: 'You sort support emails. Reply in JSON with the fields category and urgent.',
    prompt: '{{ $json.subject }}\n\n{{ $json.body }}',
    jsonOutput: true,
    temperature: 0,
  },
  async execute(ctx) {
    // The credential field takes no expressions: the same key for every item.
    const cred = await loadOpenAICredential(ctx, ctx.config.credential);
    const out: Item[] = [];
    const total: Record<string, number> = {};
    // One item at a time, in order: rate limits count requests per minute, and answers keep their order.
    try {
      for (const [index, item] of (ctx.inputs.main ?? []).entries()) {
        const cfg = ctx.configFor(item, index);
        const result = cfg.operation === 'chat' ? await chat(ctx, cred, cfg) : await embed(ctx, cred, cfg);
        addUsage(total, result.usage);
        out.push(result);
      }
    } finally {
      // Also when a later item fails: the tokens of the answers before it were paid for.
      if (out.length > 0) ctx.log.info(usageLine(total, out.length));
    }
    return { outputs: { main: out } };
  },
});
