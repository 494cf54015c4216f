import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';

/** The encoding the token budgets are counted in (OpenAI's GPT-4o family), as `make bench` does. */
export const TOKEN_ENCODING = 'o200k_base';

const encoder = new Tiktoken(o200k);

/** Tokens of a value as a client hands it to a model: its JSON text, through a real tokenizer. */
export function tokensOf(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}
