import { encodePng } from './png.js';

const cache = new Map<string, Buffer>();

/** A default profile picture: a 64×64 square in a colour derived from the user id, like Mattermost's. */
export function avatarPng(userId: string): Buffer {
  const hit = cache.get(userId);
  if (hit) return hit;
  let h = 0;
  for (const ch of userId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const colour: [number, number, number] = [
    64 + (h & 127),
    64 + ((h >> 7) & 127),
    64 + ((h >> 14) & 127),
  ];
  const png = encodePng(64, 64, (x, y) =>
    ((x >> 4) + (y >> 4)) % 2 === 0 ? colour : [240, 240, 240],
  );
  cache.set(userId, png);
  return png;
}
