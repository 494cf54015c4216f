import type { SimContext } from '../context.js';
import { newId } from '../ids.js';
import { encodePng } from '../services/png.js';
import type { FileRecord } from '../store/types.js';

/** A file uploaded by `userId`, not yet attached to a post. */
export function uploadFile(
  ctx: SimContext,
  userId: string,
  name: string,
  mime: string,
  data: Buffer,
  at: number,
  size?: { width: number; height: number },
): FileRecord {
  const file: FileRecord = {
    id: newId(),
    user_id: userId,
    post_id: '',
    channel_id: '',
    create_at: at,
    update_at: at,
    delete_at: 0,
    name,
    extension: name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '',
    size: data.length,
    mime_type: mime,
    ...(size ? { width: size.width, height: size.height, has_preview_image: true } : {}),
    data,
  };
  ctx.store.files.set(file.id, file);
  return file;
}

export const MEETING_NOTES = `All-hands notes
================

1. Revenue is ahead of plan; the enterprise tier drives most of the growth.
2. Hiring: three engineering roles and one designer are open.
3. Release v2.14 ships next week; code freeze on Wednesday.
4. Reminder: security training is due by the end of the month.

Questions from the AMA are answered in the thread.
`;

/** Weekly p95 latency per service, in milliseconds. */
export function latencyCsv(): string {
  const services = ['billing', 'search', 'auth', 'notifications', 'exports'];
  const rows = ['week,service,p50_ms,p95_ms,error_rate'];
  for (let week = 1; week <= 6; week++) {
    services.forEach((svc, i) => {
      const p50 = 40 + i * 12 + week * 2;
      const p95 = p50 * 3 + ((week * 7 + i * 5) % 40);
      rows.push(
        `2024-W${String(week + 20).padStart(2, '0')},${svc},${p50},${p95},${((week + i) % 5) / 1000}`,
      );
    });
  }
  return rows.join('\n') + '\n';
}

/** A small loss-curve chart: a falling line on a white background. */
export function lossChartPng(): Buffer {
  const w = 160;
  const h = 100;
  return encodePng(w, h, (x, y) => {
    const curve = Math.round(h - 10 - (h - 20) * Math.exp(-x / 35));
    const onCurve = Math.abs(h - 1 - y - (h - 1 - curve)) <= 1;
    if (onCurve) return [33, 102, 204];
    if (x === 10 || y === h - 10) return [120, 120, 120];
    return x % 20 === 0 || y % 20 === 0 ? [235, 235, 235] : [255, 255, 255];
  });
}
