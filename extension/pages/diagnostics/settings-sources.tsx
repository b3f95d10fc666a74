/** @jsxImportSource preact */
// The settings table of the diagnostics page: each setting, its value and where it came from
// (organisation policy, this browser, or the default), so an administrator can see that a
// rollout's policy arrived without opening chrome://policy or about:policies.
import type { SettingWithSource } from '../../../shared/protocol/diagnostics.js';
import type { LocalText } from '../../../shared/diagnostics/types.js';

const TEXT = {
  caption: { nl: 'Instellingen', en: 'Settings' },
  setting: { nl: 'Instelling', en: 'Setting' },
  value: { nl: 'Waarde', en: 'Value' },
  source: { nl: 'Bron', en: 'Source' },
} satisfies Record<string, LocalText>;

const SOURCE_TEXT: Readonly<Record<SettingWithSource['source'], LocalText>> = {
  policy: { nl: 'beleid van de organisatie', en: 'organisation policy' },
  local: { nl: 'deze browser', en: 'this browser' },
  default: { nl: 'standaard', en: 'default' },
};

/** Short, readable value: text as is, anything else as compact JSON. */
function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function SettingsSources({ settings, lang }: { settings: SettingWithSource[]; lang: 'nl' | 'en' }) {
  return (
    <table class="settings">
      <caption>{TEXT.caption[lang]}</caption>
      <thead>
        <tr>
          <th scope="col">{TEXT.setting[lang]}</th>
          <th scope="col">{TEXT.value[lang]}</th>
          <th scope="col">{TEXT.source[lang]}</th>
        </tr>
      </thead>
      <tbody>
        {settings.map((setting) => (
          <tr key={setting.key} data-setting={setting.key} data-source={setting.source}>
            <th scope="row">
              <code>{setting.key}</code>
            </th>
            <td>
              <code>{shown(setting.value)}</code>
            </td>
            <td>{SOURCE_TEXT[setting.source][lang]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
