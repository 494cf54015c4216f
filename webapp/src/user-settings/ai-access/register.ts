import { manifest } from '../../manifest';
import type { PluginRegistry, Store } from '../../types/mattermost-webapp';
import { AIAccessDialog } from './AIAccessDialog';
import { AIAccessPanel } from './AIAccessPanel';
import { aiAccessDialog } from './modal-state';

export const AI_ACCESS_TITLE = 'AI assistant access';

/**
 * The settings tab's icon, webapp/public/ai-access.svg, which the plugin bundle carries in public/
 * and Mattermost serves at <site>/plugins/<id>/public/. Mattermost shows a tab icon as an image only
 * for an http(s) URL or a path from the site root (anything else becomes a CSS class), so the path
 * starts at the root, under the subpath the site is served from.
 */
export function tabIconUrl(basename: string | undefined): string {
  return `${(basename ?? '').replace(/\/+$/, '')}/plugins/${manifest.id}/public/ai-access.svg`;
}

export function registerAIAccess(registry: PluginRegistry, _store: Store): void {
  if (registry.registerUserSettings) {
    registry.registerUserSettings({
      id: manifest.id,
      uiName: AI_ACCESS_TITLE,
      icon: tabIconUrl((window as { basename?: string }).basename),
      // `settings: []` keeps servers that know only setting sections (not custom components) from
      // failing on this section; newer servers render `component`.
      sections: [{ title: AI_ACCESS_TITLE, component: AIAccessPanel, settings: [] }],
    });
    return;
  }
  registry.registerRootComponent(AIAccessDialog);
  registry.registerMainMenuAction(AI_ACCESS_TITLE, aiAccessDialog.open, null);
}
