// Property-list XML for configuration profiles: only the types policy needs.
import { createHash } from 'node:crypto';

export type PlistValue = string | boolean | number | PlistValue[] | { [key: string]: PlistValue };

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => XML_ESCAPES[c] ?? c);
}

function render(value: PlistValue, depth: number): string[] {
  const pad = '\t'.repeat(depth);
  if (typeof value === 'string') return [`${pad}<string>${escapeXml(value)}</string>`];
  if (typeof value === 'boolean') return [`${pad}<${value ? 'true' : 'false'}/>`];
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return [`${pad}<real>${value}</real>`];
    return [`${pad}<integer>${value}</integer>`];
  }
  if (Array.isArray(value)) {
    return [`${pad}<array>`, ...value.flatMap((item) => render(item, depth + 1)), `${pad}</array>`];
  }
  return [
    `${pad}<dict>`,
    ...Object.entries(value).flatMap(([key, item]) => [
      `${pad}\t<key>${escapeXml(key)}</key>`,
      ...render(item, depth + 1),
    ]),
    `${pad}</dict>`,
  ];
}

export function plistDocument(root: PlistValue): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    ...render(root, 0),
    '</plist>',
    '',
  ].join('\n');
}

/** Stable per identifier, so regenerating a profile updates the installed one instead of adding another. */
export function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `a${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ]
    .join('-')
    .toUpperCase();
}
