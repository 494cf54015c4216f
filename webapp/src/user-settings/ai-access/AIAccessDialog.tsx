// On servers without plugin user settings (before Mattermost 9.4), the AI assistant access panel
// opens in this dialog from the main menu. Closing it unmounts the panel, and with it any token shown.
import * as React from 'react';
import { useEffect, useRef } from 'react';

import { useExternalValue, useStableId } from '../../react-compat/hooks';

import { AIAccessPanel } from './AIAccessPanel';
import { aiAccessDialog } from './modal-state';

export function AIAccessDialog() {
  const open = useExternalValue(aiAccessDialog.state);
  const titleId = useStableId();
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    // Keyboard users land in the dialog, and return where they were when it closes.
    const before = document.activeElement as HTMLElement | null;
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') aiAccessDialog.close();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      before?.focus?.();
    };
  }, [open]);

  if (!open) return null;
  return (
    <div
      style={{
        position: 'fixed',
        inset: 0,
        background: 'rgba(0, 0, 0, 0.5)',
        zIndex: 1050,
        overflowY: 'auto',
      }}
    >
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="modal-content"
        style={{
          maxWidth: 720,
          margin: '40px auto',
          padding: 24,
          background: 'var(--center-channel-bg, #fff)',
        }}
      >
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <h2 id={titleId} style={{ margin: 0 }}>
            AI assistant access
          </h2>
          <button
            ref={closeButton}
            type="button"
            className="btn btn-tertiary"
            onClick={aiAccessDialog.close}
          >
            Close
          </button>
        </div>
        <AIAccessPanel />
      </div>
    </div>
  );
}
