// A block of text to copy somewhere else (a token, environment lines, a client configuration), with a
// button whose accessible name says what it copies, and a live message saying whether it worked.
import * as React from 'react';
import { useEffect, useState } from 'react';

import { useStableId } from '../react-compat/hooks';

interface Props {
  /** What the text is, e.g. "bridge environment"; the button reads "Copy bridge environment". */
  label: string;
  text: string;
  /** A hint under the label, e.g. the file the text belongs in. */
  hint?: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

export function CopyBlock({ label, text, hint }: Props) {
  const headingId = useStableId();
  const [state, setState] = useState<CopyState>('idle');

  // A new text (a new token) invalidates the previous "Copied" message.
  useEffect(() => setState('idle'), [text]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <div
      className="mcp-copy-block"
      role="group"
      aria-labelledby={headingId}
      style={{ marginBottom: 12 }}
    >
      <div id={headingId} style={{ fontWeight: 600 }}>
        {label}
      </div>
      {hint ? <div className="help-text">{hint}</div> : null}
      {/* A read-only text area: labelled, focusable, and easy to select by hand if copying fails. */}
      <textarea
        readOnly
        aria-label={label}
        className="form-control"
        value={text}
        rows={Math.min(12, text.split('\n').length)}
        spellCheck={false}
        style={{ fontFamily: 'monospace', resize: 'vertical', margin: '4px 0' }}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button type="button" className="btn btn-tertiary btn-sm" onClick={copy}>
        {`Copy ${label}`}
      </button>{' '}
      <span role="status">
        {state === 'copied'
          ? 'Copied.'
          : state === 'failed'
            ? 'Copy failed: select the text and copy it by hand.'
            : ''}
      </span>
    </div>
  );
}
