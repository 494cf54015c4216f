// The load loop the throughput suites share: sessions calling one tool back to back until a deadline.

/** Each session calls the tool back to back until `until`; returns latencies of good calls and failures. */
export async function drive(sessions, tool, args, until) {
  const latencies = [];
  let failures = 0;
  await Promise.all(
    sessions.map(async (session) => {
      while (Date.now() < until) {
        const started = performance.now();
        try {
          const { status, message } = await session.callTool(tool, args);
          if (status === 200 && message?.result && !message.result.isError)
            latencies.push(performance.now() - started);
          else failures++;
        } catch {
          failures++;
          return;
        }
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), failures };
}
