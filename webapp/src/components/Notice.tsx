// Messages in the panels: errors are announced immediately (role="alert"), other news politely.
import * as React from 'react';
import type { ReactNode } from 'react';

interface Props {
  tone: 'ok' | 'info' | 'warning' | 'error';
  children: ReactNode;
}

const classes: Record<Props['tone'], string> = {
  ok: 'alert alert-success',
  info: 'alert alert-info',
  warning: 'alert alert-warning',
  error: 'alert alert-danger',
};

export function Notice({ tone, children }: Props) {
  return (
    <div className={classes[tone]} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
