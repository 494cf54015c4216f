// Wraps every plugin component the host renders: an error in it is recorded for the test (and shown
// in place of the component) instead of only blanking part of the page.
import type * as ReactTypes from 'react';

import { h, React, reportError } from './page.js';

interface Props {
  name: string;
  children?: ReactTypes.ReactNode;
}

export class PluginBoundary extends React.Component<Props, { error?: string }> {
  override state: { error?: string } = {};

  static getDerivedStateFromError(err: unknown) {
    return { error: err instanceof Error ? err.message : String(err) };
  }

  override componentDidCatch(err: unknown) {
    reportError(this.props.name, err);
  }

  override render() {
    if (this.state.error)
      return h(
        'div',
        { role: 'alert', className: 'alert alert-danger' },
        `${this.props.name} failed: ${this.state.error}`,
      );
    return this.props.children ?? null;
  }
}

/** `component` rendered inside a boundary named `name`. */
export function guarded(
  name: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any plugin component, any props
  component: ReactTypes.ComponentType<any>,
  props: Record<string, unknown> = {},
): ReactTypes.ReactElement {
  return h(PluginBoundary, { name }, h(component, props));
}
