// What the test's server writes into the host page, and the globals a Mattermost page gives plugins:
// React and ReactDOM of one React generation (17, 18 or 19), `registerPlugin`, and, for the test,
// the list of errors any plugin component raised.
import type * as ReactTypes from 'react';

export interface ManifestSetting {
  key: string;
  display_name: string;
  type: 'text' | 'longtext' | 'bool' | 'dropdown' | 'custom';
  help_text?: string;
  placeholder?: string;
  default?: unknown;
  options?: { display_name: string; value: string }[];
}

export interface Manifest {
  id: string;
  name: string;
  settings_schema: { header?: string; footer?: string; settings: ManifestSetting[] };
}

export interface HostOptions {
  view: 'console' | 'settings';
  /** A server without registerUserSettings: plugins use the main menu. */
  legacy: boolean;
  /** The React generation served as window.React. */
  react: '17' | '18' | '19';
  manifest: Manifest;
  bundleUrl: string;
}

export interface PluginInstance {
  initialize(registry: unknown, store: unknown): void;
}

/** ReactDOM as each generation has it: `render` up to 18, `createRoot` from 18 (via react-dom/client on 19). */
export interface HostReactDOM {
  render?(element: ReactTypes.ReactElement, container: Element): void;
  createRoot?(container: Element): { render(element: ReactTypes.ReactElement): void };
}

interface HostWindow {
  React: typeof ReactTypes;
  ReactDOM: HostReactDOM;
  mmHost: HostOptions;
  /** Every error a plugin component or registration raised; the test requires it to stay empty. */
  mmHostErrors: string[];
  registerPlugin(id: string, plugin: PluginInstance): void;
}

export const host = window as unknown as HostWindow & Window;
host.mmHostErrors = [];
export const React = host.React;
export const h = React.createElement;
export const options = host.mmHost;

export function reportError(where: string, err: unknown): void {
  const text = err instanceof Error ? err.message : String(err);
  host.mmHostErrors.push(`${where}: ${text}`);
}
