// System Console > Plugins > <plugin>: the plugin's settings_schema rendered as Mattermost does
// (schema_admin_settings.tsx): every setting inside one form, custom settings with the props
// Mattermost passes, Save sending the whole server config the page's store holds with the edits
// applied (`PUT /config/patch`, as Mattermost's patchConfig), then running every registered save
// action, and the page staying unsaved when one of them reports an error.
import type * as ReactTypes from 'react';

import type { AdminConfig, Store } from '../../../src/types/mattermost-webapp';
import { api } from './api.js';
import { guarded } from './boundary.js';
import { h, options, React, type ManifestSetting } from './page.js';
import { customSetting } from './registry.js';
import type { HostState } from './store.js';

type ServerConfig = AdminConfig & Record<string, unknown>;
type SaveAction = () => Promise<{ error?: { message?: string } }>;

function pluginValues(config: ServerConfig | undefined): Record<string, unknown> {
  return config?.PluginSettings?.Plugins?.[options.manifest.id] ?? {};
}

interface ControlProps {
  setting: ManifestSetting;
  value: unknown;
  config: ServerConfig;
  onChange: (key: string, value: unknown) => void;
  saveActions: SaveAction[];
  setSaveNeeded: () => void;
}

function SettingControl(props: ControlProps) {
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
  const text = (
    e: ReactTypes.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>,
  ) => onChange(setting.key, e.target.value);

  switch (setting.type) {
    case 'text':
      return labelled(
        h('input', {
          id,
          type: 'text',
          className: 'form-control',
          placeholder: setting.placeholder,
          value: String(value ?? ''),
          onChange: text,
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
          onChange: text,
        }),
      );
    case 'dropdown':
      return labelled(
        h(
          'select',
          { id, className: 'form-control', value: String(value ?? ''), onChange: text },
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
      const custom = customSetting(options.manifest.id, setting.key);
      if (!custom)
        return h('p', { className: 'alert alert-danger' }, `${setting.key}: not registered`);
      const element = guarded(setting.key, custom.component, {
        id: setting.key,
        label: setting.display_name,
        helpText: setting.help_text ?? '',
        value,
        disabled: false,
        config,
        license: {},
        setByEnv: false,
        onChange,
        registerSaveAction: (action: SaveAction) => props.saveActions.push(action),
        unRegisterSaveAction: (action: SaveAction) => {
          const at = props.saveActions.indexOf(action);
          if (at >= 0) props.saveActions.splice(at, 1);
        },
        setSaveNeeded: props.setSaveNeeded,
        cancelSubmit: () => undefined,
        showConfirm: false,
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

function adminConfig(store: Store): ServerConfig | undefined {
  return (store.getState() as HostState).entities.admin.config as ServerConfig | undefined;
}

export function SystemConsole({ store }: { store: Store }) {
  const { manifest } = options;
  const [saved, setSaved] = React.useState<ServerConfig | undefined>(() => adminConfig(store));
  const [edits, setEdits] = React.useState<Record<string, unknown>>({});
  const [saveNeeded, setSaveNeeded] = React.useState(false);
  const [message, setMessage] = React.useState('');
  // Mattermost keeps the save actions on the page component, outside React state.
  const saveActions = React.useRef<SaveAction[]>([]).current;

  // What the store holds, also when a plugin announces a configuration it changed.
  React.useEffect(() => store.subscribe(() => setSaved(adminConfig(store))), [store]);

  const values = pluginValues(saved);
  const valueOf = (setting: ManifestSetting) =>
    setting.key in edits
      ? edits[setting.key]
      : (values[setting.key.toLowerCase()] ?? setting.default);

  async function save() {
    if (!saved) return;
    setMessage('Saving…');
    const lowerCased = Object.fromEntries(
      Object.entries(edits).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const plugins = saved.PluginSettings?.Plugins ?? {};
    let error = '';
    try {
      const next = await api<ServerConfig>('PUT', '/config/patch', {
        ...saved,
        PluginSettings: {
          ...saved.PluginSettings,
          Plugins: { ...plugins, [manifest.id]: { ...plugins[manifest.id], ...lowerCased } },
        },
      });
      store.dispatch({ type: 'RECEIVED_CONFIG', data: next });
      setEdits({});
    } catch (err) {
      error = (err as Error).message;
    }
    const results = await Promise.all(saveActions.map((action) => action()));
    const failed = results.find((r) => r?.error?.message)?.error?.message;
    if (error || failed) setMessage(`Could not save: ${error || failed}`);
    else {
      setSaveNeeded(false);
      setMessage('Settings saved.');
    }
  }

  return h(
    'div',
    { className: 'console' },
    h(
      'nav',
      { className: 'console-sidebar', 'aria-label': 'System Console' },
      h('div', { className: 'console-brand' }, 'System Console'),
      h('div', { className: 'console-group' }, 'Plugins'),
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
                saveActions,
                setSaveNeeded: () => setSaveNeeded(true),
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
            disabled: !saved || (Object.keys(edits).length === 0 && !saveNeeded),
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
