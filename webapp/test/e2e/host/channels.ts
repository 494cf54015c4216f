// The channels page with the user's Settings dialog, plugin tabs under "Plugin preferences" as in
// Mattermost 9.4 and later (or, on older servers, the main menu), and the plugin's root components.
import { guarded } from './boundary.js';
import { h, React } from './page.js';
import { registered, tabIcon } from './registry.js';

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
      tabIcon(icon),
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
                    guarded(`${plugin.uiName} > ${section.title}`, section.component),
                  ),
                ),
              ]
            : h('p', { className: 'help-text' }, `${tab} settings.`),
        ),
      ),
    ),
  );
}

export function ChannelsPage() {
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
    registered.rootComponents.map(({ id, component }) =>
      h('div', { key: id }, guarded('root component', component)),
    ),
  );
}
