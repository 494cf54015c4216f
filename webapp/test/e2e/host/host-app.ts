// The page the browser test loads in place of Mattermost's webapp: it provides what a plugin bundle
// finds there (React, ReactDOM and the other globals, `window.registerPlugin`, a registry), loads the
// plugin's built bundle with a script tag as Mattermost does, and renders what the plugin registered
// into a System Console page (the plugin's settings_schema, saved to the server's config) or the
// user's Settings dialog. It runs in the browser; the test transpiles it with TypeScript and serves it.
import type * as ReactTypes from 'react';
import type * as ReactDOMClient from 'react-dom/client';

import type {
  AdminConfig,
  AdminConsoleCustomSettingProps,
  PluginConfiguration,
  PluginRegistry,
  Store,
} from '../../../src/types/mattermost-webapp';

interface ManifestSetting {
  key: string;
  display_name: string;
  type: 'text' | 'longtext' | 'bool' | 'dropdown' | 'custom';
  help_text?: string;
  placeholder?: string;
  default?: unknown;
  options?: { display_name: string; value: string }[];
}

interface Manifest {
  id: string;
  name: string;
  settings_schema: { header?: string; footer?: string; settings: ManifestSetting[] };
}

/** What the test's server writes into the page. */
interface HostOptions {
  view: 'console' | 'settings';
  /** A server before Mattermost 9.4: no registerUserSettings, so plugins use the main menu. */
  legacy: boolean;
  manifest: Manifest;
  bundleUrl: string;
}

interface PluginInstance {
  initialize(registry: PluginRegistry, store: Store): void;
}

interface HostWindow {
  React: typeof ReactTypes;
  ReactDOM: typeof ReactDOMClient;
  mmHost: HostOptions;
  registerPlugin(id: string, plugin: PluginInstance): void;
}

const host = window as unknown as HostWindow & Window;
const { React } = host;
const h = React.createElement;
const options = host.mmHost;

// ---- The registry: what the plugin registers, kept for the pages below. ----

interface CustomSetting {
  component: ReactTypes.ComponentType<AdminConsoleCustomSettingProps>;
  showTitle: boolean;
}

const registered = {
  customSettings: new Map<string, CustomSetting>(),
  userSettings: [] as PluginConfiguration[],
  rootComponents: [] as { id: string; component: ReactTypes.ComponentType }[],
  mainMenuActions: [] as { id: string; text: ReactTypes.ReactNode; action: () => void }[],
};
let nextId = 0;

function createRegistry(pluginId: string): PluginRegistry {
  const registry: PluginRegistry = {
    registerAdminConsoleCustomSetting(key, component, opts) {
      // Mattermost keys custom settings by plugin id and the setting key in lower case.
      if (pluginId === options.manifest.id)
        registered.customSettings.set(key.toLowerCase(), {
          component,
          showTitle: opts?.showTitle ?? false,
        });
    },
    registerRootComponent(component) {
      const id = `root-${nextId++}`;
      registered.rootComponents.push({ id, component });
      return id;
    },
    registerMainMenuAction(text, action) {
      const id = `menu-${nextId++}`;
      registered.mainMenuActions.push({ id, text, action });
      return id;
    },
    unregisterComponent(id) {
      registered.rootComponents = registered.rootComponents.filter((c) => c.id !== id);
      registered.mainMenuActions = registered.mainMenuActions.filter((c) => c.id !== id);
    },
  };
  if (!options.legacy) {
    registry.registerUserSettings = (setting) => {
      registered.userSettings.push(setting);
    };
  }
  return registry;
}

const store: Store = {
  getState: () => ({ entities: {} }),
  dispatch: (action) => action,
  subscribe: () => () => undefined,
};

// ---- Mattermost's REST API as the webapp calls it: session cookie, CSRF header on writes. ----

function cookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest' };
  if (method !== 'GET') headers['X-CSRF-Token'] = cookie('MMCSRF') ?? '';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api/v4${path}`, {
    method,
    headers,
    credentials: 'include',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await response.json().catch(() => ({}))) as T & { message?: string };
  if (!response.ok) throw new Error(data.message ?? `HTTP ${response.status}`);
  return data;
}

// ---- System Console > Plugins > <plugin> ----

type ServerConfig = AdminConfig & Record<string, unknown>;

function pluginValues(config: ServerConfig | undefined): Record<string, unknown> {
  return config?.PluginSettings?.Plugins?.[options.manifest.id] ?? {};
}

function SettingControl(props: {
  setting: ManifestSetting;
  value: unknown;
  config: ServerConfig;
  onChange: (key: string, value: unknown) => void;
}) {
  const { setting, value, config, onChange } = props;
  const id = `setting-${setting.key}`;
  const help = setting.help_text ? h('div', { className: 'help-text' }, setting.help_text) : null;
  const labelled = (control: ReactTypes.ReactNode) =>
    h(
      'div',
      { className: 'form-group' },
      h('label', { className: 'control-label', htmlFor: id }, setting.display_name),
      h('div', { className: 'setting-body' }, control, help),
    );

  switch (setting.type) {
    case 'text':
      return labelled(
        h('input', {
          id,
          type: 'text',
          className: 'form-control',
          placeholder: setting.placeholder,
          value: String(value ?? ''),
          onChange: (e: ReactTypes.ChangeEvent<HTMLInputElement>) =>
            onChange(setting.key, e.target.value),
        }),
      );
    case 'longtext':
      return labelled(
        h('textarea', {
          id,
          className: 'form-control',
          rows: 2,
          placeholder: setting.placeholder,
          value: String(value ?? ''),
          onChange: (e: ReactTypes.ChangeEvent<HTMLTextAreaElement>) =>
            onChange(setting.key, e.target.value),
        }),
      );
    case 'dropdown':
      return labelled(
        h(
          'select',
          {
            id,
            className: 'form-control',
            value: String(value ?? ''),
            onChange: (e: ReactTypes.ChangeEvent<HTMLSelectElement>) =>
              onChange(setting.key, e.target.value),
          },
          (setting.options ?? []).map((o) =>
            h('option', { key: o.value, value: o.value }, o.display_name),
          ),
        ),
      );
    case 'bool':
      return h(
        'fieldset',
        { className: 'form-group' },
        h('legend', { className: 'control-label' }, setting.display_name),
        h(
          'div',
          { className: 'setting-body' },
          [true, false].map((choice) =>
            h(
              'label',
              { key: String(choice), className: 'radio-inline' },
              h('input', {
                type: 'radio',
                name: id,
                checked: Boolean(value) === choice,
                onChange: () => onChange(setting.key, choice),
              }),
              choice ? ' true' : ' false',
            ),
          ),
          help,
        ),
      );
    case 'custom': {
      const custom = registered.customSettings.get(setting.key.toLowerCase());
      if (!custom)
        return h('p', { className: 'alert alert-danger' }, `${setting.key}: not registered`);
      const element = h(custom.component, {
        id: setting.key,
        label: setting.display_name,
        helpText: setting.help_text ?? '',
        value,
        disabled: false,
        config,
        license: {},
        setByEnv: false,
        onChange,
        registerSaveAction: () => undefined,
        unRegisterSaveAction: () => undefined,
        setSaveNeeded: () => undefined,
      });
      if (!custom.showTitle) return h('div', { className: 'form-group custom' }, element);
      return h(
        'div',
        { className: 'form-group' },
        h('div', { className: 'control-label' }, setting.display_name),
        h('div', { className: 'setting-body' }, element, help),
      );
    }
  }
}

function SystemConsole() {
  const { manifest } = options;
  const [saved, setSaved] = React.useState<ServerConfig>();
  const [edits, setEdits] = React.useState<Record<string, unknown>>({});
  const [message, setMessage] = React.useState('');

  React.useEffect(() => {
    api<ServerConfig>('GET', '/config').then(setSaved, (err: Error) =>
      setMessage(`Could not load the configuration: ${err.message}`),
    );
  }, []);

  const values = pluginValues(saved);
  const valueOf = (setting: ManifestSetting) =>
    setting.key in edits
      ? edits[setting.key]
      : (values[setting.key.toLowerCase()] ?? setting.default);

  async function save() {
    if (!saved) return;
    const lowerCased = Object.fromEntries(
      Object.entries(edits).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const plugins = saved.PluginSettings?.Plugins ?? {};
    try {
      const next = await api<ServerConfig>('PUT', '/config', {
        ...saved,
        PluginSettings: {
          ...saved.PluginSettings,
          Plugins: { ...plugins, [manifest.id]: { ...plugins[manifest.id], ...lowerCased } },
        },
      });
      setSaved(next);
      setEdits({});
      setMessage('Settings saved.');
    } catch (err) {
      setMessage(`Could not save: ${(err as Error).message}`);
    }
  }

  return h(
    'div',
    { className: 'console' },
    h(
      'nav',
      { className: 'console-sidebar', 'aria-label': 'System Console' },
      h('div', { className: 'console-brand' }, 'System Console'),
      h('div', { className: 'console-group' }, 'Integrations'),
      h('div', { className: 'console-item' }, 'Bot Accounts'),
      h('div', { className: 'console-item' }, 'Integration Management'),
      h('div', { className: 'console-group' }, 'Plugins'),
      h('div', { className: 'console-item' }, 'Plugin Management'),
      h('div', { className: 'console-item active', 'aria-current': 'page' }, manifest.name),
    ),
    h(
      'main',
      { className: 'console-main' },
      h('h1', null, manifest.name),
      manifest.settings_schema.header
        ? h('div', { className: 'console-banner' }, manifest.settings_schema.header)
        : null,
      saved
        ? h(
            'form',
            {
              // As in Mattermost, every setting, custom ones included, sits inside this form.
              className: 'form-horizontal',
              role: 'form',
              'aria-label': `${manifest.name} settings`,
              onSubmit: (e: ReactTypes.FormEvent) => {
                e.preventDefault();
                void save();
              },
            },
            manifest.settings_schema.settings.map((setting) =>
              h(SettingControl, {
                key: setting.key,
                setting,
                value: valueOf(setting),
                config: saved,
                onChange: (key: string, value: unknown) =>
                  setEdits((e) => ({ ...e, [key]: value })),
              }),
            ),
          )
        : null,
      manifest.settings_schema.footer
        ? h('p', { className: 'help-text' }, manifest.settings_schema.footer)
        : null,
      h(
        'div',
        { className: 'save-bar' },
        h(
          'button',
          {
            type: 'button',
            className: 'btn btn-primary',
            disabled: !saved || Object.keys(edits).length === 0,
            onClick: save,
          },
          'Save',
        ),
        ' ',
        h('span', { role: 'status' }, message),
      ),
    ),
  );
}

// ---- The channels page with the user's Settings dialog (or, before 9.4, the main menu). ----

const BUILT_IN_TABS = ['Notifications', 'Display', 'Sidebar', 'Advanced'];

function SettingsDialog({ onClose }: { onClose: () => void }) {
  const [tab, setTab] = React.useState('Notifications');
  const plugin = registered.userSettings.find((s) => s.id === tab);
  const tabButton = (id: string, name: string, icon?: string) =>
    h(
      'button',
      {
        key: id,
        type: 'button',
        role: 'tab',
        'aria-selected': tab === id,
        className: tab === id ? 'settings-tab active' : 'settings-tab',
        onClick: () => setTab(id),
      },
      icon ? h('img', { src: icon, alt: '', width: 16, height: 16 }) : null,
      ` ${name}`,
    );
  return h(
    'div',
    { className: 'modal-backdrop' },
    h(
      'div',
      { role: 'dialog', 'aria-modal': true, 'aria-label': 'Settings', className: 'settings-modal' },
      h(
        'div',
        { className: 'settings-header' },
        h('h2', null, 'Settings'),
        h(
          'button',
          { type: 'button', className: 'btn btn-tertiary', onClick: onClose },
          'Close settings',
        ),
      ),
      h(
        'div',
        { className: 'settings-body' },
        h(
          'div',
          { role: 'tablist', className: 'settings-tabs', 'aria-orientation': 'vertical' },
          BUILT_IN_TABS.map((name) => tabButton(name, name)),
          registered.userSettings.length
            ? h('div', { className: 'tabs-heading' }, 'Plugin preferences')
            : null,
          registered.userSettings.map((s) => tabButton(s.id, s.uiName, s.icon)),
        ),
        h(
          'div',
          { role: 'tabpanel', className: 'settings-content' },
          plugin
            ? [
                h('h3', { key: 'title' }, plugin.uiName),
                ...plugin.sections.map((section) =>
                  h(
                    'div',
                    { key: section.title, className: 'settings-section' },
                    plugin.sections.length > 1 ? h('h4', null, section.title) : null,
                    h(section.component),
                  ),
                ),
              ]
            : h('p', { className: 'help-text' }, `${tab} settings.`),
        ),
      ),
    ),
  );
}

function ChannelsPage() {
  const [settingsOpen, setSettingsOpen] = React.useState(false);
  const [menuOpen, setMenuOpen] = React.useState(false);
  return h(
    'div',
    { className: 'channels' },
    h(
      'header',
      { className: 'channels-header' },
      h('span', { className: 'channels-brand' }, 'Mattermost'),
      h(
        'div',
        { className: 'menu' },
        h(
          'button',
          {
            type: 'button',
            className: 'btn btn-tertiary',
            'aria-expanded': menuOpen,
            onClick: () => setMenuOpen(!menuOpen),
          },
          'Main menu',
        ),
        menuOpen
          ? h(
              'ul',
              { role: 'menu', className: 'menu-list' },
              registered.mainMenuActions.map((item) =>
                h(
                  'li',
                  { key: item.id, role: 'none' },
                  h(
                    'button',
                    {
                      type: 'button',
                      role: 'menuitem',
                      onClick: () => {
                        setMenuOpen(false);
                        item.action();
                      },
                    },
                    item.text,
                  ),
                ),
              ),
            )
          : null,
      ),
      h(
        'button',
        { type: 'button', className: 'btn btn-tertiary', onClick: () => setSettingsOpen(true) },
        'Settings',
      ),
    ),
    h('main', { className: 'channels-main' }, h('p', { className: 'help-text' }, 'Town Square')),
    settingsOpen ? h(SettingsDialog, { onClose: () => setSettingsOpen(false) }) : null,
    registered.rootComponents.map(({ id, component }) => h(component, { key: id })),
  );
}

// ---- Start: register the plugin from its bundle, then render. ----

host.registerPlugin = (id, plugin) => {
  plugin.initialize(createRegistry(id), store);
};

function loadBundle(): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = options.bundleUrl;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Could not load ${options.bundleUrl}`));
    document.head.appendChild(script);
  });
}

loadBundle().then(
  () => {
    const root = host.ReactDOM.createRoot(document.getElementById('root') as HTMLElement);
    root.render(h(options.view === 'console' ? SystemConsole : ChannelsPage));
    document.body.dataset.pluginLoaded = 'true';
  },
  (err: Error) => {
    document.body.dataset.pluginLoaded = 'failed';
    document.body.append(err.message);
  },
);
