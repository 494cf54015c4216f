import {
  documentKind,
  DocumentTexts,
  extractDocumentText,
} from '../../src/documents/document-text.js';
import { docxWithParagraphs, pdfWithText } from '../helpers/documents.js';

const LIMITS = { maxBytes: 1_000_000, timeoutMs: 20_000, maxHeapMb: 256 };

describe('document text', () => {
  it('knows the documents it reads by extension, and nothing else', () => {
    expect(documentKind({ extension: 'PDF' })).toBe('PDF document');
    expect(documentKind({ name: 'deck.pptx' })).toBe('PowerPoint presentation');
    expect(documentKind({ extension: 'exe' })).toBeUndefined();
    expect(documentKind({ extension: 'constructor' })).toBeUndefined();
  });

  it('stops an extraction that runs past its time', async () => {
    await expect(
      extractDocumentText(pdfWithText(['slow']), { ...LIMITS, timeoutMs: 1 }),
    ).rejects.toThrow('reading it took longer than 1 ms');
  });

  it('stops an extraction that needs more memory than allowed', async () => {
    const many = Array.from({ length: 3000 }, (_v, i) => `Paragraph ${i} ${'x'.repeat(200)}`);
    await expect(
      extractDocumentText(docxWithParagraphs(many), { ...LIMITS, maxHeapMb: 1 }),
    ).rejects.toThrow(/memory|could not be read/);
  });

  it('extracts each file once and pages from what it kept', async () => {
    const texts = new DocumentTexts(LIMITS);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return docxWithParagraphs(['Once only']);
    };
    expect(await texts.textOf('f1', load)).toBe('Once only');
    expect(await texts.textOf('f1', load)).toBe('Once only');
    expect(loads).toBe(1);
  });
});
