import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { LRUCache } from 'lru-cache';
import { DocumentTextError } from '../errors.js';

/** Documents whose text the bridge can read, by extension, with what to call them. */
const DOCUMENT_KINDS: Record<string, string> = {
  pdf: 'PDF document',
  docx: 'Word document',
  pptx: 'PowerPoint presentation',
  xlsx: 'Excel workbook',
  odt: 'OpenDocument text',
  odp: 'OpenDocument presentation',
  ods: 'OpenDocument spreadsheet',
};

/** What kind of document a file is, when its text can be read. */
export function documentKind(info: { extension?: string; name?: string }): string | undefined {
  const extension = (info.extension || info.name?.split('.').pop() || '').toLowerCase();
  return Object.hasOwn(DOCUMENT_KINDS, extension) ? DOCUMENT_KINDS[extension] : undefined;
}

export interface DocumentLimits {
  /** Largest document whose text is read; a larger one is described only. */
  maxBytes: number;
  /** Longest an extraction may run before it is stopped. */
  timeoutMs: number;
  /** Heap the extraction may use, in MB. */
  maxHeapMb: number;
}

const parserPath = createRequire(import.meta.url).resolve('officeparser');

/**
 * Runs officeparser in a worker thread: a hostile or huge document may spin the CPU or fill a
 * heap, and a worker can be stopped (and limited) where a promise cannot. The library's own
 * console output (pdf.js prints font warnings) is dropped there.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
for (const name of ['log', 'info', 'warn', 'error', 'debug']) console[name] = () => {};
const { parseOfficeAsync } = require(workerData.parserPath);
parseOfficeAsync(Buffer.from(workerData.data), { newlineDelimiter: '\\n' }).then(
  (text) => parentPort.postMessage({ text: String(text) }),
  (err) => parentPort.postMessage({ error: String((err && err.message) || err) }),
);
`;

/**
 * The text of a PDF or Office document, extracted off the main thread within `limits`. Throws
 * DocumentTextError when the document cannot be read in time, in memory, or at all.
 */
export function extractDocumentText(data: Buffer, limits: DocumentLimits): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { parserPath, data },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
      stdout: true,
      stderr: true,
    });
    // Nothing the library prints reaches the bridge's own output.
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new DocumentTextError(
              `reading it took longer than ${formatDuration(limits.timeoutMs)}`,
            ),
          ),
        ),
      limits.timeoutMs,
    );
    worker.on('message', (answer: { text?: string; error?: string }) =>
      finish(() =>
        answer.error !== undefined
          ? reject(new DocumentTextError(`it could not be read (${answer.error})`))
          : resolve(answer.text ?? ''),
      ),
    );
    worker.on('error', (err) =>
      finish(() =>
        reject(
          new DocumentTextError(
            (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? 'reading it needs more memory than allowed'
              : `it could not be read (${err.message})`,
          ),
        ),
      ),
    );
    worker.on('exit', () =>
      finish(() => reject(new DocumentTextError('it could not be read (the reader stopped)'))),
    );
  });
}

/**
 * Extracted texts by file id. A Mattermost file never changes once uploaded, so its text is
 * extracted once and paged from here; callers check the person may read the file before asking.
 */
export class DocumentTexts {
  private readonly texts: LRUCache<string, string>;

  constructor(
    readonly limits: DocumentLimits,
    maxCachedChars = 20_000_000,
  ) {
    this.texts = new LRUCache({ maxSize: maxCachedChars, sizeCalculation: (t) => t.length || 1 });
  }

  async textOf(fileId: string, load: () => Promise<Buffer>): Promise<string> {
    const known = this.texts.get(fileId);
    if (known !== undefined) return known;
    const text = normalise(await extractDocumentText(await load(), this.limits));
    if (text.length <= (this.texts.maxSize ?? 0)) this.texts.set(fileId, text);
    return text;
  }
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** Line ends unified, runs of blank lines and trailing spaces trimmed. */
function normalise(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The document reader the bridge's settings describe (BRIDGE_DOCUMENT_*). */
export function documentTextsFrom(config: {
  BRIDGE_DOCUMENT_MAX_BYTES: number;
  BRIDGE_DOCUMENT_TIMEOUT_MS: number;
  BRIDGE_DOCUMENT_MAX_HEAP_MB: number;
}): DocumentTexts {
  return new DocumentTexts({
    maxBytes: config.BRIDGE_DOCUMENT_MAX_BYTES,
    timeoutMs: config.BRIDGE_DOCUMENT_TIMEOUT_MS,
    maxHeapMb: config.BRIDGE_DOCUMENT_MAX_HEAP_MB,
  });
}
