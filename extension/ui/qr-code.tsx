/** @jsxImportSource preact */
// The pragma makes every bundler (vite/oxc in tests included) use Preact’s JSX runtime.
import QRCode from 'qrcode';
import { useEffect, useState } from 'preact/hooks';

// QR codes for the app stores. qrcode's browser build renders SVG markup (no canvas needed);
// the markup comes from the library for our own constant URLs, never from the page.

export function QrCode(props: { url: string; label: string }) {
  const [svg, setSvg] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    QRCode.toString(props.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
      .then((markup) => live && setSvg(markup))
      .catch(() => live && setSvg(undefined));
    return () => {
      live = false;
    };
  }, [props.url]);
  return (
    <figure>
      <div class="code" role="img" aria-label={props.label} dangerouslySetInnerHTML={{ __html: svg ?? '' }} />
      <figcaption>
        <a href={props.url} target="_blank" rel="noopener noreferrer">
          {props.label}
        </a>
      </figcaption>
    </figure>
  );
}
