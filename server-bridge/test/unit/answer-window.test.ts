import { AnswerWindow } from '../../src/gateway/answer-window.js';

describe('the last minute of Mattermost answers', () => {
  it('counts answers and 429s of the last 60 seconds only', () => {
    let now = 1_000_000;
    const window = new AnswerWindow(() => now);
    window.record(200);
    window.record(429);
    now += 30_000;
    window.record(429);
    expect(window.within()).toEqual({ answers: 3, throttled: 2 });
    expect(window.within(5)).toEqual({ answers: 1, throttled: 1 });
    now += 30_500; // the first second has left the window
    expect(window.within()).toEqual({ answers: 1, throttled: 1 });
    now += 60_000; // a bucket reused a minute later starts empty
    window.record(200);
    expect(window.within()).toEqual({ answers: 1, throttled: 0 });
  });
});
