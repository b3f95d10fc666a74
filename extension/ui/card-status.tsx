/** @jsxImportSource preact */
// The pragma makes every bundler (vite/oxc in tests included) use Preact’s JSX runtime.
import type { GuideLanguage } from '../../shared/i18n/guide-strings.js';
import { t } from '../../shared/i18n/guide-strings.js';
import { errorMessage } from '../../shared/errors.js';
import type { CardStatusView } from '../../shared/steps/card-status.js';

export function CardStatusBlock(props: { language: GuideLanguage; card: CardStatusView | undefined }) {
  const { language: l, card } = props;
  const id = card?.identity;
  const yesNo = (v: boolean) => t(l, v ? 'yes' : 'no');
  const expiry = id?.notAfter
    ? `${id.notAfter.slice(0, 10)}${id.expired ? ` (${t(l, 'cardExpired')})` : ''}`
    : t(l, 'unknown');
  return (
    <section class="card" aria-label={t(l, 'cardTitle')}>
      <h4>{t(l, 'cardTitle')}</h4>
      <dl>
        <dt>{t(l, 'cardReader')}</dt>
        <dd>{card?.readerName ?? t(l, 'noReader')}</dd>
        <dt>{t(l, 'cardPresent')}</dt>
        <dd>{yesNo(card?.cardPresent ?? false)}</dd>
        {id && (
          <>
            <dt>{t(l, 'cardType')}</dt>
            <dd>{id.cardType ?? t(l, 'unknown')}</dd>
            <dt>{t(l, 'cardHolder')}</dt>
            <dd>{id.name}</dd>
            <dt>{t(l, 'cardUra')}</dt>
            <dd>{id.ura ?? t(l, 'unknown')}</dd>
            <dt>{t(l, 'cardOrganisation')}</dt>
            <dd>{id.organisationName ?? t(l, 'unknown')}</dd>
            <dt>{t(l, 'cardExpiry')}</dt>
            <dd>{expiry}</dd>
          </>
        )}
      </dl>
      {card?.errorCode && <p class="message warning">{errorMessage(card.errorCode, l)}</p>}
    </section>
  );
}
