import { jest } from '@jest/globals';
import { hiddenChannel, useStack } from '../helpers/fixtures.js';
import { callTool, textOf, uniqueName } from '../helpers/stack.js';
import { until } from '../helpers/wait.js';

jest.setTimeout(30_000);

const { stack, ws, alice } = useStack({ connect: ['alice'] });
let hiddenChannelId: string;

/** A 1×1 PNG. */
const PIXEL =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** How many upload_file calls the bridge has finished, whatever their outcome (its metrics). */
async function finishedUploads(): Promise<number> {
  const metrics = await (await fetch(`${stack.bridge.url}/metrics`)).text();
  return [...metrics.matchAll(/^mcp_bridge_tool_calls_total\{tool="upload_file",[^}]*\} (\d+)$/gm)]
    .map((line) => Number(line[1]))
    .reduce((sum, n) => sum + n, 0);
}

beforeAll(async () => {
  hiddenChannelId = (await hiddenChannel(stack, ws)).id;
});

describe('upload_file', () => {
  it('uploads text as a new post with a message, reporting progress when asked', async () => {
    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = (await alice.callTool(
      {
        name: 'upload_file',
        arguments: {
          channel: `~${ws.channel.name}`,
          filename: 'notes.md',
          content: '# Notes\nline two',
          message: 'Meeting notes',
        },
      },
      { onprogress: (p) => progress.push(p) },
    )) as { isError?: boolean; structuredContent?: Record<string, unknown> };
    expect(result.isError).toBeFalsy();
    const { post_id, file_id, size } = result.structuredContent as {
      post_id: string;
      file_id: string;
      size: number;
    };
    expect(size).toBe(Buffer.byteLength('# Notes\nline two'));
    const post = await stack.rest(ws.bob).getPost(post_id);
    expect(post).toMatchObject({
      message: 'Meeting notes',
      channel_id: ws.channel.id,
      user_id: ws.alice.id,
    });
    expect(post.file_ids).toEqual([file_id]);
    // The post, read back through the bridge, names the file's id for read_file.
    const read = await callTool(alice, 'get_post', { post_id });
    expect(read.structuredContent).toMatchObject({ files: ['notes.md'], file_ids: [file_id] });
    expect(textOf(read)).toContain(`notes.md (file ${file_id})`);
    expect(progress.map((p) => p.progress)).toEqual([0, 1, 2, 3]);
    expect(progress.every((p) => p.total === 3)).toBe(true);
  });

  it('uploads binary content into a thread', async () => {
    const root = await stack
      .rest(ws.bob)
      .createPost({ channel_id: ws.channel.id, message: 'logo?' } as never);
    const result = await callTool(alice, 'upload_file', {
      channel: ws.channel.id,
      filename: 'pixel.png',
      content_base64: PIXEL,
      root_id: root.id,
    });
    expect(result.isError).toBeFalsy();
    const post = await stack.rest(ws.bob).getPost(result.structuredContent?.post_id as string);
    expect(post.root_id).toBe(root.id);
  });

  it('refuses both or neither content field, bad base64, and a path in the name', async () => {
    const both = await callTool(alice, 'upload_file', {
      channel: ws.channel.id,
      filename: 'a.txt',
      content: 'x',
      content_base64: 'eA==',
    });
    expect(textOf(both)).toContain('exactly one of content');
    const neither = await callTool(alice, 'upload_file', {
      channel: ws.channel.id,
      filename: 'a.txt',
    });
    expect(textOf(neither)).toContain('exactly one of content');
    const bad = await callTool(alice, 'upload_file', {
      channel: ws.channel.id,
      filename: 'a.bin',
      content_base64: '***',
    });
    expect(textOf(bad)).toContain('content_base64');
    const path = await callTool(alice, 'upload_file', {
      channel: ws.channel.id,
      filename: '../etc/passwd',
      content: 'x',
    });
    expect(path.isError).toBe(true);
    expect(textOf(path)).toContain('filename');
  });

  it('refuses a channel the user is not in and a file over the server’s limit', async () => {
    const hidden = await callTool(alice, 'upload_file', {
      channel: hiddenChannelId,
      filename: 'a.txt',
      content: 'x',
    });
    expect(hidden.isError).toBe(true);
    const admin = stack.rest(stack.sim.admin);
    await admin.patchConfig({ FileSettings: { MaxFileSize: 1000 } } as never);
    try {
      const big = await callTool(alice, 'upload_file', {
        channel: ws.channel.id,
        filename: 'big.txt',
        content: 'x'.repeat(1500),
      });
      expect(big.isError).toBe(true);
      expect(textOf(big)).toMatch(/1\.5 KiB.*accepts files up to 1000 B/);
    } finally {
      await admin.patchConfig({ FileSettings: { MaxFileSize: 104857600 } } as never);
    }
  });

  it('takes a file of a few megabytes over HTTP, and says so when a call is over the request limit', async () => {
    const bytes = Buffer.alloc(3_000_000, 7);
    const filename = `${uniqueName('large')}.bin`;
    const uploaded = await callTool(alice, 'upload_file', {
      channel: ws.channel.id,
      filename,
      content_base64: bytes.toString('base64'),
    });
    expect(uploaded.isError).toBeFalsy();
    const { post_id, file_id, size } = uploaded.structuredContent as {
      post_id: string;
      file_id: string;
      size: number;
    };
    expect(size).toBe(bytes.length);
    const stored = await stack.rest(ws.alice).getFileInfosForPost(post_id);
    expect(stored.map((file) => [file.id, file.size])).toEqual([[file_id, bytes.length]]);

    // 7 MB is 9.3 MiB as base64: over the 8 MiB of a request, refused in words.
    const tooLarge = alice.callTool({
      name: 'upload_file',
      arguments: {
        channel: ws.channel.id,
        filename: 'too-large.bin',
        content_base64: Buffer.alloc(7_000_000, 1).toString('base64'),
      },
    });
    await expect(tooLarge).rejects.toThrow(
      /Request body of \d+ bytes; the bridge accepts at most 8388608/,
    );
  });

  it('stops when the client cancels, leaving no post behind', async () => {
    const uploadsBefore = await finishedUploads();
    stack.sim.faults.set({ latency_ms: 400 });
    const controller = new AbortController();
    const filename = `${uniqueName('cancelled')}.txt`;
    try {
      const call = alice.callTool(
        {
          name: 'upload_file',
          arguments: { channel: ws.channel.id, filename, content: 'never posted' },
        },
        {
          signal: controller.signal,
          onprogress: (p) => {
            if (p.progress === 1) controller.abort();
          },
        },
      );
      await expect(call).rejects.toThrow();
    } finally {
      stack.sim.faults.clear();
    }
    // A cancelled call must not still attach the file later: once the bridge counts the call as
    // finished, its handler has ended, so any post it made would be there.
    await until(
      'the cancelled upload to finish',
      async () => (await finishedUploads()) > uploadsBefore,
    );
    const posts = await stack.rest(ws.bob).getPosts(ws.channel.id, 0, 50);
    const names = Object.values(posts.posts).flatMap((p) =>
      (p.metadata?.files ?? []).map((f) => f.name),
    );
    expect(names).not.toContain(filename);
  });
});

describe('read_file, get_file_info and list_channel_files', () => {
  let textFileId: string;
  let imageFileId: string;

  beforeAll(async () => {
    const text = await callTool(alice, 'upload_file', {
      channel: ws.channel.id,
      filename: 'long.txt',
      content: 'abcdefghij'.repeat(30),
    });
    textFileId = text.structuredContent?.file_id as string;
    const image = await callTool(alice, 'upload_file', {
      channel: ws.channel.id,
      filename: 'dot.png',
      content_base64: PIXEL,
    });
    imageFileId = image.structuredContent?.file_id as string;
  });

  it('reads a text file in pages', async () => {
    const first = await callTool(alice, 'read_file', { file_id: textFileId, limit: 120 });
    expect(first.structuredContent).toMatchObject({
      kind: 'text',
      offset: 0,
      next_offset: 120,
      total_chars: 300,
    });
    expect(first.structuredContent?.text).toBe('abcdefghij'.repeat(12));
    expect(textOf(first)).toContain('call again with offset 120');
    const last = await callTool(alice, 'read_file', {
      file_id: textFileId,
      offset: 240,
      limit: 120,
    });
    expect(last.structuredContent?.text).toBe('abcdefghij'.repeat(6));
    expect(last.structuredContent?.next_offset).toBeUndefined();
  });

  it('returns an image as image content', async () => {
    const result = await callTool(alice, 'read_file', { file_id: imageFileId });
    expect(result.structuredContent?.kind).toBe('image');
    const image = result.content.find((block) => block.type === 'image') as
      { data: string; mimeType: string } | undefined;
    expect(image?.mimeType).toBe('image/png');
    expect(image?.data).toBe(PIXEL);
  });

  it('describes a binary file without its content', async () => {
    const archive = await callTool(alice, 'upload_file', {
      channel: ws.channel.id,
      filename: 'backup.bin',
      content_base64: Buffer.from([0, 1, 2, 255, 254, 7]).toString('base64'),
    });
    const result = await callTool(alice, 'read_file', {
      file_id: archive.structuredContent?.file_id as string,
    });
    expect(result.structuredContent).toMatchObject({
      kind: 'other',
      file: { name: 'backup.bin' },
    });
    expect(textOf(result)).toContain('binary and is not shown');
  });

  it('describes a file and lists the channel’s files', async () => {
    const info = await callTool(alice, 'get_file_info', { file_id: textFileId });
    expect(info.structuredContent).toMatchObject({
      id: textFileId,
      name: 'long.txt',
      size: 300,
      uploaded_by: ws.alice.username,
      channel: `${ws.team.name}/~${ws.channel.name}`,
    });
    const list = await callTool(alice, 'list_channel_files', { channel: `~${ws.channel.name}` });
    const names = (list.structuredContent?.files as Array<{ name: string }>).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['long.txt', 'dot.png', 'notes.md', 'pixel.png']));
  });

  it('refuses files of a channel the user cannot see, a missing file and a malformed id', async () => {
    const bobFile = await stack.rest(ws.bob).uploadFile(
      (() => {
        const form = new FormData();
        form.append('channel_id', hiddenChannelId);
        form.append('files', new Blob(['hidden']), 'hidden.txt');
        return form;
      })(),
      false,
    );
    const fileId = bobFile.file_infos[0]!.id;
    await stack
      .rest(ws.bob)
      .createPost({ channel_id: hiddenChannelId, message: 'f', file_ids: [fileId] } as never);
    for (const tool of ['read_file', 'get_file_info']) {
      const hidden = await callTool(alice, tool, { file_id: fileId });
      expect(hidden.isError).toBe(true);
      expect(textOf(hidden)).toMatch(/permission/i);
    }
    const missing = await callTool(alice, 'get_file_info', {
      file_id: 'abcdefghijklmnopqrstuvwxyz',
    });
    expect(textOf(missing)).toMatch(/Not found/);
    const malformed = await callTool(alice, 'read_file', { file_id: 'nope' });
    expect(textOf(malformed)).toContain('file_id');
    const hiddenList = await callTool(alice, 'list_channel_files', { channel: hiddenChannelId });
    expect(hiddenList.isError).toBe(true);
  });
});
