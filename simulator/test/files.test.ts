import { deflateSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { startWorkspace, type Workspace } from './support/workspace.js';

let w: Workspace;

beforeAll(async () => {
  w = await startWorkspace();
});

afterAll(async () => {
  await w.stop();
});

/** A valid 3x2 PNG, built by hand so the test needs no image files. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc((width + 1) * height);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** GET /files/{id}/info: Client4 has no public method for it (the bridge calls it through its own fetch too). */
const fileInfo = async (who: Workspace['alice'], id: string) => {
  const res = await fetch(`${w.sim.url}/api/v4/files/${id}/info`, {
    headers: { Authorization: `Bearer ${who.token}` },
  });
  expect(res.headers.get('content-type')).toBe('application/json');
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw body;
  return body;
};

const download = (path: string, token: string) =>
  fetch(`${w.sim.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });

describe('files', () => {
  it('round-trips an upload through Client4.uploadFile and getFileUrl', async () => {
    const bytes = Buffer.from('line one\nline two\n');
    const form = new FormData();
    form.append('channel_id', w.town.id);
    form.append('client_ids', 'c-1');
    form.append('files', new Blob([bytes]), 'notes.txt');
    const uploaded = await w.alice.client.uploadFile(form);
    expect(uploaded.client_ids).toEqual(['c-1']);
    const info = uploaded.file_infos[0]!;
    expect(info).toMatchObject({
      name: 'notes.txt',
      extension: 'txt',
      size: bytes.length,
      mime_type: 'text/plain',
      post_id: '',
    });

    const url = w.alice.client.getFileUrl(info.id, 0).replace(w.sim.url, '');
    const res = await download(url, w.alice.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);

    expect(await fileInfo(w.alice, info.id)).toMatchObject({ id: info.id, name: 'notes.txt' });
    // Before it is attached, only its uploader sees it.
    expect((await download(url, w.bob.token)).status).toBe(403);

    const post = await w.alice.client.createPost({
      channel_id: w.town.id,
      message: 'see file',
      file_ids: [info.id],
    } as never);
    expect(post.file_ids).toEqual([info.id]);
    expect(post.metadata.files?.[0]).toMatchObject({ id: info.id, post_id: post.id });
    const infos = await w.bob.client.getFileInfosForPost(post.id);
    expect(infos.map((f) => f.id)).toEqual([info.id]);
    expect((await download(url, w.bob.token)).status).toBe(200);
  });

  it('keeps files of private channels to their members', async () => {
    const form = new FormData();
    form.append('channel_id', w.secret.id);
    form.append('files', new Blob(['classified']), 'plan.md');
    const info = (await w.alice.client.uploadFile(form)).file_infos[0]!;
    await w.alice.client.createPost({
      channel_id: w.secret.id,
      message: 'plan',
      file_ids: [info.id],
    } as never);
    expect((await download(`/api/v4/files/${info.id}`, w.bob.token)).status).toBe(200);
    expect((await download(`/api/v4/files/${info.id}`, w.carol.token)).status).toBe(403);
    await expect(fileInfo(w.carol, info.id)).rejects.toMatchObject({ status_code: 403 });

    const refused = new FormData();
    refused.append('channel_id', w.secret.id);
    refused.append('files', new Blob(['x']), 'x.txt');
    await expect(w.carol.client.uploadFile(refused)).rejects.toMatchObject({ status_code: 403 });
  });

  it('accepts a raw body upload and serves image previews with dimensions', async () => {
    const image = png(3, 2);
    const res = await fetch(`${w.sim.url}/api/v4/files?channel_id=${w.town.id}&filename=dot.png`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${w.alice.token}`,
        'Content-Type': 'application/octet-stream',
      },
      body: image,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    const info = ((await res.json()) as { file_infos: Record<string, unknown>[] }).file_infos[0]!;
    expect(info).toMatchObject({
      mime_type: 'image/png',
      width: 3,
      height: 2,
      has_preview_image: true,
      size: image.length,
    });
    const preview = await download(`/api/v4/files/${String(info.id)}/preview`, w.alice.token);
    expect(preview.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await preview.arrayBuffer())).toEqual(image);
    const thumb = await download(`/api/v4/files/${String(info.id)}/thumbnail`, w.alice.token);
    expect(thumb.status).toBe(200);
  });

  it('answers missing previews, unknown files and bad requests with Mattermost errors', async () => {
    const form = new FormData();
    form.append('channel_id', w.town.id);
    form.append('files', new Blob(['a,b']), 'data.csv');
    const info = (await w.alice.client.uploadFile(form)).file_infos[0]!;
    const preview = await download(`/api/v4/files/${info.id}/preview`, w.alice.token);
    expect(preview.status).toBe(400);
    expect(preview.headers.get('content-type')).toBe('application/json');
    expect(await preview.json()).toMatchObject({
      status_code: 400,
      id: expect.stringContaining('preview'),
    });
    await expect(fileInfo(w.alice, 'abcdefghijklmnopqrstuvwxyz')).rejects.toMatchObject({
      status_code: 404,
    });
    const noChannel = new FormData();
    noChannel.append('files', new Blob(['x']), 'x.txt');
    await expect(w.alice.client.uploadFile(noChannel)).rejects.toMatchObject({ status_code: 400 });
    const anonymous = await fetch(`${w.sim.url}/api/v4/files/${info.id}`);
    expect(anonymous.status).toBe(401);
  });
});
