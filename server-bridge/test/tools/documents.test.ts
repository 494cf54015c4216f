// The text of PDF and Office documents through read_file: extracted off the main thread, paged like
// text files, and bounded in size and time; a document that cannot be read is described instead.
import { jest } from '@jest/globals';
import {
  docxWithParagraphs,
  pdfWithText,
  pptxWithSlides,
  xlsxWithRows,
} from '../helpers/documents.js';
import { useStack } from '../helpers/fixtures.js';
import { callTool, textOf } from '../helpers/stack.js';

jest.setTimeout(60_000);

const { ws, alice } = useStack({
  env: { BRIDGE_DOCUMENT_MAX_BYTES: '200000' },
  connect: ['alice'],
});

async function upload(filename: string, data: Buffer): Promise<string> {
  const result = await callTool(alice, 'upload_file', {
    channel: ws.channel.id,
    filename,
    content_base64: data.toString('base64'),
  });
  expect(result.isError).toBeFalsy();
  return result.structuredContent?.file_id as string;
}

describe('read_file on documents', () => {
  it.each([
    [
      'a PDF',
      'report.pdf',
      pdfWithText(['Quarterly report', 'Revenue grew 12%']),
      'PDF document',
      ['Quarterly report', 'Revenue grew 12%'],
    ],
    [
      'a Word document',
      'contract.docx',
      docxWithParagraphs(['Clause 1: term', 'Clause 2: fees & costs']),
      'Word document',
      ['Clause 1: term', 'Clause 2: fees & costs'],
    ],
    [
      'an Excel workbook',
      'budget.xlsx',
      xlsxWithRows([
        ['Item', 'Cost'],
        ['Laptops', '12000'],
      ]),
      'Excel workbook',
      ['Laptops', '12000'],
    ],
    [
      'a PowerPoint deck',
      'roadmap.pptx',
      pptxWithSlides(['Roadmap 2027', 'Ship the bridge']),
      'PowerPoint presentation',
      ['Roadmap 2027', 'Ship the bridge'],
    ],
  ])('reads the text of %s', async (_what, filename, data, kind, expected) => {
    const fileId = await upload(filename, data);
    const result = await callTool(alice, 'read_file', { file_id: fileId });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ kind: 'document', offset: 0 });
    for (const text of expected) {
      expect(result.structuredContent?.text).toContain(text);
      expect(textOf(result)).toContain(text);
    }
    expect(textOf(result)).toContain(`Text of a ${kind}`);
  });

  it('gives the same text through the file resource', async () => {
    const fileId = await upload('minutes.docx', docxWithParagraphs(['Decision: ship on Friday']));
    const read = await alice.readResource({ uri: `mattermost://files/${fileId}` });
    const content = read.contents[0] as { mimeType?: string; text?: string };
    expect(content.mimeType).toBe('text/plain');
    expect(content.text).toContain('Decision: ship on Friday');
  });

  it('pages a long document like a text file', async () => {
    const paragraphs = Array.from(
      { length: 40 },
      (_v, i) => `Paragraph ${i} ${'lorem '.repeat(8)}`,
    );
    const fileId = await upload('long.docx', docxWithParagraphs(paragraphs));
    const first = await callTool(alice, 'read_file', { file_id: fileId, limit: 500 });
    const total = first.structuredContent?.total_chars as number;
    expect(total).toBeGreaterThan(1500);
    expect(first.structuredContent?.next_offset).toBe(500);
    let text = first.structuredContent?.text as string;
    for (let offset = 500; offset < total; offset += 500) {
      const page = await callTool(alice, 'read_file', { file_id: fileId, offset, limit: 500 });
      text += page.structuredContent?.text as string;
    }
    expect(text).toContain('Paragraph 0 ');
    expect(text).toContain('Paragraph 39 ');
    expect(text.length).toBe(total);
  });

  it('describes a document that cannot be read, and one over the size limit, and carries on', async () => {
    const broken = await upload('broken.pdf', Buffer.from('%PDF-1.4 not really a PDF'));
    const answer = await callTool(alice, 'read_file', { file_id: broken });
    expect(answer.isError).toBeFalsy();
    expect(answer.structuredContent).toMatchObject({ kind: 'other' });
    expect(textOf(answer)).toMatch(/it is a PDF document, but it could not be read/);

    const big = pdfWithText(Array.from({ length: 1000 }, (_v, i) => `Page ${i}`));
    expect(big.length).toBeGreaterThan(200_000);
    const bigId = await upload('big.pdf', big);
    const described = await callTool(alice, 'read_file', { file_id: bigId });
    expect(textOf(described)).toMatch(/PDF document larger than/);

    // The bridge is still well: a good document reads after both.
    const good = await upload('after.pdf', pdfWithText(['Still here']));
    const after = await callTool(alice, 'read_file', { file_id: good });
    expect(after.structuredContent?.text).toContain('Still here');
  });
});
