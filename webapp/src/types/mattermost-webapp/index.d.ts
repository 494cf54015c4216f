// The part of Mattermost's webapp plugin registry this plugin uses, typed after the webapp's own
// `PluginRegistry` (webapp/channels/src/plugins/registry.ts and types/store/plugins.ts).
import type React from 'react';

export type UniqueIdentifier = string;

/** Props Mattermost passes to a `custom` setting of the plugin's settings_schema in the System Console. */
export interface AdminConsoleCustomSettingProps {
  id: string;
  label: string;
  helpText: React.ReactNode;
  value: unknown;
  disabled: boolean;
  /** The saved server configuration (unsaved edits on the page are not in it). */
  config: AdminConfig;
  license: Record<string, string>;
  setByEnv: boolean;
  onChange: (id: string, value: unknown) => void;
  registerSaveAction: (action: () => Promise<{ error?: { message?: string } }>) => void;
  unRegisterSaveAction: (action: () => Promise<{ error?: { message?: string } }>) => void;
  setSaveNeeded: () => void;
}

/** The slice of the server configuration (`GET /api/v4/config`) the System Console hands to settings. */
export interface AdminConfig {
  ServiceSettings?: {
    SiteURL?: string;
    EnableUserAccessTokens?: boolean;
    EnableBotAccountCreation?: boolean;
  };
  PluginSettings?: { Plugins?: Record<string, Record<string, unknown> | undefined> };
}

/** A section of the plugin's tab in the user's Settings modal whose body the plugin renders itself. */
export interface PluginConfigurationCustomSection {
  title: string;
  component: React.ComponentType;
  /** Servers that predate custom sections read this list; an empty one keeps them from failing. */
  settings?: [];
}

export interface PluginConfiguration {
  id: string;
  uiName: string;
  icon?: string;
  sections: PluginConfigurationCustomSection[];
}

export interface PluginRegistry {
  registerAdminConsoleCustomSetting(
    key: string,
    component: React.ComponentType<AdminConsoleCustomSettingProps>,
    options?: { showTitle?: boolean },
  ): void;
  registerRootComponent(component: React.ComponentType): UniqueIdentifier;
  registerMainMenuAction(
    text: React.ReactNode,
    action: () => void,
    mobileIcon?: React.ReactNode,
  ): UniqueIdentifier;
  /** Present from Mattermost 9.4; older servers lack it. */
  registerUserSettings?(setting: PluginConfiguration): void;
  unregisterComponent?(componentId: UniqueIdentifier): void;
}

/** The host's Redux store, of which the plugin only reads state. */
export interface Store {
  getState(): unknown;
  dispatch(action: unknown): unknown;
  subscribe(listener: () => void): () => void;
}
