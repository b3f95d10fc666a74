import { describe, expect, it } from 'vitest';
import {
  isGuideOrigin,
  isOriginAllowed,
  isSecureOrigin,
  originEnvironment,
  PORTAL_ORIGINS,
  SANDBOX_ORIGINS,
} from '../../../shared/origins.js';

const policy = { allowedOrigins: ['https://portaal.example.nl'], sandboxAllowed: false };

describe('origin policy', () => {
  it('allows the real portal origins and policy additions, nothing that merely looks like them', () => {
    expect(isOriginAllowed(PORTAL_ORIGINS.productie, policy)).toBe(true);
    expect(isOriginAllowed(PORTAL_ORIGINS.acceptatie, policy)).toBe(true);
    expect(isOriginAllowed('https://portaal.example.nl', policy)).toBe(true);
    for (const origin of [
      'https://acceptatie.zorg-id.nl.evil.example',
      'https://acceptatie.zorg-id.nl:444',
      'http://acceptatie.zorg-id.nl',
      'https://evil.example',
      'null',
      'https://productie.zorg-id.nl/portal',
    ]) {
      expect(isOriginAllowed(origin, policy), origin).toBe(false);
    }
  });

  it('allows the sandbox origins only when the sandbox is allowed', () => {
    expect(isOriginAllowed(SANDBOX_ORIGINS.acceptatie, policy)).toBe(false);
    expect(isOriginAllowed(SANDBOX_ORIGINS.acceptatie, { ...policy, sandboxAllowed: true })).toBe(true);
    expect(isOriginAllowed('http://localhost:4410', { ...policy, sandboxAllowed: true })).toBe(false);
  });

  it('knows secure contexts and environments', () => {
    expect(isSecureOrigin('http://127.0.0.1:4410')).toBe(true);
    expect(isSecureOrigin('http://192.168.1.2')).toBe(false);
    expect(originEnvironment(PORTAL_ORIGINS.acceptatie)).toBe('acceptatie');
    expect(originEnvironment(SANDBOX_ORIGINS.productie)).toBe('sandbox');
    expect(originEnvironment('https://example.org')).toBe('other');
  });

  it('runs the guide on the application form site without card access', () => {
    expect(isGuideOrigin('https://zorgid.formdesk.com')).toBe(true);
    expect(isGuideOrigin('https://formdesk.com.evil.example')).toBe(false);
    expect(isGuideOrigin('http://zorgid.formdesk.com')).toBe(false);
  });
});
