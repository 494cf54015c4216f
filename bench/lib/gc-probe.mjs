// Loaded into the benchmarked bridge only (NODE_OPTIONS="--expose-gc --import <this file>"): on
// SIGUSR2 it collects garbage and prints the process's memory on stderr as one line
// `bench-memory {"rss":…,"heapUsed":…}`, so a suite can read it from outside without a route in the bridge.
process.on('SIGUSR2', () => {
  for (let i = 0; i < 3; i++) globalThis.gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.stderr.write(
    `bench-memory ${JSON.stringify({ rss, heapUsed, external, arrayBuffers })}\n`,
  );
});
