// Test set-up for the Node workspaces: the official `@mattermost/client` WebSocketClient reports
// every connect, connection id and close with console.log, which in tests that open many sockets
// buries Jest's output. Only those known lines are dropped; any other console output is kept.
const CLIENT_LINES = [
  'websocket connecting to ',
  'websocket closed',
  'websocket re-established connection',
  'got connection id ',
  'long timeout, or server restart, or sequence number is not found.',
  'missed websocket event, act_seq=',
  'ping received no response within time limit',
  'network online event received',
  'network offline event received',
];

/* eslint-disable no-console */
const original = console.log.bind(console);
let dropNextErrorEvent = false;
console.log = (...args) => {
  const [first] = args;
  if (typeof first === 'string') {
    if (first === 'websocket error') {
      // The client prints the error event itself on the next call.
      dropNextErrorEvent = true;
      return;
    }
    if (CLIENT_LINES.some((line) => first.startsWith(line))) return;
  } else if (dropNextErrorEvent && args.length === 1 && first?.type === 'error') {
    dropNextErrorEvent = false;
    return;
  }
  dropNextErrorEvent = false;
  original(...args);
};
